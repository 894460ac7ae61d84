"""The apps depend on each other one way, in the order docs/architecture.md draws.

The order is read from the document itself, so the picture and the code cannot drift apart:
an app's code (tests and migrations aside) imports only apps to its right.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
DOCUMENT = PACKAGE.parent / "docs" / "architecture.md"
#: Modules that assemble the site from every app, and helpers only tests use.
ASSEMBLERS = {"settings", "urls", "cli", "wsgi", "asgi", "testing"}


def documented_order() -> list[str]:
    line = next(line for line in DOCUMENT.read_text(encoding="utf-8").splitlines() if "──>" in line)
    return [name.strip() for name in line.split("──>")]


def apps_on_disk() -> set[str]:
    return {
        path.parent.name for path in PACKAGE.glob("*/apps.py") if path.parent.name not in ASSEMBLERS
    }


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    found = set()
    for name in names:
        match = re.match(r"scaleup\.(\w+)", name)
        if match:
            found.add(match.group(1))
    return found


def source_files(app: str) -> list[Path]:
    return [
        path
        for path in (PACKAGE / app).rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE / app).parts
        and "migrations" not in path.relative_to(PACKAGE / app).parts
    ]


def test_the_document_names_every_app_once() -> None:
    order = documented_order()
    assert len(order) == len(set(order))
    assert set(order) == apps_on_disk()


@pytest.mark.parametrize("app", sorted(apps_on_disk()))
def test_an_app_imports_only_apps_to_its_right(app: str) -> None:
    order = documented_order()
    allowed = set(order[order.index(app) :])
    wrong = {
        f"{path.relative_to(PACKAGE)} imports scaleup.{other}"
        for path in source_files(app)
        for other in imported_apps(path)
        if other in order and other not in allowed
    }
    assert not wrong, sorted(wrong)

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from scaleup.cli import main
from scaleup.core.models import AuditEntry
from scaleup.stakeholders.models import Organisation
from scaleup.stakeholders.tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Command output is asserted in its English source form."""
    with translation.override("en"):
        yield


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run(*args: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str]:
    stderr = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO(), stderr=stderr)
    return caught.value, stderr.getvalue()


@pytest.mark.django_db
def test_import_prints_the_count(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "orgs.csv", [["name", "kind"], ["Firma A", "sme"], ["Firma B", "ngo"]]
    )

    stdout, stderr = run("import_organisations", str(path))

    assert stdout.strip() == "Imported 2 organisations."
    assert stderr == ""
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_failed_import_lists_every_error_on_stderr_and_exits_with_1(tmp_path: Path) -> None:
    rows = [["name", "kind"], ["Firma A", "sme"], ["Firma B", "spaceship"], ["", "ngo"]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    error, stderr = run_failing("import_organisations", str(path))

    assert error.returncode == 1
    lines = stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("row 3, column kind: ")
    assert lines[1] == "row 4, column name: This field is required."
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_dry_run_saves_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "kind"], ["Firma A", "sme"]])

    stdout, _stderr = run("import_organisations", str(path), "--dry-run")

    assert "1 organisation would be imported" in stdout
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_dry_run_reports_errors(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "kind"], ["Firma A", "spaceship"]])

    _error, stderr = run_failing("import_organisations", str(path), "--dry-run")

    assert stderr.startswith("row 2, column kind: ")


def test_import_refuses_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "orgs.ods"
    path.write_bytes(b"")

    error, _stderr = run_failing("import_organisations", str(path))

    assert ".ods" in str(error)


def test_import_of_missing_file_fails_clearly(tmp_path: Path) -> None:
    error, _stderr = run_failing("import_organisations", str(tmp_path / "missing.csv"))

    assert "missing.csv" in str(error)


def test_console_script_exits_with_status_1_on_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import-organisations", str(tmp_path / "orgs.txt"), "--skip-checks"])

    assert caught.value.code == 1
    assert "Unsupported file type .txt" in capsys.readouterr().err


@pytest.mark.django_db
def test_export_writes_the_file_and_prints_the_count(tmp_path: Path) -> None:
    OrganisationFactory.create_batch(3)
    path = tmp_path / "orgs.xlsx"

    stdout, _stderr = run("export_organisations", str(path))

    assert stdout.strip() == f"Exported 3 organisations to {path}."
    assert path.stat().st_size > 0


def test_export_refuses_unsupported_extension(tmp_path: Path) -> None:
    error, _stderr = run_failing("export_organisations", str(tmp_path / "orgs.json"))

    assert ".json" in str(error)

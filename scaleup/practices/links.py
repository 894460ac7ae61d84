"""What a good practice inspired elsewhere, shown on its page.

The apps that link to practices (recommendations, action plans) sit above this one and
cannot be imported here, so each registers, in its `AppConfig.ready()`, a function that
lists the public records a practice inspired as (kind, title, URL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Inspired:
    kind: str
    title: str
    url: str


Lister = Callable[[Any], Iterable[Inspired]]
_LISTERS: list[Lister] = []


def register(lister: Lister) -> None:
    if lister not in _LISTERS:
        _LISTERS.append(lister)


def inspired_by(practice: Any) -> list[Inspired]:
    return [item for lister in _LISTERS for item in lister(practice)]

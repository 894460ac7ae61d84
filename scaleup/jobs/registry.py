"""Kinds of job: apps above `jobs` register what each kind computes, what it is called and
who may ask for it, in their `AppConfig.ready()` (as they register personal-data providers).

A kind's `run` writes its file into the binary stream it is given and reports progress;
it raises `JobError` with a message for the person when the job cannot be done at all (the
workshop was deleted), which is not retried. Any other exception is retried with a growing
delay, up to the kind's `max_attempts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django_stubs_ext import StrOrPromise

Params = dict[str, Any]


class JobError(Exception):
    """A job that cannot succeed, whatever the number of attempts; says why to the person."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Output:
    filename: str
    content_type: str


class Progress:
    """What a running job reports: items done so far, and the total once known."""

    def __init__(self, report: Callable[[int, int | None], None]) -> None:
        self._report = report

    def __call__(self, done: int, total: int | None = None) -> None:
        self._report(done, total)


@dataclass(frozen=True)
class JobKind:
    name: str
    #: The job's title for these parameters, in the active language (shown in lists).
    title: Callable[[Params], StrOrPromise]
    #: Writes the file and returns its name and type.
    run: Callable[[Params, Progress, IO[bytes]], Output]
    #: May this user ask for it, and later download its file? Checked at every step.
    permitted: Callable[[Any, Params], bool]
    max_attempts: int = 3


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _kinds[kind.name] = kind


def kind_named(name: str) -> JobKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No job kind {name!r} is registered.") from None


def kinds() -> list[JobKind]:
    return [_kinds[name] for name in sorted(_kinds)]

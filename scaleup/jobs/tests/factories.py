from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import factory

from scaleup.jobs import registry
from scaleup.jobs.models import Job
from scaleup.jobs.registry import JobKind, Output, Params, Progress
from scaleup.testing.users import make_user


class JobFactory(factory.django.DjangoModelFactory[Job]):
    class Meta:
        model = Job

    kind = "tests.script"
    title = factory.Sequence(lambda n: f"Export {n}")
    owner = factory.Sequence(lambda n: make_user(f"job.owner{n}@example.org"))


@dataclass
class ScriptedKind:
    """A job kind for tests: each attempt takes the next outcome of `script` (None writes
    the file; an exception is raised), and only the users in `allowed` may use it."""

    script: list[BaseException | None] = field(default_factory=list)
    allowed: set[int] = field(default_factory=set)
    attempts: int = 0
    content: bytes = b"line\n" * 3000
    max_attempts: int = 3
    #: Called when an attempt starts, and after each progress report.
    before: Callable[[], None] | None = None
    watch: Callable[[], None] | None = None

    def run(self, params: Params, progress: Progress, out: IO[bytes]) -> Output:
        self.attempts += 1
        if self.before is not None:
            self.before()
        outcome = self.script.pop(0) if self.script else None
        lines = self.content.splitlines(keepends=True)
        for number, line in enumerate(lines, start=1):
            if outcome is not None and number == len(lines) // 2:
                raise outcome
            out.write(line)
            progress(number, len(lines))
            if self.watch is not None:
                self.watch()
        return Output(filename="export.txt", content_type="text/plain")

    def permitted(self, user: Any, params: Params) -> bool:
        return user.pk in self.allowed


@contextmanager
def scripted_kind(name: str = "tests.script", **options: Any) -> Iterator[ScriptedKind]:
    kind = ScriptedKind(**options)
    registry.register(
        JobKind(
            name=name,
            title=lambda params: f"Test export {params.get('n', '')}".strip(),
            run=kind.run,
            permitted=kind.permitted,
            max_attempts=kind.max_attempts,
        )
    )
    try:
        yield kind
    finally:
        registry._kinds.pop(name, None)

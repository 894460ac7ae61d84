"""Debounced background computations: at most one run per record at a time, one queued
task per burst of requests, and no request lost.

A request sets the record's `pending` flag and queues a task only if the flag was not set
already, so a burst of requests (votes in a workshop, rows of an import) queues one task.
A task claims the record (`running`, clearing `pending`); requests that arrive while it
computes set `pending` again, and the running task computes once more before it releases
the record. A claim older than `stale_after` is taken to belong to a dead worker, and a
request whose task never started is queued again once it is that old.

A failed run is retried: the record stays pending and a task is queued again after a
delay that doubles with each failure in a row (`retry_delay`), up to `MAX_FAILURES`. After
that the record is released with its `last_error`, and the next request starts afresh.

The state lives in a model derived from `core.models.DebouncedRun`, one row per record.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Case, F, PositiveSmallIntegerField, Q, Value, When
from django.utils import timezone

from scaleup.core.models import DebouncedRun

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
STALE_AFTER = timedelta(minutes=5)
#: Failed runs in a row after which the record is released instead of retried.
MAX_FAILURES = 5
#: The delay before the first retry; it doubles with each further failure.
RETRY_DELAY = timedelta(seconds=5)


def retry_delay(failures: int) -> timedelta:
    return RETRY_DELAY * 2 ** max(0, failures - 1)


def later(task: Any, *args: Any) -> Callable[[timedelta], object]:
    """Queue `task(*args)` after a delay, on a queue that can wait (the database's);
    at once on one that cannot (the test suite's immediate backend)."""

    def enqueue(delay: timedelta) -> object:
        deferred = task
        if delay and task.get_backend().supports_defer:
            deferred = task.using(run_after=timezone.now() + delay)
        return deferred.enqueue(*args)

    return enqueue


def request(
    model: type[DebouncedRun],
    key: dict[str, Any],
    enqueue: Callable[[], object],
    *,
    stale_after: timedelta = STALE_AFTER,
) -> bool:
    """Mark the record as needing a run; queue a task (`enqueue`) if none is waiting.
    Call it after the change has committed. Returns whether a task was queued."""
    now = timezone.now()
    model._default_manager.get_or_create(**key)
    flipped = (
        model._default_manager.filter(**key)
        .filter(Q(pending=False) | Q(requested_at__lt=now - stale_after))
        # A record given up after failures starts afresh with the new change; a pending
        # retry whose task was lost (stale) keeps its count.
        .update(
            pending=True,
            requested_at=now,
            failures=Case(
                When(pending=False, then=Value(0)),
                default=F("failures"),
                output_field=PositiveSmallIntegerField(),
            ),
        )
    )
    if flipped:
        enqueue()
    return bool(flipped)


def _claim(model: type[DebouncedRun], key: dict[str, Any], stale_after: timedelta) -> bool:
    with transaction.atomic():
        model._default_manager.get_or_create(**key)
        state = model._default_manager.select_for_update().get(**key)
        now = timezone.now()
        if state.running and state.started_at is not None and state.started_at > now - stale_after:
            # The request that queued this task set `pending`: the running task sees it
            # when it finishes and computes again.
            return False
        state.running, state.started_at, state.pending = True, now, False
        state.save(update_fields=["running", "started_at", "pending"])
        return True


def _finish(
    model: type[DebouncedRun], key: dict[str, Any], *, error: str = "", retry: bool = False
) -> tuple[bool, timedelta | None]:
    """Release the claim, or keep it when requests arrived meanwhile. Returns whether to
    compute again now, and after a failure the delay before a retry (None: no retry)."""
    with transaction.atomic():
        state = model._default_manager.select_for_update().get(**key)
        now = timezone.now()
        state.runs += 1
        fields = ["running", "finished_at", "last_error", "runs", "pending", "failures"]
        if not error:
            state.failures, state.retry_at = 0, None
            if state.pending:
                state.pending, state.started_at = False, now
                state.save(update_fields=["pending", "started_at", "runs", "failures", "retry_at"])
                return True, None
            state.running, state.finished_at, state.last_error = False, now, ""
            state.save(update_fields=[*fields, "retry_at"])
            return False, None
        state.failures += 1
        state.running, state.finished_at, state.last_error = False, now, error
        delay = None
        if retry and state.failures < MAX_FAILURES:
            # Pending with a fresh request time: later requests do not queue another task,
            # and should the retry's task be lost, the stale rule queues one again.
            delay = retry_delay(state.failures)
            state.pending, state.requested_at, state.retry_at = True, now, now + delay
            fields += ["requested_at", "retry_at"]
        else:
            # Given up: requests that arrived during the run are not kept pending (their
            # tasks were turned away), so the next request starts afresh.
            state.pending, state.retry_at = False, None
            fields.append("retry_at")
        state.save(update_fields=fields)
        return False, delay


def run(
    model: type[DebouncedRun],
    key: dict[str, Any],
    compute: Callable[[], Result],
    *,
    stale_after: timedelta = STALE_AFTER,
    min_interval: float = 0.0,
    retry: Callable[[timedelta], object] | None = None,
) -> Result | None:
    """Run `compute` unless a run already holds the record (that one is asked to repeat).
    A failure is logged and kept in `last_error`; with `retry` (queues the task after the
    delay it is given, see `later`) it is tried again, up to `MAX_FAILURES` in a row.

    A repeat starts at least `min_interval` seconds after the previous run started: under
    a steady stream of requests (a room voting) the computation then runs every so often
    instead of back to back, leaving the cores to the requests themselves."""
    if not _claim(model, key, stale_after):
        return None
    result = None
    while True:
        started = time.monotonic()
        try:
            result = compute()
        except Exception as exc:
            logger.exception("Background computation for %s %s failed", model.__name__, key)
            _again, delay = _finish(
                model, key, error=f"{type(exc).__name__}: {exc}"[:2000], retry=retry is not None
            )
            if retry is not None and delay is not None:
                try:
                    retry(delay)
                except Exception:
                    # The request stays pending; the stale rule queues it again later.
                    logger.exception("The retry of %s %s was not queued", model.__name__, key)
            return None
        again, _delay = _finish(model, key)
        if not again:
            return result
        time.sleep(max(0.0, min_interval - (time.monotonic() - started)))

"""Debounced background computations: at most one run per record at a time, one queued
task per burst of requests, and no request lost.

A request sets the record's `pending` flag and queues a task only if the flag was not set
already, so a burst of requests (votes in a workshop, rows of an import) queues one task.
A task claims the record (`running`, clearing `pending`); requests that arrive while it
computes set `pending` again, and the running task computes once more before it releases
the record. A claim older than `stale_after` is taken to belong to a dead worker, and a
request whose task never started is queued again once it is that old.

The state lives in a model derived from `core.models.DebouncedRun`, one row per record.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from scaleup.core.models import DebouncedRun

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
STALE_AFTER = timedelta(minutes=5)


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
        .update(pending=True, requested_at=now)
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


def _finish(model: type[DebouncedRun], key: dict[str, Any], *, error: str = "") -> bool:
    """Release the claim, or keep it and return True when requests arrived meanwhile."""
    with transaction.atomic():
        state = model._default_manager.select_for_update().get(**key)
        now = timezone.now()
        state.runs += 1
        if state.pending and not error:
            state.pending, state.started_at = False, now
            state.save(update_fields=["pending", "started_at", "runs"])
            return True
        # After a failure, requests that arrived during the run are not kept pending: their
        # tasks were turned away, so a pending flag would block every later request.
        if error:
            state.pending = False
        state.running, state.finished_at, state.last_error = False, now, error
        state.save(update_fields=["running", "finished_at", "last_error", "runs", "pending"])
        return False


def run(
    model: type[DebouncedRun],
    key: dict[str, Any],
    compute: Callable[[], Result],
    *,
    stale_after: timedelta = STALE_AFTER,
    min_interval: float = 0.0,
) -> Result | None:
    """Run `compute` unless a run already holds the record (that one is asked to repeat).
    A failure is logged and kept in `last_error`; it releases the record.

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
            _finish(model, key, error=f"{type(exc).__name__}: {exc}"[:2000])
            return None
        if not _finish(model, key):
            return result
        time.sleep(max(0.0, min_interval - (time.monotonic() - started)))

"""Concurrent transactions for PostgreSQL tests: calls run at once in threads."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def in_parallel(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run the calls at the same moment, each in its own thread and database connection;
    returns what they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # reported by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors

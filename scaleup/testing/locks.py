"""Concurrent transactions for PostgreSQL tests: calls run at once in threads, and row
locks held by another connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, connections, models


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


@contextmanager
def key_share_locked(instance: models.Model) -> Iterator[None]:
    """Hold FOR KEY SHARE on the row in another connection, as a transaction inserting rows
    that refer to it does (a foreign key check), until the block ends."""
    held, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    quote = connection.ops.quote_name
    table, key = quote(instance._meta.db_table), quote(instance._meta.pk.column)

    def hold() -> None:
        try:
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("BEGIN")
                    cursor.execute(
                        # Quoted names of the model's own table and key, not input.
                        f"SELECT 1 FROM {table} WHERE {key} = %s FOR KEY SHARE",  # noqa: S608
                        [instance.pk],
                    )
                    held.set()
                    done.wait(30)
                    cursor.execute("ROLLBACK")
            finally:
                other.close()
        except BaseException as exc:  # reported by the caller
            errors.append(exc)
            held.set()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(30)
    try:
        if errors:
            raise errors[0]
        yield
    finally:
        done.set()
        thread.join()


@contextmanager
def lock_timeout(seconds: float) -> Iterator[None]:
    """In a transaction: a lock not granted within `seconds` fails instead of waiting."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")
    yield

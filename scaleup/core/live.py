"""Change notices across server processes: "topic T changed", for pages that update live.

A projector served by one worker process must learn within a second or two of votes
recorded by another. `publish(topic)` is called after a change commits; subscribers (an
event stream, `subscribe`) are woken in every process. Notices carry no data: a woken page
reads the current state from the database, so a notice merged with another, or repeated,
changes nothing. That lets notices be coalesced: each process sends at most one per topic
every `FLUSH_SECONDS`, however many votes arrive.

On PostgreSQL the notices travel by LISTEN/NOTIFY on the channel `scaleup_live` (one
listening connection per process, opened when the first page subscribes); elsewhere
(SQLite, one process) they stay within the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

CHANNEL = "scaleup_live"
#: How long a process gathers notices before sending them: votes within it make one.
FLUSH_SECONDS = 0.1
#: Seconds between reconnection attempts while the database is unreachable.
RECONNECT_SECONDS = 0.5
#: A publishing connection unused this long is closed (a quiet process holds none).
IDLE_SECONDS = 1.0


#: Django's own keys in DATABASES OPTIONS; the others are libpq's (sslmode, options, ...).
DJANGO_ONLY_OPTIONS = {
    "pool",
    "server_side_binding",
    "isolation_level",
    "assume_role",
    "cursor_factory",
    "context",
}


def conninfo(**extra: Any) -> str:
    """A libpq connection string for the configured PostgreSQL database, with its OPTIONS
    (sslmode, target_session_attrs, ...) so that these connections are made as Django's."""
    db = connections["default"].settings_dict
    options = {
        key: value
        for key, value in (db.get("OPTIONS") or {}).items()
        if key not in DJANGO_ONLY_OPTIONS
    }
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=str(db["PORT"]) if db.get("PORT") else None,
        **{**options, **extra},
    )


def uses_postgresql() -> bool:
    return connections["default"].vendor == "postgresql"


class Subscription:
    """A subscriber's mailbox: at most one waiting notice (more would say nothing new)."""

    def __init__(self, topic: str, loop: asyncio.AbstractEventLoop) -> None:
        self.topic = topic
        self.loop = loop
        self.queue: asyncio.Queue[None] = asyncio.Queue(maxsize=1)

    def wake(self) -> None:
        """Called in the subscriber's event loop."""
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)


class Hub:
    """The process's publisher and subscribers. Thread-safe: publishers are Django's sync
    threads and the vote API's event loop; subscribers live in event loops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirty: set[str] = set()
        self._flusher: threading.Thread | None = None
        self._wakeup = threading.Event()
        self._subscriptions: set[Subscription] = set()
        self._listeners: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
        self.sent = 0
        self.publishing_connection_open = False

    # --- Publishing -----------------------------------------------------------------------

    def publish(self, topic: str) -> None:
        """Say that `topic` changed (after the change has committed)."""
        if not getattr(settings, "LIVE_NOTICES", True):
            return
        with self._lock:
            self._dirty.add(topic)
            if self._flusher is None or not self._flusher.is_alive():
                self._flusher = threading.Thread(
                    target=self._flush_forever, name="live-notices", daemon=True
                )
                self._flusher.start()
        self._wakeup.set()

    def _take_dirty(self) -> set[str]:
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        return dirty

    def _flush_forever(self) -> None:
        connection: psycopg.Connection[Any] | None = None
        while True:
            if not self._wakeup.wait(timeout=IDLE_SECONDS):
                if connection is not None:
                    connection.close()
                    connection = None
                    self.publishing_connection_open = False
                continue
            time.sleep(FLUSH_SECONDS)  # gather the burst
            self._wakeup.clear()
            topics = self._take_dirty()
            if not topics:
                continue
            if not uses_postgresql():
                self.deliver(topics)
                continue
            try:
                if connection is None or connection.closed:
                    connection = psycopg.connect(conninfo(), autocommit=True)
                    self.publishing_connection_open = True
                with connection.pipeline():
                    for topic in sorted(topics):
                        connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, topic))
                self.sent += len(topics)
            except psycopg.Error as error:
                logger.warning("Live notices not sent (will retry): %s", error)
                with self._lock:
                    self._dirty |= topics
                if connection is not None:
                    connection.close()
                connection = None
                self.publishing_connection_open = False
                time.sleep(RECONNECT_SECONDS)
                self._wakeup.set()

    # --- Delivering -----------------------------------------------------------------------

    def deliver(self, topics: set[str] | None) -> None:
        """Wake this process's subscribers of `topics` (None: all of them)."""
        with self._lock:
            woken = [s for s in self._subscriptions if topics is None or s.topic in topics]
        for subscription in woken:
            with contextlib.suppress(RuntimeError):  # its loop has closed
                subscription.loop.call_soon_threadsafe(subscription.wake)

    async def _listen_forever(self) -> None:
        """One LISTEN connection per event loop; after a lost connection every subscriber
        is woken once, since notices sent meanwhile were missed."""
        reconnected = False
        while True:
            try:
                # TCP keepalives: a connection cut without a reset (a failover) is noticed
                # instead of waiting for notices for ever.
                listening = conninfo(keepalives=1, keepalives_idle=30, keepalives_interval=10)
                async with await psycopg.AsyncConnection.connect(
                    listening, autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    if reconnected:
                        self.deliver(None)
                    async for notice in connection.notifies():
                        self.deliver({notice.payload})
            except asyncio.CancelledError:
                raise
            except psycopg.Error as error:
                logger.warning("Live notices: listening connection lost: %s", error)
            reconnected = True
            await asyncio.sleep(RECONNECT_SECONDS)

    def _ensure_listener(self, loop: asyncio.AbstractEventLoop) -> None:
        task = self._listeners.get(loop)
        if task is None or task.done():
            self._listeners[loop] = loop.create_task(self._listen_forever())

    async def subscribe(self, topic: str, *, heartbeat: float = 15.0) -> AsyncIterator[bool]:
        """Yield True each time `topic` changes, and False every `heartbeat` seconds of
        quiet (so that a stream can send a keep-alive and notice a gone client)."""
        loop = asyncio.get_running_loop()
        subscription = Subscription(topic, loop)
        with self._lock:
            self._subscriptions.add(subscription)
        if uses_postgresql():
            self._ensure_listener(loop)
        try:
            while True:
                try:
                    await asyncio.wait_for(subscription.queue.get(), timeout=heartbeat)
                except TimeoutError:
                    yield False
                else:
                    yield True
        finally:
            with self._lock:
                self._subscriptions.discard(subscription)
                idle = not any(s.loop is loop for s in self._subscriptions)
            if idle and loop in self._listeners:
                self._listeners.pop(loop).cancel()

    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscriptions)


hub = Hub()


def publish(topic: str) -> None:
    hub.publish(topic)


def subscribe(topic: str, *, heartbeat: float = 15.0) -> AsyncIterator[bool]:
    return hub.subscribe(topic, heartbeat=heartbeat)

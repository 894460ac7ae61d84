"""Change notices: a publish in one thread (or, on PostgreSQL, one process) wakes the
subscribers of its topic, a burst of publishes wakes them once or twice, not per vote."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from scaleup.core import live

# The database (PostgreSQL's LISTEN/NOTIFY) carries the notices; no rows are written.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def notices_on(settings: Any) -> Any:
    settings.LIVE_NOTICES = True
    yield
    # The publishing connection closes when idle: leave none to the test database.
    deadline = time.monotonic() + 5
    while live.hub.publishing_connection_open and time.monotonic() < deadline:
        time.sleep(0.05)


async def _wakes(topic: str, publish: list[str], *, within: float = 3.0, count: int = 1) -> int:
    """Subscribe to `topic`, publish `publish` from another thread, count the wake-ups."""
    woken = 0
    subscription: Any = live.subscribe(topic, heartbeat=within)
    first = asyncio.ensure_future(subscription.__anext__())
    await asyncio.sleep(0.3)  # the listener is up

    def publish_all() -> None:
        for topic_changed in publish:
            live.publish(topic_changed)

    threading.Thread(target=publish_all).start()
    deadline = time.monotonic() + within
    pending: Any = first
    while time.monotonic() < deadline:
        try:
            changed = await asyncio.wait_for(
                pending, timeout=max(deadline - time.monotonic(), 0.01)
            )
        except TimeoutError:
            break
        if changed:
            woken += 1
        if woken >= count:
            break
        pending = asyncio.ensure_future(subscription.__anext__())
    await subscription.aclose()
    return woken


def test_a_publish_wakes_the_topics_subscriber() -> None:
    assert asyncio.run(_wakes("conversation:1", ["conversation:1"])) == 1


def test_another_topic_wakes_no_one() -> None:
    assert asyncio.run(_wakes("conversation:1", ["conversation:2"], within=1.0)) == 0


def test_a_burst_of_publishes_is_one_or_two_notices() -> None:
    sent_before = live.hub.sent
    woken = asyncio.run(_wakes("conversation:3", ["conversation:3"] * 500, within=1.5, count=50))
    assert 1 <= woken <= 2
    if live.uses_postgresql():
        assert live.hub.sent - sent_before <= 2


def test_with_notices_off_nothing_is_sent(settings: Any) -> None:
    settings.LIVE_NOTICES = False
    assert asyncio.run(_wakes("conversation:4", ["conversation:4"], within=1.0)) == 0


def test_quiet_subscribers_get_heartbeats() -> None:
    async def first() -> bool:
        subscription: Any = live.subscribe("conversation:5", heartbeat=0.2)
        value = await subscription.__anext__()
        await subscription.aclose()
        return value

    assert asyncio.run(first()) is False

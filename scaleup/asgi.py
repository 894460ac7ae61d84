"""ASGI entry point for `scaleup serve` (uvicorn; with `--prod`, gunicorn's workers).

Django serves every page. On PostgreSQL the phones' vote API (`/live/v1/`) is answered
first by `dialogue.live_api`, outside Django's request cycle: the one path a whole room
hits several times a second. Lifespan events close that API's connection pool when a
worker stops. Django's handler is `core.uploads`'s: a body the disk has no room to spool
is a 507 page, not a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from scaleup.core.uploads import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scaleup.settings")
django_application = get_asgi_application()

# Django's sync views run in threads beside the event loop that answers the vote API; a
# page that renders for 60 ms would hold the GIL for up to 5 ms slices (the default) at a
# time while hundreds of votes wait. Shorter slices let the loop in between.
sys.setswitchinterval(float(os.environ.get("SCALEUP_GIL_SWITCH_INTERVAL", "0.0005")))

from django.conf import settings  # noqa: E402 - after Django is set up
from django.db import connections  # noqa: E402

from scaleup.dialogue import live_api  # noqa: E402

#: Read once: asking `connections` on every request builds a connection object in each
#: request's context, which cost a tenth of a worker's time under a room's votes.
ON_POSTGRESQL = connections["default"].vendor == "postgresql"


def live_api_mounted() -> bool:
    return bool(settings.LIVE_API_FAST) and ON_POSTGRESQL


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await live_api.writers.drain()
            await live_api.pools.close()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    if scope["type"] == "http" and live_api.is_live_path(scope["path"]) and live_api_mounted():
        await live_api.application(scope, receive, send)
        return
    await django_application(scope, receive, send)

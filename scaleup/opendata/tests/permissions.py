"""Open data: public pages and files, the same for everyone."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import Row, everyone
from scaleup.dialogue.tests.factories import ConversationFactory
from scaleup.testing.world import World


def _closed_workshop(world: World) -> dict[str, Any]:
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting, is_open=False
    )
    return {"slug": conversation.slug, "file": "votes"}


ROWS = [
    Row("opendata:index", get=everyone(200)),
    Row("opendata:download", get=everyone(200), kwargs=lambda world: {"slug": "meetings"}),
    Row("opendata:workshop_file", get=everyone(200), kwargs=_closed_workshop),
]

"""Matrix rows for the public join form (merged into permissions.ROWS)."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Row, everyone
from scaleup.testing.world import World


def _application(world: World) -> dict[str, Any]:
    return {
        "group": world.lubelskie.group.pk,
        "organisation_name": "Nowy Klaster Spożywczy",
        "organisation_kind": "cluster",
        "contact_first_name": "Ewa",
        "contact_last_name": "Zielińska",
        "contact_email": "ewa.zielinska@example.org",
        "consent": "on",
    }


JOIN_ROWS = [
    Row("stakeholders:join", get=everyone(200), post=everyone(REDIRECT), data=_application),
    Row("stakeholders:thanks", get=everyone(200)),
]

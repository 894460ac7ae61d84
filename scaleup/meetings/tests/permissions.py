"""Public meeting pages: open to all; drafts are shown to nobody here (the workspace
previews them); a registration is reached by its secret token."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Row, everyone
from scaleup.testing.world import World


def _registration(world: World) -> dict[str, Any]:
    return {
        "full_name": "Ewa Zielińska",
        "email": "ewa.zielinska@example.org",
        "organisation_name": "Lubelski Klaster Test",
        "organisation_kind": "cluster",
        "consent": "on",
    }


ROWS = [
    Row("meetings:list", get=everyone(200)),
    Row("meetings:ical", get=everyone(200)),
    Row(
        "meetings:detail",
        get=everyone(200),
        post=everyone(REDIRECT),
        kwargs=lambda w: {"slug": w.lubelskie.meeting.slug},
        data=_registration,
        variant="published",
    ),
    Row(
        "meetings:detail",
        get=everyone(404),
        post=everyone(404),
        kwargs=lambda w: {"slug": w.lubelskie.draft_meeting.slug},
        data=_registration,
        variant="draft",
    ),
    Row(
        "meetings:registration",
        get=everyone(200),
        post=everyone(REDIRECT),
        kwargs=lambda w: {"token": w.lubelskie.registration.token},
        notes="the token in the confirmation mail is the key; POST cancels",
    ),
]

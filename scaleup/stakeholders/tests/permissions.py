"""Permission-matrix rows for the stakeholders app's URLs."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Row, everyone
from scaleup.stakeholders import invitations
from scaleup.stakeholders.models import Invitation
from scaleup.stakeholders.tests.permissions_public import JOIN_ROWS
from scaleup.testing.world import World

INVITEE = "invitee.lubelskie@example.org"


def open_invitation(world: World) -> Invitation:
    """An open invitation to the Lubelskie group (made once per world)."""
    region = world.lubelskie
    found = Invitation.objects.filter(group=region.group, email=INVITEE).first()
    return found or invitations.invite_person(
        group=region.group,
        email=INVITEE,
        first_name="Ewa",
        last_name="Zielińska",
        organisation=region.organisation,
        language="pl",
        actor=region.facilitator,
    )


def _token(world: World) -> dict[str, Any]:
    return {"token": open_invitation(world).token}


INVITATION_ROWS = [
    Row(
        "stakeholders:invitation",
        get=everyone(200),
        post={**everyone(403), "anonymous": REDIRECT},
        kwargs=_token,
        data=lambda w: {"first_name": "Ewa", "last_name": "Zielińska"},
        notes="the token creates a new account and signs its holder in; someone signed in "
        "as another account must sign out first (each attempt is rolled back)",
    ),
    Row(
        "stakeholders:invitation_code",
        get=everyone(200),
        post=everyone(200),
        data=lambda w: {"code": "AAAA-AAAA"},
        notes="a wrong code comes back as a form error",
    ),
    Row(
        "stakeholders:group",
        get=everyone(200),
        kwargs=lambda w: {"slug": w.lubelskie.group.slug},
    ),
]

ROWS = [*JOIN_ROWS, *INVITATION_ROWS]

"""Withdrawing an invitation locks the invitation alone, not its group or organisation.

Needs PostgreSQL: SQLite has no row locks.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from scaleup.stakeholders import invitations
from scaleup.testing.locks import key_share_locked, lock_timeout
from scaleup.testing.world import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_withdrawing_an_invitation_does_not_lock_its_group(world: World) -> None:
    region = world.lubelskie
    invitation = invitations.invite_person(
        group=region.group,
        email="ewa@example.org",
        first_name="Ewa",
        last_name="Zielińska",
        organisation_name="Lubelski Klaster Ekoenergetyczny",
        organisation_kind="cluster",
        language="pl",
        actor=region.facilitator,
    )

    with key_share_locked(region.group), transaction.atomic(), lock_timeout(2):
        invitations.revoke_invitation(invitation=invitation, actor=region.facilitator)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

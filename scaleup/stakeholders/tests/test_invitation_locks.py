"""Withdrawing an invitation locks the invitation alone, not its group or organisation;
two colleagues accepting at once make one membership of their organisation.

Needs PostgreSQL: SQLite has no row locks.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from scaleup.stakeholders import invitations
from scaleup.stakeholders.models import Invitation, Membership, Organisation
from scaleup.testing.locks import in_parallel, key_share_locked, lock_timeout
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


def _invite(world: World, organisation: Organisation, email: str) -> Invitation:
    return invitations.invite_person(
        group=world.lubelskie.group,
        email=email,
        first_name="Ewa",
        last_name="Kowalska",
        organisation=organisation,
        language="pl",
        actor=world.lubelskie.facilitator,
    )


def _accept_at_once(sent: list[tuple[Invitation, str]]) -> list[BaseException]:
    def accepting(invitation: Invitation, name: str) -> Callable[[], object]:
        return lambda: invitations.accept_invitation(
            invitation=invitation,
            first_name=name,
            last_name="Kowalska",
            list_publicly=False,
            request_language="pl",
        )

    return in_parallel([accepting(invitation, name) for invitation, name in sent])


def test_two_colleagues_accepting_at_once_make_one_membership(world: World) -> None:
    organisation = Organisation.objects.create(name="Klaster Nowy", kind="cluster")
    errors = _accept_at_once(
        [
            (_invite(world, organisation, "ewa.klaster@example.org"), "Ewa"),
            (_invite(world, organisation, "ola.klaster@example.org"), "Ola"),
        ]
    )

    assert errors == []
    membership = Membership.objects.get(group=world.lubelskie.group, organisation=organisation)
    assert membership.contacts.count() == 2


def test_two_people_of_the_same_name_accepting_at_once_both_get_an_account(
    world: World,
) -> None:
    errors = _accept_at_once(
        [
            (_invite(world, Organisation.objects.create(name=name, kind="sme"), email), "Ewa")
            for name, email in (("Firma A", "ewa@a.example.org"), ("Firma B", "ewa@b.example.org"))
        ]
    )

    assert errors == []
    assert get_user_model().objects.filter(first_name="Ewa", last_name="Kowalska").count() == 2

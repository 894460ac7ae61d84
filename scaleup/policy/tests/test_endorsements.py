"""Members endorse a recommendation under discussion for their organisation, before the
deadline, once; they may withdraw while it is open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scaleup.policy import services
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Endorsement, Recommendation
from scaleup.policy.tests.factories import in_state
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _discussed(world: World, **fields: object) -> Recommendation:
    return in_state(State.DISCUSSED, group=world.lubelskie.group, **fields)


def test_a_member_endorses_for_their_organisation(world: World) -> None:
    recommendation = _discussed(world)
    endorsement = services.endorse(
        recommendation=recommendation,
        membership=world.lubelskie.membership,
        actor=world.lubelskie.member,
    )
    assert endorsement.endorsed_by == world.lubelskie.member
    assert services.endorsable_memberships(recommendation, world.lubelskie.member) == [
        world.lubelskie.membership
    ]


def test_an_organisation_endorses_once(world: World) -> None:
    recommendation = _discussed(world)
    arguments = {
        "recommendation": recommendation,
        "membership": world.lubelskie.membership,
        "actor": world.lubelskie.member,
    }
    services.endorse(**arguments)
    with pytest.raises(ValidationError, match="already endorsed"):
        services.endorse(**arguments)
    assert Endorsement.objects.count() == 1


@pytest.mark.parametrize("state", [State.DRAFT, State.ENDORSED, State.SUBMITTED])
def test_endorsements_are_taken_only_under_discussion(world: World, state: str) -> None:
    recommendation = in_state(state, group=world.lubelskie.group)
    with pytest.raises(ValidationError, match="under discussion"):
        services.endorse(
            recommendation=recommendation,
            membership=world.lubelskie.membership,
            actor=world.lubelskie.member,
        )


def test_no_endorsement_after_the_deadline(world: World) -> None:
    recommendation = _discussed(
        world, endorsement_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="deadline"):
        services.endorse(
            recommendation=recommendation,
            membership=world.lubelskie.membership,
            actor=world.lubelskie.member,
        )
    assert not Endorsement.objects.exists()


def test_only_a_contact_person_endorses_for_the_organisation(world: World) -> None:
    recommendation = _discussed(world)
    for someone in (world.lubelskie.facilitator, world.attica.member, world.outsider):
        with pytest.raises(PermissionDenied):
            services.endorse(
                recommendation=recommendation,
                membership=world.lubelskie.membership,
                actor=someone,
            )
    assert not Endorsement.objects.exists()


def test_an_organisation_that_left_the_group_no_longer_endorses(world: World) -> None:
    recommendation = _discussed(world)
    membership = world.lubelskie.membership
    membership.left_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    with pytest.raises(PermissionDenied):
        services.endorse(
            recommendation=recommendation,
            membership=membership,
            actor=world.lubelskie.member,
        )


def test_a_member_withdraws_an_endorsement(world: World) -> None:
    recommendation = _discussed(world)
    arguments = {
        "recommendation": recommendation,
        "membership": world.lubelskie.membership,
        "actor": world.lubelskie.member,
    }
    services.endorse(**arguments)
    services.withdraw_endorsement(**arguments)
    assert not Endorsement.objects.exists()
    with pytest.raises(ValidationError, match="has not endorsed"):
        services.withdraw_endorsement(**arguments)


def test_an_organisation_that_has_not_joined_yet_does_not_endorse(world: World) -> None:
    recommendation = _discussed(world)
    membership = world.lubelskie.membership
    membership.joined_on = timezone.localdate() + dt.timedelta(days=3)
    membership.save()
    with pytest.raises(PermissionDenied):
        services.endorse(
            recommendation=recommendation, membership=membership, actor=world.lubelskie.member
        )

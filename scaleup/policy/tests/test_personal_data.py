"""'Download my data' lists a person's endorsements and recorded steps; 'erase me' keeps
the group's record (the endorsement, the step) without the person."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from scaleup.policy import services
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Endorsement, Transition
from scaleup.policy.tests.factories import RecommendationFactory, in_state
from scaleup.privacy import services as privacy_services
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _sections(user: object) -> dict[str, list[dict[str, object]]]:
    archive = zipfile.ZipFile(
        io.BytesIO(privacy_services.export_personal_data(user=user, actor=user))
    )
    return json.loads(archive.read("data.json"))["sections"]


def test_a_members_endorsement_is_exported_then_kept_without_them(world: World) -> None:
    recommendation = in_state(State.DISCUSSED, group=world.lubelskie.group, title_pl="Targi")
    member = world.lubelskie.member
    services.endorse(
        recommendation=recommendation, membership=world.lubelskie.membership, actor=member
    )
    rows = _sections(member)["recommendation_endorsements"]
    assert rows[0]["recommendation"] == "Targi"
    assert rows[0]["organisation"] == world.lubelskie.organisation.name
    privacy_services.erase_personal_data(user=member, actor=member)
    endorsement = Endorsement.objects.get()
    assert endorsement.endorsed_by is None
    assert endorsement.membership == world.lubelskie.membership


def test_a_facilitators_steps_stay_in_the_history_without_their_name(world: World) -> None:
    facilitator = world.lubelskie.facilitator
    recommendation = RecommendationFactory.create(group=world.lubelskie.group)
    services.move_recommendation(
        recommendation=recommendation, to_state=State.DISCUSSED, actor=facilitator
    )
    assert _sections(facilitator)["recommendation_steps"][0]["to_state"] == State.DISCUSSED
    privacy_services.erase_personal_data(user=facilitator, actor=facilitator)
    step = Transition.objects.get(recommendation=recommendation, to_state=State.DISCUSSED)
    assert (step.actor, step.actor_name) == (None, "")

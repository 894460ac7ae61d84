"""The lifecycle: one step at a time, only by the region's staff, every step in the history
with who, when and why; refused moves change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from scaleup.core.models import AuditEntry
from scaleup.policy import services
from scaleup.policy.lifecycle import MOVES, State, may_move
from scaleup.policy.models import Endorsement, Recommendation, Transition
from scaleup.policy.tests.factories import EndorsementFactory, in_state, measure_of
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

ALLOWED = [(source, target) for source, targets in MOVES.items() for target in targets]
FORBIDDEN = [
    (source, target)
    for source in State.values
    for target in State.values
    if source != target and not may_move(source, target)
]
#: The comment each move needs (decisions and returns say why).
COMMENT = "Decyzja instytucji zarządzającej z 24.11.2022."


def _move(recommendation: Recommendation, to_state: str, actor: Any, **extra: Any) -> Any:
    return services.move_recommendation(
        recommendation=recommendation, to_state=to_state, actor=actor, **extra
    )


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_each_permitted_step_is_made_and_recorded(world: World, source: str, target: str) -> None:
    recommendation = in_state(source, group=world.lubelskie.group)
    actor = world.lubelskie.facilitator
    moved = _move(recommendation, target, actor, comment=COMMENT)
    assert moved.state == target
    last = Transition.objects.filter(recommendation=recommendation).latest("id")
    assert (last.from_state, last.to_state, last.actor, last.comment) == (
        source,
        target,
        actor,
        COMMENT,
    )
    assert last.actor_name == "Facilitator Lubelskie"
    entry = AuditEntry.objects.get(action="policy.recommendation.moved")
    assert entry.data["from_state"] == source and entry.data["to_state"] == target


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_a_step_out_of_order_is_refused_and_changes_nothing(
    world: World, source: str, target: str
) -> None:
    recommendation = in_state(source, group=world.lubelskie.group)
    history = Transition.objects.filter(recommendation=recommendation).count()
    with pytest.raises(ValidationError) as refused:
        _move(recommendation, target, world.lubelskie.facilitator, comment=COMMENT)
    assert "cannot become" in " ".join(refused.value.messages)
    recommendation.refresh_from_db()
    assert recommendation.state == source
    assert Transition.objects.filter(recommendation=recommendation).count() == history
    assert not AuditEntry.objects.filter(action="policy.recommendation.moved").exists()


def test_the_whole_way_is_in_the_history_in_order(world: World) -> None:
    recommendation = services.draft_recommendation(
        group=world.lubelskie.group,
        actor=world.lubelskie.facilitator,
        title_pl="Wspólne stoiska",
        text_pl="Finansować wspólne stoiska klastrów.",
        instrument=world.lubelskie.group.policy_instrument,
        measure=measure_of(world.lubelskie.group.policy_instrument),
    )
    way = [State.DISCUSSED, State.ENDORSED, State.SUBMITTED, State.ACCEPTED, State.IMPLEMENTED]
    for step in way:
        recommendation = _move(
            recommendation, step, world.lubelskie.facilitator, comment=f"krok {step}"
        )
    history = list(
        Transition.objects.filter(recommendation=recommendation).order_by("created_at", "id")
    )
    assert [(t.from_state, t.to_state) for t in history] == list(
        zip(["", State.DRAFT, *way[:-1]], [State.DRAFT, *way], strict=True)
    )
    assert {t.actor for t in history} == {world.lubelskie.facilitator}
    assert [t.comment for t in history[1:]] == [f"krok {step}" for step in way]


@pytest.mark.parametrize("role", ["member", "other_facilitator", "outsider"])
def test_only_the_regions_staff_move_a_recommendation(world: World, role: str) -> None:
    recommendation = in_state(State.DRAFT, group=world.lubelskie.group)
    with pytest.raises(PermissionDenied):
        _move(recommendation, State.DISCUSSED, world.user(role))
    recommendation.refresh_from_db()
    assert recommendation.state == State.DRAFT


def test_submitting_needs_a_target_measure(world: World) -> None:
    recommendation = in_state(State.ENDORSED, group=world.lubelskie.group)
    Recommendation.objects.filter(pk=recommendation.pk).update(measure=None)
    with pytest.raises(ValidationError) as refused:
        _move(recommendation, State.SUBMITTED, world.lubelskie.facilitator)
    assert "measure" in refused.value.message_dict
    recommendation.refresh_from_db()
    assert recommendation.state == State.ENDORSED


def test_the_database_refuses_a_submitted_recommendation_without_a_measure(
    world: World,
) -> None:
    recommendation = in_state(State.SUBMITTED, group=world.lubelskie.group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(measure=None)


@pytest.mark.parametrize("target", [State.ACCEPTED, State.PARTLY_ACCEPTED, State.REJECTED])
def test_a_decision_needs_a_comment(world: World, target: str) -> None:
    recommendation = in_state(State.SUBMITTED, group=world.lubelskie.group)
    with pytest.raises(ValidationError) as refused:
        _move(recommendation, target, world.lubelskie.facilitator, comment="  ")
    assert "comment" in refused.value.message_dict


def test_returning_to_draft_withdraws_the_endorsements(world: World) -> None:
    recommendation = in_state(State.DISCUSSED, group=world.lubelskie.group)
    EndorsementFactory.create(recommendation=recommendation)
    _move(recommendation, State.DRAFT, world.lubelskie.facilitator, comment="Do poprawy.")
    assert not Endorsement.objects.filter(recommendation=recommendation).exists()
    entry = AuditEntry.objects.get(action="policy.recommendation.moved")
    assert entry.data["endorsements_withdrawn"] == 1


def test_an_endorsement_deadline_in_the_past_is_refused(world: World) -> None:
    recommendation = in_state(State.DRAFT, group=world.lubelskie.group)
    with pytest.raises(ValidationError) as refused:
        _move(
            recommendation,
            State.DISCUSSED,
            world.lubelskie.facilitator,
            endorsement_deadline=timezone.now() - dt.timedelta(hours=1),
        )
    assert "endorsement_deadline" in refused.value.message_dict


def test_an_oversize_comment_is_refused(world: World) -> None:
    recommendation = in_state(State.SUBMITTED, group=world.lubelskie.group)
    with pytest.raises(ValidationError) as refused:
        _move(recommendation, State.REJECTED, world.lubelskie.facilitator, comment="x" * 2001)
    assert "comment" in refused.value.message_dict
    recommendation.refresh_from_db()
    assert recommendation.state == State.SUBMITTED

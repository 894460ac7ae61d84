"""Drafting a recommendation from workshop statements, and editing it: bad input is a
message by field and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scaleup.core.models import AuditEntry
from scaleup.dialogue.models import Statement
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.policy import services
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation, Transition
from scaleup.policy.tests.factories import in_state, measure_of
from scaleup.projects.models import PolicyInstrument
from scaleup.projects.tests.factories import PolicyInstrumentFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _statement(world: World, **fields: Any) -> Statement:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    return StatementFactory.create(conversation=conversation, **fields)


def _draft(world: World, **fields: Any) -> Recommendation:
    values: dict[str, Any] = {
        "group": world.lubelskie.group,
        "actor": world.lubelskie.facilitator,
        "title_pl": "Jedno okienko informacji o eksporcie",
        "text_pl": "Zebrać informacje o wsparciu eksportu w jednym miejscu.",
        "instrument": world.lubelskie.group.policy_instrument,
    }
    return services.draft_recommendation(**(values | fields))


def test_a_draft_keeps_its_statements_in_order_and_its_history(world: World) -> None:
    first, second = _statement(world), _statement(world, kind=Statement.Kind.GAP)
    recommendation = _draft(world, statements=[second, first])
    assert list(
        recommendation.supports.order_by("position").values_list("statement", flat=True)
    ) == [second.pk, first.pk]
    assert recommendation.state == State.DRAFT
    drafted = Transition.objects.get(recommendation=recommendation)
    assert (drafted.from_state, drafted.to_state) == ("", State.DRAFT)
    entry = AuditEntry.objects.get(action="policy.recommendation.drafted")
    assert entry.data["statements"] == [second.pk, first.pk]


def test_the_successor_of_the_groups_instrument_may_be_the_target(world: World) -> None:
    successor = PolicyInstrumentFactory.create(
        predecessor=world.lubelskie.group.policy_instrument, period_start=2021, period_end=2027
    )
    assert services.instruments_of(world.lubelskie.group)[-1] == successor
    assert _draft(world, instrument=successor).instrument == successor


def test_another_instrument_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(world, instrument=PolicyInstrumentFactory.create())
    assert "instrument" in refused.value.message_dict
    assert not Recommendation.objects.exists()


def test_a_measure_of_another_instrument_is_refused(world: World) -> None:
    elsewhere = measure_of(PolicyInstrumentFactory.create())
    with pytest.raises(ValidationError) as refused:
        _draft(world, measure=elsewhere)
    assert "measure" in refused.value.message_dict
    assert not Recommendation.objects.exists()


def test_a_statement_of_another_groups_workshop_is_refused(world: World) -> None:
    foreign = StatementFactory.create(
        conversation=ConversationFactory.create(group=world.attica.group)
    )
    with pytest.raises(ValidationError) as refused:
        _draft(world, statements=[foreign])
    assert "another group" in " ".join(refused.value.message_dict["statements"])
    assert not Recommendation.objects.exists()


def test_a_rejected_statement_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(world, statements=[_statement(world, state=Statement.State.REJECTED)])
    assert "rejected" in " ".join(refused.value.message_dict["statements"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("title_pl", "x" * 301), ("text_pl", "x" * 5001), ("rationale_en", "x" * 5001)],
)
def test_oversize_fields_are_refused_by_field(world: World, field: str, value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(world, **{field: value})
    assert field in refused.value.message_dict
    assert not Recommendation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_empty_text_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(world, text_pl="")
    assert "text_pl" in refused.value.message_dict


def test_a_draft_is_reworded_with_its_changes_audited(world: World) -> None:
    recommendation = _draft(world)
    services.update_recommendation(
        recommendation=recommendation, actor=world.lubelskie.facilitator, title_pl="Nowy tytuł"
    )
    recommendation.refresh_from_db()
    assert recommendation.title_pl == "Nowy tytuł"
    entry = AuditEntry.objects.get(action="policy.recommendation.updated")
    assert entry.data["changes"]["title_pl"] == [
        "Jedno okienko informacji o eksporcie",
        "Nowy tytuł",
    ]


@pytest.mark.parametrize("state", [State.DISCUSSED, State.ENDORSED])
def test_after_the_draft_the_text_stays_but_the_measure_may_change(
    world: World, state: str
) -> None:
    recommendation = in_state(state, group=world.lubelskie.group)
    with pytest.raises(ValidationError):
        services.update_recommendation(
            recommendation=recommendation, actor=world.lubelskie.facilitator, text_pl="Inaczej"
        )
    other = measure_of(recommendation.instrument)
    services.update_recommendation(
        recommendation=recommendation, actor=world.lubelskie.facilitator, measure=other
    )
    recommendation.refresh_from_db()
    assert recommendation.measure == other
    assert recommendation.text_pl != "Inaczej"


def test_a_submitted_recommendation_keeps_its_measure(world: World) -> None:
    recommendation = in_state(State.SUBMITTED, group=world.lubelskie.group)
    with pytest.raises(ValidationError):
        services.update_recommendation(
            recommendation=recommendation,
            actor=world.lubelskie.facilitator,
            measure=measure_of(recommendation.instrument),
        )


def test_only_staff_draft(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _draft(world, actor=world.lubelskie.member)
    assert not Recommendation.objects.exists()


def test_instruments_of_follows_successors_once_even_in_a_loop(world: World) -> None:
    group = world.lubelskie.group
    first = group.policy_instrument
    successor = PolicyInstrumentFactory.create(predecessor=first)
    PolicyInstrument.objects.filter(pk=first.pk).update(predecessor=successor)  # bad data
    assert services.instruments_of(group) == [first, successor]


def test_another_regions_unpublished_practice_cannot_inspire(world: World) -> None:
    from scaleup.practices.tests.factories import GoodPracticeFactory

    draft = GoodPracticeFactory.create(partner=world.attica.partner, is_published=False)
    with pytest.raises(ValidationError) as refused:
        _draft(world, inspired_by=[draft])
    assert "inspired_by" in refused.value.message_dict
    assert not Recommendation.objects.exists()

"""Live vote figures of statements, and the accountability page's grouping by measure."""

from __future__ import annotations

import pytest

from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import Participant, Statement, Vote
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.policy import selectors
from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import in_state, measure_of
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _voted_conversation(world: World) -> tuple[list[Statement], list[Participant]]:
    """Two sides of five people each: the first statement splits them, the second unites."""
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    statements = [StatementFactory.create(conversation=conversation) for _ in range(4)]
    people = [Participant.objects.create(conversation=conversation) for _ in range(10)]
    for index, person in enumerate(people):
        side = 1 if index < 5 else -1
        values = [side, 1, side, -side]
        for statement, value in zip(statements, values, strict=True):
            Vote.objects.create(participant=person, statement=statement, value=value)
    dialogue_services.recompute(conversation=conversation)
    return statements, people


def test_overall_figures_count_the_current_votes(world: World) -> None:
    statements, people = _voted_conversation(world)
    Vote.objects.filter(participant=people[0], statement=statements[1]).update(value=0)
    figures = selectors.statement_figures(statements[:2])
    split, united = figures[statements[0].pk], figures[statements[1].pk]
    assert (split.overall.agree, split.overall.disagree, split.overall.passed) == (5, 5, 0)
    assert (united.overall.agree, united.overall.passed, united.overall.seen) == (9, 1, 10)
    assert united.overall.agree_share == 90


def test_figures_by_opinion_group_follow_the_latest_map(world: World) -> None:
    statements, _ = _voted_conversation(world)
    figures = selectors.statement_figures(statements[:2])
    split, united = figures[statements[0].pk], figures[statements[1].pk]
    assert [group.label for group in split.groups] == ["A", "B"]
    assert sorted((group.agree, group.disagree) for group in split.groups) == [(0, 5), (5, 0)]
    assert [(group.agree, group.seen) for group in united.groups] == [(5, 5), (5, 5)]
    assert united.consensus is not None and split.consensus is not None
    assert united.consensus > 0.7 > split.consensus
    assert united.mapped_at is not None


def test_a_statement_without_a_map_has_only_overall_figures(world: World) -> None:
    statement = StatementFactory.create(
        conversation=ConversationFactory.create(group=world.lubelskie.group)
    )
    figures = selectors.statement_figures([statement])[statement.pk]
    assert figures.groups == [] and figures.consensus is None and figures.overall.seen == 0


def test_figures_take_two_queries_for_any_number_of_statements(
    world: World, django_assert_num_queries: object
) -> None:
    statements, _ = _voted_conversation(world)
    with django_assert_num_queries(2):  # type: ignore[operator]
        selectors.statement_figures(statements)


def test_the_accountability_page_groups_public_recommendations_by_measure(
    world: World,
) -> None:
    instrument = world.lubelskie.group.policy_instrument
    measure = measure_of(instrument)
    accepted = in_state(State.ACCEPTED, group=world.lubelskie.group, measure=measure)
    endorsed = in_state(State.ENDORSED, group=world.lubelskie.group)
    endorsed.measure = None
    endorsed.save()
    in_state(State.DISCUSSED, group=world.lubelskie.group, measure=measure)  # not public
    page = selectors.accountability(instrument.pk)
    by_code = {item.measure.code: item for item in page.measures}
    assert [item.pk for item in by_code[measure.code].recommendations] == [accepted.pk]
    assert by_code[measure.code].taken_up == 1 and by_code[measure.code].decided == 1
    assert [item.pk for item in page.without_measure] == [endorsed.pk]
    assert dict(page.by_state)["accepted"] == 1
    assert [item.depth for item in page.measures if item.measure == measure] == [1]

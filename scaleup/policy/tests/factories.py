from __future__ import annotations

from typing import Any

import factory

from scaleup.policy.lifecycle import State
from scaleup.policy.models import Endorsement, Recommendation, Transition
from scaleup.projects.models import Measure
from scaleup.projects.tests.factories import MeasureFactory
from scaleup.stakeholders.tests.factories import MembershipFactory, StakeholderGroupFactory


class RecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    """A draft for the group's own instrument. Other states: use `in_state`."""

    class Meta:
        model = Recommendation

    group = factory.SubFactory(StakeholderGroupFactory)
    title_pl = factory.Sequence(lambda n: f"Rekomendacja {n}")
    title_en = factory.Sequence(lambda n: f"Recommendation {n}")
    text_pl = "Uprościć wniosek o dotację na targi zagraniczne dla MŚP."
    text_en = "Simplify the application for foreign trade-fair grants for SMEs."
    instrument = factory.SelfAttribute("group.policy_instrument")


def measure_of(instrument: Any) -> Measure:
    axis = MeasureFactory.create(instrument=instrument)
    return MeasureFactory.create(
        instrument=instrument, parent=axis, level=Measure.Level.MEASURE, code=f"{axis.code}.7"
    )


def in_state(state: str, **fields: Any) -> Recommendation:
    """A recommendation already in `state`, with a target measure where it needs one and a
    history that led there (written directly: the services' rules are tested on their own)."""
    recommendation = RecommendationFactory.create(**fields)
    if state != State.DRAFT and recommendation.measure_id is None:
        recommendation.measure = measure_of(recommendation.instrument)
    path = {
        State.DRAFT: [State.DRAFT],
        State.DISCUSSED: [State.DRAFT, State.DISCUSSED],
        State.ENDORSED: [State.DRAFT, State.DISCUSSED, State.ENDORSED],
        State.SUBMITTED: [State.DRAFT, State.DISCUSSED, State.ENDORSED, State.SUBMITTED],
    }.get(State(state), [State.DRAFT, State.DISCUSSED, State.ENDORSED, State.SUBMITTED, state])
    previous = ""
    for step in path:
        Transition.objects.create(recommendation=recommendation, from_state=previous, to_state=step)
        previous = step
    recommendation.state = state
    recommendation.save()
    return recommendation


class EndorsementFactory(factory.django.DjangoModelFactory[Endorsement]):
    class Meta:
        model = Endorsement

    recommendation = factory.SubFactory(RecommendationFactory)
    membership = factory.SubFactory(
        MembershipFactory, group=factory.SelfAttribute("..recommendation.group")
    )

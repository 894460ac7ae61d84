"""The fixture of a whole project with hand-countable records (see test_selectors.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from scaleup.actionplans.models import MonitoringNote, Phase, Progress
from scaleup.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from scaleup.indicators.catalogue import ensure_catalogue
from scaleup.indicators.models import Indicator
from scaleup.indicators.tests.factories import ManualValueFactory
from scaleup.meetings.models import Meeting
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation, Transition
from scaleup.policy.tests.factories import RecommendationFactory
from scaleup.practices.models import GoodPractice
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.projects.models import Partner, Project
from scaleup.projects.tests.factories import (
    PartnerFactory,
    PolicyInstrumentFactory,
    ProjectFactory,
)
from scaleup.stakeholders.tests.factories import OrganisationFactory, StakeholderGroupFactory


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


def _meeting(group: Any, fmt: str, day: dt.date) -> Meeting:
    return MeetingFactory.create(group=group, format=fmt, starts_at=_at(day))


def _attended(meeting: Meeting, email: str, **organisation: Any) -> None:
    RegistrationFactory.create(meeting=meeting, email=email, attended=True, **organisation)


def _recommendation(group: Any, instrument: Any, steps: list[tuple[str, dt.date]]) -> None:
    recommendation: Recommendation = RecommendationFactory.create(
        group=group, instrument=instrument
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(created_at=_at(steps[0][1]))
    previous = ""
    for state, day in steps:
        step = Transition.objects.create(
            recommendation=recommendation, from_state=previous, to_state=state
        )
        Transition.objects.filter(pk=step.pk).update(created_at=_at(day))
        previous = state


def _practice(partner: Partner, day: dt.date) -> None:
    practice = GoodPracticeFactory.create(partner=partner)
    GoodPractice.objects.filter(pk=practice.pk).update(created_at=_at(day))


@pytest.fixture
def catalogue(db: None) -> None:
    """The seeded catalogue: a transactional test elsewhere may have flushed it."""
    ensure_catalogue(Indicator)


@pytest.fixture
def project(catalogue: None) -> tuple[Project, Partner, Partner]:
    project = ProjectFactory.create(started_on=dt.date(2019, 8, 1), ended_on=dt.date(2021, 1, 31))
    a = PartnerFactory.create(project=project, short_name="A", position=1)
    b = PartnerFactory.create(project=project, short_name="B", position=2)
    group_a = StakeholderGroupFactory.create(partner=a)
    group_b = StakeholderGroupFactory.create(partner=b)
    o1, o2, o3 = (OrganisationFactory.create(name=f"O{n}") for n in (1, 2, 3))

    before = _meeting(group_a, "study_visit", dt.date(2019, 7, 1))  # before the project
    _attended(before, "early@example.org", organisation=o3)
    visit = _meeting(group_a, "study_visit", dt.date(2019, 10, 10))  # S1
    _attended(visit, "anna@example.org", organisation=o1)
    _attended(visit, "bartek@example.org", organisation=o2)
    RegistrationFactory.create(meeting=visit, email="celina@example.org", organisation=o1)
    workshop = _meeting(group_a, "workshop", dt.date(2020, 3, 5))  # S2, not a learning event
    _attended(workshop, "anna@example.org", organisation=o1)
    _attended(workshop, "dorota@example.org", organisation_name="Firma X")
    _attended(workshop, "ewa@example.org", organisation_name="firma x")
    review = _meeting(group_a, "peer_review", dt.date(2020, 9, 1))  # S3
    _attended(review, "Anna@Example.org", organisation=o1)
    _attended(review, "filip@example.org", organisation=o3)
    exchange = _meeting(group_b, "staff_exchange", dt.date(2020, 2, 10))  # S2, partner B
    _attended(exchange, "anna@example.org", organisation=o1)

    _practice(a, dt.date(2019, 9, 1))  # S1
    _practice(a, dt.date(2020, 5, 1))  # S2
    _practice(b, dt.date(2020, 12, 1))  # S3

    plan_a = ActionPlanFactory.create(partner=a)
    plan_b = ActionPlanFactory.create(partner=b)  # no actions: not a plan developed
    type(plan_a).objects.filter(pk=plan_a.pk).update(created_at=_at(dt.date(2020, 4, 1)))
    type(plan_b).objects.filter(pk=plan_b.pk).update(created_at=_at(dt.date(2020, 6, 1)))
    action = ActionFactory.create(plan=plan_a)
    for day, progress in (
        (dt.date(2020, 7, 1), Progress.NOT_STARTED),
        (dt.date(2020, 12, 1), Progress.ON_TRACK),
    ):
        MonitoringNote.objects.create(
            action=action, phase=Phase.CORE, noted_on=day, progress=progress, text="Stan."
        )

    other_instrument = PolicyInstrumentFactory.create()
    _recommendation(
        group_a,
        a.policy_instrument,
        [
            (State.DRAFT, dt.date(2020, 1, 10)),
            (State.DISCUSSED, dt.date(2020, 2, 1)),
            (State.ENDORSED, dt.date(2020, 3, 1)),  # S2
            (State.SUBMITTED, dt.date(2020, 4, 1)),
            (State.ACCEPTED, dt.date(2020, 9, 15)),  # S3
        ],
    )
    _recommendation(
        group_a,
        other_instrument,
        [
            (State.DRAFT, dt.date(2020, 10, 1)),  # S3: a second instrument addressed
            (State.DISCUSSED, dt.date(2020, 10, 15)),
            (State.ENDORSED, dt.date(2020, 11, 1)),  # S3
        ],
    )
    _recommendation(
        group_b,
        b.policy_instrument,
        [
            (State.DRAFT, dt.date(2020, 5, 1)),
            (State.DISCUSSED, dt.date(2020, 5, 15)),
            (State.ENDORSED, dt.date(2020, 6, 1)),  # S2
            (State.SUBMITTED, dt.date(2020, 7, 1)),
            (State.REJECTED, dt.date(2020, 12, 1)),
        ],
    )
    funds = Indicator.objects.get(code="SF-INFLUENCED")
    ManualValueFactory.create(indicator=funds, partner=a, semester=2, value=Decimal("150000.50"))
    ManualValueFactory.create(indicator=funds, partner=a, semester=3, value=Decimal("100000"))
    ManualValueFactory.create(indicator=funds, partner=b, semester=3, value=Decimal("5000"))
    return project, a, b

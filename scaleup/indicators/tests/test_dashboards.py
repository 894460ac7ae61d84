"""The dashboard's figures, counted by hand from small fixtures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from scaleup.dialogue.models import Participant, Statement, Vote
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.indicators import dashboards
from scaleup.indicators.tally import semesters
from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.network.tests.factories import TieFactory
from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import RecommendationFactory
from scaleup.projects.models import Partner
from scaleup.stakeholders.models import OrganisationKind
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

ZONE = dt.UTC
START = dt.date(2024, 1, 1)
PERIODS = semesters(START, dt.date(2025, 6, 30))  # S1 2024 H1, S2 2024 H2, S3 2025 H1


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=ZONE)


def _meeting(world: World, day: dt.date) -> Any:
    return MeetingFactory.create(
        group=world.lubelskie.group,
        starts_at=_moment(day),
        ends_at=_moment(day) + dt.timedelta(hours=3),
    )


def _attended(meeting: Any, **fields: Any) -> Any:
    return RegistrationFactory.create(
        meeting=meeting, status=Registration.Status.CONFIRMED, attended=True, **fields
    )


def test_engagement_counts_an_organisation_once_per_semester_under_its_kind(
    world: World,
) -> None:
    cluster = OrganisationFactory.create(kind=OrganisationKind.CLUSTER)
    march, may, october = (
        _meeting(world, dt.date(2024, 3, 5)),
        _meeting(world, dt.date(2024, 5, 5)),
        _meeting(world, dt.date(2024, 10, 5)),
    )
    # S1: the cluster twice (by record), one SME typed twice with other spacing and case.
    _attended(march, organisation=cluster, organisation_name="x", organisation_kind="sme")
    _attended(may, organisation=cluster, organisation_name="y", organisation_kind="sme")
    _attended(march, organisation_name="Firma  ABC", organisation_kind=OrganisationKind.SME)
    _attended(may, organisation_name="firma abc", organisation_kind=OrganisationKind.SME)
    # Registered but absent: not counted.
    RegistrationFactory.create(meeting=october, status=Registration.Status.CONFIRMED)
    # S2: the cluster again.
    _attended(october, organisation=cluster, organisation_name="z", organisation_kind="ngo")
    result = dashboards.engagement_by_kind(partners=[world.lubelskie.partner], semesters=PERIODS)
    assert result.counts == {("cluster", 1): 1, ("sme", 1): 1, ("cluster", 2): 1}
    assert result.totals == {1: 2, 2: 1, 3: 0}
    assert [kind for kind, _label in result.kinds] == ["cluster", "sme"]


def test_engagement_leaves_out_other_partners(world: World) -> None:
    meeting = MeetingFactory.create(
        group=world.attica.group,
        starts_at=_moment(dt.date(2024, 3, 5)),
        ends_at=_moment(dt.date(2024, 3, 5)) + dt.timedelta(hours=2),
    )
    _attended(meeting, organisation_name="Attica SME", organisation_kind="sme")
    result = dashboards.engagement_by_kind(partners=[world.lubelskie.partner], semesters=PERIODS)
    assert result.totals == {1: 0, 2: 0, 3: 0}


def test_meetings_show_confirmed_seats_and_attendance(world: World) -> None:
    meeting = MeetingFactory.create(group=world.lubelskie.group, past=True)
    _attended(meeting)
    _attended(meeting)
    RegistrationFactory.create(meeting=meeting, status=Registration.Status.CONFIRMED)
    RegistrationFactory.create(meeting=meeting, status=Registration.Status.WAITLISTED)
    figures, chart = dashboards.meetings_attendance(partners=[world.lubelskie.partner])
    row = next(f for f in figures if f.meeting == meeting)
    assert (row.confirmed, row.attended) == (3, 2)
    assert meeting not in [f.meeting for f in figures if f.meeting.starts_at > timezone.now()]
    assert chart.bars[-1].value == Decimal(2)


def test_workshops_count_participants_accepted_statements_and_votes(world: World) -> None:
    workshop = ConversationFactory.create(group=world.lubelskie.group)
    first, second = Participant.objects.bulk_create(
        [Participant(conversation=workshop, seat_token_hash=h) for h in ("a" * 64, "b" * 64)]
    )
    accepted = StatementFactory.create(conversation=workshop)
    StatementFactory.create(conversation=workshop, state=Statement.State.PENDING)
    for participant, value in ((first, 1), (second, -1)):
        Vote.objects.create(participant=participant, statement=accepted, value=value)
    figures, _chart = dashboards.workshop_activity(partners=[world.lubelskie.partner])
    row = next(f for f in figures if f.conversation == workshop)
    assert (row.participants, row.statements, row.votes) == (2, 1, 2)


def test_recommendations_are_counted_per_measure_and_state(world: World) -> None:
    RecommendationFactory.create(group=world.lubelskie.group, state=State.DRAFT)
    RecommendationFactory.create(group=world.lubelskie.group, state=State.DRAFT)
    RecommendationFactory.create(group=world.lubelskie.group, state=State.DISCUSSED)
    RecommendationFactory.create(group=world.attica.group, state=State.DRAFT)
    result = dashboards.recommendations_by_state(partners=[world.lubelskie.partner])
    assert result.totals[State.DRAFT] == 2
    assert result.totals[State.DISCUSSED] == 1
    assert sum(total for _measure, _counts, total in result.rows) == 3


def test_network_growth_counts_ties_in_force_at_each_semesters_end(world: World) -> None:
    a, b, c = sorted(OrganisationFactory.create_batch(3), key=lambda o: o.pk)
    group = world.lubelskie.group
    TieFactory.create(group=group, source=a, target=b, valid_from=dt.date(2024, 2, 1))
    TieFactory.create(
        group=group,
        source=b,
        target=c,
        valid_from=dt.date(2024, 8, 1),
        valid_to=dt.date(2025, 1, 31),
    )
    result = dashboards.network_growth(partners=[world.lubelskie.partner], semesters=PERIODS)
    assert result.ties == {1: 1, 2: 2, 3: 1}
    assert result.organisations == {1: 2, 2: 3, 3: 2}


def test_dashboard_page_shows_tables_beside_the_charts(world: World) -> None:
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    with translation.override("en"):
        response = client.get("/en/indicators/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r'class="dashboard-chart" data-chart="([\w-]+)"', html)
    assert len(charts) >= 3
    for name in charts:
        assert f'<script id="{name}" type="application/json">' in html
    assert html.count("<table") >= len(charts)


def test_dashboard_of_one_partner_is_limited_to_it(world: World) -> None:
    client = Client()
    client.force_login(world.coordinator)
    partner: Partner = world.attica.partner
    response = client.get(f"/en/indicators/dashboard/?partner={partner.pk}")
    assert response.context["chosen_partner"] == partner


def test_semester_activity_tells_organisations_apart_as_the_indicators_do(
    world: World,
) -> None:
    from scaleup.indicators.selectors import semester_activity

    cluster = OrganisationFactory.create(kind=OrganisationKind.CLUSTER)
    meeting = _meeting(world, dt.date(2024, 3, 5))
    _attended(meeting, organisation=cluster, organisation_name="Klaster")
    _attended(meeting, organisation=cluster, organisation_name="Klaster Lubelski")
    _attended(meeting, organisation_name="Firma  ABC")
    _attended(meeting, organisation_name="firma abc")
    activity = semester_activity(partners=[world.lubelskie.partner], semester=PERIODS[0])
    (row,) = activity.meetings
    assert (row.people, row.organisations) == (4, 2)

"""What the dashboard shows: engagement, meetings, workshops, recommendations and the
network of the partners a person sees, each as figures for a chart and its table.

Reads only; a few queries per section, grouped in the database where it can count and in
Python where a thing must be told apart (an organisation by its record or its name)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from scaleup.core.charts import (
    BarChart,
    StackedBarChart,
    bar_chart,
    bar_chart_data,
    stacked_bar_chart,
    stacked_bar_chart_data,
)
from scaleup.dialogue.models import Conversation, Statement
from scaleup.indicators.tally import Semester, organisation_key
from scaleup.meetings.models import Meeting, Registration
from scaleup.network.models import Tie
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation
from scaleup.projects.models import Partner
from scaleup.stakeholders.models import OrganisationKind

#: Meetings and workshops shown: the latest ones.
RECENT = 12

#: A state in a word, under its bar (the table beside the chart names it in full).
SHORT_STATES: dict[str, Any] = {
    State.DRAFT: pgettext_lazy("recommendation, short", "draft"),
    State.DISCUSSED: pgettext_lazy("recommendation, short", "discussed"),
    State.ENDORSED: pgettext_lazy("recommendation, short", "endorsed"),
    State.SUBMITTED: pgettext_lazy("recommendation, short", "submitted"),
    State.ACCEPTED: pgettext_lazy("recommendation, short", "accepted"),
    State.PARTLY_ACCEPTED: pgettext_lazy("recommendation, short", "partly"),
    State.REJECTED: pgettext_lazy("recommendation, short", "rejected"),
    State.IMPLEMENTED: pgettext_lazy("recommendation, short", "done"),
}


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _semester_of(semesters: Sequence[Semester], day: dt.date) -> Semester | None:
    return next((semester for semester in semesters if day in semester), None)


@dataclass
class Engagement:
    """Organisations that attended a meeting, per semester and kind of organisation."""

    semesters: Sequence[Semester]
    kinds: list[tuple[str, str]]  # (kind, label) of the kinds that appear, in catalogue order
    counts: dict[tuple[str, int], int]  # (kind, semester number) -> organisations
    totals: dict[int, int]  # semester number -> organisations
    chart: StackedBarChart


def engagement_by_kind(*, partners: Sequence[Partner], semesters: Sequence[Semester]) -> Engagement:
    """An organisation counts once per semester in which it attended, under its registry
    kind (else the kind given when registering)."""
    rows = Registration.objects.filter(
        meeting__group__partner__in=partners, attended=True
    ).values_list(
        "meeting__starts_at",
        "organisation_id",
        "organisation_name",
        "organisation__kind",
        "organisation_kind",
    )
    seen: dict[int, dict[tuple[str, object], str]] = defaultdict(dict)
    for starts_at, organisation_id, name, registry_kind, typed_kind in rows:
        semester = _semester_of(semesters, _day(starts_at))
        if semester is not None:
            key = organisation_key(organisation_id, name)
            seen[semester.number].setdefault(key, registry_kind or typed_kind)
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for number, kind_of in seen.items():
        for kind in kind_of.values():
            counts[(kind, number)] += 1
    present = {kind for kind, _number in counts}
    kinds = [(value, str(label)) for value, label in OrganisationKind.choices if value in present]
    totals = {semester.number: len(seen.get(semester.number, {})) for semester in semesters}
    chart = stacked_bar_chart(
        [f"S{semester.number}" for semester in semesters],
        [
            (label, [Decimal(counts.get((kind, s.number), 0)) for s in semesters])
            for kind, label in kinds
        ],
    )
    return Engagement(semesters, kinds, dict(counts), totals, chart)


@dataclass
class MeetingFigures:
    meeting: Meeting
    confirmed: int
    attended: int


def meetings_attendance(*, partners: Sequence[Partner]) -> tuple[list[MeetingFigures], BarChart]:
    """The latest meetings that took place: seats confirmed and people who came."""
    meetings = (
        Meeting.objects.filter(group__partner__in=partners, ends_at__lt=timezone.now())
        .select_related("group__partner")
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("-starts_at", "-pk")[:RECENT]
    )
    figures = [
        MeetingFigures(meeting, meeting.confirmed, meeting.attended_count)
        for meeting in reversed(list(meetings))
    ]
    chart = bar_chart(
        [(f"{timezone.localtime(f.meeting.starts_at):%m.%y}", Decimal(f.attended)) for f in figures]
    )
    return figures, chart


@dataclass
class WorkshopFigures:
    conversation: Conversation
    participants: int
    statements: int
    votes: int


def workshop_activity(*, partners: Sequence[Partner]) -> tuple[list[WorkshopFigures], BarChart]:
    """The latest workshops: who took part, the statements accepted and the votes cast."""
    conversations = list(
        Conversation.objects.filter(group__partner__in=partners)
        .select_related("meeting")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    ids = [conversation.pk for conversation in conversations]
    participants = dict(
        Conversation.objects.filter(pk__in=ids)
        .annotate(n=Count("participants"))
        .values_list("pk", "n")
    )
    statements = dict(
        Statement.objects.filter(conversation_id__in=ids, state=Statement.State.ACCEPTED)
        .values("conversation_id")
        .annotate(n=Count("pk"))
        .values_list("conversation_id", "n")
    )
    votes = dict(
        Statement.objects.filter(conversation_id__in=ids)
        .values("conversation_id")
        .annotate(n=Count("votes"))
        .values_list("conversation_id", "n")
    )
    figures = [
        WorkshopFigures(
            conversation,
            participants.get(conversation.pk, 0),
            statements.get(conversation.pk, 0),
            votes.get(conversation.pk, 0),
        )
        for conversation in reversed(conversations)
    ]
    chart = bar_chart([(f"W{index}", Decimal(f.votes)) for index, f in enumerate(figures, 1)])
    return figures, chart


@dataclass
class RecommendationFigures:
    states: list[tuple[str, str]]  # (state, label) in lifecycle order
    rows: list[tuple[str, dict[str, int], int]]  # measure, count per state, total
    totals: dict[str, int]
    chart: BarChart


def recommendations_by_state(*, partners: Sequence[Partner]) -> RecommendationFigures:
    """Recommendations of the partners' groups per measure they aim at and state."""
    rows = (
        Recommendation.objects.filter(group__partner__in=partners)
        .values("measure__instrument__code", "measure__code", "measure__name_pl", "state")
        .annotate(n=Count("pk"))
        .order_by("measure__instrument__code", "measure__code")
    )
    by_measure: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {value: 0 for value in State.values}
    for row in rows:
        if row["measure__code"]:
            name = f"{row['measure__instrument__code']} {row['measure__code']}"
        else:
            name = ""
        by_measure.setdefault(name, {})[row["state"]] = row["n"]
        totals[row["state"]] += row["n"]
    states = [(value, str(label)) for value, label in State.choices]
    table = [
        (name, counts, sum(counts.values()))
        for name, counts in sorted(by_measure.items(), key=lambda item: (item[0] == "", item[0]))
    ]
    chart = bar_chart([(str(SHORT_STATES[value]), Decimal(totals[value])) for value, _ in states])
    return RecommendationFigures(states, table, totals, chart)


@dataclass
class NetworkGrowth:
    semesters: Sequence[Semester]
    ties: dict[int, int]  # semester number -> ties in force at its end
    organisations: dict[int, int]  # semester number -> organisations with such a tie
    chart: BarChart


def network_growth(*, partners: Sequence[Partner], semesters: Sequence[Semester]) -> NetworkGrowth:
    """The partners' groups' networks at the end of each semester: a tie counts from when
    the cooperation began (else from when it was recorded) until it ended."""
    rows = Tie.objects.filter(group__partner__in=partners).values_list(
        "source_id", "target_id", "valid_from", "valid_to", "created_at"
    )
    ties: dict[int, int] = {semester.number: 0 for semester in semesters}
    members: dict[int, set[int]] = {semester.number: set() for semester in semesters}
    for source_id, target_id, valid_from, valid_to, created_at in rows:
        began = valid_from or _day(created_at)
        for semester in semesters:
            if began <= semester.ends_on and (valid_to is None or valid_to >= semester.ends_on):
                ties[semester.number] += 1
                members[semester.number].update((source_id, target_id))
    organisations = {number: len(ids) for number, ids in members.items()}
    chart = bar_chart([(f"S{s.number}", Decimal(ties[s.number])) for s in semesters])
    return NetworkGrowth(semesters, ties, organisations, chart)


def dashboard(*, partners: Sequence[Partner], semesters: Sequence[Semester]) -> dict[str, Any]:
    """Every section, with its rows laid out for the page's tables and its chart's figures
    for the chart library that redraws them (the SVG stays where JavaScript does not run)."""
    engagement = engagement_by_kind(partners=partners, semesters=semesters)
    meetings, meetings_chart = meetings_attendance(partners=partners)
    workshops, workshops_chart = workshop_activity(partners=partners)
    recommendations = recommendations_by_state(partners=partners)
    network = network_growth(partners=partners, semesters=semesters)
    numbers = [semester.number for semester in semesters]
    return {
        "engagement": engagement,
        "engagement_rows": [
            {"label": label, "counts": [engagement.counts.get((kind, n), 0) for n in numbers]}
            for kind, label in engagement.kinds
        ],
        "engagement_totals": [engagement.totals[n] for n in numbers],
        "engagement_data": stacked_bar_chart_data(engagement.chart),
        "meetings": meetings,
        "meetings_chart": meetings_chart,
        "meetings_data": bar_chart_data(meetings_chart, str(_("Attended"))),
        "workshops": workshops,
        "workshops_chart": workshops_chart,
        "workshops_data": bar_chart_data(workshops_chart, str(_("Votes"))),
        "recommendations": recommendations,
        "recommendations_rows": [
            {
                "measure": measure,
                "counts": [counts.get(state, 0) for state, _label in recommendations.states],
                "total": total,
            }
            for measure, counts, total in recommendations.rows
        ],
        "recommendations_data": bar_chart_data(recommendations.chart, str(_("Recommendations"))),
        "network": network,
        "network_ties": [network.ties[n] for n in numbers],
        "network_organisations": [network.organisations[n] for n in numbers],
        "network_data": bar_chart_data(network.chart, str(_("Ties in force"))),
    }

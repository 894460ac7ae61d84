"""Reads of recommendations and of the chain statement -> recommendation -> measure ->
decision, for the group's pages and the public accountability pages.

Every page runs a fixed number of queries whatever the number of recommendations or
statements: related rows are prefetched, counts are annotations, and the statements' vote
figures come from two queries (`statement_figures`).
"""

from __future__ import annotations

import datetime as dt
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from scaleup.access.checks import filter_permitted
from scaleup.dialogue.models import OpinionSnapshot, Statement, Vote
from scaleup.policy.lifecycle import DECIDED, PUBLIC, State
from scaleup.policy.models import Endorsement, Recommendation, RecommendationStatement, Transition
from scaleup.projects.models import Measure, PolicyInstrument
from scaleup.projects.selectors import MeasureNode, measure_tree

# --- live vote figures of statements --------------------------------------------------------


@dataclass
class Tally:
    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passed

    def share(self, count: int) -> int:
        """Whole per cent of those who saw the statement (0 when nobody did)."""
        return round(100 * count / self.seen) if self.seen else 0

    @property
    def agree_share(self) -> int:
        return self.share(self.agree)

    @property
    def disagree_share(self) -> int:
        return self.share(self.disagree)

    @property
    def passed_share(self) -> int:
        return self.share(self.passed)

    def add(self, value: int) -> None:
        if value > 0:
            self.agree += 1
        elif value < 0:
            self.disagree += 1
        else:
            self.passed += 1


@dataclass
class GroupTally(Tally):
    label: str = ""


@dataclass
class StatementFigures:
    """A statement's votes now, and by opinion group as of the latest opinion map."""

    overall: Tally = field(default_factory=Tally)
    groups: list[GroupTally] = field(default_factory=list)
    consensus: float | None = None  # group-informed consensus, 0..1
    mapped_at: dt.datetime | None = None

    @property
    def consensus_share(self) -> int | None:
        return None if self.consensus is None else round(100 * self.consensus)


def group_label(group_id: int) -> str:
    """Opinion groups as the projector names them: A, B, C…"""
    letters = string.ascii_uppercase
    return letters[group_id] if 0 <= group_id < len(letters) else str(group_id + 1)


def statement_figures(statements: Iterable[Statement]) -> dict[int, StatementFigures]:
    """Two queries for any number of statements: their votes, and the latest opinion map of
    each conversation they belong to."""
    chosen = list(statements)
    figures = {statement.pk: StatementFigures() for statement in chosen}
    if not chosen:
        return figures
    latest = OpinionSnapshot.objects.filter(conversation_id=OuterRef("conversation_id")).order_by(
        "-computed_at", "-id"
    )
    snapshots = OpinionSnapshot.objects.filter(
        conversation_id__in={statement.conversation_id for statement in chosen},
        id=Subquery(latest.values("id")[:1]),
    ).only("conversation_id", "computed_at", "data")
    group_of: dict[int, dict[int, int]] = {}
    for snap in snapshots:
        data = snap.data or {}
        group_of[snap.conversation_id] = {
            int(row["id"]): int(row["group"]) for row in data.get("participants", [])
        }
        consensus = {
            int(row["id"]): float(row.get("gic", 0.0)) for row in data.get("statements", [])
        }
        labels = sorted({int(row["id"]) for row in data.get("groups", [])})
        for statement in chosen:
            if statement.conversation_id != snap.conversation_id:
                continue
            found = figures[statement.pk]
            found.mapped_at = snap.computed_at
            found.consensus = consensus.get(statement.pk)
            found.groups = [GroupTally(label=group_label(group)) for group in labels]
    conversation_of = {statement.pk: statement.conversation_id for statement in chosen}
    votes = Vote.objects.filter(statement_id__in=list(figures)).values_list(
        "statement_id", "participant_id", "value"
    )
    for statement_id, participant_id, value in votes:
        found = figures[statement_id]
        found.overall.add(value)
        group = group_of.get(conversation_of[statement_id], {}).get(participant_id)
        if group is not None and group < len(found.groups):
            found.groups[group].add(value)
    return figures


# --- the group's recommendations ------------------------------------------------------------


def _with_counts(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return queryset.select_related("group", "instrument", "measure").annotate(
        endorsement_count=Count("endorsements", distinct=True),
        statement_count=Count("supports", distinct=True),
    )


def recommendations_of(group_id: int, *, state: str = "") -> QuerySet[Recommendation]:
    queryset = Recommendation.objects.filter(group_id=group_id)
    if state in State.values:
        queryset = queryset.filter(state=state)
    return _with_counts(queryset).order_by("-updated_at", "-id")


def visible_recommendations(user: Any) -> QuerySet[Recommendation]:
    return filter_permitted(
        Recommendation.objects.all(),
        user,
        "recommendation:view",
        partner_field="group__partner_id",
        group_field="group_id",
    )


def _supports() -> Prefetch[Any]:
    return Prefetch(
        "supports",
        queryset=RecommendationStatement.objects.select_related(
            "statement__conversation__meeting"
        ).order_by("position", "id"),
    )


def recommendation_page(pk: int) -> Recommendation:
    """The recommendation with its statements, their meetings, history and endorsements."""
    try:
        return (
            Recommendation.objects.select_related("group", "instrument", "measure__parent")
            .prefetch_related(
                _supports(),
                "inspired_by",
                Prefetch("transitions", queryset=Transition.objects.order_by("created_at", "id")),
                Prefetch(
                    "endorsements",
                    queryset=Endorsement.objects.select_related("membership__organisation"),
                ),
            )
            .get(pk=pk)
        )
    except Recommendation.DoesNotExist as missing:
        raise Http404 from missing


def meetings_of(recommendation: Recommendation, *, published_only: bool = False) -> list[Any]:
    """The meetings whose workshops produced the supporting statements, in date order."""
    meetings = {
        support.statement.conversation.meeting.pk: support.statement.conversation.meeting
        for support in recommendation.supports.all()
        if support.statement.conversation.meeting is not None
        and (support.statement.conversation.meeting.is_published or not published_only)
    }
    return sorted(meetings.values(), key=lambda meeting: meeting.starts_at)


def draftable_statements(group_id: int, *, keeping: Any = None) -> QuerySet[Statement]:
    """Accepted statements of the group's workshops: what a recommendation may cite; with
    `keeping`, also the statements it cites already (rejected since, they stay visible on
    the form, and saving it says so instead of dropping them silently)."""
    cited = Q(pk__in=keeping.values("pk")) if keeping is not None else Q(pk__in=[])
    return (
        Statement.objects.filter(
            Q(conversation__group_id=group_id, state=Statement.State.ACCEPTED, is_meta=False)
            | cited
        )
        .select_related("conversation")
        .order_by("-conversation__created_at", "conversation_id", "created_at", "id")
    )


# --- the public accountability pages --------------------------------------------------------


def public_instruments() -> QuerySet[PolicyInstrument]:
    """Instruments with anything public: the index of the accountability pages."""
    public = Q(recommendations__state__in=sorted(PUBLIC))
    return (
        PolicyInstrument.objects.annotate(public_count=Count("recommendations", filter=public))
        .filter(public_count__gt=0)
        .order_by("region", "period_start")
    )


@dataclass
class MeasureProgress:
    """A measure of the instrument with the public recommendations aimed at it."""

    measure: Measure
    depth: int
    recommendations: list[Recommendation]

    @property
    def decided(self) -> int:
        return sum(1 for item in self.recommendations if item.state in DECIDED)

    @property
    def taken_up(self) -> int:
        taken = {State.ACCEPTED, State.PARTLY_ACCEPTED, State.IMPLEMENTED}
        return sum(1 for item in self.recommendations if item.state in taken)

    @property
    def implemented(self) -> int:
        return sum(1 for item in self.recommendations if item.state == State.IMPLEMENTED)


@dataclass
class Accountability:
    instrument: PolicyInstrument
    measures: list[MeasureProgress]
    without_measure: list[Recommendation]
    by_state: list[tuple[str, int]]  # (state's label, count), in lifecycle order


def _public_recommendations() -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(state__in=sorted(PUBLIC))
        .select_related("group", "measure")
        .prefetch_related(
            Prefetch("transitions", queryset=Transition.objects.order_by("created_at", "id"))
        )
        .annotate(
            statement_count=Count(
                "supports",
                filter=~Q(supports__statement__state=Statement.State.REJECTED),
                distinct=True,
            ),
            endorsement_count=Count("endorsements", distinct=True),
        )
    )


def public_recommendations() -> QuerySet[Recommendation]:
    """The recommendations the accountability pages show: endorsed by a group and on."""
    return _public_recommendations().order_by("created_at", "id")


def accountability(instrument_pk: int) -> Accountability:
    try:
        instrument = PolicyInstrument.objects.select_related("predecessor").get(pk=instrument_pk)
    except PolicyInstrument.DoesNotExist as missing:
        raise Http404 from missing
    recommendations = list(
        _public_recommendations().filter(instrument=instrument).order_by("created_at", "id")
    )
    by_measure: dict[int | None, list[Recommendation]] = defaultdict(list)
    for item in recommendations:
        by_measure[item.measure_id].append(item)
    ordered: list[MeasureProgress] = []

    def walk(nodes: list[MeasureNode], depth: int) -> None:
        for node in nodes:
            ordered.append(
                MeasureProgress(node.measure, depth, by_measure.get(node.measure.pk, []))
            )
            walk(node.children, depth + 1)

    walk(measure_tree(instrument), 0)
    counts = {state: 0 for state in State.values if state in PUBLIC}
    for item in recommendations:
        counts[item.state] += 1
    return Accountability(
        instrument=instrument,
        measures=ordered,
        without_measure=by_measure.get(None, []),
        by_state=[(str(State(state).label), count) for state, count in counts.items()],
    )


def public_recommendation(pk: int) -> Recommendation:
    recommendation = recommendation_page(pk)
    if not recommendation.is_public:
        raise Http404
    return recommendation


def public_statements(recommendation: Recommendation) -> list[Statement]:
    """What the public sees of the statements behind it: a statement rejected in moderation
    after it was cited (it may name a person, say) is left out."""
    return [
        support.statement
        for support in recommendation.supports.all()
        if support.statement.state != Statement.State.REJECTED
    ]


def public_practices(recommendation: Recommendation) -> list[Any]:
    return [practice for practice in recommendation.inspired_by.all() if practice.is_published]


@dataclass
class PublicStatement:
    statement: Statement
    recommendations: list[Recommendation]
    figures: StatementFigures


def public_statement(pk: int) -> PublicStatement:
    """A workshop statement, shown only once a public recommendation cites it."""
    try:
        statement = Statement.objects.select_related("conversation__meeting").get(
            pk=pk, state=Statement.State.ACCEPTED
        )
    except Statement.DoesNotExist as missing:
        raise Http404 from missing
    recommendations = list(
        _public_recommendations()
        .filter(supports__statement=statement)
        .select_related("instrument")
        .order_by("created_at", "id")
    )
    if not recommendations:
        raise Http404
    return PublicStatement(statement, recommendations, statement_figures([statement])[statement.pk])


def recommendations_inspired_by(practice: Any) -> list[Any]:
    """The public recommendations a good practice inspired, for the practice's page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from scaleup.practices.links import Inspired

    return [
        Inspired(
            kind=_("Recommendation"),
            title=f"{item.title} ({item.get_state_display()})",
            url=reverse("accountability:recommendation", kwargs={"pk": item.pk}),
        )
        for item in Recommendation.objects.filter(
            inspired_by=practice, state__in=sorted(PUBLIC)
        ).order_by("created_at", "id")
    ]

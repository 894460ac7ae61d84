"""Reads of the facilitator workspace.

Every list starts from `filter_permitted`, so a page shows only the records of the regions
(or, for members, the groups) the user holds the permission in. Counts are subqueries and
related rows are prefetched, so a page runs the same number of queries for 1 or 200 rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from scaleup.access.checks import filter_permitted
from scaleup.core.models import AuditEntry
from scaleup.dialogue.models import Conversation, Participant, Statement, Vote
from scaleup.dialogue.selectors import SIMILARITY_THRESHOLD, similarity
from scaleup.meetings.models import Meeting, Registration
from scaleup.news.models import Post
from scaleup.projects.models import Partner
from scaleup.stakeholders.models import (
    Application,
    GroupDocument,
    Invitation,
    Membership,
    Person,
    StakeholderGroup,
)
from scaleup.stakeholders.selectors import active_memberships, permitted_groups

RECENT_AUDIT_ENTRIES = 5


def _count(queryset: QuerySet[Any], field: str) -> Coalesce:
    """A correlated count: one subquery per counted relation instead of a join per relation."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


def open_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def _with_registration_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    registrations = Registration.objects.all()
    return meetings.annotate(
        confirmed_count=_count(
            registrations.filter(status=Registration.Status.CONFIRMED), "meeting"
        ),
        waitlisted_count=_count(
            registrations.filter(status=Registration.Status.WAITLISTED), "meeting"
        ),
    )


# --- groups ------------------------------------------------------------------------------


@dataclass
class GroupSummary:
    group: StakeholderGroup
    upcoming_meetings: list[Meeting]
    recent_entries: list[AuditEntry]


def dashboard(user: Any) -> list[GroupSummary]:
    """Per group the user runs: what waits for them and what happened lately."""
    now = timezone.now()
    upcoming = _with_registration_counts(
        Meeting.objects.filter(ends_at__gte=now).order_by("starts_at")
    )
    groups = list(
        permitted_groups(user, "group:manage")
        .annotate(
            pending_count=_count(
                Application.objects.filter(status=Application.Status.PENDING), "group"
            ),
            members_count=_count(active_memberships(), "group"),
            invitations_count=_count(open_invitations(), "group"),
        )
        .prefetch_related(Prefetch("meetings", queryset=upcoming, to_attr="upcoming"))
    )
    entries = (
        filter_permitted(AuditEntry.objects.all(), user, "audit:view", partner_field="tenant_id")
        .filter(tenant_id__in={group.partner_id for group in groups})
        .select_related("actor")
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("tenant_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=RECENT_AUDIT_ENTRIES)
        .order_by("-created_at", "-id")
    )
    by_partner: dict[int, list[AuditEntry]] = {}
    for entry in entries:
        by_partner.setdefault(entry.tenant_id or 0, []).append(entry)
    return [
        GroupSummary(
            group=group,
            upcoming_meetings=group.upcoming,
            recent_entries=by_partner.get(group.partner_id, []),
        )
        for group in groups
    ]


def memberships_of(group: StakeholderGroup) -> QuerySet[Membership]:
    """Current and past members, current first, with their contact persons."""
    return (
        Membership.objects.filter(group=group)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Person.objects.order_by("last_name", "first_name"),
                to_attr="contact_people",
            )
        )
        .order_by(F("left_on").desc(nulls_first=True), "organisation__name")
    )


def open_invitations_of(group: StakeholderGroup) -> QuerySet[Invitation]:
    """Invitations waiting for an answer, expired ones included (they can be withdrawn)."""
    return Invitation.objects.filter(
        group=group, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation", "invited_by")


def member_organisations(group: StakeholderGroup) -> QuerySet[Membership]:
    return (
        active_memberships()
        .filter(group=group)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def member_contacts(group: StakeholderGroup) -> list[tuple[Membership, Person]]:
    """Contact persons of the group's current members, for the export."""
    rows = []
    for membership in memberships_of(group).filter(
        pk__in=active_memberships().filter(group=group).values("pk")
    ):
        for person in membership.contact_people:  # type: ignore[attr-defined]
            rows.append((membership, person))
    return rows


def documents_of(group: StakeholderGroup) -> QuerySet[GroupDocument]:
    return GroupDocument.objects.filter(group=group).select_related("uploaded_by")


def upcoming_published_meetings(group: StakeholderGroup) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        group=group, is_published=True, ends_at__gte=timezone.now()
    ).order_by("starts_at")


# --- applications --------------------------------------------------------------------------


def applications(
    user: Any, *, status: str = "", group: StakeholderGroup | None = None
) -> QuerySet[Application]:
    queryset = filter_permitted(
        Application.objects.select_related("group", "group__partner", "decided_by"),
        user,
        "application:view",
        partner_field="group__partner_id",
    )
    if status:
        queryset = queryset.filter(status=status)
    if group is not None:
        queryset = queryset.filter(group=group)
    return queryset.order_by("-created_at", "-id")


def history(target: models.Model) -> QuerySet[AuditEntry]:
    """The audit entries about one record, oldest first."""
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


# --- meetings ----------------------------------------------------------------------------------


def meetings(user: Any) -> QuerySet[Meeting]:
    """Every meeting of the user's groups, drafts included; upcoming first."""
    return _with_registration_counts(
        filter_permitted(
            Meeting.objects.select_related("group", "group__partner"),
            user,
            "meeting:view_draft",
            partner_field="group__partner_id",
        )
    ).order_by("-starts_at", "-id")


def registrations_of(meeting: Meeting) -> QuerySet[Registration]:
    order = models.Case(
        models.When(status=Registration.Status.CONFIRMED, then=Value(0)),
        models.When(status=Registration.Status.WAITLISTED, then=Value(1)),
        default=Value(2),
    )
    return meeting.registrations.order_by(order, "created_at", "id")


# --- workshops (live conversations) ----------------------------------------------------------

#: How many accepted statements of a conversation are compared pairwise for duplicates.
DUPLICATE_SCAN_LIMIT = 200
#: How many pairs of possible duplicates the workshop page offers at once.
DUPLICATE_PAIRS_SHOWN = 25


def workshops(user: Any) -> QuerySet[Conversation]:
    """The conversations of the groups the user runs, newest first, with their counts."""
    return (
        filter_permitted(
            Conversation.objects.select_related("group", "group__partner", "meeting"),
            user,
            "conversation:manage",
            partner_field="group__partner_id",
        )
        .annotate(
            participants_count=_count(Participant.objects.all(), "conversation"),
            statements_count=_count(
                Statement.objects.filter(state=Statement.State.ACCEPTED), "conversation"
            ),
            pending_count=_count(
                Statement.objects.filter(state=Statement.State.PENDING), "conversation"
            ),
            votes_count=_count(Vote.objects.all(), "statement__conversation"),
        )
        .order_by("-created_at", "-id")
    )


def workshop_groups(user: Any) -> QuerySet[StakeholderGroup]:
    return permitted_groups(user, "conversation:manage")


def workshop_meetings(user: Any) -> QuerySet[Meeting]:
    """Meetings a conversation of the user's groups may be attached to, newest first."""
    return filter_permitted(
        Meeting.objects.select_related("group"),
        user,
        "conversation:manage",
        partner_field="group__partner_id",
    ).order_by("-starts_at", "-id")


def conversations_of(meeting: Meeting) -> QuerySet[Conversation]:
    return meeting.conversations.order_by("-created_at", "-id")


def statements_of(conversation: Conversation) -> QuerySet[Statement]:
    """Every statement of the conversation, in all states, oldest first, with its votes."""
    return (
        Statement.objects.filter(conversation=conversation)
        .annotate(votes_count=_count(Vote.objects.all(), "statement"))
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class DuplicatePair:
    """Two accepted statements alike enough to merge: `merged` would fold into `kept`."""

    kept: Statement
    merged: Statement
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def possible_duplicates(
    statements: list[Statement], *, limit: int = DUPLICATE_PAIRS_SHOWN
) -> list[DuplicatePair]:
    """Pairs of near-duplicates among the accepted `statements`, most alike first.

    Every pair is compared in Python (`dialogue.selectors.similarity`), so only the newest
    `DUPLICATE_SCAN_LIMIT` accepted statements are looked at: enough for a workshop, and a
    few hundred milliseconds at most. In a pair, the statement with more votes stays (the
    older one when the votes are even); the statements need a `votes_count`.
    """
    accepted = sorted(
        (s for s in statements if s.state == Statement.State.ACCEPTED),
        key=lambda s: (s.created_at, s.pk),
    )[-DUPLICATE_SCAN_LIMIT:]
    pairs = []
    for index, first in enumerate(accepted):
        for second in accepted[index + 1 :]:
            score = similarity(first.normalised_text, second.normalised_text)
            if score < SIMILARITY_THRESHOLD:
                continue
            kept, merged = (
                (second, first)
                if getattr(second, "votes_count", 0) > getattr(first, "votes_count", 0)
                else (first, second)
            )
            pairs.append(DuplicatePair(kept=kept, merged=merged, score=score))
    pairs.sort(key=lambda pair: (-pair.score, pair.kept.pk, pair.merged.pk))
    return pairs[:limit]


# --- news --------------------------------------------------------------------------------------


def posts(user: Any) -> QuerySet[Post]:
    """The posts of the user's regions, and project-wide ones for those who may edit them."""
    return filter_permitted(
        Post.objects.select_related("partner", "author"),
        user,
        "news:manage",
        partner_field="partner_id",
        project_wide_field="partner",
    ).order_by(F("published_at").desc(nulls_first=True), "-id")


def post_partners(user: Any) -> QuerySet[Partner]:
    return filter_permitted(
        Partner.objects.all(), user, "news:manage", partner_field="id"
    ).order_by("short_name")


def post_meetings(user: Any) -> QuerySet[Meeting]:
    return filter_permitted(
        Meeting.objects.select_related("group"),
        user,
        "news:manage",
        partner_field="group__partner_id",
    ).order_by("-starts_at")


# --- audit log ---------------------------------------------------------------------------------


def audit_entries(
    user: Any,
    *,
    action_prefix: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """The log of the user's regions; coordinators also read the project-wide entries."""
    queryset = filter_permitted(
        AuditEntry.objects.select_related("actor", "target_type"),
        user,
        "audit:view",
        partner_field="tenant_id",
        project_wide_field="tenant_id",
    )
    if action_prefix:
        queryset = queryset.filter(action__startswith=action_prefix)
    if date_from is not None:
        queryset = queryset.filter(created_at__date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(created_at__date__lte=date_to)
    return queryset.order_by("-created_at", "-id")


def partner_names(partner_ids: set[int]) -> dict[int, str]:
    return dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "short_name"))

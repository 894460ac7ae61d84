from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from scaleup.meetings.models import AgendaItem, Meeting, Photo, Registration
from scaleup.stakeholders.models import OrganisationKind

_CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)


def published_meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(is_published=True)
        .select_related("group")
        .annotate(confirmed_count=Count("registrations", filter=_CONFIRMED))
    )


def upcoming_meetings() -> QuerySet[Meeting]:
    return published_meetings().filter(ends_at__gte=timezone.now()).order_by("starts_at")


def past_meetings() -> QuerySet[Meeting]:
    return published_meetings().filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def meeting_for_page(slug: str) -> Meeting | None:
    return (
        published_meetings()
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position")),
            Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
        )
        .filter(slug=slug)
        .first()
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def participating_kinds(meeting: Meeting) -> list[KindCount]:
    """Kinds of organisations taking part, with counts of distinct organisations.

    Once attendance is recorded for a meeting, attendance counts; before that,
    confirmed registrations do.
    """
    taking_part = meeting.registrations.filter(status=Registration.Status.CONFIRMED)
    if taking_part.filter(attended=True).exists():
        taking_part = taking_part.filter(attended=True)
    rows = (
        taking_part.values("organisation_kind")
        .annotate(count=Count("organisation_name", distinct=True))
        .order_by("-count", "organisation_kind")
    )
    labels = dict(OrganisationKind.choices)
    return [
        KindCount(row["organisation_kind"], str(labels[row["organisation_kind"]]), row["count"])
        for row in rows
    ]


def seats_left(meeting: Meeting) -> int:
    confirmed = getattr(meeting, "confirmed_count", None)
    if confirmed is None:
        confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(meeting.capacity - confirmed, 0)

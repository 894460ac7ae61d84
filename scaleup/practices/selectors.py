"""Reads of good practices: the public library (search and filters, paginated by the view)
and the lessons learnt about each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from scaleup.access.checks import filter_permitted
from scaleup.meetings.models import LEARNING_EVENT_FORMATS, Meeting
from scaleup.practices.models import GoodPractice, Lesson
from scaleup.projects.models import Theme


@dataclass(frozen=True)
class Filters:
    query: str = ""
    theme: int | None = None
    country: str = ""
    sector: str = ""


def published(filters: Filters) -> QuerySet[GoodPractice]:
    practices = GoodPractice.objects.filter(is_published=True)
    if filters.query:
        words = filters.query.split()
        for word in words[:8]:
            practices = practices.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(region__icontains=word)
                | Q(sector__icontains=word)
            )
    if filters.theme is not None:
        practices = practices.filter(themes__id=filters.theme)
    if filters.country:
        practices = practices.filter(country=filters.country)
    if filters.sector:
        practices = practices.filter(sector__iexact=filters.sector)
    return (
        practices.select_related("partner")
        .prefetch_related("themes")
        .distinct()
        .order_by("title", "id")
    )


def sectors() -> list[str]:
    """The sectors published practices name, for the filter."""
    return sorted(
        set(
            GoodPractice.objects.filter(is_published=True)
            .exclude(sector="")
            .values_list("sector", flat=True)
        ),
        key=str.casefold,
    )


def themes() -> QuerySet[Theme]:
    return (
        Theme.objects.filter(good_practices__is_published=True)
        .distinct()
        .order_by("project", "position", "id")
    )


def practice_page(slug: str) -> GoodPractice:
    return (
        GoodPractice.objects.select_related("partner")
        .prefetch_related(
            "themes",
            Prefetch(
                "lessons",
                queryset=Lesson.objects.select_related("meeting").order_by(
                    "-meeting__starts_at", "id"
                ),
            ),
        )
        .get(slug=slug)
    )


def managed(user: Any) -> QuerySet[GoodPractice]:
    """The practices of the partners whose practices the user manages, drafts included."""
    return (
        filter_permitted(
            GoodPractice.objects.all(), user, "practice:manage", partner_field="partner_id"
        )
        .select_related("partner")
        .order_by("partner__position", "title", "id")
    )


def learning_events(user: Any) -> QuerySet[Meeting]:
    return (
        filter_permitted(
            Meeting.objects.filter(format__in=sorted(LEARNING_EVENT_FORMATS)),
            user,
            "meeting:manage",
            partner_field="group__partner_id",
        )
        .select_related("group")
        .order_by("-starts_at")
    )


def linkable_practices(partner_id: int) -> QuerySet[GoodPractice]:
    """What a partner's records may link: published practices, and the partner's own drafts
    (the rule of `services.link_problems`)."""
    return (
        GoodPractice.objects.filter(Q(is_published=True) | Q(partner_id=partner_id))
        .select_related("partner")
        .order_by("title", "id")
    )


def lessons_of(meeting: Meeting) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(meeting=meeting)
        .prefetch_related(Prefetch("practices", queryset=GoodPractice.objects.order_by("title")))
        .order_by("created_at", "id")
    )

"""Changes to good practices and to the lessons learnt at learning events; each in one
transaction with its audit entry, bad input refused by field with nothing saved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from scaleup.access.checks import ensure_actor_may
from scaleup.core.audit import changes, record, snapshot
from scaleup.core.slugs import slug_for
from scaleup.meetings.models import Meeting
from scaleup.practices.models import GoodPractice, Lesson
from scaleup.projects.models import Theme

#: Paths of the practices' own pages, which a practice's slug must not take.
RESERVED_SLUGS = frozenset({"manage", "events", "lessons"})


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slug_for(title) or "praktyka"
    if base in RESERVED_SLUGS:
        base = f"{base}-praktyka"
    slug, number = base, 2
    taken = GoodPractice.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def link_problems(practices: Iterable[GoodPractice], *, partner_id: int) -> list[str]:
    """Why a partner's record (a lesson, a recommendation, an action) may not link these
    practices: only published ones, and the partner's own drafts."""
    if any(not item.is_published and item.partner_id != partner_id for item in practices):
        return [_("Link only published practices, or your region's own.")]
    return []


def _clean(practice: GoodPractice) -> None:
    try:
        practice.full_clean(exclude=["slug"])
    except ValidationError as invalid:
        raise ValidationError(invalid.message_dict) from invalid


@transaction.atomic
def save_practice(
    *, practice: GoodPractice, themes: Iterable[Theme] | None = None, actor: Any
) -> GoodPractice:
    """Create (no pk yet) or update a practice; themes replace the current ones if given."""
    ensure_actor_may(actor, "practice:manage", practice)
    chosen = list(themes) if themes is not None else None
    if chosen is not None:
        foreign = [theme for theme in chosen if theme.project_id != practice.partner.project_id]
        if foreign:
            raise ValidationError({"themes": _("Choose themes of the partner's own project.")})
    _clean(practice)
    created = practice.pk is None
    before = {} if created else snapshot(GoodPractice.objects.get(pk=practice.pk))
    if not practice.slug:
        practice.slug = unique_slug(practice.title, exclude_pk=practice.pk)
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError as taken:  # a practice of the same title saved meanwhile
        raise ValidationError(
            {"title": [_("A practice with this title was saved just now; save again.")]}
        ) from taken
    if chosen is not None:
        practice.themes.set(chosen)
    record(
        actor=actor,
        action="practices.practice.created" if created else "practices.practice.updated",
        target=practice,
        **({} if created else {"changes": changes(before, snapshot(practice))}),
    )
    return practice


@transaction.atomic
def add_lesson(
    *, meeting: Meeting, text: str, practices: Iterable[GoodPractice], actor: Any
) -> Lesson:
    ensure_actor_may(actor, "meeting:manage", meeting)
    chosen = list(practices)
    problems: dict[str, str] = {}
    if not meeting.is_learning_event:
        problems["text"] = _(
            "Lessons are kept for study visits, peer reviews and staff exchanges; change the "
            "meeting's format first."
        )
    if practice_problems := link_problems(chosen, partner_id=meeting.group.partner_id):
        problems["practices"] = practice_problems[0]
    lesson = Lesson(meeting=meeting, text=text.strip())
    try:
        lesson.full_clean()
    except ValidationError as invalid:
        problems = invalid.message_dict | problems  # type: ignore[assignment]
    if problems:
        raise ValidationError(problems)
    lesson.save()
    lesson.practices.set(chosen)
    record(
        actor=actor,
        action="practices.lesson.added",
        target=meeting,
        lesson=lesson.pk,
        practices=[practice.pk for practice in chosen],
    )
    return lesson


@transaction.atomic
def delete_lesson(*, lesson: Lesson, actor: Any) -> None:
    ensure_actor_may(actor, "meeting:manage", lesson)
    record(actor=actor, action="practices.lesson.deleted", target=lesson.meeting, text=lesson.text)
    lesson.delete()

"""How each computed indicator reads the platform's records: one query per method (three
for the instruments addressed: own, in plans, in recommendations).

Each method yields `tally.Event`s (partner, day, the thing counted); `tally` does the
counting per semester. A record is dated by what it reports: a meeting by its start, a
recommendation's step by the day it was recorded, a monitoring note by the day it notes,
and records without a date of their own (practices, plans) by the day they were entered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from scaleup.actionplans.models import Action, ActionPlan, MonitoringNote, Progress
from scaleup.indicators.models import ManualValue, Method
from scaleup.indicators.tally import Event, Semester, organisation_key
from scaleup.meetings.models import LEARNING_EVENT_FORMATS, Registration
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation, Transition
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Partner, Project

Source = Callable[[Project], Iterable[Event]]

ADOPTED = (State.ACCEPTED, State.PARTLY_ACCEPTED)
UNDER_WAY = (Progress.ON_TRACK, Progress.DELAYED, Progress.DONE)


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def good_practices(project: Project) -> Iterator[Event]:
    rows = GoodPractice.objects.filter(partner__project=project).values_list(
        "partner_id", "created_at", "pk"
    )
    for partner_id, created_at, pk in rows:
        yield Event(partner_id, _day(created_at), pk)


def _attended(project: Project) -> QuerySet[Registration]:
    return Registration.objects.filter(meeting__group__partner__project=project, attended=True)


def learning_participants(project: Project) -> Iterator[Event]:
    """A person is told apart by the token their registrations share, which outlives
    anonymisation; a registration without one (anonymised before tokens) by its e-mail,
    else it is a person of its own."""
    rows = (
        _attended(project)
        .filter(meeting__format__in=sorted(LEARNING_EVENT_FORMATS))
        .values_list("meeting__group__partner_id", "meeting__starts_at", "person", "email", "pk")
    )
    for partner_id, starts_at, person, email, pk in rows:
        if person is not None:
            key: tuple[str, object] = ("person", person)
        elif email:
            key = ("email", email.lower())
        else:
            key = ("registration", pk)
        yield Event(partner_id, _day(starts_at), key)


def organisations_attending(project: Project) -> Iterator[Event]:
    """An organisation in the registry counts once; one typed on the form, by its name."""
    rows = _attended(project).values_list(
        "meeting__group__partner_id", "meeting__starts_at", "organisation_id", "organisation_name"
    )
    for partner_id, starts_at, organisation_id, name in rows:
        yield Event(partner_id, _day(starts_at), organisation_key(organisation_id, name))


def action_plans(project: Project) -> Iterator[Event]:
    rows = (
        ActionPlan.objects.filter(partner__project=project)
        .filter(Exists(Action.objects.filter(plan=OuterRef("pk"))))
        .values_list("partner_id", "created_at", "pk")
    )
    for partner_id, created_at, pk in rows:
        yield Event(partner_id, _day(created_at), pk)


def plans_implemented(project: Project) -> Iterator[Event]:
    rows = MonitoringNote.objects.filter(
        action__plan__partner__project=project, progress__in=UNDER_WAY
    ).values_list("action__plan__partner_id", "noted_on", "action__plan_id")
    for partner_id, noted_on, plan_id in rows:
        yield Event(partner_id, noted_on, plan_id)


def instruments_addressed(project: Project) -> Iterator[Event]:
    """The partner's own instrument from the start, and those its plans and its group's
    recommendations aim at, from when they were entered."""
    for partner_id, instrument_id in Partner.objects.filter(project=project).values_list(
        "pk", "policy_instrument_id"
    ):
        if instrument_id is not None:
            yield Event(partner_id, project.started_on, instrument_id)
    for partner_id, created_at, instrument_id in ActionPlan.objects.filter(
        partner__project=project
    ).values_list("partner_id", "created_at", "instrument_id"):
        yield Event(partner_id, _day(created_at), instrument_id)
    for partner_id, created_at, instrument_id in Recommendation.objects.filter(
        group__partner__project=project
    ).values_list("group__partner_id", "created_at", "instrument_id"):
        yield Event(partner_id, _day(created_at), instrument_id)


def _steps(project: Project, states: Iterable[str]) -> Iterable[tuple[int, dt.datetime, int, int]]:
    return Transition.objects.filter(
        recommendation__group__partner__project=project, to_state__in=list(states)
    ).values_list(
        "recommendation__group__partner_id",
        "created_at",
        "recommendation_id",
        "recommendation__instrument_id",
    )


def instruments_improved(project: Project) -> Iterator[Event]:
    for partner_id, created_at, _recommendation_id, instrument_id in _steps(project, ADOPTED):
        yield Event(partner_id, _day(created_at), instrument_id)


def recommendations_endorsed(project: Project) -> Iterator[Event]:
    for partner_id, created_at, recommendation_id, _ in _steps(project, [State.ENDORSED]):
        yield Event(partner_id, _day(created_at), recommendation_id)


def recommendations_adopted(project: Project) -> Iterator[Event]:
    for partner_id, created_at, recommendation_id, _ in _steps(project, ADOPTED):
        yield Event(partner_id, _day(created_at), recommendation_id)


SOURCES: dict[str, Source] = {
    Method.GOOD_PRACTICES: good_practices,
    Method.LEARNING_PARTICIPANTS: learning_participants,
    Method.ACTION_PLANS: action_plans,
    Method.INSTRUMENTS_ADDRESSED: instruments_addressed,
    Method.INSTRUMENTS_IMPROVED: instruments_improved,
    Method.ORGANISATIONS_ATTENDING: organisations_attending,
    Method.RECOMMENDATIONS_ENDORSED: recommendations_endorsed,
    Method.RECOMMENDATIONS_ADOPTED: recommendations_adopted,
    Method.PLANS_IMPLEMENTED: plans_implemented,
}


def manual_events(values: Iterable[ManualValue], periods: list[Semester]) -> dict[int, list[Event]]:
    """Entered values as events dated at the start of their semester, per indicator."""
    starts = {semester.number: semester.starts_on for semester in periods}
    events: dict[int, list[Event]] = {}
    for value in values:
        if value.semester in starts:
            events.setdefault(value.indicator_id, []).append(
                Event(
                    value.partner_id,
                    starts[value.semester],
                    ("manual", value.pk),
                    Decimal(value.value),
                )
            )
    return events

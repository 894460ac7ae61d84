"""Reads of indicator values: the semester table behind the dashboard and the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from scaleup.access.checks import filter_permitted
from scaleup.actionplans.models import MonitoringNote
from scaleup.core.charts import bar_chart
from scaleup.indicators.computations import SOURCES, manual_events
from scaleup.indicators.models import Indicator, ManualValue, Period
from scaleup.indicators.tally import Semester, Tally, organisation_key, semesters, tally
from scaleup.meetings.models import Meeting, Registration
from scaleup.policy.models import Transition
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Partner, Project


def current_project() -> Project | None:
    """The instance's project (one instance serves one project)."""
    return Project.objects.select_related("programme").order_by("started_on", "pk").first()


def period_of(project: Project) -> str:
    """The catalogue of the project's programme: 2021-2027 from that period on."""
    if project.programme.period_start >= 2021:
        return Period.INTERREG_2021_2027
    return Period.INTERREG_2014_2020


def project_semesters(project: Project, *, today: dt.date | None = None) -> list[Semester]:
    """Semesters from the start to the end date, or to today while the project runs."""
    today = today or timezone.localdate()
    until = min(project.ended_on, today) if project.ended_on else today
    return semesters(project.started_on, max(until, project.started_on))


def permitted_partners(user: Any, permission: str, project: Project) -> QuerySet[Partner]:
    return filter_permitted(
        Partner.objects.filter(project=project), user, permission, partner_field="id"
    ).order_by("position", "pk")


def covers_whole_project(partners: Sequence[Partner], project: Project) -> bool:
    """Do these (permitted) partners make up the whole project? Then its figures are shown."""
    return len(partners) == Partner.objects.filter(project=project).count()


@dataclass
class IndicatorRow:
    indicator: Indicator
    tally: Tally
    #: (partner id, semester) -> the entered value, for manual indicators
    entered: dict[tuple[int, int], ManualValue] = field(default_factory=dict)


@dataclass
class IndicatorTable:
    project: Project
    period: str
    semesters: Sequence[Semester]
    partners: Sequence[Partner]
    rows: list[IndicatorRow]

    def semester(self, number: int) -> Semester | None:
        return next((s for s in self.semesters if s.number == number), None)


def indicator_table(
    *,
    project: Project,
    partners: Sequence[Partner],
    period: str,
    today: dt.date | None = None,
) -> IndicatorTable:
    """Every indicator of the period for the partners, per semester; one query per method.

    The project's figures count the given partners only, so a facilitator's table shows
    their region, and the coordinator's the whole project.
    """
    periods = project_semesters(project, today=today)
    indicators = list(Indicator.objects.filter(period=period))
    partner_ids = [partner.pk for partner in partners]
    events_by_method = {
        method: list(SOURCES[method](project))
        for method in {indicator.method for indicator in indicators}
        if method in SOURCES
    }
    manual = [indicator for indicator in indicators if indicator.is_manual]
    values = list(
        ManualValue.objects.filter(indicator__in=manual, partner_id__in=partner_ids)
        .select_related("recorded_by")
        .order_by("pk")
    )
    entered_events = manual_events(values, periods)
    entered: dict[int, dict[tuple[int, int], ManualValue]] = {}
    for value in values:
        entered.setdefault(value.indicator_id, {})[(value.partner_id, value.semester)] = value
    rows = []
    for indicator in indicators:
        if indicator.is_manual:
            events = entered_events.get(indicator.pk, [])
        else:
            events = events_by_method[indicator.method]
        rows.append(
            IndicatorRow(
                indicator=indicator,
                tally=tally(events, periods, partner_ids),
                entered=entered.get(indicator.pk, {}),
            )
        )
    return IndicatorTable(
        project=project, period=period, semesters=periods, partners=partners, rows=rows
    )


def semester_values(table: IndicatorTable, number: int) -> list[dict[str, Any]]:
    """One semester's rows for a page or a report: each partner's value in the semester
    and up to it, and the project's."""
    result = []
    for row in table.rows:
        cells = []
        for partner in table.partners:
            cells.append(
                {
                    "partner": partner,
                    "value": row.tally.value(partner.pk, number),
                    "cumulative": row.tally.value(partner.pk, number, cumulative=True),
                    "entered": row.entered.get((partner.pk, number)),
                }
            )
        result.append(
            {
                "indicator": row.indicator,
                "cells": cells,
                "project": row.tally.value(None, number),
                "project_cumulative": row.tally.value(None, number, cumulative=True),
            }
        )
    return result


def partner_series(table: IndicatorTable, partner: Partner) -> list[dict[str, Any]]:
    """One partner's rows for its page: the value in each semester, and the chart's bars."""
    result = []
    for row in table.rows:
        values = [row.tally.value(partner.pk, s.number) for s in table.semesters]
        result.append(
            {
                "indicator": row.indicator,
                "semesters": [
                    {
                        "semester": semester,
                        "value": value,
                        "entered": row.entered.get((partner.pk, semester.number)),
                    }
                    for semester, value in zip(table.semesters, values, strict=True)
                ],
                "total": row.tally.value(partner.pk, table.semesters[-1].number, cumulative=True),
                "chart": bar_chart(
                    [
                        (f"S{s.number}", value)
                        for s, value in zip(table.semesters, values, strict=True)
                    ]
                ),
            }
        )
    return result


def long_rows(table: IndicatorTable) -> list[list[Any]]:
    """One row per indicator, partner and semester: for spreadsheets and open data."""
    rows: list[list[Any]] = []
    for row in table.rows:
        for partner in table.partners:
            for semester in table.semesters:
                entered = row.entered.get((partner.pk, semester.number))
                rows.append(
                    [
                        row.indicator.code,
                        row.indicator.name,
                        partner.short_name,
                        semester.number,
                        semester.starts_on,
                        semester.ends_on,
                        row.tally.value(partner.pk, semester.number),
                        row.tally.value(partner.pk, semester.number, cumulative=True),
                        entered.source if entered is not None else "",
                    ]
                )
    return rows


def _bounds(semester: Semester) -> tuple[dt.datetime, dt.datetime]:
    """The semester as moments: from local midnight of its first day to that after its last."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(semester.starts_on, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(semester.ends_before, dt.time.min, tzinfo=zone)
    return start, end


@dataclass
class SemesterActivity:
    """What the partners did in a semester, as the progress report lists it."""

    meetings: list[Any]
    practices: list[Any]
    steps: list[Any]
    notes: list[Any]


def semester_activity(*, partners: Sequence[Partner], semester: Semester) -> SemesterActivity:
    """Meetings with their attendance, practices, recommendation steps and monitoring notes
    of the partners in the semester: five queries."""
    start, end = _bounds(semester)
    partner_ids = [partner.pk for partner in partners]
    present = Q(registrations__attended=True)
    meetings = list(
        Meeting.objects.filter(
            group__partner_id__in=partner_ids, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("group__partner")
        .annotate(people=Count("registrations", filter=present))
        .order_by("starts_at", "pk")
    )
    # Organisations are told apart as the indicators tell them (`tally.organisation_key`).
    attending: dict[int, set[tuple[str, object]]] = {meeting.pk: set() for meeting in meetings}
    rows = Registration.objects.filter(meeting__in=meetings, attended=True).values_list(
        "meeting_id", "organisation_id", "organisation_name"
    )
    for meeting_id, organisation_id, name in rows:
        attending[meeting_id].add(organisation_key(organisation_id, name))
    for meeting in meetings:
        meeting.organisations = len(attending[meeting.pk])  # type: ignore[attr-defined]
    practices = list(
        GoodPractice.objects.filter(
            partner_id__in=partner_ids, created_at__gte=start, created_at__lt=end
        )
        .select_related("partner")
        .order_by("created_at", "pk")
    )
    steps = list(
        Transition.objects.filter(
            recommendation__group__partner_id__in=partner_ids,
            created_at__gte=start,
            created_at__lt=end,
        )
        .select_related("recommendation__group__partner")
        .order_by("created_at", "pk")
    )
    notes = list(
        MonitoringNote.objects.filter(
            action__plan__partner_id__in=partner_ids,
            noted_on__gte=semester.starts_on,
            noted_on__lt=semester.ends_before,
        )
        .select_related("action__plan__partner")
        .order_by("noted_on", "pk")
    )
    return SemesterActivity(meetings=meetings, practices=practices, steps=steps, notes=notes)

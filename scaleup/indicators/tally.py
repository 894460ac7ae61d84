"""Reporting semesters and the counting of indicator values. Plain Python, no Django.

Interreg projects report per semester: six-month periods counted from the project's start
date. An indicator's value for a period is worked out from *events*: each event says that
something countable (an organisation, a person, a practice, an amount of money) happened
for a partner on a day. Distinct things are counted once, however often they recur, so a
firm that attended three meetings is one organisation cooperating, counted in the semester
it first appeared. The same rule gives the value of one semester, of all semesters so far,
and of the whole project (where a firm working with two partners is still one).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

MONTHS_PER_SEMESTER = 6


@dataclass(frozen=True, order=True)
class Semester:
    """The n-th reporting period, from `starts_on` up to (not including) `ends_before`."""

    number: int
    starts_on: dt.date
    ends_before: dt.date

    @property
    def ends_on(self) -> dt.date:
        return self.ends_before - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.starts_on <= day < self.ends_before


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day missing from the target month becomes its last."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def semesters(started_on: dt.date, until: dt.date) -> list[Semester]:
    """The semesters from the start up to the one containing `until` (at least one)."""
    result: list[Semester] = []
    number = 1
    while True:
        starts = _add_months(started_on, MONTHS_PER_SEMESTER * (number - 1))
        ends = _add_months(started_on, MONTHS_PER_SEMESTER * number)
        result.append(Semester(number, starts, ends))
        if until < ends:
            return result
        number += 1


@dataclass(frozen=True)
class Event:
    """Something countable that happened for a partner on a day.

    `key` names the thing counted: events with the same key are one thing, counted once
    (with the amount of its first event). `amount` is 1 for counts, the sum for money.
    """

    partner_id: int
    on: dt.date
    key: Hashable
    amount: Decimal = Decimal(1)


@dataclass
class Tally:
    """An indicator's values per partner and semester, cumulative figures and totals."""

    semesters: Sequence[Semester]
    #: partner id -> semester number -> value added in that semester
    by_semester: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    #: partner id -> semester number -> value from the first semester up to that one
    cumulative: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    #: semester number -> value of the whole project (all partners, things counted once)
    project_by_semester: dict[int, Decimal] = field(default_factory=dict)
    project_cumulative: dict[int, Decimal] = field(default_factory=dict)

    def value(self, partner_id: int | None, number: int, *, cumulative: bool = False) -> Decimal:
        """A partner's value (None: the project's) in a semester, or up to it."""
        if partner_id is None:
            table = self.project_cumulative if cumulative else self.project_by_semester
            return table.get(number, Decimal(0))
        rows = self.cumulative if cumulative else self.by_semester
        return rows.get(partner_id, {}).get(number, Decimal(0))


def _series(
    events: Iterable[Event], periods: Sequence[Semester]
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Values per semester and cumulative values of one stream of events, in one pass.

    A semester's value is what it added: things counted for the first time in it. So the
    semesters' values add up to the cumulative figure, as the programme's reports expect.
    """
    starts = [semester.starts_on for semester in periods]
    buckets: list[list[Event]] = [[] for _ in periods]
    for event in events:
        index = bisect_right(starts, event.on) - 1
        if 0 <= index < len(periods) and event.on in periods[index]:
            buckets[index].append(event)
    per_semester: dict[int, Decimal] = {}
    cumulative: dict[int, Decimal] = {}
    seen: set[Hashable] = set()
    running = Decimal(0)
    for semester, bucket in zip(periods, buckets, strict=True):
        added = Decimal(0)
        for event in sorted(bucket, key=lambda event: event.on):
            if event.key not in seen:
                seen.add(event.key)
                added += event.amount
        running += added
        per_semester[semester.number] = added
        cumulative[semester.number] = running
    return per_semester, cumulative


def tally(
    events: Iterable[Event], periods: Sequence[Semester], partner_ids: Iterable[int]
) -> Tally:
    """Count the events of each partner per semester, cumulatively and for the project.

    Events outside the semesters (before the start, after the last) are not counted.
    """
    result = Tally(semesters=periods)
    partners = set(partner_ids)
    by_partner: dict[int, list[Event]] = {partner_id: [] for partner_id in partners}
    for event in events:
        if event.partner_id in partners:
            by_partner[event.partner_id].append(event)
    for partner_id, own in by_partner.items():
        result.by_semester[partner_id], result.cumulative[partner_id] = _series(own, periods)
    everyone = [event for own in by_partner.values() for event in own]
    result.project_by_semester, result.project_cumulative = _series(everyone, periods)
    return result


def organisation_key(organisation_id: int | None, name: str) -> tuple[str, object]:
    """One organisation, however it came: by its registry record where a registration
    points to one, else by the name as typed (ignoring case and spacing)."""
    if organisation_id is not None:
        return ("organisation", organisation_id)
    return ("name", " ".join(name.split()).casefold())

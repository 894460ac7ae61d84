"""Semesters and counting, without the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from scaleup.indicators.tally import Event, semesters, tally

START = dt.date(2019, 8, 1)


def test_semesters_are_six_months_from_the_start() -> None:
    periods = semesters(START, dt.date(2020, 8, 1))
    assert [(s.number, s.starts_on, s.ends_on) for s in periods] == [
        (1, dt.date(2019, 8, 1), dt.date(2020, 1, 31)),
        (2, dt.date(2020, 2, 1), dt.date(2020, 7, 31)),
        (3, dt.date(2020, 8, 1), dt.date(2021, 1, 31)),
    ]


def test_a_start_at_the_end_of_a_month_keeps_to_month_ends() -> None:
    periods = semesters(dt.date(2019, 8, 31), dt.date(2020, 3, 1))
    assert periods[1].starts_on == dt.date(2020, 2, 29)


def test_there_is_always_a_first_semester() -> None:
    assert [s.number for s in semesters(START, START)] == [1]


def test_a_thing_is_counted_in_the_semester_it_first_appears() -> None:
    periods = semesters(START, dt.date(2020, 8, 1))
    events = [
        Event(1, dt.date(2019, 9, 1), "firm"),
        Event(1, dt.date(2020, 3, 1), "firm"),
        Event(1, dt.date(2020, 3, 2), "school"),
    ]
    result = tally(events, periods, [1])
    assert result.by_semester[1] == {1: 1, 2: 1, 3: 0}
    assert result.cumulative[1] == {1: 1, 2: 2, 3: 2}


def test_the_project_counts_a_thing_shared_by_two_partners_once() -> None:
    periods = semesters(START, START)
    events = [Event(1, dt.date(2019, 9, 1), "firm"), Event(2, dt.date(2019, 9, 2), "firm")]
    result = tally(events, periods, [1, 2])
    assert (result.value(1, 1), result.value(2, 1), result.value(None, 1)) == (1, 1, 1)


def test_amounts_add_up() -> None:
    periods = semesters(START, START)
    events = [
        Event(1, START, ("manual", 1), Decimal("150000.50")),
        Event(2, START, ("manual", 2), Decimal("5000")),
    ]
    assert tally(events, periods, [1, 2]).value(None, 1) == Decimal("155000.50")


def test_events_outside_the_semesters_and_other_partners_are_left_out() -> None:
    periods = semesters(START, START)
    events = [
        Event(1, dt.date(2019, 7, 31), "before"),
        Event(1, dt.date(2020, 2, 1), "after"),
        Event(3, dt.date(2019, 9, 1), "elsewhere"),
    ]
    result = tally(events, periods, [1])
    assert (result.value(1, 1), result.value(None, 1)) == (0, 0)
    assert result.value(3, 1) == 0

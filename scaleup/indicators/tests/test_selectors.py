"""Every indicator of the catalogue, computed from one fixture, against hand-counted figures.

The project (the `project` fixture in conftest.py) starts on 1 August 2019 and ends on
31 January 2021: three semesters, S1 Aug 2019 to Jan 2020, S2 Feb to Jul 2020, S3 Aug 2020
to Jan 2021. Partner A (instrument IA) and partner B (instrument IB) each run a group.
The comments beside the expectations say which records make each figure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from scaleup.indicators.models import Period
from scaleup.indicators.selectors import indicator_table, semester_values
from scaleup.meetings.personal_data import RegistrationProvider
from scaleup.privacy.registry import DataSubject
from scaleup.projects.models import Partner, Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _figures(project: tuple[Project, Partner, Partner], period: str) -> dict[str, Any]:
    """code -> (A per semester, B per semester, project per semester, project cumulative)."""
    instance, a, b = project
    table = indicator_table(project=instance, partners=[a, b], period=period)
    figures: dict[str, Any] = {}
    for row in table.rows:
        numbers = [s.number for s in table.semesters]
        figures[row.indicator.code] = (
            [row.tally.value(a.pk, n) for n in numbers],
            [row.tally.value(b.pk, n) for n in numbers],
            [row.tally.value(None, n) for n in numbers],
            [row.tally.value(None, n, cumulative=True) for n in numbers],
        )
    return figures


def test_the_2014_2020_indicators_equal_the_hand_count(project: Any) -> None:
    figures = _figures(project, Period.INTERREG_2014_2020)
    # A: anna and bartek (S1), filip (S3; anna again); B: anna; the project: anna once.
    assert figures["PEOPLE"] == ([2, 0, 1], [0, 1, 0], [2, 0, 1], [2, 2, 3])
    assert figures["GP"] == ([1, 1, 0], [0, 0, 1], [1, 1, 1], [1, 2, 3])
    # Only A's plan has an action; it was started in S2.
    assert figures["AP"] == ([0, 1, 0], [0, 0, 0], [0, 1, 0], [0, 1, 1])
    # Own instruments from the start; A's recommendation for a second one in S3.
    assert figures["PI-ADDRESSED"] == ([1, 0, 1], [1, 0, 0], [2, 0, 1], [2, 2, 3])
    # A's recommendation accepted in S3; B's was rejected.
    assert figures["PI-IMPROVED"] == ([0, 0, 1], [0, 0, 0], [0, 0, 1], [0, 0, 1])
    assert figures["SF-INFLUENCED"] == (
        [0, Decimal("150000.50"), 100000],
        [0, 0, 5000],
        [0, Decimal("150000.50"), 105000],
        [0, Decimal("150000.50"), Decimal("255000.50")],
    )
    assert figures["MEDIA"] == ([0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0])


def test_the_2021_2027_indicators_equal_the_hand_count(project: Any) -> None:
    figures = _figures(project, Period.INTERREG_2021_2027)
    assert figures["RCO83"] == ([0, 1, 0], [0, 0, 0], [0, 1, 0], [0, 1, 1])
    # A: O1, O2 (S1), "Firma X" typed twice in two spellings (S2), O3 (S3); B: O1.
    assert figures["RCO87"] == ([2, 1, 1], [0, 1, 0], [2, 1, 1], [2, 3, 4])
    # Endorsements: A's first (S2) and second (S3), B's (S2).
    assert figures["RCO116"] == ([0, 1, 1], [0, 1, 0], [0, 2, 1], [0, 2, 3])
    # A's plan reports progress from December 2020 (the July note: not started).
    assert figures["RCR79"] == ([0, 0, 1], [0, 0, 0], [0, 0, 1], [0, 0, 1])
    assert figures["RCR84"] == ([0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0])
    assert figures["RCR104"] == ([0, 0, 1], [0, 0, 0], [0, 0, 1], [0, 0, 1])


def test_a_facilitators_table_counts_their_partner_alone(project: Any) -> None:
    instance, a, _b = project
    table = indicator_table(project=instance, partners=[a], period=Period.INTERREG_2021_2027)
    rco87 = next(row for row in semester_values(table, 3) if row["indicator"].code == "RCO87")
    assert (rco87["project"], rco87["project_cumulative"]) == (1, 4)
    assert [cell["partner"] for cell in rco87["cells"]] == [a]


def test_the_table_runs_one_query_per_method(project: Any, django_assert_num_queries: Any) -> None:
    instance, a, b = project
    # The catalogue, the entered values, and one query for each of the five methods.
    with django_assert_num_queries(7):
        indicator_table(project=instance, partners=[a, b], period=Period.INTERREG_2021_2027)


def test_an_erased_person_is_still_counted_once(project: Any) -> None:
    """Anna's registrations, anonymised on her request, stay one person."""
    before = _figures(project, Period.INTERREG_2014_2020)["PEOPLE"]
    subject = DataSubject(user=None, emails=frozenset({"anna@example.org"}))
    assert RegistrationProvider().erase(subject, actor=None) == 4

    assert _figures(project, Period.INTERREG_2014_2020)["PEOPLE"] == before

from __future__ import annotations

from decimal import Decimal

from scaleup.core.charts import (
    AXIS,
    HEIGHT,
    MAX_SERIES,
    TOP,
    bar_chart,
    bar_chart_data,
    stacked_bar_chart,
    stacked_bar_chart_data,
)

USABLE = HEIGHT - AXIS - TOP


def test_bars_are_scaled_to_the_largest_value() -> None:
    chart = bar_chart([("S1", Decimal(2)), ("S2", Decimal(4)), ("S3", Decimal(0))])
    assert [bar.height for bar in chart.bars] == [USABLE / 2, USABLE, 0.0]
    assert chart.bars[1].y == HEIGHT - AXIS - USABLE


def test_segments_stack_bottom_up_within_their_column() -> None:
    chart = stacked_bar_chart(
        ["S1", "S2"], [("cluster", [Decimal(1), Decimal(3)]), ("sme", [Decimal(1), Decimal(1)])]
    )
    first, second = chart.columns
    assert (first.total, second.total) == (Decimal(2), Decimal(4))
    lower, upper = second.segments
    assert lower.y + lower.height == HEIGHT - AXIS
    assert upper.y + upper.height == lower.y
    assert round(lower.height + upper.height, 2) == USABLE
    assert first.text == "2"


def test_zero_values_draw_no_segment() -> None:
    chart = stacked_bar_chart(["S1"], [("cluster", [Decimal(0)]), ("sme", [Decimal(0)])])
    assert chart.columns[0].segments == []


def test_series_beyond_the_palette_are_summed_into_the_last() -> None:
    series = [(f"kind {n}", [Decimal(1)]) for n in range(MAX_SERIES + 2)]
    chart = stacked_bar_chart(["S1"], series)
    assert len(chart.series) == MAX_SERIES
    assert chart.columns[0].segments[-1].value == Decimal(3)
    assert chart.columns[0].total == Decimal(MAX_SERIES + 2)


def test_chart_data_has_the_drawn_figures() -> None:
    stacked = stacked_bar_chart(
        ["S1", "S2"], [("cluster", [Decimal(0), Decimal(3)]), ("sme", [Decimal(2), Decimal(0)])]
    )
    assert stacked_bar_chart_data(stacked)["datasets"] == [
        {"label": "cluster", "data": [0.0, 3.0]},
        {"label": "sme", "data": [2.0, 0.0]},
    ]
    plain = bar_chart_data(bar_chart([("S1", Decimal("1.5"))]), "Votes")
    assert plain == {
        "stacked": False,
        "labels": ["S1"],
        "datasets": [{"label": "Votes", "data": [1.5]}],
    }

"""Bar charts drawn on the server as SVG, so a dashboard's chart shows without JavaScript.

Only geometry here; the template `includes/bar_chart.html` draws it, and every page that
shows a chart also shows the same figures as a table (the chart is hidden from screen
readers, which read the table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 600
HEIGHT = 200
AXIS = 24  # room below the bars for the labels
TOP = 18  # room above the tallest bar for its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> str:
        return _svg(self.x + self.width / 2)

    @property
    def value_y(self) -> str:
        return _svg(self.y - 4)

    @property
    def svg(self) -> dict[str, str]:
        """Coordinates as SVG numbers: a dot for the decimal point in every language."""
        return {name: _svg(getattr(self, name)) for name in ("x", "y", "width", "height")}


class _Frame:
    """The drawing area shared by the charts: its box, the bars' baseline, the labels' line."""

    width: int
    height: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def baseline(self) -> int:
        return self.height - AXIS

    @property
    def label_y(self) -> int:
        return self.height - 6


@dataclass(frozen=True)
class BarChart(_Frame):
    bars: Sequence[Bar]
    width: int = WIDTH
    height: int = HEIGHT


def bar_chart_data(chart: BarChart, name: str) -> dict[str, object]:
    """The figures of a chart for a chart library that redraws it in the browser."""
    return {
        "stacked": False,
        "labels": [bar.label for bar in chart.bars],
        "datasets": [{"label": name, "data": [float(bar.value) for bar in chart.bars]}],
    }


def _svg(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _text(value: Decimal) -> str:
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def bar_chart(points: Sequence[tuple[str, Decimal]]) -> BarChart:
    """Bars for (label, value) pairs, scaled to the largest value; zero stays flat."""
    peak = max((value for _, value in points), default=Decimal(0))
    usable = HEIGHT - AXIS - TOP
    slot = WIDTH / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = float(value / peak) * usable if peak > 0 else 0.0
        bars.append(
            Bar(
                label=label,
                value=value,
                text=_text(value),
                x=round(index * slot + slot * 0.15, 2),
                y=round(HEIGHT - AXIS - height, 2),
                width=round(slot * 0.7, 2),
                height=round(height, 2),
            )
        )
    return BarChart(bars=bars)


#: Series drawn in one stacked chart at most; their colours are `stack-series-0` to `-5`.
MAX_SERIES = 6


@dataclass(frozen=True)
class Segment:
    series: int
    value: Decimal
    x: float
    y: float
    width: float
    height: float

    @property
    def svg(self) -> dict[str, str]:
        return {name: _svg(getattr(self, name)) for name in ("x", "y", "width", "height")}


@dataclass(frozen=True)
class Column:
    label: str
    total: Decimal
    text: str
    segments: Sequence[Segment]
    centre_x: float
    top: float

    @property
    def centre(self) -> str:
        return _svg(self.centre_x)

    @property
    def value_y(self) -> str:
        return _svg(self.top - 4)


@dataclass(frozen=True)
class StackedBarChart(_Frame):
    columns: Sequence[Column]
    series: Sequence[str]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def legend(self) -> list[tuple[int, str]]:
        return list(enumerate(self.series))


def stacked_bar_chart(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[Decimal]]]
) -> StackedBarChart:
    """One column per label, its series stacked bottom up, scaled to the tallest column.

    More series than `MAX_SERIES` are summed into the last one, which the caller names."""
    if len(series) > MAX_SERIES:
        kept, rest = list(series[: MAX_SERIES - 1]), series[MAX_SERIES - 1 :]
        summed = [sum((values[i] for _, values in rest), Decimal(0)) for i in range(len(labels))]
        series = [*kept, (rest[0][0], summed)]
    totals = [sum((values[i] for _, values in series), Decimal(0)) for i in range(len(labels))]
    peak = max(totals, default=Decimal(0))
    usable = HEIGHT - AXIS - TOP
    slot = WIDTH / max(len(labels), 1)
    columns = []
    for index, label in enumerate(labels):
        x = round(index * slot + slot * 0.15, 2)
        width = round(slot * 0.7, 2)
        bottom = float(HEIGHT - AXIS)
        segments = []
        for number, (_name, values) in enumerate(series):
            value = values[index]
            height = float(value / peak) * usable if peak > 0 else 0.0
            if height > 0:
                segments.append(
                    Segment(number, value, x, round(bottom - height, 2), width, round(height, 2))
                )
            bottom -= height
        columns.append(
            Column(
                label=label,
                total=totals[index],
                text=_text(totals[index]),
                segments=segments,
                centre_x=x + width / 2,
                top=round(bottom, 2),
            )
        )
    return StackedBarChart(columns=columns, series=[name for name, _ in series])


def stacked_bar_chart_data(chart: StackedBarChart) -> dict[str, object]:
    """The figures of a stacked chart for a chart library that redraws it in the browser."""
    data: list[list[float]] = [[0.0] * len(chart.columns) for _ in chart.series]
    for index, column in enumerate(chart.columns):
        for segment in column.segments:
            data[segment.series][index] = float(segment.value)
    return {
        "stacked": True,
        "labels": [column.label for column in chart.columns],
        "datasets": [
            {"label": name, "data": values} for name, values in zip(chart.series, data, strict=True)
        ],
    }

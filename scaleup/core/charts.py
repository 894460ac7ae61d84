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


@dataclass(frozen=True)
class BarChart:
    bars: Sequence[Bar]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def baseline(self) -> int:
        return self.height - AXIS

    @property
    def label_y(self) -> int:
        return self.height - 6


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

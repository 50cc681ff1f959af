"""The on-time rate by quarter as the geometry of a bar chart, drawn by a template as SVG.

Pure Python: the template places rectangles and text at these coordinates with SVG
presentation attributes (the Content-Security-Policy forbids inline styles), and the
same figures appear in a table for screen readers and anyone who prefers numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 260
LEFT = 48  # room for the percentage axis
TOP = 28  # room for the value above a full bar
BOTTOM = 40  # room for the quarter labels
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
GRID = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int | None
    x: int
    width: int
    y: int
    height: int
    label_x: int
    value_y: int

    @property
    def value_text(self) -> str:
        return "no figures yet" if self.percent is None else f"{self.percent}%"


@dataclass(frozen=True)
class GridLine:
    percent: int
    y: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    grid: list[GridLine]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH
    axis_y: int = TOP + PLOT_HEIGHT
    label_y: int = HEIGHT - 14

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _y(percent: float) -> int:
    return round(TOP + PLOT_HEIGHT * (1 - percent / 100))


def bar_chart(points: list[tuple[str, int | None]]) -> Chart:
    """Return the chart of (label, percent or None) pairs, one bar each, left to right."""
    slot = (WIDTH - LEFT) // max(len(points), 1)
    width = slot * 3 // 5
    bars = []
    for i, (label, percent) in enumerate(points):
        x = LEFT + i * slot + (slot - width) // 2
        top = _y(percent or 0)
        bars.append(
            Bar(
                label=label,
                percent=percent,
                x=x,
                width=width,
                y=top,
                height=TOP + PLOT_HEIGHT - top,
                label_x=x + width // 2,
                value_y=top - 8 if percent else TOP + PLOT_HEIGHT - 8,
            )
        )
    return Chart(bars=bars, grid=[GridLine(p, _y(p)) for p in GRID])

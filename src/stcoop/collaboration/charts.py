"""A plain SVG bar chart drawn on the server (no scripts, no inline styles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
HEIGHT = 220
LEFT = 56
BOTTOM = 24
TOP = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and rectangle."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool


@dataclass(frozen=True)
class Chart:
    """What the template needs to draw the chart."""

    title: str
    width: int
    height: int
    bars: list[Bar]
    maximum: int
    axis_y: float
    left: int
    top: int

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(values: Sequence[tuple[int, int | None]], *, title: str = "") -> Chart:
    """Bars for ``(label, value)`` pairs; ``None`` values draw no bar. Every fifth label
    (and the last) is written under the axis."""
    points = [(label, value or 0) for label, value in values]
    maximum = max((value for _, value in points), default=0)
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / len(points) if points else 0
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot_height * value / maximum if maximum else 0
        bars.append(
            Bar(
                label=str(label),
                value=value,
                x=round(LEFT + index * slot + slot * 0.1, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(max(slot * 0.8, 1), 2),
                height=round(height, 2),
                show_label=index % 5 == 0 or index == len(points) - 1,
            )
        )
    return Chart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        maximum=maximum,
        axis_y=TOP + plot_height,
        left=LEFT,
        top=TOP,
    )

"""The geometry of the figures chart: casualty counts reported over time, per source.

Pure Python (no Django): :func:`figures_chart` turns points into numbers a
template draws as SVG (templates/public/_figures_chart.html), so the chart
needs no script and no external asset. x is the article's date, y the count
reported; each outlet (and whom it cites) is one series with its own colour
and marker shape, so the chart reads without colour too. A range ("10 to
13") is a vertical bar, a minimum ("at least 10") a marker with an arrow.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

WIDTH = 640
PLOT_LEFT = 48
PLOT_RIGHT = 16
PLOT_TOP = 16
PLOT_HEIGHT = 200
AXIS_ROOM = 40
LEGEND_ROW = 22
MARKER = 5
# Okabe–Ito colours, told apart by most readers with colour-vision deficiencies;
# yellow left out for its contrast on white.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
SHAPES = ["circle", "square", "triangle", "diamond"]
MAX_SERIES = 12


@dataclass(frozen=True)
class Point:
    day: dt.date
    low: int | None
    high: int | None
    series: str  # "RT, citing Kremlin"
    label: str  # the tooltip: "RT, 1 Aug 2016: 5 killed (“all 5 aboard dead”)"


@dataclass
class Mark:
    x: float
    y: float
    y_high: float | None  # a range: the bar's top
    open_ended: bool  # "at least": an arrow up
    label: str
    shape: str
    color: str
    path: str = ""  # the marker's SVG path (squares, triangles, diamonds)
    arrow: str = ""  # "at least": an arrowhead above the marker
    arrow_top: float = 0  # where the arrow's stem ends


@dataclass
class Series:
    name: str
    color: str
    shape: str
    marks: list[Mark] = field(default_factory=list)
    line: str = ""  # SVG points of the line joining the series over time
    legend_y: float = 0
    legend_path: str = ""


@dataclass
class Tick:
    position: float
    text: str
    iso: str = ""


@dataclass
class Chart:
    key: str  # unique on the page: element ids derive from it
    title: str
    summary: str  # the <desc>: every figure in words
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    legend_top: float
    rows: list[Point]  # the figures as a table, for screen readers and print


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = math.ceil(value / (magnitude * step)) * magnitude * step
        if top >= value:
            return int(top)
    return value  # pragma: no cover - the loop always returns


def _y_ticks(top: int) -> list[int]:
    step = max(1, top // 5)
    return list(range(0, top + 1, step))


def _polygon(corners: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in corners) + "Z"


def _shape_path(shape: str, x: float, y: float, r: float = MARKER) -> str:
    """The SVG path of a marker; "" for a circle (drawn as <circle>)."""
    if shape == "square":
        return _polygon([(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)])
    if shape == "triangle":
        return _polygon([(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)])
    if shape == "diamond":
        return _polygon([(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)])
    return ""


def _day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def figures_chart(points: list[Point], *, title: str, key: str = "figures") -> Chart | None:
    """The chart of ``points``, or None when there is nothing to draw."""
    points = [p for p in points if p.low is not None or p.high is not None]
    if not points:
        return None
    points.sort(key=lambda p: (p.day, p.series, p.low or 0))
    names = list(dict.fromkeys(p.series for p in points))
    if len(names) > MAX_SERIES:
        # The smallest sources share one series: a legend of 40 rows helps nobody.
        keep = set(names[: MAX_SERIES - 1])
        points = [
            p if p.series in keep else Point(p.day, p.low, p.high, "Other sources", p.label)
            for p in points
        ]
        names = [*names[: MAX_SERIES - 1], "Other sources"]

    first, last = points[0].day, max(p.day for p in points)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    span = (last - first).days
    plot_right = WIDTH - PLOT_RIGHT
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    band = (plot_right - PLOT_LEFT) / (span + 1)

    top = _nice_max(max(max(p.low or 0, p.high or 0) for p in points))

    def x_of(day: dt.date, index: int) -> float:
        # Sources reporting on the same day sit side by side inside the day's band.
        centre = PLOT_LEFT + band * ((day - first).days + 0.5)
        spread = min(band * 0.6, 8.0 * len(names))
        offset = 0.0 if len(names) == 1 else spread * (index / (len(names) - 1) - 0.5)
        return round(centre + offset, 1)

    def y_of(value: int) -> float:
        return round(plot_bottom - PLOT_HEIGHT * value / top, 1)

    series = []
    for index, name in enumerate(names):
        color, shape = COLORS[index % len(COLORS)], SHAPES[index % len(SHAPES)]
        item = Series(name=name, color=color, shape=shape)
        mine = [p for p in points if p.series == name]
        for p in mine:
            low = p.low if p.low is not None else p.high
            x, y = x_of(p.day, index), y_of(low)
            ranged = p.high is not None and p.high != low
            item.marks.append(
                Mark(
                    x=x,
                    y=y,
                    y_high=y_of(p.high) if ranged else None,
                    open_ended=p.high is None,
                    label=p.label,
                    shape=shape,
                    color=color,
                    path=_shape_path(shape, x, y),
                    arrow=_polygon([(x, y - 16), (x + 4, y - 10), (x - 4, y - 10)])
                    if p.high is None
                    else "",
                    arrow_top=round(y - 10, 1),
                )
            )
        # The line follows a source from day to day (its first figure of each day);
        # two figures of one day are not a change over time.
        daily = {p.day: m for p, m in reversed(list(zip(mine, item.marks, strict=True)))}
        if len(daily) > 1:
            item.line = " ".join(f"{m.x},{m.y}" for _, m in sorted(daily.items()))
        series.append(item)

    step = max(1, math.ceil((span + 1) / 7))
    x_ticks = [
        Tick(
            position=round(PLOT_LEFT + band * (d + 0.5), 1),
            text=_day_text(first + dt.timedelta(days=d)),
            iso=(first + dt.timedelta(days=d)).isoformat(),
        )
        for d in range(0, span + 1, step)
    ]
    y_ticks = [Tick(position=y_of(v), text=str(v)) for v in _y_ticks(top)]
    legend_top = plot_bottom + AXIS_ROOM
    for index, item in enumerate(series):
        item.legend_y = legend_top + index * LEGEND_ROW + LEGEND_ROW / 2
        item.legend_path = _shape_path(item.shape, PLOT_LEFT + 6, item.legend_y)
    summary = "; ".join(p.label for p in points) + "."
    return Chart(
        key=key,
        title=title,
        summary=summary,
        width=WIDTH,
        height=int(legend_top + len(series) * LEGEND_ROW + 8),
        plot_left=PLOT_LEFT,
        plot_right=plot_right,
        plot_top=PLOT_TOP,
        plot_bottom=plot_bottom,
        series=series,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        legend_top=legend_top,
        rows=points,
    )

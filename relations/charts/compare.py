"""Relationships side by side: their temperatures on one time axis, each with its likely
range, and each metric they share drawn once with a line per relationship."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from relations.charts.inputs import MetricSeries, TemperatureMonth
from relations.charts.labels import escape, format_quantity, iso, month_label
from relations.charts.metrics import reported_and_claimed
from relations.charts.style import (
    BANDS,
    MUTED,
    FigureSpec,
    axis,
    band_label,
    base_layout,
    bounds,
)
from relations.charts.tables import Table

# One colour per relationship (up to four), told apart also by the line's dash.
PALETTE = ("#3b5bdb", "#c05621", "#2f9e44", "#ae3ec9")
DASHES = ("solid", "dash", "dot", "dashdot")
BAND_FILLS = (
    "rgba(59, 91, 219, 0.14)",
    "rgba(192, 86, 33, 0.14)",
    "rgba(47, 158, 68, 0.14)",
    "rgba(174, 62, 201, 0.14)",
)


@dataclass(frozen=True)
class ComparedTemperature:
    """One relationship's stored temperature, month by month."""

    slug: str
    name: str
    points: tuple[TemperatureMonth, ...]


@dataclass(frozen=True)
class SharedMetric:
    """A metric measured in every relationship compared: one series per relationship."""

    slug: str
    name: str
    unit: str
    series: tuple[tuple[str, str, MetricSeries], ...]  # (relationship slug, name, series)


def _legend() -> dict:
    return {"orientation": "h", "x": 0, "y": -0.18, "xanchor": "left", "font": {"size": 12}}


def compare_spec(compared: Sequence[ComparedTemperature]) -> FigureSpec:
    """Each relationship's temperature line over its likely range, on one time axis."""
    traces: list[dict] = []
    lows = [point.low for item in compared for point in item.points]
    highs = [point.high for item in compared for point in item.points]
    y_range = [max(0.0, min([25.0, *[low - 3 for low in lows]])), 0.0]
    y_range[1] = min(100.0, max([75.0, *[high + 3 for high in highs]]))
    for index, item in enumerate(compared):
        months = [iso(point.month) for point in item.points]
        traces += [
            {
                "type": "scatter",
                "name": f"{item.name}: low",
                "meta": f"band-low-{item.slug}",
                "x": months,
                "y": [round(point.low, 1) for point in item.points],
                "mode": "lines",
                "line": {"width": 0, "color": "rgba(0,0,0,0)"},
                "hoverinfo": "skip",
                "showlegend": False,
            },
            {
                "type": "scatter",
                "name": f"{item.name}: likely range",
                "meta": f"band-high-{item.slug}",
                "x": months,
                "y": [round(point.high, 1) for point in item.points],
                "mode": "lines",
                "fill": "tonexty",
                "fillcolor": BAND_FILLS[index % len(BAND_FILLS)],
                "line": {"width": 0, "color": "rgba(0,0,0,0)"},
                "hoverinfo": "skip",
                "showlegend": False,
            },
            {
                "type": "scatter",
                "name": item.name,
                "meta": f"temperature-{item.slug}",
                "x": months,
                "y": [round(point.value, 1) for point in item.points],
                "mode": "lines",
                "line": {
                    "color": PALETTE[index % len(PALETTE)],
                    "width": 2,
                    "dash": DASHES[index % len(DASHES)],
                },
                "hovertext": [
                    f"<b>{escape(item.name)}</b><br>{month_label(point.month)}: "
                    f"{point.value:.0f} ({band_label(point.value)}), likely "
                    f"{point.low:.0f}–{point.high:.0f}"
                    for point in item.points
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            },
        ]
    shapes = [
        {
            "type": "rect",
            "name": f"band-{label}",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": max(low, y_range[0]),
            "y1": min(high, y_range[1]),
            "fillcolor": colour,
            "line": {"width": 0},
            "layer": "below",
        }
        for low, high, label, colour in BANDS
        if high > y_range[0] and low < y_range[1]
    ]
    layout = base_layout(
        showlegend=True,
        legend=_legend(),
        margin={"l": 48, "r": 16, "t": 12, "b": 36},
        xaxis=axis(type="date"),
        yaxis=axis(
            range=y_range,
            title={"text": "Temperature", "font": {"size": 12, "color": MUTED}},
            fixedrange=True,
        ),
        shapes=shapes,
    )
    return {"data": traces, "layout": layout}


def compare_range(
    compared: Sequence[ComparedTemperature],
) -> tuple[datetime.date, datetime.date] | None:
    """The first and last month any of the relationships has."""
    return bounds([point.month for item in compared for point in item.points])


def compare_table(compared: Sequence[ComparedTemperature]) -> Table:
    """One row per month; each relationship's temperature, low and high side by side."""
    by_month: dict[datetime.date, dict[str, TemperatureMonth]] = {}
    for item in compared:
        for point in item.points:
            by_month.setdefault(point.month, {})[item.slug] = point
    columns = ["month"]
    for item in compared:
        columns += [f"{item.slug}_temperature", f"{item.slug}_low", f"{item.slug}_high"]
    rows = []
    for month in sorted(by_month):
        row: list = [iso(month)]
        for item in compared:
            point = by_month[month].get(item.slug)
            row += (
                [round(point.value, 1), round(point.low, 1), round(point.high, 1)]
                if point
                else [None, None, None]
            )
        rows.append(tuple(row))
    return Table(columns=tuple(columns), rows=tuple(rows))


def shared_metric_spec(shared: SharedMetric) -> FigureSpec:
    """The metric's reported figures, a line per relationship."""
    traces = []
    for index, (slug, name, series) in enumerate(shared.series):
        reported, _claimed = reported_and_claimed(series)
        traces.append(
            {
                "type": "scatter",
                "name": name,
                "meta": f"metric-{slug}",
                "x": [iso(point.period_start) for point in reported],
                "y": [point.value for point in reported],
                "mode": "lines+markers",
                "line": {"color": PALETTE[index % len(PALETTE)], "dash": DASHES[index % 4]},
                "marker": {"size": 7, "color": PALETTE[index % len(PALETTE)]},
                "hovertext": [
                    f"<b>{escape(name)}</b><br>{escape(point.period_display)}: "
                    f"{escape(format_quantity(point.value, point.unit))}"
                    for point in reported
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    layout = base_layout(
        showlegend=True,
        legend=_legend(),
        margin={"l": 56, "r": 16, "t": 12, "b": 36},
        xaxis=axis(type="date"),
        yaxis=axis(title={"text": shared.unit, "font": {"size": 12, "color": MUTED}}),
    )
    return {"data": traces, "layout": layout}


def shared_metric_table(shared: SharedMetric) -> Table:
    """Every figure of the metric in the relationships compared, by period then relationship."""
    rows = [
        (iso(point.period_start), slug, point.value, point.unit, point.qualifier)
        for slug, _name, series in shared.series
        for point in series.points
    ]
    rows.sort(key=lambda row: (row[0], row[1]))
    return Table(
        columns=("period_start", "relationship", "value", "unit", "qualifier"), rows=tuple(rows)
    )

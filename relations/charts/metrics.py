"""The metric small multiples: reported figures joined by a line, claimed ones apart."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from relations.charts.inputs import MetricPoint, MetricSeries
from relations.charts.labels import escape, format_quantity, iso
from relations.charts.style import (
    ACCENT,
    MUTED,
    FigureSpec,
    axis,
    base_layout,
    bounds,
    default_window,
    window_dates,
)


def reported_and_claimed(series: MetricSeries) -> tuple[list[MetricPoint], list[MetricPoint]]:
    """The series' points as the figure draws them: reported ones, then those a party claims."""
    reported = [point for point in series.points if not point.claimed]
    claimed = [point for point in series.points if point.claimed]
    return reported, claimed


def metric_hover(point: MetricPoint) -> str:
    lines = [
        f"<b>{escape(format_quantity(point.value, point.unit))}</b>",
        f"{escape(point.period_display)} · {escape(point.qualifier_label)}",
    ]
    if point.series:
        lines.append(escape(point.series))
    if point.claimed_by:
        lines.append(f"Claimed by {escape(point.claimed_by)}")
    if point.source:
        lines.append(f"Source: {escape(point.source)}")
    return "<br>".join(lines)


def _metric_trace(points: Sequence[MetricPoint], *, claimed: bool) -> dict:
    return {
        "type": "scatter",
        "name": "Claimed by a party" if claimed else "Reported",
        "meta": "claimed" if claimed else "reported",
        "x": [iso(point.period_start) for point in points],
        "y": [point.value for point in points],
        "mode": "markers" if claimed else "lines+markers",
        "line": {"color": ACCENT, "width": 1.2, "dash": "dot"},
        "marker": {
            "size": 10 if claimed else 8,
            "symbol": "diamond-open" if claimed else "circle",
            "color": "#c05621" if claimed else ACCENT,
            "line": {"width": 2 if claimed else 0, "color": "#c05621"},
        },
        "customdata": [point.url for point in points],
        "hovertext": [metric_hover(point) for point in points],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def metric_spec(
    series: MetricSeries,
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> FigureSpec:
    """A small multiple: reported points joined by a line, claimed figures as hollow diamonds."""
    reported, claimed = reported_and_claimed(series)
    dates = [point.period_start for point in series.points]
    extent = bounds(dates)
    start = min(period_start, extent[0]) if period_start and extent else period_start
    end = max(period_end, extent[1]) if period_end and extent else period_end
    window = default_window(start, end, dates)
    if window:
        # A little air so the first and last points are not cut in half.
        low, high = window_dates(window)
        window = [
            iso(low - datetime.timedelta(days=120)),
            iso(high + datetime.timedelta(days=120)),
        ]
    traces = [_metric_trace(reported, claimed=False), _metric_trace(claimed, claimed=True)]
    layout = base_layout(
        margin={"l": 56, "r": 12, "t": 8, "b": 32},
        xaxis=axis(type="date", range=window),
        yaxis=axis(
            rangemode="tozero",
            tickformat="~s" if series.unit not in ("%", "percent") else "",
            ticksuffix="%" if series.unit in ("%", "percent") else "",
            title={"text": series.unit, "font": {"size": 11, "color": MUTED}},
        ),
    )
    return {"data": traces, "layout": layout}

"""A relationship's whole temperature range in a line a row high, for the relationships list."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from relations.charts.labels import iso, month_label
from relations.charts.style import MUTED, FigureSpec, axis, band_label, base_layout

SPARKLINE_HEIGHT = 44
# The page's band colours (static/css/bilateral.css --cold ... --close).
BAND_COLOURS = {
    "cold": "#2166ac",
    "cool": "#67a9cf",
    "neutral": "#7b8794",
    "warm": "#e07a4f",
    "close": "#b2182b",
}


def sparkline_spec(points: Sequence[tuple[datetime.date, float]]) -> FigureSpec:
    """The monthly temperature as a thin line, neutral (50) marked, the latest month a dot in
    its band's colour; no axes, no hover: the row beside it gives the numbers."""
    months = [iso(month) for month, _value in points]
    values = [round(value, 1) for _month, value in points]
    y_low = min([25.0, *[value - 3 for value in values]])
    y_high = max([75.0, *[value + 3 for value in values]])
    data = [
        {
            "type": "scatter",
            "meta": "temperature",
            "x": months,
            "y": values,
            "mode": "lines",
            "line": {"color": MUTED, "width": 1.4},
            "hoverinfo": "skip",
        }
    ]
    if points:
        latest_month, latest = points[-1]
        data.append(
            {
                "type": "scatter",
                "meta": "latest",
                "x": [iso(latest_month)],
                "y": [round(latest, 1)],
                "mode": "markers",
                "marker": {"size": 7, "color": BAND_COLOURS[band_label(latest)]},
                "hoverinfo": "skip",
            }
        )
    shapes = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": 50,
            "y1": 50,
            "line": {"color": "#cbd2d9", "width": 1, "dash": "dot"},
        }
    ]
    layout = base_layout(
        height=SPARKLINE_HEIGHT,
        margin={"l": 2, "r": 6, "t": 4, "b": 4},
        hovermode=False,
        dragmode=False,
        xaxis=axis(visible=False, fixedrange=True),
        yaxis=axis(visible=False, fixedrange=True, range=[max(0.0, y_low), min(100.0, y_high)]),
        shapes=shapes,
    )
    return {"data": data, "layout": layout}


def sparkline_description(points: Sequence[tuple[datetime.date, float]]) -> str:
    """What the sparkline shows, for screen readers and as its text alternative."""
    if not points:
        return "No temperature recorded yet."
    coldest = min(points, key=lambda point: point[1])
    warmest = max(points, key=lambda point: point[1])
    first, last = points[0], points[-1]
    return (
        f"Temperature from {month_label(first[0])} ({first[1]:.0f}) to {month_label(last[0])} "
        f"({last[1]:.0f}, {band_label(last[1])}); coldest {coldest[1]:.0f} in "
        f"{month_label(coldest[0])}, warmest {warmest[1]:.0f} in {month_label(warmest[0])}."
    )

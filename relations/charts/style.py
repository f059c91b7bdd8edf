"""The look every figure shares: palette, temperature bands, fonts, base layout, axes and the
default date window; and the plotly JSON a figure is built from."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from articles.dates import clamped
from relations.charts.labels import iso
from relations.temperature import temperature_band

# The temperature scale: 0 hostile, 50 neutral, 100 warm; the bands of relations.temperature,
# drawn as faint background tints.
BANDS: tuple[tuple[float, float, str, str], ...] = (
    (0, 35, "cold", "rgba(33, 102, 172, 0.10)"),
    (35, 45, "cool", "rgba(103, 169, 207, 0.08)"),
    (45, 55, "neutral", "rgba(0, 0, 0, 0)"),
    (55, 65, "warm", "rgba(239, 138, 98, 0.08)"),
    (65, 100, "close", "rgba(178, 24, 43, 0.10)"),
)
# Cold to warm: blue, grey at neutral, red.
DIVERGING = [
    [0.0, "#2166ac"],
    [0.25, "#67a9cf"],
    [0.5, "#a3a3a3"],
    [0.75, "#ef8a62"],
    [1.0, "#b2182b"],
]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
ACCENT = "#3b5bdb"
DAY_MS = 86_400_000

# A figure's plotly JSON: {"data": [...traces], "layout": {...}}. Pages ship it as is and
# plotly.js draws it; the tests check that plotly.py accepts it.
FigureSpec = dict


def band_label(value: float) -> str:
    """'cold', 'cool', 'neutral', 'warm' or 'close', as relations.temperature names them."""
    return temperature_band(value).name


def base_layout(**overrides) -> dict:
    layout = {
        "template": {},  # no default theme: the page styles the charts
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 56, "r": 24, "t": 16, "b": 40},
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "align": "left", "bgcolor": "white"},
        "showlegend": False,
        "autosize": True,
    }
    layout.update(overrides)
    return layout


def axis(**overrides) -> dict:
    settings = {
        "gridcolor": GRID,
        "linecolor": "#cbd2d9",
        "zeroline": False,
        "tickfont": {"color": MUTED},
        "automargin": True,
        "fixedrange": False,
    }
    settings.update(overrides)
    return settings


def bounds(dates: Sequence[datetime.date]) -> tuple[datetime.date, datetime.date] | None:
    present = [value for value in dates if value is not None]
    return (min(present), max(present)) if present else None


def default_window(
    start: datetime.date | None, end: datetime.date | None, dates: Sequence[datetime.date]
) -> list[str] | None:
    """The default window: the relationship's period, else the data's own extent."""
    extent = bounds(dates)
    if start is None and extent:
        start = extent[0]
    if end is None and extent:
        end = extent[1]
    if start is None or end is None:
        return None
    # Clamped: a date stored past the record's bounds must not push the axis past year 9999.
    return [iso(clamped(start)), iso(clamped(end))]


def window_dates(window: Sequence[str]) -> tuple[datetime.date, datetime.date]:
    """The first and last day of an x range given as ISO strings."""
    low, high = (datetime.date.fromisoformat(value) for value in window)
    return low, high

"""The dashboard's figures: plain frozen dataclasses in, plotly Figures and tables out.

Pure: no ORM, no clock. Selectors (relations/selectors/dashboard.py) turn rows into these
dataclasses; every figure has a companion `*_table` function over the same input, so the
accessible table and the CSV download carry exactly the numbers the figure draws.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

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


@dataclass(frozen=True)
class TemperatureMonth:
    """One stored month of the rollup."""

    month: datetime.date
    value: float
    low: float
    high: float
    event_count: int


@dataclass(frozen=True)
class EventMarker:
    """One event drawn on the timeline."""

    id: int
    url: str
    occurred_on: datetime.date
    precision: str
    date_display: str
    title: str
    category: str
    score: float
    weight: float
    source: str = ""


@dataclass(frozen=True)
class AgreementSpan:
    """One agreement: a bar from signature to expiry (or to `until` where open-ended)."""

    id: int
    url: str
    title: str
    kind: str
    status: str
    signed_on: datetime.date | None
    signed_display: str
    expires_on: datetime.date | None
    expires_display: str
    extends_id: int | None = None
    extends_title: str = ""


@dataclass(frozen=True)
class MetricPoint:
    """One reported figure of a metric."""

    period_start: datetime.date
    period_display: str
    value: float
    unit: str
    qualifier: str
    qualifier_label: str
    claimed: bool
    claimed_by: str = ""
    source: str = ""
    url: str = ""
    series: str = ""


@dataclass(frozen=True)
class MetricSeries:
    """Every observation of one metric in one relationship (or across them, on a metric page)."""

    slug: str
    name: str
    unit: str
    url: str
    points: tuple[MetricPoint, ...]


@dataclass(frozen=True)
class Table:
    """A chart's numbers as rows: what the HTML table view and the CSV download show."""

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Contributor:
    """An event named by the rollup as moving a month, with its share of that month's pull."""

    title: str
    share: float


@dataclass(frozen=True)
class Story:
    """The ten-second reading of a timeline."""

    latest: TemperatureMonth | None
    coldest: TemperatureMonth | None
    warmest: TemperatureMonth | None
    caption: str


def band_label(value: float) -> str:
    """'cold', 'cool', 'neutral', 'warm' or 'close', as relations.temperature names them."""
    return temperature_band(value).name


def iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def month_label(value: datetime.date) -> str:
    return value.strftime("%B %Y")


def format_quantity(value: float, unit: str) -> str:
    """'USD 300 million', '47 %', '7,500 persons': figures as a reader says them."""
    magnitude = abs(value)
    if magnitude >= 1e9:
        number = f"{value / 1e9:,.3g} billion"
    elif magnitude >= 1e6:
        number = f"{value / 1e6:,.3g} million"
    elif value == int(value):
        number = f"{int(value):,}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("USD", "EUR", "RUB", "GBP"):
        return f"{unit} {number}"
    if unit in ("%", "percent"):
        return f"{number}%"
    return f"{number} {unit}".strip()


def _escape(text: str) -> str:
    """Plotly renders a little HTML in hover labels: escape what the record says."""
    return html.escape(text, quote=False)


# A figure's plotly JSON: {"data": [...traces], "layout": {...}}.
FigureSpec = dict


def as_figure(spec: FigureSpec) -> go.Figure:
    """The Figure of a spec, built without plotly.py's property-by-property validation (the
    tests rebuild every figure with it on)."""
    return go.Figure(data=spec["data"], layout=spec["layout"], _validate=False)


def _base_layout(**overrides) -> dict:
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


def _axis(**overrides) -> dict:
    axis = {
        "gridcolor": GRID,
        "linecolor": "#cbd2d9",
        "zeroline": False,
        "tickfont": {"color": MUTED},
        "automargin": True,
        "fixedrange": False,
    }
    axis.update(overrides)
    return axis


def _bounds(dates: Sequence[datetime.date]) -> tuple[datetime.date, datetime.date] | None:
    present = [value for value in dates if value is not None]
    return (min(present), max(present)) if present else None


def _x_range(
    start: datetime.date | None, end: datetime.date | None, dates: Sequence[datetime.date]
) -> list[str] | None:
    """The default window: the relationship's period, else the data's own extent."""
    bounds = _bounds(dates)
    if start is None and bounds:
        start = bounds[0]
    if end is None and bounds:
        end = bounds[1]
    if start is None or end is None:
        return None
    return [iso(start), iso(end)]


# --- the temperature timeline -------------------------------------------------------------


def month_hover(point: TemperatureMonth) -> str:
    events = f"{point.event_count} event{'s' if point.event_count != 1 else ''}"
    return (
        f"<b>{month_label(point.month)}</b><br>"
        f"Temperature {point.value:.0f} ({band_label(point.value)})<br>"
        f"Likely range {point.low:.0f}–{point.high:.0f}<br>"
        f"{events} weigh on this month"
    )


def event_hover(event: EventMarker) -> str:
    parts = [
        f"<b>{_escape(event.title)}</b>",
        f"{_escape(event.date_display)} · {_escape(event.category)}",
        f"Score {event.score:+.1f}",
    ]
    if event.source:
        parts.append(f"Source: {_escape(event.source)}")
    return "<br>".join(parts)


def marker_size(weight: float) -> float:
    """Marker diameter in pixels for an event's weight (|score| × confidence, 0 to 10)."""
    return round(7 + 2.2 * min(max(weight, 0.0), 10.0), 1)


def timeline_spec(
    points: Sequence[TemperatureMonth],
    events: Sequence[EventMarker],
    agreements: Sequence[AgreementSpan] = (),
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> FigureSpec:
    """Temperature line with its likely range, cold-to-warm markers, events below, signatures."""
    months = [iso(point.month) for point in points]
    lows = [round(point.low, 1) for point in points]
    highs = [round(point.high, 1) for point in points]
    values = [round(point.value, 1) for point in points]
    y_low = min([25.0, *[low - 3 for low in lows]])
    y_high = max([75.0, *[high + 3 for high in highs]])
    y_range = [max(0.0, y_low), min(100.0, y_high)]
    temperature_domain = [0.36, 1.0]
    events_domain = [0.0, 0.26]
    traces: list[dict] = [
        {
            "type": "scatter",
            "name": "Low",
            "meta": "band-low",
            "x": months,
            "y": lows,
            "mode": "lines",
            "line": {"width": 0, "color": "rgba(0,0,0,0)"},
            "hoverinfo": "skip",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "name": "Likely range",
            "meta": "band-high",
            "x": months,
            "y": highs,
            "mode": "lines",
            "fill": "tonexty",
            "fillcolor": "rgba(82, 96, 109, 0.16)",
            "line": {"width": 0, "color": "rgba(0,0,0,0)"},
            "hoverinfo": "skip",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "name": "Temperature",
            "meta": "temperature",
            "x": months,
            "y": values,
            "mode": "lines+markers",
            "line": {"color": "#52606d", "width": 1.6},
            "marker": {
                "size": 6,
                "color": values,
                "colorscale": DIVERGING,
                "cmin": 20,
                "cmax": 80,
                "line": {"width": 0},
            },
            "hovertext": [month_hover(point) for point in points],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "name": "Events",
            "meta": "events",
            "x": [iso(event.occurred_on) for event in events],
            "y": [round(event.score, 1) for event in events],
            "mode": "markers",
            "marker": {
                "size": [marker_size(event.weight) for event in events],
                "color": [round(event.score, 1) for event in events],
                "colorscale": DIVERGING,
                "cmin": -10,
                "cmax": 10,
                "symbol": [
                    "circle" if event.precision == "day" else "circle-open" for event in events
                ],
                "line": {"width": 1, "color": "#323f4b"},
                "opacity": 0.9,
            },
            "customdata": [event.url for event in events],
            "hovertext": [event_hover(event) for event in events],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "yaxis": "y2",
        },
    ]
    shapes: list[dict] = [
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
    annotations: list[dict] = [
        {
            "name": f"band-label-{label}",
            "xref": "paper",
            "x": 1,
            "xanchor": "left",
            "xshift": 4,
            "yref": "y",
            "y": (max(low, y_range[0]) + min(high, y_range[1])) / 2,
            "text": label,
            "showarrow": False,
            "font": {"size": 11, "color": "#9aa5b1"},
        }
        for low, high, label, _ in BANDS
        if high > y_range[0] + 4 and low < y_range[1] - 4
    ]
    x_range = _x_range(
        period_start,
        period_end,
        [point.month for point in points] + [event.occurred_on for event in events],
    )
    shapes.extend(signature_shapes(agreements))
    annotations.extend(signature_annotations(agreements, x_range))
    layout = _base_layout(
        margin={"l": 56, "r": 58, "t": 12, "b": 36},
        xaxis=_axis(type="date", range=x_range, anchor="y2", showspikes=False),
        yaxis=_axis(
            domain=temperature_domain,
            range=y_range,
            title={"text": "Temperature", "font": {"size": 12, "color": MUTED}},
            fixedrange=True,
        ),
        yaxis2=_axis(
            domain=events_domain,
            range=[-11.5, 11.5],
            tickvals=[-10, 0, 10],
            zeroline=True,
            zerolinecolor="#cbd2d9",
            title={"text": "Events", "font": {"size": 12, "color": MUTED}},
            fixedrange=True,
        ),
        shapes=shapes,
        annotations=annotations,
    )
    return {"data": traces, "layout": layout}


def signatures(agreements: Sequence[AgreementSpan]) -> dict[datetime.date, list[AgreementSpan]]:
    """Agreements by signature date: the timeline marks each date once."""
    by_date: dict[datetime.date, list[AgreementSpan]] = {}
    for agreement in sorted(
        (agreement for agreement in agreements if agreement.signed_on),
        key=lambda agreement: (agreement.signed_on, agreement.title),
    ):
        by_date.setdefault(agreement.signed_on, []).append(agreement)
    return by_date


def signature_shapes(agreements: Sequence[AgreementSpan]) -> list[dict]:
    return [
        {
            "type": "line",
            "name": f"signature-{iso(signed_on)}",
            "xref": "x",
            "x0": iso(signed_on),
            "x1": iso(signed_on),
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "line": {"color": ACCENT, "width": 1, "dash": "dot"},
            "layer": "below",
        }
        for signed_on in signatures(agreements)
    ]


def signature_annotations(
    agreements: Sequence[AgreementSpan], x_range: list[str] | None
) -> list[dict]:
    """One label per signature date, on the first row where it overlaps no other label (at
    about 1,100 pixels of plot width); hover lists the titles."""
    annotations = []
    if x_range:
        low, high = (datetime.date.fromisoformat(value) for value in x_range)
    else:
        dates = list(signatures(agreements)) or [datetime.date(2000, 1, 1)]
        low, high = min(dates), max(dates)
    span = max((high - low).days, 1)
    rows: list[list[tuple[float, float]]] = [[], [], []]
    for signed_on, group in signatures(agreements).items():
        if len(group) == 1:
            text = f"✎ {_escape(_short(group[0].title, 34))}"
        else:
            text = f"✎ {len(group)} agreements signed"
        at = (signed_on - low).days / span
        width = len(text) * 0.0062
        right = at > 0.75
        extent = (at - width, at) if right else (at, at + width)
        level = next(
            (
                index
                for index, taken in enumerate(rows)
                if all(extent[1] < start or extent[0] > end for start, end in taken)
            ),
            None,
        )
        if level is None:  # no room on any row: the mark alone, the titles on hover
            level, text = 0, "✎"
        else:
            rows[level].append(extent)
        titles = "<br>".join(_escape(agreement.title) for agreement in group)
        annotations.append(
            {
                "name": f"signature-{iso(signed_on)}",
                "xref": "x",
                "x": iso(signed_on),
                "yref": "paper",
                "y": 1.0 - 0.06 * level,
                "yanchor": "top",
                "xanchor": "right" if right else "left",
                "text": text,
                "hovertext": f"Signed {_escape(group[0].signed_display)}:<br>{titles}",
                "showarrow": False,
                "font": {"size": 11, "color": ACCENT},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    return annotations


def timeline_table(points: Sequence[TemperatureMonth]) -> Table:
    return Table(
        columns=("month", "temperature", "low", "high", "events"),
        rows=tuple(
            (
                iso(point.month),
                round(point.value, 1),
                round(point.low, 1),
                round(point.high, 1),
                point.event_count,
            )
            for point in points
        ),
    )


def events_table(events: Sequence[EventMarker]) -> Table:
    return Table(
        columns=("date", "precision", "title", "category", "score", "weight", "source"),
        rows=tuple(
            (
                iso(event.occurred_on),
                event.precision,
                event.title,
                event.category,
                round(event.score, 1),
                round(event.weight, 2),
                event.source,
            )
            for event in events
        ),
    )


def timeline_story(
    points: Sequence[TemperatureMonth],
    contributors: dict[datetime.date, Sequence[Contributor]],
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> Story:
    """Latest reading, coldest and warmest month in the period, and the events that moved them."""
    in_period = [
        point
        for point in points
        if (period_start is None or point.month >= period_start.replace(day=1))
        and (period_end is None or point.month <= period_end)
    ]
    if not in_period:
        return Story(None, None, None, "No temperature has been computed for this period yet.")
    latest = in_period[-1]
    coldest = min(in_period, key=lambda point: (point.value, point.month))
    warmest = max(in_period, key=lambda point: (point.value, -point.month.toordinal()))

    def moved(point: TemperatureMonth) -> str:
        names = [f"“{item.title}”" for item in contributors.get(point.month, ())[:2]]
        return f", moved by {' and '.join(names)}" if names else ""

    sentences = [
        f"Coldest in {month_label(coldest.month)} at {coldest.value:.0f} "
        f"({band_label(coldest.value)}){moved(coldest)}.",
        f"Warmest in {month_label(warmest.month)} at {warmest.value:.0f} "
        f"({band_label(warmest.value)}){moved(warmest)}.",
    ]
    return Story(latest, coldest, warmest, " ".join(sentences))


# --- metrics --------------------------------------------------------------------------------


def metric_hover(point: MetricPoint) -> str:
    lines = [
        f"<b>{_escape(format_quantity(point.value, point.unit))}</b>",
        f"{_escape(point.period_display)} · {_escape(point.qualifier_label)}",
    ]
    if point.series:
        lines.append(_escape(point.series))
    if point.claimed_by:
        lines.append(f"Claimed by {_escape(point.claimed_by)}")
    if point.source:
        lines.append(f"Source: {_escape(point.source)}")
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
    reported = [point for point in series.points if not point.claimed]
    claimed = [point for point in series.points if point.claimed]
    dates = [point.period_start for point in series.points]
    bounds = _bounds(dates)
    start = min(period_start, bounds[0]) if period_start and bounds else period_start
    end = max(period_end, bounds[1]) if period_end and bounds else period_end
    x_range = _x_range(start, end, dates)
    if x_range:
        # A little air so the first and last points are not cut in half.
        x_range = [
            iso(datetime.date.fromisoformat(x_range[0]) - datetime.timedelta(days=120)),
            iso(datetime.date.fromisoformat(x_range[1]) + datetime.timedelta(days=120)),
        ]
    traces = [_metric_trace(reported, claimed=False), _metric_trace(claimed, claimed=True)]
    layout = _base_layout(
        margin={"l": 56, "r": 12, "t": 8, "b": 32},
        xaxis=_axis(type="date", range=x_range),
        yaxis=_axis(
            rangemode="tozero",
            tickformat="~s" if series.unit not in ("%", "percent") else "",
            ticksuffix="%" if series.unit in ("%", "percent") else "",
            title={"text": series.unit, "font": {"size": 11, "color": MUTED}},
        ),
    )
    return {"data": traces, "layout": layout}


def metric_table(series: MetricSeries) -> Table:
    """Rows in the figure's order: reported points first, then claimed ones."""
    ordered = [point for point in series.points if not point.claimed] + [
        point for point in series.points if point.claimed
    ]
    columns = ("period_start", "period", "value", "unit", "qualifier", "claimed_by", "source")
    rows = tuple(
        (
            iso(point.period_start),
            point.period_display,
            point.value,
            point.unit,
            point.qualifier,
            point.claimed_by,
            point.source,
        )
        for point in ordered
    )
    if any(point.series for point in ordered):
        columns += ("relationship",)
        rows = tuple((*row, point.series) for row, point in zip(rows, ordered, strict=True))
    return Table(columns=columns, rows=rows)


# --- agreements -----------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def agreement_end(agreement: AgreementSpan, until: datetime.date) -> datetime.date | None:
    """Where the bar stops: the expiry, else `until` (the agreement is open-ended)."""
    if agreement.signed_on is None:
        return None
    if agreement.expires_on:
        return agreement.expires_on
    return max(until, agreement.signed_on)


def agreements_spec(
    agreements: Sequence[AgreementSpan],
    *,
    until: datetime.date,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> FigureSpec:
    """Bars from signature to expiry; open-ended ones run to `until` with an arrow; extensions
    are linked to the agreement they prolong."""
    drawn = [agreement for agreement in agreements if agreement.signed_on]
    drawn.sort(key=lambda agreement: (agreement.signed_on, agreement.title))
    labels = [_short(agreement.title, 38) for agreement in drawn]
    # Plotly merges bars with equal category labels: keep every row distinct.
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[index] = f"{label} ({seen[label]})"
    ends = [agreement_end(agreement, until) for agreement in drawn]
    durations = [
        max((end - agreement.signed_on).days, 30) * DAY_MS
        for agreement, end in zip(drawn, ends, strict=True)
    ]
    colours = [
        "#9aa5b1" if agreement.expires_on and agreement.expires_on < until else ACCENT
        for agreement in drawn
    ]
    hover = [
        "<br>".join(
            [
                f"<b>{_escape(agreement.title)}</b>",
                f"{_escape(agreement.kind)} · {_escape(agreement.status)}",
                f"Signed {_escape(agreement.signed_display)}",
                f"Expires {_escape(agreement.expires_display)}"
                if agreement.expires_on
                else "No expiry reported (open-ended)",
            ]
            + ([f"Extends {_escape(agreement.extends_title)}"] if agreement.extends_title else [])
        )
        for agreement in drawn
    ]
    traces = [
        {
            "type": "bar",
            "name": "Agreements",
            "meta": "agreements",
            "orientation": "h",
            "y": labels,
            "base": [iso(agreement.signed_on) for agreement in drawn],
            "x": durations,
            "marker": {"color": colours, "line": {"width": 0}},
            "customdata": [agreement.url for agreement in drawn],
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    ]
    shapes: list[dict] = []
    annotations: list[dict] = []
    if period_start and period_end:
        shapes.append(
            {
                "type": "rect",
                "name": "period",
                "xref": "x",
                "x0": iso(period_start),
                "x1": iso(period_end),
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "fillcolor": "rgba(59, 91, 219, 0.05)",
                "line": {"width": 0},
                "layer": "below",
            }
        )
    row_of = {agreement.id: index for index, agreement in enumerate(drawn)}
    x_range = _agreements_x_range(drawn, ends, until, period_start, period_end)
    split = None
    if x_range:
        low, high = (datetime.date.fromisoformat(value) for value in x_range)
        split = low + (high - low) * 0.6
    for index, (agreement, end) in enumerate(zip(drawn, ends, strict=True)):
        # The title sits above its bar, so the plot keeps its whole width on a phone.
        late = split is not None and agreement.signed_on > split
        annotations.append(
            {
                "name": f"label-{agreement.id}",
                "x": iso(end if late else agreement.signed_on),
                "y": labels[index],
                "xanchor": "right" if late else "left",
                "yanchor": "bottom",
                "yshift": 7,
                "text": _escape(_short(agreement.title, 60)),
                "showarrow": False,
                "font": {"size": 12, "color": INK},
            }
        )
        annotations.append(
            {
                "name": f"{'open-ended' if agreement.expires_on is None else 'expires'}-"
                f"{agreement.id}",
                "x": iso(end),
                "y": labels[index],
                "xanchor": "left",
                "text": " → open-ended" if agreement.expires_on is None else f" {end.year}",
                "showarrow": False,
                "font": {"size": 11, "color": MUTED},
            }
        )
        if agreement.extends_id in row_of:
            base_row = row_of[agreement.extends_id]
            annotations.append(
                {
                    "name": f"extends-{agreement.id}",
                    "x": iso(agreement.signed_on),
                    "y": labels[index],
                    "ax": iso(agreement.signed_on),
                    "ay": labels[base_row],
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowsize": 1,
                    "arrowwidth": 1.4,
                    "arrowcolor": "#c05621",
                    "text": "",
                    "hovertext": _escape(f"extends {drawn[base_row].title}"),
                }
            )
    layout = _base_layout(
        height=agreements_height(len(drawn)),
        margin={"l": 12, "r": 16, "t": 22, "b": 32},
        xaxis=_axis(type="date", range=x_range),
        yaxis=_axis(
            autorange="reversed",
            type="category",
            showticklabels=False,
            gridcolor="rgba(0,0,0,0)",
            fixedrange=True,
        ),
        bargap=0.6,
        shapes=shapes,
        annotations=annotations,
    )
    return {"data": traces, "layout": layout}


def agreements_height(rows: int) -> int:
    """Pixels the agreements chart needs: a title line and a bar per agreement."""
    return 70 + 52 * max(rows, 1)


def _agreements_x_range(
    drawn: Sequence[AgreementSpan],
    ends: Sequence[datetime.date | None],
    until: datetime.date,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
) -> list[str] | None:
    starts = [agreement.signed_on for agreement in drawn] + [period_start]
    finishes = [end for end in ends if end] + [period_end, until]
    low = min([value for value in starts if value], default=None)
    high = max([value for value in finishes if value], default=None)
    if not (low and high):
        return None
    span = max((high - low).days, 365)
    return [
        iso(low - datetime.timedelta(days=span // 40)),
        iso(high + datetime.timedelta(days=span // 7)),
    ]


def agreements_table(agreements: Sequence[AgreementSpan], *, until: datetime.date) -> Table:
    """One row per bar: where it starts and where it is drawn to."""
    drawn = sorted(
        (agreement for agreement in agreements if agreement.signed_on),
        key=lambda agreement: (agreement.signed_on, agreement.title),
    )
    return Table(
        columns=("title", "kind", "status", "signed_on", "expires_on", "drawn_to", "extends"),
        rows=tuple(
            (
                agreement.title,
                agreement.kind,
                agreement.status,
                iso(agreement.signed_on),
                iso(agreement.expires_on),
                iso(agreement_end(agreement, until)),
                agreement.extends_title,
            )
            for agreement in drawn
        ),
    )


# --- the figures themselves ----------------------------------------------------------------
# Pages ship the specs' JSON as is (the Figure's to_plotly_json() deep-copies every point, a
# third of the dashboard's time at 100,000 events); the tests check Figure and spec agree.


def timeline_figure(
    points: Sequence[TemperatureMonth],
    events: Sequence[EventMarker],
    agreements: Sequence[AgreementSpan] = (),
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> go.Figure:
    return as_figure(
        timeline_spec(points, events, agreements, period_start=period_start, period_end=period_end)
    )


def metric_figure(
    series: MetricSeries,
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> go.Figure:
    return as_figure(metric_spec(series, period_start=period_start, period_end=period_end))


def agreements_figure(
    agreements: Sequence[AgreementSpan],
    *,
    until: datetime.date,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> go.Figure:
    return as_figure(
        agreements_spec(agreements, until=until, period_start=period_start, period_end=period_end)
    )

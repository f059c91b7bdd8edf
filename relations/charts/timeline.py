"""The temperature timeline: the monthly line with its likely range, the events below it,
agreement signatures across both; and the story that captions it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from relations.charts.agreements import signed_agreements
from relations.charts.inputs import (
    AgreementSpan,
    Contributor,
    EventMarker,
    TemperatureLine,
    TemperatureMonth,
    TurningMark,
)
from relations.charts.labels import escape, iso, month_label, short
from relations.charts.style import (
    ACCENT,
    BANDS,
    DIVERGING,
    INK,
    MUTED,
    FigureSpec,
    axis,
    band_label,
    base_layout,
    default_window,
    window_dates,
)


@dataclass(frozen=True)
class Story:
    """The ten-second reading of a timeline."""

    latest: TemperatureMonth | None
    coldest: TemperatureMonth | None
    warmest: TemperatureMonth | None
    caption: str


# Each side's line keeps one colour wherever it is drawn: the first side, the second side.
DIRECTION_COLOURS = ("#7b3294", "#1b7837")
OVERALL_COLOUR = "#52606d"


def month_hover(point: TemperatureMonth, label: str = "") -> str:
    events = f"{point.event_count} event{'s' if point.event_count != 1 else ''}"
    heading = f"{month_label(point.month)}" + (f" · {escape(label)}" if label else "")
    return (
        f"<b>{heading}</b><br>"
        f"Temperature {point.value:.0f} ({band_label(point.value)})<br>"
        f"Likely range {point.low:.0f}–{point.high:.0f}<br>"
        f"{events} weigh on this month"
    )


def event_hover(event: EventMarker) -> str:
    parts = [
        f"<b>{escape(event.title)}</b>",
        f"{escape(event.date_display)} · {escape(event.category)}",
        f"Score {event.score:+.1f}",
    ]
    if event.source:
        parts.append(f"Source: {escape(event.source)}")
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
    label: str = "Temperature",
    key: str = "",
    colour: str = OVERALL_COLOUR,
    banded: bool = True,
    lines: Sequence[TemperatureLine] = (),
    line_colours: dict[str, str] | None = None,
    turning_points: Sequence[TurningMark] = (),
) -> FigureSpec:
    """Temperature line with its likely range, cold-to-warm markers, events below, signatures.

    `points` is the main line (all events, key "", or one direction, key its side's code)
    under `label`; `lines` are drawn beside it without a band (the other directions, or all
    events for comparison); turning points are marked on the all-events line, and both the mark
    and that line's point of the month open the turning point's panel when clicked.
    """
    months = [iso(point.month) for point in points]
    lows = [round(point.low, 1) for point in points]
    highs = [round(point.high, 1) for point in points]
    values = [round(point.value, 1) for point in points]
    shown = [lows, highs] if banded else [values]
    shown += [[point.value for point in line.points] for line in lines]
    y_low = min([25.0, *[value - 3 for series in shown for value in series]])
    y_high = max([75.0, *[value + 3 for series in shown for value in series]])
    y_range = [max(0.0, y_low), min(100.0, y_high)]
    temperature_domain = [0.36, 1.0]
    events_domain = [0.0, 0.26]
    band_traces: list[dict] = [
        {
            "type": "scatter",
            "name": "Low",
            "meta": "band-low",
            "x": months,
            "y": lows,
            "mode": "lines",
            "line": {"width": 0, "color": "rgba(0,0,0,0)"},
            "hoverinfo": "skip",
            "showlegend": False,
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
            "showlegend": False,
            "yaxis": "y",
        },
    ]
    traces: list[dict] = band_traces if banded else []
    colours = line_colours or {}
    traces += [
        {
            "type": "scatter",
            "name": line.label,
            "meta": f"line-{line.key or 'all'}",
            "x": [iso(point.month) for point in line.points],
            "y": [round(point.value, 1) for point in line.points],
            "mode": "lines",
            "line": {
                "color": colours.get(line.key, OVERALL_COLOUR),
                "width": 1.4,
                "dash": "solid" if line.key else "dot",
            },
            "hovertext": [month_hover(point, line.label) for point in line.points],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "yaxis": "y",
        }
        for line in lines
    ]
    if turning_points:
        # Before the main line: where both have a point, hover and click take the first drawn,
        # and the month's dot sits inside the turning point's triangle.
        traces.append(turning_trace(turning_points))
    traces += [
        {
            "type": "scatter",
            "name": label,
            "meta": "temperature",
            "x": months,
            "y": values,
            "mode": "lines+markers",
            "line": {"color": colour, "width": 1.6},
            # All events' months are coloured cold to warm; a direction keeps its own colour.
            "marker": {
                "size": 6,
                "color": colour if key else values,
                "colorscale": DIVERGING,
                "cmin": 20,
                "cmax": 80,
                "line": {"width": 0},
            },
            "hovertext": [
                month_hover(point, "" if label == "Temperature" else label) for point in points
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "yaxis": "y",
        },
    ]
    traces += [
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
            "showlegend": False,
            "hovertext": [event_hover(event) for event in events],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "yaxis": "y2",
        },
    ]
    turning = {iso(mark.month): mark for mark in turning_points}
    for item in traces:
        if item["meta"] in ("line-all", "temperature" if not key else "line-all"):
            _link_turning_months(item, turning)
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
    window = default_window(
        period_start,
        period_end,
        [point.month for point in points] + [event.occurred_on for event in events],
    )
    shapes.extend(signature_shapes(agreements))
    annotations.extend(signature_annotations(agreements, window))
    layout = base_layout(
        showlegend=bool(lines),
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": 11}},
        margin={"l": 56, "r": 58, "t": 30 if lines else 12, "b": 36},
        xaxis=axis(type="date", range=window, anchor="y2", showspikes=False),
        yaxis=axis(
            domain=temperature_domain,
            range=y_range,
            title={"text": "Temperature", "font": {"size": 12, "color": MUTED}},
            fixedrange=True,
        ),
        yaxis2=axis(
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


def turning_hover(mark: TurningMark) -> str:
    direction = "up" if mark.change > 0 else "down"
    parts = [
        f"<b>Turning point, {month_label(mark.month)}</b>",
        f"{direction} {abs(mark.change):.1f} points to {mark.value:.0f} ({band_label(mark.value)})",
    ]
    parts += [f"{escape(short(item.title, 60))} ({item.share:.0%})" for item in mark.movers[:3]]
    parts.append("Click for what moved it")
    return "<br>".join(parts)


def _link_turning_months(line: dict, turning: dict[str, TurningMark]) -> None:
    """The all-events line's point of a turning month says so and opens its panel: where the
    mark and the point coincide, either may take the click."""
    if not turning:
        return
    line["customdata"] = [turning[x].url if x in turning else None for x in line["x"]]
    line["hovertext"] = [
        text + "<br>Turning point: click for what moved it" if x in turning else text
        for x, text in zip(line["x"], line["hovertext"], strict=True)
    ]


def turning_trace(marks: Sequence[TurningMark]) -> dict:
    """A diamond on every turning point; its customdata is its panel's address."""
    return {
        "type": "scatter",
        "name": "Turning points",
        "meta": "turning-points",
        "x": [iso(mark.month) for mark in marks],
        "y": [round(mark.value, 1) for mark in marks],
        "mode": "markers",
        "marker": {
            "size": 13,
            "symbol": ["triangle-up" if mark.change > 0 else "triangle-down" for mark in marks],
            "color": "#ffffff",
            "line": {"width": 2, "color": INK},
        },
        "customdata": [mark.url for mark in marks],
        "showlegend": False,
        "hovertext": [turning_hover(mark) for mark in marks],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "yaxis": "y",
    }


def signatures(agreements: Sequence[AgreementSpan]) -> dict[datetime.date, list[AgreementSpan]]:
    """Agreements by signature date: the timeline marks each date once."""
    by_date: dict[datetime.date, list[AgreementSpan]] = {}
    for agreement in signed_agreements(agreements):
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
        low, high = window_dates(x_range)
    else:
        dates = list(signatures(agreements)) or [datetime.date(2000, 1, 1)]
        low, high = min(dates), max(dates)
    span = max((high - low).days, 1)
    rows: list[list[tuple[float, float]]] = [[], [], []]
    for signed_on, group in signatures(agreements).items():
        if len(group) == 1:
            text = f"✎ {escape(short(group[0].title, 34))}"
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
        titles = "<br>".join(escape(agreement.title) for agreement in group)
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
                "hovertext": f"Signed {escape(group[0].signed_display)}:<br>{titles}",
                "showarrow": False,
                "font": {"size": 11, "color": ACCENT},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    return annotations


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

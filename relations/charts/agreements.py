"""The agreements chart: a bar per agreement from signature to expiry, extensions linked."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from articles.dates import clamped
from relations.charts.inputs import AgreementSpan
from relations.charts.labels import escape, iso, short
from relations.charts.style import (
    ACCENT,
    DAY_MS,
    INK,
    MUTED,
    FigureSpec,
    axis,
    base_layout,
    window_dates,
)


def signed_agreements(agreements: Sequence[AgreementSpan]) -> list[AgreementSpan]:
    """The agreements with a signature date, by date then title: those the charts draw."""
    return sorted(
        (agreement for agreement in agreements if agreement.signed_on),
        key=lambda agreement: (agreement.signed_on, agreement.title),
    )


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
    drawn = signed_agreements(agreements)
    labels = [short(agreement.title, 38) for agreement in drawn]
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
                f"<b>{escape(agreement.title)}</b>",
                f"{escape(agreement.kind)} · {escape(agreement.status)}",
                f"Signed {escape(agreement.signed_display)}",
                f"Expires {escape(agreement.expires_display)}"
                if agreement.expires_on
                else "No expiry reported (open-ended)",
            ]
            + ([f"Extends {escape(agreement.extends_title)}"] if agreement.extends_title else [])
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
    window = _agreements_x_range(drawn, ends, until, period_start, period_end)
    split = None
    if window:
        low, high = window_dates(window)
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
                "text": escape(short(agreement.title, 60)),
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
                    "hovertext": escape(f"extends {drawn[base_row].title}"),
                }
            )
    layout = base_layout(
        height=agreements_height(len(drawn)),
        margin={"l": 12, "r": 16, "t": 22, "b": 32},
        xaxis=axis(type="date", range=window),
        yaxis=axis(
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
    # Clamped, as in default_window: the margins below must not step past year 1 or 9999.
    low, high = clamped(low), clamped(high)
    span = max((high - low).days, 365)
    return [
        iso(low - datetime.timedelta(days=span // 40)),
        iso(high + datetime.timedelta(days=span // 7)),
    ]

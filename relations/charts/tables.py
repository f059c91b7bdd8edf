"""Each chart's numbers as rows, in the figure's order: what the HTML table view and the CSV
download show."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from relations.charts.agreements import agreement_end, signed_agreements
from relations.charts.inputs import (
    AgreementSpan,
    EventMarker,
    MetricSeries,
    TemperatureLine,
    TemperatureMonth,
    TurningMark,
)
from relations.charts.labels import iso
from relations.charts.metrics import reported_and_claimed


@dataclass(frozen=True)
class Table:
    """A chart's numbers as rows: what the HTML table view and the CSV download show."""

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def numeric_columns(self) -> tuple[bool, ...]:
        """Which columns hold a number in every row (the table view right-aligns them)."""
        return tuple(
            bool(self.rows) and all(isinstance(row[index], int | float) for row in self.rows)
            for index in range(len(self.columns))
        )

    def cells(self) -> list[list[str]]:
        """The rows as text, cell by cell as `table_cell` writes them."""
        return [[table_cell(value) for value in row] for row in self.rows]


def table_cell(value) -> str:
    """A cell as the table view and the CSV show it: ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


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


def directions_table(lines: Sequence[TemperatureLine]) -> Table:
    """All events and each direction side by side, month by month: `ru_toward_tj` is Russia's
    acts toward Tajikistan. A month a line lacks is left blank."""
    keys = [line.key for line in lines if line.key]

    def column(key: str) -> str:
        if not key:
            return "all_events"
        others = [other for other in keys if other != key]
        return f"{key}_toward_{others[0]}".lower() if others else f"{key}_acting".lower()

    values = {
        line.key: {point.month: round(point.value, 1) for point in line.points} for line in lines
    }
    months = sorted({month for by_month in values.values() for month in by_month})
    return Table(
        columns=("month", *(column(line.key) for line in lines)),
        rows=tuple(
            (iso(month), *(values[line.key].get(month) for line in lines)) for month in months
        ),
    )


def turning_points_table(marks: Sequence[TurningMark]) -> Table:
    """Every turning point: its move and the event that moved it most."""
    return Table(
        columns=("month", "from", "to", "change", "moved_most_by", "share"),
        rows=tuple(
            (
                iso(mark.month),
                round(mark.previous_value, 1),
                round(mark.value, 1),
                round(mark.change, 1),
                mark.movers[0].title if mark.movers else "",
                round(mark.movers[0].share, 3) if mark.movers else None,
            )
            for mark in marks
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


def metric_table(series: MetricSeries) -> Table:
    """Rows in the figure's order: reported points first, then claimed ones."""
    reported, claimed = reported_and_claimed(series)
    ordered = reported + claimed
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


def agreements_table(agreements: Sequence[AgreementSpan], *, until: datetime.date) -> Table:
    """One row per bar: where it starts and where it is drawn to."""
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
            for agreement in signed_agreements(agreements)
        ),
    )

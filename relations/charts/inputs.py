"""What the charts read: plain frozen dataclasses, filled by relations.selectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


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
class Contributor:
    """An event named by the rollup as moving a month, with its share of that month's pull."""

    title: str
    share: float


@dataclass(frozen=True)
class TemperatureLine:
    """A temperature series drawn beside the main one: a direction, or all events."""

    key: str  # the acting side's code, or "" for all events
    label: str  # "Russia toward Tajikistan", "All events"
    points: tuple[TemperatureMonth, ...]


@dataclass(frozen=True)
class TurningMark:
    """A turning point on the timeline: the month, its move, and its panel's address."""

    month: datetime.date
    previous_value: float
    value: float
    url: str
    movers: tuple[Contributor, ...] = ()

    @property
    def change(self) -> float:
        return self.value - self.previous_value

    @property
    def size(self) -> float:
        """The move's size in points, whichever way."""
        return abs(self.change)

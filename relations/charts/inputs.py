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

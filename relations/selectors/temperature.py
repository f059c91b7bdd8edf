"""Reads of the stored temperature rollup: a relationship's series by month, quarter or year."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from relations.models import Citation, Event, Relationship, TemperaturePoint, TurningPoint
from relations.temperature import is_turning_point, month_start, temperature_band
from relations.temperature_moves import OVERALL

GRANULARITIES = ("month", "quarter", "year")
TOP_CONTRIBUTORS = 5


@dataclass(frozen=True)
class ContributionView:
    """One of a period's top contributing events and its share of the pull."""

    event_id: int
    share: float
    title: str
    occurred_on: datetime.date
    occurred_on_precision: str


@dataclass(frozen=True)
class TemperaturePointView:
    """The temperature of one month, quarter or year, as stored by the rollup."""

    period_start: datetime.date  # first day of the month, quarter or year
    period_end: datetime.date  # its last day
    granularity: str
    months: int  # stored months averaged into this point (fewer at the edges of the range)
    value: float  # mean of the months' values, 0..100, 50 neutral
    low: float
    high: float
    band: str  # cold, cool, neutral, warm, close
    band_label: str
    event_count: int  # the most events that shaped any one of its months
    effective_weight: float
    contributions: tuple[ContributionView, ...]  # largest first, mean share over its months
    change: float | None  # value minus the previous point's, where that is in the range
    turning_point: bool  # some month in it moved five points or more from the month before


def _period_start(month: datetime.date, granularity: str) -> datetime.date:
    if granularity == "quarter":
        return month.replace(month=(month.month - 1) // 3 * 3 + 1)
    if granularity == "year":
        return month.replace(month=1)
    return month


def _period_end(start: datetime.date, granularity: str) -> datetime.date:
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    index = start.year * 12 + start.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1) - datetime.timedelta(days=1)


def _mean_share(total: float, months: int) -> float:
    """Rounded down to four decimals like the stored shares (a stored 0.2912 stays 0.2912)."""
    return math.floor(total / months * 10_000 + 1e-6) / 10_000


def _previous_month(month: datetime.date) -> datetime.date:
    """The month before; January of year 1 has none and stays itself."""
    if month.year == datetime.MINYEAR and month.month == 1:
        return month
    return (month - datetime.timedelta(days=1)).replace(day=1)


def temperature_series(
    *,
    relationship: Relationship,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    granularity: str = "month",
    direction: str = OVERALL,
) -> list[TemperaturePointView]:
    """The stored points of the months from `start` to `end` (any day of them), aggregated.

    `direction` is blank for all events, or the acting side's code for one side's acts toward
    the other. Quarters and years average the months of them that fall in the range. Two
    queries: the points, then the titles of their top contributing events.
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
    points = TemperaturePoint.objects.filter(relationship_id=relationship.pk, direction=direction)
    first = month_start(start) if start is not None else None
    if first is not None:
        # One month more, to tell whether the first month is a turning point.
        points = points.filter(month__gte=_previous_month(first))
    if end is not None:
        points = points.filter(month__lte=month_start(end))
    rows = list(
        points.order_by("month").values_list(
            "month", "value", "low", "high", "event_count", "effective_weight", "contributions"
        )
    )

    periods: dict[datetime.date, list[tuple]] = {}
    turning: dict[datetime.date, bool] = {}
    before_range = None  # the month before the range, if stored
    previous_value = None
    for row in rows:
        month, value = row[0], row[1]
        if first is not None and month < first:
            before_range = value
        else:
            period = _period_start(month, granularity)
            periods.setdefault(period, []).append(row)
            turning[period] = turning.get(period, False) or is_turning_point(previous_value, value)
        previous_value = value

    aggregated = []
    event_ids: set[int] = set()
    for period, months in periods.items():
        shares: dict[int, float] = defaultdict(float)
        for row in months:
            for item in row[6]:
                shares[item["event_id"]] += item["share"]
        top = sorted(shares.items(), key=lambda item: (-item[1], item[0]))[:TOP_CONTRIBUTORS]
        top = [(event_id, _mean_share(total, len(months))) for event_id, total in top]
        event_ids.update(event_id for event_id, _ in top)
        aggregated.append((period, months, top))

    # An empty `pk__in` runs no query.
    events = {
        event["id"]: event
        for event in Event.objects.public()
        .filter(pk__in=event_ids)
        .values("id", "title", "occurred_on", "occurred_on_precision")
    }

    series = []
    previous_value = before_range if granularity == "month" else None
    for period, months, top in aggregated:
        count = len(months)
        value = sum(row[1] for row in months) / count
        low = min(value, sum(row[2] for row in months) / count)
        high = max(value, sum(row[3] for row in months) / count)
        band = temperature_band(value)
        series.append(
            TemperaturePointView(
                period_start=period,
                period_end=_period_end(period, granularity),
                granularity=granularity,
                months=count,
                value=value,
                low=low,
                high=high,
                band=band.name,
                band_label=band.label,
                event_count=max(row[4] for row in months),
                effective_weight=sum(row[5] for row in months) / count,
                contributions=tuple(
                    ContributionView(
                        event_id=event_id,
                        share=share,
                        title=events[event_id]["title"],
                        occurred_on=events[event_id]["occurred_on"],
                        occurred_on_precision=events[event_id]["occurred_on_precision"],
                    )
                    for event_id, share in top
                    # An event deleted since the last recompute drops out until the next.
                    if event_id in events and share > 0
                ),
                change=None if previous_value is None else value - previous_value,
                turning_point=turning[period],
            )
        )
        previous_value = value
    return series


def direction_codes(relationship: Relationship) -> tuple[str, str]:
    """The two sides' codes, each naming a direction (its acts toward the other)."""
    return (relationship.country_a.code, relationship.country_b.code)


# --- turning points ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MoverView:
    """An event that moved a turning point: its part of the move and what the record cites."""

    event: Event
    points: float
    share: float
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class DirectionMove:
    """How one side's acts toward the other moved in a turning point's month."""

    code: str
    label: str
    previous_value: float | None
    value: float | None

    @property
    def change(self) -> float | None:
        if self.previous_value is None or self.value is None:
            return None
        return self.value - self.previous_value


@dataclass(frozen=True)
class TurningPointPanel:
    """Everything a turning point's panel shows."""

    turning_point: TurningPoint
    movers: tuple[MoverView, ...]
    directions: tuple[DirectionMove, ...]
    previous: TurningPoint | None
    following: TurningPoint | None

    @property
    def size(self) -> float:
        return abs(self.turning_point.change)

    @property
    def previous_month(self) -> datetime.date:
        return _previous_month(self.turning_point.month)

    @property
    def fading_helped(self) -> bool:
        """Earlier events' fading moved it the move's way (and so is part of what pushed it)."""
        return self.turning_point.fading * self.turning_point.change > 0

    @property
    def other_points(self) -> float:
        """Points the move's way from events not named (beyond the few the panel lists)."""
        point = self.turning_point
        named = sum(mover.points for mover in self.movers)
        rest = point.pushed - named - (point.fading if self.fading_helped else 0.0)
        return rest if abs(rest) >= 0.05 else 0.0

    @property
    def opposed(self) -> float:
        """Points pulled against the move: the move is what pushed it plus this."""
        rest = self.turning_point.change - self.turning_point.pushed
        return rest if abs(rest) >= 0.05 else 0.0


def turning_point_list(relationship: Relationship) -> list[TurningPoint]:
    """A relationship's stored turning points, oldest first: one query."""
    points = list(TurningPoint.objects.filter(relationship_id=relationship.pk).order_by("month"))
    for point in points:
        point.relationship = relationship  # their addresses need its slug: no query each
    return points


def turning_point_titles(points: list[TurningPoint]) -> dict[int, str]:
    """The titles of the events the turning points name: one query (none without events)."""
    ids = {mover["event_id"] for point in points for mover in point.movers}
    return dict(Event.objects.filter(pk__in=ids).values_list("id", "title"))


def direction_label(relationship: Relationship, code: str) -> str:
    """ "Russia toward Tajikistan" for RU in Russia–Tajikistan."""
    countries = (relationship.country_a, relationship.country_b)
    acting = next(country for country in countries if country.code == code)
    other = next(country for country in countries if country.code != code)
    return f"{acting.name} toward {other.name}"


def turning_point_panel(
    relationship: Relationship, month: datetime.date
) -> TurningPointPanel | None:
    """A turning point with its events, their citations and the two directions' moves; None
    where the month is not a turning point. Five queries whatever the record's size."""
    points = turning_point_list(relationship)
    index = next((i for i, point in enumerate(points) if point.month == month), None)
    if index is None:
        return None
    point = points[index]
    ids = [mover["event_id"] for mover in point.movers]
    events = Event.objects.filter(pk__in=ids).select_related("category", "initiator", "target")
    events = {event.pk: event for event in events}
    citations: dict[int, list[Citation]] = defaultdict(list)
    for citation in (
        Citation.objects.filter(event_id__in=ids)
        .select_related("article__source")
        .order_by("article__published_on", "id")
    ):
        citations[citation.event_id].append(citation)
    codes = direction_codes(relationship)
    values = {
        (direction, stored): value
        for direction, stored, value in TemperaturePoint.objects.filter(
            relationship_id=relationship.pk,
            direction__in=codes,
            month__in=[_previous_month(month), month],
        ).values_list("direction", "month", "value")
    }
    return TurningPointPanel(
        turning_point=point,
        movers=tuple(
            MoverView(
                event=events[mover["event_id"]],
                points=mover["points"],
                share=mover["share"],
                citations=tuple(citations[mover["event_id"]]),
            )
            for mover in point.movers
            # An event deleted since the last recompute drops out until the next.
            if mover["event_id"] in events
        ),
        directions=tuple(
            DirectionMove(
                code=code,
                label=direction_label(relationship, code),
                previous_value=values.get((code, _previous_month(month))),
                value=values.get((code, month)),
            )
            for code in codes
        ),
        previous=points[index - 1] if index > 0 else None,
        following=points[index + 1] if index + 1 < len(points) else None,
    )

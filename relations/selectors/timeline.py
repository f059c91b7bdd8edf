"""Reads behind the temperature timeline: the stored rollup month by month, the events it
names as each month's largest contributors, the story that captions it.

The temperature comes from the stored rollup (TemperaturePoint), never recomputed per request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, F, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Abs, RowNumber, TruncMonth

from relations.charts.inputs import Contributor, TemperatureMonth
from relations.charts.timeline import Story, timeline_story
from relations.models import Event, Relationship, TemperaturePoint
from relations.temperature_moves import OVERALL

# How many of each month's largest contributors an aggregated timeline draws.
MARKERS_PER_MONTH = 2


@dataclass(frozen=True)
class StoredMonth:
    """A rollup month and the events it names as its largest contributors, largest first."""

    month: TemperatureMonth
    contributions: tuple[tuple[int, float], ...]  # (event id, share of the month's pull)


def temperature_months(relationship: Relationship) -> list[StoredMonth]:
    """The stored rollup of a relationship (all events), month by month, in one query."""
    return temperature_months_by_direction(relationship, directions=(OVERALL,))[OVERALL]


def temperature_months_by_direction(
    relationship: Relationship, directions: Sequence[str]
) -> dict[str, list[StoredMonth]]:
    """The stored rollup of each direction asked for (OVERALL for all events, or an acting
    side's code), month by month, in one query.

    Read here rather than through relations.selectors.temperature.temperature_series, which
    also looks up the title of every month's contributors: the timeline needs their ids only
    (the story's two months get their titles apart), and at 240 months that lookup alone cost
    the dashboard about 35 ms.
    """
    rows = (
        TemperaturePoint.objects.filter(relationship=relationship, direction__in=directions)
        .order_by("direction", "month")
        .values_list("direction", "month", "value", "low", "high", "event_count", "contributions")
    )
    months: dict[str, list[StoredMonth]] = {direction: [] for direction in directions}
    for direction, month, value, low, high, event_count, contributions in rows:
        months[direction].append(
            StoredMonth(
                month=TemperatureMonth(month, value, low, high, event_count),
                contributions=tuple(
                    (int(item["event_id"]), float(item.get("share") or 0))
                    for item in contributions or ()
                    if item.get("event_id") is not None
                ),
            )
        )
    return months


def pk_in(model, ids: Iterable[int]) -> RawSQL:
    """`pk = ANY(%s)` with one array parameter: `pk__in` binds one parameter per id, which
    costs milliseconds of query building at a few hundred ids."""
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    return RawSQL(f"{column} = ANY(%s)", (sorted(ids),), output_field=BooleanField())


def significant_event_ids(relationship: Relationship, months: Sequence[StoredMonth]) -> set[int]:
    """The events the rollup names as each month's largest contributors; if the rollup names
    none, the events with the largest |score| × confidence of each month."""
    ids = {
        event_id for stored in months for event_id, _ in stored.contributions[:MARKERS_PER_MONTH]
    }
    if ids:
        return ids
    ranked = (
        Event.objects.public()
        .filter(relationship=relationship)
        .with_effective_score()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[TruncMonth("occurred_on")],
                order_by=[
                    (Abs("effective_score") * F("confidence")).desc(),
                    F("id").asc(),
                ],
            )
        )
        .filter(rank__lte=MARKERS_PER_MONTH)
        .values_list("id", flat=True)
    )
    return set(ranked)


def story_for(relationship: Relationship, months: Sequence[StoredMonth]) -> Story:
    """The ten-second caption: coldest and warmest month and the events that moved them."""
    points = [stored.month for stored in months]
    bare = timeline_story(
        points, {}, period_start=relationship.period_start, period_end=relationship.period_end
    )
    named = {point.month for point in (bare.coldest, bare.warmest) if point}
    shares = {
        stored.month.month: stored.contributions[:2]
        for stored in months
        if stored.month.month in named
    }
    ids = {event_id for items in shares.values() for event_id, _ in items}
    if not ids:
        return bare
    titles = dict(Event.objects.public().filter(pk_in(Event, ids)).values_list("id", "title"))
    contributors = {
        month: [
            Contributor(title=titles[event_id], share=share)
            for event_id, share in items
            if event_id in titles and share > 0
        ]
        for month, items in shares.items()
    }
    return timeline_story(
        points,
        contributors,
        period_start=relationship.period_start,
        period_end=relationship.period_end,
    )


def open_ended_until(relationship: Relationship, months: Sequence[StoredMonth]) -> datetime.date:
    """Where open-ended agreements are drawn to: the period's end, else the last data."""
    if relationship.period_end:
        return relationship.period_end
    if months:
        return months[-1].month.month
    return relationship.period_start or datetime.date(2000, 1, 1)


def events_in_range(
    relationship: Relationship,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Event]:
    """All events of a relationship between two dates: the list behind an aggregated timeline."""
    queryset = Event.objects.public().filter(relationship=relationship).select_related("category")
    if start:
        queryset = queryset.filter(occurred_on__gte=start)
    if end:
        queryset = queryset.filter(occurred_on__lte=end)
    return queryset.order_by("occurred_on", "id")


def event_rows(events: QuerySet[Event], *extra: str) -> QuerySet:
    """Each event as (id, date, precision, title, category, score, confidence, *extra)."""
    return events.with_effective_score().values_list(
        "id",
        "occurred_on",
        "occurred_on_precision",
        "title",
        "category__name",
        "effective_score",
        "confidence",
        *extra,
    )

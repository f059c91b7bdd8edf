"""Reads behind the browse pages: facet counts (one GROUP BY each), the relationships with
their temperature now, counts and last change, and their whole temperature series at once."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Expression, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest

from relations.models import (
    NEWEST_FIRST,
    Agreement,
    Event,
    Observation,
    Relationship,
    TemperaturePoint,
)
from relations.selectors.records.relationships import relationship_detail_queryset
from relations.temperature_moves import OVERALL

if TYPE_CHECKING:
    from relations.browse.lists import Facet


def facet_counts(rows: QuerySet, facet: Facet) -> list[tuple[str, str, int]]:
    """(value, title, rows) of a facet over `rows`, largest first, in one GROUP BY."""
    if facet.counts is not None:
        return facet.counts(rows)[: facet.limit]
    fields: dict[str, Expression] = {"facet_value": _expression(facet.value)}
    if facet.title is not None:
        fields["facet_title"] = _expression(facet.title)
    counted = (
        rows.order_by()
        .values(**fields)
        .annotate(facet_rows=Count("pk", distinct=facet.many))
        .filter(facet_value__isnull=False)
        .order_by("-facet_rows", "facet_value")[: facet.limit]
    )
    found = [
        (str(row["facet_value"]), str(row.get("facet_title") or ""), row["facet_rows"])
        for row in counted
    ]
    if facet.by_value:
        found.sort(key=lambda row: row[0], reverse=True)
    names = dict(facet.choices or {})
    if facet.names is not None and found:
        names.update(facet.names([value for value, _title, _rows in found]))
    return [(value, title or names.get(value, value), count) for value, title, count in found]


def _expression(value: str | Expression) -> Expression:
    return F(value) if isinstance(value, str) else value


def relationship_side_counts(rows: QuerySet[Relationship]) -> list[tuple[str, str, int]]:
    """Relationships per country, whichever side it is on: one GROUP BY per side."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for side in ("country_a", "country_b"):
        grouped = (
            rows.order_by()
            .values(code=F(f"{side}__code"), country=F(f"{side}__name"))
            .annotate(sides=Count("pk"))
        )
        for row in grouped:
            counts[row["code"]] += row["sides"]
            names[row["code"]] = row["country"]
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(code, names[code], count) for code, count in ordered]


def _latest_point(field: str) -> Subquery:
    """The relationship's newest month overall (not one side's acts, stored beside it)."""
    latest = TemperaturePoint.objects.filter(
        relationship=OuterRef("pk"), direction=OVERALL
    ).order_by("-month")
    return Subquery(latest.values(field)[:1])


def _last_update(model) -> Subquery:
    """When the relationship's newest-changed row of `model` changed: the first entry of its
    (relationship, updated) index (models.NEWEST_FIRST), not a MAX over every row (25 ms at
    100,000 events)."""
    newest = model.objects.filter(relationship=OuterRef("pk")).order_by(NEWEST_FIRST)
    return Subquery(newest.values("updated")[:1])


def relationship_tally_rows() -> QuerySet[Relationship]:
    """Every relationship with how many public agreements, events and figures it holds and
    when any of them last changed: what services/tallies.py stores, counted over every row."""
    return (
        relationship_detail_queryset()
        .annotate(
            # PostgreSQL's GREATEST skips NULLs: a relationship without events still has a date.
            last_changed=Greatest(
                "updated", _last_update(Event), _last_update(Agreement), _last_update(Observation)
            ),
        )
        .order_by("pk")
    )


def relationship_rows(*where: Q) -> QuerySet[Relationship]:
    """Relationships matching every condition, with their latest stored temperature and their
    stored tally (models.RelationshipTally, brought up to the record's version before a page
    reads it): how many events, agreements and figures each holds, and when any last changed."""
    return (
        Relationship.objects.select_related("country_a", "country_b")
        .filter(*where)
        .annotate(
            temperature=_latest_point("value"),
            temperature_month=_latest_point("month"),
            agreement_count=F("tally__agreement_count"),
            event_count=F("tally__event_count"),
            observation_count=F("tally__observation_count"),
            last_changed=F("tally__last_changed"),
        )
        .order_by("name", "id")
    )


def temperature_sparklines(
    relationship_ids: Iterable[int],
) -> dict[int, list[tuple[datetime.date, float]]]:
    """Every stored month of each relationship overall, in one query: (month, value), oldest
    first (the months of each side's acts, stored beside them, are not its temperature)."""
    series: dict[int, list[tuple[datetime.date, float]]] = defaultdict(list)
    rows = (
        TemperaturePoint.objects.filter(
            relationship_id__in=list(relationship_ids), direction=OVERALL
        )
        .order_by("relationship_id", "month")
        .values_list("relationship_id", "month", "value")
    )
    for relationship_id, month, value in rows:
        series[relationship_id].append((month, value))
    return series

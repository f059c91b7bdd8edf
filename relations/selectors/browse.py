"""Reads behind the browse pages: facet counts (one GROUP BY each), the relationships with
their temperature now, counts and last change, and their whole temperature series at once."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Expression, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest

from relations.models import Agreement, Event, Observation, Relationship, TemperaturePoint
from relations.selectors.records.relationships import relationship_detail_queryset

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
    latest = TemperaturePoint.objects.filter(relationship=OuterRef("pk")).order_by("-month")
    return Subquery(latest.values(field)[:1])


def _last_update(model) -> Subquery:
    newest = (
        model.objects.filter(relationship=OuterRef("pk"))
        .order_by()
        .values("relationship")
        .annotate(newest=Max("updated"))
        .values("newest")
    )
    return Subquery(newest)


def relationship_rows(*where: Q) -> QuerySet[Relationship]:
    """Relationships matching every condition, with their latest stored temperature, how many
    events, agreements and figures each holds, and when any of them last changed."""
    return (
        relationship_detail_queryset()
        .filter(*where)
        .annotate(
            temperature=_latest_point("value"),
            temperature_month=_latest_point("month"),
            # PostgreSQL's GREATEST skips NULLs: a relationship without events still has a date.
            last_changed=Greatest(
                "updated", _last_update(Event), _last_update(Agreement), _last_update(Observation)
            ),
        )
        .order_by("name", "id")
    )


def temperature_sparklines(
    relationship_ids: Iterable[int],
) -> dict[int, list[tuple[datetime.date, float]]]:
    """Every stored month of each relationship, in one query: (month, value), oldest first."""
    series: dict[int, list[tuple[datetime.date, float]]] = defaultdict(list)
    rows = (
        TemperaturePoint.objects.filter(relationship_id__in=list(relationship_ids))
        .order_by("relationship_id", "month")
        .values_list("relationship_id", "month", "value")
    )
    for relationship_id, month, value in rows:
        series[relationship_id].append((month, value))
    return series

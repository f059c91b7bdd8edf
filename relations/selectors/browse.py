"""Reads behind the browse pages: facet counts (one GROUP BY each), the relationships with
their temperature now, counts and last change, and their whole temperature series at once."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest

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
    from relations.browse.lists import BrowseList, Facet


def tally_counts(
    matching: QuerySet, facets: Sequence[Facet]
) -> tuple[int, list[list[tuple[str, str, int]]]]:
    """How many rows `matching` holds, and each facet's (value, title, rows) over them, largest
    first: one query.

    Each facet's GROUP BY is written over the list's whole table, with no condition of its own,
    so its SQL is the same for every state of the list and is compiled once a process
    (_grouped). The query then reads the matching rows first, once, into a MATERIALIZED CTE
    that bears the table's own name: within the query, the name means the matching rows (a
    WITH query hides a table of the same name; inside its own definition the name is still the
    table's). The count and every GROUP BY read those rows, joined by UNION ALL; the CTE holds
    only the columns the GROUP BYs read. At 100,000 events, one relationship's year and
    category cost 15 ms of database time and 10 ms of ORM compilation a page as eight GROUP
    BYs each filtering the rows again, and a count; 6 ms and under 2 ms this way."""
    grouped = _grouped(matching.model, tuple(facets))
    matching_sql, matching_params = (
        matching.order_by().values_list(*grouped.fields).query.sql_with_params()
    )
    found: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {grouped.table} ({grouped.columns}) AS MATERIALIZED ({matching_sql}) "
            f"(SELECT -1, NULL, NULL, COUNT(*) FROM {grouped.table}){grouped.sql}",
            (*matching_params, *grouped.params),
        )
        for index, value, title, rows in cursor.fetchall():
            if index < 0:
                count = rows
            else:
                found[index].append((value, title or "", rows))
    return count, [
        facet.counts(matching)[: facet.limit]
        if facet.counts is not None
        else _facet_values(facet, found[index])
        for index, facet in enumerate(facets)
    ]


@dataclass(frozen=True)
class _Grouped:
    """A list's facets' GROUP BYs over its table, as SQL (each part led by UNION ALL)."""

    sql: str
    params: tuple
    table: str  # the table's name, quoted
    fields: tuple[str, ...]  # the fields of the table's columns they read (the CTE's)
    columns: str  # those columns' names, quoted, in the same order


_GROUPED: dict[tuple, _Grouped] = {}


def _grouped(model, facets: tuple[Facet, ...]) -> _Grouped:
    key = (model, tuple((facet.name, repr(facet.value), repr(facet.title)) for facet in facets))
    if key not in _GROUPED:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        parts, params = [], []
        for index, facet in enumerate(facets):
            if facet.counts is None:
                query = facet_group_by(model._base_manager.all(), facet, index).query
                sql, part_params = query.sql_with_params()
                parts.append(f" UNION ALL ({sql})")
                params.extend(part_params)
        sql = "".join(parts)
        # The table's columns the GROUP BYs name (always as "table"."column"), and its key.
        named = set(re.findall(rf'{re.escape(table)}\.("[^"]+")', sql))
        read = [
            field
            for field in model._meta.concrete_fields
            if field.primary_key or quote(field.column) in named
        ]
        _GROUPED[key] = _Grouped(
            sql=sql,
            params=tuple(params),
            table=table,
            fields=tuple(field.attname for field in read),
            columns=", ".join(quote(field.column) for field in read),
        )
    return _GROUPED[key]


def facet_group_by(rows: QuerySet, facet: Facet, index: int) -> QuerySet:
    """The facet's GROUP BY over `rows`, its values as text (a UNION's columns share a type)."""
    title = Value("") if facet.title is None else _expression(facet.title)
    return (
        rows.order_by()
        .values(
            facet=Value(index),
            facet_value=Cast(_expression(facet.value), TextField()),
            facet_title=Cast(title, TextField()),
        )
        .annotate(facet_rows=Count("pk", distinct=facet.many))
        .filter(facet_value__isnull=False)
        .order_by("-facet_rows", "facet_value")[: facet.limit]
    )


def _facet_values(facet: Facet, found: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The facet's values in the order shown, named."""
    # A UNION keeps no order of its parts: each facet's is set again here.
    found = sorted(found, key=lambda row: (-row[2], row[0]))
    if facet.by_value:
        found.sort(key=lambda row: row[0], reverse=True)
    names = dict(facet.choices or {})
    if facet.names is not None and found:
        names.update(facet.names([value for value, _title, _rows in found]))
    return [(value, title or names.get(value, value), count) for value, title, count in found]


# Kept figures last until the record's next write (which changes the key) or a day.
KEPT_TALLY_SECONDS = 24 * 3600


def list_tally(
    browse_list: BrowseList,
    matching: QuerySet,
    *,
    kept_as: str | None,
    record_version: int,
) -> tuple[int, list[list[tuple[str, str, int]]]]:
    """How many rows `matching` holds, and each facet's counts over them (tally_counts).

    A list narrowed down by facets or a search is counted on each request: its indexes keep
    that to milliseconds. The whole list and one relationship's (`kept_as` names them) read
    every row of the record or of the relationship (0.3 s and 0.2 s at 100,000 events), and
    every reader's first page, each of its sorts and pages, asks for the same figures: they
    are counted once per version of the record and kept in Django's cache under it, so a
    write, which changes the version, changes the key.
    """

    def tally() -> tuple[int, list[list[tuple[str, str, int]]]]:
        return tally_counts(matching, browse_list.facets)

    if kept_as is None:
        return tally()
    key = f"browse-tally:{record_version}:{browse_list.name}:{kept_as}"
    return cache.get_or_set(key, tally, KEPT_TALLY_SECONDS)


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
            # A relationship added since the tallies were counted holds nothing yet.
            agreement_count=Coalesce("tally__agreement_count", 0),
            event_count=Coalesce("tally__event_count", 0),
            observation_count=Coalesce("tally__observation_count", 0),
            last_changed=Coalesce("tally__last_changed", "updated"),
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

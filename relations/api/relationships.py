"""Relationships and their stored temperature series."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import ValidationError

from api.auth import read_auth
from api.csv import CsvColumn, attribute_columns, csv_response, wants_csv
from api.lists import paged
from api.params import slug_path
from relations.api.columns import TIMESTAMP_COLUMNS
from relations.models import Relationship
from relations.schemas.relationships import (
    RelationshipDetailOut,
    RelationshipFilters,
    RelationshipPage,
)
from relations.schemas.temperature import TemperatureFilters, TemperatureOut
from relations.selectors.records import relationships as relationship_selectors
from relations.selectors.temperature import direction_codes, temperature_series

router = Router(tags=["relationships"], auth=read_auth)

RELATIONSHIP_COLUMNS = [
    *attribute_columns("id", "slug", "name"),
    CsvColumn("country_a", lambda r: r.country_a.code),
    CsvColumn("country_b", lambda r: r.country_b.code),
    *attribute_columns("description", "period_start", "period_end"),
    *TIMESTAMP_COLUMNS,
]

TEMPERATURE_COLUMNS = [
    *attribute_columns("period_start", "period_end", "months"),
    CsvColumn("value", lambda p: round(p.value, 4)),
    CsvColumn("low", lambda p: round(p.low, 4)),
    CsvColumn("high", lambda p: round(p.high, 4)),
    *attribute_columns("band", "event_count"),
    CsvColumn("change", lambda p: None if p.change is None else round(p.change, 4)),
    CsvColumn("turning_point", lambda p: p.turning_point),
    CsvColumn("top_event_ids", lambda p: [c.event_id for c in p.contributions]),
    CsvColumn("top_event_shares", lambda p: [c.share for c in p.contributions]),
]

SlugPath = slug_path("relationship")


@router.get("", response=RelationshipPage, summary="List relationships")
@paged(RELATIONSHIP_COLUMNS, "relationships")
def relationship_list(request: HttpRequest, filters: Query[RelationshipFilters]):
    """Pairs of countries the record covers, by name."""
    return relationship_selectors.relationship_list(filters.get_filter_expression())


@router.get("/{slug}", response=RelationshipDetailOut, summary="One relationship")
def relationship_detail(request: HttpRequest, slug: str = SlugPath):
    """A relationship with how many agreements, events and observations it holds."""
    return get_object_or_404(relationship_selectors.relationship_detail_queryset(), slug=slug)


@router.get("/{slug}/temperature", response=TemperatureOut, summary="A relationship's temperature")
def relationship_temperature(
    request: HttpRequest, filters: Query[TemperatureFilters], slug: str = SlugPath
):
    """The stored temperature by month, quarter or year: value, band, events, top contributors.

    Quarters and years are the mean of their stored months within the range. With `direction`,
    the temperature of one side's acts toward the other, in the same shape.
    """
    relationship = get_object_or_404(
        Relationship.objects.select_related("country_a", "country_b"), slug=slug
    )
    codes = direction_codes(relationship)
    if filters.direction is not None and filters.direction.upper() not in codes:
        raise ValidationError(
            [
                {
                    "loc": ("query", "direction"),
                    "msg": f"must be one of the relationship's sides: {' or '.join(codes)}",
                    "type": "value_error",
                }
            ]
        )
    series = temperature_series(
        relationship=relationship,
        start=filters.start,
        end=filters.end,
        granularity=filters.granularity,
        direction=(filters.direction or "").upper(),
    )
    if wants_csv(request):
        return csv_response(series, TEMPERATURE_COLUMNS, f"{slug}-temperature")
    return {"relationship": slug, "granularity": filters.granularity, "items": series}

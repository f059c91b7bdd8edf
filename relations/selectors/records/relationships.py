"""Reads of relationships: by country, with how many records each holds."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from relations.models import Agreement, Event, Observation, Relationship
from relations.selectors.records.common import filter_given


def relationship_list(
    *, country: str | None = None, updated_since: datetime.datetime | None = None
) -> QuerySet[Relationship]:
    """Relationships, by name; `country` (an ISO code) keeps those it is a side of."""
    relationships = filter_given(
        Relationship.objects.select_related("country_a", "country_b"), updated__gte=updated_since
    )
    if country is not None:
        code = country.upper()
        relationships = relationships.filter(Q(country_a__code=code) | Q(country_b__code=code))
    return relationships.order_by("name", "id")


def _count_per_relationship(model) -> Coalesce:
    rows = (
        model.objects.filter(relationship=OuterRef("pk"))
        .order_by()
        .values("relationship")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def relationship_detail_queryset() -> QuerySet[Relationship]:
    """Relationships with how many agreements, events and observations each holds."""
    return Relationship.objects.select_related("country_a", "country_b").annotate(
        agreement_count=_count_per_relationship(Agreement),
        event_count=_count_per_relationship(Event),
        observation_count=_count_per_relationship(Observation),
    )

"""Reads of relationships: by country, with how many records each holds."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from relations.models import Agreement, Event, Observation, Relationship


def relationship_country(code: str) -> Q:
    """Relationships the country `code` (an ISO code, any case) is a side of."""
    return Q(country_a__code=code.upper()) | Q(country_b__code=code.upper())


def relationship_list(*where: Q) -> QuerySet[Relationship]:
    """Relationships matching every condition in `where`, by name."""
    relationships = Relationship.objects.select_related("country_a", "country_b")
    return relationships.filter(*where).order_by("name", "id")


def _count_per_relationship(model) -> Coalesce:
    rows = (
        model.objects.public()
        .filter(relationship=OuterRef("pk"))
        .order_by()
        .values("relationship")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def relationship_detail_queryset() -> QuerySet[Relationship]:
    """Relationships with how many public agreements, events and observations each holds."""
    return Relationship.objects.select_related("country_a", "country_b").annotate(
        agreement_count=_count_per_relationship(Agreement),
        event_count=_count_per_relationship(Event),
        observation_count=_count_per_relationship(Observation),
    )

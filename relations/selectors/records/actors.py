"""Reads of actors: by any spelling of a name, kind or country, with aliases and dated roles."""

from __future__ import annotations

import datetime

from django.db.models import F, Prefetch, QuerySet

from relations.models import Actor, ActorAlias, ActorRole
from relations.selectors.actors import actor_alias_filter
from relations.selectors.records.common import filter_given


def actor_queryset() -> QuerySet[Actor]:
    return Actor.objects.select_related("country").prefetch_related(
        Prefetch("aliases", queryset=ActorAlias.objects.order_by("name", "id")),
        Prefetch(
            "roles",
            queryset=ActorRole.objects.select_related("country").order_by(
                F("started_on").asc(nulls_first=True), "id"
            ),
        ),
    )


def actor_list(
    *,
    q: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Actor]:
    """Actors by name. `q` matches part of the name or of any alias (or a near spelling),
    case and accents aside."""
    actors = filter_given(actor_queryset(), kind=kind, updated__gte=updated_since)
    if q:
        actors = actor_alias_filter(actors, q)
    if country is not None:
        actors = actors.filter(country__code=country.upper())
    return actors.order_by("name", "id")

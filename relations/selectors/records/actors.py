"""Reads of actors: by any spelling of a name, kind or country, with aliases and dated roles."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from relations.models import Actor, ActorAlias, ActorRole
from relations.selectors.actors import actor_alias_filter


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


def actor_named_like(q: str) -> Q:
    """Actors with part of their name or of an alias like `q` (see actor_alias_filter)."""
    return Q(pk__in=actor_alias_filter(Actor.objects.all(), q).values("pk"))


def actor_list(*where: Q) -> QuerySet[Actor]:
    """Actors matching every condition in `where`, by name."""
    return actor_queryset().filter(*where).order_by("name", "id")

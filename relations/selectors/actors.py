"""Reads of actors by any spelling of their name, through the SQL `bilateral_normalize`."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from relations.models import Actor, ActorAlias, Normalized


def _normalized(text: str) -> Normalized:
    return Normalized(Value(text))


def actor_find_by_alias(name: str) -> Actor | None:
    """The actor one of whose aliases, else whose name, is `name`, case and accents aside."""
    if not name or not name.strip():
        return None
    key = _normalized(name)
    # Filtering on the expression (not the generated column) lets PostgreSQL use the unique
    # index actoralias_normalized_unique, which is built on bilateral_normalize(name).
    alias = (
        ActorAlias.objects.alias(key=Normalized("name"))
        .filter(key=key)
        .select_related("actor", "actor__country")
        .first()
    )
    if alias is not None:
        return alias.actor
    return (
        Actor.objects.alias(key=Normalized("name"))
        .filter(key=key)
        .select_related("country")
        .order_by("pk")
        .first()
    )


def actor_alias_filter(queryset: QuerySet[Actor], q: str) -> QuerySet[Actor]:
    """The actors of `queryset` with an alias or name containing `q`, or close to it.

    Case and accents are ignored; "close" is pg_trgm similarity (the `%` operator, served by
    the trigram index on ActorAlias.normalized), which forgives misspellings like Rakhmonov.
    """
    if not q or not q.strip():
        return queryset
    # `contains` escapes LIKE wildcards in an expression's value itself (connection.pattern_esc).
    key = _normalized(q)
    aliases = ActorAlias.objects.filter(actor=OuterRef("pk")).filter(
        Q(normalized__contains=key) | Q(normalized__trigram_similar=key)
    )
    return queryset.alias(name_key=Normalized("name")).filter(
        Q(Exists(aliases)) | Q(name_key__contains=key)
    )

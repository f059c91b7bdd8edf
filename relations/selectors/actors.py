"""Reads of actors by any spelling of their name, through the SQL `bilateral_normalize`."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.lookups import Exact

from relations.models import Actor, ActorAlias, Normalized


def _normalized(text: str) -> Normalized:
    return Normalized(Value(text))


def actors_matching(value: str) -> QuerySet[Actor]:
    """Actors named by `value`: an id, a slug, a country code (its actors), or any alias.

    Aliases and names compare case- and accent-insensitively (the `Normalized` SQL function
    that also keys ActorAlias), so 'Rahmonov', 'emomali' and 'Rahmon' find the same person.
    """
    value = value.strip()
    normalized = _normalized(value)
    condition = Q(slug=value) | Q(Exact(Normalized("name"), normalized))
    # On the expression, not the generated column: the unique index on it serves the lookup.
    aliases = ActorAlias.objects.alias(key=Normalized("name")).filter(
        actor=OuterRef("pk"), key=normalized
    )
    condition |= Q(Exists(aliases))
    if value.isdigit() and len(value) < 19:
        condition |= Q(pk=int(value))
    if len(value) == 2 and value.isalpha():
        condition |= Q(country__code=value.upper())
    return Actor.objects.filter(condition)


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

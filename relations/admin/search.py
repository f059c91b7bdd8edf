"""Search and autocomplete that offer the closest names first.

Django's admin search filters but keeps the list's order, so typing "Tajik" offers the Armed
Forces of Tajikistan (alphabetically first) before Tajikistan itself. Here the matches are
ranked: a name (or alias) equal to the term, then names that start with it, then the rest;
case and accents aside, through the database's `bilateral_normalize`.
"""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.lookups import Exact, StartsWith

from relations.models import ActorAlias, Normalized

EXACT, PREFIX, OTHER = 0, 1, 2


def name_rank_conditions(term: str, *names: str) -> tuple[Q, Q]:
    """(exact, prefix) conditions on the normalized columns `names` against `term`."""
    key = Normalized(Value(term))
    exact, prefix = Q(), Q()
    for name in names:
        exact |= Q(Exact(Normalized(name), key))
        prefix |= Q(StartsWith(Normalized(name), key))
    return exact, prefix


def alias_rank_conditions(term: str) -> tuple[Q, Q]:
    """(exact, prefix) conditions on an actor's aliases against `term`."""
    key = Normalized(Value(term))
    aliases = ActorAlias.objects.filter(actor=OuterRef("pk"))
    return (
        Q(Exists(aliases.filter(Exact(Normalized("name"), key)))),
        Q(Exists(aliases.filter(StartsWith(Normalized("name"), key)))),
    )


class RankedSearchMixin:
    """Orders search results by how well a name matches the term (exact, prefix, other).

    `ranked_names` are the columns compared; `rank_conditions` may add more (aliases).
    """

    ranked_names: tuple[str, ...] = ("name",)

    def rank_conditions(self, term: str) -> tuple[Q, Q]:
        return name_rank_conditions(term, *self.ranked_names)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return self.ranked(request, queryset, search_term), may_have_duplicates

    def ranked(self, request, queryset, search_term: str):
        """`queryset` with exact matches of the term first, then prefixes, then the rest."""
        term = search_term.strip()
        if not term:
            return queryset
        exact, prefix = self.rank_conditions(term)
        ordering = self.get_ordering(request) or self.model._meta.ordering
        return queryset.annotate(
            search_rank=Case(
                When(exact, then=Value(EXACT)),
                When(prefix, then=Value(PREFIX)),
                default=Value(OTHER),
                output_field=IntegerField(),
            )
        ).order_by("search_rank", *ordering)

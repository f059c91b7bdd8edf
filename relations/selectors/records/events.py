"""Reads of events: by date, category (with sub-codes), score, actor and full text."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet

from articles.search import search_query
from relations.models import Event
from relations.selectors.records.common import (
    actors_prefetch,
    citations_prefetch,
    filter_given,
    links_actor_named,
)


def event_queryset() -> QuerySet[Event]:
    return (
        Event.objects.select_related("relationship", "category")
        .with_effective_score()
        .prefetch_related(actors_prefetch("actors"), citations_prefetch())
    )


def event_list(
    *,
    relationship: str | None = None,
    occurred_from: datetime.date | None = None,
    occurred_to: datetime.date | None = None,
    category: str | None = None,
    score_min: Decimal | float | None = None,
    score_max: Decimal | float | None = None,
    actor: str | None = None,
    q: str | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """Events in date order. `category` also matches the sub-codes of a root code (05: 057)."""
    events = filter_given(
        event_queryset(),
        relationship__slug=relationship,
        occurred_on__gte=occurred_from,
        occurred_on__lte=occurred_to,
        effective_score__gte=score_min,
        effective_score__lte=score_max,
        updated__gte=updated_since,
    )
    if category is not None:
        events = events.filter(Q(category__code=category) | Q(category__parent__code=category))
    if actor is not None:
        events = events.filter(links_actor_named(Event.actors.through, "event_id", actor))
    if q:
        events = events.filter(search_document=search_query(q))
    return events.order_by("occurred_on", "id")

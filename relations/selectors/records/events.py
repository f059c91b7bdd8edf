"""Reads of events: by date, category (with sub-codes), score, actor and full text."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from relations.models import Event
from relations.selectors.records.common import (
    actors_prefetch,
    citations_prefetch,
    links_actor_named,
)


def event_queryset(*, curator: bool = False) -> QuerySet[Event]:
    """Public events, or for curators every event marked `pending` where it awaits review."""
    return (
        Event.objects.for_audience(curator=curator)
        .select_related("relationship", "category", "initiator", "target")
        .with_effective_score()
        .prefetch_related(actors_prefetch("actors"), citations_prefetch(curator=curator))
    )


def event_category(code: str) -> Q:
    """Events of the CAMEO category `code`, or of its sub-codes when it is a root (05: 057)."""
    return Q(category__code=code) | Q(category__parent__code=code)


def event_actor(value: str) -> Q:
    """Events with an actor `value` names (see actors_matching)."""
    return Q(links_actor_named(Event.actors.through, "event_id", value))


def event_list(*where: Q, curator: bool = False) -> QuerySet[Event]:
    """Events matching every condition in `where`, in date order (see event_queryset)."""
    return event_queryset(curator=curator).filter(*where).order_by("occurred_on", "id")

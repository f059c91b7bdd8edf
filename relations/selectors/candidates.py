"""Reads of candidates: the review queue, by article."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from relations.models import Actor, Agreement, Candidate, Event, Observation
from relations.selectors.actors import actor_alias_filter


def candidate_queryset() -> QuerySet[Candidate]:
    """Candidates with their article, relationship and reviewer, each in the same query."""
    return Candidate.objects.select_related("article__source", "relationship", "reviewed_by").defer(
        "article__text", "article__search_document"
    )


def candidate_list(*where: Q) -> QuerySet[Candidate]:
    """Candidates matching every condition in `where`: by article, then in reading order."""
    return candidate_queryset().filter(*where).order_by("article_id", "span_start", "id")


MERGE_CHOICES = 25
MERGE_WINDOW = datetime.timedelta(days=90)


def merge_choices(
    candidate: Candidate,
    *,
    relationship_id: int | None,
    day: datetime.date | None = None,
    metric: str | None = None,
) -> list:
    """Existing items a curator may merge the candidate into: its match first, then its kin.

    Events of the relationship within 90 days of `day`, its agreements, the figures of
    `metric`, or actors with a spelling like the proposed name.
    """
    kind = candidate.kind
    if kind == "actor":
        proposal = candidate.proposal if isinstance(candidate.proposal, dict) else {}
        name = str(proposal.get("name") or "")
        rows = (
            actor_alias_filter(Actor.objects.all(), name) if name.strip() else Actor.objects.none()
        )
    elif kind == "agreement":
        rows = Agreement.objects.filter(relationship_id=relationship_id).order_by(
            "signed_on", "title"
        )
    elif kind == "observation":
        rows = Observation.objects.select_related("metric").filter(
            relationship_id=relationship_id, metric__slug=metric
        )
    else:
        rows = Event.objects.filter(relationship_id=relationship_id)
        if day is not None:
            rows = rows.filter(occurred_on__range=(day - MERGE_WINDOW, day + MERGE_WINDOW))
        rows = rows.order_by("occurred_on", "id")
    choices = list(rows[:MERGE_CHOICES])
    matched = candidate.matched
    if matched is not None:
        choices = [matched] + [row for row in choices if row.pk != matched.pk]
    return choices

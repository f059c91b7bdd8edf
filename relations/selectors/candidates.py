"""Reads of candidates: the review queue, by article."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from relations.models import Candidate


def candidate_queryset() -> QuerySet[Candidate]:
    """Candidates with their article, relationship and reviewer, each in the same query."""
    return Candidate.objects.select_related("article__source", "relationship", "reviewed_by").defer(
        "article__text", "article__search_document"
    )


def candidate_list(*where: Q) -> QuerySet[Candidate]:
    """Candidates matching every condition in `where`: by article, then in reading order."""
    return candidate_queryset().filter(*where).order_by("article_id", "span_start", "id")

"""Reads of the evidence: articles and their publishers, for the API and the pages."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from articles.models import Article
from articles.search import search_query


def article_queryset() -> QuerySet[Article]:
    """Articles with their source; the full text stays in the database (only whether it is held)."""
    return (
        Article.objects.select_related("source")
        .defer("text")
        .annotate(has_text=ExpressionWrapper(~Q(text=""), output_field=BooleanField()))
    )


def article_list(
    *,
    q: str | None = None,
    published_from: datetime.date | None = None,
    published_to: datetime.date | None = None,
    source: str | None = None,
    review_status: str | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Article]:
    """Articles, newest first. `q` searches title, summary and the stored full text."""
    articles = article_queryset()
    if q:
        articles = articles.filter(search_document=search_query(q))
    if published_from is not None:
        articles = articles.filter(published_on__gte=published_from)
    if published_to is not None:
        articles = articles.filter(published_on__lte=published_to)
    if source is not None:
        articles = articles.filter(source__slug=source)
    if review_status is not None:
        articles = articles.filter(review_status=review_status)
    if updated_since is not None:
        articles = articles.filter(updated__gte=updated_since)
    return articles.order_by("-published_on", "title", "id")

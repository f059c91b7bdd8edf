"""Reads of the evidence: articles and their publishers, for the API and the pages."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from articles.models import Article


def article_queryset() -> QuerySet[Article]:
    """Articles with their source; the full text stays in the database (only whether it is held)."""
    return (
        Article.objects.select_related("source")
        .defer("text")
        .annotate(has_text=ExpressionWrapper(~Q(text=""), output_field=BooleanField()))
    )


def article_list(*where: Q) -> QuerySet[Article]:
    """Articles matching every condition in `where`, newest first, undated ones last."""
    return (
        article_queryset()
        .filter(*where)
        .order_by(F("published_on").desc(nulls_last=True), "title", "id")
    )

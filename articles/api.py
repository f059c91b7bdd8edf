"""Articles: the evidence every fact in the record cites."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api.csv import CsvColumn, attribute_columns
from api.lists import paged
from api.params import id_path
from articles import selectors
from articles.schemas import ArticleFilters, ArticleOut, ArticlePage

# Mounted with the API's read authentication by config/urls.py (articles never import relations).
router = Router(tags=["articles"])

ARTICLE_COLUMNS = [
    *attribute_columns("id", "slug", "title"),
    CsvColumn("source", lambda a: a.source.name),
    CsvColumn("source_slug", lambda a: a.source.slug),
    *attribute_columns(
        "url",
        "published_on",
        "published_on_precision",
        "authors",
        "place",
        "summary",
        "review_status",
        "has_text",
        "created",
        "updated",
    ),
]


@router.get("", response=ArticlePage, summary="List articles")
@paged(ARTICLE_COLUMNS, "articles")
def article_list(request: HttpRequest, filters: Query[ArticleFilters]):
    """Articles, newest first; approved ones unless `review_status` says otherwise."""
    return selectors.article_list(filters.get_filter_expression())


@router.get("/{article_id}", response=ArticleOut, summary="One article")
def article_detail(request: HttpRequest, article_id: int = id_path("article")):
    """An article's metadata and summary (its full text is not published)."""
    return get_object_or_404(selectors.article_queryset(), pk=article_id)

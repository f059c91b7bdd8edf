"""Articles: the evidence every fact in the record cites."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import AuthenticationError, HttpError

from api.csv import CsvColumn
from api.errors import ErrorOut
from api.lists import list_response
from api.params import id_path
from articles import selectors
from articles.models import Article
from articles.schemas import ArticleFilters, ArticleOut, ArticlePage

# Mounted with the API's read authentication by config/api.py (articles never import relations).
router = Router(tags=["articles"])

ARTICLE_COLUMNS = [
    CsvColumn("id", lambda a: a.pk),
    CsvColumn("slug", lambda a: a.slug),
    CsvColumn("title", lambda a: a.title),
    CsvColumn("source", lambda a: a.source.name),
    CsvColumn("source_slug", lambda a: a.source.slug),
    CsvColumn("url", lambda a: a.url),
    CsvColumn("published_on", lambda a: a.published_on),
    CsvColumn("published_on_precision", lambda a: a.published_on_precision),
    CsvColumn("authors", lambda a: a.authors),
    CsvColumn("place", lambda a: a.place),
    CsvColumn("summary", lambda a: a.summary),
    CsvColumn("review_status", lambda a: a.review_status),
    CsvColumn("has_text", lambda a: a.has_text),
    CsvColumn("created", lambda a: a.created),
    CsvColumn("updated", lambda a: a.updated),
]


# Articles not yet approved (or rejected) are candidates: curators with a token only.
UNREVIEWED_PERMISSION = "articles.view_article"


def _is_curator(request: HttpRequest) -> bool:
    user = request.auth
    return user.is_authenticated and user.has_perm(UNREVIEWED_PERMISSION)


@router.get("", response={200: ArticlePage, 403: ErrorOut}, summary="List articles")
def article_list(request: HttpRequest, filters: Query[ArticleFilters]):
    """Articles, newest first; approved ones unless a curator's `review_status` says otherwise."""
    if filters.review_status != Article.ReviewStatus.APPROVED and not _is_curator(request):
        if not request.auth.is_authenticated:
            raise AuthenticationError(message="Articles not approved need a curator's API token.")
        raise HttpError(403, f"Your account lacks the permission {UNREVIEWED_PERMISSION}.")
    articles = selectors.article_list(
        q=filters.q,
        published_from=filters.published_from,
        published_to=filters.published_to,
        source=filters.source,
        review_status=None if filters.review_status == "any" else filters.review_status,
        updated_since=filters.since(),
    )
    return list_response(request, articles, filters, csv_columns=ARTICLE_COLUMNS, name="articles")


@router.get("/{article_id}", response=ArticleOut, summary="One article")
def article_detail(request: HttpRequest, article_id: int = id_path("article")):
    """An approved article's metadata and summary (curators with a token see any article)."""
    articles = selectors.article_queryset()
    if not _is_curator(request):
        articles = articles.filter(review_status=Article.ReviewStatus.APPROVED)
    return get_object_or_404(articles, pk=article_id)

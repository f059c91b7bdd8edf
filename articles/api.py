"""Articles: the evidence every fact in the record cites."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import AuthenticationError, HttpError

from api.csv import CsvColumn, attribute_columns, dated_columns
from api.errors import ErrorOut
from api.lists import paged
from api.params import id_path
from articles import selectors
from articles.models import Article
from articles.schemas import ArticleFilters, ArticleOut, ArticlePage

# Mounted with the API's read authentication by config/urls.py (articles never import relations).
router = Router(tags=["articles"])

ARTICLE_COLUMNS = [
    *attribute_columns("id", "slug", "title"),
    CsvColumn("source", lambda a: a.source.name),
    CsvColumn("source_slug", lambda a: a.source.slug),
    *attribute_columns("url"),
    *dated_columns("published_on"),
    *attribute_columns(
        "authors",
        "place",
        "summary",
        "review_status",
        "has_text",
        "created",
        "updated",
    ),
]


# Articles not yet approved (or rejected) are candidates: curators with a token only.
UNREVIEWED_PERMISSION = "articles.view_article"


def _is_curator(request: HttpRequest) -> bool:
    user = request.auth
    return user.is_authenticated and user.has_perm(UNREVIEWED_PERMISSION)


@router.get("", response={200: ArticlePage, 403: ErrorOut}, summary="List articles")
@paged(ARTICLE_COLUMNS, "articles")
def article_list(request: HttpRequest, filters: Query[ArticleFilters]):
    """Articles, newest first; approved ones unless a curator's `review_status` says otherwise."""
    if filters.review_status != Article.ReviewStatus.APPROVED and not _is_curator(request):
        if not request.auth.is_authenticated:
            raise AuthenticationError(message="Articles not approved need a curator's API token.")
        raise HttpError(403, f"Your account lacks the permission {UNREVIEWED_PERMISSION}.")
    return selectors.article_list(filters.get_filter_expression())


@router.get("/{article_id}", response=ArticleOut, summary="One article")
def article_detail(request: HttpRequest, article_id: int = id_path("article")):
    """An approved article's metadata and summary (curators with a token see any article)."""
    articles = selectors.article_queryset()
    if not _is_curator(request):
        articles = articles.filter(review_status=Article.ReviewStatus.APPROVED)
    return get_object_or_404(articles, pk=article_id)

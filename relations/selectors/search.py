"""Search across the record: articles, agreements and events by PostgreSQL full-text search,
actors by trigram similarity on any spelling of their name (case and accents aside)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.search import SEARCH_CONFIG, search_query
from relations.models import ActorAlias, Agreement, Event, Normalized

LIMIT = 20
MAX_QUERY_LENGTH = 200
# Below these a spelling is too far from the query to be the same name: trigram similarity
# of the whole spelling, and of its closest word run (PostgreSQL's own default thresholds).
NAME_SIMILARITY = 0.3
WORD_SIMILARITY = 0.6
# ts_headline marks matches with these; they are swapped for <mark> after escaping the text.
_START, _STOP = "\u2045", "\u2046"


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    rank: float
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    detail: str = ""


@dataclass(frozen=True)
class SearchResults:
    query: str
    articles: list[SearchHit]
    actors: list[SearchHit]
    agreements: list[SearchHit]
    events: list[SearchHit]

    @property
    def total(self) -> int:
        return len(self.articles) + len(self.actors) + len(self.agreements) + len(self.events)


def _snippet(headline: str | None) -> SafeString:
    """Escape the stored text, then turn the match markers into <mark> elements."""
    text = escape(headline or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _headline(field_name: str, query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        field_name,
        query,
        config=SEARCH_CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=12,
    )


def _document_hits(
    queryset: QuerySet,
    q: str,
    limit: int,
    *,
    kind: str,
    related: str,
    order: str | OrderBy,
    detail: Callable[[Any], str],
    url: Callable[[Any], str] = lambda row: row.get_absolute_url(),
) -> list[SearchHit]:
    """Rows whose stored document matches q, best first, each with a highlighted summary."""
    query = search_query(q)
    rows = (
        queryset.filter(search_document=query)
        .annotate(rank=SearchRank(F("search_document"), query), snippet=_headline("summary", query))
        .select_related(related)
        .order_by("-rank", order)[:limit]
    )
    return [
        SearchHit(
            kind=kind,
            title=row.title,
            url=url(row),
            rank=row.rank,
            snippet=_snippet(row.snippet),
            detail=detail(row),
        )
        for row in rows
    ]


def search_articles(q: str, limit: int = LIMIT) -> list[SearchHit]:
    return _document_hits(
        Article.objects.defer("text").filter(review_status=Article.ReviewStatus.APPROVED),
        q,
        limit,
        kind="article",
        related="source",
        order=F("published_on").desc(nulls_last=True),
        detail=lambda article: f"{article.source.name}, {article.published_display}",
        url=lambda article: reverse("relations:article", args=[article.slug]),
    )


def search_actors(q: str, limit: int = LIMIT) -> list[SearchHit]:
    """Actors by any alias: 'rakhmon', 'Émomali' and 'RAHMONOV' all find the same person."""
    needle = Normalized(Value(q))
    aliases = (
        ActorAlias.objects.annotate(
            whole=TrigramSimilarity("normalized", needle),
            word=TrigramWordSimilarity(needle, "normalized"),
        )
        .annotate(similarity=Greatest("whole", "word"))
        .filter(
            Q(whole__gte=NAME_SIMILARITY)
            | Q(word__gte=WORD_SIMILARITY)
            | Q(normalized__contains=needle)
        )
        .select_related("actor")
        # A word of a longer name matches fully too; the closer whole spelling wins the tie.
        .order_by("-similarity", "-whole", "actor__name")[: limit * 3]
    )
    best: dict[int, SearchHit] = {}
    for alias in aliases:
        if alias.actor_id in best:
            continue
        actor = alias.actor
        spelled = "" if alias.name == actor.name else f"spelled “{alias.name}”"
        best[alias.actor_id] = SearchHit(
            kind="actor",
            title=actor.name,
            url=actor.get_absolute_url(),
            rank=alias.similarity,
            detail=" · ".join(part for part in (actor.get_kind_display(), spelled) if part),
        )
    return list(best.values())[:limit]


def search_agreements(q: str, limit: int = LIMIT) -> list[SearchHit]:
    return _document_hits(
        Agreement.objects.public(),
        q,
        limit,
        kind="agreement",
        related="relationship",
        order="signed_on",
        detail=lambda agreement: f"{agreement.relationship.name} · {agreement.get_kind_display()}",
    )


def search_events(q: str, limit: int = LIMIT) -> list[SearchHit]:
    return _document_hits(
        Event.objects.public(),
        q,
        limit,
        kind="event",
        related="relationship",
        order="-occurred_on",
        detail=lambda event: f"{event.occurred_display} · {event.relationship.name}",
    )


def search_all(q: str) -> SearchResults | None:
    """Everything matching q, each kind ranked; None for an empty query."""
    q = " ".join(q.split())[:MAX_QUERY_LENGTH]
    if not q:
        return None
    return SearchResults(
        query=q,
        articles=search_articles(q),
        actors=search_actors(q),
        agreements=search_agreements(q),
        events=search_events(q),
    )

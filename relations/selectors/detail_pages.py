"""Reads behind the detail pages: an event, an agreement and its lineage, an actor, an
article with its cited sentences, a metric with its observations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from articles.models import Article
from relations.models import (
    Actor,
    Agreement,
    Citation,
    Event,
    Metric,
    Observation,
    TemperaturePoint,
)
from relations.selectors.records.actors import actor_queryset
from relations.selectors.records.events import event_queryset
from relations.selectors.records.metrics import observation_queryset


def event_page_queryset(*, curator: bool = False) -> QuerySet[Event]:
    """Events as the API reads them, with their category's parent for the page."""
    return event_queryset(curator=curator).select_related("category__parent")


def event_month_point(event: Event) -> TemperaturePoint | None:
    """The stored temperature of the month an event falls in."""
    return (
        TemperaturePoint.objects.filter(
            relationship_id=event.relationship_id,
            direction="",
            month=event.occurred_on.replace(day=1),
        )
        .only("value", "low", "high", "month")
        .first()
    )


def agreement_lineage(agreement: Agreement) -> tuple[list[Agreement], list[Agreement]]:
    """Earlier agreements this one extends (oldest first) and later ones extending it."""
    earlier: list[Agreement] = []
    seen = {agreement.pk}
    current = agreement.extends
    while current is not None and current.pk not in seen and len(earlier) < 20:
        earlier.insert(0, current)
        seen.add(current.pk)
        current = (
            Agreement.objects.select_related("extends").get(pk=current.pk).extends
            if current.extends_id
            else None
        )
    later = list(agreement.extensions.all())
    return earlier, later


def actor_page_queryset(*, curator: bool = False) -> QuerySet[Actor]:
    """Actors as the API reads them, with the events and agreements they take part in (the
    public ones, or for curators all of them marked `pending`)."""
    events = Event.objects.for_audience(curator=curator)
    agreements = Agreement.objects.for_audience(curator=curator)
    return actor_queryset().prefetch_related(
        Prefetch(
            "events",
            queryset=events.select_related("category", "relationship").order_by(
                "occurred_on", "id"
            ),
        ),
        Prefetch(
            "agreements",
            queryset=agreements.select_related("relationship").order_by("signed_on"),
        ),
    )


def article_page_queryset(*, curator: bool = False) -> QuerySet[Article]:
    """Approved articles; for curators, every article (the page marks those awaiting review)."""
    articles = Article.objects.select_related("source")
    if not curator:
        articles = articles.filter(review_status=Article.ReviewStatus.APPROVED)
    return articles


def article_citations(article: Article) -> list[Citation]:
    """What the record takes from an article: the agreements, observations and events citing it."""
    return list(
        Citation.objects.filter(article=article)
        .select_related(
            "agreement", "observation__metric", "observation__relationship", "event__category"
        )
        .order_by("span_start", "id")
    )


@dataclass(frozen=True)
class Fact:
    """Something the record takes from an article, with the sentences it rests on."""

    item: Agreement | Observation | Event
    citations: list[Citation]


def article_facts(citations: Sequence[Citation], kind: str) -> list[Fact]:
    """The citations of one kind ("agreement", "observation", "event"), one entry per cited
    item, in the order of their first citation."""
    grouped: dict[int, Fact] = {}
    for citation in citations:
        key = getattr(citation, f"{kind}_id")
        if key is None:
            continue
        if key not in grouped:
            grouped[key] = Fact(getattr(citation, kind), [])
        grouped[key].citations.append(citation)
    return list(grouped.values())


def cited_span_count(citations: Sequence[Citation]) -> int:
    """How many distinct sentences of the text the citations highlight."""
    return len({(c.span_start, c.span_end) for c in citations if c.span_start is not None})


def stale_citation_count(citations: Sequence[Citation]) -> int:
    """How many citations quote words the article's edited text no longer holds."""
    return sum(1 for citation in citations if citation.stale)


@dataclass(frozen=True)
class Segment:
    """A run of an article's text, with the citations whose sentence covers it (if any) and
    those that start at it (where their anchors go)."""

    text: str
    citations: tuple[Citation, ...] = ()
    starting: tuple[Citation, ...] = ()


def highlight_segments(text: str, citations: Sequence[Citation]) -> list[Segment]:
    """Cut a text at every cited span's edges; overlapping and repeated spans are kept apart
    so that each citation keeps its anchor."""
    spans = [
        citation
        for citation in citations
        if citation.span_start is not None
        and citation.span_end is not None
        and 0 <= citation.span_start < citation.span_end <= len(text)
    ]
    edges = sorted(
        {0, len(text)}
        | {citation.span_start for citation in spans}
        | {citation.span_end for citation in spans}
    )
    segments = []
    for start, end in zip(edges, edges[1:], strict=False):
        covering = tuple(
            citation
            for citation in spans
            if citation.span_start <= start and end <= citation.span_end
        )
        starting = tuple(citation for citation in covering if citation.span_start == start)
        segments.append(Segment(text[start:end], covering, starting))
    return segments


def metric_observations(metric: Metric, *, curator: bool = False) -> list[Observation]:
    return list(
        observation_queryset(curator=curator)
        .filter(metric=metric)
        .order_by("period_start", "relationship__name", "id")
    )

"""The pieces the record's reads share: citations and actors prefetched, actors named
by any spelling."""

from __future__ import annotations

from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Substr

from articles.models import Article
from relations.models import Actor, Citation
from relations.selectors.actors import actors_matching


def citation_queryset(*, curator: bool = False) -> QuerySet[Citation]:
    """Citations with their article and source, and the quoted sentence where it is known;
    the public sees only those of approved articles (curators see every one).

    The quote is the stored one, else the span cut from the article's stored text, in SQL:
    the full texts themselves never leave the database.
    """
    span = Substr(
        "article__text",
        F("span_start") + 1,
        F("span_end") - F("span_start"),
        output_field=TextField(),
    )
    citations = Citation.objects.all()
    if not curator:
        citations = citations.filter(article__review_status=Article.ReviewStatus.APPROVED)
    return (
        citations.select_related("article__source")
        # Only what a citation shows: never the article's full text or summary.
        .only(
            "id",
            "agreement_id",
            "observation_id",
            "event_id",
            "span_start",
            "span_end",
            "quote",
            "note",
            "stale",
            "article__id",
            "article__review_status",
            "article__slug",
            "article__title",
            "article__url",
            "article__published_on",
            "article__published_on_precision",
            "article__source__id",
            "article__source__name",
        )
        .annotate(
            quoted=Case(
                When(~Q(quote=""), then=F("quote")),
                When(span_start__isnull=False, then=span),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .order_by("article__published_on", "id")
    )


def citations_prefetch(*, curator: bool = False) -> Prefetch:
    return Prefetch("citations", queryset=citation_queryset(curator=curator))


def actors_prefetch(lookup: str, *, to_attr: str | None = None) -> Prefetch:
    """The actors linked through `lookup`, by name; as a plain list in `to_attr` where given
    (cheaper to read for a page of rows than a manager on each)."""
    return Prefetch(
        lookup,
        queryset=Actor.objects.only("id", "slug", "name", "kind").order_by("name", "id"),
        to_attr=to_attr,
    )


def links_actor_named(through, owner: str, value: str) -> Exists:
    """Whether the outer row is linked, through the m2m table `through` (by its column
    `owner`), to an actor `value` names (see actors_matching)."""
    links = through.objects.filter(**{owner: OuterRef("pk")}, actor__in=actors_matching(value))
    return Exists(links)

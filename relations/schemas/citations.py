"""Citations: the articles an agreement, observation or event rests on, out and in."""

import datetime
from typing import Annotated

from ninja import Field

from api.schemas import InSchema, OutSchema, resolve_from
from relations.schemas.common import IdOrSlug, Precision, text_up_to
from relations.services.writes import MAX_CITATIONS


class CitationOut(OutSchema):
    """An article an agreement, observation or event rests on, and the sentence where known."""

    id: int = Field(description="The citation's id.", examples=[12])
    article_id: int = Field(description="The cited article's id.", examples=[3])
    article_slug: str = Field(description="The cited article's slug.", examples=["rferl-2012-10"])
    article_title: str = Field(description="The cited article's headline.")
    source: str = Field(description="Who published it.", examples=["RFE/RL"])
    url: str = Field(description="Where it was published ('' when unknown).")
    published_on: datetime.date | None = Field(
        description="When it was published (first day known); null when unknown."
    )
    published_on_precision: Precision | None = Field(
        description="How much of the date is known; null with a null date."
    )
    span_start: int | None = Field(
        description="Character offset of the supporting sentence in the stored text."
    )
    span_end: int | None = Field(description="Where that sentence ends (exclusive).")
    quote: str = Field(
        description="The supporting sentence, where the article's text is stored; else ''."
    )
    note: str = Field(description="What the article says here, in the curators' words.")
    stale: bool = Field(
        description="The article's text was edited and no longer holds the quote: no span "
        "until a curator points the citation at its new words."
    )

    resolve_article_slug = resolve_from("article.slug")
    resolve_article_title = resolve_from("article.title")
    resolve_source = resolve_from("article.source.name")
    resolve_url = resolve_from("article.url")
    resolve_published_on = resolve_from("article.published_on")
    resolve_published_on_precision = resolve_from("article.published_on_precision")

    @staticmethod
    def resolve_quote(obj) -> str:
        quoted = getattr(obj, "quoted", None)
        return obj.quote if quoted is None else quoted


class CitationIn(InSchema):
    article: IdOrSlug = Field(description="The article's id or slug.", examples=[3])
    span_start: int | None = Field(
        None, ge=0, description="Offset of the supporting sentence in the stored text."
    )
    span_end: int | None = Field(None, ge=1, description="Where that sentence ends (exclusive).")
    note: text_up_to(10_000) = Field("", description="What the article says, in your words.")


# A write's citations: at least one, at most MAX_CITATIONS.
CitationList = Annotated[list[CitationIn], Field(min_length=1, max_length=MAX_CITATIONS)]

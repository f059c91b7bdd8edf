"""Citations: the articles an agreement, observation or event rests on, out and in."""

import datetime
from typing import Annotated

from ninja import Field, Schema

from api.schemas import OutSchema
from relations.schemas.common import Precision, text_up_to
from relations.services.writes import MAX_CITATIONS


class CitationOut(OutSchema):
    """An article an agreement, observation or event rests on, and the sentence where known."""

    id: int = Field(description="The citation's id.", examples=[12])
    article_id: int = Field(description="The cited article's id.", examples=[3])
    article_slug: str = Field(description="The cited article's slug.", examples=["rferl-2012-10"])
    article_title: str = Field(description="The cited article's headline.")
    source: str = Field(description="Who published it.", examples=["RFE/RL"])
    url: str = Field(description="Where it was published ('' when unknown).")
    published_on: datetime.date = Field(description="When it was published (first day known).")
    published_on_precision: Precision = Field(description="How much of the date is known.")
    span_start: int | None = Field(
        description="Character offset of the supporting sentence in the stored text."
    )
    span_end: int | None = Field(description="Where that sentence ends (exclusive).")
    quote: str = Field(
        description="The supporting sentence, where the article's text is stored; else ''."
    )
    note: str = Field(description="What the article says here, in the curators' words.")

    @staticmethod
    def resolve_article_slug(obj) -> str:
        return obj.article.slug

    @staticmethod
    def resolve_article_title(obj) -> str:
        return obj.article.title

    @staticmethod
    def resolve_source(obj) -> str:
        return obj.article.source.name

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.article.url

    @staticmethod
    def resolve_published_on(obj) -> datetime.date:
        return obj.article.published_on

    @staticmethod
    def resolve_published_on_precision(obj) -> str:
        return obj.article.published_on_precision

    @staticmethod
    def resolve_quote(obj) -> str:
        quoted = getattr(obj, "quoted", None)
        return obj.quote if quoted is None else quoted


class CitationIn(Schema):
    article: int | str = Field(description="The article's id or slug.", examples=[3])
    span_start: int | None = Field(
        None, ge=0, description="Offset of the supporting sentence in the stored text."
    )
    span_end: int | None = Field(None, ge=1, description="Where that sentence ends (exclusive).")
    note: text_up_to(10_000) = Field("", description="What the article says, in your words.")


# A write's citations: at least one, at most MAX_CITATIONS.
CitationList = Annotated[list[CitationIn], Field(min_length=1, max_length=MAX_CITATIONS)]

"""Events: filters, list items and the write payload."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from api.params import ListParams, SearchText, Slug
from api.schemas import Page
from relations.models import DateBasis
from relations.schemas.citations import CitationList, CitationOut
from relations.schemas.common import (
    MAX_LIST_ITEMS,
    ActorRef,
    IdOrSlug,
    Precision,
    Timestamps,
    precision_field,
    text_up_to,
)

CategoryCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")]
Score = Annotated[float, Field(ge=-10, le=10, allow_inf_nan=False)]
DateBasisName = Literal[tuple(DateBasis.values)]  # type: ignore[valid-type]


class EventFilters(ListParams):
    relationship: Slug | None = Field(
        None, description="Slug of the relationship.", examples=["ru-tj"]
    )
    occurred_from: datetime.date | None = Field(
        None, description="Happened on or after this day.", examples=["2004-01-01"]
    )
    occurred_to: datetime.date | None = Field(
        None, description="Happened on or before this day.", examples=["2012-12-31"]
    )
    category: CategoryCode | None = Field(
        None,
        description="CAMEO code; a root code also matches its sub-codes (05 finds 057).",
        examples=["057"],
    )
    score_min: Score | None = Field(
        None,
        description="Effective score at least this (the override, else the category's).",
        examples=[0],
    )
    score_max: Score | None = Field(
        None, description="Effective score at most this.", examples=[-2]
    )
    actor: SearchText | None = Field(
        None,
        description="An actor taking part: id, slug, country code or any alias.",
        examples=["Putin"],
    )
    q: SearchText | None = Field(
        None, description="Full-text search over title and summary.", examples=["border guards"]
    )


class EventOut(Timestamps):
    id: int = Field(description="The event's id.")
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    title: str = Field(description="What happened.")
    summary: str = Field(description="In more words.")
    occurred_on: datetime.date = Field(description="When (first day known).")
    occurred_on_precision: Precision = Field(description="How much of that date is known.")
    date_basis: str = Field(
        description="How the date was set: stated in the text, reckoned from the article's "
        "date, or inferred from context.",
        examples=["stated"],
    )
    location: str = Field(description="Where.")
    category: str = Field(description="CAMEO code.", examples=["057"])
    category_name: str = Field(description="The category's name.")
    category_score: float = Field(description="The category's default score.")
    score_override: float | None = Field(description="The curators' score, where they set one.")
    score_override_reason: str = Field(description="Why the category's score was overridden.")
    score: float = Field(description="Effective score, -10 (conflict) to +10 (cooperation).")
    confidence: float = Field(description="How sure the record is that it happened (0–1).")
    note: str = Field(description="Curators' note: how the date was set, judgments in coding.")
    actors: list[ActorRef] = Field(description="Who took part.")
    citations: list[CitationOut] = Field(description="The articles it rests on.")

    @staticmethod
    def resolve_relationship(obj) -> str:
        return obj.relationship.slug

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj) -> str:
        return obj.category.name

    @staticmethod
    def resolve_category_score(obj) -> Decimal:
        return obj.category.default_score


class EventPage(Page):
    items: list[EventOut] = Field(description="The rows of this page, in order.")


class EventIn(Schema):
    relationship: IdOrSlug = Field(description="The relationship's id or slug.")
    title: text_up_to(300) = Field(description="What happened.")
    summary: text_up_to(20_000) = Field("", description="In more words.")
    occurred_on: datetime.date = Field(description="When (first day known).")
    occurred_on_precision: Precision = precision_field("occurred_on")
    date_basis: DateBasisName = Field(
        "stated", description="How the date was set; other than 'stated' needs a note."
    )
    location: text_up_to(200) = Field("", description="Where.")
    category: IdOrSlug = Field(description="CAMEO code (a string, e.g. '057') or id.")
    actors: list[IdOrSlug] = Field([], max_length=MAX_LIST_ITEMS, description="Actor ids or slugs.")
    score_override: Decimal | None = Field(
        None, ge=-10, le=10, allow_inf_nan=False, description="Your score; null for the category's."
    )
    score_override_reason: text_up_to(5_000) = Field("", description="Why, when overriding.")
    confidence: Decimal = Field(
        Decimal(1), ge=0, le=1, allow_inf_nan=False, description="How sure (0–1)."
    )
    note: text_up_to(10_000) = Field("", description="How the date was set; coding judgments.")
    citations: CitationList = Field(description="The articles it rests on (at least one).")

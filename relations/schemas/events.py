"""Events: filters, list items and the write payload."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import Q
from ninja import Field
from pydantic import StringConstraints, ValidationInfo, field_validator

from api.params import ListFilters, SearchText, day_from, day_to, filter_field
from api.schemas import InSchema, named_enum, page_of, patch_of, resolve_from
from articles.search import full_text
from relations.models import DateBasis
from relations.schemas import common
from relations.schemas.citations import CitationList, CitationOut
from relations.selectors.records.events import event_actor, event_category

CategoryCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")]
Score = Annotated[float, Field(ge=-10, le=10, allow_inf_nan=False)]
DateBasisName = named_enum("DateBasis", DateBasis.values, "How an event's date was set.")


class EventFilters(ListFilters):
    naming_filters = {"relationship": common.names_relationship, "actor": common.names_actor}

    relationship: common.RelationshipFilter = None
    occurred_from: day_from("occurred_on", "Happened", "2004-01-01") = None
    occurred_to: day_to("occurred_on", "Happened", "2012-12-31") = None
    category: CategoryCode | None = Field(
        None,
        description="CAMEO code; a root code also matches its sub-codes (05 finds 057).",
        examples=["057"],
    )
    score_min: filter_field(
        Score,
        "effective_score__gte",
        "Effective score at least this (the override, else the category's).",
        0,
    ) = None
    score_max: filter_field(Score, "effective_score__lte", "Effective score at most this.", -2) = (
        None
    )
    actor: SearchText | None = Field(
        None,
        description="An actor taking part: id, slug, country code or any alias.",
        examples=["Putin"],
    )
    q: SearchText | None = Field(
        None, description="Full-text search over title and summary.", examples=["border guards"]
    )

    @field_validator("score_max")
    @classmethod
    def _score_max_not_below_min(cls, score_max: float | None, info: ValidationInfo):
        score_min = info.data.get("score_min")
        if score_min is not None and score_max is not None and score_max < score_min:
            raise ValueError("must not be below `score_min`")
        return score_max

    def filter_category(self, value: str) -> Q:
        return event_category(value)

    def filter_actor(self, value: str) -> Q:
        return event_actor(value)

    def filter_q(self, value: str) -> Q:
        return full_text(value)


class EventOut(common.Timestamps):
    id: int = Field(description="The event's id.")
    pending: bool = Field(
        False,
        description="Cites only articles awaiting review: shown to curators' tokens only.",
    )
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    title: str = Field(description="What happened.")
    summary: str = Field(description="In more words.")
    occurred_on: datetime.date = Field(description="When (first day known).")
    occurred_on_precision: common.Precision = Field(description="How much of that date is known.")
    date_basis: DateBasisName = Field(
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
    initiator: str | None = Field(
        description="ISO code of the side that acted; null where mutual or not coded.",
        examples=["RU"],
    )
    target: str | None = Field(
        description="ISO code of the side acted upon; null where mutual or not coded.",
        examples=["TJ"],
    )
    mutual: bool = Field(description="Both sides acted together; each counts as initiator.")
    actors: list[common.ActorRef] = Field(description="Who took part.")
    citations: list[CitationOut] = Field(description="The articles it rests on.")

    resolve_relationship = resolve_from("relationship.slug")
    resolve_category = resolve_from("category.code")
    resolve_category_name = resolve_from("category.name")
    resolve_category_score = resolve_from("category.default_score")

    @staticmethod
    def resolve_initiator(event) -> str | None:
        return event.initiator.code if event.initiator_id else None

    @staticmethod
    def resolve_target(event) -> str | None:
        return event.target.code if event.target_id else None


EventPage = page_of(EventOut, "EventPage")


class EventIn(InSchema):
    relationship: common.IdOrSlug = Field(description="The relationship's id or slug.")
    title: common.text_up_to(300) = Field(description="What happened.")
    summary: common.text_up_to(20_000) = Field("", description="In more words.")
    occurred_on: datetime.date = Field(description="When (first day known).")
    occurred_on_precision: common.Precision = common.precision_field("occurred_on")
    date_basis: DateBasisName = Field(
        "stated", description="How the date was set; other than 'stated' needs a note."
    )
    location: common.text_up_to(200) = Field("", description="Where.")
    category: common.IdOrSlug = Field(description="CAMEO code (a string, e.g. '057') or id.")
    initiator: common.CountryCode | None = Field(
        None, description="ISO code of the side that acted (one of the relationship's two)."
    )
    target: common.CountryCode | None = Field(
        None, description="ISO code of the side acted upon (the relationship's other country)."
    )
    mutual: bool = Field(False, description="Both sides acted together; leave the sides empty.")
    actors: list[common.IdOrSlug] = Field(
        [], max_length=common.MAX_LIST_ITEMS, description="Actor ids or slugs."
    )
    score_override: Decimal | None = Field(
        None, ge=-10, le=10, allow_inf_nan=False, description="Your score; null for the category's."
    )
    score_override_reason: common.text_up_to(5_000) = Field("", description="Why, when overriding.")
    confidence: Decimal = Field(
        Decimal(1), ge=0, le=1, allow_inf_nan=False, description="How sure (0–1)."
    )
    note: common.text_up_to(10_000) = Field(
        "", description="How the date was set; coding judgments."
    )
    citations: CitationList = Field(description="The articles it rests on (at least one).")


EventPatch = patch_of(EventIn)

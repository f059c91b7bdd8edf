"""The API's shapes for the record: filters, list items, details and write payloads.

Dates come with their precision (day, month or year) because sources often give only a month
or a year; a stored date is the first day of what the source said.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from config.api_params import Code, ListParams, PageParams, SearchText, Slug, no_nul
from relations.models import (
    ActorKind,
    AgreementKind,
    AgreementStatus,
    ObservationQualifier,
)
from relations.selectors.records import AGREEMENT_ORDERINGS

Precision = Literal["day", "month", "year"]
AgreementStatusName = Literal[tuple(AgreementStatus.values)]  # type: ignore[valid-type]
AgreementKindName = Literal[tuple(AgreementKind.values)]  # type: ignore[valid-type]
ActorKindName = Literal[tuple(ActorKind.values)]  # type: ignore[valid-type]
QualifierName = Literal[tuple(ObservationQualifier.values)]  # type: ignore[valid-type]
AgreementOrdering = Literal[  # type: ignore[valid-type]
    tuple(f"{sign}{name}" for name in AGREEMENT_ORDERINGS for sign in ("", "-"))
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
CategoryCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")]
Score = Annotated[float, Field(ge=-10, le=10, allow_inf_nan=False)]


def _text(max_length: int | None = None):
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(no_nul)]


def _precision(name: str) -> Precision:
    return Field(
        "day",
        description=f"How much of `{name}` the source gave: day, month or year.",
        examples=["month"],
    )


# --- Shared output pieces -------------------------------------------------------------------


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.", examples=["TJ"])
    name: str = Field(description="The country's name.", examples=["Tajikistan"])


class ActorRef(Schema):
    id: int = Field(description="The actor's id.", examples=[7])
    slug: str = Field(description="The actor's stable slug.", examples=["emomali-rahmon"])
    name: str = Field(description="The spelling the record displays.", examples=["Emomali Rahmon"])
    kind: str = Field(description="What the actor is.", examples=["person"])


class CitationOut(Schema):
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


class Timestamps(Schema):
    created: datetime.datetime = Field(description="When the row was added (UTC).")
    updated: datetime.datetime = Field(
        description="When the row last changed (UTC): what `updated_since` compares."
    )


class Page(Schema):
    count: int = Field(description="How many rows match the filters, across all pages.")


# --- Relationships --------------------------------------------------------------------------


class RelationshipFilters(ListParams):
    country: CountryCode | None = Field(
        None, description="ISO code of a country the relationship joins.", examples=["TJ"]
    )


class RelationshipOut(Timestamps):
    id: int = Field(description="The relationship's id.")
    slug: str = Field(description="Its stable slug, used in every filter.", examples=["ru-tj"])
    name: str = Field(description="Its display name.", examples=["Russia–Tajikistan"])
    country_a: CountryOut = Field(description="One side.")
    country_b: CountryOut = Field(description="The other side.")
    description: str = Field(description="What the record covers.")
    period_start: datetime.date | None = Field(description="Start of the period shown by default.")
    period_end: datetime.date | None = Field(description="End of the period shown by default.")


class RelationshipDetailOut(RelationshipOut):
    agreement_count: int = Field(description="Agreements in the record.")
    event_count: int = Field(description="Events in the record.")
    observation_count: int = Field(description="Observations in the record.")


class RelationshipPage(Page):
    items: list[RelationshipOut] = Field(description="The rows of this page, in order.")


class TemperatureFilters(Schema):
    start: datetime.date | None = Field(
        None,
        alias="from",
        description="First day of the range (any day of its month counts the whole month).",
        examples=["2004-01-01"],
    )
    end: datetime.date | None = Field(
        None, alias="to", description="Last day of the range.", examples=["2017-12-31"]
    )
    granularity: Literal["month", "quarter", "year"] = Field(
        "month",
        description="Points per month, quarter or year (the mean of the stored months).",
        examples=["quarter"],
    )
    format: Literal["json", "csv"] | None = Field(
        None, description="`csv` for CSV (as does `Accept: text/csv`).", examples=["csv"]
    )


class ContributionOut(Schema):
    event_id: int = Field(description="The contributing event's id.")
    title: str = Field(description="Its title.")
    occurred_on: datetime.date = Field(description="When it happened (first day known).")
    occurred_on_precision: Precision = Field(description="How much of the date is known.")
    share: float = Field(description="Its share of the period's pull away from neutral (0–1).")


class TemperaturePointOut(Schema):
    period_start: datetime.date = Field(description="First day of the month, quarter or year.")
    period_end: datetime.date = Field(description="Its last day.")
    months: int = Field(description="Stored months averaged into this point.")
    value: float = Field(description="0 (hostile) to 100 (warm); 50 is neutral.", examples=[58.2])
    low: float = Field(description="Lower edge of the uncertainty band.")
    high: float = Field(description="Upper edge of the uncertainty band.")
    band: str = Field(description="Named band of the value.", examples=["warm"])
    band_label: str = Field(description="The band as shown on the dashboard.")
    event_count: int = Field(description="Events that shaped the busiest month of the period.")
    change: float | None = Field(description="Change from the previous point in the range.")
    turning_point: bool = Field(description="A month in it moved five points or more.")
    contributions: list[ContributionOut] = Field(description="Top contributing events.")


class TemperatureOut(Schema):
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    granularity: str = Field(description="month, quarter or year.")
    items: list[TemperaturePointOut] = Field(description="The points, oldest first.")


# --- Actors ---------------------------------------------------------------------------------


class ActorFilters(ListParams):
    q: SearchText | None = Field(
        None,
        description="Part of the name or of any alias, case and accents aside.",
        examples=["rahmon"],
    )
    kind: ActorKindName | None = Field(None, description="What the actor is.", examples=["person"])
    country: CountryCode | None = Field(
        None, description="ISO code of the actor's country.", examples=["RU"]
    )


class ActorRoleOut(Schema):
    title: str = Field(description="The position.", examples=["President of Tajikistan"])
    country: str | None = Field(description="ISO code of the country it was held in.")
    started_on: datetime.date | None = Field(description="When it began (first day known).")
    started_on_precision: Precision = Field(description="How much of that date is known.")
    ended_on: datetime.date | None = Field(description="When it ended; null while held.")
    ended_on_precision: Precision = Field(description="How much of that date is known.")

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.code if obj.country_id else None


class ActorOut(Timestamps):
    id: int = Field(description="The actor's id (accepted by `party` and `actor` filters).")
    slug: str = Field(description="Stable slug.", examples=["emomali-rahmon"])
    name: str = Field(description="The spelling the record displays.")
    kind: str = Field(description="What the actor is.", examples=["person"])
    country: CountryOut | None = Field(description="The actor's country, where it has one.")
    description: str = Field(description="Who or what this is.")
    aliases: list[str] = Field(
        description="Every spelling sources use (transliterations, short forms).",
        examples=[["Rahmonov", "Rakhmon", "Emomali"]],
    )
    roles: list[ActorRoleOut] = Field(description="Dated positions, earliest first.")

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]


class ActorPage(Page):
    items: list[ActorOut] = Field(description="The rows of this page, in order.")


# --- Agreements -----------------------------------------------------------------------------


class AgreementFilters(ListParams):
    relationship: Slug | None = Field(
        None, description="Slug of the relationship.", examples=["ru-tj"]
    )
    party: Code | None = Field(
        None,
        description=(
            "A party: an actor's id or slug, a country code (any actor of that country), or "
            "any alias of an actor, case and accents aside."
        ),
        examples=["Rahmonov"],
    )
    status: AgreementStatusName | None = Field(
        None, description="Current status.", examples=["in_force"]
    )
    kind: AgreementKindName | None = Field(
        None, description="Kind of agreement.", examples=["agreement"]
    )
    in_force_on: datetime.date | None = Field(
        None,
        description=(
            "Only agreements in force that day: not proposed, in force from `effective_on` "
            "(else from signature) on or before it, not expired (an expiry known only to the "
            "month or year runs to its end), and not superseded by an agreement in force then."
        ),
        examples=["2020-01-01"],
    )
    signed_from: datetime.date | None = Field(
        None, description="Signed on or after this day.", examples=["2004-01-01"]
    )
    signed_to: datetime.date | None = Field(
        None, description="Signed on or before this day.", examples=["2017-12-31"]
    )
    expires_from: datetime.date | None = Field(
        None, description="Expiring on or after this day.", examples=["2014-01-01"]
    )
    expires_to: datetime.date | None = Field(
        None, description="Expiring on or before this day.", examples=["2042-12-31"]
    )
    q: SearchText | None = Field(
        None,
        description="Full-text search (web-search syntax) over title, summary and provisions.",
        examples=["military base"],
    )
    ordering: AgreementOrdering = Field(
        "signed_on",
        description="Sort by signed_on, expires_on or title; '-' for descending. Ties by id.",
        examples=["-signed_on"],
    )


class AgreementRef(Schema):
    id: int = Field(description="The agreement's id.")
    slug: str = Field(description="Its slug.")
    title: str = Field(description="Its title.")
    signed_on: datetime.date | None = Field(description="When it was signed.")
    signed_on_precision: Precision = Field(description="How much of that date is known.")


class AgreementOut(Timestamps):
    id: int = Field(description="The agreement's id.", examples=[4])
    slug: str = Field(description="Stable slug.", examples=["military-base-2012"])
    title: str = Field(description="Title.")
    kind: str = Field(description="Kind of agreement.", examples=["agreement"])
    status: str = Field(description="Current status.", examples=["in_force"])
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    parties: list[ActorRef] = Field(description="The parties, by name.")
    signed_on: datetime.date | None = Field(description="When it was signed (first day known).")
    signed_on_precision: Precision = Field(description="How much of that date is known.")
    effective_on: datetime.date | None = Field(description="When it entered into force.")
    effective_on_precision: Precision = Field(description="How much of that date is known.")
    expires_on: datetime.date | None = Field(description="When it expires or expired.")
    expires_on_precision: Precision = Field(description="How much of that date is known.")
    extends_id: int | None = Field(description="The earlier agreement whose term it prolongs.")
    supersedes_id: int | None = Field(description="The earlier agreement it replaces.")
    summary: str = Field(description="What it does, in the curators' words.")
    provisions: list[str] = Field(description="Its main provisions, one per item.")
    citations: list[CitationOut] = Field(description="The articles it rests on.")

    @staticmethod
    def resolve_relationship(obj) -> str:
        return obj.relationship.slug


class AgreementDetailOut(AgreementOut):
    extends: AgreementRef | None = Field(description="The agreement this one prolongs.")
    extensions: list[AgreementRef] = Field(description="Later agreements prolonging this one.")
    supersedes: AgreementRef | None = Field(description="The agreement this one replaces.")
    superseded_by: list[AgreementRef] = Field(description="Later agreements replacing this one.")


class AgreementPage(Page):
    items: list[AgreementOut] = Field(description="The rows of this page, in order.")


class CitationIn(Schema):
    article: int | str = Field(description="The article's id or slug.", examples=[3])
    span_start: int | None = Field(
        None, ge=0, description="Offset of the supporting sentence in the stored text."
    )
    span_end: int | None = Field(None, ge=1, description="Where that sentence ends (exclusive).")
    note: _text(10_000) = Field("", description="What the article says, in your words.")


IdOrSlug = int | Annotated[str, StringConstraints(max_length=200), AfterValidator(no_nul)]


class AgreementIn(Schema):
    relationship: IdOrSlug = Field(description="The relationship's id or slug.", examples=["ru-tj"])
    title: _text(300) = Field(description="Title.")
    slug: Slug = Field(description="A unique slug.", examples=["border-protocol-2016"])
    kind: AgreementKindName = Field(description="Kind of agreement.")
    status: AgreementStatusName = Field(description="Current status.")
    parties: list[IdOrSlug] = Field([], description="Actor ids or slugs.")
    signed_on: datetime.date | None = Field(None, description="First day of the signature date.")
    signed_on_precision: Precision = _precision("signed_on")
    effective_on: datetime.date | None = Field(None, description="Entry into force.")
    effective_on_precision: Precision = _precision("effective_on")
    expires_on: datetime.date | None = Field(None, description="Expiry.")
    expires_on_precision: Precision = _precision("expires_on")
    extends: IdOrSlug | None = Field(None, description="Id or slug of the agreement it prolongs.")
    supersedes: IdOrSlug | None = Field(None, description="Id or slug of the one it replaces.")
    summary: _text(20_000) = Field("", description="What it does, in your words.")
    provisions: list[_text(5_000)] = Field([], description="Its main provisions.")
    citations: list[CitationIn] = Field(
        min_length=1,
        description="The articles it rests on (at least one); replaces all on update.",
    )


# --- Metrics and observations ---------------------------------------------------------------


class MetricFilters(ListParams):
    q: SearchText | None = Field(
        None, description="Part of the metric's name or slug.", examples=["debt"]
    )


class MetricOut(Timestamps):
    id: int = Field(description="The metric's id.")
    slug: str = Field(description="Stable slug.", examples=["debt-to-russia"])
    name: str = Field(description="Name.")
    unit: str = Field(description="The usual unit.", examples=["USD"])
    description: str = Field(description="What it measures.")
    direction: str = Field(description="Which way it runs, e.g. owed by whom to whom.")
    observation_count: int = Field(description="Observations recorded.")


class MetricPage(Page):
    items: list[MetricOut] = Field(description="The rows of this page, in order.")


class ObservationFilters(ListParams):
    relationship: Slug | None = Field(
        None, description="Slug of the relationship.", examples=["ru-tj"]
    )
    period_from: datetime.date | None = Field(
        None, description="Periods starting on or after this day.", examples=["2004-01-01"]
    )
    period_to: datetime.date | None = Field(
        None, description="Periods starting on or before this day.", examples=["2017-12-31"]
    )


class ObservationListFilters(ObservationFilters):
    metric: Slug | None = Field(None, description="Slug of the metric.", examples=["debt"])


class ObservationOut(Timestamps):
    id: int = Field(description="The observation's id.")
    metric: str = Field(description="The metric's slug.")
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    value: float = Field(description="The figure as reported.", examples=[300000000])
    unit: str = Field(description="Its unit.", examples=["USD"])
    period_start: datetime.date = Field(description="The day, or first day of month or year.")
    period_precision: Precision = Field(description="Whether it is a day, month or year figure.")
    qualifier: str = Field(description="How exact the source says it is.", examples=["exact"])
    claimed_by: ActorRef | None = Field(description="Whose claim it is, where a party's.")
    note: str = Field(description="Curators' note.")
    citations: list[CitationOut] = Field(description="The articles it rests on.")

    @staticmethod
    def resolve_metric(obj) -> str:
        return obj.metric.slug

    @staticmethod
    def resolve_relationship(obj) -> str:
        return obj.relationship.slug


class ObservationPage(Page):
    items: list[ObservationOut] = Field(description="The rows of this page, in order.")


class ObservationIn(Schema):
    metric: IdOrSlug = Field(description="The metric's id or slug.")
    relationship: IdOrSlug = Field(description="The relationship's id or slug.")
    value: Decimal = Field(
        max_digits=20, decimal_places=4, allow_inf_nan=False, description="The figure."
    )
    unit: _text(50) | None = Field(None, description="Its unit; the metric's when omitted.")
    period_start: datetime.date = Field(description="The day, or first day of month or year.")
    period_precision: Precision = _precision("period_start")
    qualifier: QualifierName = Field("exact", description="How exact the source says it is.")
    claimed_by: IdOrSlug | None = Field(None, description="Id or slug of the claiming actor.")
    note: _text(10_000) = Field("", description="Your note.")
    citations: list[CitationIn] = Field(
        min_length=1, description="The articles it rests on (at least one)."
    )


# --- Events ---------------------------------------------------------------------------------


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
    actor: Code | None = Field(
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
    location: str = Field(description="Where.")
    category: str = Field(description="CAMEO code.", examples=["057"])
    category_name: str = Field(description="The category's name.")
    category_score: float = Field(description="The category's default score.")
    score_override: float | None = Field(description="The curators' score, where they set one.")
    score_override_reason: str = Field(description="Why the category's score was overridden.")
    score: float = Field(description="Effective score, -10 (conflict) to +10 (cooperation).")
    confidence: float = Field(description="How sure the record is that it happened (0–1).")
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

    @staticmethod
    def resolve_score(obj) -> Decimal:
        return getattr(obj, "effective_score", None) or obj.score


class EventPage(Page):
    items: list[EventOut] = Field(description="The rows of this page, in order.")


class EventIn(Schema):
    relationship: IdOrSlug = Field(description="The relationship's id or slug.")
    title: _text(300) = Field(description="What happened.")
    summary: _text(20_000) = Field("", description="In more words.")
    occurred_on: datetime.date = Field(description="When (first day known).")
    occurred_on_precision: Precision = _precision("occurred_on")
    location: _text(200) = Field("", description="Where.")
    category: IdOrSlug = Field(description="CAMEO code (a string, e.g. '057') or id.")
    actors: list[IdOrSlug] = Field([], description="Actor ids or slugs.")
    score_override: Decimal | None = Field(
        None, ge=-10, le=10, allow_inf_nan=False, description="Your score; null for the category's."
    )
    score_override_reason: _text(5_000) = Field("", description="Why, when overriding.")
    confidence: Decimal = Field(
        Decimal(1), ge=0, le=1, allow_inf_nan=False, description="How sure (0–1)."
    )
    citations: list[CitationIn] = Field(
        min_length=1, description="The articles it rests on (at least one)."
    )


# --- Deletions ------------------------------------------------------------------------------


class DeletionFilters(PageParams):
    since: datetime.datetime | None = Field(
        None,
        description="Deletions at or after this ISO 8601 time (UTC when no zone is given).",
        examples=["2024-01-01T00:00:00Z"],
    )


class DeletionOut(Schema):
    id: int = Field(description="The tombstone's id.")
    kind: str = Field(description="What was deleted.", examples=["agreement"])
    object_id: int = Field(description="The deleted row's id.")
    deleted_at: datetime.datetime = Field(description="When (UTC).")


class DeletionPage(Page):
    items: list[DeletionOut] = Field(description="The rows of this page, in order.")

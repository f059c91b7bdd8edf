"""Metrics and their observations: filters, list items and the write payload."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from api.params import ListParams, SearchText, Slug
from api.schemas import Page
from relations.models import ObservationQualifier
from relations.schemas.citations import CitationList, CitationOut
from relations.schemas.common import (
    ActorRef,
    IdOrSlug,
    Precision,
    Timestamps,
    precision_field,
    text_up_to,
)

QualifierName = Literal[tuple(ObservationQualifier.values)]  # type: ignore[valid-type]


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
    by_some_accounts: bool = Field(description="Whether the source gives it only by some accounts.")
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
    unit: text_up_to(50) | None = Field(None, description="Its unit; the metric's when omitted.")
    period_start: datetime.date = Field(description="The day, or first day of month or year.")
    period_precision: Precision = precision_field("period_start")
    qualifier: QualifierName = Field("exact", description="How exact the source says it is.")
    by_some_accounts: bool = Field(False, description="The source gives it by some accounts.")
    claimed_by: IdOrSlug | None = Field(None, description="Id or slug of the claiming actor.")
    note: text_up_to(10_000) = Field("", description="Your note.")
    citations: CitationList = Field(description="The articles it rests on (at least one).")

"""Metrics and their observations: filters, list items and the write payload."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, FilterLookup

from api.params import ListFilters, SearchText, Slug, day_from, day_to, filter_field
from api.schemas import InSchema, named_enum, page_of, patch_of, resolve_from
from relations.models import Metric, ObservationQualifier
from relations.schemas import common
from relations.schemas.citations import CitationList, CitationOut

QualifierName = named_enum(
    "ObservationQualifier", ObservationQualifier.values, "How exact a source says a figure is."
)


def names_metric(slug: str) -> bool:
    return Metric.objects.filter(slug=slug).exists()


class MetricFilters(ListFilters):
    q: Annotated[SearchText | None, FilterLookup(["name__icontains", "slug__icontains"])] = Field(
        None, description="Part of the metric's name or slug.", examples=["debt"]
    )


class MetricOut(common.Timestamps):
    id: int = Field(description="The metric's id.")
    slug: str = Field(description="Stable slug.", examples=["debt-to-russia"])
    name: str = Field(description="Name.")
    unit: str = Field(description="The usual unit.", examples=["USD"])
    description: str = Field(description="What it measures.")
    direction: str = Field(description="Which way it runs, e.g. owed by whom to whom.")
    observation_count: int = Field(description="Observations recorded.")


MetricPage = page_of(MetricOut, "MetricPage")


class ObservationFilters(ListFilters):
    naming_filters = {"relationship": common.names_relationship}

    relationship: common.RelationshipFilter = None
    period_from: day_from("period_start", "Periods starting", "2004-01-01") = None
    period_to: day_to("period_start", "Periods starting", "2017-12-31") = None


class ObservationListFilters(ObservationFilters):
    naming_filters = {**ObservationFilters.naming_filters, "metric": names_metric}

    metric: filter_field(Slug, "metric__slug", "Slug of the metric.", "debt") = None


class ObservationOut(common.Timestamps):
    id: int = Field(description="The observation's id.")
    pending: bool = Field(
        False,
        description="Cites only articles awaiting review: shown to curators' tokens only.",
    )
    metric: str = Field(description="The metric's slug.")
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    value: float = Field(description="The figure as reported.", examples=[300000000])
    unit: str = Field(description="Its unit.", examples=["USD"])
    period_start: datetime.date = Field(description="The day, or first day of month or year.")
    period_precision: common.Precision = Field(
        description="Whether it is a day, month or year figure."
    )
    qualifier: QualifierName = Field(
        description="How exact the source says it is.", examples=["exact"]
    )
    by_some_accounts: bool = Field(description="Whether the source gives it only by some accounts.")
    claimed_by: common.ActorRef | None = Field(description="Whose claim it is, where a party's.")
    note: str = Field(description="Curators' note.")
    citations: list[CitationOut] = Field(description="The articles it rests on.")

    resolve_metric = resolve_from("metric.slug")
    resolve_relationship = resolve_from("relationship.slug")


ObservationPage = page_of(ObservationOut, "ObservationPage")


class ObservationIn(InSchema):
    metric: common.IdOrSlug = Field(description="The metric's id or slug.")
    relationship: common.IdOrSlug = Field(description="The relationship's id or slug.")
    value: Decimal = Field(
        max_digits=20, decimal_places=4, allow_inf_nan=False, description="The figure."
    )
    unit: common.text_up_to(50) | None = Field(
        None, description="Its unit; the metric's when omitted."
    )
    period_start: datetime.date = Field(description="The day, or first day of month or year.")
    period_precision: common.Precision = common.precision_field("period_start")
    qualifier: QualifierName = Field("exact", description="How exact the source says it is.")
    by_some_accounts: bool = Field(False, description="The source gives it by some accounts.")
    claimed_by: common.IdOrSlug | None = Field(
        None, description="Id or slug of the claiming actor."
    )
    note: common.text_up_to(10_000) = Field("", description="Your note.")
    citations: CitationList = Field(description="The articles it rests on (at least one).")


# On create a null `unit` means the metric's; on a change, the unit stays unless a new one is sent.
ObservationPatch = patch_of(ObservationIn, keep_required_values=("unit",))

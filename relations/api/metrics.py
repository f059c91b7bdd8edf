"""Metrics and their observations: reported figures with their sources; create and change."""

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from api.auth import read_auth, token_with_permission
from api.csv import CsvColumn, attribute_columns
from api.lists import paged
from api.params import id_path, slug_path
from relations.api.columns import CITATION_COLUMNS, TIMESTAMP_COLUMNS
from relations.api.review import sees_pending
from relations.models import Metric, Observation
from relations.schemas.metrics import (
    MetricFilters,
    MetricOut,
    MetricPage,
    ObservationFilters,
    ObservationIn,
    ObservationListFilters,
    ObservationOut,
    ObservationPage,
    ObservationPatch,
)
from relations.selectors.records import metrics as metric_selectors
from relations.services import records as services

metrics_router = Router(tags=["metrics"], auth=read_auth)
observations_router = Router(tags=["observations"], auth=read_auth)

METRIC_COLUMNS = [
    *attribute_columns(
        "id", "slug", "name", "unit", "direction", "observation_count", "description"
    ),
    *TIMESTAMP_COLUMNS,
]

OBSERVATION_COLUMNS = [
    CsvColumn("id", lambda o: o.pk),
    CsvColumn("metric", lambda o: o.metric.slug),
    CsvColumn("relationship", lambda o: o.relationship.slug),
    *attribute_columns("value", "unit", "period_start", "period_precision", "qualifier"),
    CsvColumn("claimed_by", lambda o: o.claimed_by.name if o.claimed_by_id else None),
    *attribute_columns("claimed_by_id", "note"),
    *CITATION_COLUMNS,
    *TIMESTAMP_COLUMNS,
]

MetricSlug = slug_path("metric")
ObservationId = id_path("observation")


@metrics_router.get("", response=MetricPage, summary="List metrics")
@paged(METRIC_COLUMNS, "metrics")
def metric_list(request: HttpRequest, filters: Query[MetricFilters]):
    """Quantities the record follows over time, by name."""
    return metric_selectors.metric_list(filters.get_filter_expression())


@metrics_router.get("/{slug}", response=MetricOut, summary="One metric")
def metric_detail(request: HttpRequest, slug: str = MetricSlug):
    """A metric and how many observations it holds."""
    return get_object_or_404(metric_selectors.metric_list(), slug=slug)


@metrics_router.get(
    "/{slug}/observations", response=ObservationPage, summary="A metric's observations"
)
@paged(OBSERVATION_COLUMNS, "{slug}")
def metric_observations(
    request: HttpRequest, filters: Query[ObservationFilters], slug: str = MetricSlug
):
    """The figures reported for one metric, by period, each with its sources."""
    metric = get_object_or_404(Metric.objects.only("id"), slug=slug)
    return metric_selectors.observation_list(
        Q(metric=metric), filters.get_filter_expression(), curator=sees_pending(request)
    )


@observations_router.get("", response=ObservationPage, summary="List observations")
@paged(OBSERVATION_COLUMNS, "observations")
def observation_list(request: HttpRequest, filters: Query[ObservationListFilters]):
    """Every metric's figures, by metric then period, each with its sources."""
    return metric_selectors.observation_list(
        filters.get_filter_expression(), curator=sees_pending(request)
    )


def _observation(observation_id: int, *, curator: bool = True):
    observations = metric_selectors.observation_list(curator=curator)
    return get_object_or_404(observations, pk=observation_id)


@observations_router.get("/{observation_id}", response=ObservationOut, summary="One observation")
def observation_detail(request: HttpRequest, observation_id: int = ObservationId):
    """A reported figure with its period, qualifier and sources."""
    return _observation(observation_id, curator=sees_pending(request))


@observations_router.post(
    "",
    response={201: ObservationOut},
    auth=token_with_permission("relations.add_observation"),
    summary="Add an observation",
)
def observation_create(request: HttpRequest, payload: ObservationIn):
    """Needs relations.add_observation; the unit defaults to the metric's."""
    data = payload.model_dump(exclude_unset=True)
    if data.get("unit") is None:
        data.pop("unit", None)
    observation = services.observation_create(user=request.auth, data=data)
    return Status(201, _observation(observation.pk))


@observations_router.patch(
    "/{observation_id}",
    response=ObservationOut,
    auth=token_with_permission("relations.change_observation"),
    summary="Change an observation",
)
def observation_update(
    request: HttpRequest,
    payload: ObservationPatch,
    observation_id: int = ObservationId,
):
    """Only the fields sent change; `citations`, when sent, are replaced."""
    observation = get_object_or_404(Observation, pk=observation_id)
    services.observation_update(
        user=request.auth, observation=observation, data=payload.model_dump(exclude_unset=True)
    )
    return _observation(observation_id)

"""Reads of metrics and their observations."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from relations.models import Metric, Observation
from relations.selectors.records.common import citations_prefetch


def metric_list(*where: Q) -> QuerySet[Metric]:
    """Metrics matching every condition in `where`, by name, with their public observations
    counted."""
    counts = (
        Observation.objects.public()
        .filter(metric=OuterRef("pk"))
        .order_by()
        .values("metric")
        .annotate(n=Count("id"))
        .values("n")
    )
    metrics = Metric.objects.annotate(observation_count=Coalesce(Subquery(counts), 0))
    return metrics.filter(*where).order_by("name", "id")


def observation_queryset(*, curator: bool = False) -> QuerySet[Observation]:
    """Public observations, or for curators every one marked `pending` where it awaits review."""
    return (
        Observation.objects.for_audience(curator=curator)
        .select_related("metric", "relationship", "claimed_by")
        .prefetch_related(citations_prefetch(curator=curator))
    )


def observation_list(*where: Q, curator: bool = False) -> QuerySet[Observation]:
    """Observations matching every condition in `where`, by metric, then period."""
    observations = observation_queryset(curator=curator).filter(*where)
    return observations.order_by("metric__name", "period_start", "id")

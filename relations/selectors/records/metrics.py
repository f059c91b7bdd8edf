"""Reads of metrics and their observations."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from relations.models import Metric, Observation
from relations.selectors.records.common import citations_prefetch


def metric_list(*where: Q) -> QuerySet[Metric]:
    """Metrics matching every condition in `where`, by name, with their observation counts."""
    metrics = Metric.objects.annotate(observation_count=Count("observations"))
    return metrics.filter(*where).order_by("name", "id")


def observation_queryset() -> QuerySet[Observation]:
    return Observation.objects.select_related(
        "metric", "relationship", "claimed_by"
    ).prefetch_related(citations_prefetch())


def observation_list(*where: Q) -> QuerySet[Observation]:
    """Observations matching every condition in `where`, by metric, then period."""
    return observation_queryset().filter(*where).order_by("metric__name", "period_start", "id")

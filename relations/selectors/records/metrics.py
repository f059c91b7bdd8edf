"""Reads of metrics and their observations."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from relations.models import Metric, Observation
from relations.selectors.records.common import citations_prefetch, filter_given


def metric_list(
    *, q: str | None = None, updated_since: datetime.datetime | None = None
) -> QuerySet[Metric]:
    """Metrics by name, each with how many observations it holds."""
    metrics = filter_given(
        Metric.objects.annotate(observation_count=Count("observations")),
        updated__gte=updated_since,
    )
    if q:
        metrics = metrics.filter(Q(name__icontains=q) | Q(slug__icontains=q))
    return metrics.order_by("name", "id")


def observation_queryset() -> QuerySet[Observation]:
    return Observation.objects.select_related(
        "metric", "relationship", "claimed_by"
    ).prefetch_related(citations_prefetch())


def observation_list(
    *,
    metric: str | None = None,
    relationship: str | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Observation]:
    """Observations by metric, then period."""
    observations = filter_given(
        observation_queryset(),
        metric__slug=metric,
        relationship__slug=relationship,
        period_start__gte=period_from,
        period_start__lte=period_to,
        updated__gte=updated_since,
    )
    return observations.order_by("metric__name", "period_start", "id")

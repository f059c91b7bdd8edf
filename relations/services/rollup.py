"""The temperature rollup: recompute a relationship's monthly temperature and store it.

Called after every change to events or categories (transaction.on_commit), and by
`manage.py recompute_temperature`. Pages and the API only read the stored rows.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from relations.models import Event, Relationship, TemperaturePoint
from relations.temperature import (
    TemperatureEvent,
    TemperatureParameters,
    compute_temperature,
    month_start,
)

WRITE_BATCH_SIZE = 1000


def temperature_parameters() -> TemperatureParameters:
    """The model's parameters from settings; changing them needs `recompute_temperature`."""
    return TemperatureParameters(
        half_life_days=float(settings.TEMPERATURE_HALF_LIFE_DAYS),
        prior_weight=float(settings.TEMPERATURE_PRIOR_WEIGHT),
    )


def _relationship_events(relationship_id: int) -> list[TemperatureEvent]:
    """All of a relationship's events, in one query, with the score the temperature uses."""
    rows = (
        Event.objects.filter(relationship_id=relationship_id)
        .with_effective_score()
        .annotate(
            score=Cast("effective_score", FloatField()), weight=Cast("confidence", FloatField())
        )
        .order_by()
        .values_list("id", "occurred_on", "occurred_on_precision", "score", "weight")
    )
    return [TemperatureEvent(*row) for row in rows]


def _series_end(relationship: Relationship, events: list[TemperatureEvent]) -> datetime.date | None:
    """The later of the relationship's period end and its last event's month; never today."""
    candidates = [event.date for event in events]
    if relationship.period_end is not None:
        candidates.append(relationship.period_end)
    return month_start(max(candidates)) if candidates else None


def temperature_recompute(*, relationship: Relationship) -> int:
    """Recompute and store the relationship's monthly temperature; returns rows written."""
    parameters = temperature_parameters()
    with transaction.atomic():
        # One recompute per relationship at a time: concurrent ones would both delete, then
        # collide on the one-row-per-month constraint.
        relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
        events = _relationship_events(relationship.pk)
        until = _series_end(relationship, events)
        series = []
        if until is not None:
            series = compute_temperature(
                events, until=until, since=relationship.period_start, parameters=parameters
            )
        computed_at = timezone.now()
        TemperaturePoint.objects.filter(relationship=relationship).delete()
        TemperaturePoint.objects.bulk_create(
            (
                TemperaturePoint(
                    relationship=relationship,
                    month=point.month,
                    value=point.value,
                    low=point.low,
                    high=point.high,
                    event_count=point.event_count,
                    effective_weight=point.effective_weight,
                    contributions=[
                        {"event_id": item.event_id, "share": item.share}
                        for item in point.contributions
                    ],
                    computed_at=computed_at,
                )
                for point in series
            ),
            batch_size=WRITE_BATCH_SIZE,
        )
    return len(series)


def temperature_recompute_all() -> None:
    """Recompute every relationship's temperature, each in its own transaction."""
    for relationship in Relationship.objects.order_by("pk").only("pk"):
        temperature_recompute(relationship=relationship)

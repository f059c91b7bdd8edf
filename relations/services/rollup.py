"""The temperature rollup: recompute a relationship's monthly temperature, overall and in
each direction, with its turning points, and store them.

Scheduled by `temperature_recompute_on_commit` after every change to events or categories,
and run by `manage.py recompute_temperature`. Pages and the API only read the stored rows.
A recompute that fails after the commit (the database briefly away, a lock timeout) is queued
as a job (relations/tasks.py `recompute_temperature`), which a worker retries.
"""

from __future__ import annotations

import datetime
import functools
import logging
import weakref
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from articles.dates import in_bounds
from articles.models import within_bounds
from relations.models import Event, Relationship, TemperaturePoint, TurningPoint
from relations.temperature import TemperatureEvent, TemperatureParameters, month_start
from relations.temperature_moves import (
    OVERALL,
    acting_sides,
    compute_directed_temperature,
    turning_points,
)

WRITE_BATCH_SIZE = 1000

logger = logging.getLogger(__name__)


def temperature_parameters() -> TemperatureParameters:
    """The model's parameters from settings; changing them needs `recompute_temperature`."""
    return TemperatureParameters(
        half_life_days=float(settings.TEMPERATURE_HALF_LIFE_DAYS),
        prior_weight=float(settings.TEMPERATURE_PRIOR_WEIGHT),
    )


def _relationship_events(relationship: Relationship) -> list[TemperatureEvent]:
    """All of a relationship's events, in one query, with the score the temperature uses and
    the sides that acted."""
    pair = (relationship.country_a.code, relationship.country_b.code)
    # The sides by the countries' ids: no join for their codes.
    codes = {relationship.country_a_id: pair[0], relationship.country_b_id: pair[1]}
    # A row past the record's date bounds (restored or fixed by hand) is left out: it would
    # stretch the series over centuries, or past year 9999.
    rows = (
        Event.objects.filter(within_bounds("occurred_on"), relationship_id=relationship.pk)
        .with_effective_score()
        .annotate(
            score=Cast("effective_score", FloatField()), weight=Cast("confidence", FloatField())
        )
        .order_by()
        .values_list(
            "id", "occurred_on", "occurred_on_precision", "score", "weight",
            "initiator_id", "target_id", "mutual",
        )
    )  # fmt: skip

    @functools.cache
    def sides(initiator_id: int | None, target_id: int | None, mutual: bool) -> frozenset[str]:
        # A handful of combinations: one frozenset each, not one per event.
        return acting_sides(
            initiator=codes.get(initiator_id), target=codes.get(target_id), mutual=mutual, pair=pair
        )

    return [TemperatureEvent(*row[:5], sides=sides(*row[5:])) for row in rows]


def _series_end(relationship: Relationship, events: list[TemperatureEvent]) -> datetime.date | None:
    """The later of the relationship's period end and its last event's month; never today."""
    candidates = [event.date for event in events]
    if relationship.period_end is not None and in_bounds(relationship.period_end):
        candidates.append(relationship.period_end)
    return month_start(max(candidates)) if candidates else None


def temperature_recompute(*, relationship: Relationship) -> int:
    """Recompute and store the relationship's monthly temperature, overall and in each
    direction, and its turning points; returns the overall rows written."""
    parameters = temperature_parameters()
    with transaction.atomic():
        # One recompute per relationship at a time: concurrent ones would both delete, then
        # collide on the one-row-per-month constraint.
        relationship = (
            Relationship.objects.select_for_update(of=("self",))
            .select_related("country_a", "country_b")
            .get(pk=relationship.pk)
        )
        events = _relationship_events(relationship)
        until = _series_end(relationship, events)
        directed = {OVERALL: []}
        if until is not None:
            since = relationship.period_start
            directed = compute_directed_temperature(
                events,
                pair=(relationship.country_a.code, relationship.country_b.code),
                until=until,
                since=since if since is not None and in_bounds(since) else None,
                parameters=parameters,
            )
        turns = turning_points(events, directed[OVERALL], parameters=parameters)
        computed_at = timezone.now()
        TemperaturePoint.objects.filter(relationship=relationship).delete()
        TurningPoint.objects.filter(relationship=relationship).delete()
        TemperaturePoint.objects.bulk_create(
            (
                TemperaturePoint(
                    relationship=relationship,
                    direction=direction,
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
                for direction, series in directed.items()
                for point in series
            ),
            batch_size=WRITE_BATCH_SIZE,
        )
        TurningPoint.objects.bulk_create(
            (
                TurningPoint(
                    relationship=relationship,
                    month=turn.month,
                    previous_value=turn.previous_value,
                    value=turn.value,
                    pushed=turn.pushed,
                    fading=turn.fading,
                    movers=[
                        {"event_id": mover.event_id, "points": mover.points, "share": mover.share}
                        for mover in turn.movers
                    ],
                    computed_at=computed_at,
                )
                for turn in turns
            ),
            batch_size=WRITE_BATCH_SIZE,
        )
    return len(directed[OVERALL])


def temperature_recompute_all() -> None:
    """Recompute every relationship's temperature, each in its own transaction."""
    for relationship in Relationship.objects.order_by("pk").only("pk"):
        temperature_recompute(relationship=relationship)


class _PendingRecompute:
    """The relationships (or all of them) to recompute when one transaction commits."""

    def __init__(self) -> None:
        self.relationship_ids: set[int] = set()
        self.everything = False
        self.done = False

    def run(self) -> None:
        self.done = True
        relationship_ids = None if self.everything else sorted(self.relationship_ids)
        try:
            temperature_recompute_some(relationship_ids)
        except Exception:
            # The change is committed: have a worker retry the recompute rather than lose it.
            logger.exception("Temperature recompute failed after commit; queued as a job")
            from relations.tasks import recompute_temperature

            recompute_temperature.defer(relationship_ids=relationship_ids)


def temperature_recompute_some(relationship_ids: list[int] | None) -> None:
    """Recompute these relationships' temperature, or every one's for None."""
    if relationship_ids is None:
        temperature_recompute_all()
        return
    for relationship in Relationship.objects.filter(pk__in=relationship_ids).order_by("pk"):
        temperature_recompute(relationship=relationship)


def temperature_recompute_on_commit(
    relationship_ids: Iterable[int | None] = (), *, everything: bool = False
) -> None:
    """Recompute these relationships' temperature (or all) once the transaction commits.

    Every change made in one transaction joins one pending batch, so an admin form saving
    many rows recomputes each relationship once. The connection holds the batch only weakly:
    its sole strong reference is the on-commit callback, which a rollback discards, so
    changes after a rollback start a new batch instead of joining one that will never run.
    """
    connection = transaction.get_connection()
    reference = getattr(connection, "_temperature_pending", None)
    pending = reference() if reference is not None else None
    joined = pending is not None and not pending.done
    if not joined:
        pending = _PendingRecompute()
        connection._temperature_pending = weakref.ref(pending)
    pending.everything |= everything
    pending.relationship_ids.update(pk for pk in relationship_ids if pk is not None)
    if not joined:
        # Robust: the change is committed; a failed recompute is logged, not raised at the user.
        transaction.on_commit(pending.run, robust=True)

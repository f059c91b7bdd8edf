"""The temperature rollup: recompute a relationship's monthly temperature, overall and in
each direction, with its turning points, and store them.

Scheduled by `temperature_recompute_on_commit` after every change to events or categories,
and run by `manage.py recompute_temperature`. Pages and the API only read the stored rows.
The change that asks for a recompute is committed first: a recompute that then fails never
turns the saved change into an error page (which would invite a duplicate retry). It is
logged, kept as a TemperatureRecomputeFailure row (the admin lists them; the curator who
saved is told, see RecomputeNoticeMiddleware) and retried: by a queued job (relations/tasks.py
`recompute_temperature`, which a worker retries), by the relationship's next change, by
`manage.py recompute_temperature --failed`, or from the admin.
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import logging
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from articles.dates import in_bounds
from articles.models import within_bounds
from relations.models import (
    Event,
    Relationship,
    TemperaturePoint,
    TemperatureRecomputeFailure,
    TurningPoint,
)
from relations.temperature import TemperatureEvent, TemperatureParameters, month_start
from relations.temperature_moves import (
    OVERALL,
    acting_sides,
    compute_directed_temperature,
    turning_points,
)

WRITE_BATCH_SIZE = 1000
# Tries within one run before the failure is stored for a later retry: a lock timeout or a
# serialization failure often passes at once.
ATTEMPTS_PER_RUN = 2

logger = logging.getLogger(__name__)


def temperature_parameters() -> TemperatureParameters:
    """The model's parameters from settings; changing them needs `recompute_temperature`."""
    return TemperatureParameters(
        half_life_days=float(settings.TEMPERATURE_HALF_LIFE_DAYS),
        prior_weight=float(settings.TEMPERATURE_PRIOR_WEIGHT),
    )


def _relationship_events(relationship: Relationship) -> list[TemperatureEvent]:
    """A relationship's public events (CitedQuerySet.public), in one query, with the score the
    temperature uses and the sides that acted."""
    pair = (relationship.country_a.code, relationship.country_b.code)
    # The sides by the countries' ids: no join for their codes.
    codes = {relationship.country_a_id: pair[0], relationship.country_b_id: pair[1]}
    # A row past the record's date bounds (restored or fixed by hand) is left out: it would
    # stretch the series over centuries, or past year 9999.
    rows = (
        Event.objects.public()
        .filter(within_bounds("occurred_on"), relationship_id=relationship.pk)
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
    """Recompute every relationship's temperature, each in its own transaction; one that
    fails is reported and stored for a retry, and the others go on."""
    for relationship_id in Relationship.objects.order_by("pk").values_list("pk", flat=True):
        temperature_recompute_reported(relationship_id=relationship_id)


# The failures of the current request (or command), for RecomputeNoticeMiddleware to report.
_failures_seen: contextvars.ContextVar[list[TemperatureRecomputeFailure] | None] = (
    contextvars.ContextVar("temperature_failures_seen", default=None)
)


@contextmanager
def recompute_failures_collected() -> Iterator[list[TemperatureRecomputeFailure]]:
    """The failures of the recomputes run inside the block, as a list filled as they happen."""
    failures: list[TemperatureRecomputeFailure] = []
    token = _failures_seen.set(failures)
    try:
        yield failures
    finally:
        _failures_seen.reset(token)


def _failure_record(relationship_id: int, error: BaseException) -> TemperatureRecomputeFailure:
    now = timezone.now()
    message = f"{type(error).__name__}: {error}"[:2000]
    failure, created = TemperatureRecomputeFailure.objects.get_or_create(
        relationship_id=relationship_id,
        defaults={"error": message, "first_failed_at": now, "last_failed_at": now},
    )
    if not created:
        failure.error = message
        failure.attempts += 1
        failure.last_failed_at = now
        failure.save(update_fields=["error", "attempts", "last_failed_at"])
    return failure


def temperature_recompute_reported(*, relationship_id: int) -> bool:
    """Recompute one relationship; on failure log it, store it for a retry and never raise.

    What runs after a committed change (and what a queued job should call): True when the
    stored temperature is up to date.
    """
    error: Exception | None = None
    for attempt in range(1, ATTEMPTS_PER_RUN + 1):
        try:
            relationship = Relationship.objects.get(pk=relationship_id)
            temperature_recompute(relationship=relationship)
            temperature_failure_forget(relationship_id=relationship_id)
            return True
        except Relationship.DoesNotExist:
            return True  # deleted since: nothing to keep up to date
        except Exception as exc:  # any failure: the change it follows is already saved
            error = exc
            logger.warning(
                "temperature recompute of relationship %s failed (attempt %d of %d)",
                relationship_id,
                attempt,
                ATTEMPTS_PER_RUN,
                exc_info=True,
            )
    try:
        failure = _failure_record(relationship_id, error)
    except Exception:
        logger.exception("could not store the recompute failure of %s", relationship_id)
        return False
    logger.error(
        "temperature of relationship %s left out of date after %d attempt(s): %s; "
        "stored for a retry (manage.py recompute_temperature --failed)",
        relationship_id,
        failure.attempts,
        failure.error,
    )
    seen = _failures_seen.get()
    if seen is not None:
        seen.append(failure)
    _retry_as_job(relationship_id)
    return False


def _retry_as_job(relationship_id: int) -> None:
    """Queue a retry for a worker; where the queue itself is out of reach, the stored failure
    is retried by the next change, the admin or `recompute_temperature --failed`."""
    from relations.tasks import recompute_temperature

    try:
        recompute_temperature.defer(relationship_ids=[relationship_id])
    except Exception:
        logger.exception("could not queue the recompute of relationship %s", relationship_id)


def temperature_failure_forget(*, relationship_id: int) -> None:
    """The relationship's temperature is up to date again: drop its stored failure."""
    TemperatureRecomputeFailure.objects.filter(relationship_id=relationship_id).delete()


def temperature_recompute_failed() -> tuple[int, int]:
    """Retry every stored failure; returns (recomputed, still failing)."""
    ids = list(TemperatureRecomputeFailure.objects.values_list("relationship_id", flat=True))
    done = sum(temperature_recompute_reported(relationship_id=pk) for pk in ids)
    return done, len(ids) - done


class _PendingRecompute:
    """The relationships (or all of them) to recompute when one transaction commits."""

    def __init__(self) -> None:
        self.relationship_ids: set[int] = set()
        self.everything = False
        self.done = False

    def run(self) -> None:
        self.done = True
        if self.everything:
            temperature_recompute_all()
            return
        relationships = Relationship.objects.filter(pk__in=self.relationship_ids).order_by("pk")
        for relationship_id in relationships.values_list("pk", flat=True):
            temperature_recompute_reported(relationship_id=relationship_id)


def temperature_follows_review(*, article_ids: Iterable[int]) -> None:
    """Articles were approved or unapproved: the events citing them may have become public or
    stopped being so, so their relationships are recomputed after commit."""
    relationship_ids = (
        Event.objects.filter(citations__article_id__in=list(article_ids))
        .order_by()
        .values_list("relationship_id", flat=True)
        .distinct()
    )
    temperature_recompute_on_commit(list(relationship_ids))


def temperature_recompute_some(relationship_ids: list[int] | None) -> None:
    """Recompute these relationships' temperature, or every one's for None; raises on failure
    (the queued job's retries rely on it)."""
    relationships = Relationship.objects.order_by("pk")
    if relationship_ids is not None:
        relationships = relationships.filter(pk__in=relationship_ids)
    for relationship in relationships.only("pk"):
        temperature_recompute(relationship=relationship)
        temperature_failure_forget(relationship_id=relationship.pk)


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

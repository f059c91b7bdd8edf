"""How long a full temperature recompute takes for a relationship with 100,000 events.

The events live in a database of the bench's own on the same PostgreSQL server (the embedded
one, or DATABASE_URL's), created, migrated and dropped here: the shared database is never
touched. The recompute is timed end to end (one query for the events, the pure core, the
delete and bulk insert in one transaction) and then in its parts. Target: under 5 s.

    python -m bench.bench_temperature                            # or `make bench`
    BENCH_TEMPERATURE_EVENTS=20000 python -m bench.bench_temperature
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from decimal import Decimal

from bench.synthetic import synthetic_event, synthetic_relationship

DATABASE_NAME = os.environ.get("BENCH_TEMPERATURE_DATABASE_NAME", "bench_temperature")
EVENTS = int(os.environ.get("BENCH_TEMPERATURE_EVENTS", "100000"))
FIRST_DAY = datetime.date(2004, 1, 1)
LAST_DAY = datetime.date(2017, 12, 31)
RUNS = 3
TARGET_SECONDS = 5.0


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _create_events(count: int) -> object:
    """A synthetic relationship: days, months and years, every category, some overrides."""
    from relations.models import Event, EventCategory

    random.seed(20040604)
    relationship = synthetic_relationship(
        slug="bench-temperature",
        name="Bench A–B",
        countries=(("QA", "Bench country A"), ("QB", "Bench country B")),
        period_start=FIRST_DAY,
        period_end=LAST_DAY,
    )
    categories = list(EventCategory.objects.all())
    span = (LAST_DAY - FIRST_DAY).days
    sides = (relationship.country_a, relationship.country_b)
    batch = []
    for number in range(count):
        override = random.random() < 0.1
        # Sides: most events one side's act, some mutual, a few not coded.
        coded = random.random()
        initiator = random.choice(sides) if coded < 0.8 else None
        batch.append(
            synthetic_event(
                random,
                relationship,
                number,
                categories=categories,
                first=FIRST_DAY,
                span_days=span + 1,
                weights=(85, 10, 5),
                score_override=Decimal(random.randint(-100, 100)) / 10 if override else None,
                score_override_reason="Synthetic." if override else "",
                confidence=Decimal(random.randint(30, 100)) / 100,
                initiator=initiator,
                mutual=0.8 <= coded < 0.95,
            )
        )
        if len(batch) == 5000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)
    return relationship


def _timed(function, runs: int = RUNS) -> tuple[float, object]:
    """The median wall time of `runs` calls, and the last call's result."""
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _measure() -> None:
    from relations.selectors.temperature import temperature_series
    from relations.services import rollup
    from relations.temperature import compute_temperature
    from relations.temperature_moves import OVERALL, compute_directed_temperature, turning_points

    started = time.perf_counter()
    relationship = _create_events(EVENTS)
    print(f"events created: {EVENTS:,} in {time.perf_counter() - started:.1f} s (not timed)")

    total, rows = _timed(lambda: rollup.temperature_recompute(relationship=relationship))
    verdict = "ok" if total < TARGET_SECONDS else "OVER TARGET"
    print(
        f"full recompute, {EVENTS:,} events -> {rows} months: {total:.2f} s "
        f"(median of {RUNS}; target < {TARGET_SECONDS:.0f} s: {verdict})"
    )

    read, events = _timed(lambda: rollup._relationship_events(relationship))
    parameters = rollup.temperature_parameters()
    until = rollup._series_end(relationship, events)
    core, series = _timed(
        lambda: compute_temperature(
            events, until=until, since=relationship.period_start, parameters=parameters
        )
    )
    print(f"  reading the events (one query): {read:.2f} s")
    print(f"  the pure core: {core:.2f} s ({core / len(events) * 1e6:.1f} µs an event)")
    pair = (relationship.country_a.code, relationship.country_b.code)
    directed_seconds, directed = _timed(
        lambda: compute_directed_temperature(
            events, pair=pair, until=until, since=relationship.period_start, parameters=parameters
        )
    )
    print(f"  the core with both directions: {directed_seconds:.2f} s")
    turning_seconds, turns = _timed(
        lambda: turning_points(events, directed[OVERALL], parameters=parameters)
    )
    print(f"  turning points: {len(turns)} in {turning_seconds:.2f} s")
    print(f"  (the rest: locking, deleting and writing {len(series)} rows a series)")

    for granularity in ("month", "year"):
        seconds, points = _timed(
            lambda granularity=granularity: temperature_series(
                relationship=relationship, granularity=granularity
            ),
            runs=5,
        )
        print(
            f"temperature_series by {granularity}: {len(points)} points in {seconds * 1e3:.1f} ms"
        )


def main() -> None:
    _setup_django()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = DATABASE_NAME
    started = time.perf_counter()
    original_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    print(f"bench database {DATABASE_NAME} migrated in {time.perf_counter() - started:.1f} s")
    try:
        _measure()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()

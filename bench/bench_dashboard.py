"""How long the server takes to build the dashboard: the demo record and 100,000 events.

In-process, with Django's test Client (so no network or WSGI server in the figures) against
a throw-away database of the bench's own on the project's PostgreSQL server (the embedded one,
or DATABASE_URL's), created with the migrations applied and dropped at the end. Each page is
requested a few times to warm up, then REQUESTS times; the median and the 95th percentile of
the server time are printed, with the queries and the size of the page.

The synthetic relationship has 100,000 events over twenty years (beyond its 2004-2017 period
on both sides), 10% of them cited, plus agreements and observations; its temperature rollup
is built once with `temperature_recompute`, as a change to the record would. At that size the
timeline does not draw every event: it marks the events the rollup names as each month's
largest contributors (relations.selectors.timeline.MARKERS_PER_MONTH a month), and the page
links to the paginated list of every event in the range shown.

    python -m bench.bench_dashboard       # or `make bench`, which runs every bench
    BENCH_REQUESTS=200 python -m bench.bench_dashboard
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from bench.synthetic import synthetic_event, synthetic_relationship

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = os.environ.get("BENCH_DASHBOARD_DATABASE", "bench_dashboard")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
WARM_UP = 5
SYNTHETIC_EVENTS = 100_000
SYNTHETIC_SLUG = "bench-100k"
TARGET_P95_MS = 100.0


def _configure() -> None:
    """Product settings on a database of the bench's own. (`make bench` runs the benches in
    one process: Django may already be set up by an earlier one.)"""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = DATABASE_NAME
    django.setup()


# The manifest needs collectstatic; looking a name up in it costs nothing measurable.
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url: str) -> dict:
    """Server time of `url` over REQUESTS requests, after a warm-up."""
    from django.db import connection

    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url)
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "median": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
        "queries": len(queries),
        "kilobytes": len(response.content) / 1024,
    }


def build_synthetic_relationship(count: int = SYNTHETIC_EVENTS):
    """A relationship with `count` events, cited articles, agreements and observations."""
    from articles.models import Article, Source
    from relations.models import Agreement, Citation, Event, EventCategory, Metric, Observation

    rng = random.Random(20041016)
    relationship = synthetic_relationship(
        slug=SYNTHETIC_SLUG,
        name="Bench Alpha–Bench Beta",
        countries=(("QX", "Bench Alpha"), ("QY", "Bench Beta")),
        period_start=datetime.date(2004, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    categories = list(EventCategory.objects.all())
    start = datetime.date(2000, 1, 1)
    days = (datetime.date(2019, 12, 31) - start).days
    events = []
    for index in range(count):
        confidence = Decimal(rng.choice(["0.50", "0.75", "1.00"]))
        events.append(
            synthetic_event(
                rng,
                relationship,
                index,
                categories=categories,
                first=start,
                span_days=days,
                weights=(90, 8, 2),
                confidence=confidence,
            )
        )
    events = Event.objects.bulk_create(events, batch_size=5000)
    source = Source.objects.create(name="Bench Wire", slug="bench-wire")
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bench article {index}",
            slug=f"bench-article-{index}",
            source=source,
            published_on=datetime.date(2000 + index % 20, 1 + index % 12, 1),
            summary="A synthetic article.",
            # Approved: facts citing only unreviewed articles are not public.
            review_status=Article.ReviewStatus.APPROVED,
        )
        for index in range(200)
    )
    Citation.objects.bulk_create(
        (
            Citation(article=rng.choice(articles), event=event)
            for event in events
            if rng.random() < 0.1
        ),
        batch_size=5000,
    )
    agreements = []
    for index in range(20):
        signed = datetime.date(2000 + index, 1 + index % 12, 1)
        agreements.append(
            Agreement.objects.create(
                relationship=relationship,
                title=f"Bench agreement {index}",
                slug=f"bench-agreement-{index}",
                kind=Agreement.Kind.AGREEMENT,
                status=Agreement.Status.IN_FORCE,
                signed_on=signed,
                expires_on=signed.replace(year=signed.year + 10) if index % 3 else None,
                extends=agreements[-1] if index % 5 == 4 else None,
            )
        )
    for number in range(5):
        metric = Metric.objects.create(
            slug=f"bench-metric-{number}", name=f"Bench metric {number}", unit="USD"
        )
        observations = Observation.objects.bulk_create(
            Observation(
                metric=metric,
                relationship=relationship,
                value=Decimal(1_000_000 * (year - 1999) * (number + 1)),
                unit="USD",
                period_start=datetime.date(year, 1, 1),
                period_precision="year",
            )
            for year in range(2000, 2020)
        )
        Citation.objects.bulk_create(
            Citation(article=rng.choice(articles), observation=observation)
            for observation in observations
        )
    return relationship


def report(label: str, figures: dict) -> None:
    print(
        f"{label:<44} median {figures['median']:7.1f} ms   p95 {figures['p95']:7.1f} ms   "
        f"{figures['queries']:3d} queries   {figures['kilobytes']:7.1f} KiB",
        flush=True,
    )


def main() -> int:
    _configure()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_databases, teardown_databases
    from django.urls import reverse

    from relations.models import Event, Relationship
    from relations.selectors.dashboard import timeline_events
    from relations.selectors.timeline import temperature_months
    from relations.services.rollup import temperature_recompute

    print(
        f"database {DATABASE_NAME} (created for the bench, dropped after); "
        f"{REQUESTS} requests per page after {WARM_UP} to warm up",
        flush=True,
    )
    overrides = override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC},
    )
    overrides.enable()
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        client = Client()
        call_command("load_demo", verbosity=0)
        demo = Relationship.objects.order_by("name").first()
        report(f"dashboard, demo ({demo.events.count()} events)", measure(client, "/"))
        event = Event.objects.filter(relationship=demo).first()
        report("event page, demo", measure(client, event.get_absolute_url()))

        started = time.perf_counter()
        relationship = build_synthetic_relationship()
        built = time.perf_counter() - started
        started = time.perf_counter()
        months = temperature_recompute(relationship=relationship)
        recomputed = time.perf_counter() - started
        with connection.cursor() as cursor:  # as autovacuum would, soon after such a load
            cursor.execute("VACUUM ANALYZE")
        print(
            f"synthetic relationship: {SYNTHETIC_EVENTS:,} events written in {built:.1f} s; "
            f"temperature_recompute: {months} months in {recomputed:.1f} s",
            flush=True,
        )
        url = reverse("relations:relationship", args=[relationship.slug])
        figures = measure(client, url)
        markers = timeline_events(relationship, temperature_months(relationship))
        report(f"dashboard, {SYNTHETIC_EVENTS:,} events", figures)
        print(
            f"  timeline markers drawn: {len(markers.markers):,} of {markers.total:,} events "
            f"(aggregated: {markers.aggregated})",
            flush=True,
        )
        report(
            "events list of a year, 100,000 events",
            measure(
                client,
                reverse("relations:relationship_events", args=[relationship.slug])
                + "?start=2010-01-01&end=2010-12-31",
            ),
        )
        verdict = "meets" if figures["p95"] < TARGET_P95_MS else "MISSES"
        print(
            f"p95 at {SYNTHETIC_EVENTS:,} events {verdict} the {TARGET_P95_MS:.0f} ms target",
            flush=True,
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        overrides.disable()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingestion throughput: articles per second through the whole pipeline, one and two workers.

A database of the bench's own (created with the migrations, the demo record loaded, dropped
at the end) on the project's PostgreSQL server. For each run, ARTICLES synthetic articles of
about 5 KB (English news copy naming the demo record's actors, with datelines, figures,
agreements and events; every text different, so none is a duplicate) are queued as jobs
exactly as `manage.py ingest` queues them; then WORKERS separate worker processes
(`python -m bench.bench_ingest worker`, each a procrastinate worker with concurrency 1) work
through the queue. Throughput counts from the first job's start to the last job's end, from
procrastinate's own event timestamps, so process start-up is not in the figure; each worker
warms up (imports, language models) before it takes a job.

Targets: 50 or more articles/s per worker, and two workers at 1.6 times one worker or better.
Each worker also reports its own CPU time per article, a figure the machine's other load does
not inflate (PostgreSQL's share of the work is not in it).

    python -m bench.bench_ingest                 # or `make bench`, which runs every bench
    BENCH_INGEST_ARTICLES=200 python -m bench.bench_ingest
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = os.environ.get("BENCH_INGEST_DATABASE", "bench_ingest")
ARTICLES = int(os.environ.get("BENCH_INGEST_ARTICLES", "1000"))
ARTICLE_BYTES = 5000
WORKER_COUNTS = (1, 2)
TARGET_PER_WORKER = 50.0
TARGET_SCALING = 1.6

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PLACES = ("Dushanbe", "Moscow", "Sochi", "Khujand", "Kulob")
PEOPLE = (
    ("President", "Vladimir Putin"),
    ("President", "Emomali Rahmon"),
    ("Foreign Minister", "Sergei Lavrov"),
    ("Defence Minister", "Sergei Shoigu"),
    ("President", "Dmitry Medvedev"),
)
ACTS = (
    "met {b} in {place} on {day} {month} to discuss security on the Afghan border",
    "signed an agreement with {b} extending the lease of the military base until {until}",
    "pledged {amount} million US dollars in aid to Tajikistan",
    "demanded that Dushanbe pay its debt of {amount} million dollars to Russia",
    "refused to even discuss the return of the border guards with {b}",
    "visited Dushanbe in {month} and promised to keep about {troops} troops at the base",
    "protested the detention of two Russian pilots in Tajikistan",
    "said more than {migrants} Tajik migrant workers were employed in Russia",
)
FILLER = (
    "Analysts in {place} said the talks reflected a long pattern of bargaining over "
    "security, labour migration and energy, in which each side tests the other's patience. "
    "Officials declined to give further details of the discussions, which were held "
    "behind closed doors. Local newspapers described the atmosphere as businesslike. "
)


def synthetic_article(rng: random.Random, number: int) -> str:
    """One article of about ARTICLE_BYTES: a dateline, a headline, acts and context."""
    year = rng.randint(2004, 2017)
    month = rng.choice(MONTHS)
    place = rng.choice(PLACES)
    lines = [
        f"Talks in {place}, report {number}",
        "",
        f"{place.upper()}, {rng.randint(1, 28)} {month} {year} (Bench News) -- "
        f"Russia and Tajikistan held talks this week, report number {number} says.",
        "",
    ]
    size = sum(len(line) for line in lines)
    while size < ARTICLE_BYTES:
        (title_a, a), (_, b) = rng.sample(PEOPLE, 2)
        act = rng.choice(ACTS).format(
            b=b,
            place=rng.choice(PLACES),
            day=rng.randint(1, 28),
            month=rng.choice(MONTHS),
            until=rng.randint(2020, 2045),
            amount=rng.randint(10, 900),
            troops=rng.randint(10, 90) * 100,
            migrants=rng.randint(2, 12) * 100_000,
        )
        paragraph = f"{title_a} {a} {act}. " + FILLER.format(place=rng.choice(PLACES))
        lines.append(paragraph)
        lines.append("")
        size += len(paragraph) + 1
    return "\n".join(lines)


def _configure() -> None:
    """Product settings on the bench's database (`make bench` runs every bench in one process:
    Django may already be set up by an earlier one)."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = DATABASE_NAME
    django.setup()


def worker() -> None:
    """One worker process on the bench's database: warm up, then run until the queue is empty."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = DATABASE_NAME
    import django

    django.setup()
    from relations.services.ingestion import Submission, extract
    from relations.tasks import run_worker_until_idle

    extract(Submission("warm-up", synthetic_article(random.Random(0), 0), "text", {}))
    before = os.times()
    run_worker_until_idle()
    after = os.times()
    # The worker's own CPU time (its threads included): what the machine's load does not inflate.
    cpu = (after.user - before.user) + (after.system - before.system)
    print(f"worker-cpu-seconds {cpu:.3f}", flush=True)


def _queue(rng: random.Random, first: int) -> list[int]:
    from relations.services.ingestion import Submission, ingestion_queue

    return [
        ingestion_queue(
            submission=Submission(
                origin=f"bench/{number}.txt",
                content=synthetic_article(rng, number),
                content_format="text",
                metadata={},
            )
        ).job_id
        for number in range(first, first + ARTICLES)
    ]


def _span(job_ids: list[int]) -> float:
    """Seconds from the first job's start to the last job's end, by procrastinate's clock."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(EPOCH FROM MAX(at) FILTER (WHERE type IN ('succeeded', 'failed')) "
            "- MIN(at) FILTER (WHERE type = 'started')) "
            "FROM procrastinate_events WHERE job_id = ANY(%s)",
            [job_ids],
        )
        return float(cursor.fetchone()[0])


def _run(workers: int, rng: random.Random, first: int) -> float:
    from relations.models import Ingestion
    from relations.tasks import job_states

    job_ids = _queue(rng, first)
    environment = {**os.environ, "BENCH_INGEST_DATABASE": DATABASE_NAME}
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.bench_ingest", "worker"],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    cpu = 0.0
    for process in processes:
        output, _ = process.communicate()
        for line in output.splitlines():
            if line.startswith("worker-cpu-seconds "):
                cpu += float(line.split()[1])
    wall = time.perf_counter() - started
    states = job_states(job_ids)
    unfinished = [job for job in job_ids if states.get(job) != "succeeded"]
    outcomes = Ingestion.objects.filter(job_id__in=job_ids).values_list("outcome", flat=True)
    new = sum(outcome == "new" for outcome in outcomes)
    span = _span(job_ids)
    rate = len(job_ids) / span
    print(
        f"{workers} worker{'s' if workers > 1 else ''}: {len(job_ids)} articles in {span:.1f} s "
        f"= {rate:.1f} articles/s ({rate / workers:.1f} per worker; {new} new, "
        f"{len(unfinished)} not succeeded; {wall:.1f} s with process start-up); "
        f"worker CPU {1000 * cpu / len(job_ids):.1f} ms per article "
        f"= {len(job_ids) / cpu if cpu else 0:.0f} articles per CPU-second",
        flush=True,
    )
    return rate


def main() -> int:
    _configure()
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    from relations.models import Candidate

    print(
        f"database {DATABASE_NAME} (created for the bench, dropped after); "
        f"{ARTICLES} synthetic articles of about {ARTICLE_BYTES} bytes per run",
        flush=True,
    )
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        call_command("load_demo", verbosity=0)
        rng = random.Random(20040604)
        rates = {}
        for index, workers in enumerate(WORKER_COUNTS):
            rates[workers] = _run(workers, rng, first=index * ARTICLES)
        print(f"candidates proposed: {Candidate.objects.count()}")
        one, two = rates[1], rates[2]
        print(
            f"per worker: {one:.1f} articles/s (target >= {TARGET_PER_WORKER:g}) "
            f"{'OK' if one >= TARGET_PER_WORKER else 'MISSED'}; two workers: {two / one:.2f}x "
            f"one (target >= {TARGET_SCALING}x) {'OK' if two / one >= TARGET_SCALING else 'MISSED'}"
        )
    finally:
        teardown_databases(old_config, verbosity=0)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["worker"]:
        worker()
    else:
        sys.exit(main())

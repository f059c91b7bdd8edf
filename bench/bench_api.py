"""How fast `GET /api/agreements` is served, against two references measured in the same run.

The project runs under gunicorn (2 sync workers, persistent database connections) on a free
loopback port, with bench/settings.py: the product plus two reference views, a bare
JsonResponse (the stack's ceiling) and a hand-written view returning the same page from the
same selector. `wrk` (Debian's) drives each URL with 2 threads and 16 connections. The data
live in a database of the bench's own on the same PostgreSQL server (the embedded one, or
DATABASE_URL's): the demo record plus 10,000 synthetic agreements, dropped at the end.
Everything is measured twice, with the API's response cache off and on.

    python -m bench.bench_api            # or `make bench`, which runs every bench
    BENCH_DURATION=5 python -m bench.bench_api      # shorter runs
    BENCH_KEEP_DATABASE=1 python -m bench.bench_api # keep the bench_api database afterwards
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import synthetic_relationship

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "bench_api")
SYNTHETIC_AGREEMENTS = 10_000
SYNTHETIC_RELATIONSHIP = "bench-synthetic"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
THREADS, CONNECTIONS = 2, 16
WORKERS = 2

# Targets the API is held to (ratios measured on the same server in the same run).
UNCACHED_VS_HAND = 0.80
CACHED_VS_BARE = 0.70
P99_LIMIT_MS = 50.0


@dataclass(frozen=True)
class Measure:
    """One wrk run."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class Row:
    variant: str
    cache: str
    measure: Measure | None
    note: str = ""


# --- The load generator ---------------------------------------------------------------------


def ensure_wrk() -> str | None:
    """The path of `wrk`, installing Debian's package where we are root; else None."""
    found = shutil.which("wrk")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's wrk for the API bench...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    return shutil.which("wrk")


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> Measure:
    """Requests per second, p50 and p99 latency, and failed responses from `wrk --latency`."""
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    p50 = _milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(group) for group in sockets.groups())
    return Measure(rps, p50, p99, errors)


def run_wrk(wrk: str, url: str, duration: int, *, settle: str) -> Measure:
    """Warm up, measure, then wait until the server has drained what wrk left queued."""
    command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url]
    # Warm both workers (connections, caches) before measuring.
    subprocess.run([*command[:3], "-d1s", url], capture_output=True, check=False)
    _drain(settle)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    _drain(settle)
    return parse_wrk(output)


def _drain(url: str) -> None:
    # Requests queued when wrk stops are still served: one request per worker behind them.
    for _worker in range(WORKERS):
        http_get(url)


# --- The bench database ---------------------------------------------------------------------


def server_parameters() -> dict:
    """Connection parameters of the project's PostgreSQL server (starting the embedded one).

    This process keeps its handle on the embedded server, so the server stays up while the
    bench's subprocesses come and go.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    parameters = {
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
        **database.get("OPTIONS", {}),
    }
    return {key: value for key, value in parameters.items() if value is not None}


def admin_sql(parameters: dict, statement: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **parameters) as connection:
        connection.execute(statement)


def bench_environment(*, cache: bool) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_NAME": DATABASE_NAME,
        "BENCH_API_RESPONSE_CACHE": "True" if cache else "False",
        "CONN_MAX_AGE": "600",
        "DEBUG": "False",
        "PYTHONPATH": str(BASE_DIR),
    }


def prepare() -> dict:
    """In a subprocess on bench.settings: migrate, load the demo and the synthetic rows."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    from relations.models import Agreement, Relationship

    call_command("migrate", verbosity=0, interactive=False)
    demo, note = None, ""
    seeds = BASE_DIR.parent / "shared" / "seeds"
    try:
        options = {"texts": str(seeds)} if seeds.is_dir() else {}
        call_command("load_demo", verbosity=0, **options)
        demo = Relationship.objects.order_by("id").values_list("slug", flat=True).first()
    except CommandError as exc:
        note = f"no demo record ({exc})"
    load_synthetic(SYNTHETIC_AGREEMENTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "demo_relationship": demo,
        "demo_agreements": Agreement.objects.filter(relationship__slug=demo).count() if demo else 0,
        "agreements": Agreement.objects.count(),
        "note": note,
    }


def load_synthetic(count: int) -> None:
    """`count` agreements in a relationship of their own, with parties and cited articles."""
    from articles.models import Article, Source
    from relations.models import Actor, Agreement, Citation

    relationship = synthetic_relationship(
        slug=SYNTHETIC_RELATIONSHIP,
        name="Bench pair",
        countries=(("XS", "Bench Xs"), ("XT", "Bench Xt")),
    )
    actors = Actor.objects.bulk_create(
        Actor(
            name=f"Bench actor {n}",
            slug=f"bench-actor-{n}",
            kind="person",
            country=relationship.country_a,
        )
        for n in range(40)
    )
    source = Source.objects.create(name="Bench wire", slug="bench-wire")
    text = " ".join(f"Sentence {n} of a synthetic dispatch about the pair." for n in range(40))
    start = datetime.date(2004, 1, 1)
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bench dispatch {n}",
            slug=f"bench-dispatch-{n}",
            source=source,
            url=f"https://bench.invalid/{n}",
            published_on=start + datetime.timedelta(days=7 * n),
            summary="A synthetic dispatch.",
            text=text,
            # Approved: facts citing only unreviewed articles are not public.
            review_status=Article.ReviewStatus.APPROVED,
        )
        for n in range(200)
    )
    agreements = Agreement.objects.bulk_create(
        (
            Agreement(
                relationship=relationship,
                title=f"Bench agreement {n}",
                slug=f"bench-agreement-{n}",
                kind="agreement",
                status="in_force" if n % 3 else "signed",
                signed_on=start + datetime.timedelta(days=n % 5000),
                expires_on=start + datetime.timedelta(days=n % 5000 + 3650),
                expires_on_precision="year",
                summary="A synthetic agreement on cooperation between the two sides. " * 3,
                provisions=["Mutual consultations", "A joint commission"],
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    through = Agreement.parties.through
    through.objects.bulk_create(
        (
            through(agreement_id=agreement.pk, actor_id=actors[(n + shift) % len(actors)].pk)
            for n, agreement in enumerate(agreements)
            for shift in (0, 7)
        ),
        batch_size=5000,
    )
    Citation.objects.bulk_create(
        (
            Citation(
                agreement=agreement,
                article=articles[(n + shift) % len(articles)],
                span_start=0 if shift == 0 else None,
                span_end=52 if shift == 0 else None,
                note="Reports the signature.",
            )
            for n, agreement in enumerate(agreements)
            for shift in ((0, 1) if n % 2 else (0,))
        ),
        batch_size=5000,
    )


# --- The server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Server:
    """gunicorn serving bench.settings on a free loopback port, for a `with` block."""

    def __init__(self, *, cache: bool) -> None:
        self.cache = cache
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS),
            "--worker-class", "sync", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=bench_environment(cache=self.cache)
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}")
            try:
                if http_get(f"{self.base}/bench/bare")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _same_page(api_body: bytes, hand_body: bytes) -> str:
    """'' when the API and the hand-written view return the same page, else what differs."""
    api, hand = json.loads(api_body), json.loads(hand_body)
    if api.get("count") != hand.get("count"):
        return f"counts differ ({api.get('count')} vs {hand.get('count')})"
    api_items, hand_items = api.get("items", []), hand.get("items", [])
    if [item.get("id") for item in api_items] != [item.get("id") for item in hand_items]:
        return "items differ"
    for api_item, hand_item in zip(api_items, hand_items, strict=True):
        if set(api_item) != set(hand_item):
            return f"fields differ: {sorted(set(api_item) ^ set(hand_item))}"
    return ""


# --- The run --------------------------------------------------------------------------------


def measure_server(wrk: str, *, cache: bool, datasets: dict[str, str]) -> list[Row]:
    label = "on" if cache else "off"
    rows = []
    with Server(cache=cache) as server:
        settle = f"{server.base}/bench/bare"
        rows.append(Row("bare JsonResponse", label, run_wrk(wrk, settle, DURATION, settle=settle)))
        for dataset, query in datasets.items():
            hand_url = f"{server.base}/bench/agreements{query}"
            api_url = f"{server.base}/api/agreements{query}"
            status, hand_body = http_get(hand_url)
            if status != 200:
                raise RuntimeError(f"{hand_url} answered {status}")
            hand = run_wrk(wrk, hand_url, DURATION, settle=settle)
            rows.append(Row(f"hand-written, {dataset}", label, hand))
            status, api_body = http_get(api_url)
            if status != 200:
                rows.append(Row(f"API, {dataset}", label, None, f"not measured: {status}"))
                continue
            rows.append(
                Row(
                    f"API, {dataset}",
                    label,
                    run_wrk(wrk, api_url, DURATION, settle=settle),
                    _same_page(api_body, hand_body),
                )
            )
    return rows


def _reference(rows: list[Row], cache: str, variant: str) -> Measure | None:
    for row in rows:
        if row.cache == cache and row.variant == variant:
            return row.measure
    return None


def report(rows: list[Row]) -> list[str]:
    """The table, then each target met or missed; returns the misses."""
    header = f"{'variant':<34}{'cache':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    header += f"{'÷hand':>8}{'÷bare':>8}"
    print(header)
    print("-" * len(header))
    misses = []
    for row in rows:
        if row.measure is None:
            print(f"{row.variant:<34}{row.cache:>6}  {row.note}")
            continue
        m = row.measure
        dataset = row.variant.split(", ", 1)[-1]
        hand = _reference(rows, row.cache, f"hand-written, {dataset}")
        bare = _reference(rows, row.cache, "bare JsonResponse")
        vs_hand = m.requests_per_second / hand.requests_per_second if hand else None
        vs_bare = m.requests_per_second / bare.requests_per_second if bare else None
        line = f"{row.variant:<34}{row.cache:>6}{m.requests_per_second:>9.0f}"
        line += f"{m.p50_ms:>9.2f}{m.p99_ms:>9.2f}"
        line += f"{vs_hand:>8.2f}" if vs_hand and row.variant.startswith("API") else f"{'':>8}"
        line += f"{vs_bare:>8.2f}" if vs_bare else f"{'':>8}"
        if m.errors:
            line += f"  {m.errors} failed responses"
        if row.note:
            line += f"  ({row.note})"
        print(line)
        if not row.variant.startswith("API"):
            continue
        if row.cache == "off" and vs_hand is not None and vs_hand < UNCACHED_VS_HAND:
            misses.append(f"{row.variant} uncached: {vs_hand:.0%} of hand-written")
        if row.cache == "on" and vs_bare is not None and vs_bare < CACHED_VS_BARE:
            misses.append(f"{row.variant} cached: {vs_bare:.0%} of bare")
        if m.p99_ms >= P99_LIMIT_MS:
            misses.append(f"{row.variant} cache {row.cache}: p99 {m.p99_ms:.1f} ms")
        if m.errors:
            misses.append(f"{row.variant} cache {row.cache}: {m.errors} failed responses")
    print(
        f"Targets: uncached ≥ {UNCACHED_VS_HAND:.0%} of hand-written, cached ≥ "
        f"{CACHED_VS_BARE:.0%} of bare, p99 < {P99_LIMIT_MS:.0f} ms at {CONNECTIONS} clients."
    )
    print("All met." if not misses else "Missed: " + "; ".join(misses))
    return misses


def main() -> None:
    wrk = ensure_wrk()
    if wrk is None:
        print(
            "skipped: the API bench needs wrk, the HTTP load generator (Debian package 'wrk'): "
            "run `apt-get install wrk` as root, or `make bench`, which installs it."
        )
        return
    started = time.monotonic()
    parameters = server_parameters()
    admin_sql(parameters, f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
    admin_sql(parameters, f'CREATE DATABASE "{DATABASE_NAME}"')
    try:
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.bench_api", "prepare"],
            cwd=BASE_DIR,
            env=bench_environment(cache=False),
            capture_output=True,
            text=True,
        )
        if prepared.returncode != 0:
            raise RuntimeError(f"preparing the bench database failed:\n{prepared.stderr}")
        facts = json.loads(prepared.stdout.strip().splitlines()[-1])
        datasets = {
            f"{SYNTHETIC_AGREEMENTS:,} synthetic": f"?relationship={SYNTHETIC_RELATIONSHIP}"
        }
        if facts["demo_relationship"]:
            datasets = {"demo": f"?relationship={facts['demo_relationship']}", **datasets}
        print(
            f"gunicorn {WORKERS} sync workers, wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s; "
            f"database {DATABASE_NAME}: {facts['agreements']:,} agreements "
            f"(demo: {facts['demo_agreements']}); pages of 50. {facts['note']}".rstrip(),
            flush=True,
        )
        load_before = os.getloadavg()[0]
        rows = []
        for cache in (False, True):
            rows += measure_server(wrk, cache=cache, datasets=datasets)
        report(rows)
        print(
            f"Load average (1 min) before {load_before:.1f}, after {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores: other work on the machine skews every figure."
        )
    finally:
        if os.environ.get("BENCH_KEEP_DATABASE") != "1":  # kept only to look into a figure
            admin_sql(parameters, f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
    print(f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        print(json.dumps(prepare()))
    else:
        main()

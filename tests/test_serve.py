"""`manage.py serve` (what `make run` runs): slow clients cannot stall it, and stopping it stops
the embedded database even after a worker was killed outright. Loopback only, bounded in time."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_serve(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip


def stop_serve(server: subprocess.Popen) -> None:
    """SIGTERM, as a service manager would; the whole group is killed if it hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def get(url: str, timeout: float = 5) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status


def wait_until_serving(server: subprocess.Popen, port: int, seconds: float = 60) -> None:
    """Until the server answers anything at all (a redirect to HTTPS counts)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve exited early: {server.stderr.read().decode()[-2000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/api/openapi.json")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    pytest.fail(f"serve did not answer on port {port} within {seconds} s")


def database_url(settings_dict: dict) -> str:
    """The test database as a DATABASE_URL (a socket folder goes in ?host=)."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    query = f"?host={quote(settings_dict['HOST'] or 'localhost', safe='')}"
    if settings_dict["PORT"]:
        query += f"&port={settings_dict['PORT']}"
    return f"postgres://{credentials}/{settings_dict['NAME']}{query}"


class SlowHeaderClient(threading.Thread):
    """Sends a request's header lines one a second and never finishes them."""

    def __init__(self, port: int, number: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.number, self.stop = port, number, stop

    def run(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(b"GET /api/agreements HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            line = 0
            while not self.stop.wait(1):
                line += 1
                try:
                    connection.sendall(f"X-Slow-{self.number}-{line}: 1\r\n".encode())
                except OSError:
                    return


@pytest.mark.django_db(transaction=True)
def test_slow_header_clients_do_not_delay_a_normal_request():
    from django.db import connection

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
    env.pop("TEST_DATABASE_NAME", None)
    server = start_serve(port, env)
    stop = threading.Event()
    try:
        wait_until_serving(server, port)
        # Every worker has loaded the project and opened its database connection.
        for _ in range(8):
            assert get(base + "/api/agreements") == 200
        slow = [SlowHeaderClient(port, number, stop) for number in range(8)]
        for client in slow:
            client.start()
        time.sleep(2.5)  # the slow clients are accepted and have sent a few lines each
        for _ in range(3):
            started = time.monotonic()
            assert get(base + "/api/agreements", timeout=5) == 200
            assert time.monotonic() - started < 1.0
        assert all(client.is_alive() for client in slow), "the slow clients are still trickling"
    finally:
        stop.set()
        stop_serve(server)


def test_stopping_serve_stops_the_embedded_database_though_a_worker_was_killed(tmp_path):
    data_dir = tmp_path / "data"
    env = {**os.environ, "BILATERAL_DATA_DIR": str(data_dir)}
    for name in ("DATABASE_URL", "TEST_DATABASE_NAME", "XDG_RUNTIME_DIR"):
        env.pop(name, None)
    server = start_serve(free_port(), env)
    pids_file = data_dir / "pgdata" / ".handle_pids.json"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                gunicorn = psutil.Process(server.pid).children()
                workers = gunicorn[0].children() if gunicorn else []
            except psutil.NoSuchProcess:
                workers = []  # a child of the start-up that ended while it was looked at
            users = json.loads(pids_file.read_text()) if pids_file.exists() else []
            if len(workers) == 2 and {worker.pid for worker in workers} <= set(users):
                break
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        else:
            pytest.fail("the gunicorn workers did not open the embedded database")
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait(timeout=10)
        assert workers[0].pid in json.loads(pids_file.read_text()), "left behind, as in the finding"
    finally:
        stop_serve(server)
    assert server.returncode == 0, server.stderr.read().decode()[-2000:]
    assert not (data_dir / "pgdata" / "postmaster.pid").exists(), "PostgreSQL outlived serve"

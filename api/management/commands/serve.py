"""Serve the project under gunicorn, keeping the embedded database up for as long as it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the dashboard, the API and the admin under gunicorn and say where to look."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--threads",
            type=int,
            default=16,
            help="threads per worker: a slow client holds one thread, not a whole worker",
        )

    def handle(self, *args, bind: str, workers: int, threads: int, **options):
        host, _, port = bind.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--bind must be host:port, got {bind!r}")
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        base = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS("Bilateral is running.")
            + f"\n  Dashboard   {base}/"
            + f"\n  Search      {base}/search/?q=Rahmon"
            + f"\n  Admin       {base}/admin/  (the account printed above, or your own)"
            + f"\n  API docs    {base}/api/docs"
            + f"\n  Database    {self._database_description()}"
            + "\nPress Ctrl+C to stop.\n"
        )
        # This process already holds a handle on the embedded server (settings opened it), so
        # the server outlives gunicorn's worker restarts and stops when we exit.
        # Threaded workers: a sync worker reads a request's headers for as long as the client
        # takes, so two clients trickling a header line every few seconds held both workers
        # and stalled everyone for 30 s. A gthread worker parks idle and keep-alive
        # connections in its poller and gives a slow one a single thread; more slow clients
        # than that need the buffering proxy of docker-compose.yml in front.
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--bind", bind, "--workers", str(workers),
            "--worker-class", "gthread", "--threads", str(threads),
            # A worker silent for 30 s is replaced; keep-alive connections wait 5 s at most.
            "--timeout", "30", "--graceful-timeout", "10", "--keep-alive", "5",
            "--access-logfile", "-", "--log-level", "warning",
        ]  # fmt: skip
        child = subprocess.Popen(command, env=os.environ.copy())
        # Stop gunicorn, then return, so that our exit handler stops the embedded database
        # (a closed terminal sends SIGHUP, which would otherwise end us without it).
        for signal_number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signal_number, lambda *_: child.terminate())
        try:
            child.wait()
        except KeyboardInterrupt:
            child.terminate()
            child.wait()
        if child.returncode not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"gunicorn exited with status {child.returncode}")

    def _database_description(self) -> str:
        database = settings.DATABASES["default"]
        if os.environ.get("DATABASE_URL"):
            return f"{database['NAME']} on {database['HOST'] or 'localhost'} (DATABASE_URL)"
        return f"embedded PostgreSQL under {settings.DATA_DIR}"

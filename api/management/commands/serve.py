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

    def handle(self, *args, bind: str, workers: int, **options):
        host, _, port = bind.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--bind must be host:port, got {bind!r}")
        if workers < 1:
            raise CommandError("--workers must be at least 1")
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
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--bind", bind, "--workers", str(workers),
            "--access-logfile", "-", "--log-level", "warning",
        ]  # fmt: skip
        child = subprocess.Popen(command, env=os.environ.copy())
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
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

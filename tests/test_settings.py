"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url, envbool

BASE_DIR = Path(__file__).resolve().parent.parent


def _settings_in_a_fresh_process(expression: str, **env: str) -> subprocess.CompletedProcess:
    """Import config.settings afresh under `env` and print `expression` (pytest-django aside)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    # A DATABASE_URL keeps the embedded server from starting; nothing connects to it.
    environment.update({"DATABASE_URL": "postgres://nobody@127.0.0.1:1/unused", **env})
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_database_url_is_parsed_into_django_settings():
    settings = database_from_url("postgres://user:p%40ss@db.example:6543/bilateral?sslmode=require")
    assert {
        key: settings[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")
    } == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bilateral",
        "USER": "user",
        "PASSWORD": "p@ss",
        "HOST": "db.example",
        "PORT": "6543",
    }
    assert settings["OPTIONS"] == {"sslmode": "require"}


def test_database_url_may_name_a_unix_socket():
    settings = database_from_url("postgresql://postgres@/bilateral?host=/run/postgresql")
    assert settings["HOST"] == "/run/postgresql"
    assert "OPTIONS" not in settings


@pytest.mark.parametrize(
    "url", ["sqlite:///db.sqlite3", "mysql://root@localhost/x", "postgres://localhost/"]
)
def test_database_url_other_than_postgresql_with_a_name_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def test_settings_read_the_database_from_database_url():
    shown = _settings_in_a_fresh_process(
        "s.DATABASES['default']['NAME'], s.DATABASES['default']['HOST']",
        DATABASE_URL="postgres://someone@db.example:5432/elsewhere",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["elsewhere", "db.example"]


def test_envbool_refuses_anything_but_true_or_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        envbool("SOME_FLAG")
    monkeypatch.setenv("SOME_FLAG", "True")
    assert envbool("SOME_FLAG") is True


def test_debug_is_off_unless_asked_for():
    assert _settings_in_a_fresh_process("s.DEBUG").stdout.strip() == "False"
    assert _settings_in_a_fresh_process("s.DEBUG", DEBUG="True").stdout.strip() == "True"
    refused = _settings_in_a_fresh_process("s.DEBUG", DEBUG="yes")
    assert refused.returncode != 0
    assert "DEBUG must be True or False" in refused.stderr


def test_queries_have_a_statement_timeout_from_the_environment():
    default = _settings_in_a_fresh_process("s.DATABASES['default']['OPTIONS']['options']")
    changed = _settings_in_a_fresh_process(
        "s.DATABASES['default']['OPTIONS']['options']", DATABASE_STATEMENT_TIMEOUT="5"
    )
    refused = _settings_in_a_fresh_process("1", DATABASE_STATEMENT_TIMEOUT="-1")

    assert default.stdout.strip() == "-c statement_timeout=30000 -c jit=off"
    assert changed.stdout.strip() == "-c statement_timeout=5000 -c jit=off"
    assert "DATABASE_STATEMENT_TIMEOUT" in refused.stderr


@pytest.mark.django_db
def test_the_database_connection_applies_the_statement_timeout():
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


@pytest.mark.django_db
def test_the_database_connection_compiles_no_query_just_in_time():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

"""Settings come from the environment and fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.database_url import parse_database_url
from config.settings import envbool


def test_database_url_is_parsed_into_django_settings():
    settings = parse_database_url(
        "postgres://user:p%40ss@db.example:6543/bilateral?sslmode=require"
    )
    assert settings == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bilateral",
        "USER": "user",
        "PASSWORD": "p@ss",
        "HOST": "db.example",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
    }


def test_database_url_may_name_a_unix_socket():
    settings = parse_database_url("postgresql://postgres@/bilateral?host=/run/postgresql")
    assert settings["HOST"] == "/run/postgresql"
    assert "OPTIONS" not in settings


@pytest.mark.parametrize(
    "url", ["sqlite:///db.sqlite3", "mysql://root@localhost/x", "postgres://localhost/"]
)
def test_database_url_other_than_postgresql_with_a_name_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_envbool_refuses_anything_but_true_or_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        envbool("SOME_FLAG")
    monkeypatch.setenv("SOME_FLAG", "True")
    assert envbool("SOME_FLAG") is True


def test_debug_is_off_unless_asked_for(settings):
    from django.conf import settings as live

    assert live.DEBUG is False

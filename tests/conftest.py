"""Shared fixtures. Tests run on real PostgreSQL: the embedded server, or DATABASE_URL."""

from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture(autouse=True, scope="session")
def plain_static_storage():
    """Plain static storage in tests: the manifest needs collectstatic, and without it every
    page that names a static file fails and the hashed plotly.min.js 404s."""
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed articles' full texts; absent in a user's clone, so tests skip."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed article texts are not here ({SEEDS_DIR} is absent)")
    return SEEDS_DIR


@pytest.fixture
def demo_record(db):
    """The curated demo record, loaded as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Pages are cached by the record's version, and a rolled-back test leaves the version
    where it found it: the next test must not be served the last one's pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def restore_seeded_rows(django_db_setup, django_db_blocker):
    """For modules of committing tests (transaction=True, serialized_rollback=True): their last
    flush empties the tables a migration seeded (the category table), so put them back after."""
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                connections[alias].creation.deserialize_db_from_string(contents)

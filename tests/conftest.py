"""Shared fixtures. Tests run on real PostgreSQL: the embedded server, or DATABASE_URL."""

import os
from pathlib import Path

import pytest

# Plain static storage in tests: the manifest would need collectstatic, and without it the
# hashed plotly.min.js 404s and no chart draws.
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture
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

"""Fixtures for ingestion's tests: jobs run by a real procrastinate worker on the test database.

The worker has connections of its own, so these tests commit (transaction=True, with
serialized_rollback to get the seeded category table back). Django's flush leaves
procrastinate's tables alone (its models are unmanaged): the queue is emptied here.
"""

import pytest
from django.db import connection

NEWS = """Russia and Tajikistan agree on base

DUSHANBE, 12 March 2009 (Bench News) -- Russian President Dmitry Medvedev met Tajik President \
Emomali Rahmon in Dushanbe on Tuesday to discuss the Russian military base.

Tajikistan owes Russia about $300 million, officials said. Russia pledged 200 million US \
dollars in aid to Tajikistan.
"""


COMMITTING = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _empty_queue() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_events; DELETE FROM procrastinate_jobs")


@pytest.fixture
def queue(restore_seeded_rows, settings):
    """An empty queue; a failed attempt is retried at once, three tries in all. (The tests
    using it are marked `COMMITTING`.)"""
    settings.INGEST_RETRY_WAIT = 0
    settings.INGEST_MAX_ATTEMPTS = 3
    _empty_queue()
    yield
    _empty_queue()


@pytest.fixture
def record(queue):
    """A small record: Russia–Tajikistan, its presidents, a metric (the categories are seeded
    by a migration)."""
    from tests import factories

    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    factories.RelationshipFactory(slug="russia-tajikistan", country_a=russia, country_b=tajikistan)
    factories.ActorFactory(name="Dmitry Medvedev", country=russia, aliases=["Medvedev"])
    factories.ActorFactory(
        name="Emomali Rahmon", country=tajikistan, aliases=["Rahmon", "Rahmonov", "Rakhmonov"]
    )
    factories.ActorFactory(name="Vladimir Putin", country=russia, aliases=["Putin"])
    factories.MetricFactory(slug="debt", name="Debt owed to Russia", unit="USD")

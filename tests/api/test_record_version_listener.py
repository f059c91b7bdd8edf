"""The record version followed through LISTEN/NOTIFY (api/record_version.py).

These tests commit (transactional_db): a NOTIFY is only delivered when its transaction does.
"""

import time

import pytest
from django.db import connection, connections, transaction

from api import record_version as versions
from api.record_version import (
    RecordVersionWatcher,
    listen,
    query_record_version,
    record_version,
    stop_listening,
)
from relations.models import Country

# Serialized rollback: the flush after each test leaves the migrated rows (content types, the
# seeded categories) to be reloaded rather than recreated under new ids, which would clash
# with the next module that reloads them (the browser tests).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _migrated_rows_back_afterwards(django_db_setup, django_db_blocker):
    """The last test's flush emptied every table: put the migrated rows back for what follows."""
    yield
    with django_db_blocker.unblock():
        for database in connections.all():
            contents = getattr(database, "_test_serialized_contents", None)
            if contents:
                database.creation.deserialize_db_from_string(contents)


def _eventually(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def watcher():
    watcher = RecordVersionWatcher(versions._connect_for_listening, retry_seconds=0.05).start()
    assert watcher.wait_until_listening(10), "the listener never connected"
    yield watcher
    watcher.stop(timeout=10)


def test_the_listener_starts_from_the_stored_version(watcher):
    assert watcher.version == query_record_version()


def test_a_committed_write_reaches_the_listener(watcher):
    before = watcher.version

    Country.objects.create(code="XA", name="Xa")

    assert _eventually(lambda: watcher.version == query_record_version())
    assert watcher.version > before


def test_a_rolled_back_write_announces_nothing(watcher):
    before = watcher.version
    with pytest.raises(RuntimeError), transaction.atomic():
        Country.objects.create(code="XB", name="Xb")
        raise RuntimeError("roll back")

    time.sleep(0.2)
    assert watcher.version == before == query_record_version()


def test_a_lost_connection_forgets_the_version_then_reconnects(watcher):
    before = watcher.version
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [watcher.backend_pid])
        assert cursor.fetchone() == (True,)
    Country.objects.create(code="XC", name="Xc")

    assert _eventually(lambda: watcher.version is None or watcher.version > before)
    # Back within the retry delay, and caught up with the write made while it was away.
    assert _eventually(lambda: watcher.version == query_record_version())


def test_a_listening_process_reads_the_version_without_a_query(django_assert_num_queries):
    listen()
    try:
        assert versions._process_watcher().wait_until_listening(10)
        with django_assert_num_queries(0):
            known = record_version()
        assert known == query_record_version()

        Country.objects.create(code="XD", name="Xd")
        assert _eventually(lambda: record_version() > known)
    finally:
        stop_listening()

    with django_assert_num_queries(1):
        record_version()


def test_after_its_own_write_a_process_reads_it_at_once(monkeypatch, django_assert_num_queries):
    # A listener that has not heard of the write yet (never started: it hears nothing).
    deaf = RecordVersionWatcher(versions._connect_for_listening)
    deaf._version = query_record_version()
    monkeypatch.setattr(versions, "_listening", True)
    monkeypatch.setattr(versions, "_watcher", deaf)

    Country.objects.create(code="XE", name="Xe")
    assert record_version() < query_record_version()  # stale, as a notify is on its way

    fresh = versions.refresh_record_version()

    with django_assert_num_queries(0):
        known = record_version()
    assert known == fresh == query_record_version()

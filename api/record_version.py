"""The record's version: a counter PostgreSQL bumps on every write to the record's tables.

Migration 0004 keeps it in the one-row table `bilateral_record_version`, bumped by a
statement-level trigger in the writing transaction, so readers see a new version only once
the change it counts is committed. Read it before the data it validates (ETags, caches).

Migration 0006 also announces each new version with NOTIFY. A serving process (config/wsgi.py
calls `listen()` unless `settings.RECORD_VERSION_LISTEN` is off) keeps a thread LISTENing on a
connection of its own, and `record_version()` answers from memory, without a query: a write
made anywhere reaches every process within milliseconds of its commit. Until the listener is
connected, after it lost its connection, and wherever nothing called `listen()` (tests, the
management commands), every call asks the database.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections

logger = logging.getLogger(__name__)

CHANNEL = "bilateral_record_version"
VERSION_SQL = "SELECT version FROM bilateral_record_version"


def record_version() -> int:
    """The current version of the record: from the listener where it runs, else one query."""
    watcher = _process_watcher()
    if watcher is not None:
        version = watcher.version
        if version is not None:
            return version
    return query_record_version()


def query_record_version() -> int:
    """The version as the database holds it, in one query on Django's connection."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        return cursor.fetchone()[0]


def refresh_record_version() -> int:
    """Ask the database now, and tell the listener: after this process's own writes."""
    version = query_record_version()
    watcher = _process_watcher()
    if watcher is not None:
        watcher.observe(version)
    return version


class RecordVersionWatcher:
    """A daemon thread that follows the version through LISTEN/NOTIFY on its own connection.

    `version` is None until the thread is listening and has read the version, and again
    whenever its connection fails; it reconnects after `retry_seconds`.
    """

    def __init__(
        self,
        connect: Callable[[], Any],
        *,
        retry_seconds: float = 1.0,
        poll_seconds: float = 5.0,
    ) -> None:
        self._connect = connect
        self.retry_seconds = retry_seconds
        self.poll_seconds = poll_seconds
        self._version: int | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.pid = os.getpid()
        self.backend_pid: int | None = None  # the listening connection's server process

    @property
    def version(self) -> int | None:
        return self._version

    def observe(self, version: int) -> None:
        """Take a version read elsewhere, unless a newer one is already known."""
        with self._lock:
            if self._version is not None and version > self._version:
                self._version = version

    def start(self) -> RecordVersionWatcher:
        self._thread = threading.Thread(
            target=self._run, name="record-version-listener", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wait_until_listening(self, timeout: float) -> bool:
        """True once a version is known (tests and the bench wait on this)."""
        deadline = time.monotonic() + timeout
        while self._version is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return self._version is not None

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except Exception as exc:  # a lost server, a failed connect: try again shortly
                logger.warning("Record version listener lost its connection: %s", exc)
            with self._lock:
                self._version = None
            self._stopping.wait(self.retry_seconds)

    def _listen(self) -> None:
        with self._connect() as listening:
            self.backend_pid = listening.info.backend_pid
            listening.execute(f"LISTEN {CHANNEL}")
            # Read after LISTEN: a commit in between is both counted here and announced.
            latest = listening.execute(VERSION_SQL).fetchone()[0]
            with self._lock:
                self._version = latest
            while not self._stopping.is_set():
                for notify in listening.notifies(timeout=self.poll_seconds):
                    announced = int(notify.payload)
                    with self._lock:
                        # Versions are announced in commit order; a smaller one means the
                        # counter was reset (a restored database), and it is the truth now.
                        self._version = announced
                # A quiet spell: make sure the connection is still alive.
                listening.execute("SELECT 1")


_listening = False
_watcher: RecordVersionWatcher | None = None
_watcher_lock = threading.Lock()


def listen() -> None:
    """Follow the version through LISTEN/NOTIFY in this process (and in its forks)."""
    global _listening
    _listening = True


def _connect_for_listening():
    import psycopg

    parameters = connections["default"].get_connection_params()
    return psycopg.connect(**parameters, autocommit=True)


def _process_watcher() -> RecordVersionWatcher | None:
    """This process's listener, started on first use (after a fork, a new one)."""
    global _watcher
    if not _listening:
        return None
    watcher = _watcher
    if watcher is not None and watcher.pid == os.getpid():
        return watcher
    with _watcher_lock:
        if _watcher is None or _watcher.pid != os.getpid():
            _watcher = RecordVersionWatcher(_connect_for_listening).start()
        return _watcher


def stop_listening() -> None:
    """Stop this process's listener and ask the database again on every call (tests)."""
    global _listening, _watcher
    _listening = False
    with _watcher_lock:
        if _watcher is not None:
            _watcher.stop(timeout=10)
            _watcher = None

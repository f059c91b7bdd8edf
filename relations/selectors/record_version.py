"""The record's version: a counter PostgreSQL bumps on every write to the record's tables.

Migration 0004 keeps it in the one-row table `bilateral_record_version`, bumped by a
statement-level trigger in the writing transaction, so readers see a new version only once
the change it counts is committed. Read it before the data it validates (ETags, caches).
"""

from __future__ import annotations

from django.db import connection


def record_version() -> int:
    """The current version of the record, in one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM bilateral_record_version")
        return cursor.fetchone()[0]

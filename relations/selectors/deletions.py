"""Tombstones: what curators removed, for API clients that keep a copy of the record."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from relations.models import Deletion


def deletion_list(*, since: datetime.datetime | None = None) -> QuerySet[Deletion]:
    """Deletions at or after `since` (all without it), oldest first.

    Inclusive, so a client that passes the last `deleted_at` it saw misses nothing written
    in the same instant; applying a deletion twice is harmless.
    """
    deletions = Deletion.objects.all()
    if since is not None:
        deletions = deletions.filter(deleted_at__gte=since)
    return deletions.order_by("deleted_at", "id")

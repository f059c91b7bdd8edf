"""Sync: the tombstones of deleted rows, for clients that keep a copy of the record.

Each list accepts `updated_since`; `GET /api/deletions?since=` then says what went away.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router

from api.auth import read_auth
from api.csv import CsvColumn
from api.lists import list_response
from api.models import Deletion
from api.params import PageParams, SyncTime, aware
from api.schemas import OutSchema, Page


def deletions_since(*, since: datetime.datetime | None = None) -> QuerySet[Deletion]:
    """Deletions at or after `since` (all without it), oldest first.

    Inclusive, so a client that passes the last `deleted_at` it saw misses nothing written
    in the same instant; applying a deletion twice is harmless.
    """
    deletions = Deletion.objects.all()
    if since is not None:
        deletions = deletions.filter(deleted_at__gte=since)
    return deletions.order_by("deleted_at", "id")


class DeletionFilters(PageParams):
    since: SyncTime | None = Field(
        None,
        description="Deletions at or after this ISO 8601 time (UTC when no zone is given).",
        examples=["2024-01-01T00:00:00Z"],
    )


class DeletionOut(OutSchema):
    id: int = Field(description="The tombstone's id.")
    kind: str = Field(description="What was deleted.", examples=["agreement"])
    object_id: int = Field(description="The deleted row's id.")
    deleted_at: datetime.datetime = Field(description="When (UTC).")


class DeletionPage(Page):
    items: list[DeletionOut] = Field(description="The rows of this page, in order.")


router = Router(tags=["sync"], auth=read_auth)

DELETION_COLUMNS = [
    CsvColumn("id", lambda d: d.pk),
    CsvColumn("kind", lambda d: d.kind),
    CsvColumn("object_id", lambda d: d.object_id),
    CsvColumn("deleted_at", lambda d: d.deleted_at),
]


@router.get("", response=DeletionPage, summary="List deletions")
def deletion_list(request: HttpRequest, filters: Query[DeletionFilters]):
    """Deletions at or after `since`, oldest first: apply them after the `updated_since` lists.

    Inclusive of `since`, so passing the last `deleted_at` seen misses nothing.
    """
    deletions = deletions_since(since=aware(filters.since))
    return list_response(
        request, deletions, filters, csv_columns=DELETION_COLUMNS, name="deletions"
    )

"""Tombstones of rows curators deleted, for clients that keep a copy of the record."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from config.api_auth import read_auth
from config.api_http import CsvColumn, list_response
from config.api_params import aware
from relations.schemas.deletions import DeletionFilters, DeletionPage
from relations.selectors import deletions as deletion_selectors

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
    deletions = deletion_selectors.deletion_list(since=aware(filters.since))
    return list_response(
        request, deletions, filters, csv_columns=DELETION_COLUMNS, name="deletions"
    )

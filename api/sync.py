"""Sync: the tombstones of deleted rows, for clients that keep a copy of the record.

Each list accepts `updated_since`; `GET /api/deletions?since=` then says what went away.
"""

import datetime

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router

from api.auth import read_auth
from api.csv import attribute_columns
from api.lists import paged
from api.models import Deletion
from api.params import SyncTime, aware
from api.schemas import DELETION_KIND, OutSchema, component_reference, extend_enum, page_of


def register_deletion_kinds(*models: type[Model]) -> None:
    """Name the tombstones of `models`' rows in the documented `DeletionKind` enumeration.

    A tombstone's kind is its model's lower-case name (the domain apps' triggers write it).
    """
    extend_enum(
        DELETION_KIND,
        (model._meta.model_name for model in models),
        "What a tombstone says was deleted: the deleted row's kind of record.",
    )


class DeletionFilters(FilterSchema):
    since: SyncTime | None = Field(
        None,
        description="Deletions at or after this ISO 8601 time (UTC when no zone is given).",
        examples=["2024-01-01T00:00:00Z"],
    )

    def filter_since(self, value: datetime.datetime | None) -> Q:
        return Q() if value is None else Q(deleted_at__gte=aware(value))


def deletions_since(*, since: datetime.datetime | None = None) -> QuerySet[Deletion]:
    """Deletions at or after `since` (all without it), oldest first.

    Inclusive, so a client that passes the last `deleted_at` it saw misses nothing written
    in the same instant; applying a deletion twice is harmless.
    """
    return DeletionFilters(since=since).filter(Deletion.objects.order_by("deleted_at", "id"))


class DeletionOut(OutSchema):
    id: int = Field(description="The tombstone's id.")
    kind: str = Field(
        description="What was deleted.",
        examples=["agreement"],
        json_schema_extra=component_reference(DELETION_KIND),
    )
    object_id: int = Field(description="The deleted row's id.")
    deleted_at: datetime.datetime = Field(description="When (UTC).")


DeletionPage = page_of(DeletionOut, "DeletionPage")


router = Router(tags=["sync"], auth=read_auth)

DELETION_COLUMNS = attribute_columns("id", "kind", "object_id", "deleted_at")


@router.get("", response=DeletionPage, summary="List deletions")
@paged(DELETION_COLUMNS, "deletions")
def deletion_list(request: HttpRequest, filters: Query[DeletionFilters]):
    """Deletions at or after `since`, oldest first: apply them after the `updated_since` lists.

    Inclusive of `since`, so passing the last `deleted_at` seen misses nothing.
    """
    return deletions_since(since=filters.since)

"""Deletions: the tombstones clients sync from."""

import datetime

from ninja import Field

from config.api_out import OutSchema
from config.api_params import PageParams
from relations.schemas.common import Page


class DeletionFilters(PageParams):
    since: datetime.datetime | None = Field(
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

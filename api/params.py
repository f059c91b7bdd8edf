"""Query types every API list shares: paging, sync, output format, safe text, ids and slugs."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Path, Schema
from pydantic import AfterValidator, StringConstraints

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# PostgreSQL's OFFSET is a bigint, but no list comes near this; a bound keeps bad input a 422.
MAX_OFFSET = 1_000_000_000
# Primary keys are bigints: a larger id would make PostgreSQL fail rather than find nothing.
MAX_ID = 2**63 - 1


def no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL: refuse it here as bad input rather than fail in the query.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


SearchText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(no_nul),
]
SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,200}$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


def id_path(noun: str) -> Any:
    """A record id in the path: bounded, so a huge number is a 422, not a database error."""
    return Path(..., ge=1, le=MAX_ID, description=f"The {noun}'s id.", examples=[1])


def slug_path(noun: str) -> Any:
    return Path(..., pattern=SLUG_PATTERN, description=f"The {noun}'s slug.", examples=["ru-tj"])


# PostgreSQL refuses a time zone displacement beyond 15:59; a larger one is bad input, not a 500.
MAX_UTC_OFFSET = datetime.timedelta(hours=15, minutes=59)


def postgres_offset(value: datetime.datetime) -> datetime.datetime:
    """Refuse a UTC offset PostgreSQL cannot hold."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise ValueError("the UTC offset must be between -15:59 and +15:59")
    return value


# A point in time a list is filtered by: an ISO 8601 time whose offset PostgreSQL accepts.
SyncTime = Annotated[datetime.datetime, AfterValidator(postgres_offset)]


def aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A timestamp without a zone is read as UTC, the zone every stored time is kept in."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


class PageParams(Schema):
    """Paging and output format: accepted by every list."""

    limit: int | None = Field(
        None,
        ge=1,
        le=MAX_LIMIT,
        description=(
            f"Rows per page, 1 to {MAX_LIMIT}; {DEFAULT_LIMIT} when omitted. A CSV export "
            "without `limit` holds every matching row."
        ),
        examples=[50],
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Rows to skip before the page starts; past the end gives an empty page.",
        examples=[0],
    )
    format: Literal["json", "csv"] | None = Field(
        None,
        description=(
            "`csv` streams the same rows as CSV (as does `Accept: text/csv`): a header row, "
            "ISO dates, lists joined with '; '."
        ),
        examples=["csv"],
    )


class ListParams(PageParams):
    """Paging, output format and sync: accepted by every list of the record."""

    updated_since: SyncTime | None = Field(
        None,
        description=(
            "Only rows created or changed at or after this ISO 8601 time (UTC when no zone "
            "is given; write a '+' offset as %2B): with `GET /api/deletions?since=` this keeps "
            "a copy of the record in sync."
        ),
        examples=["2024-01-01T00:00:00Z"],
    )

    def since(self) -> datetime.datetime | None:
        return aware(self.updated_since)

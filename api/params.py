"""Query types every API list shares: paging, output format, filters and sync, safe text,
ids and slugs."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar

from django.db.models import Q
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Path, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import ValidationError as RequestValidationError
from pydantic import AfterValidator, BeforeValidator, StringConstraints

from api.errors import error_item
from api.schemas import OutputFormat

DEFAULT_LIMIT = ninja_settings.PAGINATION_PER_PAGE
MAX_LIMIT = ninja_settings.PAGINATION_MAX_LIMIT
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


def iso_text(value: Any) -> Any:
    """Refuse a number where an ISO 8601 date or time is expected (pydantic would read
    `0.0` as the Unix epoch): a query's dates are written out, never counted in seconds."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and not ISO_DATE_START.match(value)
    ):
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD) or time")
    return value


ISO_DATE_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A day a list is filtered by, written as YYYY-MM-DD.
Day = Annotated[datetime.date, BeforeValidator(iso_text)]
# A point in time a list is filtered by: an ISO 8601 time whose offset PostgreSQL accepts.
SyncTime = Annotated[datetime.datetime, BeforeValidator(iso_text), AfterValidator(postgres_offset)]


def aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A timestamp without a zone is read as UTC, the zone every stored time is kept in."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


class PageParams(Schema):
    """Paging and output format: accepted by every list (read by api.lists.ListPagination)."""

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
    format: OutputFormat | None = Field(
        None,
        description=(
            "`csv` streams the same rows as CSV (as does `Accept: text/csv`): a header row, "
            "ISO dates, lists joined with '; '."
        ),
        examples=["csv"],
    )


def filter_field(annotation: Any, lookup: str, description: str, example: Any) -> Any:
    """An optional filter that keeps rows whose `lookup` matches the value given."""
    return Annotated[
        annotation | None,
        FilterLookup(lookup),
        Field(description=description, examples=[example]),
    ]


def day_from(field: str, what: str, example: str) -> Any:
    """A filter keeping rows whose date `field` is on or after the day given."""
    return filter_field(Day, f"{field}__gte", f"{what} on or after this day.", example)


def day_to(field: str, what: str, example: str) -> Any:
    """A filter keeping rows whose date `field` is on or before the day given."""
    return filter_field(Day, f"{field}__lte", f"{what} on or before this day.", example)


def _only_when_given(method: Any) -> Any:
    @functools.wraps(method)
    def condition(self: FilterSchema, value: Any) -> Q:
        return Q() if value is None else method(self, value)

    return condition


class ListFilters(FilterSchema):
    """Sync, accepted by every list of the record; a filter not given adds no condition.

    `naming_filters` maps the filters that name something (a relationship, an actor, a
    metric) to a check that the value names anything at all: a value naming nothing is a 422
    naming the filter, not an empty page that reads like an answer ("no agreements").
    """

    naming_filters: ClassVar[dict[str, Callable[[Any], bool]]] = {}

    updated_since: SyncTime | None = Field(
        None,
        description=(
            "Only rows created or changed at or after this ISO 8601 time (UTC when no zone "
            "is given; write a '+' offset as %2B): with `GET /api/deletions?since=` this keeps "
            "a copy of the record in sync."
        ),
        examples=["2024-01-01T00:00:00Z"],
    )

    @_only_when_given
    def filter_updated_since(self, value: datetime.datetime) -> Q:
        return Q(updated__gte=aware(value))

    def get_filter_expression(self) -> Q:
        unmatched = [
            error_item(["query", name], f"{value!r} names nothing in the record.", "no_match")
            for name, names_something in self.naming_filters.items()
            if (value := getattr(self, name, None)) is not None and not names_something(value)
        ]
        if unmatched:
            raise RequestValidationError(unmatched)
        return super().get_filter_expression()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # ninja calls every `filter_<name>` method, given or not; ours build their condition
        # from the value (an actor's spelling, a day), so one not given must add none.
        super().__init_subclass__(**kwargs)
        for name, method in list(vars(cls).items()):
            if name.startswith("filter_") and callable(method):
                setattr(cls, name, _only_when_given(method))

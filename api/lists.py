"""The API's lists: ninja's `@paginate` with a paginator of our own, which also serves CSV.

ninja's LimitOffsetPagination counts every page; a page shorter than its limit that starts
inside the list ends it, so its count is known without the COUNT query. And ninja's paginate
wrapper indexes `result["items"]` only when the paginator declares an `Output` schema: ours
declares none (each list documents its own page schema), so `paginate_queryset` is the one
place where CSV is dispatched, before any paging, as a streamed response of every matching
row (or of `offset` and `limit`, when given).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja.pagination import PaginationBase, paginate

from api.csv import CsvColumn, csv_response, wants_csv
from api.params import DEFAULT_LIMIT, PageParams


class ListPagination(PaginationBase):
    """`{"count", "items"}` for JSON; the same rows streamed as CSV (all of them without limit)."""

    Input = PageParams
    Output = None  # type: ignore[assignment]

    def __init__(
        self,
        *,
        csv_columns: Sequence[CsvColumn],
        csv_name: str,
        prepare: Callable[[list], list] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.csv_columns = csv_columns
        self.csv_name = csv_name
        # Turns each page (or CSV chunk) of rows into the items served, so work done in bulk
        # (a lookup per page, not per row) is shared by both formats.
        self.prepare = prepare

    def paginate_queryset(
        self, queryset: QuerySet, pagination: PageParams, request: HttpRequest, **params: Any
    ) -> dict[str, Any] | StreamingHttpResponse:
        offset, limit = pagination.offset, pagination.limit
        if wants_csv(request):
            rows = queryset[offset : None if limit is None else offset + limit]
            return csv_response(
                _chunked(rows, self.prepare), self.csv_columns, self.csv_name.format(**params)
            )
        limit = limit or DEFAULT_LIMIT
        items = list(queryset[offset : offset + limit])
        # A short page that starts inside the list ends it: no COUNT query needed.
        is_last_page = len(items) < limit and (offset == 0 or items)
        count = offset + len(items) if is_last_page else queryset.count()
        return {"count": count, "items": self.prepare(items) if self.prepare else items}


def paged(
    csv_columns: Sequence[CsvColumn],
    csv_name: str,
    prepare: Callable[[list], list] | None = None,
) -> Callable:
    """`@paginate` with ListPagination: `csv_name` may name the handler's path parameters."""
    return paginate(ListPagination, csv_columns=csv_columns, csv_name=csv_name, prepare=prepare)


CHUNK_SIZE = 1000


def _chunked(rows: QuerySet, prepare: Callable[[list], list] | None = None) -> Iterator[Any]:
    """Rows in chunks, their prefetches fetched per chunk: a large export stays in bounded memory."""
    if prepare is None:
        yield from rows.iterator(chunk_size=CHUNK_SIZE)
        return
    iterator = rows.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        yield from prepare(chunk)

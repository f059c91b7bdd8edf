"""The API's lists: one page of JSON, or every matching row as CSV."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse

from api.csv import CsvColumn, csv_response, wants_csv
from api.params import DEFAULT_LIMIT, PageParams


def list_response(
    request: HttpRequest,
    queryset: QuerySet,
    params: PageParams,
    *,
    csv_columns: Sequence[CsvColumn],
    name: str,
    prepare: Callable[[list], list] | None = None,
) -> dict[str, Any] | StreamingHttpResponse:
    """`{"count", "items"}` for JSON; the same rows streamed as CSV (all of them without limit).

    `prepare`, when given, turns each page (or CSV chunk) of rows into the items served, so
    the work it does in bulk (a lookup per page, not per row) is shared by both formats.
    """
    offset = params.offset
    if wants_csv(request):
        if params.limit is not None:
            rows = queryset[offset : offset + params.limit]
        elif offset:
            rows = queryset[offset:]
        else:
            rows = queryset
        return csv_response(_chunked(rows, prepare), csv_columns, name)
    limit = params.limit or DEFAULT_LIMIT
    items = list(queryset[offset : offset + limit])
    # A short page that starts inside the list ends it: no COUNT query needed.
    is_last_page = len(items) < limit and (offset == 0 or items)
    count = offset + len(items) if is_last_page else queryset.count()
    return {"count": count, "items": prepare(items) if prepare else items}


CHUNK_SIZE = 1000


def _chunked(rows: QuerySet, prepare: Callable[[list], list] | None = None) -> Iterator[Any]:
    """Rows in chunks, their prefetches fetched per chunk: a large export stays in bounded memory."""
    if prepare is None:
        yield from rows.iterator(chunk_size=CHUNK_SIZE)
        return
    iterator = rows.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        yield from prepare(chunk)

"""CSV: the one writer for the API's lists and the pages' chart tables.

A header row, then one row per item; ISO dates and times, plain decimals, lists joined with
'; ', empty for nothing. Streamed, so a large export stays in bounded memory. Text that a
spreadsheet would run as a formula is prefixed with a quote (OWASP's CSV injection advice).
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"


@dataclass(frozen=True)
class CsvColumn:
    header: str
    value: Callable[[Any], Any]


def attribute_columns(*names: str) -> list[CsvColumn]:
    """Columns that each show the row's attribute of the same name."""
    return [CsvColumn(name, attrgetter(name)) for name in names]


def dated_columns(field: str) -> list[CsvColumn]:
    """A date column and its precision column, empty where the date is not known."""
    precision = f"{field}_precision"
    return [
        *attribute_columns(field),
        CsvColumn(
            precision,
            lambda row: None if getattr(row, field) is None else getattr(row, precision),
        ),
    ]


def wants_csv(request: HttpRequest) -> bool:
    """`?format=csv`, or an Accept header preferring text/csv to JSON."""
    requested = request.GET.get("format")
    if requested is not None:
        return requested == "csv"
    accept = request.headers.get("Accept", "")
    if CSV_MEDIA_TYPE not in accept:
        return False
    return request.get_preferred_type([JSON_MEDIA_TYPE, CSV_MEDIA_TYPE]) == CSV_MEDIA_TYPE


# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A signed number, such as a chart table's score "-5", is a number to a spreadsheet: harmless.
SIGNED_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula trigger gets a quote before it."""
    if text.startswith(FORMULA_TRIGGERS) and not SIGNED_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def csv_cell(value: Any) -> str:
    """ISO dates and times, plain decimals, lists joined with '; ', empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # 300000000.0000 -> 300000000, 1.2500 -> 1.25
    if isinstance(value, list | tuple):
        # Empty items (an article without a URL) are left out: no dangling "; ".
        return "; ".join(cell for item in value if (cell := csv_cell(item)))
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Any], columns: Sequence[CsvColumn]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow([column.header for column in columns])
    for row in rows:
        yield writer.writerow([csv_cell(column.value(row)) for column in columns])


def csv_response(
    rows: Iterable[Any], columns: Sequence[CsvColumn], filename: str
) -> StreamingHttpResponse:
    """`rows` streamed as the attachment `<filename>.csv`."""
    response = StreamingHttpResponse(
        (line.encode() for line in csv_rows(rows, columns)),
        content_type=f"{CSV_MEDIA_TYPE}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response

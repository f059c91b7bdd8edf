"""Dates as sources report them: a day, a month or only a year. Pure, no ORM."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

# How much of a date is known; articles.models.DatePrecision offers these as model choices.
DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISION_VALUES = [DAY, MONTH, YEAR]
# An article whose text establishes no year is kept with its date unknown (never guessed as
# 1 January) and flagged for review; only articles' publication dates may be unknown.
UNKNOWN = "unknown"
PUBLICATION_PRECISION_VALUES = [*PRECISION_VALUES, UNKNOWN]
UNKNOWN_DATE_DISPLAY = "date unknown"

# The dates the record holds: outside them a date is a typing slip, and would stretch every
# chart and the monthly temperature series over centuries.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
OUT_OF_BOUNDS = "Dates before 1900 or after 2100 are not accepted."


def in_bounds(value: datetime.date) -> bool:
    """Whether the record may hold `value`."""
    return EARLIEST_DATE <= value <= LATEST_DATE


def clamped(value: datetime.date) -> datetime.date:
    """`value` moved into the record's bounds: where a chart may draw a stray stored date."""
    return min(max(value, EARLIEST_DATE), LATEST_DATE)


@dataclass(frozen=True)
class ReportedDate:
    """A date and how much of it is known; `value` is the first day of the known interval."""

    value: datetime.date
    precision: str = DAY

    @property
    def start(self) -> datetime.date:
        return interval(self.value, self.precision)[0]

    @property
    def end(self) -> datetime.date:
        return interval(self.value, self.precision)[1]

    def __str__(self) -> str:
        return format_reported_date(self.value, self.precision)


def interval(value: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date of this precision may stand for."""
    if precision == DAY:
        return value, value
    if precision == MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    if precision == YEAR:
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    raise ValueError(f"unknown date precision {precision!r}")


def date_field_of(precision_field: str) -> str:
    """`occurred_on_precision` qualifies `occurred_on`; `period_precision` qualifies `period_start`."""
    stem = precision_field.removesuffix("_precision")
    return "period_start" if stem == "period" else stem


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """The canonical stored form: the first day of the interval."""
    return interval(value, precision)[0]


def format_reported_date(value: datetime.date | None, precision: str | None) -> str:
    """'4 June 2004', 'June 2004' or '2004': never more than the source said."""
    if value is None:
        return UNKNOWN_DATE_DISPLAY if precision == UNKNOWN else ""
    if precision == YEAR:
        return f"{value.year}"
    if precision == MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def parse_reported_date(text: str) -> ReportedDate:
    """'2004' is a year, '2004-06' a month, '2004-06-04' a day; ValueError for anything else."""
    text = text.strip()
    if len(text) == 4:
        return ReportedDate(datetime.date(int(text), 1, 1), YEAR)
    if len(text) == 7:
        return ReportedDate(datetime.date.fromisoformat(f"{text}-01"), MONTH)
    return ReportedDate(datetime.date.fromisoformat(text), DAY)

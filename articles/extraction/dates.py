"""Dates the text states, resolved against the publication date, never more precise than
the text. Pure: the publication date is passed in, the clock is never read.

Regular expressions find the date phrases and resolve the common forms themselves ("15 March
2004", "October 5", "in mid-April", "last November", "until 2042"), which is both exact about
precision and fast. dateparser's DateDataParser reads the relative phrases the patterns only
locate ("Tuesday", "last month", "three weeks ago"); its `.period` gives their precision, and
its results are cached by phrase and publication date, as it costs about a millisecond a call.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"
PRECISION_RANK = {UNKNOWN: 0, YEAR: 1, MONTH: 2, DAY: 3}

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_LEAD = r"(?:(?P<lead>until|till|through|up\s+to|by|since|from|before|after|in|on|of|during)\s+)?"
_PART = (
    r"(?:(?:the\s+)?(?P<part>early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of)[-\s]+)?"
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("day_month_year", rf"\b{_LEAD}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
        ("month_day_year", rf"\b{_LEAD}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
        ("iso", r"\b(?P<year>1[89]\d\d|20\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("month_year", rf"\b{_LEAD}{_PART}{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"),
        ("month_day", rf"\b{_LEAD}{_MONTH}\s+{_DAY}\b(?![,.]?\d)"),
        ("day_month", rf"\b{_LEAD}{_DAY}\s+(?:of\s+)?{_MONTH}\b"),
        (
            "relative_month",
            rf"\b{_LEAD}(?:(?P<relative>last|next|this|earlier\s+this|later\s+this)\s+)?{_PART}{_MONTH}\b",
        ),
        (
            "part_year",
            rf"\b{_LEAD}(?:the\s+)?(?P<part>end|beginning|start|middle|spring|summer|autumn|fall|winter|first\s+half|second\s+half)\s+of\s+(?:(?P<this>this|last|next)\s+year|{_YEAR})\b",
        ),
        (
            "year",
            rf"\b{_LEAD}(?:the\s+year\s+)?{_YEAR}\b(?!s\b|\s*-\s*\d|\s*(?:%|percent|troops|people))",
        ),
        (
            "relative_year",
            r"\b(?:(?P<lead>until|by|since|in|during)\s+)?(?P<relative>last|next|this|earlier\s+this|later\s+this|the\s+previous|the\s+following)\s+(?P<unit>year|month|week)\b",
        ),
        (
            "relative_day",
            r"\b(?:(?:on|last|this|next)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
            r"|\b(?P<named>yesterday|today)\b"
            r"|\b(?P<ago>(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
        ),
    )
)
# A cheap test that a text may hold a date at all: most sentences hold none.
_ANY_DATE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b|\b(?:1[89]|20)\d\d\b"
    r"|\b(?:year|month|week|ago|yesterday|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)
# The same, case aside by lowering the text first: Python's case-insensitive matching costs
# five times as much over a whole article (0.86 against 0.17 ms for 5 KB).
_ANY_DATE_LOWERED = re.compile(_ANY_DATE.pattern)
_MONTH_WORDS_THAT_ARE_WORDS = {"may", "mar", "jan", "dec", "sep", "jun", "jul", "aug", "oct", "nov"}


@dataclass(frozen=True)
class FoundDate:
    """A date phrase at `start`..`end` of the searched text, and what it stands for."""

    start: int
    end: int
    text: str
    value: datetime.date | None  # first day of the interval; None where it cannot be resolved
    precision: str  # day, month, year or unknown
    role: str = "point"  # point, until (an end: "until 2042"), since
    relative: bool = False  # reckoned from the publication date ("last November", "Tuesday")


def find_dates(
    text: str,
    *,
    published: datetime.date | None = None,
    published_precision: str = UNKNOWN,
) -> list[FoundDate]:
    """Every date phrase in `text`, in order, resolved against the publication date."""
    # The patterns are costly over a whole article; they run only on windows around the
    # words a date needs (a month, a year, "ago", a weekday), which are few.
    windows: list[list[int]] = []
    lowered = text.lower()
    # A few letters lower to two characters ("İ"): there, offsets would move.
    anchors = _ANY_DATE_LOWERED.finditer(lowered) if len(lowered) == len(text) else None
    for anchor in anchors or _ANY_DATE.finditer(text):
        left = max(0, anchor.start() - WINDOW_BEFORE)
        right = min(len(text), anchor.end() + WINDOW_AFTER)
        if windows and left <= windows[-1][1]:
            windows[-1][1] = right
        else:
            windows.append([left, right])
    found: list[FoundDate] = []
    for left, right in windows:
        found.extend(_find_in(text, left, right, published, published_precision))
    return found


WINDOW_BEFORE, WINDOW_AFTER = 45, 30


def _find_in(
    text: str,
    left: int,
    right: int,
    published: datetime.date | None,
    published_precision: str,
) -> list[FoundDate]:
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text, left, right):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            date = _resolve(name, match, published, published_precision)
            if date is None:
                continue
            taken.append((start, end))
            found.append(date)
    found.sort(key=lambda date: date.start)
    return found


def _resolve(
    name: str,
    match: re.Match[str],
    published: datetime.date | None,
    published_precision: str,
) -> FoundDate | None:
    groups = match.groupdict()
    lead = " ".join((groups.get("lead") or "").lower().split())
    role = {"until": "until", "till": "until", "through": "until", "up to": "until", "by": "until"}
    role_name = role.get(lead, "since" if lead == "since" else "point")
    text = match.group()
    start, end = match.span()
    base_year = published.year if published and PRECISION_RANK[published_precision] >= 1 else None

    def made(value, precision, relative=False):
        if value is None:
            return FoundDate(start, end, text, None, UNKNOWN, role_name, relative)
        return FoundDate(start, end, text, value, precision, role_name, relative)

    month_word = (groups.get("month") or "").lower().rstrip(".")
    if month_word in _MONTH_WORDS_THAT_ARE_WORDS and match.group("month")[0].islower():
        return None  # "may", "mar" as ordinary words
    month = (
        int(month_word) if month_word.isdigit() else MONTHS.get(month_word, 0) if month_word else 0
    )
    if name in ("day_month_year", "month_day_year", "iso"):
        return made(_safe_date(int(groups["year"]), month, int(groups["day"])), DAY)
    if name == "month_year":
        return made(_safe_date(int(groups["year"]), month, 1), MONTH)
    if name in ("month_day", "day_month"):
        day = int(groups["day"])
        if not 1 <= day <= 31:
            return None
        if base_year is None:
            return made(None, UNKNOWN)
        year = _nearest_year(month, day, published)
        return made(_safe_date(year, month, day), DAY, relative=True)
    if name == "relative_month":
        relative = " ".join((groups.get("relative") or "").lower().split())
        if not relative and not lead and not groups.get("part"):
            return None  # a bare month name: "March" as a word in a title
        if base_year is None:
            return made(None, UNKNOWN)
        if relative == "last":
            year = published.year if month < published.month else published.year - 1
        elif relative == "next":
            year = published.year if month > published.month else published.year + 1
        elif relative in ("this", "earlier this", "later this"):
            year = published.year
        else:
            year = _nearest_year(month, 1, published, month_only=True)
        return made(_safe_date(year, month, 1), MONTH, relative=True)
    if name == "part_year":
        this = (groups.get("this") or "").lower()
        if groups.get("year"):
            return made(datetime.date(int(groups["year"]), 1, 1), YEAR)
        if base_year is None:
            return made(None, UNKNOWN)
        year = base_year + {"this": 0, "last": -1, "next": 1}[this]
        return made(datetime.date(year, 1, 1), YEAR, relative=True)
    if name == "year":
        if not lead and not _year_stands_alone(match):
            return None
        return made(datetime.date(int(groups["year"]), 1, 1), YEAR)
    if name == "relative_year":
        if published is None or base_year is None:
            return made(None, UNKNOWN)
        relative = " ".join(groups["relative"].lower().split())
        unit = groups["unit"].lower()
        step = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(relative, 0)
        if unit == "year":
            return made(datetime.date(base_year + step, 1, 1), YEAR, relative=True)
        if PRECISION_RANK[published_precision] < 2:
            return made(None, UNKNOWN)
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 + step
            return made(datetime.date(month_index // 12, month_index % 12 + 1, 1), MONTH, True)
        # A week names no calendar unit: the month it falls in, where that is sure.
        if PRECISION_RANK[published_precision] < 3:
            return made(None, UNKNOWN)
        value = published + datetime.timedelta(days=7 * step)
        return made(value.replace(day=1), MONTH, relative=True)
    if name == "relative_day":
        if published is None or PRECISION_RANK[published_precision] < 3:
            return made(None, UNKNOWN)
        phrase = text.lower()
        if groups.get("weekday") and text.lower().startswith("next"):
            return None  # a future weekday: rarely an event already reported
        weekday = (groups.get("weekday") or "").lower()
        if weekday:
            # The latest such day on or before publication: a report dated Tuesday that says
            # "on Tuesday" means that day (dateparser would go a week back).
            back = (published.weekday() - WEEKDAYS.index(weekday)) % 7
            if text.lower().startswith("last") and back == 0:
                back = 7
            return made(published - datetime.timedelta(days=back), DAY, relative=True)
        parsed = _relative(phrase, published)
        if parsed is None:
            return None
        value, precision = parsed
        return made(value, precision, relative=True)
    return None


def _year_stands_alone(match: re.Match[str]) -> bool:
    """A bare year without a preposition: only set off by punctuation ("In 2014, ...")."""
    after = match.string[match.end() : match.end() + 2]
    before = match.string[max(0, match.start() - 2) : match.start()]
    return after[:1] in {"", ",", ".", ")", ";"} and before.strip()[-1:] in {"", "(", ","}


def _nearest_year(
    month: int, day: int, published: datetime.date, *, month_only: bool = False
) -> int:
    """The year that puts a month (and day) nearest the publication date, the past preferred:
    news reports what happened, so a date ahead counts double."""
    best_year, best_distance = published.year, None
    for year in (published.year - 1, published.year, published.year + 1):
        candidate = _safe_date(year, month, 1 if month_only else day)
        if candidate is None:
            continue
        reference = published.replace(day=1) if month_only else published
        distance = (candidate - reference).days
        weighted = -distance if distance <= 0 else distance * 2
        if best_distance is None or weighted < best_distance:
            best_year, best_distance = year, weighted
    return best_year


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return datetime.date(year, month, day)


@lru_cache(maxsize=2048)
def _relative(phrase: str, published: datetime.date) -> tuple[datetime.date, str] | None:
    """A relative phrase read by dateparser against the publication date, with its precision."""
    parser = _parser(published)
    data = parser.get_date_data(phrase.removeprefix("on ").removeprefix("last "))
    if data is None or data.date_obj is None:
        return None
    value = data.date_obj.date()
    precision = data.period if data.period in (DAY, MONTH, YEAR) else DAY
    if precision == DAY and phrase.split()[-1] in WEEKDAYS and value > published:
        value -= datetime.timedelta(days=7)
    if precision == MONTH:
        value = value.replace(day=1)
    elif precision == YEAR:
        value = value.replace(month=1, day=1)
    return value, precision


@lru_cache(maxsize=64)
def _parser(published: datetime.date):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime.datetime.combine(published, datetime.time(12)),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """The first day of the interval a date of this precision stands for."""
    if precision == MONTH:
        return value.replace(day=1)
    if precision == YEAR:
        return value.replace(month=1, day=1)
    return value


def interval(value: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date of this precision may stand for."""
    if precision == MONTH:
        return value.replace(day=1), value.replace(
            day=calendar.monthrange(value.year, value.month)[1]
        )
    if precision == YEAR:
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    return value, value

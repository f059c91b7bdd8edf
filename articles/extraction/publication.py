"""When the article appeared, with its precision and a confidence. Pure.

The evidence, strongest first: a labelled line ("Publication Date 27 February 2017",
"Published: ..."), a dateline ("Prague, 15 March 2004 (RFE/RL) --"), a line that holds only a
date near the top, the date the page's metadata or the caller gives, and a date in the
address (/2012/04/17/). Lines that date something else ("Last Updated", "accessed",
copyright) are never read. Where no year can be established the date is unknown: a month and
day without a year are not guessed into one, and nothing becomes January 1.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from articles.extraction.dates import DAY, MONTH, UNKNOWN, YEAR, find_dates

_PUBLISHED_LABEL = re.compile(
    r"^[\s*_]*(?:publication\s+date|date\s+of\s+publication|published(?:\s+on)?|posted(?:\s+on)?"
    r"|date|first\s+published)[\s*_]*:?[\s*_]*(?P<rest>.+)$",
    re.IGNORECASE,
)
_IGNORED_LINE = re.compile(
    r"\b(?:last\s+updated|updated|modified|accessed|retrieved|copyright|\(c\)|©)\b", re.IGNORECASE
)
_DATELINE = re.compile(
    r"^[\s*_]*(?P<place>[A-Z][A-Za-z.'’-]+(?:[ -][A-Z][A-Za-z.'’-]+){0,3}),\s+"
    r"(?P<date>(?:\w+day,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}))"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-|:)"
)
_PLACE_DATELINE = re.compile(
    r"^[\s*_]*(?P<place>[A-Z][A-Z.'’ -]{2,30}?)\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–)\s+\S"
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)(?:[/-](?P<day>[0-3]?\d))?(?=[/-]|\.html?|$)"
)
_URL_COMPACT_DATE = re.compile(
    r"[/_-](?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?=[/_.-])"
)
TOP_LINES = 25


@dataclass(frozen=True)
class PublicationDate:
    value: datetime.date | None
    precision: str  # day, month, year or unknown
    confidence: float
    place: str = ""  # the dateline's place
    evidence: str = ""  # which clue gave it
    dateline: tuple[int, int] | None = None  # where the dateline stands: it reports no event


def publication_date(
    text: str,
    *,
    url: str = "",
    hint: datetime.date | None = None,
    hint_confidence: float = 0.8,
) -> PublicationDate:
    """The article's date from its own text, its address and a hint, the strongest clue first."""
    place = ""
    lines = text.splitlines()
    for line in lines[:60]:
        labelled = _PUBLISHED_LABEL.match(line)
        if labelled and not _IGNORED_LINE.search(line):
            date = _first_full_date(labelled.group("rest"))
            if date is not None:
                return PublicationDate(date[0], date[1], 0.95, place, "label")
    offset = 0
    for line in text.splitlines(keepends=True):
        dateline = _DATELINE.match(line)
        if dateline:
            date = _first_full_date(dateline.group("date"))
            if date is not None:
                span = (offset, offset + dateline.end())
                return PublicationDate(
                    date[0], date[1], 0.9, dateline.group("place"), "dateline", span
                )
        offset += len(line)
    top = [line for line in lines if line.strip()][:TOP_LINES]
    for line in top:
        plain = line.strip(" *_#\t")
        if _IGNORED_LINE.search(plain) or len(plain) > 60:
            continue
        date = _first_full_date(plain)
        if date is not None and _only_a_date(plain):
            return PublicationDate(date[0], date[1], 0.85, _place(lines), "date line")
    place = _place(lines)
    if hint is not None:
        return PublicationDate(hint, DAY, hint_confidence, place, "given")
    from_url = url_date(url)
    if from_url is not None:
        return PublicationDate(from_url[0], from_url[1], 0.75, place, "address")
    return PublicationDate(None, UNKNOWN, 0.0, place, "")


def url_date(url: str) -> tuple[datetime.date, str] | None:
    """A date in an address: /2012/04/17/, /2012/04/, or 20120417 in a file name."""
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT_DATE):
        match = pattern.search(url)
        if not match:
            continue
        year, month = int(match.group("year")), int(match.group("month"))
        day = match.group("day")
        try:
            if day:
                return datetime.date(year, month, int(day)), DAY
            return datetime.date(year, month, 1), MONTH
        except ValueError:
            continue
    return None


def _first_full_date(text: str) -> tuple[datetime.date, str] | None:
    """The first date in `text` that states its year (a day, a month or a year alone)."""
    for found in find_dates(text):
        if found.value is not None and found.precision in (DAY, MONTH, YEAR):
            return found.value, found.precision
    return None


def _only_a_date(line: str) -> bool:
    """Whether a line holds a date and nothing else (a weekday and a time allowed)."""
    found = [date for date in find_dates(line) if date.value is not None]
    if not found:
        return False
    rest = line[: found[0].start] + line[found[0].end :]
    rest = re.sub(
        r"\b(?:\w+day|\d{1,2}:\d{2}(?::\d{2})?|[AP]M|GMT|UTC|[+-]\d{2}:?\d{2})\b", "", rest
    )
    return not re.sub(r"[\s,.|/-]", "", rest)


def _place(lines: list[str]) -> str:
    """A dateline's place without a date: "DUSHANBE — Tajikistan has ..."."""
    for line in lines:
        match = _PLACE_DATELINE.match(line)
        if match and len(line) > 60:
            return match.group("place").strip().title()
    return ""

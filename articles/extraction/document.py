"""The article as stored: its text (HTML boilerplate removed) and the metadata it states. Pure.

From HTML, trafilatura keeps the article's text and gives the title, author, site and date
the page declares. From plain text or Markdown the text is stored as given, so spans index
it, and labelled lines ("Author: ...", "Publisher ...", "Source URL: ...") and the first
headline-like line give the rest.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

MIN_ARTICLE_CHARACTERS = 200
MAX_LABEL_LINE = 200  # a metadata line is short; longer lines are prose


class NoArticle(ValueError):
    """HTML in which no article text was found."""


@dataclass(frozen=True)
class Document:
    text: str
    title: str = ""
    author: str = ""
    source: str = ""
    url: str = ""
    date_hint: datetime.date | None = None  # a date the page's metadata declares


_URL = re.compile(r"https?://[^\s<>()\"'\]]+[^\s<>()\"'\].,;:!?]")
_COLON_LABEL = re.compile(r"^[\s*_#>]*([A-Za-z][A-Za-z ]{1,30}?)[\s*_]*:[\s*_]*(.*)$")
_SPACE_LABEL = re.compile(r"^[\s*_#>]*([A-Za-z][A-Za-z]+(?: [A-Za-z]+)?)[\s*_]+(.+)$")
# Labels of metadata lines, lower-cased: the value follows after a colon or a space.
_TITLE_LABELS = {"title", "headline"}
_AUTHOR_LABELS = {"author", "authors", "by", "written by", "byline"}
_SOURCE_LABELS = {"publisher", "source", "published by", "cite as"}
_URL_LABELS = {"source url", "original url", "url", "link", "original story", "permalink"}
METADATA_LABELS = (
    _TITLE_LABELS
    | _AUTHOR_LABELS
    | _SOURCE_LABELS
    | _URL_LABELS
    | {
        "last updated", "updated", "published", "publication date", "date", "posted",
        "location", "focus", "tags", "topics", "filed under", "disclaimer", "copyright notice",
    }
)  # fmt: skip
# Labels that may stand without a colon: "Publisher Radio Free Europe", "Publication Date 27 ...".
_SPACE_LABELS = {"publisher", "published by", "publication date", "published"}
_MARKUP = re.compile(r"\*\*|__|\[([^\]]*)\]\([^)]*\)|^#+\s*|<[^>]+>")
_BYLINE = re.compile(r"^\s*By\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s*$")


def from_html(html: str) -> Document:
    """The article in a saved web page; raises NoArticle where the page holds none."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # An explicit upper bound: trafilatura's default is today, and extraction never
            # reads the clock.
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "min_date": "1900-01-01",
                "max_date": "2100-12-31",
            },
        )
    except Exception as error:  # lxml and trafilatura raise many kinds on broken markup
        raise NoArticle(f"the page could not be read: {error}") from error
    data = extracted.as_dict() if extracted is not None else {}
    body = (data.get("text") or "").strip()
    if len(body) < MIN_ARTICLE_CHARACTERS:
        raise NoArticle("the page holds no article text")
    # trafilatura ends each paragraph with one line break; a blank line keeps them apart.
    text = re.sub(r"\n+", "\n\n", body)
    return Document(
        text=text,
        title=(data.get("title") or "").strip(),
        author=(data.get("author") or "").strip(),
        source=(data.get("sitename") or "").strip(),
        url=(data.get("url") or "").strip(),
        date_hint=_iso_date(data.get("date")),
    )


def from_text(text: str) -> Document:
    """The metadata a plain-text or Markdown article states about itself."""
    title = author = source = url = ""
    lines = text.splitlines()
    for line in lines:
        if len(line) > MAX_LABEL_LINE:
            continue  # a paragraph of prose, not a metadata line
        label, value = _labelled(line)
        if label in _TITLE_LABELS and not title:
            title = _plain(value)
        elif label in _AUTHOR_LABELS and not author:
            author = _plain(value)
        elif label in _SOURCE_LABELS and not source:
            source = _plain(value).split(",")[0].strip()
        elif label in _URL_LABELS and not url:
            found = _URL.search(line)
            url = found.group() if found else ""
        elif "available at" in line.lower() and not url:
            found = _URL.search(line[line.lower().index("available at") :])
            url = found.group() if found else ""
        if not author:
            byline = _BYLINE.match(_plain(line))
            if byline:
                author = byline.group(1)
    if not url:
        # A lone address on a line of its own after a label line ("Original url:\n\n<...>").
        for index, line in enumerate(lines):
            label, _ = _labelled(line)
            if label in _URL_LABELS:
                following = next((rest for rest in lines[index + 1 :] if rest.strip()), "")
                found = _URL.search(following)
                if found:
                    url = found.group()
                    break
    return Document(
        text=text,
        title=title or headline(text),
        author=author,
        source=source,
        url=url,
    )


def headline(text: str) -> str:
    """The first line that reads as a headline: a Markdown heading, or a short unpunctuated
    line of four words or more that is not a metadata line."""
    for line in text.splitlines()[:40]:
        stripped = line.strip()
        if stripped.startswith("#"):
            return _plain(stripped)
        plain = _plain(stripped)
        words = plain.split()
        if len(words) < 4 or len(words) > 25 or len(plain) > 200:
            continue
        if plain.endswith((".", ",", ";", ":")) or _URL.search(plain):
            continue
        label, _ = _labelled(stripped)
        if label in METADATA_LABELS:
            continue
        if _is_date_line(plain):
            continue
        return plain
    return ""


def is_metadata_line(line: str) -> bool:
    """A labelled line about the article ("Cite as ...", "Publisher ...", "Source URL: ...")."""
    if len(line) > MAX_LABEL_LINE * 2:
        return False
    label, _ = _labelled(line)
    return label in METADATA_LABELS


def source_from_url(url: str) -> str:
    """The site's host name, without "www.": the publisher where nothing better is known."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _labelled(line: str) -> tuple[str, str]:
    stripped = line.strip()
    match = _COLON_LABEL.match(stripped)
    if match:
        return " ".join(match.group(1).lower().split()), match.group(2).strip()
    # Without a colon only a known label counts: "Publisher Radio Free Europe".
    match = _SPACE_LABEL.match(stripped)
    if match:
        words = match.group(1).lower().split()
        for size in (2, 1):
            label = " ".join(words[:size])
            if len(words) >= size and label in _SPACE_LABELS:
                rest = " ".join(match.group(1).split()[size:] + [match.group(2)])
                return label, rest.strip()
    return "", ""


def _plain(value: str) -> str:
    """Markdown emphasis, links and tags removed."""
    value = _MARKUP.sub(lambda match: match.group(1) or "", value.strip())
    return " ".join(value.replace("*", " ").split()).strip(" <>")


_DATE_LINE = re.compile(
    r"^(?:\w+day,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:[\s,]+\d{1,2}:\d{2}.*)?$"
)


def _is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line.strip()))


def _iso_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


class BadInput(ValueError):
    """Bytes that hold no article to read; the message says why."""


DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<article\b)", re.IGNORECASE
)


def decode_article(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bool]:
    """The text of a file's bytes and whether it is HTML; raises BadInput saying why not."""
    if len(data) > max_bytes:
        raise BadInput(f"too big: {len(data)} bytes, the limit is {max_bytes}")
    if not data.strip():
        raise BadInput("empty")
    if b"\x00" in data[:8192]:
        raise BadInput("binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"not UTF-8 text (undecodable byte at offset {error.start})") from None
    controls = sum(
        1 for character in text[:8192] if ord(character) < 32 and character not in "\n\r\t\f"
    )
    if controls > 8:
        raise BadInput("binary, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, bool(_HTML_START.match(text))

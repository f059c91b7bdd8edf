"""Sources (sources.yaml) and the articles they published (articles.yaml), with full texts."""

from __future__ import annotations

from pathlib import Path

from articles.models import Article, Source
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    Where,
    check_fields,
    entries,
    read_file,
    reference,
    reported_date,
    text,
)


def load_sources(loader: Loader) -> None:
    file, data = read_file(loader.directory, "sources")
    for slug, entry, where in entries(file, "source", data):
        check_fields(entry, where, required=("name",), optional=("homepage", "description"))
        values = {
            "name": text(entry, "name", where),
            "homepage": text(entry, "homepage", where),
            "description": text(entry, "description", where),
        }
        loader.sources[slug] = loader.write(Source, {"slug": slug}, values, where)


def load_articles(loader: Loader) -> None:
    file, data = read_file(loader.directory, "articles")
    for slug, entry, where in entries(file, "article", data):
        check_fields(
            entry,
            where,
            required=("title", "source", "published_on", "summary"),
            optional=(
                "url", "date_note", "authors", "place", "text_file", "review_status",
            ),
        )  # fmt: skip
        published_on, precision = reported_date(entry["published_on"], where, "published_on")
        authors = entry.get("authors") or []
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise where.error("'authors' should be a list of names")
        values = {
            "title": text(entry, "title", where),
            "source": reference(loader.sources, entry["source"], where, "source"),
            "url": text(entry, "url", where),
            "published_on": published_on,
            "published_on_precision": precision,
            "date_note": text(entry, "date_note", where),
            "authors": authors,
            "place": text(entry, "place", where),
            "summary": text(entry, "summary", where),
            "review_status": text(entry, "review_status", where) or "approved",
        }
        text_file = text(entry, "text_file", where)
        if loader.texts is not None and text_file:
            full_text = _read_text(loader.texts, text_file, where)
            values["text"] = full_text
            loader.result.texts_stored += 1
        loader.articles[slug] = loader.write(Article, {"slug": slug}, values, where)


def _read_text(texts: Path, text_file: str, where: Where) -> str:
    """An article's full text from the `texts` folder."""
    if Path(text_file).name != text_file:
        raise where.error(f"text_file '{text_file}' should be a bare file name")
    path = texts / text_file
    if not path.is_file():
        raise where.error(f"text file '{text_file}' is not in {texts}")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise where.error(f"cannot read text file '{text_file}': {error}") from None

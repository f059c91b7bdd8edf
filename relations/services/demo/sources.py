"""Sources (sources.yaml) and the articles they published (articles.yaml), with full texts."""

from __future__ import annotations

from pathlib import Path

from articles.models import Article, Source
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    Where,
    file_entries,
    reference,
    reported_date,
    text,
    texts,
)


def load_sources(loader: Loader) -> None:
    optional = ("homepage", "description")
    for slug, entry, where in file_entries(
        loader.directory, "sources", "source", required=("name",), optional=optional
    ):
        values = texts(entry, where, ("name", *optional))
        loader.sources[slug] = loader.write(Source, {"slug": slug}, values, where)


def load_articles(loader: Loader) -> None:
    for slug, entry, where in file_entries(
        loader.directory,
        "articles",
        "article",
        required=("title", "source", "published_on", "summary"),
        optional=("url", "date_note", "authors", "place", "text_file", "review_status"),
    ):
        published_on, precision = reported_date(entry["published_on"], where, "published_on")
        authors = entry.get("authors") or []
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise where.error("'authors' should be a list of names")
        values = {
            **texts(entry, where, ("title", "url", "date_note", "place", "summary")),
            "source": reference(loader.sources, entry["source"], where, "source"),
            "published_on": published_on,
            "published_on_precision": precision,
            "authors": authors,
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

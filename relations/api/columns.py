"""CSV columns the record's lists share: dates with precision, citations, timestamps."""

from __future__ import annotations

from collections.abc import Iterable

from api.csv import CsvColumn, attribute_columns


def actor_names(actors: Iterable) -> list[str]:
    return [actor.name for actor in actors]


CITATION_COLUMNS = [
    CsvColumn("citation_article_ids", lambda row: [c.article_id for c in row.citations.all()]),
    CsvColumn("citation_urls", lambda row: [c.article.url for c in row.citations.all()]),
]

TIMESTAMP_COLUMNS = attribute_columns("created", "updated")

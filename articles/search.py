"""Full-text search, one rule for the record: which configuration, what a document holds, how
a query is read.

Each searchable model stores its document in a generated `tsvector` column with a GIN index,
so a search reads the index instead of parsing every row. The configuration
`bilateral_english` (articles migration 0003) is PostgreSQL's English with accents removed
first, so 'Dushanbé' and 'Dushanbe' match, as actors' names do.
"""

from __future__ import annotations

import functools
import operator

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Expression, Q

SEARCH_CONFIG = "bilateral_english"


def search_document_field(*parts: tuple[str | Expression, str]) -> models.GeneratedField:
    """A stored tsvector of (column or expression, weight A–D) parts, kept up to date by SQL."""
    vector = functools.reduce(
        operator.add,
        (SearchVector(part, weight=weight, config=SEARCH_CONFIG) for part, weight in parts),
    )
    return models.GeneratedField(
        expression=vector,
        output_field=SearchVectorField(),
        db_persist=True,
        help_text="The full-text search document, weighted and accent-free.",
    )


class DocumentDeferringManager(models.Manager):
    """Leaves the stored search document (as long as the text) in the database unless named."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer("search_document")


def search_query(q: str) -> SearchQuery:
    """A query as people type it into a search box: words, "phrases", OR, -excluded."""
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def full_text(text: str) -> Q:
    """Rows whose search document matches `text`, read as a web search."""
    return Q(search_document=search_query(text))

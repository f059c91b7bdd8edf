"""Writes to the evidence: publishers (sources) and the articles they published.

`data` uses the models' field names; `source` is a Source row. An article's content hash is
always the SHA-256 of its text, set here and nowhere else. Bad data raises ValidationError
keyed by field, and nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models, transaction

from articles.dates import PRECISION_VALUES, truncate
from articles.models import Article, Source

SOURCE_FIELDS = frozenset({"name", "slug", "homepage", "description"})
# In the order the admin's form shows them.
ARTICLE_FIELDS = (
    "title",
    "slug",
    "source",
    "url",
    "published_on",
    "published_on_precision",
    "date_note",
    "authors",
    "place",
    "summary",
    "text",
    "review_status",
)


def content_hash(text: str) -> str:
    """The hex SHA-256 of an article's text (how copies are recognised); '' for no text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


@transaction.atomic
def source_create(*, data: dict) -> Source:
    """Add a publisher."""
    return _save(Source(), SOURCE_FIELDS, data)


@transaction.atomic
def source_update(*, source: Source, data: dict) -> Source:
    """Change the fields given in `data`."""
    return _save(source, SOURCE_FIELDS, data)


@transaction.atomic
def article_create(*, data: dict, validate_constraints: bool = True) -> Article:
    """Add an article; with `text`, its content hash too.

    Django checks each named constraint with a query of its own; a bulk writer (ingestion)
    may leave them to the database, which enforces them anyway (an IntegrityError then).
    """
    return _save(Article(), ARTICLE_FIELDS, data, validate_constraints=validate_constraints)


@transaction.atomic
def article_update(*, article: Article, data: dict) -> Article:
    """Change the fields given in `data`; a new `text` brings a new content hash."""
    return _save(article, ARTICLE_FIELDS, data)


def _save(
    instance: models.Model,
    allowed: Collection[str],
    data: dict,
    *,
    validate_constraints: bool = True,
) -> models.Model:
    unknown = sorted(set(data).difference(allowed))
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})
    for name, value in data.items():
        setattr(instance, name, value)
    if "text" in data:
        instance.content_hash = content_hash(instance.text)
    if (
        isinstance(instance, Article)
        and instance.published_on is not None
        and instance.published_on_precision in PRECISION_VALUES
    ):
        instance.published_on = truncate(instance.published_on, instance.published_on_precision)
    instance.full_clean(validate_constraints=validate_constraints)
    instance.save()
    return instance

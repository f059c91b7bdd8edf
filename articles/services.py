"""Writes to the evidence: publishers (sources) and the articles they published.

`data` uses the models' field names; `source` is a Source row. An article's content hash is
always the SHA-256 of its text, set here and nowhere else. Bad data raises ValidationError
keyed by field, and nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

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


# Called as hook(article=..., previous_text=...) inside the transaction that saves a changed
# text; it returns a message for the curator, or None. relations registers the re-anchoring of
# citations here: articles never import relations.
TextChangeHook = Callable[..., str | None]
_text_change_hooks: list[TextChangeHook] = []


def article_text_change_hook(hook: TextChangeHook) -> TextChangeHook:
    """Register `hook` to run whenever an article's text is saved changed (once per hook)."""
    if hook not in _text_change_hooks:
        _text_change_hooks.append(hook)
    return hook


def article_text_changed(*, article: Article, previous_text: str) -> list[str]:
    """Tell the registered hooks that `article` was saved with a new text; returns their
    messages for the curator. Every writer of an article's text calls this (the services
    below, the admin's save)."""
    if article.text == previous_text:
        return []
    messages = (hook(article=article, previous_text=previous_text) for hook in _text_change_hooks)
    return [message for message in messages if message]


# Called as hook(article_ids=...) inside the transaction that changes articles' review status:
# what cites them may become public or stop being so (relations recomputes the temperature).
ReviewChangeHook = Callable[..., object]
_review_change_hooks: list[ReviewChangeHook] = []


def article_review_change_hook(hook: ReviewChangeHook) -> ReviewChangeHook:
    """Register `hook` to run whenever articles' review status changes (once per hook)."""
    if hook not in _review_change_hooks:
        _review_change_hooks.append(hook)
    return hook


def article_review_changed(*, article_ids: Collection[int]) -> None:
    """Tell the registered hooks that these articles' review status changed."""
    if article_ids:
        for hook in _review_change_hooks:
            hook(article_ids=article_ids)


@transaction.atomic
def articles_review_status_set(*, articles: models.QuerySet, status: str) -> int:
    """Approve, reject or send back to review; returns how many articles changed."""
    if status not in Article.ReviewStatus.values:
        raise ValidationError(
            {"review_status": ["Review status must be pending, approved or rejected."]}
        )
    ids = list(articles.exclude(review_status=status).values_list("pk", flat=True))
    # `updated` moves too: API clients mirroring the record sync on it.
    Article.objects.filter(pk__in=ids).update(review_status=status, updated=timezone.now())
    article_review_changed(article_ids=ids)
    return len(ids)


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
def article_create(*, data: dict, checked_by_database: bool = False) -> Article:
    """Add an article; with `text`, its content hash too.

    Django checks each named constraint, each unique field and each reference with a query
    of its own. A bulk writer (ingestion) whose values are built, not typed, may leave them
    to the database, which enforces them anyway (an IntegrityError then); the fields' own
    checks (lengths, addresses, dates) still run.
    """
    return _save(Article(), ARTICLE_FIELDS, data, checked_by_database=checked_by_database)


@transaction.atomic
def article_update(*, article: Article, data: dict) -> Article:
    """Change the fields given in `data`; a new `text` brings a new content hash, and the
    citations of the article are moved onto their quotes in it (see article_text_changed)."""
    previous_text, previous_status = Article.objects.values_list("text", "review_status").get(
        pk=article.pk
    )
    article = _save(article, ARTICLE_FIELDS, data)
    if "text" in data:
        article_text_changed(article=article, previous_text=previous_text)
    if article.review_status != previous_status:
        article_review_changed(article_ids=[article.pk])
    return article


def _save(
    instance: models.Model,
    allowed: Collection[str],
    data: dict,
    *,
    checked_by_database: bool = False,
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
    if checked_by_database:
        references = [field.name for field in instance._meta.concrete_fields if field.is_relation]
        instance.full_clean(exclude=references, validate_unique=False, validate_constraints=False)
    else:
        instance.full_clean()
    instance.save()
    return instance

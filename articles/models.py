"""The evidence: publishers and the articles the record is built from."""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from api.audit import tracked
from articles import dates
from articles.dates import (
    EARLIEST_DATE,
    LATEST_DATE,
    OUT_OF_BOUNDS,
    PRECISION_VALUES,
    PUBLICATION_PRECISION_VALUES,
    format_reported_date,
    in_bounds,
)
from articles.search import DocumentDeferringManager, search_document_field


class DatePrecision(models.TextChoices):
    DAY = dates.DAY, "Day"
    MONTH = dates.MONTH, "Month"
    YEAR = dates.YEAR, "Year"


class PublicationPrecision(models.TextChoices):
    """An article's date precision: a day, a month, a year, or unknown (no date at all)."""

    DAY = dates.DAY, "Day"
    MONTH = dates.MONTH, "Month"
    YEAR = dates.YEAR, "Year"
    UNKNOWN = dates.UNKNOWN, "Unknown"


class Timestamped(models.Model):
    """Created and updated times, which API clients use to keep a copy in sync."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


def precision_constraint(field: str, app_label_model: str) -> models.CheckConstraint:
    """A named check that a `<field>_precision` column holds a known precision."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}_precision__in": PRECISION_VALUES}),
        name=f"{app_label_model}_{field}_precision_valid",
        violation_error_message=f"{field} precision must be day, month or year.",
    )


def bounded_date(value: datetime.date) -> None:
    """A date field's validator: the form-side reading of `bounded_date_constraint`."""
    if not in_bounds(value):
        raise ValidationError(OUT_OF_BOUNDS, code="date_out_of_bounds")


def within_bounds(field: str) -> Q:
    """Rows whose date column `field` is null or within the record's bounds."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (EARLIEST_DATE, LATEST_DATE)})


def bounded_date_constraint(field: str, app_label_model: str) -> models.CheckConstraint:
    """A named check that the date column `field` lies within the record's bounds, or is null."""
    return models.CheckConstraint(
        condition=within_bounds(field),
        name=f"{app_label_model}_{field}_bounded",
        violation_error_message=f"{field}: {OUT_OF_BOUNDS}",
    )


@tracked
class Source(Timestamped):
    """A publisher: a news agency, a newspaper, a broadcaster."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@tracked
class Article(Timestamped):
    """One published piece: the unit every fact in the record cites."""

    class ReviewStatus(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        validators=[bounded_date],
        help_text="Empty when the text establishes no year (precision 'unknown').",
    )
    published_on_precision = models.CharField(
        max_length=7, choices=PublicationPrecision.choices, default=PublicationPrecision.DAY
    )
    date_note = models.TextField(
        blank=True, help_text="How the publication date was established when the text omits it."
    )
    authors = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="Where it was filed from.")
    summary = models.TextField(help_text="What the article reports, in our own words.")
    text = models.TextField(blank=True, help_text="The full text, where we hold it.")
    content_hash = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="SHA-256 of the full text."
    )
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    search_document = search_document_field(("title", "A"), ("summary", "B"), ("text", "C"))

    objects = DocumentDeferringManager()

    class Meta:
        # Articles whose date is unknown come last, newest first or oldest first alike.
        ordering = [models.F("published_on").desc(nulls_last=True), "title"]
        indexes = [
            models.Index(fields=["published_on", "id"], name="article_published_id"),
            GinIndex(fields=["search_document"], name="article_search_document"),
            # Ingestion finds the article a text belongs to by its title, case aside.
            models.Index(Upper("title"), name="article_title_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on_precision__in=PUBLICATION_PRECISION_VALUES),
                name="article_published_on_precision_valid",
                violation_error_message="published_on precision must be day, month, year or unknown.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True, published_on_precision=dates.UNKNOWN)
                | Q(published_on__isnull=False, published_on_precision__in=PRECISION_VALUES),
                name="article_unknown_date_is_empty",
                violation_error_message="A publication date is empty exactly when its precision is "
                "unknown.",
            ),
            bounded_date_constraint("published_on", "article"),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_url_unique",
                violation_error_message="Another article already has this address.",
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=["pending", "approved", "rejected"]),
                name="article_review_status_valid",
                violation_error_message="Review status must be pending, approved or rejected.",
            ),
            models.CheckConstraint(
                condition=Q(content_hash="") | Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="article_content_hash_sha256",
                violation_error_message="The content hash must be a SHA-256 hex digest.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.source}, {self.published_display})"

    @property
    def date_unknown(self) -> bool:
        """Flagged for review: the text established no publication date."""
        return self.published_on is None

    @property
    def published_display(self) -> str:
        return format_reported_date(self.published_on, self.published_on_precision)

"""Rows in, the plain dataclasses of relations.charts.inputs out: event markers, agreement
spans and metric series, each from one query where a page draws many of them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse

from articles.dates import format_reported_date, in_bounds
from articles.models import Article, within_bounds
from relations.charts.inputs import AgreementSpan, EventMarker, MetricPoint, MetricSeries
from relations.models import (
    Agreement,
    Citation,
    Event,
    Metric,
    Observation,
    ObservationQualifier,
    Relationship,
)
from relations.selectors.timeline import event_rows

_QUALIFIER_LABELS = dict(ObservationQualifier.choices)

# Charts draw only rows within the record's date bounds: the database refuses others, but a
# row restored or fixed by hand past them must not stretch or break every chart.


# --- how a hover names its evidence -------------------------------------------------------------


def _source_label(title: str, publisher: str, published: str) -> str:
    return f"{title} — {publisher}, {published}"


def citation_source(citation: Citation) -> str:
    """'Title — Publisher, 4 June 2004': how a hover names its evidence."""
    article = citation.article
    return _source_label(article.title, article.source.name, article.published_display)


def _earliest_source(citations: Iterable[Citation]) -> str:
    for citation in citations:
        return citation_source(citation)
    return ""


def _first_source(**correlation) -> Subquery:
    """The earliest article citing the outer row, as {title, publisher, published_on,
    precision}: one correlated subquery instead of a prefetch of every citation."""
    citations = (
        Citation.objects.filter(**correlation, article__review_status=Article.ReviewStatus.APPROVED)
        .order_by("article__published_on", "id")
        .values(
            source=JSONObject(
                title="article__title",
                publisher="article__source__name",
                published_on="article__published_on",
                precision="article__published_on_precision",
            )
        )[:1]
    )
    return Subquery(citations, output_field=JSONField())


def source_label(source: dict | None) -> str:
    """'Title — Publisher, 4 June 2004' from a _first_source value."""
    if not source:
        return ""
    published_on = source["published_on"]
    published = format_reported_date(
        datetime.date.fromisoformat(published_on) if published_on else None, source["precision"]
    )
    return _source_label(source["title"], source["publisher"], published)


def _url_pattern(name: str) -> str:
    """A page's URL with `{}` for its argument, so rows need no reverse() each."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


# --- events -----------------------------------------------------------------------------------


def event_markers(events: QuerySet[Event]) -> list[EventMarker]:
    """The markers of the events in a queryset: one query, no model instances."""
    url = _url_pattern("relations:event")
    rows = event_rows(
        events.filter(within_bounds("occurred_on"))
        .annotate(source=_first_source(event=OuterRef("pk")))
        .order_by("occurred_on", "id"),
        "source",
    )
    return [
        EventMarker(
            id=pk,
            url=url.format(pk),
            occurred_on=occurred_on,
            precision=precision,
            date_display=format_reported_date(occurred_on, precision),
            title=title,
            category=category,
            score=float(score),
            weight=abs(float(score)) * float(confidence),
            source=source_label(source),
        )
        for pk, occurred_on, precision, title, category, score, confidence, source in rows
    ]


# --- agreements -------------------------------------------------------------------------------


def agreement_spans(relationship: Relationship) -> list[AgreementSpan]:
    agreements = (
        Agreement.objects.public()
        .filter(within_bounds("signed_on"), within_bounds("expires_on"), relationship=relationship)
        .select_related("extends")
        .order_by("signed_on", "title")
    )
    return [
        AgreementSpan(
            id=agreement.pk,
            url=agreement.get_absolute_url(),
            title=agreement.title,
            kind=agreement.get_kind_display(),
            status=agreement.get_status_display(),
            signed_on=agreement.signed_on,
            signed_display=format_reported_date(agreement.signed_on, agreement.signed_on_precision),
            expires_on=agreement.expires_on,
            expires_display=format_reported_date(
                agreement.expires_on, agreement.expires_on_precision
            ),
            extends_id=agreement.extends_id,
            extends_title=agreement.extends.title if agreement.extends else "",
        )
        for agreement in agreements
    ]


# --- metrics ----------------------------------------------------------------------------------


def _metric_point(
    *,
    period_start: datetime.date,
    period_precision: str,
    value,
    unit: str,
    qualifier: str,
    claimed_by: str,
    source: str,
    url: str,
    series: str = "",
) -> MetricPoint:
    return MetricPoint(
        period_start=period_start,
        period_display=format_reported_date(period_start, period_precision),
        value=float(value),
        unit=unit,
        qualifier=qualifier,
        qualifier_label=_QUALIFIER_LABELS.get(qualifier, qualifier),
        claimed=qualifier == ObservationQualifier.CLAIMED or bool(claimed_by),
        claimed_by=claimed_by,
        source=source,
        url=url,
        series=series,
    )


def metric_series(relationship: Relationship) -> list[MetricSeries]:
    """One series per metric with observations in this relationship, by metric name; one
    query, no model instances."""
    url = _url_pattern("relations:metric")
    rows = (
        Observation.objects.public()
        .filter(within_bounds("period_start"), relationship=relationship)
        .annotate(source=_first_source(observation=OuterRef("pk")))
        .order_by("metric__name", "metric_id", "period_start", "id")
        .values_list(
            "metric_id",
            "metric__slug",
            "metric__name",
            "metric__unit",
            "value",
            "unit",
            "period_start",
            "period_precision",
            "qualifier",
            "claimed_by__name",
            "source",
        )
    )
    grouped: dict[int, list[MetricPoint]] = defaultdict(list)
    metrics: dict[int, tuple[str, str, str]] = {}
    for (
        metric_id,
        slug,
        name,
        metric_unit,
        value,
        unit,
        start,
        precision,
        qualifier,
        claimed_by,
        source,
    ) in rows:
        metrics.setdefault(metric_id, (slug, name, unit or metric_unit))
        grouped[metric_id].append(
            _metric_point(
                period_start=start,
                period_precision=precision,
                value=value,
                unit=unit,
                qualifier=qualifier,
                claimed_by=claimed_by or "",
                source=source_label(source),
                url=url.format(slug),
            )
        )
    return [
        MetricSeries(
            slug=metrics[metric_id][0],
            name=metrics[metric_id][1],
            unit=metrics[metric_id][2],
            url=url.format(metrics[metric_id][0]),
            points=tuple(points),
        )
        for metric_id, points in grouped.items()
    ]


def metric_series_all(metric: Metric, observations: Sequence[Observation]) -> MetricSeries:
    """Every observation of a metric, across relationships, as one series."""
    return MetricSeries(
        slug=metric.slug,
        name=metric.name,
        unit=observations[0].unit if observations else metric.unit,
        url=metric.get_absolute_url(),
        points=tuple(
            _metric_point(
                period_start=observation.period_start,
                period_precision=observation.period_precision,
                value=observation.value,
                unit=observation.unit,
                qualifier=observation.qualifier,
                claimed_by=observation.claimed_by.name if observation.claimed_by else "",
                source=_earliest_source(observation.citations.all()),
                url=metric.get_absolute_url(),
                series=observation.relationship.name,
            )
            for observation in observations
            if in_bounds(observation.period_start)
        ),
    )

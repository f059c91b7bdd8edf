"""Reads behind the analyst pages: rows in, the plain dataclasses of relations.charts out.

Every read is bulk (select_related/prefetch_related) and the temperature comes from the stored
rollup (TemperaturePoint), never recomputed per request.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Abs, Coalesce, JSONObject, RowNumber, TruncMonth
from django.urls import reverse

from articles.dates import format_reported_date
from articles.models import Article
from relations.charts import (
    AgreementSpan,
    Contributor,
    EventMarker,
    MetricPoint,
    MetricSeries,
    Story,
    TemperatureMonth,
    timeline_story,
)
from relations.models import (
    Actor,
    ActorRole,
    Agreement,
    Citation,
    Event,
    Metric,
    Observation,
    ObservationQualifier,
    Relationship,
    TemperaturePoint,
)

# Above this many events the timeline stops drawing every event: it draws the events the
# rollup names as each month's largest contributors (MARKERS_PER_MONTH of them), and the
# page links to the full list of a range. 100,000 markers would ship megabytes of JSON.
MARKER_LIMIT = 600
MARKERS_PER_MONTH = 2
LATEST = 8


def _citations_with_sources() -> Prefetch:
    return Prefetch(
        "citations",
        queryset=Citation.objects.select_related("article__source").order_by(
            "article__published_on", "id"
        ),
    )


def citation_source(citation: Citation) -> str:
    """'Title — Publisher, 4 June 2004': how a hover names its evidence."""
    article = citation.article
    return f"{article.title} — {article.source.name}, {article.published_display}"


def _earliest_source(citations: Iterable[Citation]) -> str:
    for citation in citations:
        return citation_source(citation)
    return ""


# --- relationships ---------------------------------------------------------------------------


def relationship_first() -> Relationship | None:
    """The relationship the home page shows: the first by name."""
    return Relationship.objects.select_related("country_a", "country_b").order_by("name").first()


def relationship_get(slug: str) -> Relationship | None:
    return Relationship.objects.select_related("country_a", "country_b").filter(slug=slug).first()


def relationship_list() -> QuerySet[Relationship]:
    return Relationship.objects.order_by("name").only("slug", "name")


# --- the temperature timeline --------------------------------------------------------------


@dataclass(frozen=True)
class StoredMonth:
    """A rollup month and the events it names as its largest contributors, largest first."""

    month: TemperatureMonth
    contributions: tuple[tuple[int, float], ...]  # (event id, share of the month's pull)


def temperature_months(relationship: Relationship) -> list[StoredMonth]:
    """The stored rollup of a relationship, month by month, in one query.

    Read here rather than through relations.selectors.temperature.temperature_series, which
    also looks up the title of every month's contributors: the timeline needs their ids only
    (the story's two months get their titles apart), and at 240 months that lookup alone cost
    the dashboard about 35 ms.
    """
    rows = (
        TemperaturePoint.objects.filter(relationship=relationship)
        .order_by("month")
        .values_list("month", "value", "low", "high", "event_count", "contributions")
    )
    return [
        StoredMonth(
            month=TemperatureMonth(month, value, low, high, event_count),
            contributions=tuple(
                (int(item["event_id"]), float(item.get("share") or 0))
                for item in contributions or ()
                if item.get("event_id") is not None
            ),
        )
        for month, value, low, high, event_count, contributions in rows
    ]


def pk_in(model, ids: Iterable[int]) -> RawSQL:
    """`pk = ANY(%s)` with one array parameter: `pk__in` binds one parameter per id, which
    costs milliseconds of query building at a few hundred ids."""
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    return RawSQL(f"{column} = ANY(%s)", (sorted(ids),), output_field=BooleanField())


def _first_source(**correlation) -> Subquery:
    """The earliest article citing the outer row, as {title, publisher, published_on,
    precision}: one correlated subquery instead of a prefetch of every citation."""
    citations = (
        Citation.objects.filter(**correlation)
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
    published = format_reported_date(
        datetime.date.fromisoformat(source["published_on"]), source["precision"]
    )
    return f"{source['title']} — {source['publisher']}, {published}"


def _url_pattern(name: str) -> str:
    """A page's URL with `{}` for its argument, so rows need no reverse() each."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def _event_markers(events: QuerySet[Event]) -> list[EventMarker]:
    """The markers of the events in a queryset: one query, no model instances."""
    url = _url_pattern("relations:event")
    rows = (
        events.annotate(
            effective_score=Coalesce("score_override", "category__default_score"),
            source=_first_source(event=OuterRef("pk")),
        )
        .order_by("occurred_on", "id")
        .values_list(
            "id",
            "occurred_on",
            "occurred_on_precision",
            "title",
            "category__name",
            "effective_score",
            "confidence",
            "source",
        )
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


def _significant_event_ids(relationship: Relationship, months: Sequence[StoredMonth]) -> set[int]:
    """The events the rollup names as each month's largest contributors; if the rollup names
    none, the events with the largest |score| × confidence of each month."""
    ids = {
        event_id for stored in months for event_id, _ in stored.contributions[:MARKERS_PER_MONTH]
    }
    if ids:
        return ids
    ranked = (
        Event.objects.filter(relationship=relationship)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[TruncMonth("occurred_on")],
                order_by=[
                    (
                        Abs(Coalesce("score_override", "category__default_score")) * F("confidence")
                    ).desc(),
                    F("id").asc(),
                ],
            )
        )
        .filter(rank__lte=MARKERS_PER_MONTH)
        .values_list("id", flat=True)
    )
    return set(ranked)


@dataclass(frozen=True)
class TimelineEvents:
    markers: list[EventMarker]
    total: int
    aggregated: bool


def timeline_events(relationship: Relationship, months: Sequence[StoredMonth]) -> TimelineEvents:
    """Every event as a marker, or at scale the most significant ones per month."""
    events = Event.objects.filter(relationship=relationship)
    total = events.count()
    if total <= MARKER_LIMIT:
        return TimelineEvents(_event_markers(events), total, aggregated=False)
    ids = _significant_event_ids(relationship, months)
    return TimelineEvents(_event_markers(events.filter(pk_in(Event, ids))), total, aggregated=True)


def story_for(relationship: Relationship, months: Sequence[StoredMonth]) -> Story:
    """The ten-second caption: coldest and warmest month and the events that moved them."""
    points = [stored.month for stored in months]
    bare = timeline_story(
        points, {}, period_start=relationship.period_start, period_end=relationship.period_end
    )
    named = {point.month for point in (bare.coldest, bare.warmest) if point}
    shares = {
        stored.month.month: stored.contributions[:2]
        for stored in months
        if stored.month.month in named
    }
    ids = {event_id for items in shares.values() for event_id, _ in items}
    if not ids:
        return bare
    titles = dict(Event.objects.filter(pk_in(Event, ids)).values_list("id", "title"))
    contributors = {
        month: [
            Contributor(title=titles[event_id], share=share)
            for event_id, share in items
            if event_id in titles and share > 0
        ]
        for month, items in shares.items()
    }
    return timeline_story(
        points,
        contributors,
        period_start=relationship.period_start,
        period_end=relationship.period_end,
    )


# --- agreements and metrics -----------------------------------------------------------------


def agreement_spans(relationship: Relationship) -> list[AgreementSpan]:
    agreements = (
        Agreement.objects.filter(relationship=relationship)
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
            signed_display=_reported(agreement.signed_on, agreement.signed_on_precision),
            expires_on=agreement.expires_on,
            expires_display=_reported(agreement.expires_on, agreement.expires_on_precision),
            extends_id=agreement.extends_id,
            extends_title=agreement.extends.title if agreement.extends else "",
        )
        for agreement in agreements
    ]


def _reported(value: datetime.date | None, precision: str) -> str:
    return format_reported_date(value, precision)


_QUALIFIER_LABELS = dict(ObservationQualifier.choices)


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
        Observation.objects.filter(relationship=relationship)
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


# --- the dashboard as a whole -----------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    relationship: Relationship
    months: list[StoredMonth]
    events: TimelineEvents
    agreements: list[AgreementSpan]
    metrics: list[MetricSeries]
    latest_events: list[Event]
    latest_articles: list[Article]
    story: Story
    until: datetime.date

    @property
    def points(self) -> list[TemperatureMonth]:
        return [stored.month for stored in self.months]


def open_ended_until(relationship: Relationship, months: Sequence[StoredMonth]) -> datetime.date:
    """Where open-ended agreements are drawn to: the period's end, else the last data."""
    if relationship.period_end:
        return relationship.period_end
    if months:
        return months[-1].month.month
    return relationship.period_start or datetime.date(2000, 1, 1)


def latest_events(relationship: Relationship, limit: int = LATEST) -> list[Event]:
    return list(
        Event.objects.filter(relationship=relationship)
        .select_related("category")
        .order_by("-occurred_on", "-id")[:limit]
    )


# Articles newest first, each checked by its first citation of something in the relationship,
# until `limit` are found: PostgreSQL stops early, where Exists() would first hash every event
# citation of the relationship (35 ms at 100,000 events, against 3 ms). The worst case is a
# relationship cited by fewer than `limit` articles among many: every article is checked.
_CITED_IN_RELATIONSHIP = """
SELECT article.id FROM (
    SELECT id, published_on, title FROM articles_article
    ORDER BY published_on DESC, title
    OFFSET 0
) article
CROSS JOIN LATERAL (
    SELECT 1 FROM relations_citation citation
    LEFT JOIN relations_event event ON event.id = citation.event_id
    LEFT JOIN relations_agreement agreement ON agreement.id = citation.agreement_id
    LEFT JOIN relations_observation observation ON observation.id = citation.observation_id
    WHERE citation.article_id = article.id
      AND (event.relationship_id = %s OR agreement.relationship_id = %s
           OR observation.relationship_id = %s)
    LIMIT 1
) cited
ORDER BY article.published_on DESC, article.title
LIMIT %s
"""


def latest_articles(relationship: Relationship, limit: int = LATEST) -> list[Article]:
    """The newest articles cited by any agreement, observation or event of the relationship."""
    newest = RawSQL(_CITED_IN_RELATIONSHIP, [relationship.pk] * 3 + [limit])
    return list(
        Article.objects.filter(pk__in=newest)
        .select_related("source")
        .order_by("-published_on", "title")
    )


def dashboard_get(relationship: Relationship) -> Dashboard:
    months = temperature_months(relationship)
    return Dashboard(
        relationship=relationship,
        months=months,
        events=timeline_events(relationship, months),
        agreements=agreement_spans(relationship),
        metrics=metric_series(relationship),
        latest_events=latest_events(relationship),
        latest_articles=latest_articles(relationship),
        story=story_for(relationship, months),
        until=open_ended_until(relationship, months),
    )


def events_in_range(
    relationship: Relationship,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Event]:
    """All events of a relationship between two dates: the list behind an aggregated timeline."""
    queryset = Event.objects.filter(relationship=relationship).select_related("category")
    if start:
        queryset = queryset.filter(occurred_on__gte=start)
    if end:
        queryset = queryset.filter(occurred_on__lte=end)
    return queryset.order_by("occurred_on", "id")


# --- detail pages ------------------------------------------------------------------------------


def event_get(pk: int) -> Event | None:
    return (
        Event.objects.select_related("category__parent", "relationship")
        .prefetch_related("actors", _citations_with_sources())
        .filter(pk=pk)
        .first()
    )


def agreement_get(slug: str) -> Agreement | None:
    return (
        Agreement.objects.select_related("relationship", "extends", "supersedes")
        .prefetch_related(
            "parties",
            Prefetch("extensions", queryset=Agreement.objects.order_by("signed_on")),
            Prefetch("superseded_by", queryset=Agreement.objects.order_by("signed_on")),
            _citations_with_sources(),
        )
        .filter(slug=slug)
        .first()
    )


def agreement_lineage(agreement: Agreement) -> tuple[list[Agreement], list[Agreement]]:
    """Earlier agreements this one extends (oldest first) and later ones extending it."""
    earlier: list[Agreement] = []
    seen = {agreement.pk}
    current = agreement.extends
    while current is not None and current.pk not in seen and len(earlier) < 20:
        earlier.insert(0, current)
        seen.add(current.pk)
        current = (
            Agreement.objects.select_related("extends").get(pk=current.pk).extends
            if current.extends_id
            else None
        )
    later = list(agreement.extensions.all())
    return earlier, later


def actor_get(slug: str) -> Actor | None:
    return (
        Actor.objects.select_related("country")
        .prefetch_related(
            "aliases",
            Prefetch("roles", queryset=ActorRole.objects.select_related("country")),
            Prefetch(
                "events",
                queryset=Event.objects.select_related("category", "relationship").order_by(
                    "occurred_on", "id"
                ),
            ),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("relationship").order_by("signed_on"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def article_get(slug: str) -> Article | None:
    return Article.objects.select_related("source").filter(slug=slug).first()


def article_citations(article: Article) -> list[Citation]:
    """What the record takes from an article: the agreements, observations and events citing it."""
    return list(
        Citation.objects.filter(article=article)
        .select_related(
            "agreement", "observation__metric", "observation__relationship", "event__category"
        )
        .order_by("span_start", "id")
    )


@dataclass(frozen=True)
class Segment:
    """A run of an article's text, with the citations whose sentence covers it (if any) and
    those that start at it (where their anchors go)."""

    text: str
    citations: tuple[Citation, ...] = ()
    starting: tuple[Citation, ...] = ()


def highlight_segments(text: str, citations: Sequence[Citation]) -> list[Segment]:
    """Cut a text at every cited span's edges; overlapping and repeated spans are kept apart
    so that each citation keeps its anchor."""
    spans = [
        citation
        for citation in citations
        if citation.span_start is not None
        and citation.span_end is not None
        and 0 <= citation.span_start < citation.span_end <= len(text)
    ]
    edges = sorted(
        {0, len(text)}
        | {citation.span_start for citation in spans}
        | {citation.span_end for citation in spans}
    )
    segments = []
    for start, end in zip(edges, edges[1:], strict=False):
        covering = tuple(
            citation
            for citation in spans
            if citation.span_start <= start and end <= citation.span_end
        )
        starting = tuple(citation for citation in covering if citation.span_start == start)
        segments.append(Segment(text[start:end], covering, starting))
    return segments


def metric_get(slug: str) -> Metric | None:
    return Metric.objects.filter(slug=slug).first()


def metric_observations(metric: Metric) -> list[Observation]:
    return list(
        Observation.objects.filter(metric=metric)
        .select_related("metric", "relationship", "claimed_by")
        .prefetch_related(_citations_with_sources())
        .order_by("period_start", "relationship__name", "id")
    )


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
        ),
    )

"""Reads behind the dashboard: the relationships, the events its timeline draws, and the
dashboard of a relationship assembled from relations.selectors.timeline and chart_inputs.

Every read is bulk (select_related/prefetch_related) and the temperature comes from the stored
rollup (TemperaturePoint), never recomputed per request.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import Article
from relations.charts.inputs import (
    AgreementSpan,
    Contributor,
    EventMarker,
    MetricSeries,
    TemperatureLine,
    TemperatureMonth,
    TurningMark,
)
from relations.charts.tables import (
    Table,
    agreements_table,
    directions_table,
    events_table,
    metric_table,
    timeline_table,
    turning_points_table,
)
from relations.charts.timeline import Story
from relations.models import Event, Relationship, TurningPoint
from relations.selectors.chart_inputs import agreement_spans, event_markers, metric_series
from relations.selectors.temperature import (
    direction_codes,
    direction_label,
    turning_point_list,
    turning_point_titles,
)
from relations.selectors.timeline import (
    StoredMonth,
    open_ended_until,
    pk_in,
    significant_event_ids,
    story_for,
    temperature_months,
    temperature_months_by_direction,
)
from relations.temperature_moves import OVERALL

# Above this many events the timeline stops drawing every event: it draws the events the
# rollup names as each month's largest contributors (MARKERS_PER_MONTH of them), and the
# page links to the full list of a range. 100,000 markers would ship megabytes of JSON.
MARKER_LIMIT = 600
LATEST = 8


# --- relationships ---------------------------------------------------------------------------


def relationship_queryset() -> QuerySet[Relationship]:
    return Relationship.objects.select_related("country_a", "country_b")


def relationship_first() -> Relationship | None:
    """The relationship the home page shows: the first by name."""
    return relationship_queryset().order_by("name").first()


def relationship_list() -> QuerySet[Relationship]:
    return Relationship.objects.order_by("name").only("slug", "name")


# --- the events the timeline draws -------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvents:
    markers: list[EventMarker]
    total: int
    aggregated: bool


def timeline_events(relationship: Relationship, months: Sequence[StoredMonth]) -> TimelineEvents:
    """Every event as a marker, or at scale (past MARKER_LIMIT) the most significant ones per
    month."""
    events = Event.objects.public().filter(relationship=relationship)
    total = events.count()
    if total <= MARKER_LIMIT:
        return TimelineEvents(event_markers(events), total, aggregated=False)
    ids = significant_event_ids(relationship, months)
    return TimelineEvents(event_markers(events.filter(pk_in(Event, ids))), total, aggregated=True)


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
    directions: dict[str, list[StoredMonth]]  # each acting side's code: its months
    turning_points: list[TurningPoint]
    turning_titles: dict[int, str]  # the titles of the events the turning points name

    @property
    def points(self) -> list[TemperatureMonth]:
        return [stored.month for stored in self.months]

    def direction_points(self, code: str) -> list[TemperatureMonth]:
        return [stored.month for stored in self.directions.get(code, ())]


def latest_events(relationship: Relationship, limit: int = LATEST) -> list[Event]:
    return list(
        Event.objects.public()
        .filter(relationship=relationship)
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
    WHERE review_status = 'approved'
    ORDER BY published_on DESC NULLS LAST, title
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
ORDER BY article.published_on DESC NULLS LAST, article.title
LIMIT %s
"""


def latest_articles(relationship: Relationship, limit: int = LATEST) -> list[Article]:
    """The newest approved articles cited by any agreement, observation or event of the
    relationship (what cites an approved article is public: CitedQuerySet.public)."""
    newest = RawSQL(_CITED_IN_RELATIONSHIP, [relationship.pk] * 3 + [limit])
    return list(
        Article.objects.filter(pk__in=newest)
        .select_related("source")
        .order_by(F("published_on").desc(nulls_last=True), "title")
    )


def dashboard_get(relationship: Relationship) -> Dashboard:
    """Everything the dashboard draws; `relationship` comes with its two countries."""
    codes = direction_codes(relationship)
    by_direction = temperature_months_by_direction(relationship, (OVERALL, *codes))
    months = by_direction.pop(OVERALL)
    turning = turning_point_list(relationship)
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
        directions=by_direction,
        turning_points=turning,
        turning_titles=turning_point_titles(turning),
    )


def chart_table(relationship: Relationship, name: str) -> Table | None:
    """The numbers a dashboard chart draws, by the chart's name; None for no such chart."""
    if name.startswith("metric-"):
        wanted = name.removeprefix("metric-")
        for series in metric_series(relationship):
            if series.slug == wanted:
                return metric_table(series)
        return None
    if name not in ("temperature", "events", "agreements", "directions", "turning-points"):
        return None
    if name == "directions":
        return directions_table(direction_lines(relationship))
    if name == "turning-points":
        points = turning_point_list(relationship)
        return turning_points_table(turning_marks(points, turning_point_titles(points)))
    months = temperature_months(relationship)
    if name == "temperature":
        return timeline_table([stored.month for stored in months])
    if name == "events":
        return events_table(timeline_events(relationship, months).markers)
    until = open_ended_until(relationship, months)
    return agreements_table(agreement_spans(relationship), until=until)


def direction_lines(
    relationship: Relationship, by_direction: dict[str, list[StoredMonth]] | None = None
) -> list[TemperatureLine]:
    """All events and each direction as lines, all events first; read if not given."""
    if by_direction is None:
        by_direction = temperature_months_by_direction(
            relationship, (OVERALL, *direction_codes(relationship))
        )
    return [
        TemperatureLine(
            key=key,
            label=direction_label(relationship, key) if key else "All events",
            points=tuple(stored.month for stored in by_direction.get(key, ())),
        )
        for key in (OVERALL, *direction_codes(relationship))
    ]


def turning_marks(points: Sequence[TurningPoint], titles: dict[int, str]) -> list[TurningMark]:
    """The turning points as the timeline marks them, each with its panel's address."""
    return [
        TurningMark(
            month=point.month,
            previous_value=point.previous_value,
            value=point.value,
            url=point.get_absolute_url(),
            movers=tuple(
                Contributor(title=titles[mover["event_id"]], share=mover["share"])
                for mover in point.movers
                if mover["event_id"] in titles
            ),
        )
        for point in points
    ]

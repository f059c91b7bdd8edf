"""The analyst pages: each view parses its parameters, calls selectors and renders a template.

A chart reaches its page as a ChartBlock: its plotly JSON (relations.charts, drawn by
static/js/dashboard.js), its table views and its CSV links; the CSV carries the table's cells.
"""

from __future__ import annotations

import datetime
import hashlib
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from api.csv import CsvColumn, csv_response
from relations.charts.agreements import agreements_height, agreements_spec
from relations.charts.inputs import MetricSeries
from relations.charts.metrics import metric_spec
from relations.charts.style import FigureSpec, band_label
from relations.charts.tables import (
    Table,
    agreements_table,
    directions_table,
    events_table,
    metric_table,
    timeline_table,
    turning_points_table,
)
from relations.charts.timeline import DIRECTION_COLOURS, OVERALL_COLOUR, timeline_spec
from relations.forms import DateRangeForm
from relations.models import Metric, Relationship
from relations.selectors.chart_inputs import metric_series_all
from relations.selectors.dashboard import (
    Dashboard,
    chart_table,
    dashboard_get,
    direction_lines,
    relationship_first,
    relationship_list,
    relationship_queryset,
    turning_marks,
)
from relations.selectors.detail_pages import (
    actor_page_queryset,
    agreement_lineage,
    article_citations,
    article_facts,
    article_page_queryset,
    cited_span_count,
    event_month_point,
    event_page_queryset,
    highlight_segments,
    metric_observations,
    stale_citation_count,
)
from relations.selectors.records.agreements import agreement_detail_queryset
from relations.selectors.search import search_all
from relations.selectors.temperature import direction_codes, direction_label, turning_point_panel
from relations.selectors.timeline import MARKERS_PER_MONTH, event_rows, events_in_range
from relations.temperature_moves import OVERALL

EVENTS_PER_PAGE = 100


# --- charts on a page ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableView:
    """A chart's table view: the CSV's cells under a caption, numeric columns right-aligned.

    Rendered rows are kept in Django's cache under a digest of the table's content (`key`), so
    a changed record makes new keys and nothing needs invalidating: a template loop over the
    5,000 cells of a large dashboard costs about 20 ms, a hit about 0.1 ms.
    """

    caption: str
    table: Table

    @property
    def row_count(self) -> int:
        return len(self.table.rows)

    @cached_property
    def key(self) -> str:
        content = pickle.dumps((self.table.columns, self.table.rows))
        return hashlib.blake2b(content, digest_size=16).hexdigest()

    @cached_property
    def headers(self) -> list[tuple[str, bool]]:
        columns = (column.replace("_", " ") for column in self.table.columns)
        return list(zip(columns, self.table.numeric_columns(), strict=True))

    @cached_property
    def body(self) -> list[list[tuple[bool, str]]]:
        numeric = self.table.numeric_columns()
        return [list(zip(numeric, row, strict=True)) for row in self.table.cells()]


@dataclass(frozen=True)
class ChartBlock:
    """One drawn chart on a page, with its table views and CSV downloads."""

    name: str
    title: str
    figure: FigureSpec
    tables: list[TableView] = field(default_factory=list)
    csv_links: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    note: str = ""
    size: str = "medium"
    height: int | None = None  # pixels, where the chart's height follows its content


def table_csv(table: Table, filename: str) -> StreamingHttpResponse:
    """A chart's table as CSV: the cells its table view shows."""
    columns = [CsvColumn(column, itemgetter(index)) for index, column in enumerate(table.columns)]
    return csv_response(table.cells(), columns, filename)


def _chart_csv_url(relationship: Relationship, name: str) -> str:
    return reverse("relations:chart_csv", args=[relationship.slug, name])


# The timeline's views of direction: all events (the default), one side's acts alone, or
# both sides' lines at once. The `direction` parameter holds it, so a copied address keeps it.
EACH_DIRECTION = "each"


@dataclass(frozen=True)
class DirectionChoice:
    value: str  # "" for all events, a side's code, or EACH_DIRECTION
    label: str
    url: str
    current: bool


def _direction_choices(relationship: Relationship, chosen: str) -> list[DirectionChoice]:
    base = reverse("relations:relationship", args=[relationship.slug])
    codes = direction_codes(relationship)
    options = [("", "All events")]
    options += [(code, direction_label(relationship, code)) for code in codes]
    options.append((EACH_DIRECTION, "Both directions"))
    return [
        DirectionChoice(
            value=value,
            label=label,
            url=f"{base}?direction={value}#chart-timeline" if value else f"{base}#chart-timeline",
            current=value == chosen,
        )
        for value, label in options
    ]


def _chosen_direction(request: HttpRequest, relationship: Relationship) -> str:
    """The `direction` asked for, if it is one of the views; anything else shows all events."""
    value = request.GET.get("direction", "").strip()
    if value.lower() == EACH_DIRECTION:
        return EACH_DIRECTION
    return value.upper() if value.upper() in direction_codes(relationship) else ""


def _timeline_block(data: Dashboard, direction: str = "") -> ChartBlock:
    relationship = data.relationship
    note = ""
    if data.events.aggregated:
        note = (
            f"{data.events.total:,} events: the timeline marks the "
            f"{len(data.events.markers):,} that moved the temperature most, up to "
            f"{MARKERS_PER_MONTH} a month."
        )
    lines = direction_lines(relationship, {OVERALL: data.months, **data.directions})
    overall, sides = lines[0], lines[1:]
    colours = dict(zip((line.key for line in sides), DIRECTION_COLOURS, strict=False))
    marks = turning_marks(data.turning_points, data.turning_titles)
    if direction == EACH_DIRECTION:
        main, beside, banded = sides[0], [sides[1], overall], False
    elif direction:
        main = next(line for line in sides if line.key == direction)
        beside, banded = [overall], True
    else:
        main, beside, banded = overall, [], True
    figure = timeline_spec(
        main.points,
        data.events.markers,
        data.agreements,
        period_start=relationship.period_start,
        period_end=relationship.period_end,
        label="Temperature" if main is overall else main.label,
        key=main.key,
        colour=colours.get(main.key, DIRECTION_COLOURS[0]) if main.key else OVERALL_COLOUR,
        banded=banded,
        lines=beside,
        line_colours=colours,
        turning_points=marks,
    )
    return ChartBlock(
        name="timeline",
        title="Temperature",
        figure=figure,
        tables=[
            TableView("Monthly temperature", timeline_table(data.points)),
            TableView("Events on the timeline", events_table(data.events.markers)),
            TableView("Temperature by direction", directions_table(lines)),
            TableView("Turning points", turning_points_table(marks)),
        ],
        csv_links=[
            ("Months CSV", _chart_csv_url(relationship, "temperature")),
            ("Events CSV", _chart_csv_url(relationship, "events")),
            ("Directions CSV", _chart_csv_url(relationship, "directions")),
            ("Turning points CSV", _chart_csv_url(relationship, "turning-points")),
        ],
        note=note,
        size="large",
    )


def _metric_block(relationship: Relationship, series: MetricSeries) -> ChartBlock:
    return ChartBlock(
        name=f"metric-{series.slug}",
        title=series.name,
        figure=metric_spec(
            series, period_start=relationship.period_start, period_end=relationship.period_end
        ),
        tables=[TableView(series.name, metric_table(series))],
        csv_links=[("CSV", _chart_csv_url(relationship, f"metric-{series.slug}"))],
        url=series.url,
        size="small",
    )


def _agreements_block(data: Dashboard) -> ChartBlock:
    relationship = data.relationship
    return ChartBlock(
        name="agreements",
        title="Agreements",
        figure=agreements_spec(
            data.agreements,
            until=data.until,
            period_start=relationship.period_start,
            period_end=relationship.period_end,
        ),
        tables=[TableView("Agreements", agreements_table(data.agreements, until=data.until))],
        csv_links=[("CSV", _chart_csv_url(relationship, "agreements"))],
        size="auto",
        height=agreements_height(sum(1 for agreement in data.agreements if agreement.signed_on)),
    )


# --- the dashboard -----------------------------------------------------------------------------


def _render_dashboard(request: HttpRequest, relationship: Relationship) -> HttpResponse:
    data = dashboard_get(relationship)
    latest = data.story.latest
    direction = _chosen_direction(request, relationship)
    context = {
        "relationship": relationship,
        "relationships": list(relationship_list()),
        "data": data,
        "story": data.story,
        "latest": latest,
        "latest_band": band_label(latest.value) if latest else "",
        "timeline": (
            _timeline_block(data, direction) if data.points or data.events.markers else None
        ),
        "direction_choices": _direction_choices(relationship, direction),
        "turning_points": turning_marks(data.turning_points, data.turning_titles),
        "metric_blocks": [_metric_block(relationship, series) for series in data.metrics],
        "agreements_block": (
            _agreements_block(data)
            if any(agreement.signed_on for agreement in data.agreements)
            else None
        ),
        "events_url": reverse("relations:relationship_events", args=[relationship.slug]),
    }
    return render(request, "relations/dashboard.html", context)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    relationship = relationship_first()
    if relationship is None:
        return render(request, "relations/empty.html")
    return _render_dashboard(request, relationship)


@require_safe
def relationship_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_dashboard(request, get_object_or_404(relationship_queryset(), slug=slug))


@require_safe
def chart_csv(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """The numbers a dashboard chart draws, as CSV with a header row."""
    relationship = get_object_or_404(relationship_queryset(), slug=slug)
    table = chart_table(relationship, name)
    if table is None:
        raise Http404("No such chart.")
    return table_csv(table, f"{relationship.slug}-{name}")


@require_safe
def turning_point(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    """A turning point's panel: the move, the events that made it, their sources and sentences."""
    relationship = get_object_or_404(relationship_queryset(), slug=slug)
    try:
        first_day = datetime.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise Http404("No such month.") from None
    panel = turning_point_panel(relationship, first_day)
    if panel is None:
        raise Http404("This month is not a turning point.")
    point = panel.turning_point
    context = {
        "relationship": relationship,
        "panel": panel,
        "point": point,
        "band": band_label(point.value),
        "previous_band": band_label(point.previous_value),
        "dashboard_url": reverse("relations:relationship", args=[relationship.slug]),
    }
    return render(request, "relations/turning_point.html", context)


# Every event of a range, in the order of relations.selectors.timeline.event_rows.
EVENT_CSV_COLUMNS = [
    CsvColumn(header, itemgetter(index))
    for index, header in enumerate(
        ("id", "date", "precision", "title", "category", "score", "confidence")
    )
]


@require_safe
def relationship_events(request: HttpRequest, slug: str) -> HttpResponse:
    """Every event of a relationship in a date range: what an aggregated timeline leaves out."""
    relationship = get_object_or_404(relationship_queryset(), slug=slug)
    form = DateRangeForm(request.GET)
    form.is_valid()  # an unreadable end is left open; the page says why
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    events = events_in_range(relationship, start, end)
    if request.GET.get("format") == "csv":
        # Streamed in chunks: a range may hold 100,000 events.
        rows = event_rows(events).iterator(chunk_size=5000)
        return csv_response(rows, EVENT_CSV_COLUMNS, f"{relationship.slug}-events")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "relationship": relationship,
        "page": Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page")),
        "start": start,
        "end": end,
        "form": form,
        "query": query.urlencode(),
    }
    return render(request, "relations/relationship_events.html", context)


# --- detail pages ------------------------------------------------------------------------------


def _curator(request: HttpRequest) -> bool:
    """Logged-in staff see facts awaiting review (marked as such); the public does not."""
    return request.user.is_authenticated and request.user.is_staff


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(event_page_queryset(curator=_curator(request)), pk=pk)
    point = event_month_point(event)
    context = {
        "pending": event.pending,
        "event": event,
        "citations": list(event.citations.all()),
        "point": point,
        "point_band": band_label(point.value) if point else "",
    }
    return render(request, "relations/event.html", context)


@require_safe
def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(agreement_detail_queryset(curator=_curator(request)), slug=slug)
    earlier, later = agreement_lineage(agreement)
    context = {
        "pending": agreement.pending,
        "agreement": agreement,
        "earlier": earlier,
        "later": later,
        "superseded_by": list(agreement.superseded_by.all()),
        "citations": list(agreement.citations.all()),
    }
    return render(request, "relations/agreement.html", context)


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(actor_page_queryset(curator=_curator(request)), slug=slug)
    return render(request, "relations/actor.html", {"actor": actor})


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(article_page_queryset(curator=_curator(request)), slug=slug)
    citations = article_citations(article)
    context = {
        "pending": article.review_status != article.ReviewStatus.APPROVED,
        "article": article,
        "agreement_facts": article_facts(citations, "agreement"),
        "observation_facts": article_facts(citations, "observation"),
        "event_facts": article_facts(citations, "event"),
        "segments": highlight_segments(article.text, citations),
        "highlighted": cited_span_count(citations),
        "stale": stale_citation_count(citations),
    }
    return render(request, "relations/article.html", context)


@require_safe
def metric_detail(request: HttpRequest, slug: str) -> HttpResponse:
    metric = get_object_or_404(Metric, slug=slug)
    observations = metric_observations(metric, curator=_curator(request))
    chart = None
    if observations:
        chart = ChartBlock(
            name=f"metric-{metric.slug}",
            title="Over time",
            figure=metric_spec(metric_series_all(metric, observations)),
            csv_links=[("CSV", reverse("relations:metric_csv", args=[metric.slug]))],
        )
    context = {"metric": metric, "observations": observations, "chart": chart}
    return render(request, "relations/metric.html", context)


@require_safe
def metric_csv(request: HttpRequest, slug: str) -> HttpResponse:
    metric = get_object_or_404(Metric, slug=slug)
    series = metric_series_all(metric, metric_observations(metric))
    return table_csv(metric_table(series), metric.slug)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # PostgreSQL text cannot hold NUL: drop it rather than fail in the query.
    q = request.GET.get("q", "").replace("\x00", "")
    return render(request, "relations/search.html", {"q": q, "results": search_all(q)})

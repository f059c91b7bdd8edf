"""The analyst pages: thin views over relations.selectors.dashboard/search and relations.charts.

Figures are built in Python and handed to the page as JSON in a <script type="application/json">
element (escaped as json_script escapes); static/js/dashboard.js draws them with Plotly.newPlot.
"""

from __future__ import annotations

import csv
import datetime
import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import orjson
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from relations import charts
from relations.models import Relationship, TemperaturePoint
from relations.selectors import dashboard as selectors
from relations.selectors.search import search_all

EVENTS_PER_PAGE = 100


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def figure_json(spec: charts.FigureSpec) -> SafeString:
    """A figure's JSON, safe inside a <script type="application/json"> element."""
    text = orjson.dumps(spec, default=_json_default).decode()
    # As json_script escapes (str.replace is several times faster than str.translate here).
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)


def cell(value) -> str:
    """A table cell as the CSV writes it: ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


@dataclass(frozen=True)
class TableView:
    """A chart's table view: the CSV's cells as HTML rows, numeric columns right-aligned."""

    columns: tuple[str, ...]
    row_count: int
    html: SafeString  # its <thead> and <tbody>


def table_view(table: charts.Table) -> TableView:
    numeric = {
        index
        for index in range(len(table.columns))
        if table.rows and all(isinstance(row[index], int | float) for row in table.rows)
    }
    columns = tuple(column.replace("_", " ") for column in table.columns)
    openers = [_NUMERIC_CELL if index in numeric else "<td>" for index in range(len(columns))]
    head = "".join(
        f'<th scope="col"{_NUMERIC if index in numeric else ""}>{html.escape(column)}</th>'
        for index, column in enumerate(columns)
    )
    # Built here, not in the template: a template loop over thousands of cells is slow.
    body = "".join(
        [
            "<tr>"
            + "".join(
                [
                    f"{opener}{html.escape(cell(value), quote=False)}</td>"
                    for opener, value in zip(openers, row, strict=True)
                ]
            )
            + "</tr>"
            for row in table.rows
        ]
    )
    return TableView(
        columns=columns,
        row_count=len(table.rows),
        html=mark_safe(f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"),
    )


_NUMERIC = ' class="num"'
_NUMERIC_CELL = '<td class="num">'


@dataclass(frozen=True)
class ChartBlock:
    """One drawn chart on a page, with its table view and CSV download."""

    name: str
    title: str
    figure: SafeString
    tables: list[tuple[str, TableView]]
    csv_links: list[tuple[str, str]]
    url: str = ""
    note: str = ""
    size: str = "medium"
    height: int | None = None  # pixels, where the chart's height follows its content


def csv_response(table: charts.Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([cell(value) for value in row])
    return response


def _chart_csv_url(relationship: Relationship, name: str) -> str:
    return reverse("relations:chart_csv", args=[relationship.slug, name])


def _timeline_block(data: selectors.Dashboard) -> ChartBlock:
    relationship = data.relationship
    figure = charts.timeline_spec(
        data.points,
        data.events.markers,
        data.agreements,
        period_start=relationship.period_start,
        period_end=relationship.period_end,
    )
    note = ""
    if data.events.aggregated:
        note = (
            f"{data.events.total:,} events: the timeline marks the "
            f"{len(data.events.markers):,} that moved the temperature most, up to "
            f"{selectors.MARKERS_PER_MONTH} a month."
        )
    return ChartBlock(
        name="timeline",
        title="Temperature",
        figure=figure_json(figure),
        tables=[
            ("Monthly temperature", table_view(charts.timeline_table(data.points))),
            ("Events on the timeline", table_view(charts.events_table(data.events.markers))),
        ],
        csv_links=[
            ("Months CSV", _chart_csv_url(relationship, "temperature")),
            ("Events CSV", _chart_csv_url(relationship, "events")),
        ],
        note=note,
        size="large",
    )


def _metric_block(relationship: Relationship, series: charts.MetricSeries) -> ChartBlock:
    figure = charts.metric_spec(
        series, period_start=relationship.period_start, period_end=relationship.period_end
    )
    return ChartBlock(
        name=f"metric-{series.slug}",
        title=series.name,
        figure=figure_json(figure),
        tables=[(series.name, table_view(charts.metric_table(series)))],
        csv_links=[("CSV", _chart_csv_url(relationship, f"metric-{series.slug}"))],
        url=series.url,
        size="small",
    )


def _agreements_block(data: selectors.Dashboard) -> ChartBlock:
    relationship = data.relationship
    figure = charts.agreements_spec(
        data.agreements,
        until=data.until,
        period_start=relationship.period_start,
        period_end=relationship.period_end,
    )
    return ChartBlock(
        name="agreements",
        title="Agreements",
        figure=figure_json(figure),
        tables=[
            ("Agreements", table_view(charts.agreements_table(data.agreements, until=data.until)))
        ],
        csv_links=[("CSV", _chart_csv_url(relationship, "agreements"))],
        size="auto",
        height=charts.agreements_height(
            sum(1 for agreement in data.agreements if agreement.signed_on)
        ),
    )


def _period(relationship: Relationship) -> str:
    start, end = relationship.period_start, relationship.period_end
    if start and end:
        return f"{start.year}–{end.year}" if start.year != end.year else f"{start.year}"
    if start:
        return f"since {start.year}"
    if end:
        return f"until {end.year}"
    return ""


def _render_dashboard(request: HttpRequest, relationship: Relationship) -> HttpResponse:
    data = selectors.dashboard_get(relationship)
    metric_blocks = [_metric_block(relationship, series) for series in data.metrics]
    has_agreements = any(agreement.signed_on for agreement in data.agreements)
    latest = data.story.latest
    context = {
        "relationship": relationship,
        "relationships": list(selectors.relationship_list()),
        "period": _period(relationship),
        "data": data,
        "story": data.story,
        "latest": latest,
        "latest_band": charts.band_label(latest.value) if latest else "",
        "timeline": _timeline_block(data) if data.points or data.events.markers else None,
        "metric_blocks": metric_blocks,
        "agreements_block": _agreements_block(data) if has_agreements else None,
        "events_url": reverse("relations:relationship_events", args=[relationship.slug]),
    }
    return render(request, "relations/dashboard.html", context)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    relationship = selectors.relationship_first()
    if relationship is None:
        return render(request, "relations/empty.html")
    return _render_dashboard(request, relationship)


def _relationship_or_404(slug: str) -> Relationship:
    relationship = selectors.relationship_get(slug)
    if relationship is None:
        raise Http404("No relationship with this slug.")
    return relationship


@require_safe
def relationship_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_dashboard(request, _relationship_or_404(slug))


@require_safe
def chart_csv(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """The numbers a dashboard chart draws, as CSV with a header row."""
    relationship = _relationship_or_404(slug)
    filename = f"{relationship.slug}-{name}.csv"
    if name == "temperature":
        months = selectors.temperature_months(relationship)
        return csv_response(charts.timeline_table([m.month for m in months]), filename)
    if name == "events":
        months = selectors.temperature_months(relationship)
        markers = selectors.timeline_events(relationship, months).markers
        return csv_response(charts.events_table(markers), filename)
    if name == "agreements":
        months = selectors.temperature_months(relationship)
        until = selectors.open_ended_until(relationship, months)
        table = charts.agreements_table(selectors.agreement_spans(relationship), until=until)
        return csv_response(table, filename)
    if name.startswith("metric-"):
        slug_wanted = name.removeprefix("metric-")
        for series in selectors.metric_series(relationship):
            if series.slug == slug_wanted:
                return csv_response(charts.metric_table(series), filename)
    raise Http404("No such chart.")


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _events_csv(events, filename: str) -> StreamingHttpResponse:
    """Every event of a range as CSV, streamed: a range may hold 100,000 of them."""
    writer = csv.writer(_Echo())
    columns = ("id", "date", "precision", "title", "category", "score", "confidence")
    rows = events.with_effective_score().values_list(
        "id",
        "occurred_on",
        "occurred_on_precision",
        "title",
        "category__name",
        "effective_score",
        "confidence",
    )
    lines = itertools.chain(
        [writer.writerow(columns)],
        (
            writer.writerow(
                [cell(value if not isinstance(value, Decimal) else float(value)) for value in row]
            )
            for row in rows.iterator(chunk_size=5000)
        ),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _parse_date(value: str | None) -> tuple[datetime.date | None, str]:
    """A YYYY, YYYY-MM or YYYY-MM-DD query parameter; an error message when unreadable."""
    if not value:
        return None, ""
    text = value.strip()
    try:
        if len(text) == 4:
            return datetime.date(int(text), 1, 1), ""
        if len(text) == 7:
            return datetime.date.fromisoformat(f"{text}-01"), ""
        return datetime.date.fromisoformat(text), ""
    except ValueError:
        return None, f"“{value}” is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)."


@require_safe
def relationship_events(request: HttpRequest, slug: str) -> HttpResponse:
    """Every event of a relationship in a date range: what an aggregated timeline leaves out."""
    relationship = _relationship_or_404(slug)
    start, start_error = _parse_date(request.GET.get("start"))
    end, end_error = _parse_date(request.GET.get("end"))
    events = selectors.events_in_range(relationship, start, end)
    if request.GET.get("format") == "csv":
        return _events_csv(events, f"{relationship.slug}-events.csv")
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "relations/relationship_events.html",
        {
            "relationship": relationship,
            "page": page,
            "start": start,
            "end": end,
            "errors": [error for error in (start_error, end_error) if error],
            "query": query.urlencode(),
        },
    )


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk)
    if event is None:
        raise Http404("No event with this id.")
    point = (
        TemperaturePoint.objects.filter(
            relationship_id=event.relationship_id, month=event.occurred_on.replace(day=1)
        )
        .only("value", "low", "high", "month")
        .first()
    )
    return render(
        request,
        "relations/event.html",
        {
            "event": event,
            "citations": list(event.citations.all()),
            "point": point,
            "point_band": charts.band_label(point.value) if point else "",
        },
    )


@require_safe
def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = selectors.agreement_get(slug)
    if agreement is None:
        raise Http404("No agreement with this slug.")
    earlier, later = selectors.agreement_lineage(agreement)
    return render(
        request,
        "relations/agreement.html",
        {
            "agreement": agreement,
            "earlier": earlier,
            "later": later,
            "superseded_by": list(agreement.superseded_by.all()),
            "citations": list(agreement.citations.all()),
        },
    )


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = selectors.actor_get(slug)
    if actor is None:
        raise Http404("No actor with this slug.")
    return render(request, "relations/actor.html", {"actor": actor})


@dataclass(frozen=True)
class Fact:
    """Something the record takes from an article, with the sentences it rests on."""

    item: object
    citations: list


def _facts(citations: Sequence, kind: str) -> list[Fact]:
    """The article's citations of one kind, one entry per cited agreement/observation/event."""
    grouped: dict[int, Fact] = {}
    for citation in citations:
        key = getattr(citation, f"{kind}_id")
        if key is None:
            continue
        if key not in grouped:
            grouped[key] = Fact(getattr(citation, kind), [])
        grouped[key].citations.append(citation)
    return list(grouped.values())


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_get(slug)
    if article is None:
        raise Http404("No article with this slug.")
    citations = selectors.article_citations(article)
    return render(
        request,
        "relations/article.html",
        {
            "article": article,
            "agreement_facts": _facts(citations, "agreement"),
            "observation_facts": _facts(citations, "observation"),
            "event_facts": _facts(citations, "event"),
            "segments": selectors.highlight_segments(article.text, citations),
            "highlighted": len(
                {(c.span_start, c.span_end) for c in citations if c.span_start is not None}
            ),
        },
    )


def _metric_chart(metric, observations: Sequence) -> ChartBlock:
    """A measure's page chart; the page's observations table is its table view."""
    series = selectors.metric_series_all(metric, observations)
    return ChartBlock(
        name=f"metric-{metric.slug}",
        title="Over time",
        figure=figure_json(charts.metric_spec(series)),
        tables=[],
        csv_links=[("CSV", reverse("relations:metric_csv", args=[metric.slug]))],
        size="medium",
    )


@require_safe
def metric_detail(request: HttpRequest, slug: str) -> HttpResponse:
    metric = selectors.metric_get(slug)
    if metric is None:
        raise Http404("No metric with this slug.")
    observations = selectors.metric_observations(metric)
    block = _metric_chart(metric, observations)
    return render(
        request,
        "relations/metric.html",
        {
            "metric": metric,
            "observations": observations,
            "chart": block if observations else None,
        },
    )


@require_safe
def metric_csv(request: HttpRequest, slug: str) -> HttpResponse:
    metric = selectors.metric_get(slug)
    if metric is None:
        raise Http404("No metric with this slug.")
    series = selectors.metric_series_all(metric, selectors.metric_observations(metric))
    return csv_response(charts.metric_table(series), f"{metric.slug}.csv")


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # PostgreSQL text cannot hold NUL: drop it rather than fail in the query.
    q = request.GET.get("q", "").replace("\x00", "")
    return render(request, "relations/search.html", {"q": q, "results": search_all(q)})

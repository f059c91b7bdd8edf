"""/compare/?r=ru-tj&r=ru-kg: two to four relationships side by side: their temperatures on
one time axis, each with its likely range, and the metrics they all measure."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api.params import SLUG_PATTERN
from relations.charts.compare import (
    ComparedTemperature,
    SharedMetric,
    compare_range,
    compare_spec,
    compare_table,
    shared_metric_spec,
    shared_metric_table,
)
from relations.models import Relationship
from relations.selectors.chart_inputs import metric_series
from relations.selectors.dashboard import relationship_list
from relations.selectors.timeline import temperature_months
from relations.views import ChartBlock, TableView, table_csv

FEWEST, MOST = 2, 4


def _problem(slugs: list[str]) -> str:
    """What is wrong with the relationships asked for, or ''."""
    if any(not re.fullmatch(SLUG_PATTERN, slug) for slug in slugs):
        return "Each r must be a relationship's slug, such as ru-tj."
    if len(set(slugs)) != len(slugs):
        return "Each relationship can be compared once: a slug is repeated."
    if not FEWEST <= len(slugs) <= MOST:
        return (
            f"Compare {FEWEST} to {MOST} relationships: give r once for each ({len(slugs)} given)."
        )
    return ""


def _refuse(request: HttpRequest, message: str, status: int, chosen: list[str]) -> HttpResponse:
    context = {"error": message, "choices": relationship_list(), "chosen": chosen}
    return render(request, "relations/browse/compare.html", context, status=status)


def _query(slugs: list[str], **extra: str) -> str:
    parts = [f"r={slug}" for slug in slugs] + [f"{key}={value}" for key, value in extra.items()]
    return "?" + "&".join(parts)


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    slugs = [slug.strip() for slug in request.GET.getlist("r") if slug.strip()]
    if not slugs:
        return render(
            request,
            "relations/browse/compare.html",
            {"choices": relationship_list(), "chosen": []},
        )
    problem = _problem(slugs)
    if problem:
        return _refuse(request, problem, 400, [])
    found = {
        relationship.slug: relationship
        for relationship in Relationship.objects.filter(slug__in=slugs)
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        return _refuse(request, f"No relationship is called {', '.join(missing)}.", 404, [])
    relationships = [found[slug] for slug in slugs]
    compared = [
        ComparedTemperature(
            slug=relationship.slug,
            name=relationship.name,
            points=tuple(stored.month for stored in temperature_months(relationship)),
        )
        for relationship in relationships
    ]
    series = {relationship.slug: metric_series(relationship) for relationship in relationships}
    shared_slugs = set.intersection(
        *({item.slug for item in measured} for measured in series.values())
    )
    shared = [
        SharedMetric(
            slug=first.slug,
            name=first.name,
            unit=first.unit,
            series=tuple(
                (
                    relationship.slug,
                    relationship.name,
                    next(s for s in series[relationship.slug] if s.slug == first.slug),
                )
                for relationship in relationships
            ),
        )
        for first in series[slugs[0]]
        if first.slug in shared_slugs
    ]
    tables = {"temperature": compare_table(compared)}
    tables.update({f"metric-{metric.slug}": shared_metric_table(metric) for metric in shared})
    wanted = request.GET.get("chart")
    if request.GET.get("format") == "csv":
        if wanted not in tables:
            names = ", ".join(tables)
            return _refuse(request, f"The charts here are {names}: give chart=…", 400, slugs)
        return table_csv(tables[wanted], f"compare-{'-'.join(slugs)}-{wanted}")
    blocks = [
        ChartBlock(
            name="compare-temperature",
            title="Temperature",
            figure=compare_spec(compared),
            tables=[TableView("Monthly temperature, side by side", tables["temperature"])],
            csv_links=[("CSV", _query(slugs, chart="temperature", format="csv"))],
            size="large",
        )
    ]
    blocks += [
        ChartBlock(
            name=f"compare-metric-{metric.slug}",
            title=metric.name,
            figure=shared_metric_spec(metric),
            tables=[TableView(metric.name, tables[f"metric-{metric.slug}"])],
            csv_links=[("CSV", _query(slugs, chart=f"metric-{metric.slug}", format="csv"))],
            size="medium",
        )
        for metric in shared
    ]
    extent = compare_range(compared)
    context = {
        "relationships": relationships,
        "blocks": blocks,
        "shared": shared,
        "extent": extent,
        "choices": relationship_list(),
        "chosen": slugs,
        "cite_title": "Relationships compared",
        "cite_relationships": " and ".join(relationship.name for relationship in relationships),
        "cite_slugs": "-vs-".join(slugs),
    }
    return render(request, "relations/browse/compare.html", context)

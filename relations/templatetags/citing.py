"""“Cite this” on every page and chart, and the names plotly gives a chart's image download.

A citation names what is cited (the page's record, or a chart), the relationship and range it
covers, the record's date and version (api/record_version.py: every write bumps it), and the
permalink: the page's own address, query included, which holds the page's whole state.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.utils.http import parse_http_date
from django.utils.text import slugify

from api.caching import last_modified_header
from relations.browse.pages import request_record_version
from relations.templatetags.reported import period

register = template.Library()

# The records a detail page shows, in the order a page's context is searched for one.
RECORD_KEYS = ("event", "agreement", "actor", "article", "metric")


@dataclass(frozen=True)
class PageCitation:
    title: str
    relationship: str
    range: str
    record_date: datetime.date | None
    version: int | None
    permalink: str

    @property
    def text(self) -> str:
        parts = [self.title]
        if self.relationship:
            parts.append(self.relationship)
        if self.range:
            parts.append(self.range)
        cited = ". ".join(part.rstrip(".") for part in parts)
        record = "Bilateral record"
        if self.record_date:
            record += f" of {self.record_date:%-d %B %Y}"
        if self.version is not None:
            record += f", version {self.version}"
        return f"{cited}. {record}. {self.permalink}"


def _record_facts(context) -> tuple[datetime.date | None, int | None, str]:
    request = context.get("request")
    if request is None:
        return None, None, ""
    version = request_record_version(request)
    recorded = datetime.datetime.fromtimestamp(
        parse_http_date(last_modified_header(version)), tz=datetime.UTC
    ).date()
    return recorded, version, request.build_absolute_uri()


def _page_subject(context) -> tuple[str, object | None]:
    """What a page shows (its record, else its relationship) and the relationship it is in."""
    for key in RECORD_KEYS:
        record = context.get(key)
        if record is not None:
            return str(record), getattr(record, "relationship", None)
    relationship = context.get("relationship")
    if relationship is not None:
        return f"{relationship.name} relations", relationship
    return "", None


@register.inclusion_tag("relations/browse/_cite.html", takes_context=True)
def cite_this(context, title: str = "", what: str = "page", range: str = "", key: str = "page"):
    """The citation of the page (or of something on it, `what`) as a reader copies it."""
    subject, relationship = _page_subject(context)
    names = context.get("cite_relationships") or (relationship.name if relationship else "")
    if not range and relationship is not None:
        range = period(relationship)
    recorded, version, permalink = _record_facts(context)
    citation = PageCitation(
        title=title or context.get("cite_title") or subject or "Bilateral",
        relationship=names if names != (title or subject) else "",
        range=range,
        record_date=recorded,
        version=version,
        permalink=permalink,
    )
    return {"cite": citation, "what": what, "key": key}


def _chart_range(chart) -> str:
    """The range a chart shows: its x axis's window, else the extent of its first table."""
    window = (chart.figure.get("layout", {}).get("xaxis") or {}).get("range")
    if window:
        return f"{str(window[0])[:7]} to {str(window[1])[:7]}"
    for table in chart.tables:
        firsts = [row[0] for row in table.table.rows if row and row[0]]
        if firsts:
            return f"{str(min(firsts))[:7]} to {str(max(firsts))[:7]}"
    return ""


@register.inclusion_tag("relations/browse/_cite.html", takes_context=True)
def cite_chart(context, chart):
    """The citation of one chart: its title, relationship and range."""
    return cite_this(
        context,
        title=f"{chart.title} (chart)",
        what="chart",
        range=_chart_range(chart),
        key=chart.name,
    )


@register.simple_tag(takes_context=True)
def chart_filename(context, chart) -> str:
    """The image download's name: chart, relationship(s) and range, e.g.
    'timeline-ru-tj-2004-01-to-2017-12'."""
    relationship = context.get("relationship")
    names = context.get("cite_slugs") or (relationship.slug if relationship else "")
    return slugify(f"{chart.name} {names} {_chart_range(chart)}")[:120]

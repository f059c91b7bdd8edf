"""What each browse list offers: its facets, columns, search, CSV columns and API parameters.

A list's rows come from the API's own selector (so the page, its facets' counts, its CSV and
the API read the same rows the same way), its CSV columns are the API's, and its search is the
API's `q` rule (articles.search.full_text, or an actor's any spelling). A facet names what rows
are grouped by for its counts (one GROUP BY each) and the condition a chosen value adds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, Expression, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear, Substr

from api.csv import CsvColumn
from articles.api import ARTICLE_COLUMNS
from articles.models import Article, DatePrecision
from articles.search import full_text
from articles.selectors import article_list
from relations.api.actors import ACTOR_COLUMNS
from relations.api.agreements import AGREEMENT_COLUMNS
from relations.api.events import EVENT_COLUMNS
from relations.api.metrics import METRIC_COLUMNS
from relations.api.relationships import RELATIONSHIP_COLUMNS
from relations.models import (
    ActorKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Citation,
    Event,
    EventCategory,
    Observation,
    Relationship,
)
from relations.selectors.browse import relationship_rows, relationship_side_counts
from relations.selectors.records.actors import actor_list, actor_named_like
from relations.selectors.records.agreements import agreement_list
from relations.selectors.records.common import actors_prefetch
from relations.selectors.records.events import event_list
from relations.selectors.records.metrics import metric_list
from relations.services.tallies import relationship_tallies_refresh

SLUG = r"[-a-zA-Z0-9_]{1,200}"
YEAR = r"[0-9]{4}"
COUNTRY = r"[A-Za-z]{2}"
PAGE_SIZE = 50


@dataclass(frozen=True)
class Facet:
    """A way to narrow a list down: its values are counted, and choosing one filters by it."""

    name: str  # the URL parameter
    label: str
    value: str | Expression  # what rows are grouped by
    where: Callable[[str], Q]  # the condition a chosen value adds
    pattern: str = SLUG  # what a value must look like (anything else is a 400)
    title: str | Expression | None = None  # each value's display name, grouped along
    choices: Mapping[str, str] | None = None  # display names of a choice field's values
    names: Callable[[Sequence[str]], Mapping[str, str]] | None = None  # display names, in bulk
    many: bool = False  # a row may hold several values: count distinct rows
    api: Callable[[str], dict[str, str]] | None = None  # the API's parameters for a value
    counts: Callable[[QuerySet], list[tuple[str, str, int]]] | None = None  # counted otherwise
    limit: int = 12  # the values shown, largest first
    by_value: bool = False  # show them in their own order (newest year first), not by count


@dataclass(frozen=True)
class Column:
    """A column of the list's table, sortable by `order` (a field or an annotation)."""

    name: str
    label: str
    order: str
    numeric: bool = False


@dataclass(frozen=True)
class BrowseList:
    name: str  # the URL name and path: /events/
    title: str
    noun: str
    rows: Callable[..., QuerySet]  # the rows matching every condition given (the API's selector)
    csv_columns: Sequence[CsvColumn]
    facets: tuple[Facet, ...]
    columns: tuple[Column, ...]
    default_sort: str
    search: Callable[[str], Q]
    search_help: str
    api_path: str
    api_ordering: Callable[[str], dict[str, str] | None] = lambda sort: None
    description: str = ""
    row_template: str = ""
    # What a page's rows show beyond their own columns (the CSV's citations are left out).
    page_prefetch: tuple = ()
    # The fields a page's rows show, through the links they name (every other one is left
    # unread); empty for all of them.
    page_fields: tuple[str, ...] = ()
    # Brings what the rows read from storage up to the record's version (given) first.
    prepare: Callable[[int], object] | None = None

    @cached_property
    def model(self):
        """The model the list's rows are."""
        return self.rows().model

    def facet(self, name: str) -> Facet | None:
        return next((facet for facet in self.facets if facet.name == name), None)

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)


# --- facet pieces ------------------------------------------------------------------------------


def _year_of(field_name: str, api_from: str | None = None, api_to: str | None = None) -> Facet:
    """Rows whose date `field_name` falls in a year (a range, so the date's index serves)."""

    def where(value: str) -> Q:
        year = int(value)
        return Q(
            **{
                f"{field_name}__gte": datetime.date(year, 1, 1),
                f"{field_name}__lt": datetime.date(year + 1, 1, 1),
            }
        )

    def api(value: str) -> dict[str, str]:
        return {api_from: f"{value}-01-01", api_to: f"{value}-12-31"}

    return Facet(
        name="year",
        label="Year",
        value=ExtractYear(field_name),
        where=where,
        pattern=YEAR,
        api=api if api_from else None,
        limit=40,
        by_value=True,
    )


def _precision_of(field_name: str) -> Facet:
    return Facet(
        name="precision",
        label="Date known to the",
        value=field_name,
        where=lambda value: Q(**{field_name: value}),
        pattern="day|month|year",
        choices=dict(DatePrecision.choices),
    )


def _relationship_named(slug: str) -> Q:
    """Rows of the relationship `slug`, by its id read first (one small query).

    With the id a literal, the planner sees how many rows the relationship holds and walks the
    (relationship, date, id) index for the count, each facet and the page; a join on the slug
    made it filter every row of the relationship by date, and a scalar subquery left it
    guessing (10 ms a facet instead of 1 at 100,000 events)."""
    relationship_id = Relationship.objects.filter(slug=slug).values_list("id", flat=True).first()
    if relationship_id is None:
        return Q(pk__in=[])  # no such relationship: no rows
    return Q(relationship_id=relationship_id)


def _relationship() -> Facet:
    return Facet(
        name="relationship",
        label="Relationship",
        value="relationship__slug",
        title="relationship__name",
        where=_relationship_named,
        api=lambda value: {"relationship": value},
    )


def _choice(name: str, label: str, choices: type, *, api: bool = True) -> Facet:
    return Facet(
        name=name,
        label=label,
        value=name,
        where=lambda value: Q(**{name: value}),
        pattern="|".join(choices.values),
        choices=dict(choices.choices),
        api=(lambda value: {name: value}) if api else None,
    )


def _linked_actor(model, link: str, *, name: str, label: str, api: str) -> Facet:
    """Rows linked to an actor (by slug) through the many-to-many field `link`."""
    through = getattr(model, link).through
    owner = f"{model._meta.model_name}_id"

    def where(value: str) -> Q:
        return Q(Exists(through.objects.filter(**{owner: OuterRef("pk")}, actor__slug=value)))

    return Facet(
        name=name,
        label=label,
        value=f"{link}__slug",
        title=f"{link}__name",
        where=where,
        many=True,
        api=lambda value: {api: value},
    )


def _cited_source(owner: str) -> Facet:
    """Rows citing an article of a publisher (by slug)."""

    def where(value: str) -> Q:
        citing = Citation.objects.filter(**{owner: OuterRef("pk")}, article__source__slug=value)
        return Q(Exists(citing))

    return Facet(
        name="source",
        label="Source",
        value="citations__article__source__slug",
        title="citations__article__source__name",
        where=where,
        many=True,
    )


def _category_names(codes: Sequence[str]) -> dict[str, str]:
    return dict(EventCategory.objects.filter(code__in=codes).values_list("code", "name"))


def _ordering_param(allowed: Mapping[str, str]) -> Callable[[str], dict[str, str] | None]:
    """The API's `ordering` for a sort by a column it can order by; None where it cannot."""

    def api(sort: str) -> dict[str, str] | None:
        descending = sort.startswith("-")
        field_name = allowed.get(sort.removeprefix("-"))
        if field_name is None:
            return None
        return {"ordering": f"{'-' if descending else ''}{field_name}"}

    return api


# --- the lists ---------------------------------------------------------------------------------


EVENTS = BrowseList(
    name="events",
    title="Events",
    noun="event",
    description="What happened between the two sides, scored from −10 (conflict) to +10.",
    rows=event_list,
    csv_columns=EVENT_COLUMNS,
    facets=(
        _relationship(),
        Facet(
            name="root",
            label="Category",
            value=Substr("category__code", 1, 2),
            where=lambda value: Q(category__code__startswith=value),
            pattern=r"[0-9]{2}",
            names=_category_names,
            api=lambda value: {"category": value},
            limit=20,
        ),
        Facet(
            name="category",
            label="Category code",
            value="category__code",
            title="category__name",
            where=lambda value: Q(category__code=value),
            pattern=r"[0-9]{2,4}",
            api=lambda value: {"category": value},
        ),
        _year_of("occurred_on", "occurred_from", "occurred_to"),
        _linked_actor(Event, "actors", name="actor", label="Actor", api="actor"),
        Facet(
            name="initiator",
            label="Acting side",
            value="initiator__code",
            title="initiator__name",
            where=lambda value: Q(initiator__code=value.upper()),
            pattern=COUNTRY,
        ),
        _cited_source("event"),
        _precision_of("occurred_on_precision"),
    ),
    columns=(
        Column("date", "Date", "occurred_on"),
        Column("title", "Event", "title"),
        Column("relationship", "Relationship", "relationship__name"),
        Column("category", "Category", "category__code"),
        Column("score", "Score", "effective_score", numeric=True),
        Column("confidence", "Confidence", "confidence", numeric=True),
    ),
    default_sort="-date",
    search=full_text,
    search_help='Words in the title or summary; "a phrase", or, -left out.',
    api_path="/api/events",
    row_template="relations/browse/rows/events.html",
    page_prefetch=(actors_prefetch("actors", to_attr="listed_actors"),),
    page_fields=(
        "title",
        "occurred_on",
        "occurred_on_precision",
        "confidence",
        "score_override",
        "relationship__name",
        "category__code",
        "category__name",
        "category__default_score",
    ),
)

AGREEMENTS = BrowseList(
    name="agreements",
    title="Agreements",
    noun="agreement",
    description="Treaties, accords, leases and summit decisions, with their status.",
    rows=agreement_list,
    csv_columns=AGREEMENT_COLUMNS,
    facets=(
        _relationship(),
        _choice("status", "Status", AgreementStatus),
        _choice("kind", "Kind", AgreementKind),
        _year_of("signed_on", "signed_from", "signed_to"),
        _linked_actor(Agreement, "parties", name="party", label="Party", api="party"),
        _cited_source("agreement"),
        _precision_of("signed_on_precision"),
    ),
    columns=(
        Column("signed", "Signed", "signed_on"),
        Column("title", "Agreement", "title"),
        Column("relationship", "Relationship", "relationship__name"),
        Column("kind", "Kind", "kind"),
        Column("status", "Status", "status"),
        Column("expires", "Expires", "expires_on"),
    ),
    default_sort="-signed",
    search=full_text,
    search_help="Words in the title, summary or provisions.",
    api_path="/api/agreements",
    api_ordering=_ordering_param(
        {"signed": "signed_on", "expires": "expires_on", "title": "title"}
    ),
    row_template="relations/browse/rows/agreements.html",
    page_prefetch=(actors_prefetch("parties", to_attr="listed_parties"),),
    page_fields=(
        "slug",
        "title",
        "kind",
        "status",
        "signed_on",
        "signed_on_precision",
        "expires_on",
        "expires_on_precision",
        "relationship__name",
    ),
)

ACTORS = BrowseList(
    name="actors",
    title="Actors",
    noun="actor",
    description="People, bodies, units, facilities and states, findable by any spelling.",
    rows=actor_list,
    csv_columns=ACTOR_COLUMNS,
    facets=(
        _choice("kind", "Kind", ActorKind),
        Facet(
            name="country",
            label="Country",
            value="country__code",
            title="country__name",
            where=lambda value: Q(country__code=value.upper()),
            pattern=COUNTRY,
            api=lambda value: {"country": value.upper()},
        ),
    ),
    columns=(
        Column("name", "Name", "name"),
        Column("kind", "Kind", "kind"),
        Column("country", "Country", "country__name"),
    ),
    default_sort="name",
    search=actor_named_like,
    search_help="Part of a name or of any spelling, case and accents aside.",
    api_path="/api/actors",
    row_template="relations/browse/rows/actors.html",
    page_prefetch=("aliases",),
)


def _approved_article_list(*where: Q) -> QuerySet[Article]:
    """Approved articles only: the evidence the record cites (as the API's default)."""
    return article_list(Q(review_status=Article.ReviewStatus.APPROVED), *where)


ARTICLES = BrowseList(
    name="articles",
    title="Articles",
    noun="article",
    description="The evidence: every article the record cites.",
    rows=_approved_article_list,
    csv_columns=ARTICLE_COLUMNS,
    facets=(
        Facet(
            name="source",
            label="Source",
            value="source__slug",
            title="source__name",
            where=lambda value: Q(source__slug=value),
            api=lambda value: {"source": value},
        ),
        _year_of("published_on", "published_from", "published_to"),
        _precision_of("published_on_precision"),
    ),
    columns=(
        Column("published", "Published", "published_on"),
        Column("title", "Article", "title"),
        Column("source", "Source", "source__name"),
    ),
    default_sort="-published",
    search=full_text,
    search_help="Words in the title, summary or full text.",
    api_path="/api/articles",
    row_template="relations/browse/rows/articles.html",
)


def _measured_in(slug: str) -> Q:
    """Metrics with a figure in the relationship `slug` (Exists: no duplicate rows)."""
    measured = Observation.objects.filter(metric=OuterRef("pk"), relationship__slug=slug)
    return Q(Exists(measured))


def _metric_search(text: str) -> Q:
    return Q(name__icontains=text) | Q(slug__icontains=text)


METRICS = BrowseList(
    name="metrics",
    title="Metrics",
    noun="metric",
    description="Quantities followed over time: debt, remittances, troops, migrants.",
    rows=metric_list,
    csv_columns=METRIC_COLUMNS,
    facets=(
        Facet(
            name="relationship",
            label="Relationship",
            value="observations__relationship__slug",
            title="observations__relationship__name",
            where=_measured_in,
            many=True,
        ),
        Facet(
            name="unit",
            label="Unit",
            value="unit",
            where=lambda value: Q(unit=value),
            pattern=r"[^\x00]{1,50}",
        ),
    ),
    columns=(
        Column("name", "Metric", "name"),
        Column("unit", "Unit", "unit"),
        Column("observations", "Figures", "observation_count", numeric=True),
    ),
    default_sort="name",
    search=_metric_search,
    search_help="Part of the metric's name.",
    api_path="/api/metrics",
    row_template="relations/browse/rows/metrics.html",
)


def _relationship_search(text: str) -> Q:
    return (
        Q(name__icontains=text)
        | Q(slug__icontains=text)
        | Q(country_a__name__icontains=text)
        | Q(country_b__name__icontains=text)
    )


RELATIONSHIPS = BrowseList(
    name="relationships",
    title="Relationships",
    noun="relationship",
    description="Every pair of countries the record covers, with its temperature now.",
    rows=relationship_rows,
    csv_columns=[
        *RELATIONSHIP_COLUMNS,
        CsvColumn("temperature", lambda r: r.temperature),
        CsvColumn("temperature_month", lambda r: r.temperature_month),
        CsvColumn("event_count", lambda r: r.event_count),
        CsvColumn("agreement_count", lambda r: r.agreement_count),
        CsvColumn("observation_count", lambda r: r.observation_count),
        CsvColumn("last_changed", lambda r: r.last_changed),
    ],
    facets=(
        Facet(
            name="country",
            label="Country",
            value="country_a__code",
            where=lambda value: Q(country_a__code=value.upper()) | Q(country_b__code=value.upper()),
            pattern=COUNTRY,
            api=lambda value: {"country": value.upper()},
            counts=relationship_side_counts,
        ),
    ),
    columns=(
        Column("name", "Relationship", "name"),
        Column("temperature", "Temperature", "temperature", numeric=True),
        Column("events", "Events", "event_count", numeric=True),
        Column("agreements", "Agreements", "agreement_count", numeric=True),
        Column("figures", "Figures", "observation_count", numeric=True),
        Column("changed", "Last changed", "last_changed"),
    ),
    default_sort="name",
    search=_relationship_search,
    search_help="Part of the name of the relationship or of either country.",
    api_path="/api/relationships",
    row_template="relations/browse/rows/relationships.html",
    prepare=lambda record_version: relationship_tallies_refresh(record_version=record_version),
)

LISTS = {
    browse_list.name: browse_list
    for browse_list in (RELATIONSHIPS, AGREEMENTS, EVENTS, ACTORS, ARTICLES, METRICS)
}

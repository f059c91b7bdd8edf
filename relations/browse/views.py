"""The browse pages: a list narrowed down by facets and search, ordered, paged, as CSV."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api.csv import csv_response
from relations.browse.lists import LISTS, PAGE_SIZE, BrowseList, Facet
from relations.browse.pages import request_record_version
from relations.browse.state import BrowseState, api_link, read_state
from relations.charts.sparkline import sparkline_description, sparkline_spec
from relations.charts.style import band_label
from relations.selectors.browse import list_tally, temperature_sparklines

CSV_CHUNK = 1000


@dataclass(frozen=True)
class FacetValue:
    value: str
    title: str
    count: int
    url: str
    chosen: bool


@dataclass(frozen=True)
class FacetGroup:
    facet: Facet
    values: list[FacetValue]
    chosen: str | None
    chosen_title: str
    clear_url: str


@dataclass(frozen=True)
class Header:
    label: str
    numeric: bool
    url: str
    sort: str  # "ascending", "descending" or "none" (aria-sort)


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (list_tally counted them, or kept the count)."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def _facet_group(state: BrowseState, facet: Facet, counts) -> FacetGroup:
    chosen = state.chosen.get(facet.name)
    values = [
        FacetValue(
            value=value,
            title=title,
            count=count,
            url=state.choose(facet.name, None if value == chosen else value).url(),
            chosen=value == chosen,
        )
        for value, title, count in counts
    ]
    chosen_title = next((item.title for item in values if item.chosen), chosen or "")
    return FacetGroup(
        facet=facet,
        values=values,
        chosen=chosen,
        chosen_title=chosen_title,
        clear_url=state.choose(facet.name, None).url(),
    )


def _headers(state: BrowseState) -> list[Header]:
    headers = []
    for column in state.browse_list.columns:
        current = state.sort.removeprefix("-") == column.name
        descending = state.sort.startswith("-")
        next_sort = f"-{column.name}" if current and not descending else column.name
        headers.append(
            Header(
                label=column.label,
                numeric=column.numeric,
                url=state.sorted_by(next_sort).url(),
                sort=("descending" if descending else "ascending") if current else "none",
            )
        )
    return headers


@dataclass(frozen=True)
class RelationshipRow:
    """A relationship on /relationships/, with its sparkline."""

    relationship: object
    band: str
    figure: dict
    description: str


def _relationship_rows(relationships: list) -> list[RelationshipRow]:
    series = temperature_sparklines(relationship.pk for relationship in relationships)
    rows = []
    for relationship in relationships:
        points = series.get(relationship.pk, [])
        rows.append(
            RelationshipRow(
                relationship=relationship,
                band=band_label(relationship.temperature)
                if relationship.temperature is not None
                else "",
                figure=sparkline_spec(points),
                description=sparkline_description(points),
            )
        )
    return rows


def _cite_title(browse_list: BrowseList, state: BrowseState, facets: list[FacetGroup]) -> str:
    """'Events (Relationship: Russia–Tajikistan; Year: 2011; search: base)'."""
    chosen = [f"{group.facet.label}: {group.chosen_title}" for group in facets if group.chosen]
    if state.q:
        chosen.append(f"search: {state.q}")
    return f"{browse_list.title} ({'; '.join(chosen)})" if chosen else browse_list.title


def _page_rows(browse_list: BrowseList, rows: QuerySet) -> QuerySet:
    """`rows` reading what a page shows: its prefetches, and its fields alone where named (at
    50 rows a page, the others cost 3 ms to read and build)."""
    shown = rows.prefetch_related(None).prefetch_related(*browse_list.page_prefetch)
    if not browse_list.page_fields:
        return shown
    links = {name.split("__")[0] for name in browse_list.page_fields if "__" in name}
    return shown.select_related(None).select_related(*links).only(*browse_list.page_fields)


def browse(request: HttpRequest, browse_list: BrowseList) -> HttpResponse:
    if browse_list.prepare is not None:
        browse_list.prepare(request_record_version(request))
    state = read_state(browse_list, request.GET)
    status = 400 if state.errors else 200
    where = state.where()
    rows = browse_list.rows(*where).order_by(*state.ordering())
    if request.GET.get("format") == "csv" and not state.errors:
        # Exactly the filtered set, in the page's order, with the API's columns; streamed.
        return csv_response(
            rows.iterator(chunk_size=CSV_CHUNK), browse_list.csv_columns, browse_list.name
        )
    shown = _page_rows(browse_list, rows)
    count, facet_values = list_tally(
        browse_list,
        rows,
        kept_as=state.kept_as(),
        record_version=request_record_version(request),
    )
    page = CountedPaginator(shown, PAGE_SIZE, count=count).get_page(state.page)
    facets = [
        _facet_group(state, facet, values)
        for facet, values in zip(browse_list.facets, facet_values, strict=True)
    ]
    api_url, api_left_out = api_link(state)
    items = list(page.object_list)
    context = {
        "list": browse_list,
        "cite_title": _cite_title(browse_list, state, facets),
        "state": state,
        "page": page,
        "items": items,
        "relationship_rows": _relationship_rows(items)
        if browse_list.name == "relationships"
        else [],
        "facets": facets,
        "headers": _headers(state),
        "csv_url": state.csv_url(),
        "api_url": api_url,
        "api_left_out": api_left_out,
        "first_url": state.on_page(1).url(),
        "previous_url": state.on_page(page.number - 1).url() if page.has_previous() else "",
        "next_url": state.on_page(page.number + 1).url() if page.has_next() else "",
        "clear_search_url": state.without_search().url(),
        "search_text": state.q,
    }
    return render(request, "relations/browse/list.html", context, status=status)


def browse_view(name: str):
    """The view of the list `name` (relations.browse.lists.LISTS)."""
    browse_list = LISTS[name]

    @require_safe
    def view(request: HttpRequest) -> HttpResponse:
        return browse(request, browse_list)

    view.__name__ = f"browse_{name}"
    view.__doc__ = f"/{name}/: {browse_list.description}"
    return view

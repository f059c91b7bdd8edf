"""A browse page's whole state, read from its URL and written back into links: the search,
the chosen facet values, the sort and the page. A copied address is a permalink."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q
from django.http import QueryDict

from relations.browse.lists import BrowseList

MAX_SEARCH = 200
# A list narrowed by one of these alone has its figures kept (BrowseState.kept_as).
KEPT_FACETS = ("relationship",)


@dataclass(frozen=True)
class BrowseState:
    browse_list: BrowseList
    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()  # (facet, value), in the list's facet order
    sort: str = ""
    page: str = "1"
    errors: tuple[str, ...] = ()

    @property
    def chosen(self) -> dict[str, str]:
        return dict(self.filters)

    def where(self) -> list[Q]:
        """The conditions the search and the chosen facet values add."""
        conditions = [self.browse_list.facet(name).where(value) for name, value in self.filters]
        if self.q:
            conditions.append(self.browse_list.search(self.q))
        return conditions

    def ordering(self) -> list:
        """The sort column's field, empty values last, then id: a stable order for paging."""
        column = self.browse_list.column(self.sort.removeprefix("-"))
        descending = self.sort.startswith("-")
        field = F(column.order)
        if not _never_empty(self.browse_list.model, column.order):
            field = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
        elif self.q:
            # A search's matches are few, and PostgreSQL cannot tell how few: it walked the
            # (relationship, date, id) index past a whole relationship for them (78,000 rows
            # for one match, 50 ms). A NULLS placement no index has (the same order where no
            # value is empty) makes it find the matches first and sort them.
            field = field.desc(nulls_last=True) if descending else field.asc(nulls_first=True)
        else:
            # No NULLS LAST where no value is empty: PostgreSQL walks a (..., date, id) index
            # backwards only for the plain DESC order, and otherwise sorts every matching row.
            field = field.desc() if descending else field.asc()
        return [field, "-id" if descending else "id"]

    def kept_as(self) -> str | None:
        """The name a list's count and facets are kept under for one version of the record,
        for the whole list and for one relationship's (the lists every relationship's pages
        link to, each read in all its sorts and pages); None where they are counted each time
        (relations.selectors.browse.list_tally)."""
        if self.q:
            return None
        if not self.filters:
            return "all"
        if len(self.filters) == 1 and self.filters[0][0] in KEPT_FACETS:
            name, value = self.filters[0]
            return f"{name}={value}"
        return None

    def params(self) -> list[tuple[str, str]]:
        """The URL's parameters: search, facets, sort (unless the default), page (past 1)."""
        params = [("q", self.q)] if self.q else []
        params += list(self.filters)
        if self.sort != self.browse_list.default_sort:
            params.append(("sort", self.sort))
        if self.page not in ("", "1"):
            params.append(("page", self.page))
        return params

    def url(self) -> str:
        params = self.params()
        return f"?{urlencode(params)}" if params else "?"

    def csv_url(self) -> str:
        """Every row of the filtered set (not the page) as CSV."""
        params = [(name, value) for name, value in self.params() if name != "page"]
        return f"?{urlencode([*params, ('format', 'csv')])}"

    def choose(self, facet: str, value: str | None) -> BrowseState:
        """This state with a facet's value chosen (or cleared), back on the first page."""
        chosen = self.chosen
        if value is None:
            chosen.pop(facet, None)
        else:
            chosen[facet] = value
        order = [facet.name for facet in self.browse_list.facets]
        filters = tuple(sorted(chosen.items(), key=lambda item: order.index(item[0])))
        return replace(self, filters=filters, page="1")

    def sorted_by(self, sort: str) -> BrowseState:
        return replace(self, sort=sort, page="1")

    def on_page(self, page: int) -> BrowseState:
        return replace(self, page=str(page))

    def without_search(self) -> BrowseState:
        return replace(self, q="", page="1")


def _never_empty(model, path: str) -> bool:
    """Whether the field `path` (e.g. occurred_on, relationship__name) is NOT NULL on every
    row of `model`; False for an annotation or anything reached through a nullable link."""
    for part in path.split("__"):
        if model is None:  # a lookup past a plain field
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.null or field.many_to_many or field.one_to_many:
            return False
        model = field.related_model
    return True


def read_state(browse_list: BrowseList, query: QueryDict) -> BrowseState:
    """The state a URL asks for; what cannot be read is left out and named in `errors`."""
    errors = []
    # PostgreSQL text cannot hold NUL: a search with one is bad input, not a 500.
    q = " ".join(query.get("q", "").split())
    if "\x00" in q or len(q) > MAX_SEARCH:
        errors.append(f"The search must be at most {MAX_SEARCH} characters of text.")
        q = ""
    filters = []
    for facet in browse_list.facets:
        value = query.get(facet.name, "").strip()
        if not value:
            continue
        if re.fullmatch(facet.pattern, value):
            filters.append((facet.name, value))
        else:
            errors.append(f"“{value[:40]}” is not a {facet.label.lower()} this list knows.")
    sort = query.get("sort", "") or browse_list.default_sort
    if browse_list.column(sort.removeprefix("-")) is None:
        names = ", ".join(column.name for column in browse_list.columns)
        errors.append(f"The list can be sorted by {names} ('-' first for descending).")
        sort = browse_list.default_sort
    return BrowseState(
        browse_list=browse_list,
        q=q,
        filters=tuple(filters),
        sort=sort,
        page=query.get("page", "1"),
        errors=tuple(errors),
    )


def api_link(state: BrowseState) -> tuple[str, list[str]]:
    """The same query in the API, and what of it the API cannot ask (left out of the link)."""
    browse_list = state.browse_list
    params: dict[str, str] = {}
    left_out = []
    for name, value in state.filters:
        facet = browse_list.facet(name)
        if facet.api is None:
            left_out.append(facet.label.lower())
        else:
            params.update(facet.api(value))
    if state.q:
        params["q"] = state.q
    if state.sort != browse_list.default_sort:
        ordering = browse_list.api_ordering(state.sort)
        if ordering is None:
            left_out.append("the order")
        else:
            params.update(ordering)
    query = urlencode(params)
    return browse_list.api_path + (f"?{query}" if query else ""), left_out

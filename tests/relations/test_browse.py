"""The browse pages: facets with counts, search, ordering, paging, CSV of exactly the filtered
set, the API link, the URL as the whole state, and a query count that does not grow."""

import csv
import datetime
import io
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse

from relations.browse.lists import LISTS, PAGE_SIZE
from relations.browse.state import read_state
from relations.models import Agreement, Event, EventCategory
from relations.selectors.browse import facet_group_by, tally_counts
from relations.services.rollup import temperature_recompute
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db

# A list's count and all its facets are one query (the matching rows read once, the GROUP BYs
# joined by UNION ALL: relations.selectors.browse.tally_counts); with the record's version, the
# page, its prefetches and labels these hold whatever the size of the record. /relationships/
# counts its tallies again on the first read after a write (whether stale, the count, the
# upsert: 3 queries), which its bound includes. Each bound holds one query more: the first read
# of a version of the record also reads its date (Last-Modified), kept after that.
LIST_QUERIES = {
    "relationships": 10,
    "agreements": 5,
    "events": 6,
    "actors": 5,
    "articles": 4,
    "metrics": 4,
}
# Narrowed by facets and sorted (the bench's pages): the relationship's id is read first.
NARROWED_QUERIES = {
    "events": ("?relationship=aa-bb&year=2004&root=05&sort=-score", 7),
    "agreements": ("?relationship=aa-bb&status=in_force&year=2004&sort=title", 6),
}


def category(code: str) -> EventCategory:
    return EventCategory.objects.get(code=code)


@pytest.fixture
def record():
    """Two relationships with events, agreements, actors and figures."""
    alpha = factories.RelationshipFactory(
        slug="aa-bb",
        name="Alpha–Beta",
        country_a=factories.CountryFactory(code="AA", name="Alpha"),
        country_b=factories.CountryFactory(code="BB", name="Beta"),
    )
    gamma = factories.RelationshipFactory(
        slug="aa-cc",
        name="Alpha–Gamma",
        country_a=alpha.country_a,
        country_b=factories.CountryFactory(code="CC", name="Gamma"),
    )
    wire = factories.SourceFactory(name="Daily Wire", slug="daily-wire")
    post = factories.SourceFactory(name="Evening Post", slug="evening-post")
    president = factories.ActorFactory(
        slug="president-b", name="Emomali Rahmon", aliases=("Rahmonov",)
    )
    for year, code, title in [
        (2004, "057", "Base accord signed"),
        (2004, "10", "Beta demands the guards leave"),
        (2005, "04", "Talks on migrants"),
        (2011, "12", "Beta rejects the pilots' appeal"),
    ]:
        event = factories.EventFactory(
            relationship=alpha,
            title=title,
            occurred_on=D(year, 6, 1),
            category=category(code),
        )
        event.actors.add(president)
        factories.CitationFactory(
            event=event, article=factories.ArticleFactory(source=wire, published_on=D(year, 6, 2))
        )
    gamma_event = factories.EventFactory(
        relationship=gamma, title="Gamma signs a pipeline deal", category=category("057")
    )
    factories.CitationFactory(event=gamma_event, article=factories.ArticleFactory(source=post))
    base = factories.AgreementFactory(
        relationship=alpha, slug="base-deal", title="Military base deal", signed_on=D(2004, 10, 16)
    )
    base.parties.add(president)
    factories.AgreementFactory(
        relationship=alpha,
        slug="water-deal",
        title="Water sharing",
        signed_on=D(2012, 3, 1),
        status=Agreement.Status.SIGNED,
    )
    factories.AgreementFactory(relationship=gamma, slug="gas-deal", title="Gas transit")
    debt = factories.MetricFactory(slug="debt", name="Debt owed", unit="USD")
    factories.ObservationFactory(metric=debt, relationship=alpha, period_start=D(2004, 1, 1))
    factories.ObservationFactory(metric=debt, relationship=gamma, period_start=D(2005, 1, 1))
    factories.ObservationFactory(
        metric=factories.MetricFactory(slug="troops", name="Troops", unit="persons"),
        relationship=alpha,
        value=7000,
        unit="persons",
    )
    for relationship in (alpha, gamma):
        temperature_recompute(relationship=relationship)
    return alpha


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def facet(response, name: str) -> dict[str, int]:
    """A facet's values as the page shows them: title -> count."""
    (group,) = [group for group in response.context["facets"] if group.facet.name == name]
    return {value.title: value.count for value in group.values}


def link(response, facet_name: str, title: str) -> str:
    (group,) = [group for group in response.context["facets"] if group.facet.name == facet_name]
    (value,) = [value for value in group.values if value.title == title]
    return response.request["PATH_INFO"] + value.url


@pytest.mark.parametrize("name", list(LISTS))
def test_every_list_renders_within_its_query_bound(
    client, record, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(f"relations:{name}"))
    assert response.status_code == 200
    assert f'href="{reverse(f"relations:{name}")}" aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("name", list(LISTS))
def test_query_count_does_not_grow_with_the_record(
    client, record, name, django_assert_max_num_queries
):
    for number in range(60):
        event = factories.EventFactory(
            relationship=record, title=f"More {number}", category=category("04")
        )
        event.actors.add(factories.ActorFactory())
        factories.AgreementFactory(relationship=record)
        factories.ArticleFactory()
    with django_assert_max_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(f"relations:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", list(NARROWED_QUERIES))
def test_a_narrowed_list_renders_within_its_query_bound(
    client, record, name, django_assert_max_num_queries
):
    query, bound = NARROWED_QUERIES[name]
    for number in range(60):
        factories.EventFactory(relationship=record, occurred_on=D(2004, 1, 1 + number % 28))
        factories.AgreementFactory(relationship=record, signed_on=D(2004, 2, 1 + number % 28))
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(f"relations:{name}") + query)
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


def test_the_whole_list_is_counted_once_per_version_of_the_record(
    client, record, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    url = reverse("relations:events")
    assert client.get(url).context["page"].paginator.count == 5
    # Its count and facets are kept under the record's version: the page alone is read.
    with django_assert_max_num_queries(LIST_QUERIES["events"] - 2):
        again = client.get(url + "?sort=title")
    assert again.context["page"].paginator.count == 5
    assert facet(again, "relationship") == {"Alpha–Beta": 4, "Alpha–Gamma": 1}
    factories.EventFactory(relationship=record, category=category("04"))
    changed = client.get(url)
    assert changed.context["page"].paginator.count == 6
    assert facet(changed, "relationship") == {"Alpha–Beta": 5, "Alpha–Gamma": 1}


def test_one_relationships_list_is_counted_once_per_version_but_a_narrower_one_each_time(
    client, record, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    url = reverse("relations:events") + "?relationship=aa-bb"
    assert client.get(url).context["page"].paginator.count == 4
    with django_assert_max_num_queries(4):  # version, relationship, page, actors
        again = client.get(url + "&sort=title")
    assert facet(again, "year") == {"2011": 1, "2005": 1, "2004": 2}
    factories.EventFactory(relationship=record, occurred_on=D(2005, 3, 1))
    changed = client.get(url)
    assert changed.context["page"].paginator.count == 5
    assert facet(changed, "year") == {"2011": 1, "2005": 2, "2004": 2}
    # Narrowed further (or searched), the figures are counted on each request.
    assert client.get(url + "&year=2005").context["page"].paginator.count == 2
    factories.EventFactory(relationship=record, occurred_on=D(2005, 4, 1))
    assert client.get(url + "&year=2005&sort=title").context["page"].paginator.count == 3


def _states(browse_list) -> list[dict[str, str]]:
    """No condition, each facet's every value alone, and a search."""
    states = [{}, {"q": "deal"}]
    _count, counts = tally_counts(browse_list.rows(), browse_list.facets)
    for facet_, values in zip(browse_list.facets, counts, strict=True):
        states += [{facet_.name: value} for value, _title, _rows in values]
    return states


@pytest.mark.parametrize("name", list(LISTS))
def test_one_query_tallies_as_each_facet_counted_alone(record, name):
    """The tally reads the matching rows once, under the table's own name (a CTE carrying only
    the columns the GROUP BYs read): it counts what each facet's GROUP BY and a count over the
    filtered rows count, in every state of every list."""
    browse_list = LISTS[name]
    for chosen in _states(browse_list):
        where = read_state(browse_list, QueryDict(urlencode(chosen))).where()
        matching = browse_list.rows(*where)
        count, counts = tally_counts(matching, browse_list.facets)
        assert count == matching.count(), chosen
        for index, (facet_, found) in enumerate(zip(browse_list.facets, counts, strict=True)):
            if facet_.counts is not None:
                continue
            alone = {
                row["facet_value"]: row["facet_rows"]
                for row in facet_group_by(matching, facet_, index)
            }
            assert {value: rows for value, _title, rows in found} == alone, (chosen, facet_.name)


@pytest.mark.parametrize("name", ["events", "agreements"])
def test_rows_name_their_actors(client, record, name):
    """A page's rows read only the fields they show, and their actors as a plain list."""
    body = client.get(reverse(f"relations:{name}")).content.decode()
    assert '<span class="browse__sub">Emomali Rahmon</span>' in body


def test_nav_leads_to_every_list(client, record):
    page = client.get(reverse("relations:home")).content.decode()
    for name in LISTS:
        assert f'href="{reverse(f"relations:{name}")}"' in page
    assert f'href="{reverse("relations:compare")}"' in page


def test_event_facets_count_the_filtered_set(client, record):
    response = client.get(reverse("relations:events"))
    assert facet(response, "relationship") == {"Alpha–Beta": 4, "Alpha–Gamma": 1}
    assert facet(response, "year") == {"2011": 1, "2005": 1, "2004": 3}
    assert facet(response, "root")["Engage in diplomatic cooperation"] == 2
    assert facet(response, "actor") == {"Emomali Rahmon": 4}
    assert facet(response, "source") == {"Daily Wire": 4, "Evening Post": 1}

    narrowed = client.get(link(response, "relationship", "Alpha–Beta"))
    assert narrowed.context["page"].paginator.count == 4
    assert facet(narrowed, "relationship") == {"Alpha–Beta": 4}
    assert facet(narrowed, "source") == {"Daily Wire": 4}
    by_year = client.get(link(narrowed, "year", "2004"))
    assert {event.title for event in by_year.context["items"]} == {
        "Base accord signed",
        "Beta demands the guards leave",
    }
    assert dict(parse_qsl(urlsplit(link(narrowed, "year", "2004")).query)) == {
        "relationship": "aa-bb",
        "year": "2004",
    }


def test_facets_count_only_what_the_list_shows(client, record, settings):
    settings.PAGE_CACHE = False
    hidden = factories.EventFactory(
        relationship=record, title="Read from an article awaiting review", category=category("04")
    )
    factories.CitationFactory(
        event=hidden, article=factories.ArticleFactory(review_status="pending")
    )
    response = client.get(reverse("relations:events") + "?relationship=aa-bb")
    assert response.context["page"].paginator.count == 4
    assert facet(response, "relationship") == {"Alpha–Beta": 4}
    assert sum(facet(response, "year").values()) == 4
    agreement = Agreement.objects.get(slug="water-deal")
    factories.CitationFactory(
        agreement=agreement, article=factories.ArticleFactory(review_status="pending")
    )
    response = client.get(reverse("relations:agreements") + "?relationship=aa-bb")
    assert response.context["page"].paginator.count == 1
    assert facet(response, "relationship") == {"Alpha–Beta": 1}


def test_choosing_a_chosen_value_again_clears_it(client, record):
    response = client.get(reverse("relations:events") + "?relationship=aa-bb")
    assert link(response, "relationship", "Alpha–Beta") == reverse("relations:events") + "?"


def test_search_uses_the_full_text_rule(client, record):
    response = client.get(reverse("relations:events") + "?q=guards")
    assert [event.title for event in response.context["items"]] == ["Beta demands the guards leave"]
    actors = client.get(reverse("relations:actors") + "?q=rahmonov")
    assert [actor.slug for actor in actors.context["items"]] == ["president-b"]


def test_ordering_by_any_column_shown(client, record, settings):
    settings.PAGE_CACHE = False  # each page is asked for twice; the second must render
    for name, browse_list in LISTS.items():
        for column in browse_list.columns:
            for sort in (column.name, f"-{column.name}"):
                response = client.get(reverse(f"relations:{name}") + f"?sort={sort}")
                assert response.status_code == 200, (name, sort)
    ascending = client.get(reverse("relations:events") + "?sort=score")
    scores = [event.effective_score for event in ascending.context["items"]]
    assert scores == sorted(scores)
    descending = client.get(reverse("relations:events") + "?sort=-score")
    descending_scores = [event.effective_score for event in descending.context["items"]]
    assert descending_scores == sorted(scores, reverse=True)


def test_empty_values_sort_last_and_a_column_without_any_keeps_its_index_order(client, record):
    undated = factories.AgreementFactory(relationship=record, signed_on=None)
    agreements = client.get(reverse("relations:agreements") + "?sort=-signed")
    assert agreements.context["items"][-1] == undated
    # occurred_on is never empty: a plain DESC, which the (relationship, date, id) index serves.
    events = client.get(reverse("relations:events") + "?relationship=aa-bb")
    query = str(events.context["page"].object_list.query)
    assert 'ORDER BY "relations_event"."occurred_on" DESC, "relations_event"."id" DESC' in query
    assert [event.occurred_on for event in events.context["items"]] == sorted(
        (event.occurred_on for event in events.context["items"]), reverse=True
    )
    # A search's few matches are found first, then sorted: an order no index serves.
    searched = client.get(reverse("relations:events") + "?relationship=aa-bb&q=base&sort=date")
    query = str(searched.context["page"].object_list.query)
    assert 'ORDER BY "relations_event"."occurred_on" ASC NULLS FIRST' in query
    assert [event.title for event in searched.context["items"]] == ["Base accord signed"]


def test_headers_link_to_their_sort_and_say_which_is_current(client, record):
    response = client.get(reverse("relations:agreements") + "?sort=title")
    headers = {header.label: header for header in response.context["headers"]}
    assert headers["Agreement"].sort == "ascending"
    assert headers["Agreement"].url == "?sort=-title"
    assert headers["Signed"].sort == "none"
    assert 'aria-sort="ascending"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?year=20x4", "?sort=nonsense", "?relationship=a%20b", "?initiator=ABC", "?q=" + "x" * 300],
)
def test_bad_input_is_a_400_that_says_why(client, record, query):
    response = client.get(reverse("relations:events") + query)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_nul_in_the_search_is_a_400_not_a_500(client, record):
    response = client.get(reverse("relations:events"), {"q": "base\x00"})
    assert response.status_code == 400


def test_pages_of_fifty_with_links_that_keep_the_state(client, record):
    Event.objects.bulk_create(
        Event(
            relationship=record,
            title=f"Routine consultation {number}",
            occurred_on=D(2010, 1, 1) + datetime.timedelta(days=number),
            category=category("04"),
        )
        for number in range(PAGE_SIZE + 5)
    )
    first = client.get(reverse("relations:events") + "?year=2010")
    assert len(first.context["items"]) == PAGE_SIZE
    assert first.context["next_url"] == "?year=2010&page=2"
    second = client.get(reverse("relations:events") + first.context["next_url"])
    assert len(second.context["items"]) == 5
    assert not {event.pk for event in first.context["items"]} & {
        event.pk for event in second.context["items"]
    }
    assert second.context["previous_url"] == "?year=2010"


def test_csv_holds_exactly_the_filtered_set_with_the_api_columns(client, record):
    url = reverse("relations:events") + "?relationship=aa-bb&root=05&sort=date"
    page = client.get(url)
    assert page.context["csv_url"] == "?relationship=aa-bb&root=05&sort=date&format=csv"
    rows = read_csv(client.get(reverse("relations:events") + page.context["csv_url"]))
    assert rows[0] == [column.header for column in LISTS["events"].csv_columns]
    expected = Event.objects.filter(relationship=record, category__code__startswith="05")
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(expected.values_list("pk", flat=True))


@pytest.mark.parametrize("name", list(LISTS))
def test_every_list_has_a_csv(client, record, name):
    rows = read_csv(client.get(reverse(f"relations:{name}") + "?format=csv"))
    browse_list = LISTS[name]
    assert rows[0] == [column.header for column in browse_list.csv_columns]
    assert len(rows) - 1 == browse_list.rows().count()


def test_api_link_asks_the_api_for_the_same_rows(client, record):
    response = client.get(reverse("relations:agreements") + "?relationship=aa-bb&status=in_force")
    api_url = response.context["api_url"]
    assert api_url == "/api/agreements?relationship=aa-bb&status=in_force"
    api = client.get(api_url).json()
    assert [item["slug"] for item in api["items"]] == [
        agreement.slug for agreement in response.context["items"]
    ]


def test_api_link_names_what_the_api_cannot_ask(client, record):
    response = client.get(reverse("relations:events") + "?source=daily-wire&year=2004")
    assert response.context["api_url"] == (
        "/api/events?occurred_from=2004-01-01&occurred_to=2004-12-31"
    )
    assert response.context["api_left_out"] == ["source"]


def test_relationships_show_temperature_band_counts_and_sparkline(client, record):
    response = client.get(reverse("relations:relationships"))
    rows = {row.relationship.slug: row for row in response.context["relationship_rows"]}
    alpha = rows["aa-bb"]
    assert alpha.relationship.event_count == 4
    assert alpha.relationship.agreement_count == 2
    assert alpha.relationship.observation_count == 2
    assert alpha.relationship.temperature is not None
    assert alpha.band in ("cold", "cool", "neutral", "warm", "close")
    assert alpha.relationship.last_changed is not None
    # The overall series only: each side's acts are stored beside it, month for month.
    overall = record.temperature_points.filter(direction="").order_by("month")
    assert record.temperature_points.exclude(direction="").exists()
    line = alpha.figure["data"][0]
    assert len(line["x"]) == overall.count()
    assert line["x"] == sorted(set(line["x"]))
    assert alpha.relationship.temperature == overall.last().value
    page = response.content.decode()
    assert 'id="figure-spark-aa-bb"' in page
    assert "?relationship=aa-bb" in page


def test_relationships_read_stored_tallies_counted_again_after_a_write(
    client, record, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    url = reverse("relations:relationships")

    def counts() -> dict[str, tuple]:
        items = client.get(url).context["items"]
        return {r.slug: (r.event_count, r.agreement_count, r.observation_count) for r in items}

    assert counts()["aa-bb"] == (4, 2, 2)
    with django_assert_max_num_queries(LIST_QUERIES["relationships"] - 3):
        assert counts()["aa-bb"] == (4, 2, 2)  # the stored tallies, not counted again
    factories.EventFactory(relationship=record, category=category("04"))
    pending = factories.ArticleFactory(review_status="pending")
    factories.CitationFactory(
        agreement=Agreement.objects.get(slug="water-deal"), article=pending
    )  # citing only an article awaiting review: no longer public
    assert counts()["aa-bb"] == (5, 1, 2)
    newest = Event.objects.filter(relationship=record).latest("updated").updated
    response = client.get(url)
    (alpha,) = [r for r in response.context["items"] if r.slug == "aa-bb"]
    assert alpha.last_changed >= newest


def test_relationships_facet_counts_either_side(client, record):
    response = client.get(reverse("relations:relationships"))
    assert facet(response, "country") == {"Alpha": 2, "Beta": 1, "Gamma": 1}
    narrowed = client.get(reverse("relations:relationships") + "?country=cc")
    assert [relationship.slug for relationship in narrowed.context["items"]] == ["aa-cc"]


def test_metrics_narrowed_to_a_relationship_keep_their_counts(client, record):
    response = client.get(reverse("relations:metrics") + "?relationship=aa-cc")
    assert [(metric.slug, metric.observation_count) for metric in response.context["items"]] == [
        ("debt", 2)
    ]


def test_detail_pages_link_back_to_their_lists_filtered(client, record):
    event = Event.objects.filter(relationship=record).first()
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{reverse("relations:events")}?relationship=aa-bb"' in page
    agreement = Agreement.objects.get(slug="base-deal")
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert f'href="{reverse("relations:agreements")}?relationship=aa-bb"' in page
    page = client.get(reverse("relations:actor", args=["president-b"])).content.decode()
    assert f'href="{reverse("relations:events")}?actor=president-b"' in page
    assert f'href="{reverse("relations:agreements")}?party=president-b"' in page
    follow = client.get(reverse("relations:events") + "?actor=president-b")
    assert follow.context["page"].paginator.count == 4


def test_every_page_carries_a_citation_with_the_record_version(client, record):
    response = client.get(reverse("relations:events") + "?relationship=aa-bb")
    page = response.content.decode()
    text = re.search(r'<p class="cite__text" data-cite>(.*?)</p>', page).group(1)
    assert "version" in text and "http://testserver/events/?relationship=aa-bb" in text
    dashboard = client.get(record.get_absolute_url()).content.decode()
    assert dashboard.count('class="cite"') >= 2  # the page and each chart
    assert 'data-filename="timeline-aa-bb-' in dashboard


# --- page caching -----------------------------------------------------------------------------


def test_pages_answer_304_to_their_etag_until_the_record_changes(client, record):
    url = reverse("relations:events") + "?relationship=aa-bb"
    first = client.get(url)
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    factories.EventFactory(relationship=record, title="A new quarrel", category=category("12"))
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again["ETag"] != etag
    assert "A new quarrel" in again.content.decode()


def test_a_cached_page_is_served_without_rendering(client, record, django_assert_max_num_queries):
    url = reverse("relations:relationship", args=["aa-bb"])
    client.get(url)
    with django_assert_max_num_queries(1):  # the record's version (a listener would hold it)
        response = client.get(url)
    assert response.status_code == 200 and "Alpha–Beta" in response.content.decode()


def test_other_paths_and_queries_are_not_served_each_others_pages(client, record):
    one = client.get(reverse("relations:events") + "?relationship=aa-bb")
    other = client.get(reverse("relations:events") + "?relationship=aa-cc")
    assert one["ETag"] != other["ETag"]
    assert other.context["page"].paginator.count == 1


def test_a_400_is_not_cached(client, record):
    response = client.get(reverse("relations:events") + "?year=abcd")
    assert response.status_code == 400 and not response.has_header("ETag")

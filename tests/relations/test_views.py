"""The analyst pages: every page renders, 404s for unknown ids, a bounded number of queries."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.models import Article
from relations.models import (
    Actor,
    Agreement,
    Event,
    EventCategory,
    Metric,
    Relationship,
    TemperaturePoint,
)
from relations.selectors import dashboard as dashboard_selectors
from relations.selectors.detail_pages import highlight_segments
from relations.selectors.timeline import MARKERS_PER_MONTH
from relations.services.rollup import temperature_recompute
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db

# Bounds: every page reads in bulk, so these hold whatever the size of the record.
# The dashboard's 12, plus the record version and Last-Modified its cache validators read.
DASHBOARD_QUERIES = 14
DETAIL_QUERIES = 8

ARTICLE_TEXT = (
    "Officials met in the capital on Tuesday. The two presidents signed the base accord. "
    "Observers expect more talks."
)


def category(code: str) -> EventCategory:
    return EventCategory.objects.get(code=code)


@pytest.fixture
def record():
    """A small relationship: events with sources, a lineage of agreements, two measures."""
    relationship = factories.RelationshipFactory(
        slug="aa-bb",
        name="Alpha–Beta",
        country_a=factories.CountryFactory(code="AA", name="Alpha"),
        country_b=factories.CountryFactory(code="BB", name="Beta"),
        period_start=D(2004, 1, 1),
        period_end=D(2006, 12, 31),
    )
    publisher = factories.SourceFactory(name="Daily Wire", slug="daily-wire")
    article = factories.ArticleFactory(
        slug="base-accord",
        title="Presidents sign the base accord",
        source=publisher,
        published_on=D(2004, 10, 17),
        text=ARTICLE_TEXT,
    )
    older = factories.ArticleFactory(
        slug="guards-told-to-go",
        title="Guards told to go",
        source=publisher,
        published_on=D(2004, 3, 15),
    )
    president = factories.ActorFactory(
        slug="president-b", name="Emomali Rahmon", aliases=("Rahmonov", "Rakhmon")
    )
    factories.ActorRoleFactory(
        actor=president, title="President of Beta", started_on=D(1994, 11, 16)
    )
    quarrel = factories.EventFactory(
        relationship=relationship,
        title="Beta asks the guards to leave",
        occurred_on=D(2004, 3, 15),
        category=category("10"),
    )
    factories.CitationFactory(article=older, event=quarrel, quote="asks the guards to leave")
    signing = factories.EventFactory(
        relationship=relationship,
        title="Base accord signed",
        occurred_on=D(2004, 10, 16),
        category=category("057"),
        score_override=Decimal("9.0"),
        score_override_reason="A founding treaty, more than a routine signature.",
    )
    signing.actors.add(president)
    start = ARTICLE_TEXT.index("The two presidents")
    end = ARTICLE_TEXT.index("accord.") + len("accord.")
    factories.CitationFactory(
        article=article,
        event=signing,
        span_start=start,
        span_end=end,
        quote=ARTICLE_TEXT[start:end],
    )
    factories.EventFactory(
        relationship=relationship,
        title="Talks sometime in 2005",
        occurred_on=D(2005, 1, 1),
        occurred_on_precision="year",
        category=category("04"),
    )
    base = factories.AgreementFactory(
        relationship=relationship,
        slug="base-deal",
        title="Base deal",
        signed_on=D(2004, 10, 16),
        expires_on=D(2014, 1, 1),
        expires_on_precision="year",
        status=Agreement.Status.SUPERSEDED,
        provisions=["The division becomes a base.", "Rent is waived."],
    )
    base.parties.add(president)
    factories.CitationFactory(article=article, agreement=base, quote="signed the base accord")
    factories.AgreementFactory(
        relationship=relationship,
        slug="base-extension",
        title="Base extension to 2042",
        signed_on=D(2006, 10, 5),
        expires_on=D(2042, 1, 1),
        expires_on_precision="year",
        extends=base,
    )
    factories.AgreementFactory(
        relationship=relationship,
        slug="open-deal",
        title="Open deal",
        signed_on=D(2005, 6, 1),
        signed_on_precision="month",
    )
    debt = factories.MetricFactory(slug="debt", name="Debt owed", unit="USD")
    troops = factories.MetricFactory(slug="troops", name="Troops", unit="persons")
    owed = factories.ObservationFactory(
        metric=debt,
        relationship=relationship,
        value=Decimal("300000000"),
        period_start=D(2004, 1, 1),
    )
    factories.CitationFactory(
        article=older, observation=owed, quote="a debt of 300 million dollars"
    )
    factories.ObservationFactory(
        metric=debt,
        relationship=relationship,
        value=Decimal("250000000"),
        period_start=D(2005, 1, 1),
        qualifier="claimed",
        claimed_by=president,
    )
    factories.ObservationFactory(
        metric=troops,
        relationship=relationship,
        value=Decimal("7000"),
        unit="persons",
        period_start=D(2005, 6, 1),
        period_precision="month",
        qualifier="approximate",
    )
    temperature_recompute(relationship=relationship)
    return relationship


def figures(response) -> dict[str, dict]:
    """The figures a page hands to plotly.js, by chart name."""
    found = re.findall(
        r'<script type="application/json" id="figure-([\w-]+)">(.*?)</script>',
        response.content.decode(),
        flags=re.S,
    )
    return {name: json.loads(text) for name, text in found}


def trace(figure: dict, meta: str) -> dict:
    (found,) = [item for item in figure["data"] if item.get("meta") == meta]
    return found


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    if response.streaming:
        body = b"".join(
            part if isinstance(part, bytes) else part.encode()
            for part in response.streaming_content
        )
    else:
        body = response.content
    return list(csv.reader(io.StringIO(body.decode())))


# --- the dashboard ------------------------------------------------------------------------


def test_home_shows_the_first_relationship_by_name(client, record):
    factories.RelationshipFactory(
        slug="zz-yy",
        name="Zeta–Yota",
        country_a=factories.CountryFactory(code="ZZ", name="Zeta"),
        country_b=factories.CountryFactory(code="YY", name="Yota"),
    )
    response = client.get(reverse("relations:home"))
    assert response.status_code == 200
    assert "<h1>Alpha–Beta</h1>" in response.content.decode()
    assert "Zeta–Yota" in response.content.decode()  # offered in the switcher


def test_home_without_a_relationship_shows_a_friendly_empty_state(client, db):
    response = client.get(reverse("relations:home"))
    assert response.status_code == 200
    assert "No relationship recorded yet" in response.content.decode()


def test_dashboard_draws_every_chart_with_its_table_and_csv(client, record):
    response = client.get(reverse("relations:relationship", args=["aa-bb"]))
    assert response.status_code == 200
    drawn = figures(response)
    assert set(drawn) == {"timeline", "metric-debt", "metric-troops", "agreements"}
    page = response.content.decode()
    for name in ("temperature", "events", "agreements", "metric-debt", "metric-troops"):
        assert reverse("relations:chart_csv", args=["aa-bb", name]) in page
    # Months, directions, turning points, events, 2 measures, agreements.
    assert page.count('class="chart__table"') == 7
    assert "plotly.min.js" in page and "cdn" not in page.lower()


def test_dashboard_timeline_has_a_marker_per_event_linking_to_its_page(client, record):
    response = client.get(reverse("relations:relationship", args=["aa-bb"]))
    events = trace(figures(response)["timeline"], "events")
    expected = Event.objects.filter(relationship=record).order_by("occurred_on", "id")
    assert events["customdata"] == [event.get_absolute_url() for event in expected]
    assert "Source: Guards told to go — Daily Wire, 15 March 2004" in events["hovertext"][0]


def test_dashboard_timeline_opens_on_the_period_and_marks_signatures(client, record):
    figure = figures(client.get(reverse("relations:relationship", args=["aa-bb"])))["timeline"]
    assert figure["layout"]["xaxis"]["range"] == ["2004-01-01", "2006-12-31"]
    signatures = {
        item["name"]
        for item in figure["layout"]["annotations"]
        if item["name"].startswith("signature-")
    }
    assert signatures == {"signature-2004-10-16", "signature-2005-06-01", "signature-2006-10-05"}


def test_dashboard_tells_the_story_from_the_stored_rollup(client, record):
    page = client.get(reverse("relations:relationship", args=["aa-bb"])).content.decode()
    assert "Coldest in" in page and "Warmest in" in page
    assert "“Base accord signed”" in page


def test_dashboard_reads_the_stored_rollup_and_never_recomputes(client, record, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page recomputed the temperature")

    monkeypatch.setattr("relations.temperature.compute_temperature", refuse)
    monkeypatch.setattr("relations.services.rollup.compute_directed_temperature", refuse)
    TemperaturePoint.objects.filter(relationship=record).update(value=61.0, low=55.0, high=66.0)
    response = client.get(reverse("relations:relationship", args=["aa-bb"]))
    line = trace(figures(response)["timeline"], "temperature")
    assert set(line["y"]) == {61.0}


def test_dashboard_query_count_does_not_grow_with_the_record(
    client, record, django_assert_max_num_queries
):
    for day in range(1, 29):
        event = factories.EventFactory(
            relationship=record, occurred_on=D(2005, 2, day), category=category("042")
        )
        factories.CitationFactory(event=event)
        factories.ObservationFactory(
            metric=factories.MetricFactory(slug=f"metric-{day}"), relationship=record
        )
    factories.AgreementFactory.create_batch(5, relationship=record)
    temperature_recompute(relationship=record)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("relations:relationship", args=["aa-bb"]))
    assert response.status_code == 200
    assert len(figures(response)) == 1 + 30 + 1


def test_dashboard_without_events_or_rollup_still_renders(client, db):
    factories.RelationshipFactory(slug="bare", name="Bare pair")
    response = client.get(reverse("relations:relationship", args=["bare"]))
    assert response.status_code == 200
    assert "no temperature to draw" in response.content.decode()


def test_large_timelines_mark_the_top_contributors_of_each_month(client, record, monkeypatch):
    monkeypatch.setattr(dashboard_selectors, "MARKER_LIMIT", 5)
    for day in range(1, 21):
        factories.EventFactory(
            relationship=record, occurred_on=D(2005, 3, day), category=category("042")
        )
    temperature_recompute(relationship=record)
    response = client.get(reverse("relations:relationship", args=["aa-bb"]))
    events = trace(figures(response)["timeline"], "events")
    total = Event.objects.filter(relationship=record).count()
    assert 0 < len(events["x"]) < total
    per_month: dict[str, int] = {}
    for date in events["x"]:
        per_month[date[:7]] = per_month.get(date[:7], 0) + 1
    assert max(per_month.values()) <= MARKERS_PER_MONTH
    page = response.content.decode()
    assert f"{total:,} events" in page
    assert reverse("relations:relationship_events", args=["aa-bb"]) in page
    # The CSV carries the markers drawn, not every event.
    rows = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "events"])))
    assert len(rows) - 1 == len(events["x"])


# --- CSV downloads ---------------------------------------------------------------------------


def test_temperature_csv_holds_the_drawn_months(client, record):
    figure = figures(client.get(reverse("relations:relationship", args=["aa-bb"])))["timeline"]
    line = trace(figure, "temperature")
    rows = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "temperature"])))
    assert rows[0] == ["month", "temperature", "low", "high", "events"]
    assert [row[0] for row in rows[1:]] == line["x"]
    assert [float(row[1]) for row in rows[1:]] == line["y"]
    assert rows[1][0] == "2004-01-01"


def test_events_csv_holds_the_drawn_markers(client, record):
    figure = figures(client.get(reverse("relations:relationship", args=["aa-bb"])))["timeline"]
    events = trace(figure, "events")
    rows = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "events"])))
    assert rows[0][:2] == ["date", "precision"]
    assert [row[0] for row in rows[1:]] == events["x"]
    assert [float(row[4]) for row in rows[1:]] == events["y"]


def test_metric_csv_holds_the_drawn_points(client, record):
    figure = figures(client.get(reverse("relations:relationship", args=["aa-bb"])))["metric-debt"]
    drawn = trace(figure, "reported")["y"] + trace(figure, "claimed")["y"]
    rows = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "metric-debt"])))
    assert [float(row[2]) for row in rows[1:]] == drawn == [300000000.0, 250000000.0]
    assert rows[1][2] == "300000000"  # whole numbers without a trailing .0


def test_agreements_csv_holds_one_row_per_bar(client, record):
    figure = figures(client.get(reverse("relations:relationship", args=["aa-bb"])))["agreements"]
    bars = trace(figure, "agreements")
    rows = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "agreements"])))
    assert [row[3] for row in rows[1:]] == bars["base"]
    drawn_to = {row[0]: row[5] for row in rows[1:]}
    assert drawn_to["Open deal"] == "2006-12-31"  # open-ended: drawn to the period's end


def test_csv_of_an_unknown_chart_or_relationship_is_404(client, record):
    assert client.get(reverse("relations:chart_csv", args=["aa-bb", "nothing"])).status_code == 404
    assert (
        client.get(reverse("relations:chart_csv", args=["aa-bb", "metric-nope"])).status_code == 404
    )
    assert client.get(reverse("relations:chart_csv", args=["nope", "events"])).status_code == 404


# --- all events of a range ---------------------------------------------------------------------


def test_relationship_events_lists_a_range(client, record, django_assert_max_num_queries):
    url = reverse("relations:relationship_events", args=["aa-bb"])
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(url, {"start": "2004-06", "end": "2004-12-31"})
    page = response.content.decode()
    assert "Base accord signed" in page and "Beta asks the guards" not in page


def test_relationship_events_csv_and_bad_dates(client, record):
    url = reverse("relations:relationship_events", args=["aa-bb"])
    rows = read_csv(client.get(url, {"start": "2004", "format": "csv"}))
    assert len(rows) == 1 + 3 and rows[0][1] == "date"
    signing = next(row for row in rows if row[3] == "Base accord signed")
    assert signing[1:3] == ["2004-10-16", "day"] and float(signing[5]) == 9.0
    response = client.get(url, {"start": "last tuesday"})
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


# --- detail pages -----------------------------------------------------------------------------


def test_event_page_shows_date_category_score_reason_actors_and_quotes(
    client, record, django_assert_max_num_queries
):
    event = Event.objects.get(title="Base accord signed")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(event.get_absolute_url())
    page = response.content.decode()
    assert "16 October 2004" in page and "known to the day" in page
    assert "057 Sign formal agreement" in page
    assert "+9.0" in page and "A founding treaty" in page
    assert "Emomali Rahmon" in page
    assert "The two presidents signed the base accord." in page
    assert f"#cite-{event.citations.get().pk}" in page


def test_event_page_explains_a_category_score(client, record):
    event = Event.objects.get(title="Talks sometime in 2005")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "2005" in page and "known to the year" in page
    assert "default weight of category 04" in page


@pytest.mark.parametrize(
    ("url_name", "key"),
    [
        ("relationship", "no-such"),
        ("event", 999999),
        ("agreement", "nope"),
        ("actor", "nope"),
        ("article", "nope"),
        ("metric", "nope"),
        ("metric_csv", "nope"),
    ],
)
def test_page_of_an_unknown_record_is_404(client, db, url_name, key):
    assert client.get(reverse(f"relations:{url_name}", args=[key])).status_code == 404


def test_agreement_page_shows_parties_dates_provisions_and_lineage_both_ways(
    client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("relations:agreement", args=["base-deal"]))
    page = response.content.decode()
    assert "Emomali Rahmon" in page
    assert "16 October 2004" in page and "known to the year" in page  # expiry 2014
    assert "Rent is waived." in page
    assert reverse("relations:agreement", args=["base-extension"]) in page
    assert "signed the base accord" in page
    later = client.get(reverse("relations:agreement", args=["base-extension"])).content.decode()
    assert reverse("relations:agreement", args=["base-deal"]) in later


def test_actor_page_shows_aliases_roles_events_and_agreements(
    client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("relations:actor", args=["president-b"]))
    page = response.content.decode()
    for text in ("Rahmonov", "Rakhmon", "President of Beta", "Base accord signed", "Base deal"):
        assert text in page


def test_article_page_lists_the_facts_taken_from_it_and_highlights_cited_sentences(
    client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("relations:article", args=["base-accord"]))
    page = response.content.decode()
    assert "Daily Wire" in page and "https://news.example/" in page
    assert reverse("relations:agreement", args=["base-deal"]) in page
    assert Event.objects.get(title="Base accord signed").get_absolute_url() in page
    citation = Event.objects.get(title="Base accord signed").citations.get()
    assert re.search(
        rf'<span class="anchor" id="cite-{citation.pk}"></span><mark class="cited"[^>]*>'
        r"The two presidents signed the base accord\.</mark>",
        page,
    )
    assert "Officials met in the capital on Tuesday. " in page


def test_article_with_figures_names_them(client, record):
    page = client.get(reverse("relations:article", args=["guards-told-to-go"])).content.decode()
    assert "Debt owed" in page and "USD 300 million" in page


def test_metric_page_draws_the_chart_and_lists_observations_with_citations(
    client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("relations:metric", args=["debt"]))
    page = response.content.decode()
    assert set(figures(response)) == {"metric-debt"}
    assert "USD 300 million" in page and "Guards told to go" in page
    assert "a debt of 300 million dollars" in page
    assert "Claimed by a party" in page
    rows = read_csv(client.get(reverse("relations:metric_csv", args=["debt"])))
    assert rows[0][-1] == "relationship" and rows[1][-1] == "Alpha–Beta"


def test_pages_refuse_writes(client, record):
    assert client.post(reverse("relations:relationship", args=["aa-bb"])).status_code == 405


# --- the demo record ----------------------------------------------------------------------------


def test_demo_dashboard_draws_every_chart_within_the_query_bound(
    client, demo_record, django_assert_max_num_queries
):
    relationship = Relationship.objects.order_by("name").first()
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("relations:home"))
    assert response.status_code == 200
    drawn = figures(response)
    measured = Metric.objects.filter(observations__relationship=relationship).distinct().count()
    assert len(drawn) == 1 + measured + 1
    events = trace(drawn["timeline"], "events")
    assert len(events["x"]) == Event.objects.filter(relationship=relationship).count()
    assert drawn["timeline"]["layout"]["xaxis"]["range"] == [
        relationship.period_start.isoformat(),
        relationship.period_end.isoformat(),
    ]


def test_every_demo_page_renders_within_the_query_bound(
    client, demo_record, django_assert_max_num_queries
):
    urls = (
        [event.get_absolute_url() for event in Event.objects.all()]
        + [agreement.get_absolute_url() for agreement in Agreement.objects.all()]
        + [actor.get_absolute_url() for actor in Actor.objects.all()]
        + [
            reverse("relations:article", args=[slug])
            for slug in Article.objects.values_list("slug", flat=True)
        ]
        + [metric.get_absolute_url() for metric in Metric.objects.all()]
    )
    assert urls
    for url in urls:
        with django_assert_max_num_queries(DETAIL_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url


# --- highlighting cited sentences ---------------------------------------------------------------


class Cited:
    """Stands in for a Citation: only the span and the primary key matter here."""

    def __init__(self, pk, start, end):
        self.pk, self.span_start, self.span_end = pk, start, end


def test_highlighting_cuts_the_text_at_every_span_and_keeps_each_anchor():
    text = "Zero one two three four."
    first, same, inner = Cited(1, 5, 12), Cited(2, 5, 12), Cited(3, 9, 12)
    segments = highlight_segments(text, [inner, first, same])
    assert "".join(segment.text for segment in segments) == text
    assert [
        (s.text, [c.pk for c in s.citations], [c.pk for c in s.starting]) for s in segments
    ] == [
        ("Zero ", [], []),
        ("one ", [1, 2], [1, 2]),
        ("two", [3, 1, 2], [3]),
        (" three four.", [], []),
    ]


def test_highlighting_ignores_spans_outside_the_text():
    segments = highlight_segments("Short.", [Cited(1, 2, 99), Cited(2, None, None)])
    assert [(segment.text, segment.citations) for segment in segments] == [("Short.", ())]


def test_an_unknown_page_answers_with_the_site_layout_and_a_way_back(client, db):
    response = client.get("/events/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Nothing in the record here" in body
    assert 'href="/"' in body

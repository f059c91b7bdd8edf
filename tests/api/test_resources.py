"""The rest of the family: relationships, actors, events, metrics, observations, articles,
temperature and deletions: filters, details, 404s, CSV and query counts."""

import datetime
from decimal import Decimal

import pytest

from api.models import Deletion
from relations.models import (
    Agreement,
    EventCategory,
    Observation,
    TemperaturePoint,
)
from tests import factories
from tests.api.conftest import get_csv, get_json, ids

pytestmark = pytest.mark.django_db

D = datetime.date


# --- Relationships --------------------------------------------------------------------------


def test_relationships_filter_by_country_and_detail_counts(api, pair, other_pair):
    factories.EventFactory(relationship=pair)
    factories.ObservationFactory(relationship=pair)

    assert [item["slug"] for item in get_json(api, "/api/relationships?country=tj")["items"]] == [
        "ru-tj"
    ]
    assert get_json(api, "/api/relationships")["count"] == 2
    detail = get_json(api, "/api/relationships/ru-tj")
    assert detail["country_a"] == {"code": "RU", "name": "Russia"}
    assert (detail["agreement_count"], detail["event_count"], detail["observation_count"]) == (
        0,
        1,
        1,
    )
    assert get_json(api, "/api/relationships/nowhere", status=404) == {"detail": "Not Found"}
    assert get_json(api, "/api/relationships?country=TJK", status=422)["detail"][0]["loc"] == [
        "query",
        "country",
    ]


def test_relationship_slug_with_bad_characters_is_422(api):
    body = get_json(api, "/api/relationships/ru%20tj", status=422)

    assert body["detail"][0]["loc"] == ["path", "slug"]


# --- Actors ---------------------------------------------------------------------------------


def test_actor_search_matches_any_alias_whatever_its_case_and_accents(api):
    rahmon = factories.ActorFactory(
        name="Emomali Rahmon",
        country=factories.CountryFactory(code="TJ", name="Tj"),
        aliases=("Rahmonov", "Imomali Rakhmon"),
    )
    factories.ActorFactory(name="Vladimir Putin")

    for q in ("rahmonov", "RAKHMON", "imomali", "Émomali", "omali"):
        assert ids(get_json(api, f"/api/actors?q={q}")) == [rahmon.pk], q
    body = get_json(api, f"/api/actors/{rahmon.pk}")
    assert body["aliases"] == ["Imomali Rakhmon", "Rahmonov"]
    assert body["country"] == {"code": "TJ", "name": "Tj"}


def test_actors_filter_by_kind_and_country_with_roles(api):
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    person = factories.ActorFactory(name="A person", kind="person", country=tajikistan)
    factories.ActorRoleFactory(
        actor=person, title="President", country=tajikistan, started_on=D(1994, 11, 1)
    )
    factories.ActorFactory(name="A state", kind="country", country=tajikistan)
    factories.ActorFactory(
        name="Elsewhere", kind="person", country=factories.CountryFactory(code="RU", name="Ru")
    )

    body = get_json(api, "/api/actors?kind=person&country=TJ")

    assert ids(body) == [person.pk]
    assert body["items"][0]["roles"][0]["title"] == "President"
    assert body["items"][0]["roles"][0]["country"] == "TJ"
    assert get_json(api, "/api/actors?kind=robot", status=422)["detail"][0]["loc"] == [
        "query",
        "kind",
    ]
    assert get_json(api, "/api/actors/424242", status=404)["detail"] == "Not Found"


def test_actor_list_query_count_is_constant(api, django_assert_max_num_queries):
    for n in range(30):
        actor = factories.ActorFactory(country=factories.CountryFactory(code="TJ", name="Tj"))
        factories.ActorAliasFactory(actor=actor, name=f"Alias {n} a")
        factories.ActorRoleFactory(actor=actor, country=actor.country)

    with django_assert_max_num_queries(5):
        body = get_json(api, "/api/actors?limit=500")
    assert body["count"] == 30
    with django_assert_max_num_queries(5):
        get_csv(api, "/api/actors?format=csv")


# --- Events ---------------------------------------------------------------------------------


@pytest.fixture
def categories():
    return {
        "057": EventCategory.objects.get(code="057"),
        "14": EventCategory.objects.get(code="14"),
        "043": EventCategory.objects.get(code="043"),
    }


def test_event_filters_by_date_category_root_and_effective_score(api, pair, categories):
    signing = factories.EventFactory(
        relationship=pair, category=categories["057"], occurred_on=D(2012, 10, 5)
    )
    protest = factories.EventFactory(
        relationship=pair, category=categories["14"], occurred_on=D(2004, 3, 15)
    )
    visit = factories.EventFactory(
        relationship=pair,
        category=categories["043"],
        occurred_on=D(2017, 2, 27),
        score_override=Decimal("-3"),
        score_override_reason="A tense visit.",
    )

    assert ids(get_json(api, "/api/events?occurred_from=2005-01-01&occurred_to=2012-12-31")) == [
        signing.pk
    ]
    assert ids(get_json(api, "/api/events?category=05")) == [signing.pk]
    assert ids(get_json(api, "/api/events?category=057")) == [signing.pk]
    assert ids(get_json(api, "/api/events?score_min=0")) == [signing.pk]
    assert ids(get_json(api, "/api/events?score_max=-3")) == [protest.pk, visit.pk]
    assert ids(get_json(api, "/api/events?score_min=-4&score_max=-2.5")) == [visit.pk]
    body = get_json(api, f"/api/events/{visit.pk}")
    assert (body["score"], body["category_score"], body["score_override"]) == (-3.0, 2.8, -3.0)
    assert body["category"] == "043"


def test_event_filters_by_actor_alias_relationship_and_text(api, pair, other_pair):
    rahmon = factories.ActorFactory(name="Emomali Rahmon", aliases=["Rahmonov"])
    summit = factories.EventFactory(
        relationship=pair, title="Sochi summit", summary="Talks on the base."
    )
    summit.actors.add(rahmon)
    factories.EventFactory(relationship=pair, title="Pilot jailed")
    elsewhere = factories.EventFactory(relationship=other_pair, title="Border talks")

    assert ids(get_json(api, "/api/events?actor=rahmonov")) == [summit.pk]
    assert ids(get_json(api, "/api/events?relationship=kz-kg")) == [elsewhere.pk]
    assert ids(get_json(api, "/api/events?q=bases")) == [summit.pk]


def test_event_and_article_text_search_ignores_accents(api, pair):
    event = factories.EventFactory(
        relationship=pair, title="Talks", summary="Held at the Café Rohat."
    )
    article = factories.ArticleFactory(title="Premiér visits", text="Nothing else.")

    assert ids(get_json(api, "/api/events?q=cafe")) == [event.pk]
    assert ids(get_json(api, "/api/articles?q=premier")) == [article.pk]
    assert ids(get_json(api, "/api/articles?q=prémier")) == [article.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("score_min=11", "score_min"),
        ("score_max=nan", "score_max"),
        ("score_min=inf", "score_min"),
        ("category=5x", "category"),
        ("occurred_from=2004-02-31", "occurred_from"),
    ],
)
def test_bad_event_filters_are_422(api, query, field):
    body = get_json(api, f"/api/events?{query}", status=422)

    assert [error["loc"] for error in body["detail"]] == [["query", field]]


def test_event_list_query_count_is_constant(api, pair, django_assert_max_num_queries):
    article = factories.ArticleFactory()
    actor = factories.ActorFactory()
    for _ in range(40):
        event = factories.EventFactory(relationship=pair)
        event.actors.add(actor)
        factories.CitationFactory(event=event, article=article)

    # One more than without `actor`: the check that it names an actor (a 422 otherwise).
    with django_assert_max_num_queries(6):
        body = get_json(api, "/api/events?limit=500&actor=" + str(actor.pk))
    assert body["count"] == 40
    assert all(item["actors"] and item["citations"] for item in body["items"])
    with django_assert_max_num_queries(6):
        _, rows = get_csv(api, "/api/events?format=csv")
    assert len(rows) == 41


# --- Metrics and observations ---------------------------------------------------------------


def test_metric_observations_filter_by_relationship_and_period(api, pair, other_pair):
    debt = factories.MetricFactory(slug="debt", name="Debt to Russia")
    factories.MetricFactory(slug="troops", name="Troops")
    early = factories.ObservationFactory(metric=debt, relationship=pair, period_start=D(2004, 1, 1))
    late = factories.ObservationFactory(
        metric=debt, relationship=pair, period_start=D(2012, 1, 1), value=Decimal("12.5")
    )
    factories.ObservationFactory(metric=debt, relationship=other_pair, period_start=D(2012, 1, 1))

    metrics = get_json(api, "/api/metrics")
    assert [(item["slug"], item["observation_count"]) for item in metrics["items"]] == [
        ("debt", 3),
        ("troops", 0),
    ]
    assert get_json(api, "/api/metrics/debt")["name"] == "Debt to Russia"
    assert [item["slug"] for item in get_json(api, "/api/metrics?q=DEBT")["items"]] == ["debt"]
    body = get_json(api, "/api/metrics/debt/observations?relationship=ru-tj")
    assert ids(body) == [early.pk, late.pk]
    assert body["items"][1]["value"] == 12.5
    assert body["items"][0]["period_precision"] == "year"
    assert ids(get_json(api, "/api/metrics/debt/observations?period_from=2005-01-01")) == [
        late.pk,
        Observation.objects.get(relationship=other_pair).pk,
    ]
    assert ids(get_json(api, "/api/metrics/debt/observations?period_to=2004-12-31")) == [early.pk]
    assert get_json(api, "/api/metrics/troops/observations")["count"] == 0
    assert get_json(api, "/api/metrics/nothing/observations", status=404)["detail"] == "Not Found"
    assert get_json(api, "/api/metrics/nothing", status=404)["detail"] == "Not Found"
    assert get_json(api, f"/api/observations/{late.pk}")["metric"] == "debt"
    assert get_json(api, "/api/observations?metric=troops")["count"] == 0


def test_observation_csv_keeps_decimal_values_exact(api, pair):
    factories.ObservationFactory(
        relationship=pair, value=Decimal("300000000"), metric=factories.MetricFactory(slug="d")
    )
    factories.ObservationFactory(
        relationship=pair, value=Decimal("1.2500"), metric=factories.MetricFactory(slug="d")
    )

    _, rows = get_csv(api, "/api/metrics/d/observations?format=csv")

    header = rows[0]
    assert [row[header.index("value")] for row in rows[1:]] == ["300000000", "1.25"]
    assert [row[header.index("period_start")] for row in rows[1:]] == ["2004-01-01"] * 2


def test_observation_list_query_count_is_constant(api, pair, django_assert_max_num_queries):
    metric = factories.MetricFactory(slug="debt")
    claimant = factories.ActorFactory()
    for year in range(2000, 2040):
        observation = factories.ObservationFactory(
            metric=metric, relationship=pair, period_start=D(year, 1, 1), claimed_by=claimant
        )
        factories.CitationFactory(observation=observation)

    with django_assert_max_num_queries(5):
        body = get_json(api, "/api/metrics/debt/observations?limit=500")
    assert body["count"] == 40
    with django_assert_max_num_queries(5):
        get_json(api, "/api/observations?limit=500")
    with django_assert_max_num_queries(5):
        get_json(api, "/api/metrics?limit=500")


# --- Articles -------------------------------------------------------------------------------


def test_articles_filter_by_text_dates_source_and_review(api, reviewer_headers):
    rferl = factories.SourceFactory(name="RFE/RL", slug="rferl")
    base = factories.ArticleFactory(
        title="Russia signs base deal",
        source=rferl,
        published_on=D(2012, 10, 5),
        text="Troops may stay until 2042.",
    )
    low = factories.ArticleFactory(
        title="Relations at a new low", source=rferl, published_on=D(2004, 3, 15)
    )
    other = factories.ArticleFactory(title="Bases refused", published_on=D(2012, 4, 17))
    pending = factories.ArticleFactory(title="Candidate", review_status="pending")

    assert ids(get_json(api, "/api/articles")) == [base.pk, other.pk, low.pk]
    assert ids(get_json(api, "/api/articles?q=troops")) == [base.pk]
    assert ids(get_json(api, "/api/articles?source=rferl")) == [base.pk, low.pk]
    assert ids(
        get_json(api, "/api/articles?published_from=2012-01-01&published_to=2012-06-30")
    ) == [other.pk]
    assert ids(get_json(api, "/api/articles?review_status=pending", **reviewer_headers)) == [
        pending.pk
    ]
    assert get_json(api, "/api/articles?review_status=any", **reviewer_headers)["count"] == 4
    detail = get_json(api, f"/api/articles/{base.pk}")
    assert detail["has_text"] is True
    assert detail["source"] == {"slug": "rferl", "name": "RFE/RL"}
    assert "text" not in detail
    assert get_json(api, "/api/articles/99999", status=404)["detail"] == "Not Found"


@pytest.mark.parametrize("status", ["pending", "rejected", "any"])
def test_articles_not_approved_are_for_curators_with_a_token_only(
    api, reader_headers, reviewer_headers, status
):
    factories.ArticleFactory(title="Candidate", review_status="pending")
    rejected = factories.ArticleFactory(title="Refused", review_status="rejected")
    url = f"/api/articles?review_status={status}"

    assert get_json(api, url, status=401)["detail"]
    assert get_json(api, url, status=403, **reader_headers)["detail"]
    assert get_json(api, url, **reviewer_headers)["count"] >= 1
    assert get_json(api, f"/api/articles/{rejected.pk}", status=404)["detail"] == "Not Found"
    assert get_json(api, f"/api/articles/{rejected.pk}", **reviewer_headers)["id"] == rejected.pk


def test_article_list_query_count_is_constant(api, django_assert_max_num_queries):
    for _ in range(30):
        factories.ArticleFactory(source=factories.SourceFactory(slug="one", name="One"))

    with django_assert_max_num_queries(4):
        body = get_json(api, "/api/articles?limit=500")
    assert body["count"] == 30
    with django_assert_max_num_queries(4):
        get_csv(api, "/api/articles?format=csv")


# --- Temperature ----------------------------------------------------------------------------


def _point(relationship, month, value, contributions=()):
    return factories.TemperaturePointFactory(
        relationship=relationship,
        month=month,
        value=value,
        event_count=len(contributions),
        contributions=list(contributions),
    )


def test_temperature_series_by_month_and_year_with_top_events(api, pair):
    event = factories.EventFactory(
        relationship=pair, title="Base deal signed", occurred_on=D(2012, 10, 5)
    )
    _point(pair, D(2012, 9, 1), 50.0)
    _point(pair, D(2012, 10, 1), 60.0, [{"event_id": event.pk, "share": 0.9}])
    _point(pair, D(2013, 1, 1), 55.0)

    monthly = get_json(api, "/api/relationships/ru-tj/temperature?from=2012-10-01&to=2012-12-31")
    yearly = get_json(api, "/api/relationships/ru-tj/temperature?granularity=year")

    assert [point["period_start"] for point in monthly["items"]] == ["2012-10-01"]
    october = monthly["items"][0]
    assert october["value"] == 60.0
    assert october["contributions"][0]["title"] == "Base deal signed"
    assert october["band"] and october["event_count"] == 1
    assert [(p["period_start"], p["value"]) for p in yearly["items"]] == [
        ("2012-01-01", 55.0),
        ("2013-01-01", 55.0),
    ]
    _, rows = get_csv(api, "/api/relationships/ru-tj/temperature?granularity=quarter&format=csv")
    assert rows[0][:2] == ["period_start", "period_end"]
    assert [row[0] for row in rows[1:]] == ["2012-07-01", "2012-10-01", "2013-01-01"]


def test_temperature_bad_input_and_unknown_relationship(api, pair):
    body = get_json(api, "/api/relationships/ru-tj/temperature?granularity=week&from=x", status=422)

    assert sorted(error["loc"][1] for error in body["detail"]) == ["from", "granularity"]
    assert get_json(api, "/api/relationships/nope/temperature", status=404)["detail"] == "Not Found"


def test_a_recomputed_temperature_is_served_at_once(api, pair):
    point = _point(pair, D(2012, 10, 1), 60.0)
    first = api.get("/api/relationships/ru-tj/temperature")
    TemperaturePoint.objects.filter(pk=point.pk).update(value=40.0, low=35.0, high=45.0)

    second = api.get(
        "/api/relationships/ru-tj/temperature", headers={"If-None-Match": first["ETag"]}
    )

    assert second.status_code == 200
    assert second.json()["items"][0]["value"] == 40.0
    assert second["ETag"] != first["ETag"]
    third = api.get(
        "/api/relationships/ru-tj/temperature", headers={"If-None-Match": second["ETag"]}
    )
    assert third.status_code == 304


# --- Deletions and sync ---------------------------------------------------------------------


def test_deletions_since_lists_tombstones_written_by_the_database(api, pair):
    agreement = Agreement.objects.create(
        relationship=pair, title="Gone", slug="gone", kind="treaty", status="signed"
    )
    agreement_id = agreement.pk
    agreement.delete()
    Deletion.objects.create(
        kind="event", object_id=7, deleted_at=datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    )

    recent = get_json(api, "/api/deletions?since=2020-01-01T00:00:00Z")
    everything = get_json(api, "/api/deletions")

    assert [(item["kind"], item["object_id"]) for item in recent["items"]] == [
        ("agreement", agreement_id)
    ]
    assert everything["count"] == 2
    assert everything["items"][0]["kind"] == "event"  # oldest first
    _, rows = get_csv(api, "/api/deletions?format=csv")
    assert rows[0] == ["id", "kind", "object_id", "deleted_at"]
    assert rows[1][3] == "2001-01-01T00:00:00+00:00"
    assert get_json(api, "/api/deletions?since=later", status=422)["detail"][0]["loc"] == [
        "query",
        "since",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/api/relationships",
        "/api/actors",
        "/api/events",
        "/api/metrics",
        "/api/observations",
        "/api/articles",
    ],
)
def test_every_list_accepts_updated_since_and_every_item_has_timestamps(api, pair, url):
    actor = factories.ActorFactory()
    event = factories.EventFactory(relationship=pair)
    event.actors.add(actor)
    factories.ObservationFactory(relationship=pair)
    factories.ArticleFactory()

    before = get_json(api, url)
    later = get_json(api, f"{url}?updated_since=2999-01-01T00:00:00Z")

    assert before["count"] >= 1
    assert all(item["created"] and item["updated"] for item in before["items"])
    assert later == {"count": 0, "items": []}


@pytest.mark.parametrize(
    "url",
    [
        "/api/relationships",
        "/api/agreements",
        "/api/actors",
        "/api/events",
        "/api/metrics",
        "/api/observations",
        "/api/articles",
        "/api/deletions",
        "/api/metrics/m/observations",
        "/api/relationships/ru-tj/temperature",
    ],
)
def test_every_list_streams_csv_with_a_header_row(api, pair, url):
    factories.MetricFactory(slug="m")
    _, rows = get_csv(api, f"{url}{'&' if '?' in url else '?'}format=csv")

    assert rows[0] and all(rows[0])


def test_temperature_from_the_first_day_of_year_one_is_not_a_server_error(api, pair):
    _point(pair, D(2012, 10, 1), 60.0)

    body = get_json(api, "/api/relationships/ru-tj/temperature?from=0001-01-01&to=9999-12-31")

    assert [point["period_start"] for point in body["items"]] == ["2012-10-01"]


def test_temperature_from_after_to_is_refused_naming_the_field(api, pair):
    url = "/api/relationships/ru-tj/temperature?from=2013-01-01&to=2012-12-31"
    body = get_json(api, url, status=422)

    assert [error["loc"] for error in body["detail"]] == [["query", "to"]]

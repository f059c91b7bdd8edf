"""HTTP behaviour of reads: ETag and 304, Last-Modified, Cache-Control, the response cache,
token-only reads, the documentation and the OpenAPI schema."""

from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls.resolvers import URLResolver
from django.utils.http import parse_http_date

from api.caching import response_cache
from relations.models import Agreement
from tests.api.conftest import get_json
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(pair):
    return AgreementFactory(relationship=pair, title="Base lease")


READS = [
    "/api/agreements",
    "/api/agreements?status=in_force&limit=5",
    "/api/relationships/ru-tj",
    "/api/actors",
    "/api/events",
    "/api/articles",
    "/api/metrics",
    "/api/deletions",
    "/api/relationships/ru-tj/temperature",
]


@pytest.mark.parametrize("url", READS)
def test_every_read_carries_validators_and_cache_headers(api, agreement, url):
    response = api.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert parse_http_date(response["Last-Modified"]) > 0
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("url", READS)
def test_matching_if_none_match_answers_304_without_a_body(api, agreement, url):
    first = api.get(url)

    again = api.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert api.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_etag_differs_by_query_and_by_representation(api, agreement):
    plain = api.get("/api/agreements")["ETag"]

    # The tag is the body's digest: another query with another body, another tag.
    assert api.get("/api/agreements?kind=treaty")["ETag"] != plain
    assert api.get("/api/agreements?format=csv")["ETag"] != plain
    assert api.get("/api/agreements", headers={"Accept": "text/csv"})["ETag"] != plain


def test_a_write_changes_the_etag_and_the_cached_body(api, agreement):
    first = api.get("/api/agreements")
    Agreement.objects.filter(pk=agreement.pk).update(title="Renamed lease")

    second = api.get("/api/agreements", headers={"If-None-Match": first["ETag"]})

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.json()["items"][0]["title"] == "Renamed lease"


def test_cached_response_is_served_with_one_query(api, agreement, django_assert_num_queries):
    first = api.get("/api/agreements?kind=agreement")

    with django_assert_num_queries(1):  # the record version
        cached = api.get("/api/agreements?kind=agreement")

    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]
    assert cached["Content-Type"] == first["Content-Type"]
    assert response_cache.hits == 1


def test_a_cached_read_is_answered_before_url_routing(api, agreement):
    first = api.get("/api/agreements?kind=agreement")

    with mock.patch.object(URLResolver, "resolve", side_effect=AssertionError("routed")):
        cached = api.get("/api/agreements?kind=agreement")
        not_modified = api.get(
            "/api/agreements?kind=agreement", headers={"If-None-Match": first["ETag"]}
        )

    assert cached.status_code == 200
    assert cached.content == first.content
    assert not_modified.status_code == 304
    # The middleware outside the cache still adds its headers.
    for header in ("ETag", "Last-Modified", "Cache-Control", "X-Content-Type-Options"):
        assert cached[header] == first[header]


def test_paths_with_nothing_cached_skip_the_cache_without_a_query(
    api, agreement, django_assert_num_queries
):
    api.get("/api/agreements")

    with django_assert_num_queries(0):
        response = api.get("/api/openapi.json")

    assert response.status_code == 200
    assert response_cache.holds_path("/api/agreements")
    assert not response_cache.holds_path("/api/openapi.json")


def test_csv_and_json_of_one_path_are_cached_apart(api, agreement):
    json_body = api.get("/api/agreements").content
    csv_response = api.get("/api/agreements", headers={"Accept": "text/csv"})

    assert csv_response["Content-Type"].startswith("text/csv")
    assert b"".join(csv_response.streaming_content).startswith(b"id,slug,title")
    assert api.get("/api/agreements").content == json_body


def test_response_cache_can_be_switched_off(api, agreement, django_assert_max_num_queries):
    with override_settings(API_RESPONSE_CACHE=False):
        api.get("/api/agreements")
        with django_assert_max_num_queries(6) as context:
            response = api.get("/api/agreements")

    assert len(context.captured_queries) > 1
    assert len(response_cache) == 0
    assert response.status_code == 200


def test_errors_are_neither_cached_nor_given_validators(api, agreement):
    response = api.get("/api/agreements?limit=0")

    assert response.status_code == 422
    assert "ETag" not in response
    assert len(response_cache) == 0


def test_token_only_reads_refuse_anonymous_and_are_private(api, agreement, reader_headers):
    with override_settings(API_READ_REQUIRES_TOKEN=True):
        refused = api.get("/api/agreements")
        allowed = api.get("/api/agreements", headers=reader_headers)
        again = api.get(
            "/api/agreements", headers={**reader_headers, "If-None-Match": allowed["ETag"]}
        )
        refused_again = api.get("/api/agreements", headers={"If-None-Match": allowed["ETag"]})

    assert refused.status_code == 401
    assert refused.json() == {"detail": "Unauthorized"}
    assert allowed.status_code == 200
    assert allowed["Cache-Control"] == "private, no-cache"
    assert again.status_code == 304
    assert refused_again.status_code == 401


def test_a_bad_token_is_refused_even_when_the_response_is_cached(api, agreement):
    api.get("/api/agreements")

    response = api.get("/api/agreements", headers={"Authorization": "Bearer blt_nonsense"})

    assert response.status_code == 401
    assert "detail" in response.json()


PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=PLAIN_STATIC)
def test_docs_load_swagger_from_ninjas_own_static_files(api):
    response = api.get("/api/docs")

    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui.css")


def test_openapi_documents_every_operation_filter_and_field(api):
    schema = get_json(api, "/api/openapi.json")

    operations = {
        (method, path): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert ("get", "/api/agreements") in operations
    assert ("post", "/api/agreements") in operations
    assert ("patch", "/api/events/{event_id}") in operations
    assert ("get", "/api/relationships/{slug}/temperature") in operations
    for (method, path), operation in operations.items():
        assert operation.get("summary"), (method, path)
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
        if method == "get":
            assert "304" in operation["responses"], path
        if path.endswith(".csv"):
            assert list(operation["responses"]["200"]["content"]) == ["text/csv"], path
        else:
            assert "text/csv" not in operation["responses"].get("200", {}).get("content", {})
    agreement_filters = {p["name"] for p in operations[("get", "/api/agreements")]["parameters"]}
    assert {
        "relationship",
        "party",
        "status",
        "kind",
        "in_force_on",
        "signed_from",
        "signed_to",
        "expires_from",
        "expires_to",
        "q",
        "ordering",
        "limit",
        "offset",
        "updated_since",
    } <= agreement_filters
    assert ("get", "/api/agreements.csv") in operations
    for name, component in schema["components"]["schemas"].items():
        if name.endswith(("Out", "Ref")) and "properties" in component:
            for field, spec in component["properties"].items():
                assert spec.get("description") or "$ref" in spec or "items" in spec, (name, field)


def test_unknown_route_under_api_is_a_json_404(api):
    response = api.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_wrong_method_is_refused_not_crashed(api, agreement):
    response = api.delete(f"/api/agreements/{agreement.pk}")

    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}


def test_an_unforeseen_error_is_a_logged_json_500(caplog):
    from django.core.exceptions import ValidationError as ModelValidationError
    from django.http import Http404
    from django.test import RequestFactory
    from ninja.errors import HttpError

    from api.site import api

    request = RequestFactory().get("/api/agreements")

    with caplog.at_level("ERROR", logger="api.errors"):
        response = api.on_exception(request, RuntimeError("boom"))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert b'"detail":"Server error"' in response.content
    assert b"boom" not in response.content
    assert any(record.exc_info for record in caplog.records)
    # The specific handlers still answer their own errors.
    assert api.on_exception(request, Http404()).status_code == 404
    assert api.on_exception(request, HttpError(403, "No")).status_code == 403
    assert api.on_exception(request, ModelValidationError({"title": ["Bad."]})).status_code == 422

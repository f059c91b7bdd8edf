"""The API as a generated client sees it: strict bodies, JSON errors, named enums, security,
CSV twins, per-family caching and the small promises of the contract (issue 11)."""

import datetime
import time

import pytest
from django.test import override_settings
from django.utils.http import http_date

from relations.models import Event
from tests import factories
from tests.api.conftest import get_csv, get_json
from tests.api.test_writes import agreement_payload, patch, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    text = "Preamble. Russia and Tajikistan signed a border protocol. More."
    return factories.ArticleFactory(slug="border-news", text=text, url="")


@pytest.fixture
def russia():
    return factories.ActorFactory(name="Russia", slug="russia", kind="country")


def _event_payload(article, **overrides):
    payload = {
        "relationship": "ru-tj",
        "title": "Border talks",
        "occurred_on": "2016-05-01",
        "category": "057",
    }
    if article is not None:
        payload["citations"] = [{"article": article.pk}]
    return {**payload, **overrides}


# --- Bodies -----------------------------------------------------------------------------------


def test_an_unknown_body_field_is_a_422_naming_it(api, pair, article, curator_headers):
    factories.EventCategoryFactory(code="057", name="Sign formal agreement", default_score=8)

    response = post(api, "/api/events", _event_payload(article, bogus=1), curator_headers)

    assert response.status_code == 422, response.content
    assert ["body", "bogus"] in [error["loc"] for error in response.json()["detail"]]
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["title", "summary", "provisions", "kind", "citations"])
def test_patch_refuses_null_where_it_does_not_clear(api, pair, curator_headers, field):
    agreement = factories.AgreementFactory(relationship=pair)

    response = patch(api, f"/api/agreements/{agreement.pk}", {field: None}, curator_headers)

    assert response.status_code == 422, response.content
    assert ["body", field] in [error["loc"] for error in response.json()["detail"]]


def test_patch_null_clears_a_date_and_its_precision(api, pair, curator_headers):
    agreement = factories.AgreementFactory(
        relationship=pair, expires_on=datetime.date(2042, 1, 1), expires_on_precision="year"
    )

    response = patch(api, f"/api/agreements/{agreement.pk}", {"expires_on": None}, curator_headers)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["expires_on"] is None
    assert body["expires_on_precision"] is None


def test_superseding_itself_names_the_field(api, pair, curator_headers):
    agreement = factories.AgreementFactory(relationship=pair)

    response = patch(
        api, f"/api/agreements/{agreement.pk}", {"supersedes": agreement.pk}, curator_headers
    )

    assert response.status_code == 422, response.content
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "supersedes"]]


def test_a_created_record_says_where_it_lives(api, pair, article, russia, curator_headers):
    response = post(api, "/api/agreements", agreement_payload(article), curator_headers)

    assert response.status_code == 201, response.content
    assert response["Location"] == f"http://testserver/api/agreements/{response.json()['id']}"
    assert get_json(api, response["Location"])["slug"] == "border-protocol-2016"


# --- Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/agreements/", 404),
        ("get", "/api/nonexistent", 404),
        ("put", "/api/agreements/1", 405),
        ("options", "/api/agreements", 405),
        ("get", "/api/agreements.json", 404),
    ],
)
def test_every_error_under_api_is_json(api, method, path, status):
    response = getattr(api, method)(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)
    if status == 405:
        assert "GET" in response["Allow"]


def test_a_401_says_how_to_authenticate(api, pair):
    response = post(api, "/api/events", {}, {"Authorization": "Bearer blt_bad_key"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_score_min_above_score_max_is_a_422(api, pair):
    body = get_json(api, "/api/events?score_min=5&score_max=-5", status=422)

    assert body["detail"][0]["loc"] == ["query", "score_max"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/agreements?party=nobody-xyz", "party"),
        ("/api/agreements?relationship=nowhere", "relationship"),
        ("/api/events?actor=nobody-xyz", "actor"),
        ("/api/observations?metric=nothing", "metric"),
        ("/api/articles?source=nobody", "source"),
    ],
)
def test_a_filter_naming_nothing_is_a_422_naming_it(api, pair, url, name):
    body = get_json(api, url, status=422)

    assert [error["loc"] for error in body["detail"]] == [["query", name]]
    assert body["detail"][0]["type"] == "no_match"


def test_a_filter_naming_something_with_no_rows_is_an_empty_page(api, pair, russia):
    assert get_json(api, "/api/agreements?party=russia")["count"] == 0


# --- Output -----------------------------------------------------------------------------------


def test_a_date_not_known_has_no_precision(api, pair):
    agreement = factories.AgreementFactory(relationship=pair, expires_on=None)

    body = get_json(api, f"/api/agreements/{agreement.pk}")
    _, rows = get_csv(api, "/api/agreements.csv")

    assert body["expires_on"] is None and body["expires_on_precision"] is None
    header, row = rows
    assert row[header.index("expires_on_precision")] == ""


def test_csv_list_cells_have_no_dangling_separator(api, pair, article):
    other = factories.ArticleFactory(url="https://example.org/a")
    agreement = factories.AgreementFactory(relationship=pair)
    factories.CitationFactory(agreement=agreement, article=other)
    factories.CitationFactory(agreement=agreement, article=article)

    _, rows = get_csv(api, "/api/agreements.csv")

    header, row = rows
    assert row[header.index("citation_urls")] == "https://example.org/a"


def test_csv_twin_equals_format_csv(api, pair):
    factories.AgreementFactory(relationship=pair)

    twin, _ = get_csv(api, "/api/agreements.csv?relationship=ru-tj")
    classic, _ = get_csv(api, "/api/agreements?relationship=ru-tj&format=csv")

    assert twin == classic


# --- The document -----------------------------------------------------------------------------


def _operations(schema):
    return {
        (method, path): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_public_reads_declare_no_security_and_writes_a_token(api):
    operations = _operations(get_json(api, "/api/openapi.json"))

    assert operations[("get", "/api/agreements")]["security"] == []
    assert operations[("get", "/api/articles/{article_id}")]["security"] == []
    assert operations[("post", "/api/agreements")]["security"] == [{"TokenAuth": []}]
    assert operations[("get", "/api/history")]["security"] == [{"TokenAuth": []}]


@override_settings(API_READ_REQUIRES_TOKEN=True)
def test_token_only_reads_declare_the_token(api):
    from api.site import api as ninja_api

    operations = _operations(ninja_api.get_openapi_schema(path_prefix="/api/"))

    assert operations[("get", "/api/agreements")]["security"] == [{"TokenAuth": []}]


def test_enums_are_named_components_shared_by_inputs_and_outputs(api):
    schema = get_json(api, "/api/openapi.json")
    components = schema["components"]["schemas"]

    def ref(component, field):
        spec = components[component]["properties"][field]
        refs = [spec.get("$ref")] + [item.get("$ref") for item in spec.get("anyOf", [])]
        return next(r for r in refs if r).rsplit("/", 1)[1]

    assert ref("AgreementOut", "kind") == ref("AgreementIn", "kind") == "AgreementKind"
    assert ref("AgreementOut", "status") == "AgreementStatus"
    assert ref("ObservationOut", "qualifier") == ref("ObservationIn", "qualifier")
    assert ref("TemperatureOut", "granularity") == "Granularity"
    assert ref("TemperaturePointOut", "band") == "TemperatureBand"
    assert ref("ActorRef", "kind") == "ActorKind"
    assert ref("CitationOut", "published_on_precision") == "Precision"
    assert "citation" in components[ref("DeletionOut", "kind")]["enum"]
    assert "Filters" not in " ".join(components)
    assert not any("enum" in spec for spec in _inline_schemas(schema["paths"]))


def _inline_schemas(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _inline_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _inline_schemas(value)


def test_the_document_declares_tags_servers_contact_and_licence(api):
    schema = get_json(api, "/api/openapi.json")

    declared = {tag["name"] for tag in schema["tags"]}
    used = {tag for op in _operations(schema).values() for tag in op.get("tags", [])}
    assert used <= declared
    assert schema["servers"]
    assert schema["info"]["contact"] and schema["info"]["license"]


def test_operations_with_a_body_declare_400(api):
    for (method, path), operation in _operations(get_json(api, "/api/openapi.json")).items():
        if "requestBody" in operation:
            assert "400" in operation["responses"], (method, path)


# --- Caching ----------------------------------------------------------------------------------


def test_a_write_to_events_keeps_the_agreements_etag(api, pair, article, curator_headers):
    factories.AgreementFactory(relationship=pair)
    factories.EventCategoryFactory(code="057", name="Sign formal agreement", default_score=8)
    before = api.get("/api/agreements")
    events_before = api.get("/api/events")

    assert post(api, "/api/events", _event_payload(article), curator_headers).status_code == 201
    after = api.get("/api/agreements", headers={"If-None-Match": before["ETag"]})
    events_after = api.get("/api/events")

    assert after.status_code == 304
    assert after["ETag"] == before["ETag"]
    assert events_after["ETag"] != events_before["ETag"]


def test_if_modified_since_answers_304_until_the_family_changes(api, pair):
    agreement = factories.AgreementFactory(relationship=pair)
    first = api.get("/api/agreements")
    since = first["Last-Modified"]

    assert api.get("/api/agreements", headers={"If-Modified-Since": since}).status_code == 304
    factories.MetricFactory()  # another family's write
    assert api.get("/api/agreements", headers={"If-Modified-Since": since}).status_code == 304
    time.sleep(1.1)  # Last-Modified counts whole seconds
    agreement.title = "Renamed"
    agreement.save()
    later = http_date(datetime.datetime.now(datetime.UTC).timestamp() + 5)
    changed = api.get("/api/agreements", headers={"If-Modified-Since": since})
    assert changed.status_code == 200
    assert api.get("/api/agreements", headers={"If-Modified-Since": later}).status_code == 304


def test_an_unknown_query_parameter_is_a_422_naming_it(api, pair):
    body = get_json(api, "/api/agreements?realtionship=ru-tj&limit=2", status=422)

    assert body["detail"] == [
        {"loc": ["query", "realtionship"], "msg": "Unknown parameter.", "type": "extra_forbidden"}
    ]


@pytest.mark.parametrize(
    "url",
    ["/api/observations?period_from=0.0", "/api/events?updated_since=1700000000"],
)
def test_a_number_is_not_a_date(api, pair, url):
    assert get_json(api, url, status=422)["detail"][0]["loc"][0] == "query"


def test_a_nul_in_a_cited_article_slug_is_a_422(api, pair, curator_headers):
    factories.EventCategoryFactory(code="057", name="Sign formal agreement", default_score=8)
    payload = _event_payload(None, citations=[{"article": "\u0000"}])

    response = post(api, "/api/events", payload, curator_headers)

    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][:2] == ["body", "citations"]

"""POST /api/articles refuses bad input with a 4xx naming the field, and writes nothing."""

import pytest

from relations.models import Ingestion
from tests.api.conftest import _token_for

pytestmark = pytest.mark.django_db

GOOD = "Russia and Tajikistan signed a deal on the base in Dushanbe on Friday."


@pytest.fixture
def submitter_headers(django_user_model):
    user = django_user_model.objects.create_user(username="submitter")
    return _token_for(user, "articles.add_article")


def _post(client, body, headers, query=""):
    return client.post(
        f"/api/articles{query}", body, content_type="application/json", headers=headers
    )


def test_ingesting_needs_a_token_with_the_add_article_permission(client, django_user_model):
    assert _post(client, {"text": GOOD}, {}).status_code == 401
    reader = _token_for(django_user_model.objects.create_user(username="reader"))
    refused = _post(client, {"text": GOOD}, reader)
    assert refused.status_code == 403
    assert "articles.add_article" in refused.json()["detail"]
    assert not Ingestion.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "text", "exactly one of 'text' or 'html'"),
        ({"text": GOOD, "html": "<p>x</p>"}, "text", "exactly one of 'text' or 'html'"),
        ({"text": "   "}, "text", "'text' is empty"),
        ({"html": ""}, "html", "'html' is empty"),
        ({"text": "a\x00b"}, "text", "binary"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(client, submitter_headers, body, field, message):
    response = _post(client, body, submitter_headers)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert message in error["msg"]
    assert not Ingestion.objects.exists()


def test_a_wrongly_typed_field_is_422_naming_it(client, submitter_headers):
    response = _post(client, {"text": GOOD, "published_on": "June"}, submitter_headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "published_on"]


def test_a_body_over_the_limit_is_413(client, submitter_headers, settings):
    settings.INGEST_MAX_BYTES = 50
    response = _post(client, {"text": GOOD}, submitter_headers)
    assert response.status_code == 413
    assert "'text' is" in response.json()["detail"]
    assert not Ingestion.objects.exists()


def test_an_unknown_job_is_404(client, submitter_headers):
    response = client.get("/api/jobs/987654", headers=submitter_headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert client.get("/api/jobs/1").status_code == 401

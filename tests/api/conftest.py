"""Fixtures for the API's tests: a client, a clean response cache, users with tokens."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from api.caching import reset_http_caches
from api.tokens import api_token_create
from tests.factories import CountryFactory, RelationshipFactory


@pytest.fixture(autouse=True)
def _fresh_http_caches():
    """Each test's database starts again from the same record version: forget cached bodies."""
    reset_http_caches()
    yield
    reset_http_caches()


@pytest.fixture
def api():
    return Client()


def _relationship(slug: str, a: tuple[str, str], b: tuple[str, str]):
    """The relationship of two countries, each given as (code, name), named after both."""
    return RelationshipFactory(
        slug=slug,
        name=f"{a[1]}–{b[1]}",
        country_a=CountryFactory(code=a[0], name=a[1]),
        country_b=CountryFactory(code=b[0], name=b[1]),
    )


@pytest.fixture
def pair():
    """Russia–Tajikistan, the relationship the API's tests read and write."""
    return _relationship("ru-tj", ("RU", "Russia"), ("TJ", "Tajikistan"))


@pytest.fixture
def other_pair():
    """Kazakhstan–Kyrgyzstan, a second relationship for filters to tell apart."""
    return _relationship("kz-kg", ("KZ", "Kazakhstan"), ("KG", "Kyrgyzstan"))


def get_json(client: Client, url: str, status: int = 200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    return response.json()


def ids(body: dict) -> list[int]:
    """The ids of a list page's items, in order."""
    return [item["id"] for item in body["items"]]


def get_csv(client: Client, url: str, **headers) -> tuple[str, list[list[str]]]:
    import csv
    import io

    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    return text, rows


def _token_for(user, *perms: str) -> dict:
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    _, key = api_token_create(user=user, name="tests")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def curator_headers(django_user_model):
    """A token whose user may add and change agreements, observations and events."""
    user = django_user_model.objects.create_user(username="curator")
    return _token_for(
        user,
        *(
            f"relations.{action}_{model}"
            for action in ("add", "change")
            for model in ("agreement", "observation", "event")
        ),
    )


@pytest.fixture
def reader_headers(django_user_model):
    """A valid token whose user holds no permission."""
    user = django_user_model.objects.create_user(username="reader")
    return _token_for(user)


@pytest.fixture
def reviewer_headers(django_user_model):
    """A token whose user may see articles in any review status."""
    user = django_user_model.objects.create_user(username="reviewer")
    return _token_for(user, "articles.view_article")

"""GET /api/candidates: curators with a token only; filters; paging; constant query count."""

from __future__ import annotations

import hashlib

import pytest

from relations.models import Candidate
from tests import factories
from tests.api.conftest import _token_for, get_csv, get_json, ids


def candidate(article, kind="event", status="pending", n=0, **fields) -> Candidate:
    if status != "pending":
        fields.setdefault("reviewed_at", "2026-01-01T00:00:00Z")
        fields.setdefault("review_note", "Not so.")
    return Candidate.objects.create(
        article=article,
        kind=kind,
        proposal={"n": n},
        fingerprint=hashlib.sha256(f"{kind}{n}".encode()).hexdigest(),
        span_start=n * 10,
        span_end=n * 10 + 5,
        quote=f"Sentence {n}.",
        status=status,
        **fields,
    )


@pytest.fixture
def staff_headers(django_user_model):
    return _token_for(django_user_model.objects.create_user("staff", is_staff=True))


@pytest.fixture
def permitted_headers(django_user_model):
    return _token_for(django_user_model.objects.create_user("tool"), "relations.view_candidate")


def test_candidates_are_for_curators_with_a_token(api, reader_headers, staff_headers, db):
    article = factories.ArticleFactory()
    candidate(article)
    assert get_json(api, "/api/candidates", status=401)["detail"]
    assert (
        "relations.view_candidate"
        in get_json(api, "/api/candidates", status=403, **reader_headers)["detail"]
    )
    body = get_json(api, "/api/candidates", **staff_headers)
    assert body["count"] == 1
    item = body["items"][0]
    assert item["article"] == article.pk and item["kind"] == "event"
    assert item["proposal"] == {"n": 0} and item["status"] == "pending"
    assert item["matched"] is None and item["accepted"] is None


def test_candidates_filter_by_article_kind_and_status(api, permitted_headers, db):
    first, second = factories.ArticleFactory(), factories.ArticleFactory()
    a = candidate(first, "event", n=1)
    b = candidate(first, "agreement", n=2)
    c = candidate(second, "event", "rejected", n=3)
    url = "/api/candidates"
    assert ids(get_json(api, url, **permitted_headers)) == [a.pk, b.pk, c.pk]
    assert ids(get_json(api, f"{url}?article={first.pk}", **permitted_headers)) == [a.pk, b.pk]
    assert ids(get_json(api, f"{url}?kind=event", **permitted_headers)) == [a.pk, c.pk]
    assert ids(get_json(api, f"{url}?status=rejected", **permitted_headers)) == [c.pk]
    assert ids(get_json(api, f"{url}?limit=1&offset=1", **permitted_headers)) == [b.pk]
    for bad in ("kind=treaty", "status=maybe", "article=0", "article=x"):
        assert get_json(api, f"{url}?{bad}", status=422, **permitted_headers)["detail"]


def test_candidate_list_query_count_is_constant(
    api, staff_headers, django_assert_max_num_queries, db
):
    article = factories.ArticleFactory()
    for n in range(30):
        candidate(article, "event" if n % 2 else "agreement", n=n)
    # The token and its user, the permission check, and the page: no query per row.
    with django_assert_max_num_queries(5):
        body = get_json(api, "/api/candidates?limit=500", **staff_headers)
    assert body["count"] == 30
    with django_assert_max_num_queries(5):
        text, rows = get_csv(api, "/api/candidates?format=csv", **staff_headers)
    assert len(rows) == 31 and rows[0][:3] == ["id", "article", "article_title"]

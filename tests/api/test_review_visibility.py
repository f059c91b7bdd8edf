"""The API shows facts citing only articles awaiting review to curators' tokens only."""

from __future__ import annotations

import pytest

from tests import review_fixtures
from tests.api.conftest import get_json, ids

pytestmark = pytest.mark.django_db

reviewed_record = review_fixtures.reviewed_record


def test_public_event_list_leaves_out_facts_awaiting_review(api, reviewed_record):
    record = reviewed_record
    listed = ids(get_json(api, "/api/events"))
    assert listed == [record["public_event"].pk, record["mixed_event"].pk]


def test_curators_see_every_event_marked_pending(api, reviewed_record, reviewer_headers):
    record = reviewed_record
    body = get_json(api, "/api/events", **reviewer_headers)
    pending = {item["id"]: item["pending"] for item in body["items"]}
    assert pending == {
        record["public_event"].pk: False,
        record["pending_event"].pk: True,
        record["rejected_event"].pk: True,
        record["mixed_event"].pk: False,
    }


def test_public_detail_of_a_pending_fact_is_404(api, reviewed_record, reviewer_headers):
    record = reviewed_record
    get_json(api, f"/api/events/{record['pending_event'].pk}", status=404)
    get_json(api, f"/api/agreements/{record['pending_agreement'].pk}", status=404)
    get_json(api, f"/api/observations/{record['pending_observation'].pk}", status=404)
    seen = get_json(api, f"/api/events/{record['pending_event'].pk}", **reviewer_headers)
    assert seen["pending"] is True


def test_public_lists_of_agreements_and_observations_leave_them_out(
    api, reviewed_record, reviewer_headers
):
    assert get_json(api, "/api/agreements")["count"] == 0
    assert get_json(api, "/api/observations")["count"] == 0
    assert get_json(api, "/api/agreements", **reviewer_headers)["count"] == 1
    metric = reviewed_record["pending_observation"].metric
    assert get_json(api, f"/api/metrics/{metric.slug}")["observation_count"] == 0
    assert get_json(api, f"/api/metrics/{metric.slug}/observations")["count"] == 0


def test_public_citations_name_approved_articles_only(api, reviewed_record):
    record = reviewed_record
    body = get_json(api, f"/api/events/{record['mixed_event'].pk}")
    assert [citation["article_slug"] for citation in body["citations"]] == ["approved-wire"]


def test_relationship_counts_public_facts_only(api, reviewed_record):
    body = get_json(api, "/api/relationships/xa-xb")
    assert (body["event_count"], body["agreement_count"], body["observation_count"]) == (2, 0, 0)

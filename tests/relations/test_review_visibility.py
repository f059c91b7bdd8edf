"""Unreviewed material is not public: pages, dashboard, search and temperature leave out facts
citing only articles awaiting review; logged-in curators see them marked as pending."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_update, articles_review_status_set
from relations.models import TemperaturePoint
from relations.selectors.dashboard import dashboard_get
from relations.selectors.search import search_all
from relations.services.rollup import temperature_recompute
from tests import factories, review_fixtures

pytestmark = pytest.mark.django_db

reviewed_record = review_fixtures.reviewed_record


def test_event_page_of_a_pending_fact_is_404_to_the_public(client, reviewed_record):
    assert client.get(reviewed_record["pending_event"].get_absolute_url()).status_code == 404
    assert client.get(reviewed_record["public_event"].get_absolute_url()).status_code == 200
    agreement = reviewed_record["pending_agreement"]
    assert client.get(agreement.get_absolute_url()).status_code == 404


def test_curators_see_the_pending_fact_marked(admin_client, reviewed_record):
    page = admin_client.get(reviewed_record["pending_event"].get_absolute_url())
    assert page.status_code == 200
    assert "Pending review" in page.content.decode()
    public = admin_client.get(reviewed_record["public_event"].get_absolute_url())
    assert "Pending review" not in public.content.decode()


def test_article_page_of_a_pending_article_is_404_to_the_public(
    client, admin_client, reviewed_record
):
    url = reverse("relations:article", args=["pending-wire"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("relations:article", args=["rejected-wire"])).status_code == 404
    assert client.get(reverse("relations:article", args=["approved-wire"])).status_code == 200
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Pending review" in page.content.decode()


def test_actor_and_metric_pages_leave_pending_facts_out(client, admin_client, reviewed_record):
    actor = factories.ActorFactory()
    reviewed_record["pending_event"].actors.add(actor)
    reviewed_record["public_event"].actors.add(actor)
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "Summit reported" in page and "Rumoured summit" not in page
    curator_page = admin_client.get(actor.get_absolute_url()).content.decode()
    assert "Rumoured summit" in curator_page and "pending review" in curator_page
    metric = reviewed_record["pending_observation"].metric
    assert "pending review" not in client.get(metric.get_absolute_url()).content.decode()
    assert "pending review" in admin_client.get(metric.get_absolute_url()).content.decode()


def test_dashboard_leaves_pending_facts_out(reviewed_record):
    data = dashboard_get(reviewed_record["relationship"])
    titles = {event.title for event in data.latest_events}
    assert titles == {"Summit reported", "Summit, two reports"}
    assert {marker.title for marker in data.events.markers} == titles
    assert [article.slug for article in data.latest_articles] == ["approved-wire"]
    assert data.metrics == []
    assert data.agreements == []


def test_dashboard_page_does_not_name_pending_facts(client, reviewed_record):
    temperature_recompute(relationship=reviewed_record["relationship"])
    page = client.get(reverse("relations:relationship", args=["xa-xb"])).content.decode()
    assert "Summit reported" in page
    assert "Rumoured summit" not in page
    assert "Pending wire" not in page


def test_search_leaves_pending_facts_and_articles_out(reviewed_record):
    results = search_all("summit")
    titles = {hit.title for hit in results.events + results.articles}
    assert "Rumoured summit" not in titles
    assert "Summit reported" in titles
    assert "Pending wire" not in {hit.title for hit in search_all("wire").articles}


def _event_count(relationship) -> int:
    return sum(
        TemperaturePoint.objects.filter(relationship=relationship).values_list(
            "event_count", flat=True
        )
    )


def test_temperature_counts_public_events_only(reviewed_record):
    relationship = reviewed_record["relationship"]
    temperature_recompute(relationship=relationship)
    assert _event_count(relationship) == 2


def test_approving_an_article_brings_its_facts_into_the_temperature(
    reviewed_record, django_capture_on_commit_callbacks
):
    relationship = reviewed_record["relationship"]
    temperature_recompute(relationship=relationship)
    with django_capture_on_commit_callbacks(execute=True):
        articles_review_status_set(
            articles=Article.objects.filter(slug="pending-wire"),
            status=Article.ReviewStatus.APPROVED,
        )
    assert _event_count(relationship) == 4
    with django_capture_on_commit_callbacks(execute=True):
        article_update(article=reviewed_record["approved"], data={"review_status": "rejected"})
    # The public summit now cites only a rejected article; the others cite the approved one.
    assert _event_count(relationship) == 3


def test_admin_approval_action_recomputes_the_temperature(
    admin_client, reviewed_record, django_capture_on_commit_callbacks
):
    relationship = reviewed_record["relationship"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "approve_selected", "_selected_action": [reviewed_record["pending"].pk]},
        )
    assert response.status_code == 302
    assert _event_count(relationship) == 4


def test_new_articles_await_review():
    article = Article(title="t", slug="t", summary="s", published_on="2004-01-01")
    assert article.review_status == Article.ReviewStatus.PENDING

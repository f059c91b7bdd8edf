"""Articles, dates, metrics and read-only rows in the admin."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from api.models import Deletion
from articles.models import Article, Source
from articles.services import content_hash
from relations.models import Citation, Event, Metric, TemperaturePoint
from tests.factories import ArticleFactory, SourceFactory
from tests.relations.admin.conftest import (
    event_post_data,
    management_form,
)


def article_post_data(source: Source, text: str) -> dict:
    return {
        "title": "Putin and Rahmonov make progress",
        "slug": "putin-rahmonov-progress",
        "source": source.pk,
        "url": "https://news.example/progress",
        "published_on": "2004-06-10",
        "published_on_precision": "day",
        "summary": "A summit settles old disputes.",
        "text": text,
        "review_status": "pending",
        "authors": "Lidia Isamova",
    }


def test_article_admin_stores_the_sha256_of_the_text(admin_client, db):
    source = SourceFactory()
    response = admin_client.post(
        reverse("admin:articles_article_add"), article_post_data(source, "Line one.\r\nLine two.")
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="putin-rahmonov-progress")
    assert article.text == "Line one.\nLine two."
    assert article.content_hash == hashlib.sha256(b"Line one.\nLine two.").hexdigest()
    assert article.authors == ["Lidia Isamova"]


def test_article_content_hash_is_read_only(admin_client, db):
    source = SourceFactory()
    data = article_post_data(source, "Text.") | {"content_hash": "0" * 64}
    admin_client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get(slug="putin-rahmonov-progress")
    assert article.content_hash == content_hash("Text.")


def test_article_without_text_has_no_hash(admin_client, db):
    admin_client.post(reverse("admin:articles_article_add"), article_post_data(SourceFactory(), ""))
    assert Article.objects.get(slug="putin-rahmonov-progress").content_hash == ""


def test_article_review_actions_approve_and_reject_with_a_message(admin_client, db):
    pending = ArticleFactory.create_batch(3, review_status=Article.ReviewStatus.PENDING)
    url = reverse("admin:articles_article_changelist")
    selected = [article.pk for article in pending[:2]]
    response = admin_client.post(
        url, {"action": "approve_selected", "_selected_action": selected}, follow=True
    )
    assert "2 articles marked approved." in response.content.decode()
    statuses = dict(Article.objects.values_list("pk", "review_status"))
    assert [statuses[article.pk] for article in pending] == ["approved", "approved", "pending"]

    response = admin_client.post(
        url, {"action": "reject_selected", "_selected_action": [pending[2].pk]}, follow=True
    )
    assert "1 article marked rejected." in response.content.decode()
    assert Article.objects.get(pk=pending[2].pk).review_status == "rejected"


def test_article_review_action_moves_the_updated_time(admin_client, db):
    article = ArticleFactory(review_status=Article.ReviewStatus.PENDING)
    Article.objects.filter(pk=article.pk).update(
        updated=timezone.now() - datetime.timedelta(days=1)
    )
    before = Article.objects.get(pk=article.pk).updated
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [article.pk]},
    )
    assert Article.objects.get(pk=article.pk).updated > before


def test_month_precise_dates_are_stored_as_the_first_of_the_month(admin_client, record):
    data = event_post_data(record, occurred_on="2004-06-17", occurred_on_precision="month")
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert response.status_code == 302
    assert Event.objects.get(title="Summit in Sochi").occurred_on == datetime.date(2004, 6, 1)


def test_metric_page_edits_observations_in_place_but_adds_none(admin_client, record):
    observation = record["observation"]
    metric = observation.metric
    url = reverse("admin:relations_metric_change", args=[metric.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission
    data = {
        "slug": metric.slug,
        "name": metric.name,
        "unit": metric.unit,
        "description": "",
        "direction": "",
        **management_form("observations", 1, 1),
        "observations-0-id": observation.pk,
        "observations-0-metric": metric.pk,
        "observations-0-relationship": observation.relationship_id,
        "observations-0-period_start": "2005-03-09",
        "observations-0-period_precision": "year",
        "observations-0-value": "250000000",
        "observations-0-unit": "USD",
        "observations-0-qualifier": "approximate",
        "observations-0-claimed_by": observation.claimed_by_id,
    }
    assert admin_client.post(url, data).status_code == 302
    observation.refresh_from_db()
    assert observation.value == Decimal("250000000")
    assert observation.period_start == datetime.date(2005, 1, 1)


def test_read_only_admins_refuse_changes(admin_client, record):
    point = TemperaturePoint.objects.get()
    url = reverse("admin:relations_temperaturepoint_change", args=[point.pk])
    response = admin_client.post(url, {"value": "99"})
    assert response.status_code == 403
    delete = reverse("admin:api_deletion_delete", args=[Deletion.objects.get().pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Citation.objects.count() == 3
    assert Metric.objects.count() == 1

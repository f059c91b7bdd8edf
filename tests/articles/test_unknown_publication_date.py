"""An article whose text gives no year keeps its date unknown, and everything copes with it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import services
from articles.dates import UNKNOWN, format_reported_date
from tests import factories
from tests.api.conftest import get_csv, get_json

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def undated():
    return factories.ArticleFactory(
        slug="undated",
        title="Talks on the base resume",
        published_on=None,
        published_on_precision=UNKNOWN,
        text="Talks on the base resumed on Tuesday.",
    )


def test_an_unknown_date_reads_as_such_never_as_a_guessed_day():
    assert format_reported_date(None, UNKNOWN) == "date unknown"
    assert format_reported_date(None, "day") == ""


def test_the_database_holds_an_empty_date_only_with_unknown_precision():
    article = factories.ArticleFactory()
    with pytest.raises(IntegrityError, match="article_unknown_date_is_empty"), transaction.atomic():
        type(article).objects.filter(pk=article.pk).update(published_on=None)
    with pytest.raises(IntegrityError, match="article_unknown_date_is_empty"), transaction.atomic():
        type(article).objects.filter(pk=article.pk).update(published_on_precision=UNKNOWN)


def test_the_article_service_refuses_a_missing_date_with_a_known_precision():
    source = factories.SourceFactory()
    data = {"title": "T", "slug": "t", "source": source, "summary": "s", "published_on": None}
    with pytest.raises(ValidationError) as error:
        services.article_create(data={**data, "published_on_precision": "day"})
    assert "empty exactly when" in str(error.value)

    article = services.article_create(data={**data, "published_on_precision": UNKNOWN})
    assert article.published_on is None
    assert article.date_unknown
    assert article.published_display == "date unknown"


def test_the_api_lists_undated_articles_last_with_a_null_date(client, undated):
    dated = factories.ArticleFactory(published_on=D(2004, 3, 15))

    body = get_json(client, "/api/articles")
    assert [item["id"] for item in body["items"]] == [dated.pk, undated.pk]
    assert body["items"][1]["published_on"] is None
    # The API's rule for every date: one not known has no precision either.
    assert body["items"][1]["published_on_precision"] is None
    assert get_json(client, f"/api/articles/{undated.pk}")["published_on"] is None

    _, rows = get_csv(client, "/api/articles?format=csv")
    header, *records = rows
    last = dict(zip(header, records[-1], strict=True))
    assert (last["title"], last["published_on"], last["published_on_precision"]) == (
        undated.title,
        "",
        "",
    )


def test_a_date_filter_leaves_undated_articles_out(client, undated):
    factories.ArticleFactory(published_on=D(2004, 3, 15))
    body = get_json(client, "/api/articles?published_from=2000-01-01")
    assert undated.pk not in [item["id"] for item in body["items"]]


def test_citations_of_an_undated_article_show_a_null_date(client, undated):
    event = factories.EventFactory()
    factories.CitationFactory(article=undated, event=event)

    citation = get_json(client, f"/api/events/{event.pk}")["citations"][0]
    assert citation["published_on"] is None
    assert citation["published_on_precision"] is None


def test_pages_show_an_unknown_date_in_words(client, undated):
    event = factories.EventFactory(title="Base talks")
    factories.CitationFactory(article=undated, event=event)

    page = client.get(reverse("relations:article", args=["undated"]))
    assert page.status_code == 200
    assert "date unknown" in page.content.decode()
    event_page = client.get(reverse("relations:event", args=[event.pk]))
    assert "date unknown" in event_page.content.decode()
    dashboard = client.get(reverse("relations:relationship", args=[event.relationship.slug]))
    assert dashboard.status_code == 200
    search = client.get(reverse("relations:search"), {"q": "base"})
    assert search.status_code == 200
    assert "date unknown" in search.content.decode()


def test_pages_and_search_hide_articles_awaiting_review(client):
    factories.ArticleFactory(slug="waiting", title="Base talks waiting", review_status="pending")

    assert client.get(reverse("relations:article", args=["waiting"])).status_code == 404
    search = client.get(reverse("relations:search"), {"q": "waiting"})
    assert "Base talks waiting" not in search.content.decode()


def test_admin_lists_undated_articles(admin_client, undated):
    factories.ArticleFactory(published_on=D(2004, 3, 15))
    page = admin_client.get(reverse("admin:articles_article_changelist"))
    assert page.status_code == 200
    assert "date unknown" in page.content.decode()
    filtered = admin_client.get(
        reverse("admin:articles_article_changelist"), {"published_on_precision__exact": UNKNOWN}
    )
    assert filtered.context["cl"].result_count == 1

"""Editing an article's text never moves a citation's highlight onto the wrong words."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from api.caching import reset_http_caches
from articles.services import article_update
from relations.models import Citation
from relations.services.citations import Anchor, find_quote
from tests import factories

TEXT = "The two presidents met in Sochi. They agreed on a base.\nDebt was discussed."
BASE = "They agreed on a base."


# --- the pure part: finding a quote ------------------------------------------------------------


def test_find_quote_finds_the_exact_words():
    assert find_quote(TEXT, BASE) == Anchor(33, 55)


def test_find_quote_tolerates_changed_spacing_and_line_breaks():
    text = "Intro. They  agreed\non a\tbase. End."
    anchor = find_quote(text, BASE)
    assert anchor is not None
    assert text[anchor.start : anchor.end] == "They  agreed\non a\tbase."


def test_find_quote_prefers_the_place_nearest_the_old_span():
    text = "Yes. No. Yes. No. Yes."
    assert find_quote(text, "Yes.", near=0) == Anchor(0, 4)
    assert find_quote(text, "Yes.", near=12) == Anchor(9, 13)
    assert find_quote(text, "Yes.", near=100) == Anchor(18, 22)


def test_find_quote_answers_none_when_the_words_are_gone():
    assert find_quote(TEXT, "They agreed on a lease.") is None
    assert find_quote("", BASE) is None
    assert find_quote(TEXT, "   ") is None


# --- through the article service ---------------------------------------------------------------


@pytest.fixture
def cited(db):
    article = factories.ArticleFactory(text=TEXT)
    event = factories.EventFactory()
    citation = factories.CitationFactory(
        article=article, event=event, span_start=33, span_end=55, quote=BASE
    )
    return article, event, citation


def test_text_added_before_a_quote_moves_its_span(cited):
    article, _, citation = cited
    article_update(article=article, data={"text": "ДУШАНБЕ, 17 October. " + TEXT})
    citation.refresh_from_db()
    assert article.text[citation.span_start : citation.span_end] == BASE
    assert citation.span_start == 33 + len("ДУШАНБЕ, 17 October. ")
    assert not citation.stale


def test_respaced_quote_is_found_again(cited):
    article, _, citation = cited
    new_text = TEXT.replace("They agreed on a base.", "They agreed\non  a base.")
    article_update(article=article, data={"text": new_text})
    citation.refresh_from_db()
    assert new_text[citation.span_start : citation.span_end] == "They agreed\non  a base."
    assert citation.quote == BASE
    assert not citation.stale


def test_citation_whose_quote_is_gone_is_flagged_stale_without_a_span(cited):
    article, _, citation = cited
    article_update(article=article, data={"text": TEXT.replace("a base", "a lease")})
    citation.refresh_from_db()
    assert citation.stale
    assert (citation.span_start, citation.span_end) == (None, None)
    assert citation.quote == BASE  # kept, so a curator sees what it said


def test_stale_citation_is_anchored_again_when_its_words_come_back(cited):
    article, _, citation = cited
    article_update(article=article, data={"text": "Nothing here."})
    article_update(article=article, data={"text": "Preface. " + TEXT})
    citation.refresh_from_db()
    assert not citation.stale
    assert article.text[citation.span_start : citation.span_end] == BASE


def test_citation_without_a_stored_quote_takes_its_words_from_the_old_text(db):
    article = factories.ArticleFactory(text=TEXT)
    citation = factories.CitationFactory(
        article=article, event=factories.EventFactory(), span_start=33, span_end=55
    )
    article_update(article=article, data={"text": "Preface. " + TEXT})
    citation.refresh_from_db()
    assert citation.quote == BASE
    assert (citation.span_start, citation.span_end) == (42, 64)


def test_other_fields_leave_the_citations_alone(cited):
    article, _, citation = cited
    before = Citation.objects.get(pk=citation.pk).updated
    article_update(article=article, data={"summary": "New summary."})
    assert Citation.objects.get(pk=citation.pk).updated == before


# --- the curator's doors: admin and pages -----------------------------------------------------


def article_admin_data(article, text: str) -> dict:
    return {
        "title": article.title,
        "slug": article.slug,
        "source": article.source_id,
        "url": article.url,
        "published_on": article.published_on.isoformat(),
        "published_on_precision": article.published_on_precision,
        "summary": article.summary,
        "text": text,
        "review_status": article.review_status,
        "authors": "",
    }


def test_admin_edit_of_the_text_reanchors_and_warns_of_stale_citations(admin_client, cited):
    article, event, citation = cited
    other = factories.CitationFactory(
        article=article, event=event, span_start=0, span_end=32, quote=TEXT[:32]
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    new_text = "Update: " + TEXT.replace("a base", "a lease")
    response = admin_client.post(url, article_admin_data(article, new_text))
    assert response.status_code == 302
    citation.refresh_from_db()
    other.refresh_from_db()
    assert citation.stale
    assert new_text[other.span_start : other.span_end] == TEXT[:32]
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("1 citation quotes words the new text no longer holds" in m for m in shown)


def test_stale_citations_are_listed_for_the_curator(admin_client, cited):
    article, _, citation = cited
    article_update(article=article, data={"text": "Rewritten entirely."})
    fresh = factories.CitationFactory(event=factories.EventFactory(), quote="Still here.")
    response = admin_client.get(reverse("admin:relations_citation_changelist") + "?stale__exact=1")
    assert response.status_code == 200
    listed = {row.pk for row in response.context["cl"].result_list}
    assert listed == {citation.pk}
    assert fresh.pk not in listed


def test_giving_a_stale_citation_a_new_span_in_admin_clears_the_flag(admin_client, cited):
    article, event, citation = cited
    article_update(article=article, data={"text": "They agreed on a lease. " + TEXT})
    citation.refresh_from_db()
    assert not citation.stale  # the old quote is still there, further on
    article_update(article=article, data={"text": "They agreed on a lease."})
    citation.refresh_from_db()
    assert citation.stale
    response = admin_client.post(
        reverse("admin:relations_citation_change", args=[citation.pk]),
        {"article": article.pk, "event": event.pk, "span_start": 0, "span_end": 23, "note": ""},
    )
    assert response.status_code == 302
    citation.refresh_from_db()
    assert not citation.stale
    assert citation.quote == "They agreed on a lease."


def test_public_pages_show_stale_citations_as_stale(client, cited):
    article, event, citation = cited
    article_update(article=article, data={"text": "Rewritten entirely."})
    page = client.get(reverse("relations:article", args=[article.slug])).content.decode()
    assert "1 citation stale" in page
    assert "stale quote" in page
    assert '<mark class="cited"' not in page
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert "Stale quote" in event_page
    assert BASE in event_page


def test_api_tells_a_stale_citation(client, cited):
    article, event, _ = cited
    article_update(article=article, data={"text": "Rewritten entirely."})
    reset_http_caches()
    response = client.get(f"/api/events/{event.pk}")
    assert response.status_code == 200
    citation = response.json()["citations"][0]
    assert citation["stale"] is True
    assert citation["span_start"] is None
    assert citation["quote"] == BASE

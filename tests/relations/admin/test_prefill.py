"""From a sentence to a fact: the picker on an article's admin page and the prefilled forms."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from articles.services import content_hash
from relations.models import Citation, Event, EventCategory, Observation
from relations.selectors.proposals import actors_in, covering_span, sentence_proposal
from tests import factories
from tests.relations.admin.conftest import ARTICLE_TEXT, citation_rows, form_errors

TEXT = (
    "Moscow, 5 June 2004. Rahmonov met Vladimir Putin in Sochi on Friday. "
    "The Armed Forces of Tajikistan were not mentioned.\n\nRussia holds about 7,000 troops."
)


def article_with(text: str = TEXT, **fields):
    return factories.ArticleFactory(text=text, content_hash=content_hash(text), **fields)


def test_a_selection_widens_to_the_whole_sentences_it_touches():
    start = TEXT.index("Putin")
    span = covering_span(TEXT, start, start + 5)
    assert TEXT[span[0] : span[1]] == "Rahmonov met Vladimir Putin in Sochi on Friday."
    across = covering_span(TEXT, start, TEXT.index("Armed") + 3)
    assert TEXT[across[0] : across[1]].endswith("were not mentioned.")
    assert covering_span(TEXT, 5, 5) is None
    assert covering_span(TEXT, 0, len(TEXT) + 1) is None


def test_actors_are_found_by_any_spelling_and_the_longest_spelling_wins(db):
    rahmon = factories.ActorFactory(aliases=("Emomali Rahmon", "Rahmonov"))
    putin = factories.ActorFactory(aliases=("Vladimir Putin", "Putin"))
    tajikistan = factories.ActorFactory(aliases=("Tajikistan",))
    army = factories.ActorFactory(aliases=("Armed Forces of Tajikistan",))
    factories.ActorFactory(aliases=("Sochi Winter",))
    assert actors_in("RAHMONOV met vladimir Putin.") == [rahmon.pk, putin.pk]
    assert actors_in("The Armed Forces of Tajikistan moved; Tajikistan agreed.") == [
        army.pk,
        tajikistan.pk,
    ]
    assert actors_in("Rahmonovich and Putinism") == []
    assert actors_in("  ") == []


def test_an_event_proposal_carries_the_citation_relationship_date_and_actors(db):
    relationship = factories.RelationshipFactory()
    rahmon = factories.ActorFactory(aliases=("Rahmonov",))
    article = article_with(published_on=datetime.date(2004, 6, 5))
    start = TEXT.index("Rahmonov")
    proposal = sentence_proposal(article=article, start=start + 2, end=start + 9, kind="event")
    assert proposal.citation == {
        "article": article.pk,
        "span_start": start,
        "span_end": TEXT.index(" The Armed"),
        "quote": "Rahmonov met Vladimir Putin in Sochi on Friday.",
    }
    assert proposal.data["relationship"] == relationship.pk
    assert proposal.data["actors"] == [rahmon.pk]
    assert proposal.data["occurred_on"].isoformat() == "2004-06-05"
    assert proposal.data["date_basis"] == Event.DateBasis.ARTICLE_DATE
    assert "5 June 2004" in proposal.data["note"]
    assert sentence_proposal(article=article, start=0, end=4, kind="treaty") is None


def test_the_relationship_is_the_one_the_article_already_cites(db):
    first, second = factories.RelationshipFactory(), factories.RelationshipFactory()
    article = article_with()
    assert (
        "relationship" not in sentence_proposal(article=article, start=0, end=5, kind="event").data
    )
    event = factories.EventFactory(relationship=second)
    factories.CitationFactory(article=article, event=event)
    proposal = sentence_proposal(article=article, start=0, end=5, kind="agreement")
    assert proposal.data["relationship"] == second.pk != first.pk


def test_the_article_admin_page_shows_its_sentences_with_the_cited_ones_marked(
    admin_client, record
):
    article = record["article"]
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    content = response.content.decode()
    assert 'id="sentences"' in content
    assert content.count("data-start=") == 3
    assert 'class="sentence sentence--cited" data-start="0" data-end="32"' in content
    assert 'data-start="56" data-end="75"' in content  # "Debt was discussed."
    assert reverse("admin:relations_event_add") in content
    assert "js/sentences.js" in content


def test_the_event_form_opens_holding_the_sentence(admin_client, record):
    article = record["article"]
    url = reverse("admin:relations_event_add")
    response = admin_client.get(url, {"article": article.pk, "span_start": 40, "span_end": 44})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["relationship"] == record["relationship"].pk
    assert str(form.initial["occurred_on"]) == article.published_on.isoformat()
    assert form.initial["date_basis"] == "article_date"
    citation = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert citation.initial == {"article": article.pk, "span_start": 33, "span_end": 55}
    assert "They agreed on a base." in response.content.decode()
    assert "Save and add another from this article" in response.content.decode()


def test_bad_prefill_addresses_open_an_empty_form(admin_client, record):
    url = reverse("admin:relations_event_add")
    for query in (
        {"article": "x", "span_start": 0, "span_end": 4},
        {"article": 999_999, "span_start": 0, "span_end": 4},
        {"article": record["article"].pk, "span_start": 50, "span_end": 9_999},
        {"article": record["article"].pk, "span_start": -1, "span_end": 4},
    ):
        response = admin_client.get(url, query)
        assert response.status_code == 200
        assert "proposal" not in response.context


def test_save_and_add_another_from_this_article_returns_to_its_sentences(admin_client, record):
    article = record["article"]
    query = f"?article={article.pk}&span_start=56&span_end=75"
    data = {
        "relationship": record["relationship"].pk,
        "title": "Debt talks",
        "occurred_on": "2012-04-17",
        "occurred_on_precision": "day",
        "date_basis": "article_date",
        "note": "Dated by the article.",
        "category": EventCategory.objects.get(code="04").pk,
        "confidence": "1",
        "_addanother_article": "Save and add another from this article",
        **citation_rows({"article": article.pk, "span_start": 56, "span_end": 75}),
    }
    response = admin_client.post(reverse("admin:relations_event_add") + query, data)
    assert response.status_code == 302, form_errors(response)
    assert response["Location"] == (
        reverse("admin:articles_article_change", args=[article.pk]) + "#sentences"
    )
    event = Event.objects.get(title="Debt talks")
    assert Citation.objects.get(event=event).quote == "Debt was discussed."


def test_an_observation_left_without_a_unit_takes_its_metrics(admin_client, record):
    metric = factories.MetricFactory(unit="persons")
    data = {
        "metric": metric.pk,
        "relationship": record["relationship"].pk,
        "value": "7000",
        "unit": "",
        "period_start": "2004",
        "period_precision": "year",
        "qualifier": "approximate",
        **citation_rows({"article": record["article"].pk, "span_start": 0, "span_end": 32}),
    }
    data["period_start"] = "2004-01-01"
    response = admin_client.post(reverse("admin:relations_observation_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Observation.objects.get(metric=metric).unit == "persons"


def test_the_picker_handles_text_with_leading_space(db):
    from relations.templatetags.sentences import sentence_picker

    article = article_with("\n  First one. Second one.")
    context = sentence_picker(article)
    rebuilt = context["lead"] + "".join(s.text + s.gap for s in context["sentences"])
    assert rebuilt == article.text
    assert ARTICLE_TEXT  # the shared fixture text the admin tests cite


def test_the_public_article_page_offers_the_picker_to_curators_only(client, admin_client, record):
    url = reverse("relations:article", args=[record["article"].slug])
    public = client.get(url).content.decode()
    assert 'id="sentences"' not in public and "sentences.js" not in public
    curator = admin_client.get(url).content.decode()
    assert 'id="sentences"' in curator and "js/sentences.js" in curator
    assert reverse("admin:relations_observation_add") in curator


EXTRACTED = (
    "Dushanbe, 5 June 2004\n\nPresident Vladimir Putin met Emomali Rahmon in Sochi on June 4. "
    "Tajikistan owes Russia about 300 million US dollars of debt. "
    "Russia and Tajikistan signed an agreement on the military base on 16 October 2004."
)


@pytest.fixture
def pair(db):
    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    relationship = factories.RelationshipFactory(
        slug="ru-tj", name="Russia – Tajikistan", country_a=russia, country_b=tajikistan
    )
    factories.ActorFactory(name="Vladimir Putin", country=russia, aliases=("Vladimir Putin",))
    factories.ActorFactory(name="Emomali Rahmon", country=tajikistan, aliases=("Emomali Rahmon",))
    factories.MetricFactory(slug="debt", name="Debt", unit="USD")
    article = article_with(EXTRACTED, published_on=datetime.date(2004, 6, 5))
    return relationship, article


def test_a_picked_figure_holds_what_extraction_reads_in_the_selection(pair):
    relationship, article = pair
    start = EXTRACTED.index("300 million")
    proposal = sentence_proposal(article=article, start=start, end=start + 11, kind="figure")
    assert proposal.data["relationship"] == relationship.pk
    assert proposal.data["metric"] == "debt"
    assert proposal.data["value"] == 300_000_000 and proposal.data["unit"] == "USD"
    assert proposal.data["qualifier"] == "approximate"


def test_a_picked_event_holds_its_stated_date_and_sides(pair):
    _, article = pair
    start = EXTRACTED.index("President")
    proposal = sentence_proposal(article=article, start=start, end=start + 9, kind="event")
    assert proposal.data["occurred_on"] == datetime.date(2004, 6, 4)
    assert proposal.data["occurred_on_precision"] == "day"
    assert proposal.data["category"].startswith("04")  # consult, meet
    assert len(proposal.data["actors"]) == 2


def test_a_picked_agreement_holds_its_signature_and_parties(pair):
    _, article = pair
    start = EXTRACTED.index("signed")
    proposal = sentence_proposal(article=article, start=start, end=start + 6, kind="agreement")
    assert proposal.data["signed_on"] == datetime.date(2004, 10, 16)
    assert proposal.data["status"] == "signed" and proposal.data["title"]


def test_the_only_relationship_is_preselected_on_a_plain_add_form(admin_client, db):
    only = factories.RelationshipFactory()
    for model in ("agreement", "observation", "event"):
        response = admin_client.get(reverse(f"admin:relations_{model}_add"))
        assert response.context["adminform"].form.initial["relationship"] == only.pk
    factories.RelationshipFactory()
    response = admin_client.get(reverse("admin:relations_event_add"))
    assert "relationship" not in response.context["adminform"].form.initial

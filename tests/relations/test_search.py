"""Search: full-text over articles, agreements and events; actors by any spelling."""

import datetime
import re

import pytest
from django.urls import reverse

from relations.models import Actor, EventCategory
from relations.selectors.search import (
    search_actors,
    search_agreements,
    search_all,
    search_articles,
    search_events,
)
from tests import factories

pytestmark = pytest.mark.django_db
SEARCH_QUERIES = 6


@pytest.fixture
def record():
    factories.ActorFactory(
        slug="emomali-rahmon",
        name="Emomali Rahmon",
        aliases=("Rahmonov", "Rakhmon", "Imomali Rakhmonov", "Эмомали Рахмон", "Emomali Rahmon"),
    )
    factories.ActorFactory(slug="vladimir-putin", name="Vladimir Putin", aliases=["Vladimir Putin"])
    factories.ArticleFactory(
        slug="bases",
        title="Tajikistan turns down foreign military bases",
        summary="The president says other countries offered bases and he refused them.",
        text="Several states asked to open military bases. The president refused.",
        published_on=datetime.date(2012, 4, 17),
    )
    factories.ArticleFactory(
        slug="summit",
        title="Presidents meet in Sochi",
        summary="A summit settles the debt and the space station.",
    )
    factories.ArticleFactory(
        slug="passing-mention",
        title="Regional round-up",
        summary="Markets, weather and, in passing, a military base.",
    )
    relationship = factories.RelationshipFactory()
    factories.AgreementFactory(
        relationship=relationship,
        slug="lease",
        title="Lease of the Nurek station",
        summary="Russia takes the station over.",
        provisions=["The space surveillance centre passes to Russia for 49 years."],
    )
    factories.EventFactory(
        relationship=relationship,
        title="Border guards told to leave",
        summary="Dushanbe asks for the withdrawal of Russian border guards.",
        category=EventCategory.objects.get(code="10"),
    )


@pytest.mark.parametrize(
    "spelling", ["rakhmon", "Émomali", "RAHMONOV", "imomali rakhmonov", "Rahmon", "рахмон"]
)
def test_actors_are_found_by_any_spelling_case_and_accents_aside(record, spelling):
    hits = search_actors(spelling)
    assert hits and hits[0].title == "Emomali Rahmon"
    assert hits[0].url == reverse("relations:actor", args=["emomali-rahmon"])
    assert all(hit.title != "Vladimir Putin" for hit in hits)


def test_actor_hit_names_the_spelling_that_matched(record):
    (hit,) = search_actors("rakhmon")
    assert "Rakhmon" in hit.detail


def test_misspelt_names_still_match_but_strangers_do_not(record):
    assert search_actors("Rahmonof")[0].title == "Emomali Rahmon"
    assert search_actors("Zukhurov") == []


def test_articles_rank_title_matches_above_passing_mentions(record):
    hits = search_articles("military bases")
    assert [hit.url for hit in hits][:2] == [
        reverse("relations:article", args=["bases"]),
        reverse("relations:article", args=["passing-mention"]),
    ]
    assert hits[0].rank > hits[1].rank


def test_article_snippets_mark_the_match_and_carry_no_other_markup(record):
    factories.ArticleFactory(
        slug="html", title="Base <script>", summary="A base <b>bold</b> claim 5 > 3."
    )
    (hit,) = [hit for hit in search_articles("base claim") if hit.title == "Base <script>"]
    assert "<mark>base</mark>" in hit.snippet
    assert set(re.findall(r"</?\w+", hit.snippet)) == {"<mark", "</mark"}
    assert "&gt;" in hit.snippet


def test_agreements_match_on_their_provisions(record):
    (hit,) = search_agreements("surveillance centre")
    assert hit.url == reverse("relations:agreement", args=["lease"])


def test_events_match_on_title_and_summary(record):
    assert [hit.title for hit in search_events("withdrawal")] == ["Border guards told to leave"]
    assert [hit.title for hit in search_events("guards")] == ["Border guards told to leave"]


def test_an_empty_query_is_no_search(record):
    assert search_all("   ") is None


def test_search_page_shows_a_hint_for_an_empty_query(client, record):
    response = client.get(reverse("relations:search"))
    assert response.status_code == 200
    assert "Names match in any spelling" in response.content.decode()


def test_search_page_groups_ranked_results(client, record, django_assert_max_num_queries):
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get(reverse("relations:search"), {"q": "rakhmon"})
    page = response.content.decode()
    assert 'data-results="actors"' in page
    assert reverse("relations:actor", args=["emomali-rahmon"]) in page


def test_search_page_says_when_nothing_matches(client, record):
    page = client.get(reverse("relations:search"), {"q": "zzzqqq"}).content.decode()
    assert "Nothing in the record matches" in page


@pytest.mark.parametrize("query", ["'", "a & | !", "(((", "x" * 5000, "\\", "NOT"], ids=range(6))
def test_odd_queries_never_fail(client, record, query):
    assert client.get(reverse("relations:search"), {"q": query}).status_code == 200


def test_nul_characters_in_the_query_are_dropped(client, record):
    assert client.get(reverse("relations:search"), {"q": "\x00"}).status_code == 200
    response = client.get(reverse("relations:search"), {"q": "rakh\x00mon"})
    assert response.status_code == 200
    assert reverse("relations:actor", args=["emomali-rahmon"]) in response.content.decode()


def test_numbers_do_not_match_names_by_a_shared_digit(record):
    factories.ActorFactory(slug="division", name="201st Motorised Rifle Division")
    factories.ActorAliasFactory(
        actor=Actor.objects.get(slug="division"), name="201st Motorised Rifle Division"
    )
    assert search_actors("2042") == []


def test_full_text_search_ignores_accents_both_ways(record):
    article = factories.ArticleFactory(
        slug="cafe", title="Talks at the Café Dushanbé", summary="Tea."
    )
    agreement = factories.AgreementFactory(
        slug="accord", title="Accord de Douchanbé", provisions=["Pétrole"]
    )
    event = factories.EventFactory(title="Meeting in Khujand", summary="Emomali met the Premiér.")

    assert [hit.url for hit in search_articles("cafe dushanbe")] == [
        reverse("relations:article", args=[article.slug])
    ]
    assert [hit.url for hit in search_agreements("douchanbe petrole")] == [
        agreement.get_absolute_url()
    ]
    assert [hit.url for hit in search_events("premier")] == [event.get_absolute_url()]
    assert [hit.url for hit in search_events("Khujánd")] == [event.get_absolute_url()]


def test_accented_hits_are_highlighted_in_their_own_spelling(record):
    factories.ArticleFactory(
        slug="cafe", title="Café", summary="They met in a café near the river."
    )
    (hit,) = search_articles("cafe river")
    assert "<mark>café</mark>" in hit.snippet

"""From a sentence to a fact, in a real browser: a curator adds one article and three facts
(an agreement, a figure and an event), first with the plain admin forms, then by picking
sentences. The test counts its own actions: each click, each field filled or chosen, each
address opened; an autocomplete choice is three (open, type, pick). The offsets the plain
forms need are computed by the test, as a curator counted them outside the browser: not
counted here, so the plain count is a floor.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.extraction.sentences import sentence_span
from articles.models import Article
from articles.services import content_hash
from relations.models import Agreement, Candidate, Citation, Event, Observation
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = (
    "Putin and Rahmon agree on the base\n\n"
    "Dushanbe, 17 October 2004\n\n"
    "Russia and Tajikistan signed an agreement on the military base in Dushanbe on "
    "16 October 2004. Tajikistan owes Russia about 300 million US dollars of debt, officials "
    "said. President Vladimir Putin met Emomali Rahmon in Dushanbe on 16 October 2004.\n\n"
    "The talks lasted three hours."
)
AGREEMENT = "Russia and Tajikistan signed an agreement on the military base"
FIGURE = "300 million US dollars"
EVENT = "President Vladimir Putin met Emomali Rahmon"
# 16 October 2004 as a date box shows it: the locale's format, or as a curator types it.
SIGNED = ("16/10/2004", "2004-10-16")
# Adding the article itself, the same either way: open, title, source (3), date, summary,
# text, review status, save.
ARTICLE_ACTIONS = 10


class Curator:
    """A browser tab whose every user action is counted."""

    def __init__(self, tab, base_url: str):
        self.tab = tab
        self.base_url = base_url
        self.actions = 0

    def open(self, path: str) -> None:
        self.actions += 1
        self.tab.goto(self.base_url + path)

    def click(self, selector: str) -> None:
        self.actions += 1
        self.tab.locator(selector).first.click()

    def fill(self, selector: str, value: str) -> None:
        self.actions += 1
        self.tab.locator(selector).fill(value)

    def type(self, selector: str, value: str) -> None:
        """Typed key by key (what fires the slug's prepopulation): one action."""
        self.actions += 1
        self.tab.locator(selector).press_sequentially(value)

    def select(self, selector: str, label: str) -> None:
        self.actions += 1
        self.tab.locator(selector).select_option(label=label)

    def autocomplete(self, select_id: str, term: str, choice: str) -> None:
        """Open a select2 box, type, pick the result: three actions."""
        self.actions += 3
        self.tab.locator(f"#{select_id} + .select2 .select2-selection").click()
        self.tab.locator(".select2-container--open .select2-search__field").fill(term)
        self.tab.locator(".select2-results__option", has_text=choice).first.click()

    def pick_sentence(self, words: str) -> None:
        """Click the sentence holding `words` on the article's page."""
        self.actions += 1
        self.tab.locator(".sentence-picker__text .sentence", has_text=words).first.click()

    def save(self, name: str = "_save") -> None:
        self.actions += 1
        with self.tab.expect_navigation():
            self.tab.locator(f'input[name="{name}"]').first.click()
        errors = self.tab.locator(".errornote, .errorlist")
        assert errors.count() == 0, errors.all_inner_texts()


@pytest.fixture
def vocabulary(db):
    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    relationship = factories.RelationshipFactory(
        slug="ru-tj", name="Russia – Tajikistan", country_a=russia, country_b=tajikistan
    )
    putin = factories.ActorFactory(
        name="Vladimir Putin", country=russia, aliases=("Vladimir Putin", "Putin")
    )
    rahmon = factories.ActorFactory(
        name="Emomali Rahmon", country=tajikistan, aliases=("Emomali Rahmon", "Rahmon")
    )
    states = [
        factories.ActorFactory(name=country.name, kind="country", country=country, aliases=(name,))
        for country, name in ((russia, "Russia"), (tajikistan, "Tajikistan"))
    ]
    metric = factories.MetricFactory(slug="debt", name="Debt", unit="USD")
    factories.SourceFactory(name="Asia Wire", slug="asia-wire")
    return {
        "relationship": relationship,
        "putin": putin,
        "rahmon": rahmon,
        "states": states,
        "metric": metric,
    }


def page_errors(page) -> list[str]:
    """The tab's errors but the admin's missing favicon (each failed request is listed anyway)."""
    return [
        error
        for error in page.errors
        if not error.endswith("/favicon.ico") and not error.startswith("Failed to load resource")
    ]


def log_in(tab, base_url: str, admin_user) -> None:
    tab.goto(base_url + reverse("admin:login"))
    tab.locator("#id_username").fill(admin_user.username)
    tab.locator("#id_password").fill("password")
    with tab.expect_navigation():
        tab.locator('input[type="submit"]').click()


def add_article(curator: Curator, title: str, *, then: str) -> Article:
    """The article itself, as either way begins: ARTICLE_ACTIONS actions."""
    curator.open(reverse("admin:articles_article_add"))
    curator.type("#id_title", title)
    curator.autocomplete("id_source", "Asia", "Asia Wire")
    curator.fill("#id_published_on", "2004-10-17")
    curator.fill("#id_summary", "The base agreement, the debt and the meeting.")
    curator.fill("#id_text", TEXT)
    curator.select("#id_review_status", "Approved")
    curator.save(then)
    return Article.objects.get(title=title)


def span(words: str) -> tuple[int, int]:
    """The sentence holding `words`: what a curator counted by hand before."""
    return sentence_span(TEXT, words)


def cite(curator: Curator, article_title: str, words: str) -> None:
    """The plain citation row: the article (an autocomplete) and the span typed in."""
    start, end = span(words)
    curator.autocomplete("id_citations-0-article", article_title[:12], article_title)
    curator.fill("#id_citations-0-span_start", str(start))
    curator.fill("#id_citations-0-span_end", str(end))


def test_one_article_three_facts_with_the_plain_forms(desktop, live_server, vocabulary, admin_user):
    log_in(desktop.tab, live_server.url, admin_user)
    curator = Curator(desktop.tab, live_server.url)
    title = "Base agreed (plain forms)"
    add_article(curator, title, then="_save")

    curator.open(reverse("admin:relations_agreement_add"))
    curator.select("#id_relationship", "Russia – Tajikistan")
    curator.type("#id_title", "Agreement on the military base")
    curator.select("#id_kind", "Agreement")
    curator.select("#id_status", "Signed")
    curator.autocomplete("id_parties", "Russia", "Russia")
    curator.autocomplete("id_parties", "Tajik", "Tajikistan")
    curator.fill("#id_signed_on", "2004-10-16")
    cite(curator, title, AGREEMENT)
    curator.save()

    curator.open(reverse("admin:relations_observation_add"))
    curator.autocomplete("id_metric", "Debt", "Debt")
    curator.select("#id_relationship", "Russia – Tajikistan")
    curator.fill("#id_value", "300000000")
    curator.fill("#id_unit", "USD")
    curator.fill("#id_period_start", "2004-10-17")
    curator.select("#id_period_precision", "Month")
    curator.select("#id_qualifier", "About")
    cite(curator, title, FIGURE)
    curator.save()

    curator.open(reverse("admin:relations_event_add"))
    curator.select("#id_relationship", "Russia – Tajikistan")
    curator.fill("#id_title", "Putin and Rahmon meet in Dushanbe")
    curator.autocomplete("id_actors", "Putin", "Vladimir Putin")
    curator.autocomplete("id_actors", "Rahmon", "Emomali Rahmon")
    curator.fill("#id_occurred_on", "2004-10-16")
    curator.autocomplete("id_category", "Consult", "Consult")
    cite(curator, title, EVENT)
    curator.save()

    article = Article.objects.get(title=title)
    assert Citation.objects.filter(article=article).count() == 3
    print(
        f"\nOne article, three facts with the plain admin forms: {curator.actions} actions "
        f"({curator.actions - ARTICLE_ACTIONS} for the facts)"
    )
    assert curator.actions >= 50
    assert page_errors(desktop) == []


def test_one_article_three_facts_from_its_sentences(desktop, live_server, vocabulary, admin_user):
    log_in(desktop.tab, live_server.url, admin_user)
    curator = Curator(desktop.tab, live_server.url)
    title = "Base agreed (sentences)"
    # "Save and continue editing" lands on the article's page, sentences and all.
    article = add_article(curator, title, then="_continue")
    tab = curator.tab
    assert tab.locator(".sentence-picker__text .sentence").count() == 6

    # An agreement: the sentence, the button, then save; extraction gave title and parties.
    curator.pick_sentence(AGREEMENT)
    curator.click('.sentence-picker__actions a[data-kind="agreement"]')
    assert tab.locator("#proposal blockquote").inner_text().startswith(AGREEMENT)
    assert tab.locator("#id_relationship").input_value() == str(vocabulary["relationship"].pk)
    assert tab.locator("#id_signed_on").input_value() in SIGNED
    curator.save("_addanother_article")
    assert tab.url.endswith("#sentences")

    # A figure: the selection within the sentence chooses which figure; the unit follows.
    curator.actions += 1  # selecting the words with the mouse
    tab.locator(".sentence-picker__text .sentence", has_text=FIGURE).first.evaluate(
        """(element, words) => {
            const node = element.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            element.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        FIGURE,
    )
    curator.click('.sentence-picker__actions a[data-kind="observation"]')
    assert tab.locator("#id_value").input_value().startswith("300000000")
    assert tab.locator("#id_metric").input_value() == str(vocabulary["metric"].pk)
    curator.save("_addanother_article")

    # An event: its title, date, category and actors as extraction read them.
    curator.pick_sentence(EVENT)
    curator.click('.sentence-picker__actions a[data-kind="event"]')
    assert tab.locator("#id_occurred_on").input_value() in SIGNED
    assert tab.locator("#id_category").input_value() != ""
    assert tab.locator("#id_title").input_value().startswith(EVENT)
    desktop.screenshot("sentence-to-fact-event-form")
    curator.save("_addanother_article")

    print(
        f"\nOne article, three facts from its sentences: {curator.actions} actions "
        f"({curator.actions - ARTICLE_ACTIONS} for the facts)"
    )
    assert curator.actions < 20

    agreement = Agreement.objects.get(citations__article=article)
    observation = Observation.objects.get(citations__article=article)
    event = Event.objects.get(citations__article=article)
    assert set(agreement.parties.all()) == set(vocabulary["states"])
    assert observation.unit == "USD" and observation.value == 300_000_000
    assert set(event.actors.all()) >= {vocabulary["putin"], vocabulary["rahmon"]}
    quote = event.citations.get().quote
    assert quote.startswith(EVENT)

    # The picked sentences are marked as cited on the article's admin page.
    assert tab.locator(".sentence-picker__text .sentence--cited").count() == 3

    # The dashboard draws the event; its page cites the sentence, highlighted in the article.
    desktop.open(live_server.url + "/")
    events = tab.evaluate(
        "() => document.getElementById('plot-timeline').data.find((t) => t.meta === 'events').x"
    )
    assert any(str(x).startswith("2004-10-16") for x in events)
    desktop.open(live_server.url + event.get_absolute_url(), charts=False)
    assert tab.locator(".citation__quote").inner_text() == quote
    with tab.expect_navigation():
        tab.locator(".citation__source a").click()
    marked = tab.locator("mark.cited", has_text=re.compile(re.escape(EVENT)))
    assert marked.count() == 1
    desktop.screenshot("sentence-to-fact-article")
    assert page_errors(desktop) == []


def test_the_review_queue_shows_a_candidate_beside_its_sentence_and_accepts_it(
    desktop, live_server, vocabulary, admin_user
):
    article = factories.ArticleFactory(title="Queued", text=TEXT, content_hash=content_hash(TEXT))
    start, end = span(EVENT)
    candidate = Candidate.objects.create(
        article=article,
        relationship=vocabulary["relationship"],
        kind="event",
        proposal={"date": "2004-10-16", "precision": "day", "category": "042"},
        fingerprint="1" * 64,
        span_start=start,
        span_end=end,
        quote=TEXT[start:end],
    )
    log_in(desktop.tab, live_server.url, admin_user)
    tab = desktop.tab
    tab.goto(live_server.url + reverse("admin:relations_candidate_changelist"))
    with tab.expect_navigation():
        tab.locator("a", has_text="Review").first.click()
    assert tab.locator("mark.review__sentence").inner_text() == TEXT[start:end]
    card = tab.locator(f"#candidate-{candidate.pk}")
    assert card.locator("blockquote").inner_text() == TEXT[start:end]
    desktop.screenshot("review-queue")
    with tab.expect_navigation():
        card.locator('button[value="accept"]').click()
    assert "accepted" in tab.locator(".messagelist").inner_text()
    candidate.refresh_from_db()
    assert candidate.status == "accepted"
    assert candidate.accepted_event.citations.get().quote == TEXT[start:end]
    assert page_errors(desktop) == []


def test_editing_the_text_moves_the_highlight_with_its_words_or_flags_it_stale(
    desktop, live_server, vocabulary, admin_user
):
    from relations.services.records import event_create

    article = factories.ArticleFactory(title="Base agreed (edited)", text=TEXT)
    start, end = span(EVENT)
    event = event_create(
        user=admin_user,
        data={
            "relationship": vocabulary["relationship"].slug,
            "title": "Putin meets Rahmon",
            "occurred_on": "2004-10-16",
            "category": "042",
            "citations": [{"article": article.pk, "span_start": start, "span_end": end}],
        },
    )
    quote = event.citations.get().quote
    assert quote.startswith(EVENT)
    tab = desktop.tab
    log_in(tab, live_server.url, admin_user)
    change = reverse("admin:articles_article_change", args=[article.pk])

    def save_text(text: str) -> None:
        tab.goto(live_server.url + change)
        tab.locator("#id_text").fill(text)
        with tab.expect_navigation():
            tab.locator('input[name="_save"]').first.click()
        assert tab.locator(".errornote").count() == 0

    # New words before the sentence: the highlight moves with the words it quotes.
    save_text("An editor's note comes first now.\n\n" + TEXT)
    citation = Citation.objects.get(event=event)
    assert not citation.stale and citation.span_start == start + len(
        "An editor's note comes first now.\n\n"
    )
    desktop.open(live_server.url + event.get_absolute_url(), charts=False)
    assert tab.locator(".citation__quote").inner_text() == quote
    with tab.expect_navigation():
        tab.locator(".citation__source a").click()
    assert tab.locator("mark.cited", has_text=re.compile(re.escape(EVENT))).count() == 1

    # The sentence deleted: the citation is flagged stale, and the pages say so.
    save_text(TEXT.replace(quote, ""))
    assert Citation.objects.get(event=event).stale
    desktop.open(live_server.url + event.get_absolute_url(), charts=False)
    assert tab.locator(".stale-badge").count() >= 1
    desktop.open(live_server.url + reverse("relations:article", args=[article.slug]), charts=False)
    assert "stale" in tab.locator(".stale-note").inner_text()
    assert tab.locator("mark.cited").count() == 0

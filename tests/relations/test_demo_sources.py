"""The demo record against its five seed articles: quotes, headlines, dates and wording."""

import calendar
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction

from articles.dates import format_reported_date, interval
from articles.models import Article, DatePrecision
from relations.models import Citation, Event
from relations.services.demo import DEMO_DIRECTORY

FINENESS = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}
# Longer runs of an article's words than this are copies of a sentence, not a phrase.
LONGEST_BORROWED_RUN = 59


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker, seeds_dir) -> Path:
    """The record loaded once with the seed texts, rolled back after this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", texts=str(seeds_dir), verbosity=0)
        yield seeds_dir
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    text = re.sub(r"[“”«»]", '"', re.sub(r"[‘’]", "'", text))
    return " ".join(re.sub(r"[‐‑–—]", "-", text.replace("*", "")).split())


def test_every_citation_quotes_words_standing_in_its_article(seeds):
    citations = list(Citation.objects.select_related("article"))
    assert citations
    for citation in citations:
        text = citation.article.text
        assert text, citation.article.slug
        assert citation.span_start is not None, (citation.article.slug, citation.quote)
        assert text[citation.span_start : citation.span_end] == citation.quote
        seed = (seeds / _text_file(citation.article.slug)).read_text(encoding="utf-8")
        assert _squash(citation.quote) in _squash(seed)


def test_every_article_title_is_its_seeds_headline(seeds):
    for article in Article.objects.all():
        seed = (seeds / _text_file(article.slug)).read_text(encoding="utf-8")
        opening = [_squash(line.strip("# ")) for line in seed.splitlines()[:12] if line.strip()]
        assert _squash(article.title) in opening, article.slug


def test_no_event_date_is_more_precise_than_its_citations_and_note_support(seeds):
    unsupported = [
        (event.title, str(event.occurred_on), event.occurred_on_precision, event.date_basis)
        for event in Event.objects.prefetch_related("citations__article")
        if not _date_supported(event)
    ]
    assert unsupported == []


def _date_supported(event: Event) -> bool:
    """Stated: a cited sentence gives the date (the year may be the article's own).
    Reckoned: the note names the date recorded, no finer than the article's own date when
    reckoned from it, and never after the article appeared."""
    citations = list(event.citations.all())
    start = event.occurred_on
    if any(start > interval(c.article.published_on, c.article.published_on_precision)[1]
           for c in citations):  # fmt: skip
        return False
    if event.date_basis == Event.DateBasis.STATED:
        return any(_states(citation, event) for citation in citations)
    if format_reported_date(start, event.occurred_on_precision) not in " ".join(event.note.split()):
        return False
    if event.date_basis == Event.DateBasis.ARTICLE_DATE:
        return any(
            FINENESS[event.occurred_on_precision]
            >= FINENESS[citation.article.published_on_precision]
            for citation in citations
        )
    return True


def _states(citation: Citation, event: Event) -> bool:
    quote, date, precision = citation.quote, event.occurred_on, event.occurred_on_precision
    year_given = str(date.year) in quote or date.year == citation.article.published_on.year
    month = calendar.month_name[date.month]
    if precision == DatePrecision.DAY:
        day = rf"(\b{month}\s+{date.day}\b|\b{date.day}\s+{month}\b)"
        return year_given and re.search(day, quote) is not None
    if precision == DatePrecision.MONTH:
        return year_given and re.search(rf"\b{month}\b", quote) is not None
    return str(date.year) in quote


def test_the_record_copies_no_sentence_of_its_articles(seeds):
    seed_text = " ".join(
        _squash(path.read_text(encoding="utf-8")).lower() for path in seeds.glob("*.txt")
    )
    size = LONGEST_BORROWED_RUN + 1
    runs = {seed_text[i : i + size] for i in range(len(seed_text) - size + 1)}
    copied = []
    files = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in DEMO_DIRECTORY.glob("*.yaml")
    }
    for name, value in _prose(files):
        if name.endswith(".url") or (name.startswith("articles.") and name.endswith(".title")):
            continue  # an address or a headline is bibliographic data, not a sentence
        words = _squash(value).lower()
        copied += [
            (name, words[i : i + size])
            for i in range(len(words) - size + 1)
            if words[i : i + size] in runs
        ][:1]
    assert copied == [], "\n".join(map(str, copied))


def _prose(files):
    """Every text field of the record, with where it sits."""
    stack = list(files.items())
    while stack:
        name, value = stack.pop()
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, dict):
            stack += [(f"{name}.{key}", item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(f"{name}[{index}]", item) for index, item in enumerate(value)]


def _text_file(slug: str) -> str:
    articles = yaml.safe_load((DEMO_DIRECTORY / "articles.yaml").read_text(encoding="utf-8"))
    return articles[slug]["text_file"]

"""The extraction pipeline: one pass over an article, each kind from its own module. Pure."""

from __future__ import annotations

import dataclasses
import datetime
import re

from articles.extraction import matching
from articles.extraction.actors import actor_index, actor_mentions, find_mentions
from articles.extraction.agreements import find_agreement
from articles.extraction.cues import cue_index
from articles.extraction.dates import UNKNOWN, find_dates
from articles.extraction.document import from_html, from_text, is_metadata_line, source_from_url
from articles.extraction.events import find_event
from articles.extraction.figures import find_figures
from articles.extraction.language import detect_language
from articles.extraction.normalize import fold_phrase
from articles.extraction.pair import relationship_pair
from articles.extraction.publication import publication_date
from articles.extraction.result import ArticleExtraction, ArticleTemperature
from articles.extraction.sentences import split_sentences
from articles.extraction.vocabulary import Vocabulary

ENGLISH = "en"
REJECTION_CUES = ("reject", "refuse")


def run(
    *,
    text: str | None,
    vocabulary: Vocabulary,
    title: str | None,
    url: str | None,
    html: str | None,
    publisher: str | None,
    published_hint: datetime.date | None,
) -> ArticleExtraction:
    document = from_html(html) if html else from_text(text or "")
    text = document.text
    url = url or document.url
    title = title or document.title
    warnings: list[str] = []
    language = detect_language(text)
    sentences = split_sentences(text)
    published = publication_date(text, url=url, hint=published_hint or document.date_hint)
    if published.value is None:
        warnings.append("No year could be established: the publication date is unknown.")
    index = actor_index(vocabulary)
    mentions = find_mentions(text, index)
    all_dates = find_dates(text, published=published.value, published_precision=published.precision)
    if published.dateline is not None:
        # "Yerevan, 12 June 2023 (Wire) --" says where and when the report was filed: its
        # place is no party and its date no event's.
        left, right = published.dateline
        mentions = [mention for mention in mentions if not left <= mention.start < right]
        all_dates = [date for date in all_dates if not left <= date.start < right]
    title_codes = {mention.country for mention in find_mentions(title, index) if mention.country}
    pair = relationship_pair(
        mentions, sentences, title_codes=title_codes, known_pairs=vocabulary.relationships
    )
    if len(pair) < 2:
        warnings.append("The text does not name two states: no relationship found.")
    states = cue_index(vocabulary).states
    cues = cue_index(vocabulary)
    reject = next(
        (category for cue in REJECTION_CUES if (category := cues.category_of(cue)) is not None),
        None,
    )
    figures, agreements, events = [], [], []
    seen_events: set[tuple] = set()
    seen_agreements: set[tuple] = set()
    # Dates are found once over the whole text, then dealt to sentences.
    mention_index = date_index = 0
    for sentence in sentences:
        sentence_mentions = []
        while mention_index < len(mentions) and mentions[mention_index].start < sentence.start:
            mention_index += 1
        position = mention_index
        while position < len(mentions) and mentions[position].start < sentence.end:
            sentence_mentions.append(mentions[position])
            position += 1
        span = (sentence.start, sentence.end)
        dates = []
        while date_index < len(all_dates) and all_dates[date_index].start < sentence.start:
            date_index += 1
        position = date_index
        while position < len(all_dates) and all_dates[position].end <= sentence.end:
            found = all_dates[position]
            dates.append(
                dataclasses.replace(
                    found, start=found.start - sentence.start, end=found.end - sentence.start
                )
            )
            position += 1
        for figure in find_figures(
            sentence.text,
            span,
            vocabulary=vocabulary,
            published=published.value,
            published_precision=published.precision,
            states=states,
            dates=dates,
        ):
            figures.append(matching.match_figure(figure, vocabulary))
        if language not in (ENGLISH, "") or _reports_nothing(sentence.text, title):
            continue
        agreement = find_agreement(
            sentence.text,
            span,
            sentence_start=sentence.start,
            mentions=sentence_mentions,
            pair=pair,
            dates=dates,
        )
        if agreement is not None:
            key = (agreement.action, agreement.title, agreement.date)
            if key not in seen_agreements:  # a pull quote repeats its sentence
                seen_agreements.add(key)
                agreements.append(matching.match_agreement(agreement, vocabulary))
        event = find_event(
            sentence.text,
            span,
            sentence_start=sentence.start,
            mentions=sentence_mentions,
            pair=pair,
            cues=cues,
            dates=dates,
            published=published.value,
            published_precision=published.precision,
            reject=reject,
        )
        if event is not None:
            key = (event.date, event.precision, event.category, event.initiator, event.target)
            # One act reported twice in one article is one event; undated acts cannot be told
            # apart, so each stays.
            if event.date is None or key not in seen_events:
                seen_events.add(key)
                events.append(matching.match_event(event, vocabulary))
    net = sum(event.score for event in events) / len(events) if events else 0.0
    return ArticleExtraction(
        title=title,
        source=publisher or document.source or source_from_url(url),
        url=url,
        text=text,
        published_on=published.value,
        date_precision=published.precision if published.value else UNKNOWN,
        date_confidence=published.confidence,
        language=language,
        author=document.author,
        place=published.place,
        countries=pair,
        actors=actor_mentions(mentions, sentences),
        figures=tuple(figures),
        agreements=tuple(agreements),
        events=tuple(events),
        temperature=ArticleTemperature(score=net, label=vocabulary.label(net)),
        warnings=tuple(warnings),
    )


_CAPTION = re.compile(
    r"\((?:left|right|center|centre|front|second from (?:left|right))\)", re.IGNORECASE
)


def _reports_nothing(sentence: str, title: str) -> bool:
    """The headline (the body reports its news, with the date), a photo caption, or a
    metadata line ("Cite as ...") names acts without reporting them."""
    if title and fold_phrase(sentence) == fold_phrase(title):
        return True
    if _CAPTION.search(sentence):
        return True
    return is_metadata_line(sentence)

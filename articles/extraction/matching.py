"""One event, many reports: extracted items matched to those already in the record. Pure.

An event matches a recorded one with the same sides (in either order when either is mutual),
the same category (or the same root category) and date intervals that overlap. A figure
matches an observation of the same metric and unit, an overlapping period and a value within
2%. An agreement matches one with the same parties whose signing or expiry year agrees, or
whose title shares most of its words.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from articles.extraction.agreements import title_words
from articles.extraction.dates import interval
from articles.extraction.result import AgreementMention, EventMention, Figure
from articles.extraction.vocabulary import (
    KnownAgreement,
    KnownEvent,
    KnownObservation,
    Vocabulary,
    per_vocabulary,
)

VALUE_TOLERANCE = 0.02


def _overlap(
    first: datetime.date | None,
    first_precision: str | None,
    second: datetime.date | None,
    second_precision: str | None,
) -> bool:
    if first is None or second is None or not first_precision or not second_precision:
        return False
    left = interval(first, first_precision)
    right = interval(second, second_precision)
    return left[0] <= right[1] and right[0] <= left[1]


class _Index:
    """The recorded items grouped by what a match needs, built once per vocabulary, so that
    matching an item costs the same whatever the size of the record.

    Every date stands for an interval within one calendar year (a day, a month or a year),
    so two overlap only within the same year: the year is part of the events' and the
    observations' keys. An agreement matches only with a score of 2 or more, which takes
    the same signing year, the same expiry year or the same title words: it is looked for
    under those three keys only.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.events: dict[tuple, list[KnownEvent]] = defaultdict(list)
        for known in vocabulary.events:
            if known.date is not None and known.precision:
                sides = frozenset((known.initiator, known.target))
                self.events[(sides, known.category[:2], known.date.year)].append(known)
        self.observations: dict[tuple, list[KnownObservation]] = defaultdict(list)
        for known in vocabulary.observations:
            if known.period is not None and known.precision:
                key = (known.metric, known.unit, known.period.year)
                self.observations[key].append(known)
        # Each entry: the agreement's position in the record (ties go to the first), the
        # agreement and its title words.
        self.agreements: dict[tuple, list[tuple[int, KnownAgreement, frozenset]]] = defaultdict(
            list
        )
        for position, known in enumerate(vocabulary.agreements):
            words = frozenset(title_words(known.title))
            entry = (position, known, words)
            if known.signed_on:
                self.agreements[("signed", known.signed_on.year)].append(entry)
            if known.expires_on:
                self.agreements[("expires", known.expires_on.year)].append(entry)
            if words:
                self.agreements[("title", words)].append(entry)


_index = per_vocabulary(_Index)


def match_event(event: EventMention, vocabulary: Vocabulary) -> EventMention:
    if event.date is None or not event.precision:
        return event
    key = (frozenset((event.initiator, event.target)), event.category[:2], event.date.year)
    for known in _index(vocabulary).events.get(key, ()):
        same_sides = (known.initiator, known.target) == (event.initiator, event.target) or (
            (known.mutual or event.mutual)
            and {known.initiator, known.target} == {event.initiator, event.target}
        )
        # The same category or the same root category: the key holds the root.
        if same_sides and _overlap(event.date, event.precision, known.date, known.precision):
            return dataclasses.replace(event, matches=known.id)
    return event


def match_figure(figure: Figure, vocabulary: Vocabulary) -> Figure:
    if figure.metric is None or figure.period is None:
        return figure
    key = (figure.metric, figure.unit, figure.period.year)
    for known in _index(vocabulary).observations.get(key, ()):
        if not _overlap(figure.period, figure.period_precision, known.period, known.precision):
            continue
        value = float(figure.value)
        if abs(value - known.value) <= VALUE_TOLERANCE * max(abs(known.value), 1e-9):
            return dataclasses.replace(figure, matches=known.id)
    return figure


def match_agreement(agreement: AgreementMention, vocabulary: Vocabulary) -> AgreementMention:
    words = title_words(agreement.title)
    index = _index(vocabulary).agreements
    keys = [("title", frozenset(words))] if words else []
    if agreement.date:
        keys.append(("signed", agreement.date.year))
    if agreement.expires_on:
        keys.append(("expires", agreement.expires_on.year))
    candidates = sorted(
        {entry[0]: entry for key in keys for entry in index.get(key, ())}.values(),
        key=lambda entry: entry[0],
    )
    best, best_score = None, 0.0
    for _position, known, known_words in candidates:
        if not set(agreement.parties) <= set(known.parties):
            continue
        score = 0.0
        if agreement.date and known.signed_on and agreement.date.year == known.signed_on.year:
            score += 2.0
        if (
            agreement.expires_on
            and known.expires_on
            and agreement.expires_on.year == known.expires_on.year
        ):
            score += 2.0
        if words and known_words:
            score += 2.0 * len(words & known_words) / len(words | known_words)
        if score > best_score:
            best, best_score = known, score
    if best is not None and best_score >= 2.0:
        return dataclasses.replace(agreement, matches=best.id)
    return agreement

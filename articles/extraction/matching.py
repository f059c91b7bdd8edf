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
from articles.extraction.vocabulary import Vocabulary

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
    """The recorded items grouped by what a match needs first: the sides, the metric, the
    parties. Built once per vocabulary, so matching costs the same on a large record."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.events: dict[frozenset, list] = defaultdict(list)
        for known in vocabulary.events:
            self.events[frozenset((known.initiator, known.target))].append(known)
        self.observations: dict[tuple[str, str], list] = defaultdict(list)
        for known in vocabulary.observations:
            self.observations[(known.metric, known.unit)].append(known)


_CACHE: dict[int, tuple[Vocabulary, _Index]] = {}


def _index(vocabulary: Vocabulary) -> _Index:
    cached = _CACHE.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index = _Index(vocabulary)
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(vocabulary)] = (vocabulary, index)
    return index


def match_event(event: EventMention, vocabulary: Vocabulary) -> EventMention:
    if event.date is None:
        return event
    for known in _index(vocabulary).events.get(frozenset((event.initiator, event.target)), ()):
        same_sides = (known.initiator, known.target) == (event.initiator, event.target) or (
            (known.mutual or event.mutual)
            and {known.initiator, known.target} == {event.initiator, event.target}
        )
        same_category = known.category == event.category or known.category[:2] == event.category[:2]
        if (
            same_sides
            and same_category
            and _overlap(event.date, event.precision, known.date, known.precision)
        ):
            return dataclasses.replace(event, matches=known.id)
    return event


def match_figure(figure: Figure, vocabulary: Vocabulary) -> Figure:
    if figure.metric is None:
        return figure
    for known in _index(vocabulary).observations.get((figure.metric, figure.unit), ()):
        if not _overlap(figure.period, figure.period_precision, known.period, known.precision):
            continue
        value = float(figure.value)
        if abs(value - known.value) <= VALUE_TOLERANCE * max(abs(known.value), 1e-9):
            return dataclasses.replace(figure, matches=known.id)
    return figure


def match_agreement(agreement: AgreementMention, vocabulary: Vocabulary) -> AgreementMention:
    best, best_score = None, 0.0
    words = title_words(agreement.title)
    for known in vocabulary.agreements:
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
        known_words = title_words(known.title)
        if words and known_words:
            score += 2.0 * len(words & known_words) / len(words | known_words)
        if score > best_score:
            best, best_score = known, score
    if best is not None and best_score >= 2.0:
        return dataclasses.replace(agreement, matches=best.id)
    return agreement

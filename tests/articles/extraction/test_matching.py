"""One event, many reports: matching against a large record, by index, gives what comparing
with every recorded item gives (the reference below), and stays fast."""

import datetime
import random

from articles.extraction import matching
from articles.extraction.agreements import title_words
from articles.extraction.result import AgreementMention, EventMention, Figure
from articles.extraction.vocabulary import (
    KnownAgreement,
    KnownEvent,
    KnownObservation,
    Vocabulary,
)

SIDES = ("RU", "TJ", "UZ", None)
CATEGORIES = ("04", "042", "043", "10", "101", "12")
PRECISIONS = ("day", "month", "year")
TITLES = (
    "Agreement on the status of the Russian military base",
    "Treaty on friendship and cooperation",
    "Agreement on labour migration",
    "Border guards agreement",
    "Agreement on the military base in Tajikistan",
)


def _date(rng):
    return datetime.date(rng.randint(2004, 2008), rng.randint(1, 12), rng.randint(1, 28))


def _record(rng, size):
    events = tuple(
        KnownEvent(
            id=number,
            date=_date(rng),
            precision=rng.choice(PRECISIONS),
            category=rng.choice(CATEGORIES),
            initiator=rng.choice(SIDES),
            target=rng.choice(SIDES),
            mutual=rng.random() < 0.2,
        )
        for number in range(size)
    )
    observations = tuple(
        KnownObservation(
            id=number,
            metric=rng.choice(("debt", "troops")),
            value=float(rng.choice((100, 300, 301, 7000))),
            unit=rng.choice(("USD", "persons")),
            period=_date(rng),
            precision=rng.choice(PRECISIONS),
        )
        for number in range(size)
    )
    agreements = tuple(
        KnownAgreement(
            id=number,
            title=rng.choice(TITLES),
            parties=tuple(sorted(rng.sample(("RU", "TJ", "UZ"), rng.randint(1, 3)))),
            signed_on=_date(rng) if rng.random() < 0.7 else None,
            expires_on=_date(rng).replace(year=rng.randint(2010, 2042))
            if rng.random() < 0.5
            else None,
        )
        for number in range(size // 10)
    )
    return Vocabulary(events=events, observations=observations, agreements=agreements)


# The reference: every recorded item compared with the extracted one, in the record's order.


def _reference_event(event, vocabulary):
    for known in vocabulary.events:
        same_sides = (known.initiator, known.target) == (event.initiator, event.target) or (
            (known.mutual or event.mutual)
            and {known.initiator, known.target} == {event.initiator, event.target}
        )
        same_category = known.category == event.category or known.category[:2] == event.category[:2]
        if (
            same_sides
            and same_category
            and matching._overlap(event.date, event.precision, known.date, known.precision)
        ):
            return known.id
    return None


def _reference_figure(figure, vocabulary):
    for known in vocabulary.observations:
        if (known.metric, known.unit) != (figure.metric, figure.unit):
            continue
        if not matching._overlap(
            figure.period, figure.period_precision, known.period, known.precision
        ):
            continue
        if abs(float(figure.value) - known.value) <= matching.VALUE_TOLERANCE * abs(known.value):
            return known.id
    return None


def _reference_agreement(agreement, vocabulary):
    best, best_score = None, 0.0
    words = title_words(agreement.title)
    for known in vocabulary.agreements:
        if not set(agreement.parties) <= set(known.parties):
            continue
        score = 0.0
        if agreement.date and known.signed_on and agreement.date.year == known.signed_on.year:
            score += 2.0
        if agreement.expires_on and known.expires_on:
            score += 2.0 if agreement.expires_on.year == known.expires_on.year else 0.0
        known_words = title_words(known.title)
        if words and known_words:
            score += 2.0 * len(words & known_words) / len(words | known_words)
        if score > best_score:
            best, best_score = known, score
    return best.id if best is not None and best_score >= 2.0 else None


def test_matching_by_index_finds_what_comparing_with_every_item_finds():
    rng = random.Random(20040604)
    vocabulary = _record(rng, 3000)
    found = {"events": 0, "figures": 0, "agreements": 0}
    for _ in range(400):
        event = EventMention(
            date=_date(rng),
            precision=rng.choice(PRECISIONS),
            initiator=rng.choice(SIDES),
            target=rng.choice(SIDES),
            category=rng.choice(CATEGORIES),
            score=1.0,
            matches=None,
            span=(0, 1),
            mutual=rng.random() < 0.2,
        )
        expected = _reference_event(event, vocabulary)
        assert matching.match_event(event, vocabulary).matches == expected
        found["events"] += expected is not None

        figure = Figure(
            metric=rng.choice(("debt", "troops")),
            value=rng.choice((100, 300, 7000, 5)),
            unit=rng.choice(("USD", "persons")),
            qualifier="exact",
            period=_date(rng),
            period_precision=rng.choice(PRECISIONS),
            span=(0, 1),
        )
        expected = _reference_figure(figure, vocabulary)
        assert matching.match_figure(figure, vocabulary).matches == expected
        found["figures"] += expected is not None

        agreement = AgreementMention(
            title=rng.choice((*TITLES, "A new memorandum")),
            action="signed",
            date=_date(rng) if rng.random() < 0.6 else None,
            date_precision="day",
            expires_on=_date(rng).replace(year=rng.randint(2010, 2042))
            if rng.random() < 0.4
            else None,
            expires_precision="year",
            parties=tuple(sorted(rng.sample(("RU", "TJ", "UZ"), rng.randint(0, 2)))),
            matches=None,
            span=(0, 1),
        )
        expected = _reference_agreement(agreement, vocabulary)
        assert matching.match_agreement(agreement, vocabulary).matches == expected
        found["agreements"] += expected is not None
    # Both outcomes occur for every kind, so the comparison says something.
    assert all(0 < count < 400 for count in found.values()), found

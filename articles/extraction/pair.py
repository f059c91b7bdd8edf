"""The relationship an article is about: the pair of states it reports between. Pure.

Counting mentions alone picks the wrong pair where a third state is named often (a tour's
other stops, a neighbour used for comparison). The pair is the one whose two states are named
together most: in the title (counted thrice) and in the same sentence, with the states'
people and bodies counting for them ("Putin" for Russia). A pair the record already follows
gets a small head start; without any sentence naming two states, the two most named win.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from articles.extraction.actors import Mention
from articles.extraction.sentences import Sentence

TITLE_WEIGHT = 3.0
KNOWN_PAIR_BONUS = 1.0


def relationship_pair(
    mentions: list[Mention],
    sentences: list[Sentence],
    *,
    title_codes: set[str],
    known_pairs: tuple[tuple[str, str], ...] = (),
) -> tuple[str, ...]:
    """The two ISO codes, sorted; one code or none where the text names fewer states."""
    by_sentence: list[set[str]] = [set() for _ in sentences]
    totals: Counter[str] = Counter()
    index = 0
    for mention in mentions:
        if mention.country is None:
            continue
        while index + 1 < len(sentences) and sentences[index + 1].start <= mention.start:
            index += 1
        weight = 1.0 if mention.kind == "country" else 0.5
        totals[mention.country] += weight
        if sentences:
            by_sentence[index].add(mention.country)
    pair_scores: Counter[tuple[str, str]] = Counter()
    for codes in by_sentence:
        for pair in combinations(sorted(codes), 2):
            pair_scores[pair] += 1.0
    for pair in combinations(sorted(title_codes), 2):
        pair_scores[pair] += TITLE_WEIGHT
    known = {tuple(sorted(pair)) for pair in known_pairs}
    for pair in list(pair_scores):
        if pair in known:
            pair_scores[pair] += KNOWN_PAIR_BONUS
    if pair_scores:
        best = max(
            pair_scores,
            key=lambda pair: (pair_scores[pair], min(totals[pair[0]], totals[pair[1]]), pair),
        )
        return best
    ranked = [code for code, _ in totals.most_common(2)]
    return tuple(sorted(ranked))

"""Dated acts between the two sides, with initiator, target, category and score. Pure.

A sentence yields an event when it names at least one side of the article's pair and holds a
cue of the category table. Where several cues stand in a sentence, the one right after a side
("Dushanbe demanded", "Moscow refused") is the act; otherwise the first. The side before
the cue is the initiator, unless the verb is passive ("a Russian pilot was jailed in
Tajikistan"); sides joined by "and" before it, or "the two presidents", act together.
Negation turns a cooperative act into a rejection ("did not renew", "not even considering");
hedges ("may consider", "agreed to consider", "if") halve the score. A sentence naming a third
state and only one side is left out: its other party is not ours.
"""

from __future__ import annotations

import datetime
import re

from articles.extraction.actors import Mention
from articles.extraction.cues import CueIndex, CueMatch
from articles.extraction.dates import DAY, MONTH, UNKNOWN, YEAR, FoundDate, truncate
from articles.extraction.normalize import fold
from articles.extraction.result import EventMention, Span
from articles.extraction.vocabulary import Category

MAX_TITLE = 200
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no\s+longer|refus(?:e|ed|es|ing)\s+to|declin(?:e|ed|es|ing)\s+to|fail(?:ed|s)?\s+to|"
    r"decided\s+not\s+to|without)\b[\w\s'-]{0,25}$"
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|would|should|consider(?:s|ed|ing)?|possibly|possible|likely|expected\s+to|"
    r"plans?\s+to|hopes?\s+to|wants?\s+to|if|whether|speculat\w*|proposed?)\b[\w\s'-]{0,30}$"
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+ly\s+)?$")
_TOGETHER = re.compile(
    r"\b(?:the\s+two\s+(?:presidents|leaders|sides|countries|governments|ministers|delegations)|"
    r"both\s+(?:sides|countries|leaders|presidents|governments)|the\s+(?:presidents|leaders|presidential\s+delegations))\b"
)
_JOINED = re.compile(r"^\s*(?:and|,|-|&|with)\s*$")
SUBJECT_GAP_WORDS = 4


def find_event(
    sentence: str,
    span: Span,
    *,
    sentence_start: int,
    mentions: list[Mention],
    pair: tuple[str, ...],
    cues: CueIndex,
    dates: list[FoundDate],
    published: datetime.date | None,
    published_precision: str,
    reject: Category | None,
) -> EventMention | None:
    """The event one sentence reports, or None."""
    if len(pair) != 2:
        return None
    folded = fold(sentence)
    matches = cues.find(folded)
    if not matches:
        return None
    local = [
        (mention.start - sentence_start, mention.end - sentence_start, mention)
        for mention in mentions
        if mention.country is not None
    ]
    sides = [item for item in local if item[2].country in pair]
    if not sides:
        return None
    others = {item[2].country for item in local if item[2].country not in pair}
    if others and len({item[2].country for item in sides}) < 2:
        return None
    cue = _main_cue(matches, sides, folded)
    before_cue = folded[: cue.start]
    passive = bool(_PASSIVE.search(before_cue[-20:]))
    before = [item for item in sides if item[1] <= cue.start]
    after = [item for item in sides if item[0] >= cue.end]
    mutual = bool(_TOGETHER.search(before_cue)) or _joined_sides(folded, before)
    if passive:
        target = before[-1][2].country if before else None
        initiator = next((item[2].country for item in after if item[2].country != target), None)
        if target is None:
            target = after[0][2].country if after else None
        if initiator is None:
            initiator = _other(pair, target)
    else:
        initiator = before[0][2].country if before else (after[0][2].country if after else None)
        if before:
            after = [item for item in after if item[2].country != initiator] + [
                item for item in before if item[2].country != initiator
            ]
        target = next((item[2].country for item in after if item[2].country != initiator), None)
        if target is None:
            target = _other(pair, initiator)
    if initiator is None or target is None or initiator == target:
        return None
    category, score = cue.category, cue.category.score
    negated = bool(_NEGATION.search(before_cue[-40:]))
    if negated and score > 0:
        if reject is not None:
            category, score = reject, reject.score
        else:
            score = -score / 2
    hedged = bool(_HEDGE.search(before_cue[-45:])) and not negated
    if hedged:
        score /= 2
    date, precision, basis = _event_date(dates, cue, published, published_precision)
    confidence = 0.7 if basis == "stated" else 0.5
    if hedged:
        confidence -= 0.1
    return EventMention(
        date=date,
        precision=precision,
        initiator=initiator,
        target=target,
        category=category.code,
        score=score,
        matches=None,
        span=span,
        title=_title(sentence),
        cue=sentence[cue.start : cue.end],
        mutual=mutual,
        negated=negated,
        hedged=hedged,
        date_basis=basis,
        actors=tuple(sorted({item[2].actor for item in local if item[2].actor is not None})),
        confidence=confidence,
    )


def _main_cue(matches: list[CueMatch], sides, folded: str) -> CueMatch:
    """The cue right after a side (its subject), else the first."""
    for match in matches:
        for _start, end, _mention in sides:
            if end <= match.start:
                gap = folded[end : match.start]
                if len(gap.split()) <= SUBJECT_GAP_WORDS and not re.search(r"[,;:.]", gap):
                    return match
    return matches[0]


def _joined_sides(folded: str, before) -> bool:
    """Two different sides side by side before the verb: "Russia and Tajikistan signed"."""
    for (_, left_end, left), (right_start, _, right) in zip(before, before[1:], strict=False):
        if left.country != right.country and _JOINED.match(folded[left_end:right_start]):
            return True
    return False


def _other(pair: tuple[str, ...], code: str | None) -> str | None:
    if code is None:
        return None
    return next((other for other in pair if other != code), None)


def _event_date(
    dates: list[FoundDate],
    cue: CueMatch,
    published: datetime.date | None,
    published_precision: str,
) -> tuple[datetime.date | None, str | None, str]:
    """The sentence's date nearest the cue; else the article's month (or year), as event
    data sets date a report they cannot place otherwise."""
    points = [date for date in dates if date.role in ("point", "since") and date.value is not None]
    if points:
        nearest = min(
            points, key=lambda date: min(abs(date.start - cue.end), abs(cue.start - date.end))
        )
        return nearest.value, nearest.precision, "article_date" if nearest.relative else "stated"
    if any(date.role == "point" and date.value is None for date in dates):
        return None, None, "stated"
    if published is None or published_precision == UNKNOWN:
        return None, None, "article_date"
    precision = MONTH if published_precision in (DAY, MONTH) else YEAR
    return truncate(published, precision), precision, "article_date"


def _title(sentence: str) -> str:
    sentence = " ".join(sentence.split()).strip("\"“”' ")
    if len(sentence) <= MAX_TITLE:
        return sentence
    return sentence[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"

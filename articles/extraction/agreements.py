"""Agreements the text reports signed, extended, ratified, expired or lapsed. Pure.

A sentence reports one when it names an agreement (agreement, deal, treaty, accord, lease,
pact, memorandum, protocol) and an act upon it. The act's date is the sentence's first date
that is not an end; "until 2042", "due to expire in 2014", "expires in 2012" give the end.
The parties are the article's pair, narrowed to the sides the sentence names when it names
only states of the pair.
"""

from __future__ import annotations

import datetime
import re

from articles.extraction.actors import Mention
from articles.extraction.dates import FoundDate
from articles.extraction.result import AgreementMention, Span

_NOUN = re.compile(
    r"\b(?:agreements?|deals?|treat(?:y|ies)|accords?|lease|pacts?|memorand(?:um|a)|protocols?|"
    r"conventions?)\b",
    re.IGNORECASE,
)
# (action, pattern): the first that matches wins, so the specific ones come first.
ACTIONS = (
    (
        "lapsed",
        re.compile(
            r"\b(?:laps(?:e|ed|es|ing)|(?:decided|chose|refused)\s+not\s+to\s+renew|did\s+not\s+renew|not\s+renewed)\b",
            re.I,
        ),
    ),
    (
        "expired",
        re.compile(
            r"\b(?:expir(?:e|ed|es|ing|ation|y)|ran\s+out|runs?\s+out|terminat(?:e|ed|es))\b", re.I
        ),
    ),
    ("ratified", re.compile(r"\bratif(?:y|ied|ies|ying|ication)\b", re.I)),
    (
        "extended",
        re.compile(
            r"\b(?:extend(?:s|ed|ing)?|extension|prolong(?:s|ed|ing)?|renew(?:s|ed|al)?)\b", re.I
        ),
    ),
    (
        "signed",
        re.compile(r"\b(?:sign(?:s|ed|ing)?|conclude[ds]?|concluding|initial(?:l)?ed)\b", re.I),
    ),
)
_PROPOSED = re.compile(
    r"\b(?:wants?\s+to|would\s+like\s+to|seeks?\s+to|hopes?\s+to|plans?\s+to|proposed?|may|could)\b[\w\s-]{0,30}$",
    re.I,
)
_EXPIRY_LEAD = re.compile(
    r"\b(?:expir\w*|run\s+out|runs\s+out|ran\s+out|valid|last|lasts)\s+(?:in|on|until|till|through)?\s*$",
    re.I,
)
_TITLE_STOP = re.compile(
    r"[,;:()\"“”]|\b(?:which|that|was|were|is|are|has|have|had|will|would|ran|runs|when|as|but)\b",
    re.I,
)
MAX_TITLE_WORDS = 14


def find_agreement(
    sentence: str,
    span: Span,
    *,
    sentence_start: int,
    mentions: list[Mention],
    pair: tuple[str, ...],
    dates: list[FoundDate],
) -> AgreementMention | None:
    """The agreement act one sentence reports, or None."""
    noun = _NOUN.search(sentence)
    if noun is None:
        return _decision(
            sentence, span, sentence_start=sentence_start, mentions=mentions, pair=pair, dates=dates
        )
    action, act = None, None
    for name, pattern in ACTIONS:
        act = pattern.search(sentence)
        if act:
            action = name
            break
    if action is None or act is None:
        return None
    if action in ("extended", "signed") and _PROPOSED.search(sentence[: act.start()]):
        action = "proposed"
    ends = [date for date in dates if date.value is not None and _is_end(sentence, date)]
    starts = [date for date in dates if date.value is not None and date not in ends]
    date, precision = (starts[0].value, starts[0].precision) if starts else (None, None)
    expires, expires_precision = (ends[0].value, ends[0].precision) if ends else (None, None)
    if action in ("expired", "lapsed") and date is not None and expires is None:
        expires, expires_precision = date, precision
    named = {
        mention.country
        for mention in mentions
        if mention.country in pair and sentence_start <= mention.start
    }
    parties = tuple(sorted(pair if len(named) != 1 or "bilateral" in sentence.lower() else pair))
    return AgreementMention(
        title=_title(sentence, noun),
        action=action,
        date=date,
        date_precision=precision,
        expires_on=expires,
        expires_precision=expires_precision,
        parties=parties,
        matches=None,
        span=span,
    )


def _is_end(sentence: str, date: FoundDate) -> bool:
    return date.role == "until" or bool(_EXPIRY_LEAD.search(sentence[: date.start]))


def _title(sentence: str, noun: re.Match[str]) -> str:
    """The agreement's noun phrase: from its determiner to the first clause break."""
    before = sentence[: noun.start()]
    determiner = None
    for found in re.finditer(r"\b(?:an?|the|this|its|their|our)\s", before, re.I):
        determiner = found
    start = (
        determiner.end() if determiner and noun.start() - determiner.end() < 60 else noun.start()
    )
    rest = sentence[noun.end() :]
    stop = _TITLE_STOP.search(rest)
    tail = rest[: stop.start()] if stop else rest
    words = (sentence[start : noun.end()] + tail).split()[:MAX_TITLE_WORDS]
    title = " ".join(words).strip(" .,-—")
    return title[:1].upper() + title[1:] if title else "Agreement"


def title_words(title: str) -> set[str]:
    """Content words of a title, for comparing two titles."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return {word for word in words if len(word) > 3 and word not in _COMMON}


_COMMON = {
    "agreement",
    "deal",
    "treaty",
    "accord",
    "with",
    "between",
    "that",
    "this",
    "from",
    "signed",
    "year",
}


def dated(value: datetime.date | None) -> int | None:
    return value.year if value else None


# A decision the sides reach without naming a document: "Rahmonov agreed that Russia will be
# given land", "the leaders settled on a scheme", "by a mutual agreement".
_DECISION = re.compile(
    r"\b(?:agreed|agrees|agree)\s+(?:to|that|on|not\s+to)\b|\bsettled\s+on\b"
    r"|\breached\s+(?:an?\s+)?(?:agreement|deal|compromise)\b|\bby\s+(?:a\s+)?mutual\s+agreement\b",
    re.IGNORECASE,
)
_CONSIDER = re.compile(r"\bagree[sd]?\s+to\s+consider\b", re.IGNORECASE)


def _decision(
    sentence: str,
    span: Span,
    *,
    sentence_start: int,
    mentions: list[Mention],
    pair: tuple[str, ...],
    dates: list[FoundDate],
) -> AgreementMention | None:
    decision = _DECISION.search(sentence)
    if decision is None or len(pair) != 2:
        return None
    if not any(mention.country in pair for mention in mentions):
        return None
    points = [date for date in dates if date.value is not None and not _is_end(sentence, date)]
    ends = [date for date in dates if date.value is not None and _is_end(sentence, date)]
    words = re.split(r"[,;:.”\"]", sentence[decision.end() :].strip(), maxsplit=1)[0].split()
    title = "Decision: " + " ".join(words[:MAX_TITLE_WORDS]) if words else "Decision"
    return AgreementMention(
        title=title,
        action="proposed" if _CONSIDER.search(sentence) else "agreed",
        date=points[0].value if points else None,
        date_precision=points[0].precision if points else None,
        expires_on=ends[0].value if ends else None,
        expires_precision=ends[0].precision if ends else None,
        parties=tuple(sorted(pair)),
        matches=None,
        span=span,
    )

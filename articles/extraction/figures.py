"""Figures the text states: value, unit, qualifier, the period they refer to, the metric. Pure.

A sentence is read in three steps. Digits with a scale word become one number ("$242-million",
"300 million", "3 billion"); text2num turns spelled numbers into digits ("three hundred",
"a million"); then patterns find money, people, shares, lengths, ratios and durations with
what stands just before them (about, more than, an estimated, almost...). The metric is the
one whose cue words stand nearest the figure in the same sentence, among metrics of a
compatible unit. Spans are the sentence's, so the rewriting never has to keep offsets.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from text_to_num import alpha2digit

from articles.extraction.dates import DAY, MONTH, UNKNOWN, YEAR, FoundDate, find_dates, truncate
from articles.extraction.normalize import fold, fold_phrase
from articles.extraction.result import Figure, Span
from articles.extraction.vocabulary import Vocabulary, per_vocabulary

MONEY, PERSONS, PERCENT, KM, TIMES, YEARS = "USD", "persons", "percent", "km", "times", "years"
# Units that name what they count; the others are kept only where a metric claims them.
SELF_EXPLANATORY = {MONEY, "EUR", "RUB", PERSONS, PERCENT}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_SCALED = re.compile(
    rf"(?P<number>{_NUMBER})\s*-?\s*(?P<scale>thousand|million|mln|billion|bn|trillion)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
CURRENCIES = {
    "$": MONEY, "us$": MONEY, "usd": MONEY, "dollar": MONEY, "dollars": MONEY,
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "rub": "RUB",
}  # fmt: skip
PEOPLE_NOUNS = (
    "troops|soldiers|servicemen|military personnel|personnel|workers|migrants|labou?r migrants|"
    "people|persons|residents|refugees|citizens|civilians|nationals|employees|prisoners|fighters|"
    "militants|officers|guards|border guards|conscripts|volunteers|students|pilgrims|tourists|"
    "immigrants|emigrants|inhabitants|men|women|children|staff|diplomats|experts|specialists|"
    "peacekeepers|police(?:men)?|observers|monitors|detainees|hostages|victims|casualties|"
    "voters|members|delegates|families|households|pilots|sailors|marines|contractors"
)
_PATTERNS = (
    (
        MONEY,
        re.compile(
            rf"(?P<currency>US\$|\$|€|USD\s?|EUR\s?)\s?(?P<number>{_NUMBER})"
            rf"|(?P<number2>{_NUMBER})\s*(?:US\s+|U\.S\.\s+|American\s+)?(?P<currency2>dollars?|USD|euros?|EUR|rubles?|roubles?)\b",
            re.IGNORECASE,
        ),
    ),
    (PERCENT, re.compile(rf"(?P<number>{_NUMBER})\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)),
    (KM, re.compile(rf"(?P<number>{_NUMBER})\s*-?\s*(?:kilomet(?:re|er)s?|km)\b", re.IGNORECASE)),
    (TIMES, re.compile(rf"(?P<number>{_NUMBER})\s+times\b", re.IGNORECASE)),
    (
        YEARS,
        re.compile(
            r"\b(?:for|up\s+to|another|of|extend(?:ed|s)?\s+by)\s+(?:another\s+)?(?P<number>\d{1,3})\s*-?\s*years?\b(?!\s+(?:old|ago))",
            re.IGNORECASE,
        ),
    ),
)
_SHARE = re.compile(
    r"\b(?P<fraction>half|a\s+third|one\s+third|a\s+quarter|one\s+quarter|two[-\s]thirds|three[-\s]quarters)\s+of\b",
    re.IGNORECASE,
)
FRACTIONS = {
    "half": 50,
    "a third": Decimal("33.3"),
    "one third": Decimal("33.3"),
    "a quarter": 25,
    "one quarter": 25,
    "two thirds": Decimal("66.7"),
    "three quarters": 75,
}
QUALIFIERS = (
    ("estimate", re.compile(r"\b(?:an?\s+)?estimated\s*$|\best\.\s*$", re.IGNORECASE)),
    (
        "at_least",
        re.compile(
            r"\b(?:more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|exceed(?:s|ing|ed)?|above|no\s+fewer\s+than|no\s+less\s+than)\s*(?:an?\s+)?$",
            re.IGNORECASE,
        ),
    ),
    (
        "at_most",
        re.compile(
            r"\b(?:almost|nearly|up\s+to|less\s+than|fewer\s+than|under|at\s+most|no\s+more\s+than|just\s+under)\s*(?:an?\s+)?$",
            re.IGNORECASE,
        ),
    ),
    (
        "approximate",
        re.compile(
            r"\b(?:about|around|approximately|roughly|some|close\s+to|an?\s+estimated|circa|almost\s+exactly)\s*(?:an?\s+)?$",
            re.IGNORECASE,
        ),
    ),
)
_BY_SOME_ACCOUNTS = re.compile(
    r"\b(?:by\s+some\s+accounts|reportedly|according\s+to\s+some|some\s+estimates)\b", re.IGNORECASE
)
_CLAIM_VERBS = r"(?:says|said|claims|claimed|insists|insisted|maintains|argues|estimates)"
_ADJECTIVE_GAP = re.compile(r"^(?:[A-Za-z][\w'-]*\s+){0,3}$")
_GAP_STOPWORDS = {
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "for",
    "from",
    "by",
    "with",
    "the",
    "were",
    "was",
    "are",
    "is",
}


@dataclass(frozen=True)
class _Unit:
    kind: str


def find_figures(
    sentence: str,
    span: Span,
    *,
    vocabulary: Vocabulary,
    published: datetime.date | None,
    published_precision: str,
    states: dict[str, str] | None = None,
    dates: list[FoundDate] | None = None,
) -> list[Figure]:
    """The figures of one sentence. `states` maps folded state words to ISO codes, to tell
    whose claim a figure is ("Russia says Tajikistan owes some $300 million")."""
    if not _might_hold_figures(sentence):
        return []
    rewritten = _rewrite(sentence)
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    if dates is None:
        dates = find_dates(sentence, published=published, published_precision=published_precision)
    period, period_precision = _period(dates, published, published_precision)
    people = _people_pattern(vocabulary)
    patterns = (*_PATTERNS, (PERSONS, people))
    for unit, pattern in patterns:
        for match in pattern.finditer(rewritten):
            start, end = match.span()
            if any(start < right and left < end for left, right in taken):
                continue
            number = match.groupdict().get("number") or match.groupdict().get("number2")
            value = _decimal(number)
            if value is None or value == 0:
                continue
            figure_unit = unit
            if unit == MONEY:
                currency = (
                    match.groupdict().get("currency") or match.groupdict().get("currency2") or "$"
                )
                figure_unit = CURRENCIES.get(
                    currency.strip().lower().rstrip("s")
                    if currency.strip().lower() not in CURRENCIES
                    else currency.strip().lower(),
                    MONEY,
                )
            if unit == PERSONS:
                gap = match.group("gap") or ""
                if any(word.lower() in _GAP_STOPWORDS for word in gap.split()):
                    continue
                if 1800 <= value <= 2100 and "," not in number:
                    continue  # a year before a noun: "2004 migrants" is rarer than "in 2004 troops"
                if _AFTER_MONTH.search(rewritten[max(0, start - 12) : start]):
                    continue  # "On May 27 residents": a day, not a count
            taken.append((start, end))
            figures.append(
                _figure(
                    rewritten,
                    match,
                    value,
                    figure_unit,
                    span,
                    vocabulary,
                    period,
                    period_precision,
                    states,
                )
            )
    for match in _SHARE.finditer(rewritten):
        if any(match.start() < right and left < match.end() for left, right in taken):
            continue
        fraction = " ".join(match.group("fraction").lower().replace("-", " ").split())
        value = Decimal(FRACTIONS[fraction])
        figures.append(
            _figure(
                rewritten, match, value, PERCENT, span, vocabulary, period, period_precision, states
            )
        )
    return [figure for figure in figures if figure.unit in SELF_EXPLANATORY or figure.metric]


def _figure(
    rewritten: str,
    match: re.Match[str],
    value: Decimal,
    unit: str,
    span: Span,
    vocabulary: Vocabulary,
    period: datetime.date | None,
    period_precision: str | None,
    states: dict[str, str] | None,
) -> Figure:
    qualifier, claimed_by = _qualifier(rewritten, match.start(), states)
    metric = _metric(rewritten, match.start(), match.end(), unit, vocabulary)
    if metric is not None and metric.unit != unit and fold(metric.unit).startswith(fold(unit)):
        unit = metric.unit  # "persons" counted per year: the metric says so
    return Figure(
        metric=metric.slug if metric else None,
        value=value,
        unit=unit,
        qualifier=qualifier,
        period=period,
        period_precision=period_precision,
        span=span,
        text=match.group().strip(),
        claimed_by=claimed_by,
    )


_DIGIT = re.compile(r"\d")
_AFTER_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)


def _might_hold_figures(sentence: str) -> bool:
    if _DIGIT.search(sentence):
        return True
    # Case aside by lowering first: three times faster than case-insensitive patterns.
    lowered = sentence.lower()
    return bool(_NUMBER_WORDS_LOWERED.search(lowered) or _SHARE_LOWERED.search(lowered))


_NUMBER_WORDS_LOWERED = re.compile(_NUMBER_WORDS.pattern)
_SHARE_LOWERED = re.compile(_SHARE.pattern)


@lru_cache(maxsize=4096)
def _rewrite(sentence: str) -> str:
    """Scaled and spelled numbers as plain digits: "$242-million" -> "$242000000"."""

    def scaled(match: re.Match[str]) -> str:
        value = _decimal(match.group("number"))
        if value is None:
            return match.group()
        total = value * _SCALES[match.group("scale").lower()]
        return str(int(total)) if total == total.to_integral_value() else str(total)

    rewritten = _SCALED.sub(scaled, sentence)
    if _NUMBER_WORDS.search(rewritten):
        rewritten = alpha2digit(rewritten, "en")
    # "a 1000000 people": text2num keeps the article before a lone scale word.
    return re.sub(r"\b(?:a|one)\s+(?=\d)", "", rewritten)


def _decimal(number: str | None) -> Decimal | None:
    if not number:
        return None
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def _qualifier(rewritten: str, start: int, states: dict[str, str] | None) -> tuple[str, str | None]:
    before = rewritten[max(0, start - 40) : start]
    # Markdown escapes ("about \\$3 billion") and a currency sign stand between the words.
    before = re.sub(r"(?:US\$|\$|€)\s*$", "", before.replace("\\", ""))
    claimed_by = _claimant(rewritten[:start], states)
    if claimed_by:
        return "claimed", claimed_by
    if _BY_SOME_ACCOUNTS.search(rewritten):
        return "by_some_accounts", None
    for qualifier, pattern in QUALIFIERS:
        if pattern.search(before):
            return qualifier, None
    return "exact", None


def _claimant(before: str, states: dict[str, str] | None) -> str | None:
    """A state that "says" the figure: "Russia says Tajikistan owes some"."""
    if not states:
        return None
    match = re.search(rf"\b([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)\s+{_CLAIM_VERBS}\b[^.;]*$", before)
    if match is None:
        return None
    return states.get(fold_phrase(match.group(1)))


def _metric(rewritten: str, start: int, end: int, unit: str, vocabulary: Vocabulary):
    """The metric whose cues stand nearest the figure, among those of a compatible unit."""
    folded = fold(rewritten)
    best, best_score = None, 0.0
    for metric in vocabulary.metrics:
        if not _compatible(metric.unit, unit):
            continue
        score = 0.0
        counted: set[int] = set()  # a word counts once, whichever cues it fits ("owe", "owes")
        for cue in sorted(metric.cues, key=len, reverse=True):
            for found in _cue_pattern(cue).finditer(folded):
                if found.start() in counted:
                    continue
                counted.add(found.start())
                distance = found.start() - end if found.start() >= end else start - found.end()
                score += 1.0 / (1.0 + max(distance, 0) / 25.0)
        if score > best_score:
            best, best_score = metric, score
    return best


@lru_cache(maxsize=4096)
def _cue_pattern(cue: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(fold_phrase(cue))}(?:s|es)?(?!\w)")


def _compatible(metric_unit: str, unit: str) -> bool:
    metric_unit, unit = fold(metric_unit), fold(unit)
    if metric_unit in ("usd", "eur", "rub") or "dollar" in metric_unit:
        return unit in ("usd", "eur", "rub")
    return metric_unit.startswith(unit) or unit.startswith(metric_unit)


@per_vocabulary
def _people_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    """The pattern for counts of people, the vocabulary's demonyms included ("1 million Tajiks")."""
    return _people_pattern_for(
        tuple(demonym for country in vocabulary.countries for demonym in country.demonyms)
    )


@lru_cache(maxsize=16)
def _people_pattern_for(demonyms: tuple[str, ...]) -> re.Pattern[str]:
    nouns = PEOPLE_NOUNS + "".join("|" + re.escape(demonym) for demonym in demonyms)
    return re.compile(
        rf"(?<![\w$€.,])(?P<number>{_NUMBER})\s+(?P<gap>(?:[A-Za-z][\w'-]*\s+){{0,3}}?)(?:{nouns})\b",
        re.IGNORECASE,
    )


def _period(
    dates: list[FoundDate], published: datetime.date | None, published_precision: str
) -> tuple[datetime.date | None, str | None]:
    """The year (or finer) a figure refers to: a date in its sentence, else the article's."""
    for found in dates:
        if found.value is not None and found.role == "point":
            return found.value, found.precision
    if published is None or published_precision == UNKNOWN:
        return None, None
    if published_precision in (DAY, MONTH):
        return truncate(published, MONTH), MONTH
    return truncate(published, YEAR), YEAR

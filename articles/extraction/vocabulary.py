"""The record's vocabulary, given to extraction as plain data by its caller. Pure.

`articles` never imports `relations`: `relations.selectors.vocabulary` reads these from the
database (aliases, countries, metrics with their cue words, the category table with its cue
verbs, the existing agreements, events and observations to match against) and passes them in.
A Vocabulary is hashable, so the automata and lookup tables built from it are cached per
vocabulary, once per process.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

Built = TypeVar("Built")


@dataclass(frozen=True)
class Alias:
    """One spelling of an actor: `alias` maps to actor `actor` (displayed as `canonical`)."""

    alias: str
    actor: int
    canonical: str
    kind: str  # person, country, government_body, military_unit, facility, ...
    country: str | None  # ISO code the actor belongs to


@dataclass(frozen=True)
class Country:
    """A state and the words that stand for it in news copy."""

    code: str  # ISO 3166-1 alpha-2
    name: str
    names: tuple[str, ...] = ()  # other names: "Russian Federation"
    adjectives: tuple[str, ...] = ()  # "Russian", "Tajik", "Tajikistani"
    demonyms: tuple[str, ...] = ()  # "Russians", "Tajiks"
    capitals: tuple[str, ...] = ()  # metonyms for the government: "Moscow", "Kremlin"


@dataclass(frozen=True)
class Metric:
    """A quantity the record follows; `cues` are the words that name it in a sentence."""

    slug: str
    name: str
    unit: str  # USD, persons, percent, years, km...
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """A row of the cooperation-conflict table; `cues` are its verbs and phrases."""

    code: str
    name: str
    score: float
    cues: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class Band:
    """An article temperature label for net scores up to `upper` (the last has no bound)."""

    upper: float | None
    label: str


DEFAULT_BANDS = (
    Band(-4.0, "very cold"),
    Band(-0.5, "cold"),
    Band(0.5, "neutral"),
    Band(4.0, "warm"),
    Band(None, "very warm"),
)


@dataclass(frozen=True)
class KnownAgreement:
    """An agreement already in the record, to match extracted ones against."""

    id: int
    title: str
    parties: tuple[str, ...]  # ISO codes
    signed_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    kind: str = ""
    extends: int | None = None


@dataclass(frozen=True)
class KnownEvent:
    """An event already in the record."""

    id: int
    date: datetime.date
    precision: str
    category: str
    initiator: str | None = None
    target: str | None = None
    mutual: bool = False


@dataclass(frozen=True)
class KnownObservation:
    """An observation already in the record."""

    id: int
    metric: str  # slug
    value: float
    unit: str
    period: datetime.date
    precision: str


@dataclass(frozen=True)
class Vocabulary:
    """All the plain data extraction needs from the record."""

    aliases: tuple[Alias, ...] = ()
    countries: tuple[Country, ...] = ()
    metrics: tuple[Metric, ...] = ()
    categories: tuple[Category, ...] = ()
    bands: tuple[Band, ...] = DEFAULT_BANDS
    relationships: tuple[tuple[str, str], ...] = ()  # pairs of ISO codes the record follows
    agreements: tuple[KnownAgreement, ...] = ()
    events: tuple[KnownEvent, ...] = ()
    observations: tuple[KnownObservation, ...] = ()

    def label(self, score: float) -> str:
        """The band label of an article's net score."""
        for band in self.bands:
            if band.upper is None or score <= band.upper:
                return band.label
        return self.bands[-1].label if self.bands else "neutral"


def per_vocabulary(build: Callable[[Vocabulary], Built]) -> Callable[[Vocabulary], Built]:
    """Make `build(vocabulary)` run once per vocabulary object, for the automata and tables
    built from it. Kept by identity: hashing a vocabulary of thousands of rows on every
    article would cost more than the lookup saves. The last few vocabularies are kept."""
    cache: dict[int, tuple[Vocabulary, Built]] = {}

    @functools.wraps(build)
    def cached(vocabulary: Vocabulary) -> Built:
        hit = cache.get(id(vocabulary))
        if hit is not None and hit[0] is vocabulary:
            return hit[1]
        built = build(vocabulary)
        if len(cache) >= KEPT_VOCABULARIES:
            cache.pop(next(iter(cache)))
        cache[id(vocabulary)] = (vocabulary, built)
        return built

    return cached


KEPT_VOCABULARIES = 8

"""What extraction yields for one article: frozen plain data, and its JSON form. Pure.

Every extracted item keeps the character span of its sentence in the stored text, so a
citation can store it and a reviewer can see `text[start:end]`. Dates are `datetime.date`
with a precision (day, month, year; `unknown` only for a publication date), the first day
of the interval they stand for; `as_json()` writes them in ISO form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Span = tuple[int, int]

UNKNOWN = "unknown"


@dataclass(frozen=True)
class ActorMention:
    """An actor named in the text: an id from the alias dictionary, or None for a new one."""

    name: str  # as written (first occurrence)
    actor: int | None
    canonical: str  # the record's display name, or the proposed name of a new actor
    spans: tuple[Span, ...]  # sentences naming it, in order
    kind: str | None = None  # the record's actor kind, when known
    country: str | None = None  # ISO code the actor belongs to, when known
    score: float = 1.0  # 1.0 exact alias, lower for a near miss; new actors 0.5

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "actor": self.actor,
            "canonical": self.canonical,
            "spans": [list(span) for span in self.spans],
            "kind": self.kind,
            "country": self.country,
            "score": round(self.score, 2),
        }


@dataclass(frozen=True)
class Figure:
    """A quantity the text states: value, unit, qualifier, the period it refers to."""

    metric: str | None  # a metric slug, when the sentence says which
    value: Decimal
    unit: str  # USD, persons, percent, km, years...
    qualifier: str  # exact, approximate, estimate, at_least, at_most, by_some_accounts, claimed
    period: datetime.date | None
    period_precision: str | None  # day, month or year
    span: Span
    text: str = ""  # the figure as written, e.g. "$242-million"
    claimed_by: str | None = None  # ISO code of the party claiming it, for `claimed`
    matches: int | None = None  # an existing observation id

    def as_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "value": _number(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "period": _period(self.period, self.period_precision),
            "period_precision": self.period_precision,
            "text": self.text,
            "claimed_by": self.claimed_by,
            "matches": self.matches,
            "span": list(self.span),
        }


@dataclass(frozen=True)
class AgreementMention:
    """A signing, extension, ratification, expiry or lapse the text reports."""

    title: str
    action: str  # signed, extended, ratified, expired, lapsed, not_renewed, proposed
    date: datetime.date | None
    date_precision: str | None
    expires_on: datetime.date | None
    expires_precision: str | None
    parties: tuple[str, ...]  # ISO codes
    matches: int | None  # an existing agreement id
    span: Span

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "action": self.action,
            "date": _iso(self.date),
            "date_precision": self.date_precision,
            "expires_on": _iso(self.expires_on),
            "expires_precision": self.expires_precision,
            "parties": list(self.parties),
            "matches": self.matches,
            "span": list(self.span),
        }


@dataclass(frozen=True)
class EventMention:
    """A dated act between the two sides, scored from the category table."""

    date: datetime.date | None
    precision: str | None
    initiator: str | None  # ISO code
    target: str | None  # ISO code
    category: str  # category code, e.g. "057"
    score: float
    matches: int | None  # an existing event id
    span: Span
    title: str = ""  # a short summary: the sentence, trimmed
    cue: str = ""  # the words that chose the category, as written
    mutual: bool = False  # both sides acted together ("the presidents agreed")
    negated: bool = False  # "refused to", "did not renew": the category is the refusal's
    hedged: bool = False  # "may consider": a weaker score
    date_basis: str = "stated"  # stated, article_date (reckoned from it) or context
    actors: tuple[int, ...] = ()  # ids of actors named in the sentence
    confidence: float = 0.5

    def as_json(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "precision": self.precision,
            "initiator": self.initiator,
            "target": self.target,
            "category": self.category,
            "score": round(self.score, 2),
            "matches": self.matches,
            "span": list(self.span),
            "title": self.title,
            "cue": self.cue,
            "mutual": self.mutual,
            "negated": self.negated,
            "hedged": self.hedged,
            "date_basis": self.date_basis,
            "actors": list(self.actors),
            "confidence": round(self.confidence, 2),
        }


@dataclass(frozen=True)
class ArticleTemperature:
    """The article's net score (mean of its events' scores) and its band's label."""

    score: float
    label: str  # very cold, cold, neutral, warm, very warm

    def as_json(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "label": self.label}


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything extracted from one article."""

    title: str
    source: str  # the publisher, as given or found
    url: str
    text: str  # the stored text every span indexes
    published_on: datetime.date | None
    date_precision: str  # day, month, year or unknown
    date_confidence: float
    language: str  # ISO 639-1, e.g. "en"
    author: str = ""
    place: str = ""  # the dateline's place
    countries: tuple[str, ...] = ()  # the pair the article is about, e.g. ("RU", "TJ")
    actors: tuple[ActorMention, ...] = ()
    figures: tuple[Figure, ...] = ()
    agreements: tuple[AgreementMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    temperature: ArticleTemperature = field(
        default_factory=lambda: ArticleTemperature(score=0.0, label="neutral")
    )
    warnings: tuple[str, ...] = ()  # e.g. "no year stated: publication date unknown"

    def as_json(self) -> dict[str, Any]:
        """The object `manage.py extract PATH --json` prints (the text itself left out)."""
        return {
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published_on": _iso(self.published_on),
            "date_precision": self.date_precision,
            "date_confidence": round(self.date_confidence, 2),
            "language": self.language,
            "author": self.author,
            "place": self.place,
            "countries": list(self.countries),
            "actors": [actor.as_json() for actor in self.actors],
            "figures": [figure.as_json() for figure in self.figures],
            "agreements": [agreement.as_json() for agreement in self.agreements],
            "events": [event.as_json() for event in self.events],
            "temperature": self.temperature.as_json(),
            "warnings": list(self.warnings),
        }


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _period(value: datetime.date | None, precision: str | None) -> str | None:
    """A year alone as "2011", else the ISO date of the interval's first day."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    return value.isoformat()


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)

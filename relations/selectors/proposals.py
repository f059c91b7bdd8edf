"""What a sentence proposes: the prefill of a new agreement, figure or event, with its citation.

A fact a curator picks from a sentence and a fact the machine extracted (a candidate) travel
the same path: a Proposal, then the ordinary admin form or `candidate_accept`, then the
record services. A Proposal's `data` follows relations/services/writes.py (field names,
foreign keys as ids or natural keys); its `citation` is one citation object as those
services take it, with the span always covering whole sentences of the stored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import F, Value
from django.db.models.functions import StrIndex

from articles.dates import format_reported_date
from articles.extraction.sentences import split_sentences
from articles.models import Article
from relations.models import ActorAlias, Citation, Event, Normalized, Relationship

AGREEMENT = "agreement"
OBSERVATION = "observation"
EVENT = "event"
# The kinds a sentence may propose, as the picker's buttons name them.
KINDS = {AGREEMENT: "Agreement", OBSERVATION: "Figure", EVENT: "Event from this sentence"}
# A candidate's `figure` is an observation of a metric.
KIND_ALIASES = {"figure": OBSERVATION}


@dataclass(frozen=True)
class Proposal:
    """A record to be: its kind, its service data, and the citation it rests on."""

    kind: str
    data: dict = field(default_factory=dict)
    citation: dict = field(default_factory=dict)

    @property
    def quote(self) -> str:
        return self.citation.get("quote", "")


def canonical_kind(kind: str) -> str | None:
    """'figure' and 'observation' name one kind; None for a kind no record has."""
    kind = KIND_ALIASES.get(kind, kind)
    return kind if kind in KINDS else None


def covering_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whole sentences a selection `text[start:end]` touches, or None if it touches none."""
    if not 0 <= start < end <= len(text):
        return None
    touched = [s for s in split_sentences(text) if s.start < end and start < s.end]
    if not touched:
        return None
    return touched[0].start, touched[-1].end


def article_relationship(article: Article) -> Relationship | None:
    """The relationship an article is about: the one its cited facts share, or the only one."""
    cited = Citation.objects.filter(article=article)
    ids = (
        set(cited.filter(event__isnull=False).values_list("event__relationship", flat=True))
        | set(
            cited.filter(agreement__isnull=False).values_list("agreement__relationship", flat=True)
        )
        | set(
            cited.filter(observation__isnull=False).values_list(
                "observation__relationship", flat=True
            )
        )
    )
    if len(ids) == 1:
        return Relationship.objects.get(pk=ids.pop())
    if not ids:
        only = list(Relationship.objects.all()[:2])
        if len(only) == 1:
            return only[0]
    return None


_WORD_CHARACTER = re.compile(r"\w")


def actors_in(text: str) -> list[int]:
    """Ids of the actors an alias names in `text`, in order of mention; longest spellings win.

    Case and accents are ignored (the database's bilateral_normalize, which keys the aliases);
    a spelling counts only as a whole word, and one inside a longer matched spelling ("Tajikistan"
    in "Armed Forces of Tajikistan") does not count on its own.
    """
    if not text.strip():
        return []
    rows = list(
        ActorAlias.objects.annotate(
            sentence=Normalized(Value(text)),
            position=StrIndex(Normalized(Value(text)), F("normalized")),
        )
        .filter(position__gt=0)
        .values_list("actor_id", "normalized", "sentence")
    )
    if not rows:
        return []
    sentence = rows[0][2]
    found: list[tuple[int, int, int]] = []  # (start, end, actor id)
    for actor_id, spelling, _ in rows:
        for match in re.finditer(re.escape(spelling), sentence):
            before = sentence[match.start() - 1 : match.start()]
            after = sentence[match.end() : match.end() + 1]
            if _WORD_CHARACTER.match(before) or _WORD_CHARACTER.match(after):
                continue
            found.append((match.start(), match.end(), actor_id))
    found.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    kept: list[tuple[int, int, int]] = []
    for hit in found:
        if any(k[0] <= hit[0] and hit[1] <= k[1] for k in kept):
            continue
        kept.append(hit)
    ordered: list[int] = []
    for _, _, actor_id in sorted(kept):
        if actor_id not in ordered:
            ordered.append(actor_id)
    return ordered


def sentence_proposal(*, article: Article, start: int, end: int, kind: str) -> Proposal | None:
    """What the sentences under `text[start:end]` propose as a `kind`; None for a bad span."""
    kind = canonical_kind(kind)
    span = covering_span(article.text, start, end) if kind else None
    if span is None:
        return None
    quote = article.text[span[0] : span[1]]
    data: dict = {}
    relationship = article_relationship(article)
    if relationship is not None:
        data["relationship"] = relationship.pk
    actors = actors_in(quote)
    data.update(_dated(kind, article))
    if kind == AGREEMENT and actors:
        data["parties"] = actors
    elif kind == EVENT and actors:
        data["actors"] = actors
    citation = {"article": article.pk, "span_start": span[0], "span_end": span[1], "quote": quote}
    return Proposal(kind=kind, data=data, citation=citation)


def _dated(kind: str, article: Article) -> dict:
    """The article's own date, where the sentence gives none: as the record reckons it."""
    if article.published_on is None:
        return {}
    value, precision = article.published_on, article.published_on_precision
    if kind == AGREEMENT:
        return {"signed_on": value, "signed_on_precision": precision}
    if kind == OBSERVATION:
        return {"period_start": value, "period_precision": precision}
    shown = format_reported_date(value, precision)
    return {
        "occurred_on": value,
        "occurred_on_precision": precision,
        "date_basis": Event.DateBasis.ARTICLE_DATE,
        "note": f"Dated by the article, published {shown}; the sentence states no date.",
    }

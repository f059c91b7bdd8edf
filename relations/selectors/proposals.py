"""What a sentence proposes: the prefill of a new agreement, figure or event, with its citation.

A fact a curator picks from a sentence and a fact the machine extracted (a candidate) travel
the same path: a Proposal, then the ordinary admin form or `candidate_accept`, then the
record services. A Proposal's `data` follows relations/services/writes.py (field names,
foreign keys as ids or natural keys); its `citation` is one citation object as those
services take it, with the span always covering whole sentences of the stored text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import F, Value
from django.db.models.functions import StrIndex
from django.utils.text import slugify

from articles.dates import PRECISION_VALUES, format_reported_date, parse_reported_date, truncate
from articles.extraction import ArticleExtraction, extract_article
from articles.extraction.sentences import split_sentences
from articles.models import Article
from relations.models import (
    Actor,
    ActorAlias,
    ActorKind,
    AgreementKind,
    AgreementStatus,
    Candidate,
    Citation,
    DateBasis,
    Event,
    Normalized,
    ObservationQualifier,
    Relationship,
)
from relations.selectors.vocabulary import extraction_vocabulary, relationship_between

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
    # The pending candidate this proposal comes from, which saving it accepts.
    candidate: int | None = None

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


def sentence_proposal(
    *, article: Article, start: int, end: int, kind: str, item: dict | None = None
) -> Proposal | None:
    """What the sentences under `text[start:end]` propose as a `kind`; None for a bad span.

    `item` is what extraction read there (`extract --json`'s form); without one, the item
    ingestion already proposed for these sentences is used, where there is one.
    """
    kind = canonical_kind(kind)
    span = covering_span(article.text, start, end) if kind else None
    if span is None:
        return None
    quote = article.text[span[0] : span[1]]
    candidate = None
    relationship = article_relationship(article)
    if item is None:
        candidate = proposed_candidate(article, span, kind)
        item = candidate.proposal if candidate is not None else None
    if item is None:
        extraction = extract_article(
            text=article.text,
            vocabulary=extraction_vocabulary(),
            title=article.title,
            url=article.url or None,
            published_hint=article.published_on,
        )
        item = extracted_item(extraction, kind, span, article.text[start:end])
        if relationship is None:
            relationship = relationship_between(extraction.countries)
    data = proposal_data(
        kind,
        item if isinstance(item, dict) else {},
        article=article,
        quote=quote,
        relationship=relationship,
    )
    citation = {"article": article.pk, "span_start": span[0], "span_end": span[1], "quote": quote}
    return Proposal(
        kind=kind, data=data, citation=citation, candidate=candidate.pk if candidate else None
    )


def extracted_item(
    extraction: ArticleExtraction, kind: str, span: tuple[int, int], selected: str
) -> dict | None:
    """The item of `kind` extraction read in the sentences of `span`, as `extract --json` has it.

    Where a sentence holds several figures, the one inside the curator's selection wins.
    """
    items = {
        AGREEMENT: extraction.agreements,
        OBSERVATION: extraction.figures,
        EVENT: extraction.events,
    }[kind]
    inside = [item for item in items if span[0] <= item.span[0] and item.span[1] <= span[1]]
    if not inside:
        return None
    chosen = next(
        (item for item in inside if getattr(item, "text", "") and item.text in selected),
        inside[0],
    )
    return chosen.as_json()


def proposed_candidate(article: Article, span: tuple[int, int], kind: str) -> Candidate | None:
    """The candidate of `kind` ingestion proposed within `span`, still pending review, if any."""
    return (
        Candidate.objects.filter(
            article=article,
            kind=kind,
            status=Candidate.Status.PENDING,
            span_start__gte=span[0],
            span_end__lte=span[1],
        )
        .order_by("-confidence", "span_start", "id")
        .first()
    )


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


# What an extracted agreement's action says of its status (extract --json's `action`).
AGREEMENT_STATUS_BY_ACTION = {
    "signed": "signed",
    "agreed": "signed",
    "extended": "signed",
    "ratified": "in_force",
    "entered into force": "in_force",
    "expired": "expired",
    "lapsed": "lapsed",
    "not_renewed": "lapsed",
    "terminated": "terminated",
    "proposed": "proposed",
}
AGREEMENT_KIND_WORDS = (
    ("treaty", "treaty"),
    ("lease", "lease"),
    ("memorandum", "memorandum"),
    ("protocol", "protocol"),
    ("decision", "decision"),
)
TITLE_LENGTH = 120


def candidate_proposal(candidate: Candidate) -> Proposal:
    """What a candidate proposes, as the same Proposal a picked sentence gives.

    `candidate.proposal` is one item of `manage.py extract --json` (a figure, agreement, event
    or actor); what it lacks is filled as for a picked sentence: the relationship, the date
    from the article, the actors the sentence names.
    """
    article = candidate.article
    item = candidate.proposal if isinstance(candidate.proposal, dict) else {}
    kind = canonical_kind(candidate.kind) or candidate.kind
    citation = {
        "article": article.pk,
        "span_start": candidate.span_start,
        "span_end": candidate.span_end,
        "quote": candidate.quote,
    }
    if kind == "actor":
        return Proposal(kind=kind, data=_actor_data(item), citation=citation)
    relationship = candidate.relationship or article_relationship(article)
    return Proposal(
        candidate=candidate.pk,
        kind=kind,
        data=proposal_data(
            kind, item, article=article, quote=candidate.quote, relationship=relationship
        ),
        citation=citation,
    )


def proposal_data(
    kind: str, item: dict, *, article: Article, quote: str, relationship: Relationship | None
) -> dict:
    """Record-service data for an extracted item (`extract --json`'s form), or for none.

    The article's date stands in where the item states none; the sentence's actors stand in
    where the item names none; sides outside the relationship's two countries are dropped.
    """
    data: dict = {}
    if relationship is not None:
        data["relationship"] = relationship.pk
    data.update(_dated(kind, article))
    named = _actor_ids(item.get("actors"))
    if kind == AGREEMENT:
        data.update({"kind": AgreementKind.AGREEMENT, "status": AgreementStatus.SIGNED})
        data.update(_agreement_data(item, quote))
        parties = _country_actor_ids(item.get("parties")) + named
        data["parties"] = list(dict.fromkeys(parties + actors_in(quote)))
    elif kind == OBSERVATION:
        data.update(_observation_data(item))
        claimant = _country_actor_ids([item.get("claimed_by")])
        if claimant:
            data["claimed_by"] = claimant[0]
    elif kind == EVENT:
        data.update(_event_data(item, quote, article))
        data["actors"] = list(dict.fromkeys(named + actors_in(quote)))
        sides = (
            {relationship.country_a.code, relationship.country_b.code} if relationship else set()
        )
        for side in ("initiator", "target"):
            if data.get(side) not in sides:
                data.pop(side, None)
    return {name: value for name, value in data.items() if value != []}


def title_from(quote: str) -> str:
    """A record's title where extraction gave none: the sentence, cut at a word."""
    quote = " ".join(quote.split())
    if len(quote) <= TITLE_LENGTH:
        return quote.rstrip(".")
    return quote[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def reported_date(value) -> datetime.date | None:
    """The first day of a reported date written '2012', '2012-05' or '2012-05-14', or None."""
    reported = _reported(value)
    return reported[0] if reported else None


def _reported(value, precision=None) -> tuple[datetime.date, str] | None:
    """A reported date and its precision from '2012', '2012-05' or '2012-05-14' (or a year as
    a number); a stated `precision` wins where it is coarser than the writing ("2012-01-01", year).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    try:
        reported = parse_reported_date(value)
    except ValueError:
        return None
    if precision in PRECISION_VALUES and precision != reported.precision:
        return truncate(reported.value, precision), precision
    return reported.value, reported.precision


def _agreement_data(item: dict, quote: str) -> dict:
    if not item:
        return {}
    title = str(item.get("title") or title_from(quote))[:300]
    lowered = title.lower()
    data = {
        "title": title,
        "slug": slugify(title)[:200],
        "kind": next((kind for word, kind in AGREEMENT_KIND_WORDS if word in lowered), "agreement"),
        "status": AGREEMENT_STATUS_BY_ACTION.get(str(item.get("action", "")).lower(), "signed"),
    }
    signed = _reported(item.get("date"), item.get("date_precision"))
    if signed is not None:
        data["signed_on"], data["signed_on_precision"] = signed
    expires = _reported(item.get("expires_on"), item.get("expires_precision"))
    if expires is not None:
        data["expires_on"], data["expires_on_precision"] = expires
    return data


def _observation_data(item: dict) -> dict:
    data: dict = {}
    if item.get("metric"):
        data["metric"] = item["metric"]
    if item.get("value") is not None:
        data["value"] = item["value"]
    if item.get("unit"):
        data["unit"] = str(item["unit"])[:50]
    if item.get("qualifier") in ObservationQualifier.values:
        data["qualifier"] = item["qualifier"]
    period = _reported(item.get("period"), item.get("period_precision"))
    if period is not None:
        data["period_start"], data["period_precision"] = period
    return data


def _event_data(item: dict, quote: str, article: Article) -> dict:
    if not item:
        return {"title": title_from(quote)}
    data: dict = {"title": str(item.get("title") or title_from(quote))[:300]}
    occurred = _reported(item.get("date"), item.get("precision"))
    basis = item.get("date_basis") if item.get("date_basis") in DateBasis.values else None
    if occurred is not None:
        data["occurred_on"], data["occurred_on_precision"] = occurred
        data["date_basis"] = basis or DateBasis.STATED
        data["note"] = _date_note(data["date_basis"], article, item.get("cue", ""))
    if item.get("category"):
        data["category"] = str(item["category"])
    if item.get("mutual"):
        data["mutual"] = True
    else:
        for side in ("initiator", "target"):
            if isinstance(item.get(side), str) and len(item[side]) == 2:
                data[side] = item[side].upper()
        if data.get("initiator") and data.get("initiator") == data.get("target"):
            data.pop("target")
    return data


def _date_note(basis: str, article: Article, cue: str) -> str:
    """What the event's note says of a date the sentence does not state outright."""
    if basis == DateBasis.STATED:
        return ""
    shown = format_reported_date(article.published_on, article.published_on_precision)
    if basis == DateBasis.ARTICLE_DATE:
        return f"Reckoned from the article's date ({shown or 'unknown'}) by extraction."
    return f"Inferred from the context of the article ({shown or 'undated'}) by extraction."


def _actor_data(item: dict) -> dict:
    name = str(item.get("canonical") or item.get("name") or "").strip()[:200]
    kind = item.get("kind") if item.get("kind") in ActorKind.values else ActorKind.PERSON
    data = {"name": name, "slug": slugify(name)[:200], "kind": kind}
    if isinstance(item.get("country"), str) and len(item["country"]) == 2:
        data["country"] = item["country"].upper()
    return data


def _actor_ids(values) -> list[int]:
    """Actor ids from extraction's `actors`: ids, or objects with an `actor` id; known ones only."""
    if not isinstance(values, list):
        return []
    ids = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("actor")
        if isinstance(value, int) and not isinstance(value, bool) and value not in ids:
            ids.append(value)
    existing = set(Actor.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [value for value in ids if value in existing]


def _country_actor_ids(codes) -> list[int]:
    """The actors that stand for the states with these ISO codes (agreements' parties)."""
    if not isinstance(codes, list | tuple):
        return []
    codes = [code.upper() for code in codes if isinstance(code, str) and len(code) == 2]
    if not codes:
        return []
    by_code = dict(
        Actor.objects.filter(kind=ActorKind.COUNTRY, country__code__in=codes)
        .order_by("id")
        .values_list("country__code", "pk")
    )
    return [by_code[code] for code in codes if code in by_code]

"""Ingestion: from a submitted text to a stored article and the candidates it proposes.

The steps, for one text:
1. read: a file's bytes or an API body become text, or a `Rejected` naming the reason
   (empty, binary, undecodable, over `INGEST_MAX_BYTES`, an unsupported kind of file);
2. submit: an `Ingestion` row keeps what was sent; the queue's job carries only its id;
3. run (the job, one transaction): extract with the record's vocabulary (HTML without an
   article and text in another language are rejected here), then by the stored text's
   content hash and the article's address or title either
   - find the text already ingested: a duplicate, nothing changes;
   - attach to the existing article (a curated one of the demo record, say), or
   - create a pending article (its publisher found or created),
   and propose what the text reports as candidates for the curators' review.

A rejection is an outcome, not a failure: the job succeeds and is not retried. Any other
error rolls the whole article back; the task (relations/tasks.py) retries it and, when it
keeps failing, records the reason here.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify

from articles import services as article_services
from articles.dates import UNKNOWN
from articles.extraction import ArticleExtraction, extract_article
from articles.extraction.document import NoArticle
from articles.extraction.vocabulary import Vocabulary
from articles.models import Article, Source
from articles.services import content_hash
from relations.models import Candidate, CandidateKind, Ingestion, IngestionFormat
from relations.selectors.vocabulary import extraction_vocabulary, relationship_ids

# The kinds of file `manage.py ingest` reads, by extension.
FILE_FORMATS = {
    ".txt": IngestionFormat.TEXT,
    ".text": IngestionFormat.TEXT,
    ".md": IngestionFormat.MARKDOWN,
    ".markdown": IngestionFormat.MARKDOWN,
    ".html": IngestionFormat.HTML,
    ".htm": IngestionFormat.HTML,
}
# Extraction reads English news copy: other languages are refused, not misread.
LANGUAGES = frozenset({"en"})
# Control characters that never occur in text (NUL and friends): their presence means binary.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}
SUMMARY_LENGTH = 400
UNKNOWN_PUBLISHER = "Unknown publisher"


class Rejected(Exception):
    """A text that cannot be ingested; the message names the reason, `field` the API field."""

    def __init__(self, message: str, *, field: str | None = None, too_large: bool = False):
        super().__init__(message)
        self.field = field
        self.too_large = too_large


@dataclass(frozen=True)
class Submission:
    """A text ready for the queue: where it came from, what it is, what its sender said."""

    origin: str
    content: str
    content_format: str
    metadata: dict[str, Any]


# 1. Reading ------------------------------------------------------------------------------


def max_bytes() -> int:
    return settings.INGEST_MAX_BYTES


def decode(data: bytes) -> str:
    """UTF-8 text from bytes (a byte-order mark dropped, line ends made plain), or Rejected."""
    if not data.strip():
        raise Rejected("the file is empty")
    if len(data) > max_bytes():
        raise Rejected(f"the file is {len(data):,} bytes, over the limit of {max_bytes():,}")
    sample = data[:8192]
    if b"\x00" in sample or sum(byte in _BINARY_BYTES for byte in sample) > len(sample) // 100:
        raise Rejected("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Rejected(
            f"the file is not UTF-8 text (undecodable byte at offset {error.start})"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path) -> Submission:
    """A file as a submission, or Rejected naming why not."""
    content_format = FILE_FORMATS.get(path.suffix.lower())
    if content_format is None:
        known = ", ".join(sorted(FILE_FORMATS))
        raise Rejected(f"unsupported kind of file '{path.suffix}' (expected one of {known})")
    try:
        size = path.stat().st_size
        if size > max_bytes():
            raise Rejected(f"the file is {size:,} bytes, over the limit of {max_bytes():,}")
        data = path.read_bytes()
    except OSError as error:
        raise Rejected(f"cannot read the file: {error.strerror}") from None
    return Submission(
        origin=str(path), content=decode(data), content_format=content_format, metadata={}
    )


def read_payload(
    *, text: str | None, html: str | None, metadata: dict[str, Any], origin: str
) -> Submission:
    """An API body's text or HTML as a submission, or Rejected naming the field."""
    if (text is None) == (html is None):
        raise Rejected("send exactly one of 'text' or 'html'", field="text")
    field, content = ("text", text) if text is not None else ("html", html)
    if not content.strip():
        raise Rejected(f"'{field}' is empty", field=field)
    size = len(content.encode("utf-8"))
    if size > max_bytes():
        raise Rejected(
            f"'{field}' is {size:,} bytes, over the limit of {max_bytes():,}",
            field=field,
            too_large=True,
        )
    if "\x00" in content:
        raise Rejected(f"'{field}' holds binary data (NUL characters)", field=field)
    content_format = IngestionFormat.TEXT if field == "text" else IngestionFormat.HTML
    return Submission(
        origin=origin,
        content=content.replace("\r\n", "\n").replace("\r", "\n"),
        content_format=content_format,
        metadata={key: value for key, value in metadata.items() if value not in (None, "")},
    )


# 2. Submitting ---------------------------------------------------------------------------


def ingestion_submit(*, submission: Submission, user=None) -> Ingestion:
    """Keep a submission for its job; the caller defers the job (relations/tasks.py)."""
    ingestion = Ingestion(
        origin=submission.origin[:1000],
        content=submission.content,
        content_format=submission.content_format,
        metadata=submission.metadata,
        submitted_by=user,
    )
    ingestion.full_clean(validate_constraints=False)
    ingestion.save()
    return ingestion


def ingestion_queue(*, submission: Submission, user=None) -> Ingestion:
    """Keep a submission and defer its job, in one transaction: no row without its job."""
    from relations.tasks import ingest_article

    with transaction.atomic():
        ingestion = ingestion_submit(submission=submission, user=user)
        ingestion.job_id = ingest_article.defer(ingestion_id=ingestion.pk)
        ingestion.save(update_fields=["job_id"])
    return ingestion


def ingestion_reject(*, origin: str, reason: str, user=None) -> Ingestion:
    """Record a submission refused before it reached the queue, so admin lists it too."""
    ingestion = Ingestion(
        origin=origin[:1000],
        content="",
        outcome=Ingestion.Outcome.REJECTED,
        reason=reason,
        submitted_by=user,
    )
    ingestion.save()
    return ingestion


# 3. Running ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """The record's vocabulary as of one vocabulary version, and the relationships' ids."""

    version: int
    vocabulary: Vocabulary
    relationships: dict[frozenset[str], int]


_reading: _Reading | None = None


def _current_reading() -> _Reading:
    """The vocabulary, read again only when the vocabulary version has moved.

    Reading it costs eleven queries and grows with the record; the version (a counter that
    triggers on its tables bump: relations/migrations/0020_vocabulary_version.py) costs one
    primary-key read, so a worker checks it for every article.
    """
    global _reading
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM relations_vocabulary_version")
        (version,) = cursor.fetchone()
    reading = _reading
    if reading is None or reading.version != version:
        reading = _Reading(version, extraction_vocabulary(), relationship_ids())
        _reading = reading
    return reading


def current_vocabulary() -> Vocabulary:
    """The record's vocabulary, as extraction takes it."""
    return _current_reading().vocabulary


def extract(submission: Submission | Ingestion, vocabulary=None) -> ArticleExtraction:
    """What the text reports, read with the record's vocabulary; Rejected when not an article
    in English. Reads the database only for the vocabulary, writes nothing."""

    metadata = submission.metadata
    hint = metadata.get("published_on")
    is_html = submission.content_format == IngestionFormat.HTML
    try:
        extraction = extract_article(
            None if is_html else submission.content,
            html=submission.content if is_html else None,
            vocabulary=vocabulary if vocabulary is not None else current_vocabulary(),
            title=metadata.get("title"),
            url=metadata.get("url"),
            publisher=metadata.get("publisher"),
            published_hint=datetime.date.fromisoformat(hint) if hint else None,
        )
    except NoArticle as error:
        raise Rejected(f"the page holds no article text ({error})", field="html") from None
    field = "html" if is_html else "text"
    if not extraction.text.strip():
        raise Rejected(
            "no article text is left once the page's boilerplate is removed", field=field
        )
    if extraction.language not in LANGUAGES:
        raise Rejected(
            f"the text is in another language ({extraction.language or 'unknown'}), not English",
            field=field,
        )
    return extraction


# What a run changes on its Ingestion row (not the submitted text, which is sent back
# to the database otherwise).
_RUN_FIELDS = ["attempts", "outcome", "reason", "article", "candidate_counts", "updated"]


def ingestion_run(*, ingestion_id: int, attempt: int = 1) -> Ingestion:
    """Ingest one submission in one transaction; a rejection is recorded, anything else raised.

    Running it again after it finished changes nothing: the row's outcome says it is done.
    """
    try:
        with transaction.atomic():
            ingestion = Ingestion.objects.select_for_update().get(pk=ingestion_id)
            if ingestion.outcome != Ingestion.Outcome.QUEUED:
                return ingestion
            ingestion.attempts = attempt
            _ingest(ingestion)
            ingestion.reason = ""
            ingestion.save(update_fields=_RUN_FIELDS)
            return ingestion
    except Rejected as rejection:
        return _finish(ingestion_id, Ingestion.Outcome.REJECTED, str(rejection), attempt)


def ingestion_failed(*, ingestion_id: int, reason: str, attempt: int, final: bool) -> Ingestion:
    """Record why an attempt failed; after the last one, the ingestion is failed for good."""
    outcome = Ingestion.Outcome.FAILED if final else Ingestion.Outcome.QUEUED
    return _finish(ingestion_id, outcome, reason, attempt)


def _finish(ingestion_id: int, outcome: str, reason: str, attempt: int) -> Ingestion:
    with transaction.atomic():
        ingestion = Ingestion.objects.select_for_update().get(pk=ingestion_id)
        ingestion.outcome = outcome
        ingestion.reason = reason or "unknown error"
        ingestion.attempts = attempt
        ingestion.save(update_fields=["outcome", "reason", "attempts", "updated"])
        return ingestion


def _ingest(ingestion: Ingestion) -> None:
    reading = _current_reading()
    extraction = extract(ingestion, reading.vocabulary)
    digest = content_hash(extraction.text)
    article = _existing_article(digest, extraction, ingestion.metadata)
    if article is not None and _already_ingested(article, digest):
        ingestion.outcome = Ingestion.Outcome.DUPLICATE
        ingestion.article = article
        ingestion.candidate_counts = {}
        return
    if article is None:
        article = _article_create(extraction, ingestion.metadata)
        ingestion.outcome = Ingestion.Outcome.NEW
    else:
        if not article.text:
            article_services.article_update(article=article, data={"text": extraction.text})
        elif article.content_hash != digest:
            # Spans index the article's stored text: read the curated copy, not this one.
            extraction = extract(
                Ingestion(
                    content=article.text,
                    content_format=IngestionFormat.TEXT,
                    metadata={**ingestion.metadata, "title": article.title},
                ),
                reading.vocabulary,
            )
        ingestion.outcome = Ingestion.Outcome.ATTACHED
    ingestion.article = article
    ingestion.candidate_counts = candidates_propose(
        article=article,
        extraction=extraction,
        relationships=reading.relationships,
        proposed=set() if ingestion.outcome == Ingestion.Outcome.NEW else None,
    )


def _existing_article(digest: str, extraction: ArticleExtraction, metadata: dict) -> Article | None:
    """The article a text belongs to, in one query: the one already holding this very text,
    else the one at the same address, else the one with the same title (case aside); the
    oldest where several qualify."""
    url = metadata.get("url") or extraction.url
    title = (metadata.get("title") or extraction.title).strip()
    condition = Q(content_hash=digest)
    if url:
        condition |= Q(url=url)
    if title:
        condition |= Q(title__iexact=title)
    first = [When(content_hash=digest, then=Value(0))]
    if url:
        first.append(When(url=url, then=Value(1)))
    rank = Case(*first, default=Value(2))
    return Article.objects.filter(condition).order_by(rank, "id").first()


def _already_ingested(article: Article, digest: str) -> bool:
    """Whether this very text was ingested into the article before (its candidates exist)."""
    return (
        article.content_hash == digest
        and Ingestion.objects.filter(
            article=article, outcome__in=[Ingestion.Outcome.NEW, Ingestion.Outcome.ATTACHED]
        ).exists()
    )


def _source_for(name: str) -> Source:
    name = (name or UNKNOWN_PUBLISHER).strip()[:200]
    slug = slugify(name)[:200] or "unknown-publisher"
    source = Source.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
    if source is None:
        source = article_services.source_create(data={"name": name, "slug": slug})
    return source


def _summary(text: str) -> str:
    """The article's opening, cut at a word: the curator rewrites it in the record's words."""
    opening = " ".join(text.split())
    if len(opening) <= SUMMARY_LENGTH:
        return opening
    return opening[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"


def _article_create(extraction: ArticleExtraction, metadata: dict) -> Article:
    title = (metadata.get("title") or extraction.title or "Untitled article").strip()[:500]
    digest = content_hash(extraction.text)
    known = extraction.published_on is not None and extraction.date_precision != UNKNOWN
    data = {
        "title": title,
        "slug": f"{slugify(title)[:180] or 'article'}-{digest[:8]}",
        "source": _source_for(metadata.get("publisher") or extraction.source),
        "url": (metadata.get("url") or extraction.url or "")[:1000],
        "published_on": extraction.published_on if known else None,
        "published_on_precision": extraction.date_precision if known else UNKNOWN,
        "date_note": ""
        if known
        else "Ingested: the text establishes no publication date. Set it on review.",
        "authors": [extraction.author[:200]] if extraction.author else [],
        "place": extraction.place[:200],
        "summary": _summary(extraction.text),
        "text": extraction.text,
        "review_status": Article.ReviewStatus.PENDING,
    }
    return article_services.article_create(data=data, checked_by_database=True)


# Candidates ------------------------------------------------------------------------------


def _fingerprint(kind: str, proposal: dict) -> str:
    canonical = json.dumps([kind, proposal], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _candidate_items(extraction: ArticleExtraction):
    """(kind, proposal, span, confidence, matched id) for each item a curator should see.

    Actors the alias dictionary knows exactly need no review (the events name them); new
    names and near misses (a misspelling, a new spelling) do.
    """
    for actor in extraction.actors:
        if actor.actor is None or actor.score < 1.0:
            span = actor.spans[0] if actor.spans else None
            yield CandidateKind.ACTOR, actor.as_json(), span, actor.score, actor.actor
    for figure in extraction.figures:
        confidence = 0.8 if figure.metric else 0.5
        yield CandidateKind.OBSERVATION, figure.as_json(), figure.span, confidence, figure.matches
    for agreement in extraction.agreements:
        confidence = 0.8 if agreement.date is not None else 0.6
        yield (
            CandidateKind.AGREEMENT,
            agreement.as_json(),
            agreement.span,
            confidence,
            agreement.matches,
        )
    for event in extraction.events:
        yield CandidateKind.EVENT, event.as_json(), event.span, event.confidence, event.matches


def candidates_propose(
    *,
    article: Article,
    extraction: ArticleExtraction,
    relationships: dict[frozenset[str], int] | None = None,
    proposed: set[str] | None = None,
) -> dict[str, int]:
    """Save what `extraction` (read from `article.text`) proposes, each item once per article,
    with the relationship of the pair of countries it found (`relationships`: the ids by
    pair, read from the record when not given). `proposed` holds the fingerprints of what
    the article proposed before (read when not given; a new article has none). Returns how
    many of each kind were new.

    No checks in Python: every value is made here from extraction's typed output, and the
    database enforces the named constraints (kind, fingerprint, span, confidence), which
    Django would check with a query per row.
    """
    if relationships is None:
        relationships = _current_reading().relationships
    relationship_id = relationships.get(frozenset(extraction.countries))
    text = extraction.text
    if proposed is None:
        # No ordering: Candidate's default one would join the article table for nothing.
        earlier = Candidate.objects.filter(article=article).order_by()
        proposed = set(earlier.values_list("fingerprint", flat=True))
    now = timezone.now()
    rows = []
    counts: dict[str, int] = {}
    for kind, proposal, span, confidence, matched in _candidate_items(extraction):
        fingerprint = _fingerprint(kind, proposal)
        if fingerprint in proposed:
            continue  # said twice in the text, or proposed by an earlier ingestion
        proposed.add(fingerprint)
        start, end = span if span else (None, None)
        rows.append(
            {
                "created": now,
                "updated": now,
                "article_id": article.pk,
                "relationship_id": relationship_id,
                "kind": kind,
                "proposal": _PROPOSAL_FIELD.get_db_prep_save(proposal, connection),
                "fingerprint": fingerprint,
                "span_start": start,
                "span_end": end,
                "quote": text[start:end].strip() if span else "",
                "confidence": Decimal(f"{max(0.0, min(1.0, float(confidence))):.2f}"),
                f"matched_{kind}_id": matched,
            }
        )
        counts[kind] = counts.get(kind, 0) + 1
    _copy_candidates(rows)
    return counts


_PROPOSAL_FIELD = Candidate._meta.get_field("proposal")
_CANDIDATE_FIELDS = [field for field in Candidate._meta.concrete_fields if not field.primary_key]


def _copy_candidates(rows: list[dict[str, Any]]) -> None:
    """Insert candidates (attribute name -> database value; a field left out takes its
    default) with PostgreSQL's COPY.

    Not bulk_create: an article proposes a few dozen candidates, and Django's preparation
    of each field of each row cost three times the COPY (3.3 ms against 1.1 ms for an
    article of 36 candidates, measured on `make bench`'s ingestion articles); ingestion's
    throughput target is 20 ms an article, all told. The triggers and constraints of an
    insert hold for COPY too.
    """
    if not rows:
        return
    defaults = {field.attname: field.get_default() for field in _CANDIDATE_FIELDS}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in _CANDIDATE_FIELDS)
    table = connection.ops.quote_name(Candidate._meta.db_table)
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row.get(name, default) for name, default in defaults.items()])

"""Review of candidates: accept, merge into an existing item, or reject, recording who and when.

Accepting creates an ordinary Actor, Agreement, Observation or Event through the record
services (relations/services/records.py and reference.py), from the same Proposal a picked
sentence gives (relations/selectors/proposals.py). A candidate that extraction matched to an
item already in the record becomes a new citation of that item instead: one event, many
reports, so coverage volume does not inflate the temperature. Each decision locks the
candidate's row, so two curators cannot decide it twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from relations.models import (
    Actor,
    ActorAlias,
    Agreement,
    Candidate,
    Citation,
    Event,
    Normalized,
    Observation,
)
from relations.selectors.proposals import candidate_proposal
from relations.services import records, reference
from relations.services.rollup import temperature_recompute_on_commit

RECORD_MODELS: dict[str, type[models.Model]] = {
    "actor": Actor,
    "agreement": Agreement,
    "observation": Observation,
    "event": Event,
}
CREATE = {
    "actor": reference.actor_create,
    "agreement": records.agreement_create,
    "observation": records.observation_create,
    "event": records.event_create,
}


def _locked_pending(candidate: Candidate) -> Candidate:
    """The candidate's row, locked for this transaction; refused once decided."""
    locked = Candidate.objects.select_for_update().select_related("article").get(pk=candidate.pk)
    if locked.status != Candidate.Status.PENDING:
        raise ValidationError(
            f"This candidate was already reviewed ({locked.get_status_display().lower()})."
        )
    return locked


def _decide(
    candidate: Candidate,
    *,
    status: str,
    user,
    record: models.Model | None = None,
    citation: Citation | None = None,
    note: str = "",
) -> Candidate:
    candidate.status = status
    candidate.reviewed_by = user if getattr(user, "pk", None) is not None else None
    candidate.reviewed_at = timezone.now()
    candidate.review_note = note
    if record is not None:
        setattr(candidate, f"accepted_{candidate.kind}", record)
    candidate.citation = citation
    # The proposal is extraction's, unchanged by a decision (and may be an empty object).
    candidate.full_clean(exclude=["proposal"])
    candidate.save()
    return candidate


def _unique_slug(model: type[models.Model], slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`... where a row already has it."""
    base, number = slug[:190] or "item", 1
    candidate_slug = base
    while model.objects.filter(slug=candidate_slug).exists():
        number += 1
        candidate_slug = f"{base}-{number}"
    return candidate_slug


def _citation_data(citation: dict) -> dict:
    data = {name: citation[name] for name in ("article", "span_start", "span_end")}
    if citation["span_start"] is None:
        data["quote"] = citation.get("quote", "")
    return data


def _cite(record: models.Model, citation: dict) -> Citation:
    """A citation of `record` for the candidate's sentence; the existing one if already cited."""
    field = record._meta.model_name
    existing = Citation.objects.filter(
        **{field: record},
        article_id=citation["article"],
        span_start=citation["span_start"],
        span_end=citation["span_end"],
    ).first()
    if existing is not None:
        return existing
    row = Citation(
        **{field: record},
        article_id=citation["article"],
        span_start=citation["span_start"],
        span_end=citation["span_end"],
        quote=citation.get("quote", ""),
    )
    row.full_clean()
    row.save()
    # API clients mirroring the record sync on `updated`: the item's citations changed.
    type(record).objects.filter(pk=record.pk).update(updated=timezone.now())
    if isinstance(record, Event):
        temperature_recompute_on_commit([record.relationship_id])
    return row


def _add_spelling(actor: Actor, name: str) -> None:
    """Keep the spelling an article used as one of the actor's aliases, unless already known."""
    name = name.strip()[:200]
    if not name:
        return
    known = ActorAlias.objects.alias(key=Normalized("name")).filter(
        key=Normalized(models.Value(name))
    )
    if known.filter(actor=actor).exists():
        return
    if known.exists():
        raise ValidationError(f"The spelling “{name}” already names another actor.")
    alias = ActorAlias(actor=actor, name=name, note="As an article wrote it.")
    alias.full_clean()
    alias.save()


@transaction.atomic
def candidate_accept(*, candidate: Candidate, user, data: dict | None = None) -> Candidate:
    """Make the candidate an ordinary record, or a new citation of the item it matched.

    `data` (record-service fields) overrides what the candidate proposes; with `data`, a new
    record is created even where extraction matched an existing one.
    """
    candidate = _locked_pending(candidate)
    proposal = candidate_proposal(candidate)
    matched = candidate.matched
    if matched is not None and not data:
        return candidate_merge(candidate=candidate, into=matched, user=user)
    values = {**proposal.data, **(data or {})}
    if "slug" in values and "slug" not in (data or {}):
        values["slug"] = _unique_slug(RECORD_MODELS[candidate.kind], values["slug"])
    if candidate.kind == "actor":
        actor = CREATE["actor"](user=user, data=values)
        _add_spelling(actor, str(candidate.proposal.get("name", "")) or actor.name)
        return _decide(candidate, status=Candidate.Status.ACCEPTED, user=user, record=actor)
    values.setdefault("citations", [_citation_data(proposal.citation)])
    record = CREATE[candidate.kind](user=user, data=values)
    return candidate_accepted_as(candidate=candidate, record=record, user=user)


@transaction.atomic
def candidate_accepted_as(*, candidate: Candidate, record: models.Model, user) -> Candidate:
    """Record that a curator accepted the candidate as `record` (made by a service or a form)."""
    candidate = _locked_pending(candidate)
    if not isinstance(record, RECORD_MODELS[candidate.kind]):
        raise ValidationError(
            f"A {candidate.get_kind_display().lower()} candidate cannot become that."
        )
    citation = None
    if candidate.kind != "actor":
        citation = (
            Citation.objects.filter(
                **{candidate.kind: record},
                article_id=candidate.article_id,
            )
            .order_by("-id")
            .first()
        )
    return _decide(
        candidate, status=Candidate.Status.ACCEPTED, user=user, record=record, citation=citation
    )


@transaction.atomic
def candidate_merge(*, candidate: Candidate, into: models.Model, user) -> Candidate:
    """Count the candidate as one more report of `into`: a citation, or an actor's spelling."""
    candidate = _locked_pending(candidate)
    if not isinstance(into, RECORD_MODELS[candidate.kind]):
        raise ValidationError(
            f"A {candidate.get_kind_display().lower()} candidate merges only into an item of "
            "its kind."
        )
    if candidate.kind == "actor":
        proposal = candidate.proposal if isinstance(candidate.proposal, dict) else {}
        _add_spelling(into, str(proposal.get("name", "")))
        return _decide(candidate, status=Candidate.Status.MERGED, user=user, record=into)
    citation = _cite(into, candidate_proposal(candidate).citation)
    return _decide(
        candidate, status=Candidate.Status.MERGED, user=user, record=into, citation=citation
    )


@transaction.atomic
def candidate_reject(*, candidate: Candidate, user, reason: str) -> Candidate:
    """Turn the candidate down, saying why; nothing reaches the record."""
    candidate = _locked_pending(candidate)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"review_note": ["Say why the candidate is rejected."]})
    return _decide(candidate, status=Candidate.Status.REJECTED, user=user, note=reason)

"""Ingestion over the API: POST /api/articles queues a text, GET /api/jobs/{id} follows it.

`POST /api/articles` sits on the articles router (config/urls.py calls `mount`), beside the
list it adds to: `articles` knows nothing of the queue, so the operation lives here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from api.auth import token_with_permission
from api.errors import ErrorOut
from api.params import id_path
from api.schemas import InSchema, OutSchema, named_enum
from relations.models import Ingestion
from relations.services import ingestion as service
from relations.tasks import job_states

ADD_ARTICLE = "articles.add_article"
JobState = named_enum(
    "JobState",
    ("todo", "doing", "succeeded", "failed", "cancelled", "aborted"),
    "The queue's state of an ingestion job.",
)
IngestionOutcome = named_enum(
    "IngestionOutcome",
    Ingestion.Outcome.values,
    "What ingestion made of a text: a new article, attached to an existing one, a duplicate, "
    "rejected (bad input) or failed; queued until then.",
)

router = Router(tags=["ingestion"], auth=token_with_permission(ADD_ARTICLE))


class ArticleIngestIn(InSchema):
    text: str | None = Field(None, description="The article as plain text or Markdown.")
    html: str | None = Field(
        None, description="The article as a saved web page (boilerplate is removed)."
    )
    title: str | None = Field(None, max_length=500, description="The headline, if known.")
    url: str | None = Field(None, max_length=1000, description="Where it was published.")
    publisher: str | None = Field(None, max_length=200, description="Who published it.")
    published_on: datetime.date | None = Field(
        None, description="When it was published, if known (else read from the text)."
    )


class IngestQuery(Schema):
    dry_run: bool = Field(
        False, description="Only extract: answer with what would be proposed, write nothing."
    )


class JobOut(OutSchema):
    id: int = Field(description="The job's id (the address /api/jobs/{id}).")
    state: JobState = Field(description="The queue's state of the job.")
    attempts: int = Field(description="How many times it has run so far.")
    outcome: IngestionOutcome = Field(
        description="What ingestion made of it: a new article, attached to an existing one, "
        "a duplicate of a text already held, rejected (bad input) or failed; queued until then."
    )
    reason: str = Field(description="Why it was rejected or failed ('' otherwise).")
    article_id: int | None = Field(description="The article it produced or attached to.")
    candidates: dict[str, int] = Field(description="Candidates proposed for review, by kind.")
    origin: str = Field(description="Where the text came from.")
    created: datetime.datetime = Field(description="When it was submitted (UTC).")


def _job_out(ingestion: Ingestion, state: str | None) -> dict[str, Any]:
    if state is None:  # the queue forgot the job (deleted once done): the outcome tells
        state = "failed" if ingestion.outcome == Ingestion.Outcome.FAILED else "succeeded"
    return {
        "id": ingestion.job_id,
        "state": state,
        "attempts": ingestion.attempts,
        "outcome": ingestion.outcome,
        "reason": ingestion.reason,
        "article_id": ingestion.article_id,
        "candidates": ingestion.candidate_counts,
        "origin": ingestion.origin,
        "created": ingestion.created,
    }


def _refuse(rejection: service.Rejected) -> Exception:
    """413 for a body over INGEST_MAX_BYTES; else 422 naming the field, as services do."""
    if rejection.too_large:
        return HttpError(413, str(rejection))
    return ValidationError({rejection.field or "text": [str(rejection)]})


def article_ingest(
    request: HttpRequest,
    response: HttpResponse,
    payload: ArticleIngestIn,
    query: Query[IngestQuery],
):
    """Queue an article for ingestion (202 and the job), or with `dry_run=true` only extract."""
    metadata = payload.model_dump(exclude={"text", "html"}, exclude_none=True)
    if "published_on" in metadata:
        metadata["published_on"] = metadata["published_on"].isoformat()
    try:
        submission = service.read_payload(
            text=payload.text, html=payload.html, metadata=metadata, origin="api"
        )
        if query.dry_run:
            return Status(200, service.extract(submission).as_json())
    except service.Rejected as rejection:
        raise _refuse(rejection) from None
    ingestion = service.ingestion_queue(submission=submission, user=request.auth)
    response["Location"] = f"/api/jobs/{ingestion.job_id}"
    return Status(202, _job_out(ingestion, "todo"))


def mount(articles_router: Router) -> None:
    """Add `POST /api/articles` to the articles router."""
    articles_router.add_api_operation(
        "",
        ["POST"],
        article_ingest,
        auth=token_with_permission(ADD_ARTICLE),
        response={200: dict[str, Any], 202: JobOut, 413: ErrorOut},
        summary="Ingest an article",
        tags=["ingestion"],
    )


@router.get("/{job_id}", response=JobOut, summary="One ingestion job")
def job_detail(request: HttpRequest, job_id: int = id_path("job")):
    """The job's state, why it failed if it did, and what it produced."""
    ingestion = get_object_or_404(Ingestion, job_id=job_id)
    return _job_out(ingestion, job_states([job_id]).get(job_id))

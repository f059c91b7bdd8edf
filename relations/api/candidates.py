"""Candidates: extraction's proposals awaiting review, for review tools outside admin.

Curators only, with a token: a staff user's, or one holding relations.view_candidate.
Nothing here is public, and nothing pending reaches the record's own lists.
"""

from django.http import HttpRequest
from ninja import Query, Router

from api.auth import CuratorTokenAuth
from api.csv import CsvColumn, attribute_columns
from api.errors import ErrorOut
from api.lists import paged
from relations.schemas.candidates import CandidateFilters, CandidateOut, CandidatePage
from relations.selectors.candidates import candidate_list as select_candidates

VIEW_PERMISSION = "relations.view_candidate"
router = Router(tags=["candidates"], auth=CuratorTokenAuth(VIEW_PERMISSION))

CANDIDATE_COLUMNS = [
    *attribute_columns("id"),
    CsvColumn("article", lambda c: c.article_id),
    CsvColumn("article_title", lambda c: c.article.title),
    CsvColumn("relationship", lambda c: CandidateOut.resolve_relationship(c) or ""),
    *attribute_columns(
        "kind", "proposal", "span_start", "span_end", "quote", "confidence", "status"
    ),
    CsvColumn("matched", lambda c: CandidateOut.resolve_matched(c)),
    CsvColumn("reviewed_by", lambda c: CandidateOut.resolve_reviewed_by(c) or ""),
    *attribute_columns("reviewed_at", "review_note"),
    CsvColumn("accepted", lambda c: CandidateOut.resolve_accepted(c)),
    *attribute_columns("created", "updated"),
]


@router.get(
    "",
    response={200: CandidatePage, 401: ErrorOut, 403: ErrorOut},
    summary="List candidates",
)
@paged(CANDIDATE_COLUMNS, "candidates")
def candidate_list(request: HttpRequest, filters: Query[CandidateFilters]):
    """Candidates by article, in reading order; filter by article, kind, status, relationship."""
    return select_candidates(filters.get_filter_expression())

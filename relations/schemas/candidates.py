"""Candidates: what extraction proposed from an article, for review tools outside admin."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import Interval
from ninja import Field

from api.params import MAX_ID, ListFilters, filter_field
from api.schemas import named_enum, page_of
from relations.models import CandidateKind, CandidateStatus
from relations.schemas import common

ArticleId = Annotated[int, Interval(ge=1, le=MAX_ID)]
CandidateKindName = named_enum(
    "CandidateKind", CandidateKind.values, "What a candidate would become once accepted."
)
CandidateStatusName = named_enum(
    "CandidateStatus", CandidateStatus.values, "Where a candidate's review stands."
)


class CandidateFilters(ListFilters):
    article: filter_field(ArticleId, "article_id", "Id of the article it was read from.", 7) = None
    relationship: common.RelationshipFilter = None
    kind: filter_field(CandidateKindName, "kind", "What the candidate would become.", "event") = (
        None
    )
    status: filter_field(CandidateStatusName, "status", "Where its review stands.", "pending") = (
        None
    )


class CandidateOut(common.Timestamps):
    id: int = Field(description="The candidate's id.")
    article: int = Field(description="Id of the article it was read from.")
    article_title: str = Field(description="The article's title.")
    relationship: str | None = Field(description="Slug of the relationship found, if any.")
    kind: CandidateKindName = Field(
        description="actor, agreement, observation or event.", examples=["event"]
    )
    proposal: Any = Field(description="The item as extraction gave it (see `extract --json`).")
    span_start: int | None = Field(description="Character offset of its sentence.")
    span_end: int | None = Field(description="End of its sentence.")
    quote: str = Field(description="The sentence it was read from.")
    confidence: Decimal = Field(description="Extraction's confidence, 0 to 1.")
    matched: int | None = Field(description="Id of the existing item of its kind it matches.")
    status: CandidateStatusName = Field(description="pending, accepted, rejected or merged.")
    reviewed_by: str | None = Field(description="Username of the curator who decided it.")
    reviewed_at: datetime.datetime | None = Field(description="When it was decided.")
    review_note: str = Field(description="Why it was rejected, where it was.")
    accepted: int | None = Field(description="Id of the item it became or was merged into.")

    @staticmethod
    def resolve_article(obj) -> int:
        return obj.article_id

    @staticmethod
    def resolve_article_title(obj) -> str:
        return obj.article.title

    @staticmethod
    def resolve_relationship(obj) -> str | None:
        return obj.relationship.slug if obj.relationship_id else None

    @staticmethod
    def resolve_matched(obj) -> int | None:
        return getattr(obj, f"matched_{obj.kind}_id", None)

    @staticmethod
    def resolve_accepted(obj) -> int | None:
        return getattr(obj, f"accepted_{obj.kind}_id", None)

    @staticmethod
    def resolve_reviewed_by(obj) -> str | None:
        return obj.reviewed_by.get_username() if obj.reviewed_by_id else None


CandidatePage = page_of(CandidateOut, "CandidatePage")

"""The API's shapes for the evidence: article filters and articles."""

import datetime
from typing import Literal

from ninja import Field

from api.params import ListParams, SearchText, Slug
from api.schemas import OutSchema

ReviewStatus = Literal["pending", "approved", "rejected", "any"]


class ArticleFilters(ListParams):
    q: SearchText | None = Field(
        None,
        description="Full-text search (web-search syntax) over title, summary and stored text.",
        examples=["military base"],
    )
    published_from: datetime.date | None = Field(
        None, description="Published on or after this day.", examples=["2004-01-01"]
    )
    published_to: datetime.date | None = Field(
        None, description="Published on or before this day.", examples=["2017-12-31"]
    )
    source: Slug | None = Field(None, description="Slug of the publisher.", examples=["rferl"])
    review_status: ReviewStatus = Field(
        "approved",
        description=(
            "Curators' review: approved articles (the evidence the record cites) by default; "
            "pending, rejected, or any."
        ),
        examples=["any"],
    )


class SourceOut(OutSchema):
    slug: str = Field(description="The publisher's slug.", examples=["rferl"])
    name: str = Field(description="The publisher's name.", examples=["RFE/RL"])


class ArticleOut(OutSchema):
    id: int = Field(description="The article's id.")
    slug: str = Field(description="Stable slug.")
    title: str = Field(description="Headline.")
    source: SourceOut = Field(description="Who published it.")
    url: str = Field(description="Where it was published ('' when unknown).")
    published_on: datetime.date = Field(description="When (first day known).")
    published_on_precision: Literal["day", "month", "year"] = Field(
        description="How much of the date is known."
    )
    date_note: str = Field(description="How the date was established when the text omits it.")
    authors: list[str] = Field(description="Bylines.")
    place: str = Field(description="Where it was filed from.")
    summary: str = Field(description="What it reports, in the curators' words.")
    review_status: str = Field(description="pending, approved or rejected.")
    has_text: bool = Field(
        description="Whether the full text is stored (citations then quote their sentence)."
    )
    created: datetime.datetime = Field(description="When the row was added (UTC).")
    updated: datetime.datetime = Field(description="When the row last changed (UTC).")


class ArticlePage(OutSchema):
    count: int = Field(description="How many rows match the filters, across all pages.")
    items: list[ArticleOut] = Field(description="The rows of this page, in order.")

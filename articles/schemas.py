"""The API's shapes for the evidence: article filters and articles."""

import datetime

from django.db.models import Q
from ninja import Field

from api.params import ListFilters, SearchText, Slug, day_from, day_to, filter_field
from api.schemas import OutSchema, Precision, named_enum, page_of
from articles.models import Source
from articles.search import full_text

ReviewStatus = named_enum(
    "ReviewStatus",
    ("pending", "approved", "rejected"),
    "Where curators' review of an article stands.",
)
ReviewStatusFilter = named_enum(
    "ReviewStatusFilter", ("pending", "approved", "rejected", "any"), "Articles by review: or any."
)


def names_source(slug: str) -> bool:
    return Source.objects.filter(slug=slug).exists()


class ArticleFilters(ListFilters):
    naming_filters = {"source": names_source}

    q: SearchText | None = Field(
        None,
        description="Full-text search (web-search syntax) over title, summary and stored text.",
        examples=["military base"],
    )
    published_from: day_from("published_on", "Published", "2004-01-01") = None
    published_to: day_to("published_on", "Published", "2017-12-31") = None
    source: filter_field(Slug, "source__slug", "Slug of the publisher.", "rferl") = None
    review_status: ReviewStatusFilter = Field(
        "approved",
        description=(
            "Curators' review: approved articles (the evidence the record cites) by default; "
            "pending, rejected, or any."
        ),
        examples=["any"],
    )

    def filter_q(self, value: str) -> Q:
        return full_text(value)

    def filter_review_status(self, value: str) -> Q:
        return Q() if value == "any" else Q(review_status=value)


class SourceOut(OutSchema):
    slug: str = Field(description="The publisher's slug.", examples=["rferl"])
    name: str = Field(description="The publisher's name.", examples=["RFE/RL"])


class ArticleOut(OutSchema):
    id: int = Field(description="The article's id.")
    slug: str = Field(description="Stable slug.")
    title: str = Field(description="Headline.")
    source: SourceOut = Field(description="Who published it.")
    url: str = Field(description="Where it was published ('' when unknown).")
    published_on: datetime.date | None = Field(
        description="When (first day known); null when the text establishes no date."
    )
    published_on_precision: Precision | None = Field(
        description="How much of the date is known; null with a null date (the text "
        "establishes none)."
    )
    date_note: str = Field(description="How the date was established when the text omits it.")
    authors: list[str] = Field(description="Bylines.")
    place: str = Field(description="Where it was filed from.")
    summary: str = Field(description="What it reports, in the curators' words.")
    review_status: ReviewStatus = Field(description="pending, approved or rejected.")
    has_text: bool = Field(
        description="Whether the full text is stored (citations then quote their sentence)."
    )
    created: datetime.datetime = Field(description="When the row was added (UTC).")
    updated: datetime.datetime = Field(description="When the row last changed (UTC).")


ArticlePage = page_of(ArticleOut, "ArticlePage")

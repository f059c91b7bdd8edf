"""Agreements: filters, list items, details with lineage, and the write payload."""

import datetime

from django.db.models import Q
from ninja import Field

from api.params import Day, ListFilters, SearchText, Slug, day_from, day_to, filter_field
from api.schemas import InSchema, OutSchema, named_enum, page_of, patch_of, resolve_from
from articles.search import full_text
from relations.models import AgreementKind, AgreementStatus
from relations.schemas import common
from relations.schemas.citations import CitationList, CitationOut
from relations.selectors.records.agreements import (
    AGREEMENT_ORDERINGS,
    agreement_in_force_on,
    agreement_party,
)

AgreementStatusName = named_enum(
    "AgreementStatus", AgreementStatus.values, "An agreement's status."
)
AgreementKindName = named_enum("AgreementKind", AgreementKind.values, "Kind of agreement.")
AgreementOrdering = named_enum(
    "AgreementOrdering",
    (f"{sign}{name}" for name in AGREEMENT_ORDERINGS for sign in ("", "-")),
    "The order of an agreement list: a field, '-' before it for descending.",
)


class AgreementFilters(ListFilters):
    naming_filters = {"relationship": common.names_relationship, "party": common.names_actor}

    relationship: common.RelationshipFilter = None
    party: SearchText | None = Field(
        None,
        description=(
            "A party: an actor's id or slug, a country code (any actor of that country), or "
            "any alias of an actor, case and accents aside."
        ),
        examples=["Tajikistan"],
    )
    status: filter_field(AgreementStatusName, "status", "Current status.", "in_force") = None
    kind: filter_field(AgreementKindName, "kind", "Kind of agreement.", "agreement") = None
    in_force_on: Day | None = Field(
        None,
        description=(
            "Only agreements in force that day: not proposed, in force from `effective_on` "
            "(else from signature) on or before it, not expired (an expiry known only to the "
            "month or year runs to its end), and not superseded by an agreement in force then."
        ),
        examples=["2020-01-01"],
    )
    signed_from: day_from("signed_on", "Signed", "2004-01-01") = None
    signed_to: day_to("signed_on", "Signed", "2017-12-31") = None
    expires_from: day_from("expires_on", "Expiring", "2014-01-01") = None
    expires_to: day_to("expires_on", "Expiring", "2042-12-31") = None
    q: SearchText | None = Field(
        None,
        description="Full-text search (web-search syntax) over title, summary and provisions.",
        examples=["military base"],
    )
    ordering: AgreementOrdering = Field(
        "signed_on",
        description="Sort by signed_on, expires_on or title; '-' for descending. Ties by id.",
        examples=["-signed_on"],
    )

    def filter_party(self, value: str) -> Q:
        return agreement_party(value)

    def filter_in_force_on(self, value: datetime.date) -> Q:
        return agreement_in_force_on(value)

    def filter_q(self, value: str) -> Q:
        return full_text(value)

    def filter_ordering(self, value: str) -> Q:
        return Q()  # ordering sorts the list (agreement_list), it keeps every row


class AgreementRef(OutSchema):
    id: int = Field(description="The agreement's id.")
    slug: str = Field(description="Its slug.")
    title: str = Field(description="Its title.")
    signed_on: datetime.date | None = Field(description="When it was signed.")
    signed_on_precision: common.Precision | None = Field(
        description="How much of that date is known."
    )


class AgreementOut(common.Timestamps):
    id: int = Field(description="The agreement's id.", examples=[4])
    pending: bool = Field(
        False,
        description="Cites only articles awaiting review: shown to curators' tokens only.",
    )
    slug: str = Field(description="Stable slug.", examples=["military-base-2012"])
    title: str = Field(description="Title.")
    kind: AgreementKindName = Field(description="Kind of agreement.", examples=["agreement"])
    status: AgreementStatusName = Field(description="Current status.", examples=["in_force"])
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    parties: list[common.ActorRef] = Field(description="The parties, by name.")
    signed_on: datetime.date | None = Field(description="When it was signed (first day known).")
    signed_on_precision: common.Precision | None = Field(
        description="How much of that date is known."
    )
    effective_on: datetime.date | None = Field(description="When it entered into force.")
    effective_on_precision: common.Precision | None = Field(
        description="How much of that date is known."
    )
    expires_on: datetime.date | None = Field(description="When it expires or expired.")
    expires_on_precision: common.Precision | None = Field(
        description="How much of that date is known."
    )
    extends_id: int | None = Field(description="The earlier agreement whose term it prolongs.")
    supersedes_id: int | None = Field(description="The earlier agreement it replaces.")
    summary: str = Field(description="What it does, in the curators' words.")
    provisions: list[str] = Field(description="Its main provisions, one per item.")
    citations: list[CitationOut] = Field(description="The articles it rests on.")

    resolve_relationship = resolve_from("relationship.slug")


class AgreementDetailOut(AgreementOut):
    extends: AgreementRef | None = Field(description="The agreement this one prolongs.")
    extensions: list[AgreementRef] = Field(description="Later agreements prolonging this one.")
    supersedes: AgreementRef | None = Field(description="The agreement this one replaces.")
    superseded_by: list[AgreementRef] = Field(description="Later agreements replacing this one.")


AgreementPage = page_of(AgreementOut, "AgreementPage")


class AgreementIn(InSchema):
    relationship: common.IdOrSlug = Field(
        description="The relationship's id or slug.", examples=["ru-tj"]
    )
    title: common.text_up_to(300) = Field(description="Title.")
    slug: Slug = Field(description="A unique slug.", examples=["border-protocol-2016"])
    kind: AgreementKindName = Field(description="Kind of agreement.")
    status: AgreementStatusName = Field(description="Current status.")
    parties: list[common.IdOrSlug] = Field(
        [], max_length=common.MAX_LIST_ITEMS, description="Actor ids or slugs."
    )
    signed_on: datetime.date | None = Field(None, description="First day of the signature date.")
    signed_on_precision: common.Precision = common.precision_field("signed_on")
    effective_on: datetime.date | None = Field(None, description="Entry into force.")
    effective_on_precision: common.Precision = common.precision_field("effective_on")
    expires_on: datetime.date | None = Field(None, description="Expiry.")
    expires_on_precision: common.Precision = common.precision_field("expires_on")
    extends: common.IdOrSlug | None = Field(
        None, description="Id or slug of the agreement it prolongs."
    )
    supersedes: common.IdOrSlug | None = Field(
        None, description="Id or slug of the one it replaces."
    )
    summary: common.text_up_to(20_000) = Field("", description="What it does, in your words.")
    provisions: list[common.text_up_to(5_000)] = Field(
        [], max_length=common.MAX_LIST_ITEMS, description="Its main provisions."
    )
    citations: CitationList = Field(
        description="The articles it rests on (at least one); replaces all on update.",
    )


AgreementPatch = patch_of(AgreementIn)

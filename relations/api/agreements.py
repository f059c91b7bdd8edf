"""Agreements: list with filters, detail with lineage and citations, create and change."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from api.auth import read_auth, token_with_permission
from api.csv import CsvColumn, attribute_columns, dated_columns
from api.lists import paged
from api.params import id_path
from relations.api.columns import CITATION_COLUMNS, TIMESTAMP_COLUMNS, actor_names
from relations.api.review import sees_pending
from relations.models import Agreement
from relations.schemas.agreements import (
    AgreementDetailOut,
    AgreementFilters,
    AgreementIn,
    AgreementPage,
    AgreementPatch,
)
from relations.selectors.records import agreements as agreement_selectors
from relations.services import records as services

router = Router(tags=["agreements"], auth=read_auth)

AGREEMENT_COLUMNS = [
    *attribute_columns("id", "slug", "title", "kind", "status"),
    CsvColumn("relationship", lambda a: a.relationship.slug),
    CsvColumn("parties", lambda a: actor_names(a.parties.all())),
    CsvColumn("party_ids", lambda a: [actor.pk for actor in a.parties.all()]),
    *dated_columns("signed_on"),
    *dated_columns("effective_on"),
    *dated_columns("expires_on"),
    *attribute_columns("extends_id", "supersedes_id", "summary", "provisions"),
    *CITATION_COLUMNS,
    *TIMESTAMP_COLUMNS,
]


@router.get("", response=AgreementPage, summary="List agreements")
@paged(AGREEMENT_COLUMNS, "agreements")
def agreement_list(request: HttpRequest, filters: Query[AgreementFilters]):
    """Agreements matching every filter given, with their parties and citations."""
    return agreement_selectors.agreement_list(
        filters.get_filter_expression(), ordering=filters.ordering, curator=sees_pending(request)
    )


def _agreement(agreement_id: int, *, curator: bool = True):
    agreements = agreement_selectors.agreement_detail_queryset(curator=curator)
    return get_object_or_404(agreements, pk=agreement_id)


@router.get("/{agreement_id}", response=AgreementDetailOut, summary="One agreement")
def agreement_detail(request: HttpRequest, agreement_id: int = id_path("agreement")):
    """Every date with its precision, provisions, lineage both ways and citations."""
    return _agreement(agreement_id, curator=sees_pending(request))


@router.post(
    "",
    response={201: AgreementDetailOut},
    auth=token_with_permission("relations.add_agreement"),
    summary="Add an agreement",
)
def agreement_create(request: HttpRequest, payload: AgreementIn):
    """Needs a token whose user holds relations.add_agreement; at least one citation."""
    agreement = services.agreement_create(
        user=request.auth, data=payload.model_dump(exclude_unset=True)
    )
    return Status(201, _agreement(agreement.pk))


@router.patch(
    "/{agreement_id}",
    response=AgreementDetailOut,
    auth=token_with_permission("relations.change_agreement"),
    summary="Change an agreement",
)
def agreement_update(
    request: HttpRequest,
    payload: AgreementPatch,
    agreement_id: int = id_path("agreement"),
):
    """Only the fields sent change; `parties` and `citations`, when sent, are replaced."""
    agreement = get_object_or_404(Agreement, pk=agreement_id)
    services.agreement_update(
        user=request.auth, agreement=agreement, data=payload.model_dump(exclude_unset=True)
    )
    return _agreement(agreement_id)

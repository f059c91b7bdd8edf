"""Reads of agreements: filters (parties by any name, in force on a day, full text), orderings,
and the lineage both ways."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from articles.dates import truncate
from articles.models import DatePrecision
from articles.search import search_query
from relations.models import Agreement, AgreementStatus
from relations.selectors.records.common import (
    actors_prefetch,
    citations_prefetch,
    filter_given,
    links_actor_named,
)

AGREEMENT_ORDERINGS = ("signed_on", "expires_on", "title")


def _expired_by(day: datetime.date) -> Q:
    """Rows whose expiry, read at its precision, fell before `day`.

    A stored date is the first day of what the source said: 'expires in 2042' runs to the
    end of 2042, so it is compared with the first day of `day`'s year.
    """
    return (
        Q(expires_on_precision=DatePrecision.DAY, expires_on__lt=day)
        | Q(expires_on_precision=DatePrecision.MONTH, expires_on__lt=truncate(day, "month"))
        | Q(expires_on_precision=DatePrecision.YEAR, expires_on__lt=truncate(day, "year"))
    )


def _in_force_on(day: datetime.date) -> Q:
    """Not proposed, started (in force from `effective_on`, else from signature), not expired."""
    started = Q(effective_on__isnull=False, effective_on__lte=day) | Q(
        effective_on__isnull=True, signed_on__isnull=False, signed_on__lte=day
    )
    return (
        started
        & ~Q(status=AgreementStatus.PROPOSED)
        & (Q(expires_on__isnull=True) | ~_expired_by(day))
    )


def agreement_queryset() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("relationship").prefetch_related(
        actors_prefetch("parties"), citations_prefetch()
    )


def agreement_list(
    *,
    relationship: str | None = None,
    party: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    in_force_on: datetime.date | None = None,
    signed_from: datetime.date | None = None,
    signed_to: datetime.date | None = None,
    expires_from: datetime.date | None = None,
    expires_to: datetime.date | None = None,
    q: str | None = None,
    updated_since: datetime.datetime | None = None,
    ordering: str = "signed_on",
) -> QuerySet[Agreement]:
    """Agreements matching every filter given, in `ordering` (a field, '-' for descending)."""
    agreements = filter_given(
        agreement_queryset(),
        relationship__slug=relationship,
        status=status,
        kind=kind,
        signed_on__gte=signed_from,
        signed_on__lte=signed_to,
        expires_on__gte=expires_from,
        expires_on__lte=expires_to,
        updated__gte=updated_since,
    )
    if party is not None:
        agreements = agreements.filter(
            links_actor_named(Agreement.parties.through, "agreement_id", party)
        )
    if in_force_on is not None:
        superseder_in_force = Agreement.objects.filter(
            _in_force_on(in_force_on), supersedes=OuterRef("pk")
        )
        agreements = agreements.filter(_in_force_on(in_force_on)).exclude(
            Exists(superseder_in_force)
        )
    if q:
        agreements = agreements.filter(search_document=search_query(q))
    return agreements.order_by(*_ordering(ordering, AGREEMENT_ORDERINGS))


def _ordering(ordering: str, allowed: tuple[str, ...]) -> list:
    descending = ordering.startswith("-")
    name = ordering.removeprefix("-")
    if name not in allowed:
        raise ValueError(f"unknown ordering {ordering!r}")
    field = F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
    return [field, "id"]


def agreement_detail_queryset() -> QuerySet[Agreement]:
    """Agreements with their lineage both ways: what they extend or supersede, and the reverse."""
    lineage = Agreement.objects.only(
        "id",
        "slug",
        "title",
        "kind",
        "status",
        "signed_on",
        "signed_on_precision",
        "expires_on",
        "expires_on_precision",
        "extends_id",
        "supersedes_id",
    ).order_by(F("signed_on").asc(nulls_last=True), "id")
    return (
        agreement_queryset()
        .select_related("extends", "supersedes")
        .prefetch_related(
            Prefetch("extensions", queryset=lineage),
            Prefetch("superseded_by", queryset=lineage),
        )
    )

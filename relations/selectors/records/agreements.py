"""Reads of agreements: filters (parties by any name, in force on a day, full text), orderings,
and the lineage both ways."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from articles.dates import truncate
from articles.models import DatePrecision
from relations.models import Agreement, AgreementStatus
from relations.selectors.records.common import (
    actors_prefetch,
    citations_prefetch,
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


def agreement_queryset(*, curator: bool = False) -> QuerySet[Agreement]:
    """Public agreements, or for curators every one marked `pending` where it awaits review."""
    return (
        Agreement.objects.for_audience(curator=curator)
        .select_related("relationship")
        .prefetch_related(actors_prefetch("parties"), citations_prefetch(curator=curator))
    )


def agreement_party(value: str) -> Q:
    """Agreements with a party `value` names (see actors_matching)."""
    return Q(links_actor_named(Agreement.parties.through, "agreement_id", value))


def agreement_in_force_on(day: datetime.date) -> Q:
    """Agreements in force on `day` and not superseded by one in force then."""
    superseder_in_force = Agreement.objects.filter(_in_force_on(day), supersedes=OuterRef("pk"))
    return _in_force_on(day) & ~Q(Exists(superseder_in_force))


def agreement_list(
    *where: Q, ordering: str = "signed_on", curator: bool = False
) -> QuerySet[Agreement]:
    """Agreements matching every condition in `where`, in `ordering` ('-' for descending)."""
    agreements = agreement_queryset(curator=curator).filter(*where)
    return agreements.order_by(*_ordering(ordering, AGREEMENT_ORDERINGS))


def _ordering(ordering: str, allowed: tuple[str, ...]) -> list:
    descending = ordering.startswith("-")
    name = ordering.removeprefix("-")
    if name not in allowed:
        raise ValueError(f"unknown ordering {ordering!r}")
    field = F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
    return [field, "id"]


def agreement_detail_queryset(*, curator: bool = False) -> QuerySet[Agreement]:
    """Agreements with their lineage both ways: what they extend or supersede, and the reverse."""
    lineage = (
        Agreement.objects.for_audience(curator=curator)
        .only(
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
        )
        .order_by(F("signed_on").asc(nulls_last=True), "id")
    )
    return (
        agreement_queryset(curator=curator)
        .select_related("extends", "supersedes")
        .prefetch_related(
            Prefetch("extensions", queryset=lineage),
            Prefetch("superseded_by", queryset=lineage),
        )
    )

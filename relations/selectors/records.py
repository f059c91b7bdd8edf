"""Reads of the record for the API: filtered querysets with every related row fetched in bulk.

Each `<entity>_list` returns a queryset in a stable order (ties broken by id) whose related
rows come from a fixed number of queries however many rows a page holds.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import Exact

from articles.dates import DatePrecision, truncate
from relations.models import (
    Actor,
    ActorAlias,
    ActorRole,
    Agreement,
    AgreementStatus,
    Citation,
    Event,
    Metric,
    Normalized,
    Observation,
    Relationship,
)
from relations.selectors.actors import actor_alias_filter

SEARCH_CONFIG = "english"

AGREEMENT_ORDERINGS = ("signed_on", "expires_on", "title")


# --- Shared pieces --------------------------------------------------------------------------


def citation_queryset() -> QuerySet[Citation]:
    """Citations with their article and source, and the quoted sentence where it is known.

    The quote is the stored one, else the span cut from the article's stored text, in SQL:
    the full texts themselves never leave the database.
    """
    span = Substr(
        "article__text",
        F("span_start") + 1,
        F("span_end") - F("span_start"),
        output_field=TextField(),
    )
    return (
        Citation.objects.select_related("article__source")
        # Only what a citation shows: never the article's full text or summary.
        .only(
            "id",
            "agreement_id",
            "observation_id",
            "event_id",
            "span_start",
            "span_end",
            "quote",
            "note",
            "article__id",
            "article__slug",
            "article__title",
            "article__url",
            "article__published_on",
            "article__published_on_precision",
            "article__source__id",
            "article__source__name",
        )
        .annotate(
            quoted=Case(
                When(~Q(quote=""), then=F("quote")),
                When(span_start__isnull=False, then=span),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .order_by("article__published_on", "id")
    )


def _citations() -> Prefetch:
    return Prefetch("citations", queryset=citation_queryset())


def _actors(lookup: str) -> Prefetch:
    return Prefetch(
        lookup, queryset=Actor.objects.only("id", "slug", "name", "kind").order_by("name", "id")
    )


def _search_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


class _ArrayToString(Func):
    function = "array_to_string"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = TextField()


def actors_matching(value: str) -> QuerySet[Actor]:
    """Actors named by `value`: an id, a slug, a country code (its actors), or any alias.

    Aliases and names compare case- and accent-insensitively (the `Normalized` SQL function
    that also keys ActorAlias), so 'Rahmonov', 'emomali' and 'Rahmon' find the same person.
    """
    value = value.strip()
    normalized = Normalized(Value(value))
    condition = Q(slug=value) | Q(Exact(Normalized("name"), normalized))
    # On the expression, not the generated column: the unique index on it serves the lookup.
    aliases = ActorAlias.objects.alias(key=Normalized("name")).filter(
        actor=OuterRef("pk"), key=normalized
    )
    condition |= Q(Exists(aliases))
    if value.isdigit() and len(value) < 19:
        condition |= Q(pk=int(value))
    if len(value) == 2 and value.isalpha():
        condition |= Q(country__code=value.upper())
    return Actor.objects.filter(condition)


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


# --- Agreements -----------------------------------------------------------------------------


def agreement_queryset() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("relationship").prefetch_related(
        _actors("parties"), _citations()
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
    agreements = agreement_queryset()
    if relationship is not None:
        agreements = agreements.filter(relationship__slug=relationship)
    if party is not None:
        agreements = agreements.filter(
            Exists(
                Agreement.parties.through.objects.filter(
                    agreement_id=OuterRef("pk"), actor__in=actors_matching(party)
                )
            )
        )
    if status is not None:
        agreements = agreements.filter(status=status)
    if kind is not None:
        agreements = agreements.filter(kind=kind)
    if in_force_on is not None:
        superseder_in_force = Agreement.objects.filter(
            _in_force_on(in_force_on), supersedes=OuterRef("pk")
        )
        agreements = agreements.filter(_in_force_on(in_force_on)).exclude(
            Exists(superseder_in_force)
        )
    if signed_from is not None:
        agreements = agreements.filter(signed_on__gte=signed_from)
    if signed_to is not None:
        agreements = agreements.filter(signed_on__lte=signed_to)
    if expires_from is not None:
        agreements = agreements.filter(expires_on__gte=expires_from)
    if expires_to is not None:
        agreements = agreements.filter(expires_on__lte=expires_to)
    if q:
        vector = (
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector(_ArrayToString("provisions"), weight="C", config=SEARCH_CONFIG)
        )
        agreements = agreements.alias(search=vector).filter(search=_search_query(q))
    if updated_since is not None:
        agreements = agreements.filter(updated__gte=updated_since)
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


# --- Relationships --------------------------------------------------------------------------


def relationship_list(
    *, country: str | None = None, updated_since: datetime.datetime | None = None
) -> QuerySet[Relationship]:
    """Relationships, by name; `country` (an ISO code) keeps those it is a side of."""
    relationships = Relationship.objects.select_related("country_a", "country_b")
    if country is not None:
        code = country.upper()
        relationships = relationships.filter(Q(country_a__code=code) | Q(country_b__code=code))
    if updated_since is not None:
        relationships = relationships.filter(updated__gte=updated_since)
    return relationships.order_by("name", "id")


def _count_per_relationship(model) -> Coalesce:
    rows = (
        model.objects.filter(relationship=OuterRef("pk"))
        .order_by()
        .values("relationship")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def relationship_detail_queryset() -> QuerySet[Relationship]:
    """Relationships with how many agreements, events and observations each holds."""
    return Relationship.objects.select_related("country_a", "country_b").annotate(
        agreement_count=_count_per_relationship(Agreement),
        event_count=_count_per_relationship(Event),
        observation_count=_count_per_relationship(Observation),
    )


# --- Actors ---------------------------------------------------------------------------------


def actor_queryset() -> QuerySet[Actor]:
    return Actor.objects.select_related("country").prefetch_related(
        Prefetch("aliases", queryset=ActorAlias.objects.order_by("name", "id")),
        Prefetch(
            "roles",
            queryset=ActorRole.objects.select_related("country").order_by(
                F("started_on").asc(nulls_first=True), "id"
            ),
        ),
    )


def actor_list(
    *,
    q: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Actor]:
    """Actors by name. `q` matches part of the name or of any alias (or a near spelling),
    case and accents aside."""
    actors = actor_queryset()
    if q:
        actors = actor_alias_filter(actors, q)
    if kind is not None:
        actors = actors.filter(kind=kind)
    if country is not None:
        actors = actors.filter(country__code=country.upper())
    if updated_since is not None:
        actors = actors.filter(updated__gte=updated_since)
    return actors.order_by("name", "id")


# --- Events ---------------------------------------------------------------------------------


def event_queryset() -> QuerySet[Event]:
    return (
        Event.objects.select_related("relationship", "category")
        .annotate(effective_score=Coalesce("score_override", "category__default_score"))
        .prefetch_related(_actors("actors"), _citations())
    )


def event_list(
    *,
    relationship: str | None = None,
    occurred_from: datetime.date | None = None,
    occurred_to: datetime.date | None = None,
    category: str | None = None,
    score_min: Decimal | float | None = None,
    score_max: Decimal | float | None = None,
    actor: str | None = None,
    q: str | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """Events in date order. `category` also matches the sub-codes of a root code (05: 057)."""
    events = event_queryset()
    if relationship is not None:
        events = events.filter(relationship__slug=relationship)
    if occurred_from is not None:
        events = events.filter(occurred_on__gte=occurred_from)
    if occurred_to is not None:
        events = events.filter(occurred_on__lte=occurred_to)
    if category is not None:
        events = events.filter(Q(category__code=category) | Q(category__parent__code=category))
    if score_min is not None:
        events = events.filter(effective_score__gte=score_min)
    if score_max is not None:
        events = events.filter(effective_score__lte=score_max)
    if actor is not None:
        events = events.filter(
            Exists(
                Event.actors.through.objects.filter(
                    event_id=OuterRef("pk"), actor__in=actors_matching(actor)
                )
            )
        )
    if q:
        vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "summary", weight="B", config=SEARCH_CONFIG
        )
        events = events.alias(search=vector).filter(search=_search_query(q))
    if updated_since is not None:
        events = events.filter(updated__gte=updated_since)
    return events.order_by("occurred_on", "id")


# --- Metrics and observations ---------------------------------------------------------------


def metric_list(
    *, q: str | None = None, updated_since: datetime.datetime | None = None
) -> QuerySet[Metric]:
    """Metrics by name, each with how many observations it holds."""
    metrics = Metric.objects.annotate(observation_count=Count("observations"))
    if q:
        metrics = metrics.filter(Q(name__icontains=q) | Q(slug__icontains=q))
    if updated_since is not None:
        metrics = metrics.filter(updated__gte=updated_since)
    return metrics.order_by("name", "id")


def observation_queryset() -> QuerySet[Observation]:
    return Observation.objects.select_related(
        "metric", "relationship", "claimed_by"
    ).prefetch_related(_citations())


def observation_list(
    *,
    metric: str | None = None,
    relationship: str | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Observation]:
    """Observations by metric, then period."""
    observations = observation_queryset()
    if metric is not None:
        observations = observations.filter(metric__slug=metric)
    if relationship is not None:
        observations = observations.filter(relationship__slug=relationship)
    if period_from is not None:
        observations = observations.filter(period_start__gte=period_from)
    if period_to is not None:
        observations = observations.filter(period_start__lte=period_to)
    if updated_since is not None:
        observations = observations.filter(updated__gte=updated_since)
    return observations.order_by("metric__name", "period_start", "id")

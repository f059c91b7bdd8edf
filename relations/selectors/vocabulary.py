"""The record's vocabulary for extraction, read in a fixed number of queries.

`articles.extraction` never imports `relations`: this selector turns the alias dictionary,
the countries, the metrics and the category table (with their admin-edited cues) and the
items already recorded into the plain frozen `Vocabulary` extraction takes.
"""

from __future__ import annotations

from articles.extraction.countries import country_words
from articles.extraction.vocabulary import (
    Alias,
    Category,
    KnownAgreement,
    KnownEvent,
    KnownObservation,
    Vocabulary,
)
from articles.extraction.vocabulary import (
    Country as CountryWords,
)
from articles.extraction.vocabulary import (
    Metric as MetricWords,
)
from relations.models import (
    Actor,
    ActorAlias,
    Agreement,
    Country,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
)

_METRIC_NAME_STOPWORDS = {"of", "the", "in", "to", "a", "an", "and", "for", "as", "by", "each"}


def extraction_vocabulary() -> Vocabulary:
    """Everything extraction matches against: nine queries, whatever the record's size."""
    actors = {
        actor.pk: actor
        for actor in Actor.objects.select_related("country").only(
            "pk", "name", "kind", "country__code"
        )
    }
    aliases = []
    for actor in actors.values():
        aliases.append(_alias(actor.name, actor))
    for alias in ActorAlias.objects.only("name", "actor_id"):
        actor = actors.get(alias.actor_id)
        if actor is not None:
            aliases.append(_alias(alias.name, actor))
    countries = []
    for country in Country.objects.only("code", "name"):
        adjectives, demonyms, capitals = country_words(country.name)
        countries.append(
            CountryWords(
                code=country.code,
                name=country.name,
                adjectives=adjectives,
                demonyms=demonyms,
                capitals=capitals,
            )
        )
    metrics = tuple(
        MetricWords(
            slug=metric.slug,
            name=metric.name,
            unit=metric.unit,
            cues=tuple(metric.cues or _name_cues(metric.name)),
        )
        for metric in Metric.objects.only("slug", "name", "unit", "cues")
    )
    categories = tuple(
        Category(
            code=category.code,
            name=category.name,
            score=float(category.default_score),
            cues=tuple(category.cues),
            parent=category.parent.code if category.parent_id else None,
        )
        for category in EventCategory.objects.select_related("parent")
    )
    relationships = tuple(
        (relationship.country_a.code, relationship.country_b.code)
        for relationship in Relationship.objects.select_related("country_a", "country_b")
    )
    agreements = tuple(
        KnownAgreement(
            id=agreement.pk,
            title=agreement.title,
            parties=tuple(
                sorted({party.country.code for party in agreement.parties.all() if party.country})
            ),
            signed_on=agreement.signed_on,
            expires_on=agreement.expires_on,
            kind=agreement.kind,
            extends=agreement.extends_id,
        )
        for agreement in Agreement.objects.prefetch_related("parties__country")
    )
    events = tuple(
        KnownEvent(
            id=event.pk,
            date=event.occurred_on,
            precision=event.occurred_on_precision,
            category=event.category.code,
            initiator=event.initiator.code if event.initiator_id else None,
            target=event.target.code if event.target_id else None,
            mutual=event.mutual,
        )
        for event in Event.objects.select_related("category", "initiator", "target")
    )
    observations = tuple(
        KnownObservation(
            id=observation.pk,
            metric=observation.metric.slug,
            value=float(observation.value),
            unit=observation.unit,
            period=observation.period_start,
            precision=observation.period_precision,
        )
        for observation in Observation.objects.select_related("metric")
    )
    return Vocabulary(
        aliases=tuple(aliases),
        countries=tuple(countries),
        metrics=metrics,
        categories=categories,
        relationships=relationships,
        agreements=agreements,
        events=events,
        observations=observations,
    )


def relationship_ids() -> dict[frozenset[str], int]:
    """Each followed pair of countries (ISO codes, either order) -> its relationship's id."""
    pairs = Relationship.objects.order_by("-id").values_list(
        "id", "country_a__code", "country_b__code"
    )
    return {frozenset(codes): pk for pk, *codes in pairs}  # the oldest wins a tie


def relationship_between(countries: tuple[str, ...]) -> Relationship | None:
    """The relationship of the two countries extraction found an article to be about."""
    pk = relationship_ids().get(frozenset(countries)) if len(countries) == 2 else None
    return Relationship.objects.filter(pk=pk).first() if pk is not None else None


def _alias(name: str, actor: Actor) -> Alias:
    return Alias(
        alias=name,
        actor=actor.pk,
        canonical=actor.name,
        kind=actor.kind,
        country=actor.country.code if actor.country_id else None,
    )


def _name_cues(name: str) -> tuple[str, ...]:
    """Where curators gave no cues, the words of the metric's name stand in."""
    words = [word.strip("'’s(),").lower() for word in name.split()]
    return tuple(word for word in words if len(word) > 3 and word not in _METRIC_NAME_STOPWORDS)

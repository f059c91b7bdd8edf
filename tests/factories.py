"""factory_boy factories for every model: tests build only what they need."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import Article
from relations.models import Actor, Agreement


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = "articles.Source"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Publisher {n}")
    slug = factory.Sequence(lambda n: f"publisher-{n}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = "articles.Article"

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://news.example/{n}")
    published_on = datetime.date(2012, 4, 17)
    summary = "What the article reports, in our words."
    review_status = Article.ReviewStatus.APPROVED


def _country_code(n: int) -> str:
    """Two letters from a number, starting at QA so as not to meet the real codes tests use."""
    n += 16 * 26
    return f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Country"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: _country_code(300 + n))
    name = factory.LazyAttribute(lambda country: f"Country {country.code}")


class RelationshipFactory(DjangoModelFactory):
    """Each relationship gets its own pair of countries (one relationship per pair)."""

    class Meta:
        model = "relations.Relationship"

    slug = factory.Sequence(lambda n: f"pair-{n}")
    name = factory.Sequence(lambda n: f"Pair {n}")
    country_a = factory.SubFactory(
        CountryFactory, code=factory.Sequence(lambda n: _country_code(2 * n))
    )
    country_b = factory.SubFactory(
        CountryFactory, code=factory.Sequence(lambda n: _country_code(2 * n + 1))
    )


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Actor"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.PERSON

    @factory.post_generation
    def aliases(actor, create, names, **kwargs):
        """`aliases=[...]`: one alias for each spelling, in that order."""
        for name in names or ():
            ActorAliasFactory(actor=actor, name=name)


class ActorAliasFactory(DjangoModelFactory):
    class Meta:
        model = "relations.ActorAlias"

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class ActorRoleFactory(DjangoModelFactory):
    class Meta:
        model = "relations.ActorRole"

    actor = factory.SubFactory(ActorFactory)
    title = "Minister"
    started_on = datetime.date(2004, 1, 1)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Agreement"

    relationship = factory.SubFactory(RelationshipFactory)
    title = factory.Sequence(lambda n: f"Agreement {n}")
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    kind = Agreement.Kind.AGREEMENT
    status = Agreement.Status.IN_FORCE
    signed_on = datetime.date(2004, 6, 4)


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Metric"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"metric-{n}")
    name = factory.Sequence(lambda n: f"Metric {n}")
    unit = "USD"


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Observation"

    metric = factory.SubFactory(MetricFactory)
    relationship = factory.SubFactory(RelationshipFactory)
    value = Decimal("300000000")
    unit = "USD"
    period_start = datetime.date(2004, 1, 1)
    period_precision = "year"


class EventCategoryFactory(DjangoModelFactory):
    class Meta:
        model = "relations.EventCategory"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:03d}")
    name = factory.Sequence(lambda n: f"Category {n}")
    default_score = Decimal("3.0")
    codebook_version = "test"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Event"

    relationship = factory.SubFactory(RelationshipFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    occurred_on = datetime.date(2004, 6, 4)
    category = factory.SubFactory(EventCategoryFactory)


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = "relations.Citation"

    article = factory.SubFactory(ArticleFactory)


class TemperaturePointFactory(DjangoModelFactory):
    class Meta:
        model = "relations.TemperaturePoint"

    relationship = factory.SubFactory(RelationshipFactory)
    month = datetime.date(2004, 1, 1)
    value = 50.0
    low = factory.LazyAttribute(lambda point: point.value - 5)
    high = factory.LazyAttribute(lambda point: point.value + 5)
    event_count = 0
    computed_at = factory.LazyFunction(timezone.now)


class TurningPointFactory(DjangoModelFactory):
    class Meta:
        model = "relations.TurningPoint"

    relationship = factory.SubFactory(RelationshipFactory)
    month = datetime.date(2004, 6, 1)
    previous_value = 50.0
    value = 60.0
    pushed = 10.0
    fading = 0.0
    computed_at = factory.LazyFunction(timezone.now)

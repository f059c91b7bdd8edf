"""Every admin page renders for a superuser, lists stay cheap, search finds other spellings."""

from __future__ import annotations

import datetime
import itertools
import string

import pytest
from django.contrib import admin
from django.core.management import get_commands
from django.urls import reverse
from django.utils import timezone

from api.models import Deletion
from api.record_version import record_version
from relations.models import (
    Candidate,
    Country,
    EventCategory,
    Ingestion,
    Relationship,
    TemperaturePoint,
    TemperatureRecomputeFailure,
    TurningPoint,
)
from relations.services import rollup
from relations.services.tallies import relationship_tallies_refresh
from tests import factories
from tests.relations.admin.conftest import (
    ARTICLE_TEXT,
)

# Every model curators see here, with whether it is read-only (rows written by services).
ADMINS = [
    ("articles", "source", False),
    ("articles", "article", False),
    ("relations", "country", False),
    ("relations", "relationship", False),
    ("relations", "actor", False),
    ("relations", "actoralias", False),
    ("relations", "actorrole", False),
    ("relations", "agreement", False),
    ("relations", "metric", False),
    ("relations", "observation", False),
    ("relations", "eventcategory", False),
    ("relations", "event", False),
    ("relations", "citation", False),
    ("relations", "temperaturepoint", True),
    ("relations", "temperaturerecomputefailure", True),
    ("relations", "relationshiptally", True),
    ("api", "deletion", True),
    # Candidates come from ingestion and are decided on their review page, not edited.
    ("relations", "candidate", True),
    ("relations", "turningpoint", True),
    # Each submitted text and what ingestion made of it.
    ("relations", "ingestion", True),
]
# The history of every tracked table and link (api/audit.py), read-only.
ADMINS += [(app, f"{name}history", True) for app, name, read_only in ADMINS if not read_only]
ADMINS += [("relations", "agreementpartyhistory", True), ("relations", "eventactorhistory", True)]


def test_every_model_of_the_record_has_an_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    models = [*apps.get_app_config("relations").get_models()]
    models += [*apps.get_app_config("articles").get_models()]
    models += [*apps.get_app_config("api").get_models()]
    missing = [model.__name__ for model in models if model not in registered]
    assert missing == []
    # ApiToken's admin pages are tested with the tokens (tests/api/test_tokens.py).
    assert {(app, name) for app, name, _ in ADMINS} == {
        (model._meta.app_label, model._meta.model_name)
        for model in models
        if model._meta.model_name != "apitoken"
    }


def assert_admin_pages_render(client, app_label: str, model_name: str, read_only: bool) -> None:
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200, model_name
    assert changelist.context["cl"].result_count >= 1, model_name

    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code == (403 if read_only else 200), model_name

    obj = model.objects.order_by("pk").first()
    change = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    assert change.status_code == 200, model_name
    # A read-only admin shows the row without a save button.
    assert (b'name="_save"' in change.content) is not read_only, model_name


@pytest.mark.parametrize(("app_label", "model_name", "read_only"), ADMINS)
def test_admin_pages_render_for_a_superuser(admin_client, record, app_label, model_name, read_only):
    assert_admin_pages_render(admin_client, app_label, model_name, read_only)


def test_admin_pages_render_on_the_demo_record(admin_client, db, request):
    if "load_demo" not in get_commands():
        pytest.skip("manage.py load_demo does not exist yet (the demo engineer writes it)")
    request.getfixturevalue("demo_record")  # loaded once: it takes seconds
    # The loader recomputes the temperature on commit, which a test transaction never reaches.
    rollup.temperature_recompute_all()
    Deletion.objects.create(kind="event", object_id=999_999, deleted_at=timezone.now())
    build_candidates(1)
    build_ingestions(1)
    now = timezone.now()
    TemperatureRecomputeFailure.objects.create(
        relationship=Relationship.objects.first(),
        error="timeout",
        first_failed_at=now,
        last_failed_at=now,
    )
    # /relationships/ counts the tallies on its first read; none has happened here.
    relationship_tallies_refresh(record_version=record_version())
    for app_label, model_name, read_only in ADMINS:
        assert_admin_pages_render(admin_client, app_label, model_name, read_only)


def test_admin_search_pages_render(admin_client, record):
    for app_label, model_name, _ in ADMINS:
        model_admin = admin.site._registry[
            next(m for m in admin.site._registry if m._meta.model_name == model_name)
        ]
        if not model_admin.search_fields:
            continue
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        assert admin_client.get(url, {"q": "Rahmon 12"}).status_code == 200, model_name


# Query counts on 35-row lists ------------------------------------------------------------------


def _country_codes():
    for first, second in itertools.product(string.ascii_uppercase[10:], string.ascii_uppercase):
        yield first + second


def build_countries(count: int) -> list[Country]:
    codes = itertools.islice(_country_codes(), count)
    return Country.objects.bulk_create([Country(code=code, name=f"Land {code}") for code in codes])


def build_relationships(count: int) -> list[Relationship]:
    countries = build_countries(10)
    pairs = itertools.islice(itertools.combinations(countries, 2), count)
    return [
        factories.RelationshipFactory(
            country_a=first, country_b=second, period_start=datetime.date(2004, 1, 1)
        )
        for first, second in pairs
    ]


def build_actors(count: int) -> None:
    country = factories.CountryFactory(code="TJ", name="Tajikistan")
    for actor in factories.ActorFactory.create_batch(count, country=country):
        factories.ActorAliasFactory.create_batch(2, actor=actor)
        factories.ActorRoleFactory(actor=actor)


def build_cited(factory, count: int, key: str, **kwargs) -> None:
    article = factories.ArticleFactory()
    actor = factories.ActorFactory()
    for obj in factory.create_batch(count, **kwargs):
        factories.CitationFactory(article=article, **{key: obj})
        if hasattr(obj, "actors"):
            obj.actors.add(actor)
        if hasattr(obj, "parties"):
            obj.parties.add(actor)


def build_citations(count: int) -> None:
    relationship = factories.RelationshipFactory()
    article = factories.ArticleFactory(text=ARTICLE_TEXT)
    for index in range(count):
        target = [
            {"agreement": factories.AgreementFactory(relationship=relationship)},
            {"observation": factories.ObservationFactory(relationship=relationship)},
            {"event": factories.EventFactory(relationship=relationship)},
        ][index % 3]
        factories.CitationFactory(
            article=article, span_start=0, span_end=10, quote="The two pr", **target
        )


def build_temperature_points(count: int) -> None:
    relationship = factories.RelationshipFactory()
    TemperaturePoint.objects.bulk_create(
        factories.TemperaturePointFactory.build(
            relationship=relationship, month=datetime.date(2004 + index // 12, index % 12 + 1, 1)
        )
        for index in range(count)
    )


def build_turning_points(count: int) -> None:
    relationship = factories.RelationshipFactory()
    TurningPoint.objects.bulk_create(
        factories.TurningPointFactory.build(
            relationship=relationship, month=datetime.date(2004 + index // 12, index % 12 + 1, 1)
        )
        for index in range(count)
    )


def build_ingestions(count: int) -> None:
    article = factories.ArticleFactory(text=ARTICLE_TEXT)
    Ingestion.objects.bulk_create(
        Ingestion(origin=f"news-{index}.txt", content=ARTICLE_TEXT, article=article)
        for index in range(count)
    )


def build_candidates(count: int) -> None:
    article = factories.ArticleFactory(text=ARTICLE_TEXT)
    Candidate.objects.bulk_create(
        Candidate(
            article=article,
            kind=("event", "agreement", "observation", "actor")[index % 4],
            proposal={"index": index},
            fingerprint=f"{index:064x}",
            span_start=0,
            span_end=32,
            quote=ARTICLE_TEXT[:32],
        )
        for index in range(count)
    )


def build_recompute_failures(count: int) -> None:
    now = timezone.now()
    TemperatureRecomputeFailure.objects.bulk_create(
        TemperatureRecomputeFailure(
            relationship=relationship, error="timeout", first_failed_at=now, last_failed_at=now
        )
        for relationship in build_relationships(count)
    )


ROWS = 35
BUILDERS = {
    "source": lambda: factories.SourceFactory.create_batch(ROWS),
    "article": lambda: factories.ArticleFactory.create_batch(ROWS, text=ARTICLE_TEXT),
    "country": lambda: build_countries(ROWS),
    "relationship": lambda: build_relationships(ROWS),
    "actor": lambda: build_actors(ROWS),
    "actoralias": lambda: factories.ActorAliasFactory.create_batch(ROWS),
    "actorrole": lambda: factories.ActorRoleFactory.create_batch(
        ROWS, country=factories.CountryFactory()
    ),
    "agreement": lambda: build_cited(factories.AgreementFactory, ROWS, "agreement"),
    "metric": lambda: [
        factories.ObservationFactory(metric=factories.MetricFactory()) for _ in range(ROWS)
    ],
    "observation": lambda: build_cited(
        factories.ObservationFactory, ROWS, "observation", claimed_by=factories.ActorFactory()
    ),
    # The seeded CAMEO table already holds 28 rows; the editable list is the costly part.
    "eventcategory": lambda: factories.EventCategoryFactory.create_batch(
        10, parent=EventCategory.objects.get(code="05")
    ),
    "event": lambda: build_cited(factories.EventFactory, ROWS, "event"),
    "citation": lambda: build_citations(ROWS),
    "temperaturepoint": lambda: build_temperature_points(ROWS),
    "candidate": lambda: build_candidates(ROWS),
    "turningpoint": lambda: build_turning_points(ROWS),
    "ingestion": lambda: build_ingestions(ROWS),
    "temperaturerecomputefailure": lambda: build_recompute_failures(ROWS),
    "relationshiptally": lambda: (
        build_relationships(ROWS),
        relationship_tallies_refresh(record_version=record_version()),
    ),
    "deletion": lambda: Deletion.objects.bulk_create(
        Deletion(kind="event", object_id=index, deleted_at=timezone.now()) for index in range(ROWS)
    ),
}
# Building a table's rows writes its history too.
BUILDERS |= {f"{name}history": build for name, build in list(BUILDERS.items())}
BUILDERS |= {
    "agreementpartyhistory": lambda: [
        factories.AgreementFactory().parties.add(factories.ActorFactory()) for _ in range(ROWS)
    ],
    "eventactorhistory": lambda: [
        factories.EventFactory().actors.add(factories.ActorFactory()) for _ in range(ROWS)
    ],
}
MAX_CHANGELIST_QUERIES = 10
# Lists whose filters offer rows of other tables: each such filter reads its choices once.
EXTRA_FILTER_QUERIES = {"event": 2}  # the actor and the article filters


@pytest.mark.parametrize(("app_label", "model_name", "read_only"), ADMINS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, app_label, model_name, read_only
):
    BUILDERS[model_name]()
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    admin_client.get(url)  # warm the session and content types
    bound = MAX_CHANGELIST_QUERIES + EXTRA_FILTER_QUERIES.get(model_name, 0)
    with django_assert_max_num_queries(bound):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 30


# Search ---------------------------------------------------------------------------------------


def test_actor_search_finds_an_actor_by_another_spelling(admin_client, record):
    factories.ActorFactory(name="Vladimir Putin")
    url = reverse("admin:relations_actor_changelist")
    for spelling in ("RAHMONOV", "rahmónov", "Imomali  Rakhmonov"):
        response = admin_client.get(url, {"q": spelling})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [record["actor"]], spelling


def test_actor_autocomplete_finds_an_actor_by_another_spelling(admin_client, record):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "rakhmonov",
            "app_label": "relations",
            "model_name": "event",
            "field_name": "actors",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Emomali Rahmon"]

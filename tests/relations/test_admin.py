"""The curators' admin: every page renders, lists stay cheap, and bad input is a form error."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import string
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import get_commands
from django.urls import reverse
from django.utils import timezone

from api.models import Deletion
from articles.admin import text_content_hash
from articles.models import Article, Source
from relations.models import (
    Actor,
    ActorAlias,
    Agreement,
    Citation,
    Country,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
    TemperaturePoint,
)
from relations.services import rollup
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    ActorRoleFactory,
    AgreementFactory,
    ArticleFactory,
    CitationFactory,
    CountryFactory,
    EventCategoryFactory,
    EventFactory,
    MetricFactory,
    ObservationFactory,
    RelationshipFactory,
    SourceFactory,
)

ARTICLE_TEXT = "The two presidents met in Sochi. They agreed on a base.\nDebt was discussed."

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
    ("api", "deletion", True),
]
# The history of every tracked table and link (api/audit.py), read-only.
ADMINS += [(app, f"{name}history", True) for app, name, read_only in ADMINS if not read_only]
ADMINS += [("relations", "agreementpartyhistory", True), ("relations", "eventactorhistory", True)]


def management_form(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def citation_rows(*rows: dict, initial: int = 0) -> dict[str, str]:
    data = management_form("citations", len(rows), initial)
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"citations-{index}-{field}"] = "" if value is None else str(value)
    return data


def form_errors(response) -> str:
    """All error text of an admin change form response, for assertions."""
    context = response.context
    errors = [str(context["adminform"].form.errors)]
    errors += [str(error) for error in context["errors"]]
    for inline in context["inline_admin_formsets"]:
        errors.append(str(inline.formset.non_form_errors()))
        errors += [str(form.errors) for form in inline.formset.forms]
    return " ".join(errors)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """The admin's templates need plain static storage: no manifest is built for tests.

    tests/conftest.py sets STATICFILES_BACKEND, but pytest-django has imported the settings by
    the time that conftest runs, so the manifest storage would still be in force here.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def record(db):
    """One of everything, cited, as a curator's database holds it."""
    relationship = RelationshipFactory(slug="xa-xb", name="Country XA – Country XB")
    actor = ActorFactory(name="Emomali Rahmon", slug="emomali-rahmon")
    ActorAliasFactory(actor=actor, name="Emomali Rahmon")
    ActorAliasFactory(actor=actor, name="Rahmonov")
    ActorAliasFactory(actor=actor, name="Imomali Rakhmonov")
    ActorRoleFactory(actor=actor, title="President")
    article = ArticleFactory(text=ARTICLE_TEXT, content_hash=text_content_hash(ARTICLE_TEXT))
    agreement = AgreementFactory(relationship=relationship)
    agreement.parties.add(actor)
    CitationFactory(article=article, agreement=agreement, span_start=0, span_end=32)
    observation = ObservationFactory(relationship=relationship, claimed_by=actor)
    CitationFactory(article=article, observation=observation)
    event = EventFactory(relationship=relationship, category=EventCategory.objects.get(code="057"))
    event.actors.add(actor)
    CitationFactory(article=article, event=event, span_start=33, span_end=55)
    TemperaturePoint.objects.create(
        relationship=relationship,
        month=datetime.date(2004, 6, 1),
        value=62.0,
        low=55.0,
        high=69.0,
        event_count=1,
        computed_at=timezone.now(),
    )
    Deletion.objects.create(kind="event", object_id=999_999, deleted_at=timezone.now())
    return {
        "relationship": relationship,
        "actor": actor,
        "article": article,
        "agreement": agreement,
        "observation": observation,
        "event": event,
    }


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
        RelationshipFactory(
            country_a=first, country_b=second, period_start=datetime.date(2004, 1, 1)
        )
        for first, second in pairs
    ]


def build_actors(count: int) -> None:
    country = CountryFactory(code="TJ", name="Tajikistan")
    for actor in ActorFactory.create_batch(count, country=country):
        ActorAliasFactory.create_batch(2, actor=actor)
        ActorRoleFactory(actor=actor)


def build_cited(factory, count: int, key: str, **kwargs) -> None:
    article = ArticleFactory()
    actor = ActorFactory()
    for obj in factory.create_batch(count, **kwargs):
        CitationFactory(article=article, **{key: obj})
        if hasattr(obj, "actors"):
            obj.actors.add(actor)
        if hasattr(obj, "parties"):
            obj.parties.add(actor)


def build_citations(count: int) -> None:
    relationship = RelationshipFactory()
    article = ArticleFactory(text=ARTICLE_TEXT)
    for index in range(count):
        target = [
            {"agreement": AgreementFactory(relationship=relationship)},
            {"observation": ObservationFactory(relationship=relationship)},
            {"event": EventFactory(relationship=relationship)},
        ][index % 3]
        CitationFactory(article=article, span_start=0, span_end=10, quote="The two pr", **target)


def build_temperature_points(count: int) -> None:
    relationship = RelationshipFactory()
    TemperaturePoint.objects.bulk_create(
        TemperaturePoint(
            relationship=relationship,
            month=datetime.date(2004 + index // 12, index % 12 + 1, 1),
            value=50.0,
            low=45.0,
            high=55.0,
            event_count=0,
            computed_at=timezone.now(),
        )
        for index in range(count)
    )


ROWS = 35
BUILDERS = {
    "source": lambda: SourceFactory.create_batch(ROWS),
    "article": lambda: ArticleFactory.create_batch(ROWS, text=ARTICLE_TEXT),
    "country": lambda: build_countries(ROWS),
    "relationship": lambda: build_relationships(ROWS),
    "actor": lambda: build_actors(ROWS),
    "actoralias": lambda: ActorAliasFactory.create_batch(ROWS),
    "actorrole": lambda: ActorRoleFactory.create_batch(ROWS, country=CountryFactory()),
    "agreement": lambda: build_cited(AgreementFactory, ROWS, "agreement"),
    "metric": lambda: [ObservationFactory(metric=MetricFactory()) for _ in range(ROWS)],
    "observation": lambda: build_cited(
        ObservationFactory, ROWS, "observation", claimed_by=ActorFactory()
    ),
    # The seeded CAMEO table already holds 28 rows; the editable list is the costly part.
    "eventcategory": lambda: EventCategoryFactory.create_batch(
        10, parent=EventCategory.objects.get(code="05")
    ),
    "event": lambda: build_cited(EventFactory, ROWS, "event"),
    "citation": lambda: build_citations(ROWS),
    "temperaturepoint": lambda: build_temperature_points(ROWS),
    "deletion": lambda: Deletion.objects.bulk_create(
        Deletion(kind="event", object_id=index, deleted_at=timezone.now()) for index in range(ROWS)
    ),
}
# Building a table's rows writes its history too.
BUILDERS |= {f"{name}history": build for name, build in list(BUILDERS.items())}
BUILDERS |= {
    "agreementpartyhistory": lambda: [
        AgreementFactory().parties.add(ActorFactory()) for _ in range(ROWS)
    ],
    "eventactorhistory": lambda: [EventFactory().actors.add(ActorFactory()) for _ in range(ROWS)],
}
MAX_CHANGELIST_QUERIES = 10


@pytest.mark.parametrize(("app_label", "model_name", "read_only"), ADMINS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, app_label, model_name, read_only
):
    BUILDERS[model_name]()
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    admin_client.get(url)  # warm the session and content types
    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 30


# Search ---------------------------------------------------------------------------------------


def test_actor_search_finds_an_actor_by_another_spelling(admin_client, record):
    ActorFactory(name="Vladimir Putin")
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


# Constraint violations are form errors --------------------------------------------------------


def test_agreement_expiring_before_signature_is_a_form_error(admin_client, record):
    before = Agreement.objects.count()
    response = admin_client.post(
        reverse("admin:relations_agreement_add"),
        {
            "relationship": record["relationship"].pk,
            "title": "Base treaty",
            "slug": "base-treaty",
            "kind": "treaty",
            "status": "signed",
            "signed_on": "2012-10-05",
            "signed_on_precision": "day",
            "effective_on_precision": "day",
            "expires_on": "2011-10-05",
            "expires_on_precision": "day",
            **citation_rows({"article": record["article"].pk}),
        },
    )
    assert response.status_code == 200
    assert "An agreement cannot expire before it is signed." in form_errors(response)
    assert Agreement.objects.count() == before


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        (
            "admin:relations_eventcategory_add",
            {"code": "0991", "name": "Too warm", "default_score": "11", "codebook_version": "t"},
            "A score runs from -10 (conflict) to +10 (cooperation).",
        ),
        (
            "admin:relations_eventcategory_add",
            {"code": "5A", "name": "Letters", "default_score": "1", "codebook_version": "t"},
            "A CAMEO code is two to four digits.",
        ),
    ],
)
def test_event_category_out_of_range_is_a_form_error(admin_client, db, url_name, data, message):
    before = EventCategory.objects.count()
    response = admin_client.post(reverse(url_name), data)
    assert response.status_code == 200
    assert message in form_errors(response)
    assert EventCategory.objects.count() == before


def event_post_data(record, **overrides) -> dict:
    data = {
        "relationship": record["relationship"].pk,
        "title": "Summit in Sochi",
        "occurred_on": "2004-06-04",
        "occurred_on_precision": "day",
        "date_basis": "stated",  # the select's initial choice, as a browser posts it
        "category": EventCategory.objects.get(code="057").pk,
        "confidence": "0.9",
        "score_override": "",
        "score_override_reason": "",
        **citation_rows({"article": record["article"].pk, "span_start": 0, "span_end": 32}),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"score_override": "5"}, "Say why the category&#x27;s score is overridden."),
        (
            {"score_override": "11", "score_override_reason": "Very warm"},
            "A score runs from -10 (conflict) to +10 (cooperation).",
        ),
        ({"confidence": "1.5"}, "Confidence runs from 0 to 1."),
        (
            {"date_basis": "context", "note": ""},
            "Say in the note how a date the text does not state was set.",
        ),
    ],
)
def test_event_constraint_violations_are_form_errors(admin_client, record, overrides, message):
    before = Event.objects.count()
    response = admin_client.post(
        reverse("admin:relations_event_add"), event_post_data(record, **overrides)
    )
    assert response.status_code == 200
    assert message in form_errors(response)
    assert Event.objects.count() == before


@pytest.mark.parametrize("spelling", ["rahmónov", "RAHMONOV", "  Rahmonov "])
def test_duplicate_alias_in_any_spelling_is_a_form_error(admin_client, record, spelling):
    other = ActorFactory(name="Someone else")
    before = ActorAlias.objects.count()
    response = admin_client.post(
        reverse("admin:relations_actoralias_add"),
        {"actor": other.pk, "name": spelling, "note": ""},
    )
    assert response.status_code == 200
    assert "This spelling already names an actor" in form_errors(response)
    assert ActorAlias.objects.count() == before


def actor_post_data(*aliases: str) -> dict:
    data = {"name": "Igor Ivanov", "slug": "igor-ivanov", "kind": "person", "description": ""}
    data |= management_form("aliases", len(aliases)) | management_form("roles", 0)
    for index, name in enumerate(aliases):
        data[f"aliases-{index}-name"] = name
    return data


def test_duplicate_alias_in_the_actor_inline_is_a_form_error(admin_client, record):
    before = (Actor.objects.count(), ActorAlias.objects.count())
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "Imomali Rakhmonov")
    )
    assert response.status_code == 200
    assert "This spelling already names an actor" in form_errors(response)
    assert (Actor.objects.count(), ActorAlias.objects.count()) == before


def test_two_rows_of_one_spelling_in_the_actor_inline_are_a_form_error(admin_client, db):
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "IGOR IVANOV")
    )
    assert response.status_code == 200
    assert "Another row here has this spelling already" in form_errors(response)
    assert not Actor.objects.exists()


def test_actor_with_distinct_aliases_is_saved(admin_client, db):
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "Igor Ivanow")
    )
    assert response.status_code == 302
    actor = Actor.objects.get(slug="igor-ivanov")
    assert sorted(actor.aliases.values_list("normalized", flat=True)) == [
        "igor ivanov",
        "igor ivanow",
    ]


def test_relationship_pair_in_reverse_order_is_a_form_error(admin_client, record):
    existing = record["relationship"]
    response = admin_client.post(
        reverse("admin:relations_relationship_add"),
        {
            "slug": "xb-xa",
            "name": "Reversed",
            "country_a": existing.country_b_id,
            "country_b": existing.country_a_id,
        },
    )
    assert response.status_code == 200
    assert "A relationship between these two countries already exists." in form_errors(response)
    assert Relationship.objects.count() == 1


# Citations ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [(), ({"article": ""},)], ids=["no-row", "blank-row"])
def test_new_event_without_a_citation_is_refused(admin_client, record, rows):
    before = Event.objects.count()
    data = event_post_data(record) | citation_rows(*rows)
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Cite at least one article" in errors or "This field is required." in errors
    assert Event.objects.count() == before


def test_new_observation_without_a_citation_is_refused(admin_client, record):
    before = Observation.objects.count()
    response = admin_client.post(
        reverse("admin:relations_observation_add"),
        {
            "metric": MetricFactory().pk,
            "relationship": record["relationship"].pk,
            "value": "300000000",
            "unit": "USD",
            "period_start": "2004-01-01",
            "period_precision": "year",
            "qualifier": "exact",
            **citation_rows(),
        },
    )
    assert response.status_code == 200
    assert "Cite at least one article" in form_errors(response)
    assert Observation.objects.count() == before


def test_new_event_with_a_citation_is_saved_with_the_quoted_sentence(admin_client, record):
    response = admin_client.post(reverse("admin:relations_event_add"), event_post_data(record))
    assert response.status_code == 302
    event = Event.objects.get(title="Summit in Sochi")
    citation = event.citations.get()
    assert (citation.span_start, citation.span_end) == (0, 32)
    assert citation.quote == "The two presidents met in Sochi."


def test_citation_span_beyond_the_text_is_a_form_error(admin_client, record):
    data = event_post_data(record) | citation_rows(
        {"article": record["article"].pk, "span_start": 10, "span_end": 5000}
    )
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert response.status_code == 200
    assert "the span must end within it" in form_errors(response)


def test_citation_span_ending_before_it_starts_is_a_form_error(admin_client, record):
    data = event_post_data(record) | citation_rows(
        {"article": record["article"].pk, "span_start": 10, "span_end": 5}
    )
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert response.status_code == 200
    assert "A quoted span needs a start before its end." in form_errors(response)
    assert not Event.objects.filter(title="Summit in Sochi").exists()


def change_post_data(event: Event, **overrides) -> dict:
    data = {
        "relationship": event.relationship_id,
        "title": event.title,
        "summary": "Edited.",
        "occurred_on": event.occurred_on.isoformat(),
        "occurred_on_precision": event.occurred_on_precision,
        "date_basis": event.date_basis,
        "note": event.note,
        "category": event.category_id,
        "confidence": str(event.confidence),
        "score_override": "",
        "score_override_reason": "",
    }
    rows = [
        {"id": citation.pk, "event": event.pk, "article": citation.article_id}
        for citation in event.citations.all()
    ]
    data |= citation_rows(*rows, initial=len(rows))
    data.update(overrides)
    return data


def test_citation_quote_is_taken_from_the_text_not_the_form(admin_client, record):
    data = event_post_data(record) | {"citations-0-quote": "Words nobody wrote."}
    admin_client.post(reverse("admin:relations_event_add"), data)
    citation = Citation.objects.get(event__title="Summit in Sochi")
    assert citation.quote == "The two presidents met in Sochi."


def test_existing_event_is_editable(admin_client, record):
    event = record["event"]
    response = admin_client.post(
        reverse("admin:relations_event_change", args=[event.pk]), change_post_data(event)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Edited."
    assert event.citations.count() == 1


def test_existing_uncited_event_stays_editable(admin_client, record):
    event = EventFactory(relationship=record["relationship"], title="Stored before the rule")
    response = admin_client.post(
        reverse("admin:relations_event_change", args=[event.pk]), change_post_data(event)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Edited."


def test_deleting_the_last_citation_of_an_event_is_refused(admin_client, record):
    event = record["event"]
    data = change_post_data(event) | {"citations-0-DELETE": "on"}
    response = admin_client.post(reverse("admin:relations_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    assert "Cite at least one article" in form_errors(response)
    assert event.citations.count() == 1


# Events and scores ----------------------------------------------------------------------------


def test_event_list_shows_the_effective_score(admin_client, record):
    EventFactory(
        relationship=record["relationship"],
        title="Overridden",
        category=EventCategory.objects.get(code="057"),
        score_override=Decimal("-3.0"),
        score_override_reason="A sour summit.",
    )
    response = admin_client.get(reverse("admin:relations_event_changelist"))
    content = response.content.decode()
    assert "+8.0" in content  # 057 Sign formal agreement
    assert "-3.0 (override)" in content
    ordered = admin_client.get(reverse("admin:relations_event_changelist"), {"o": "5"})
    scores = [event.effective_score for event in ordered.context["cl"].result_list]
    assert scores == sorted(scores)


def test_event_category_score_is_editable_in_the_list(admin_client, db):
    categories = list(EventCategory.objects.order_by("code")[:2])
    url = reverse("admin:relations_eventcategory_changelist")
    data = {"_save": "Save", **management_form("form", 2, 2)}
    for index, category in enumerate(categories):
        data |= {
            f"form-{index}-id": category.pk,
            f"form-{index}-parent": category.parent_id or "",
            f"form-{index}-default_score": category.default_score,
            f"form-{index}-codebook_version": category.codebook_version,
        }
    data["form-0-default_score"] = "0.5"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    categories[0].refresh_from_db()
    assert categories[0].default_score == Decimal("0.5")

    data["form-1-default_score"] = "11"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A score runs from -10" in str(response.context["cl"].formset.errors)


def test_saving_an_event_recomputes_its_relationship_after_commit(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):
    from relations.services import rollup

    calls = []
    real = rollup.temperature_recompute

    def spy(*, relationship):
        calls.append(relationship.pk)
        return real(relationship=relationship)

    monkeypatch.setattr(rollup, "temperature_recompute", spy)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:relations_event_add"), event_post_data(record))
    assert response.status_code == 302
    assert calls == [record["relationship"].pk]
    assert TemperaturePoint.objects.filter(relationship=record["relationship"]).exists()


def test_deleting_an_event_recomputes_its_relationship_after_commit(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):
    from relations.services import rollup

    calls = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: calls.append(relationship.pk)
    )
    event = record["event"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:relations_event_delete", args=[event.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert calls == [record["relationship"].pk]


def test_moving_an_event_recomputes_both_relationships(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):
    from relations.services import rollup

    calls = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: calls.append(relationship.pk)
    )
    event, old = record["event"], record["relationship"]
    new = RelationshipFactory(country_a=CountryFactory(code="YA"), country_b=old.country_b)
    url = reverse("admin:relations_event_change", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, change_post_data(event, relationship=new.pk))
    assert response.status_code == 302
    assert sorted(calls) == sorted([old.pk, new.pk])


def test_bulk_deleting_events_recomputes_each_relationship_once(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):
    from relations.services import rollup

    calls = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: calls.append(relationship.pk)
    )
    events = [record["event"], *EventFactory.create_batch(2, relationship=record["relationship"])]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:relations_event_changelist"),
            {
                "action": "delete_selected",
                "post": "yes",
                "_selected_action": [event.pk for event in events],
            },
        )
    assert response.status_code == 302
    assert not Event.objects.exists()
    assert calls == [record["relationship"].pk]


def test_changing_a_category_recomputes_every_relationship_after_commit(
    admin_client, db, monkeypatch, django_capture_on_commit_callbacks
):
    from relations.services import rollup

    calls = []
    monkeypatch.setattr(rollup, "temperature_recompute_all", lambda: calls.append("all"))
    category = EventCategory.objects.get(code="057")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:relations_eventcategory_change", args=[category.pk]),
            {
                "code": "057",
                "name": category.name,
                "parent": category.parent_id,
                "default_score": "7.5",
                "codebook_version": "curated",
                "description": "",
            },
        )
    assert response.status_code == 302
    assert calls == ["all"]


# Articles -------------------------------------------------------------------------------------


def article_post_data(source: Source, text: str) -> dict:
    return {
        "title": "Putin and Rahmonov make progress",
        "slug": "putin-rahmonov-progress",
        "source": source.pk,
        "url": "https://news.example/progress",
        "published_on": "2004-06-10",
        "published_on_precision": "day",
        "summary": "A summit settles old disputes.",
        "text": text,
        "review_status": "pending",
        "authors": "Lidia Isamova",
    }


def test_article_admin_stores_the_sha256_of_the_text(admin_client, db):
    source = SourceFactory()
    response = admin_client.post(
        reverse("admin:articles_article_add"), article_post_data(source, "Line one.\r\nLine two.")
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="putin-rahmonov-progress")
    assert article.text == "Line one.\nLine two."
    assert article.content_hash == hashlib.sha256(b"Line one.\nLine two.").hexdigest()
    assert article.authors == ["Lidia Isamova"]


def test_article_content_hash_is_read_only(admin_client, db):
    source = SourceFactory()
    data = article_post_data(source, "Text.") | {"content_hash": "0" * 64}
    admin_client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get(slug="putin-rahmonov-progress")
    assert article.content_hash == text_content_hash("Text.")


def test_article_without_text_has_no_hash(admin_client, db):
    admin_client.post(reverse("admin:articles_article_add"), article_post_data(SourceFactory(), ""))
    assert Article.objects.get(slug="putin-rahmonov-progress").content_hash == ""


def test_article_review_actions_approve_and_reject_with_a_message(admin_client, db):
    pending = ArticleFactory.create_batch(3, review_status=Article.ReviewStatus.PENDING)
    url = reverse("admin:articles_article_changelist")
    selected = [article.pk for article in pending[:2]]
    response = admin_client.post(
        url, {"action": "approve_selected", "_selected_action": selected}, follow=True
    )
    assert "2 articles marked approved." in response.content.decode()
    statuses = dict(Article.objects.values_list("pk", "review_status"))
    assert [statuses[article.pk] for article in pending] == ["approved", "approved", "pending"]

    response = admin_client.post(
        url, {"action": "reject_selected", "_selected_action": [pending[2].pk]}, follow=True
    )
    assert "1 article marked rejected." in response.content.decode()
    assert Article.objects.get(pk=pending[2].pk).review_status == "rejected"


def test_article_review_action_moves_the_updated_time(admin_client, db):
    article = ArticleFactory(review_status=Article.ReviewStatus.PENDING)
    Article.objects.filter(pk=article.pk).update(
        updated=timezone.now() - datetime.timedelta(days=1)
    )
    before = Article.objects.get(pk=article.pk).updated
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [article.pk]},
    )
    assert Article.objects.get(pk=article.pk).updated > before


def test_month_precise_dates_are_stored_as_the_first_of_the_month(admin_client, record):
    data = event_post_data(record, occurred_on="2004-06-17", occurred_on_precision="month")
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert response.status_code == 302
    assert Event.objects.get(title="Summit in Sochi").occurred_on == datetime.date(2004, 6, 1)


def test_metric_page_edits_observations_in_place_but_adds_none(admin_client, record):
    observation = record["observation"]
    metric = observation.metric
    url = reverse("admin:relations_metric_change", args=[metric.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission
    data = {
        "slug": metric.slug,
        "name": metric.name,
        "unit": metric.unit,
        "description": "",
        "direction": "",
        **management_form("observations", 1, 1),
        "observations-0-id": observation.pk,
        "observations-0-metric": metric.pk,
        "observations-0-relationship": observation.relationship_id,
        "observations-0-period_start": "2005-03-09",
        "observations-0-period_precision": "year",
        "observations-0-value": "250000000",
        "observations-0-unit": "USD",
        "observations-0-qualifier": "approximate",
        "observations-0-claimed_by": observation.claimed_by_id,
    }
    assert admin_client.post(url, data).status_code == 302
    observation.refresh_from_db()
    assert observation.value == Decimal("250000000")
    assert observation.period_start == datetime.date(2005, 1, 1)


def test_read_only_admins_refuse_changes(admin_client, record):
    point = TemperaturePoint.objects.get()
    url = reverse("admin:relations_temperaturepoint_change", args=[point.pk])
    response = admin_client.post(url, {"value": "99"})
    assert response.status_code == 403
    delete = reverse("admin:api_deletion_delete", args=[Deletion.objects.get().pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Citation.objects.count() == 3
    assert Metric.objects.count() == 1

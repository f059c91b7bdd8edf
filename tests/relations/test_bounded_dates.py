"""Dates out of the record's bounds (1900–2100): refused by the database, the API and admin,
and survived by the charts and the temperature when a row slips past them."""

import datetime
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from api.caching import reset_http_caches
from articles.dates import OUT_OF_BOUNDS
from articles.models import Article
from relations.models import ActorRole, Agreement, Event, Observation, Relationship
from relations.services.rollup import temperature_recompute

pytestmark = pytest.mark.django_db

ABSURD = [datetime.date(1, 1, 1), datetime.date(1899, 12, 31), datetime.date(9999, 12, 31)]
# Every date column of the record, as (model, field).
DATE_COLUMNS = [
    (Agreement, "signed_on"),
    (Agreement, "effective_on"),
    (Agreement, "expires_on"),
    (Observation, "period_start"),
    (Event, "occurred_on"),
    (Article, "published_on"),
    (ActorRole, "started_on"),
    (ActorRole, "ended_on"),
    (Relationship, "period_start"),
    (Relationship, "period_end"),
]
PAGES = ["/", "/relationships/ru-tj/", "/metrics/debt/", "/relationships/ru-tj/events/"]


@pytest.fixture
def ru_tj(demo_record):
    reset_http_caches()
    return Relationship.objects.get(slug="ru-tj")


# Ends get a date too late, starts one too early, so no ordering check fires first. An
# agreement's effective date may not precede its signature, so it is pushed late too.
ENDS = {"expires_on", "ended_on", "period_end", "effective_on"}


@pytest.mark.parametrize(("model", "field"), DATE_COLUMNS)
def test_every_date_column_has_a_named_bound_in_the_database(ru_tj, model, field):
    row = model.objects.first()
    absurd = datetime.date(9999, 12, 31) if field in ENDS else datetime.date(1, 1, 1)
    constraint = f"{model._meta.model_name}_{field}_bounded"

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: absurd})


@pytest.mark.parametrize(("model", "field"), DATE_COLUMNS)
def test_full_clean_names_the_field_out_of_bounds(ru_tj, model, field):
    from django.core.exceptions import ValidationError

    row = model.objects.first()
    setattr(row, field, datetime.date(9999, 12, 31) if field in ENDS else datetime.date(1, 1, 1))

    with pytest.raises(ValidationError) as refused:
        row.full_clean()

    assert refused.value.message_dict[field] == [OUT_OF_BOUNDS]


@pytest.mark.parametrize(
    ("url", "field", "payload"),
    [
        ("/api/agreements/{agreement}", "signed_on", {"signed_on": "0001-01-01"}),
        ("/api/agreements/{agreement}", "expires_on", {"expires_on": "9000-01-01"}),
        ("/api/agreements/{agreement}", "effective_on", {"effective_on": "2101-01-01"}),
        ("/api/observations/{observation}", "period_start", {"period_start": "9999-12-31"}),
        ("/api/events/{event}", "occurred_on", {"occurred_on": "9999-12-31"}),
    ],
)
def test_the_api_refuses_a_date_out_of_bounds_with_a_422_naming_it(
    ru_tj, django_user_model, url, field, payload
):
    from api.tokens import api_token_create

    user = django_user_model.objects.create_superuser(username="root", password="x")
    _, key = api_token_create(user=user, name="tests")
    ids = {
        "agreement": Agreement.objects.filter(relationship=ru_tj).first().pk,
        "observation": Observation.objects.filter(relationship=ru_tj).first().pk,
        "event": Event.objects.filter(relationship=ru_tj).first().pk,
    }

    response = Client().patch(
        url.format(**ids),
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", field], "msg": OUT_OF_BOUNDS, "type": "value_error"}
    ]


def test_admin_shows_a_form_error_for_an_event_out_of_bounds(ru_tj, admin_client):
    event = Event.objects.filter(relationship=ru_tj).first()
    url = f"/admin/relations/event/{event.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value for name, value in form.initial.items() if value is not None and name != "id"
    }
    data.update(occurred_on="9999-12-31", actors=[a.pk for a in event.actors.all()])

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["occurred_on"] == [OUT_OF_BOUNDS]
    assert Event.objects.get(pk=event.pk).occurred_on == event.occurred_on


@pytest.mark.parametrize("absurd", ABSURD)
def test_pages_and_the_temperature_survive_rows_that_slipped_past_the_bounds(ru_tj, absurd):
    mine = {"relationship": ru_tj}
    _unchecked(Agreement, mine, signed_on=absurd, expires_on=absurd)
    _unchecked(Observation, mine, period_start=absurd)
    _unchecked(Event, mine, occurred_on=absurd)
    _unchecked(Article, {}, published_on=absurd)
    _unchecked(Relationship, {"pk": ru_tj.pk}, period_start=absurd, period_end=absurd)

    temperature_recompute(relationship=ru_tj)
    client = Client(raise_request_exception=True)

    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) < 2_000_000, url
    months = ru_tj.temperature_points.order_by("month").values_list("month", flat=True)
    assert months[0].year >= 1900
    assert months.last().year <= 2100


def _unchecked(model, where: dict, **values):
    """Give the first row matching `where` these `values` past validation and constraints, as
    a bad restore or a hand-written SQL fix might."""
    row = model.objects.filter(**where).first()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no trigger
        for field in values:
            name = f"{model._meta.model_name}_{field}_bounded"
            cursor.execute(f'ALTER TABLE "{model._meta.db_table}" DROP CONSTRAINT "{name}"')
        model.objects.filter(pk=row.pk).update(**values)

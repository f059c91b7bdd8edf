"""Property-based contract test: every operation of the API's own OpenAPI schema, called
with generated parameters and bodies (valid and invalid), never answers 5xx and always
conforms. Reads go anonymous; writes carry a curator's token and change rows that exist
(tests/api/test_writes.py also covers writes by hand, with rules a generator seldom reaches).
"""

import datetime
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import ALL_CHECKS
from schemathesis.generation import DataGenerationMethod
from schemathesis.specs.openapi.checks import negative_data_rejection

from api.models import Deletion
from relations.models import EventCategory
from tests import factories

# ninja writes OpenAPI 3.1, which schemathesis 3 checks behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()
whole_schema = schemathesis.from_wsgi(
    "/api/openapi.json",
    get_wsgi_application(),
    data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
)
reads = whole_schema.include(method="GET")
writes = whole_schema.include(method=["POST", "PATCH"])


def _string_parameter(case, name: str) -> bool:
    parameter = case.operation.query.get(name)
    schema = parameter.definition.get("schema", {}) if parameter is not None else {}
    options = schema.get("anyOf", [schema])
    return any(option.get("type") == "string" for option in options)


def negative_data_rejection_as_text(ctx, response, case):
    """`negative_data_rejection`, less one false alarm: a query string is text, so a
    "negative" number or boolean sent to a string parameter (`q=false`) arrives as a valid
    string. Other negative data (bodies, integers out of range, bad enums) is still checked."""
    meta = case.meta
    # (The metadata marks every location negative at once; a body is what else can differ.)
    query_only = (
        meta is not None
        and meta.query is not None
        and meta.query.is_negative
        and not (meta.body is not None and meta.body.is_negative)
    )
    mistyped = [
        name for name, value in (case.query or {}).items() if isinstance(value, bool | int | float)
    ]
    if query_only and mistyped and all(_string_parameter(case, name) for name in mistyped):
        return None
    return negative_data_rejection(ctx, response, case)


# `--checks all`: besides 5xx, status codes, content types and bodies, the documented
# headers, negative data refused, and authentication not ignored where it is declared.
CHECKS = tuple(
    negative_data_rejection_as_text if check is negative_data_rejection else check
    for check in ALL_CHECKS
)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Like Django's test client: requests must not close the connection holding the test's
    transaction (the WSGI handler otherwise does so when each request finishes)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def record(db, wsgi_keeps_the_test_connection):
    """A little of everything, so generated requests find rows to serialise."""
    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    pair = factories.RelationshipFactory(slug="ru-tj", country_a=russia, country_b=tajikistan)
    person = factories.ActorFactory(
        name="Emomali Rahmon", slug="emomali-rahmon", country=tajikistan, aliases=["Rahmonov"]
    )
    factories.ActorRoleFactory(actor=person, country=tajikistan)
    text = "One sentence. The base stays until 2042. Another."
    article = factories.ArticleFactory(slug="base-deal", text=text)
    original = factories.AgreementFactory(
        relationship=pair, slug="base-1993", expires_on=datetime.date(2014, 1, 1)
    )
    extension = factories.AgreementFactory(relationship=pair, slug="base-2012", extends=original)
    extension.parties.add(person)
    factories.CitationFactory(agreement=extension, article=article, span_start=14, span_end=40)
    event = factories.EventFactory(
        relationship=pair, category=EventCategory.objects.get(code="057")
    )
    event.actors.add(person)
    factories.CitationFactory(event=event, article=article)
    observation = factories.ObservationFactory(
        relationship=pair, metric=factories.MetricFactory(slug="debt"), value=Decimal("300000000")
    )
    factories.CitationFactory(observation=observation, article=article)
    factories.TemperaturePointFactory(
        relationship=pair,
        month=datetime.date(2012, 10, 1),
        value=60,
        event_count=1,
        contributions=[{"event_id": event.pk, "share": 1.0}],
    )
    Deletion.objects.create(kind="event", object_id=999, deleted_at=timezone.now())
    return {
        "agreement_id": extension.pk,
        "event_id": event.pk,
        "observation_id": observation.pk,
    }


HYPOTHESIS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)


@reads.parametrize()
@HYPOTHESIS
def test_every_read_conforms_to_the_schema_and_never_fails(case, record):
    case.call_and_validate(checks=CHECKS)


@writes.parametrize()
@HYPOTHESIS
def test_every_write_conforms_to_the_schema_and_never_fails(case, record, curator_headers):
    # A change goes to a row that exists (unknown ids answer 404, tested by hand), so the
    # generated body is what gets checked.
    for name in case.path_parameters or {}:
        case.path_parameters[name] = record[name]
    case.call_and_validate(headers=curator_headers, checks=CHECKS)

"""`/api/relationships/{slug}/temperature?direction=XX`: one side's acts, in the same shape."""

import datetime

import pytest

from relations.models import EventCategory
from relations.services.rollup import temperature_recompute
from tests import factories
from tests.api.conftest import get_csv, get_json

D = datetime.date
pytestmark = pytest.mark.django_db
URL = "/api/relationships/ru-tj/temperature"


@pytest.fixture
def sided(pair):
    """A Tajik demand and a Russian material concession in March 2004, recomputed."""
    russia, tajikistan = pair.country_a, pair.country_b
    demand = EventCategory.objects.get(code="10")  # -5
    aid = EventCategory.objects.get(code="06")  # +6
    factories.EventFactory(
        relationship=pair,
        title="Dushanbe sets conditions",
        occurred_on=D(2004, 3, 10),
        category=demand,
        initiator=tajikistan,
        target=russia,
    )
    factories.EventFactory(
        relationship=pair,
        title="Moscow writes off debt",
        occurred_on=D(2004, 3, 20),
        category=aid,
        initiator=russia,
        target=tajikistan,
    )
    temperature_recompute(relationship=pair)
    return pair


def test_each_direction_has_the_overall_shape_and_its_own_values(api, sided):
    overall = get_json(api, f"{URL}?from=2004-03-01&to=2004-03-31")
    russia = get_json(api, f"{URL}?from=2004-03-01&to=2004-03-31&direction=RU")
    tajikistan = get_json(api, f"{URL}?from=2004-03-01&to=2004-03-31&direction=tj")

    assert russia.keys() == overall.keys()
    assert russia["items"][0].keys() == overall["items"][0].keys()
    assert tajikistan["items"][0]["value"] < 50 < russia["items"][0]["value"]
    assert russia["items"][0]["contributions"][0]["title"] == "Moscow writes off debt"
    assert [item["title"] for item in tajikistan["items"][0]["contributions"]] == [
        "Dushanbe sets conditions"
    ]
    assert russia["items"][0]["event_count"] == tajikistan["items"][0]["event_count"] == 1
    assert overall["items"][0]["event_count"] == 2


def test_a_direction_by_year_and_as_csv(api, sided):
    yearly = get_json(api, f"{URL}?granularity=year&direction=RU")
    assert [item["period_start"] for item in yearly["items"]] == ["2004-01-01"]
    _, rows = get_csv(api, f"{URL}?direction=TJ&format=csv")
    assert rows[0][0] == "period_start" and len(rows) > 1


@pytest.mark.parametrize("direction", ["KZ", "R", "RUS", "", "1"])
def test_a_code_not_of_the_pair_is_a_422_naming_direction(api, sided, direction):
    body = get_json(api, f"{URL}?direction={direction}", status=422)
    assert [error["loc"] for error in body["detail"]] == [["query", "direction"]]
    assert "RU or TJ" in body["detail"][0]["msg"]

"""The rollup stores each direction beside the overall series, and the turning points."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from relations.models import TemperaturePoint, TurningPoint
from relations.selectors.temperature import temperature_series
from relations.services.rollup import temperature_recompute
from tests.factories import EventCategoryFactory, EventFactory, RelationshipFactory

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship():
    return RelationshipFactory(period_start=D(2004, 1, 1), period_end=D(2004, 12, 31))


@pytest.fixture
def cooperation():
    return EventCategoryFactory(code="9901", default_score=Decimal("8.0"))


@pytest.fixture
def conflict():
    return EventCategoryFactory(code="9902", default_score=Decimal("-5.0"))


def values(relationship, direction):
    return dict(
        TemperaturePoint.objects.filter(relationship=relationship, direction=direction)
        .order_by("month")
        .values_list("month", "value")
    )


def test_each_direction_is_stored_over_the_overall_months(relationship, cooperation, conflict):
    a, b = relationship.country_a, relationship.country_b
    EventFactory(relationship=relationship, occurred_on=D(2004, 3, 5), category=conflict,
                 initiator=b, target=a)  # fmt: skip
    EventFactory(relationship=relationship, occurred_on=D(2004, 3, 9), category=cooperation,
                 initiator=a)  # fmt: skip
    temperature_recompute(relationship=relationship)

    overall, from_a, from_b = (values(relationship, key) for key in ("", a.code, b.code))
    assert list(overall) == list(from_a) == list(from_b) == [D(2004, m, 1) for m in range(1, 13)]
    march = D(2004, 3, 1)
    assert from_b[march] < 50 < from_a[march]
    assert from_b[march] < overall[march] < from_a[march]


def test_mutual_acts_count_for_both_sides_and_uncoded_ones_for_neither(
    relationship, cooperation, conflict
):
    a, b = relationship.country_a, relationship.country_b
    EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation,
                 mutual=True)  # fmt: skip
    EventFactory(relationship=relationship, occurred_on=D(2004, 6, 8), category=conflict)
    EventFactory(
        relationship=relationship, occurred_on=D(2004, 6, 9), category=conflict, target=a
    )  # fmt: skip  (the target alone: b acted)
    temperature_recompute(relationship=relationship)

    june = D(2004, 6, 1)
    counts = dict(
        TemperaturePoint.objects.filter(relationship=relationship, month=june).values_list(
            "direction", "event_count"
        )
    )
    assert counts == {"": 3, a.code: 1, b.code: 2}
    assert values(relationship, a.code)[june] > values(relationship, b.code)[june]


def test_the_api_selector_reads_one_direction(relationship, cooperation):
    EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation,
                 initiator=relationship.country_a)  # fmt: skip
    temperature_recompute(relationship=relationship)
    code = relationship.country_a.code
    series = temperature_series(relationship=relationship, direction=code)
    other = temperature_series(relationship=relationship, direction=relationship.country_b.code)
    assert [point.value for point in series] == list(values(relationship, code).values())
    assert {point.value for point in other} == {50.0}
    assert series[5].contributions[0].event_id and not other[5].contributions


def test_turning_points_are_stored_with_the_events_that_moved_them(
    relationship, cooperation, conflict
):
    signing = EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4),
                           category=cooperation, mutual=True)  # fmt: skip
    EventFactory(
        relationship=relationship,
        occurred_on=D(2004, 6, 20),
        category=conflict,
        confidence=Decimal("0.3"),
    )
    temperature_recompute(relationship=relationship)

    (june,) = TurningPoint.objects.filter(relationship=relationship)
    assert june.month == D(2004, 6, 1)
    stored = values(relationship, "")
    assert june.previous_value == stored[D(2004, 5, 1)] and june.value == stored[june.month]
    assert [mover["event_id"] for mover in june.movers] == [signing.pk]
    assert june.movers[0]["share"] == pytest.approx(1.0)
    assert june.pushed > june.change > 5  # the conflict pulled against the move


def test_a_recompute_replaces_the_turning_points(relationship, cooperation):
    event = EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation)
    temperature_recompute(relationship=relationship)
    assert TurningPoint.objects.filter(relationship=relationship).count() == 1
    event.delete()
    temperature_recompute(relationship=relationship)
    assert not TurningPoint.objects.filter(relationship=relationship).exists()
    assert set(values(relationship, "").values()) == {50.0}


def test_a_turning_point_must_move_five_points(relationship):
    refused = pytest.raises(IntegrityError, match="turningpoint_moves_five_points")
    with refused, transaction.atomic():
        TurningPoint.objects.create(
                relationship=relationship, month=D(2004, 6, 1), previous_value=50, value=54.9,
                pushed=4.9, fading=0, computed_at=timezone.now(),
            )  # fmt: skip
    TurningPoint.objects.create(
        relationship=relationship, month=D(2004, 6, 1), previous_value=50, value=45,
        pushed=-5, fading=0, computed_at=timezone.now(),
    )  # fmt: skip


def test_a_direction_is_a_country_code(relationship):
    with pytest.raises(IntegrityError, match="temperaturepoint_direction_is_a_country_code"):
        TemperaturePoint.objects.create(
            relationship=relationship, direction="ru", month=D(2004, 1, 1), value=50, low=45,
            high=55, event_count=0, computed_at=timezone.now(),
        )  # fmt: skip

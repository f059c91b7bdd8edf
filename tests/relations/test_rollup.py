"""The stored temperature rollup: the service that writes it and the selector that reads it."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from relations.models import Relationship, TemperaturePoint
from relations.selectors.temperature import temperature_series
from relations.services.rollup import temperature_recompute, temperature_recompute_all
from tests.factories import (
    CountryFactory,
    EventCategoryFactory,
    EventFactory,
    RelationshipFactory,
    TemperaturePointFactory,
)

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


def stored(relationship):
    return list(
        TemperaturePoint.objects.filter(relationship=relationship, direction="").order_by("month")
    )


def test_recompute_writes_one_row_per_month_of_the_period(relationship, cooperation, conflict):
    cold = EventFactory(relationship=relationship, occurred_on=D(2004, 3, 15), category=conflict)
    warm = EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation)

    assert temperature_recompute(relationship=relationship) == 12

    points = stored(relationship)
    assert [point.month for point in points] == [D(2004, month, 1) for month in range(1, 13)]
    by_month = {point.month: point for point in points}
    assert by_month[D(2004, 1, 1)].value == 50
    assert by_month[D(2004, 3, 1)].value < 45
    assert by_month[D(2004, 6, 1)].value > 55
    assert by_month[D(2004, 6, 1)].event_count == 2
    assert by_month[D(2004, 6, 1)].effective_weight > 1
    contributions = by_month[D(2004, 6, 1)].contributions
    assert [item["event_id"] for item in contributions] == [warm.pk, cold.pk]
    assert 0 < sum(item["share"] for item in contributions) <= 1 + 1e-12
    assert len({point.computed_at for point in points}) == 1


def test_series_runs_to_the_last_event_when_it_is_after_the_period(relationship, cooperation):
    EventFactory(relationship=relationship, occurred_on=D(2005, 2, 1), category=cooperation)
    assert temperature_recompute(relationship=relationship) == 14
    assert stored(relationship)[-1].month == D(2005, 2, 1)


def test_series_starts_at_the_first_event_when_it_is_before_the_period(relationship, cooperation):
    EventFactory(
        relationship=relationship,
        occurred_on=D(2003, 1, 1),
        occurred_on_precision="year",
        category=cooperation,
    )
    temperature_recompute(relationship=relationship)
    points = stored(relationship)
    assert points[0].month == D(2003, 1, 1)
    # Known only to the year: in January 2003 a twelfth of it has acted.
    assert points[0].value < points[11].value


def test_score_override_and_confidence_are_used(relationship, cooperation):
    EventFactory(
        relationship=relationship,
        occurred_on=D(2004, 6, 4),
        category=cooperation,
        score_override=Decimal("-6.0"),
        score_override_reason="A cooperative code, a hostile act.",
    )
    EventFactory(
        relationship=relationship,
        occurred_on=D(2004, 6, 4),
        category=cooperation,
        confidence=Decimal("0"),
    )
    temperature_recompute(relationship=relationship)
    june = TemperaturePoint.objects.get(
        relationship=relationship, direction="", month=D(2004, 6, 1)
    )
    overridden_alone = 50 + 5 * (-6 / 2)  # one fresh, certain event against the prior weight
    assert june.value == pytest.approx(overridden_alone, abs=1)
    assert june.event_count == 1


def test_recompute_is_idempotent(relationship, cooperation, conflict):
    EventFactory(relationship=relationship, occurred_on=D(2004, 3, 15), category=conflict)
    EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation)
    temperature_recompute(relationship=relationship)
    first = [(p.month, p.value, p.low, p.high, p.contributions) for p in stored(relationship)]
    assert temperature_recompute(relationship=relationship) == len(first)
    second = [(p.month, p.value, p.low, p.high, p.contributions) for p in stored(relationship)]
    assert second == first


def test_recompute_replaces_stale_rows(relationship, cooperation):
    event = EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation)
    temperature_recompute(relationship=relationship)
    TemperaturePointFactory(
        relationship=relationship,
        month=D(1999, 1, 1),
        value=10,
        low=0,
        high=20,
        event_count=3,
        computed_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    )
    warm_june = TemperaturePoint.objects.get(
        relationship=relationship, direction="", month=D(2004, 6, 1)
    )

    event.score_override = Decimal("-8.0")
    event.score_override_reason = "Re-read: a refusal."
    event.save()
    temperature_recompute(relationship=relationship)

    points = stored(relationship)
    assert points[0].month == D(2004, 1, 1)
    june = next(point for point in points if point.month == D(2004, 6, 1))
    assert june.value < 50 < warm_june.value


def test_recompute_leaves_other_relationships_alone(relationship, cooperation):
    other = RelationshipFactory(
        country_a=CountryFactory(code="YA"), country_b=CountryFactory(code="YB")
    )
    EventFactory(relationship=other, occurred_on=D(2010, 1, 1), category=cooperation)
    temperature_recompute(relationship=other)
    before = stored(other)
    EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation)
    temperature_recompute(relationship=relationship)
    assert stored(other) == before


def test_relationship_without_events_or_period_has_no_points(cooperation):
    empty = RelationshipFactory()
    TemperaturePointFactory(
        relationship=empty,
        low=35,
        high=65,
        computed_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    )
    assert temperature_recompute(relationship=empty) == 0
    assert stored(empty) == []


def test_recompute_all_covers_every_relationship(relationship, cooperation):
    other = RelationshipFactory(
        country_a=CountryFactory(code="YA"),
        country_b=CountryFactory(code="YB"),
        period_start=D(2010, 1, 1),
        period_end=D(2010, 6, 30),
    )
    temperature_recompute_all()
    assert len(stored(relationship)) == 12
    assert len(stored(other)) == 6


def test_recompute_reads_the_events_in_one_query(
    relationship, cooperation, conflict, django_assert_max_num_queries
):
    for day in range(1, 29):
        EventFactory(relationship=relationship, occurred_on=D(2004, 2, day), category=conflict)
        EventFactory(relationship=relationship, occurred_on=D(2004, 7, day), category=cooperation)
    # Savepoint, lock, events, delete points and turning points, insert both, release.
    with django_assert_max_num_queries(8):
        temperature_recompute(relationship=relationship)


def test_recompute_command_for_one_relationship(relationship, cooperation):
    EventFactory(relationship=relationship, occurred_on=D(2004, 6, 4), category=cooperation)
    call_command("recompute_temperature", "--relationship", relationship.slug, verbosity=0)
    assert len(stored(relationship)) == 12


def test_recompute_command_refuses_an_unknown_slug():
    with pytest.raises(CommandError, match="no-such-pair"):
        call_command("recompute_temperature", "--relationship", "no-such-pair", verbosity=0)


def test_recompute_command_without_a_slug_recomputes_all(relationship):
    call_command("recompute_temperature", verbosity=0)
    assert len(stored(relationship)) == 12


# --- reading the rollup ---------------------------------------------------------------------


@pytest.fixture
def recorded(relationship, cooperation, conflict):
    """Two years of monthly events, stored."""
    relationship.period_end = D(2005, 12, 31)
    relationship.save()
    for month in range(1, 13):
        EventFactory(relationship=relationship, occurred_on=D(2004, month, 10), category=conflict)
        EventFactory(
            relationship=relationship, occurred_on=D(2005, month, 10), category=cooperation
        )
    temperature_recompute(relationship=relationship)
    return relationship


def test_series_by_month_reads_the_stored_points(recorded, django_assert_num_queries):
    with django_assert_num_queries(2):
        series = temperature_series(relationship=recorded)
    points = stored(recorded)
    assert [view.period_start for view in series] == [point.month for point in points]
    assert [view.value for view in series] == [point.value for point in points]
    first = series[0]
    assert (first.period_end, first.months, first.granularity) == (D(2004, 1, 31), 1, "month")
    assert first.change is None
    assert series[1].change == pytest.approx(points[1].value - points[0].value)
    assert first.band == "cool" and first.band_label == "Cool"
    assert series[-1].band in ("warm", "close")
    stored_last = points[-1].contributions
    assert [(c.event_id, c.share) for c in series[-1].contributions] == [
        (item["event_id"], item["share"]) for item in stored_last
    ]
    top = series[-1].contributions[0]
    assert top.title.startswith("Event")
    assert top.occurred_on == D(2005, 12, 10)
    assert 0 < top.share <= 1


def test_series_query_count_does_not_grow_with_the_months(
    recorded, cooperation, django_assert_num_queries
):
    recorded.period_end = D(2017, 12, 31)
    recorded.save()
    for year in range(2006, 2018):
        EventFactory(relationship=recorded, occurred_on=D(year, 6, 1), category=cooperation)
    assert temperature_recompute(relationship=recorded) == 168
    for granularity in ("month", "quarter", "year"):
        with django_assert_num_queries(2):
            temperature_series(relationship=recorded, granularity=granularity)


def test_series_between_two_months(recorded):
    series = temperature_series(relationship=recorded, start=D(2004, 12, 25), end=D(2005, 2, 3))
    assert [view.period_start for view in series] == [D(2004, 12, 1), D(2005, 1, 1), D(2005, 2, 1)]
    # The month before the range still tells whether December moved.
    november = TemperaturePoint.objects.get(
        relationship=recorded, direction="", month=D(2004, 11, 1)
    )
    assert series[0].change == pytest.approx(series[0].value - november.value)


def test_series_marks_turning_points(recorded):
    series = temperature_series(relationship=recorded)
    by_month = {view.period_start: view for view in series}
    # The first cooperative month after a cold year moves the value by more than five points.
    assert by_month[D(2005, 1, 1)].turning_point
    assert not by_month[D(2004, 8, 1)].turning_point


def test_series_by_quarter_and_year_average_their_months(recorded):
    months = temperature_series(relationship=recorded)
    quarters = temperature_series(relationship=recorded, granularity="quarter")
    years = temperature_series(relationship=recorded, granularity="year")
    assert [q.period_start for q in quarters][:2] == [D(2004, 1, 1), D(2004, 4, 1)]
    assert quarters[0].period_end == D(2004, 3, 31)
    assert quarters[0].months == 3
    assert quarters[0].value == pytest.approx(sum(m.value for m in months[:3]) / 3)
    assert quarters[0].event_count == max(m.event_count for m in months[:3])
    assert [(y.period_start, y.period_end, y.months) for y in years] == [
        (D(2004, 1, 1), D(2004, 12, 31), 12),
        (D(2005, 1, 1), D(2005, 12, 31), 12),
    ]
    assert years[0].value < 50 < years[1].value
    assert years[1].change == pytest.approx(years[1].value - years[0].value)
    assert years[1].turning_point
    for view in quarters + years:
        assert view.low <= view.value <= view.high
        assert len(view.contributions) <= 5
        assert sum(item.share for item in view.contributions) <= 1 + 1e-9
        shares = [item.share for item in view.contributions]
        assert shares == sorted(shares, reverse=True)


def test_series_edges_keep_only_the_months_in_range(recorded):
    quarters = temperature_series(
        relationship=recorded, start=D(2004, 2, 1), end=D(2004, 4, 30), granularity="quarter"
    )
    assert [(q.period_start, q.months) for q in quarters] == [
        (D(2004, 1, 1), 2),
        (D(2004, 4, 1), 1),
    ]


def test_series_refuses_an_unknown_granularity(recorded):
    with pytest.raises(ValueError, match="granularity"):
        temperature_series(relationship=recorded, granularity="week")


def test_series_of_a_relationship_never_computed_is_empty(django_assert_num_queries):
    relationship = RelationshipFactory()
    with django_assert_num_queries(1):
        assert temperature_series(relationship=relationship) == []


# --- the curated record ---------------------------------------------------------------------


@pytest.fixture
def demo_temperature(demo_record):
    relationship = Relationship.objects.get(slug="ru-tj")
    # The loader recomputes on commit, which a test transaction never reaches.
    temperature_recompute(relationship=relationship)
    return {view.period_start: view for view in temperature_series(relationship=relationship)}


def test_loading_the_demo_computes_the_temperature(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert TemperaturePoint.objects.filter(relationship__slug="ru-tj").exists()


def test_demo_is_cold_in_march_2004(demo_temperature):
    march = demo_temperature[D(2004, 3, 1)]
    assert march.value < 45
    assert march.band in ("cold", "cool")


def test_demo_warms_after_the_sochi_summit(demo_temperature):
    for month in (D(2004, 6, 1), D(2004, 7, 1)):
        assert demo_temperature[month].value > 55
        assert demo_temperature[month].band in ("warm", "close")
    june = demo_temperature[D(2004, 6, 1)]
    assert june.contributions[0].occurred_on == D(2004, 6, 4)
    assert june.turning_point


def test_demo_is_warm_after_the_2012_lease_deal_and_in_february_2017(demo_temperature):
    for month in (D(2012, 10, 1), D(2012, 11, 1), D(2017, 2, 1)):
        assert demo_temperature[month].value > 55
        assert demo_temperature[month].band in ("warm", "close")


def test_demo_trough_of_march_2004_is_below_april_2012(demo_temperature):
    assert demo_temperature[D(2004, 3, 1)].value < demo_temperature[D(2012, 4, 1)].value

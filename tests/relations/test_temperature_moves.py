"""Directions and turning points: pure, no database."""

import datetime

import pytest

from relations.temperature import TemperatureEvent, TemperatureParameters, compute_temperature
from relations.temperature_moves import (
    OVERALL,
    acting_sides,
    compute_directed_temperature,
    turning_points,
)

D = datetime.date
PARAMETERS = TemperatureParameters()
PAIR = ("RU", "TJ")
RU, TJ, BOTH, NONE = frozenset({"RU"}), frozenset({"TJ"}), frozenset(PAIR), frozenset()


def event(event_id, date, score, sides=NONE, precision="day", weight=1.0):
    return TemperatureEvent(
        id=event_id, date=date, precision=precision, score=score, weight=weight, sides=sides
    )


UNTIL = D(2005, 12, 1)


def directed(events, until=UNTIL, since=None):
    return compute_directed_temperature(
        events, pair=PAIR, until=until, since=since, parameters=PARAMETERS
    )


def at(points, month):
    return next(point for point in points if point.month == month)


@pytest.mark.parametrize(
    ("initiator", "target", "mutual", "expected"),
    [
        ("RU", "TJ", False, RU),
        ("TJ", None, False, TJ),
        (None, "RU", False, TJ),  # the target alone names the other side as the actor
        (None, None, True, BOTH),
        (None, None, False, NONE),
    ],
)
def test_acting_sides_follow_the_coding(initiator, target, mutual, expected):
    assert acting_sides(initiator=initiator, target=target, mutual=mutual, pair=PAIR) == expected


def test_each_direction_counts_its_own_acts_and_mutual_ones():
    events = [
        event(1, D(2004, 3, 10), -5, TJ),  # a Tajik demand
        event(2, D(2004, 3, 20), +6, RU),  # a Russian concession
        event(3, D(2004, 6, 4), +8, BOTH),  # a joint signing
    ]
    series = directed(events)
    march = D(2004, 3, 1)
    assert at(series["TJ"], march).value < 50 < at(series["RU"], march).value
    # Each direction is the same model on its own events.
    alone = compute_temperature([events[0], events[2]], until=D(2005, 12, 1), parameters=PARAMETERS)
    assert [p.value for p in series["TJ"]] == [p.value for p in alone]
    # The joint act warms both directions in June.
    june = D(2004, 6, 1)
    for side in PAIR:
        assert at(series[side], june).value > at(series[side], D(2004, 5, 1)).value


def test_directions_span_the_overall_months_and_read_neutral_without_acts():
    events = [event(1, D(2004, 3, 10), -5, TJ), event(2, D(2005, 1, 5), +4, TJ)]
    series = directed(events, since=D(2004, 1, 1))
    months = [point.month for point in series[OVERALL]]
    assert months[0] == D(2004, 1, 1)
    assert [point.month for point in series["TJ"]] == months
    assert [point.month for point in series["RU"]] == months
    assert {point.value for point in series["RU"]} == {50.0}
    assert {point.event_count for point in series["RU"]} == {0}


def test_uncoded_events_move_the_overall_series_only():
    events = [event(1, D(2004, 3, 10), -7), event(2, D(2004, 3, 12), +3, RU)]
    series = directed(events)
    march = D(2004, 3, 1)
    assert at(series[OVERALL], march).value < 50
    assert at(series["RU"], march).value > 50
    assert at(series["TJ"], march).value == 50
    assert at(series[OVERALL], march).event_count == 2
    assert at(series["RU"], march).event_count == 1


def test_no_events_and_no_start_give_no_series():
    assert directed([]) == {OVERALL: []}


def test_a_turning_point_splits_its_move_among_the_events_that_made_it():
    events = [
        event(1, D(2004, 2, 10), -5, TJ),
        event(2, D(2004, 6, 4), +8, BOTH),
        event(3, D(2004, 6, 5), +6, RU),
        event(4, D(2004, 6, 6), -2, TJ),
    ]
    series = compute_temperature(events, until=D(2004, 12, 1), parameters=PARAMETERS)
    found = turning_points(events, series, parameters=PARAMETERS)
    months = [point.month for point in found]
    assert D(2004, 6, 1) in months
    june = next(point for point in found if point.month == D(2004, 6, 1))
    may = at(series, D(2004, 5, 1))
    assert june.previous_value == may.value and june.change > 5
    # The signing moved it most, then the aid; the Tajik disapproval pulled against.
    assert [mover.event_id for mover in june.movers][:2] == [2, 3]
    assert 4 not in [mover.event_id for mover in june.movers]
    assert all(mover.points > 0 for mover in june.movers)
    # The February demand fading pushed the same way: with it the shares make the whole push.
    assert june.fading > 0
    shares = sum(mover.share for mover in june.movers) + june.fading / june.pushed
    assert shares == pytest.approx(1.0)
    assert june.opposed < 0  # the disapproval pulled against the move


def test_the_parts_of_a_move_add_up_to_the_move_exactly():
    events = [
        event(1, D(2004, 2, 10), -5),
        event(2, D(2004, 6, 4), +8),
        event(3, D(2004, 6, 5), +6),
        event(4, D(2004, 6, 20), +1, precision="month"),
    ]
    series = compute_temperature(events, until=D(2004, 12, 1), parameters=PARAMETERS)
    (june,) = turning_points(events, series, parameters=PARAMETERS)
    assert june.opposed == pytest.approx(0.0, abs=1e-9)
    total = sum(mover.points for mover in june.movers) + june.fading
    assert total == pytest.approx(june.change)
    assert total == pytest.approx(at(series, D(2004, 6, 1)).value - at(series, D(2004, 5, 1)).value)


def test_every_month_moving_five_points_is_a_turning_point_and_no_other():
    events = [event(1, D(2004, 2, 10), -9), event(2, D(2006, 2, 10), +9)]
    series = compute_temperature(
        events, until=D(2006, 12, 1), since=D(2004, 1, 1), parameters=PARAMETERS
    )
    found = turning_points(events, series, parameters=PARAMETERS)
    expected = [
        later.month
        for earlier, later in zip(series, series[1:], strict=False)
        if abs(later.value - earlier.value) >= 5
    ]
    assert [point.month for point in found] == expected == [D(2004, 2, 1), D(2006, 2, 1)]
    assert found[0].change < 0 and found[0].movers[0].event_id == 1
    # A fall's movers pulled it down: their parts are negative, their shares positive.
    assert found[0].movers[0].points < 0 and found[0].movers[0].share == pytest.approx(1.0)


def test_year_only_events_move_each_month_by_what_they_gain_in_it():
    events = [event(index, D(2004, 1, 1), -10, precision="year") for index in (1, 2, 3)]
    series = compute_temperature(
        events, until=D(2004, 12, 1), since=D(2003, 12, 1), parameters=PARAMETERS
    )
    found = turning_points(events, series, parameters=PARAMETERS, top=10)
    assert [point.month for point in found][:2] == [D(2004, 1, 1), D(2004, 2, 1)]
    for point in found:
        # The three gain alike each month: equal parts, and with the drift back to neutral
        # (against the fall) they make the whole move.
        assert [mover.event_id for mover in point.movers] == [1, 2, 3]
        assert point.movers[0].points == pytest.approx(point.movers[2].points)
        assert point.fading >= 0
        total = sum(mover.points for mover in point.movers) + point.fading
        assert total == pytest.approx(point.change)

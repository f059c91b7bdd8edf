"""The temperature core: pure, no database, milliseconds."""

import datetime
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.dates import interval
from relations.temperature import (
    TemperatureEvent,
    TemperatureParameters,
    compute_temperature,
    temperature_band,
)

PARAMETERS = TemperatureParameters()
D = datetime.date


def event(event_id, date, score, precision="day", weight=1.0):
    return TemperatureEvent(id=event_id, date=date, precision=precision, score=score, weight=weight)


DEFAULT_UNTIL = D(2008, 12, 1)


def series(events, until=DEFAULT_UNTIL, since=None, parameters=PARAMETERS):
    return compute_temperature(events, until=until, since=since, parameters=parameters)


def at(points, month):
    return next(point for point in points if point.month == month)


def reference_temperature(events, until, parameters=PARAMETERS):
    """The model computed the slow, obvious way: every event, every day, every month."""
    per_day = 0.5 ** (1 / parameters.half_life_days)
    first = min(interval(e.date, e.precision)[0] for e in events).replace(day=1)
    months = []
    month = first
    while month <= until:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    result = []
    for month in months:
        end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        t = end.toordinal()
        weights = []
        for e in events:
            a, b = (day.toordinal() for day in interval(e.date, e.precision))
            days = b - a + 1
            acted = sum(per_day ** (t - day) for day in range(a, min(b, t) + 1))
            weights.append(e.weight * acted / days)
        total = sum(weights)
        scores = sum(w * e.score for w, e in zip(weights, events, strict=True))
        value = 50 + 5 * scores / (parameters.prior_weight + total)
        alpha = total / (parameters.prior_weight + total)
        variance = (1 - alpha) ** 2 * parameters.prior_spread**2
        squares = sum(w * w for w in weights)
        if total > 0 and squares > 0:
            n_eff = total**2 / squares
            mean = scores / total
            spread = sum(w * (e.score - mean) ** 2 for w, e in zip(weights, events, strict=True))
            spread /= total
            spread = (n_eff * spread + parameters.prior_spread**2) / (n_eff + 1)
            variance += alpha**2 * spread / n_eff
        half = parameters.band_width * 5 * math.sqrt(variance)
        pulls = {e.id: w * abs(e.score) for w, e in zip(weights, events, strict=True)}
        total_pull = sum(pulls.values())
        result.append(
            {
                "month": month,
                "value": value,
                "low": max(0, value - half),
                "high": min(100, value + half),
                "weights": {e.id: w for w, e in zip(weights, events, strict=True)},
                "shares": {
                    event_id: pull / total_pull for event_id, pull in pulls.items() if pull > 0
                },
            }
        )
    return result


def test_no_events_is_neutral_with_the_prior_band():
    points = series([], since=D(2004, 1, 1), until=D(2004, 12, 1))
    assert [point.month for point in points] == [D(2004, m, 1) for m in range(1, 13)]
    for point in points:
        assert point.value == 50
        assert (point.low, point.high) == (35, 65)
        assert point.event_count == 0
        assert point.contributions == ()


def test_no_events_and_no_start_give_no_series():
    assert series([]) == []


def test_series_runs_from_the_first_event_month_to_until():
    points = series([event(1, D(2004, 3, 15), 4)], until=D(2005, 2, 10))
    assert points[0].month == D(2004, 3, 1)
    assert points[-1].month == D(2005, 2, 1)
    assert len(points) == 12


def test_series_starts_at_since_when_that_is_earlier():
    points = series([event(1, D(2004, 3, 15), 4)], since=D(2004, 1, 20), until=D(2004, 4, 1))
    assert [point.month for point in points] == [D(2004, m, 1) for m in (1, 2, 3, 4)]
    assert points[0].value == points[1].value == 50


def test_lone_event_decays_back_towards_neutral():
    points = series([event(1, D(2004, 1, 10), 8)], until=D(2009, 12, 1))
    values = [point.value for point in points]
    assert values[0] > 65
    assert all(later < earlier for earlier, later in zip(values, values[1:], strict=False))
    assert values[-1] - 50 < 1
    widths = [point.high - point.low for point in points]
    assert widths[-1] > widths[0]
    assert widths[-1] == pytest.approx(30, abs=0.5)


def test_cooperative_event_raises_and_conflictual_event_lowers():
    base = [event(1, D(2004, 1, 10), 2)]
    warmer = series([*base, event(2, D(2004, 6, 4), 8)])
    colder = series([*base, event(2, D(2004, 6, 4), -7)])
    neither = series(base)
    june = D(2004, 6, 1)
    assert at(warmer, june).value > at(neither, june).value > at(colder, june).value
    assert at(colder, june).value < 50


def test_months_before_an_event_are_untouched_by_it():
    base = [event(1, D(2004, 1, 10), 2)]
    before = series(base, until=D(2004, 5, 1))
    after = series([*base, event(2, D(2004, 6, 4), -9)], until=D(2004, 5, 1))
    assert before == after


def test_year_precision_event_does_not_act_fully_on_the_first_of_january():
    january = D(2005, 1, 1)
    pinned = series([event(1, january, 8)], until=D(2006, 1, 1))
    spread = series([event(1, january, 8, precision="year")], until=D(2006, 1, 1))
    # In January only 31 of its 365 days have passed: about a twelfth of the weight.
    weight = at(spread, january).effective_weight
    assert weight == pytest.approx(at(pinned, january).effective_weight * 31 / 365, rel=0.1)
    assert at(spread, january).value - 50 < (at(pinned, january).value - 50) / 5
    # Once the year is over it acts about like an event in the middle of the year.
    next_january = D(2006, 1, 1)
    mid_year = series([event(1, D(2005, 7, 2), 8)], until=next_january)
    december = series([event(1, D(2005, 12, 31), 8)], until=next_january)
    assert at(pinned, next_january).value < at(spread, next_january).value
    assert at(spread, next_january).value < at(december, next_january).value
    assert at(spread, next_january).value == pytest.approx(at(mid_year, next_january).value, abs=1)


def test_month_precision_event_acts_like_one_in_the_middle_of_the_month():
    spread = series([event(1, D(2005, 3, 1), -6, precision="month")], until=D(2005, 9, 1))
    middle = series([event(1, D(2005, 3, 16), -6)], until=D(2005, 9, 1))
    for month in (D(2005, 3, 1), D(2005, 9, 1)):
        assert at(spread, month).value == pytest.approx(at(middle, month).value, abs=0.1)


def test_band_narrows_with_more_agreeing_events():
    june = D(2004, 6, 1)
    widths = []
    for count in (1, 2, 4, 10):
        events = [event(i, D(2004, 6, 4), 6) for i in range(count)]
        point = at(series(events), june)
        widths.append(point.high - point.low)
    assert all(later < earlier for earlier, later in zip(widths, widths[1:], strict=False))


def test_band_widens_when_events_disagree():
    june = D(2004, 6, 1)
    agreeing = [event(i, D(2004, 6, 4), 5) for i in range(4)]
    disagreeing = [event(i, D(2004, 6, 4), score) for i, score in enumerate((10, 10, 0, 0))]
    calm, split = at(series(agreeing), june), at(series(disagreeing), june)
    assert calm.value == pytest.approx(split.value)
    assert split.high - split.low > calm.high - calm.low


def test_band_contains_the_value_and_stays_in_range():
    events = [event(i, D(2004, 6, 4), 10) for i in range(30)]
    for point in series(events):
        assert 0 <= point.low <= point.value <= point.high <= 100


def test_contributions_name_the_largest_pull_first_and_sum_to_at_most_one():
    events = [
        event(1, D(2004, 3, 15), -5),
        event(2, D(2004, 6, 4), 8),
        event(3, D(2004, 6, 4), 1, weight=0.5),
    ]
    june = at(series(events), D(2004, 6, 1))
    assert [item.event_id for item in june.contributions] == [2, 1, 3]
    assert sum(item.share for item in june.contributions) <= 1 + 1e-12
    assert june.contributions[0].share > 0.6


def test_contributions_keep_the_five_largest():
    events = [event(i, D(2004, 6, 4), score) for i, score in enumerate((1, -9, 3, 7, -2, 5, 10))]
    june = at(series(events), D(2004, 6, 1))
    assert [item.event_id for item in june.contributions] == [6, 1, 3, 5, 2]
    assert sum(item.share for item in june.contributions) < 1


def test_neutral_events_count_but_do_not_contribute():
    june = at(series([event(1, D(2004, 6, 4), 0)]), D(2004, 6, 1))
    assert june.event_count == 1
    assert june.value == 50
    assert june.contributions == ()


def test_faded_events_stop_counting_and_contributing():
    points = series([event(1, D(2004, 1, 10), 8)], until=D(2009, 12, 1))
    assert points[0].event_count == 1
    assert points[-1].event_count == 0
    assert points[-1].contributions == ()
    assert points[-1].value > 50  # still a trace in the value itself


def assert_agrees_with_reference(events, until):
    """Equal to rounding; an event exactly at the negligible threshold may count or not."""
    fast = series(events, until=until)
    slow = reference_temperature(events, until)
    negligible = PARAMETERS.negligible_weight
    assert len(fast) == len(slow)
    for point, expected in zip(fast, slow, strict=True):
        assert point.month == expected["month"]
        assert point.value == pytest.approx(expected["value"], abs=1e-9)
        assert point.low == pytest.approx(expected["low"], abs=1e-9)
        assert point.high == pytest.approx(expected["high"], abs=1e-9)
        surely = {i for i, w in expected["weights"].items() if w >= negligible * (1 + 1e-9)}
        maybe = {i for i, w in expected["weights"].items() if w >= negligible * (1 - 1e-9)}
        assert len(surely) <= point.event_count <= len(maybe)
        shares = expected["shares"]
        named = [item.event_id for item in point.contributions]
        assert set(named) <= maybe
        for item in point.contributions:
            assert item.share == pytest.approx(shares[item.event_id], abs=1.01e-4)
        # Nobody left out pulls more than the smallest named, unless at the threshold.
        smallest = min((shares[i] for i in named), default=0)
        left_out = [i for i in surely - set(named) if shares.get(i, 0) >= 1e-4]
        if len(named) < PARAMETERS.top_contributors:
            assert left_out == []
        else:
            assert all(shares[i] <= smallest + 1e-9 for i in left_out)


def test_sweep_agrees_with_the_direct_computation():
    events = [
        event(1, D(2004, 3, 1), -5, precision="month", weight=0.8),
        event(2, D(2004, 6, 4), 8),
        event(3, D(2004, 6, 4), 5.5),
        event(4, D(2004, 1, 1), -4, precision="year", weight=0.6),
        event(5, D(2005, 1, 1), 3, precision="year"),
        event(6, D(2005, 10, 31), -10, weight=0.3),
        event(7, D(2005, 2, 28), 0),
        event(8, D(2004, 6, 5), 1.9),
        event(9, D(2004, 6, 6), -2),
    ]
    assert_agrees_with_reference(events, D(2008, 12, 1))


def test_parameters_refuse_nonsense():
    with pytest.raises(ValueError, match="half_life_days"):
        TemperatureParameters(half_life_days=0)
    with pytest.raises(ValueError, match="prior_weight"):
        TemperatureParameters(prior_weight=-1)


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="outside"):
        series([event(1, D(2004, 1, 1), 11)])


def test_bands_are_symmetric_around_neutral():
    names = [temperature_band(value).name for value in (0, 34.9, 35, 44.9, 45, 55, 55.1, 65, 65.1)]
    assert names == ["cold", "cold", "cool", "cool", "neutral", "neutral", "warm", "warm", "close"]


def test_core_runs_without_django_settings():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import datetime, os;"
        "os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "from relations.temperature import *;"
        "e = TemperatureEvent(1, datetime.date(2004, 6, 4), 'day', 8.0);"
        "print(compute_temperature([e], until=datetime.date(2004, 7, 1),"
        " parameters=TemperatureParameters())[0].value > 50)"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.stdout.strip() == "True", result.stderr


DATES = st.dates(min_value=D(2004, 1, 1), max_value=D(2006, 12, 31))
# As the record stores them: scores to one decimal, confidences to two.
SCORES = st.integers(min_value=-100, max_value=100).map(lambda tenths: tenths / 10)
CONFIDENCES = st.integers(min_value=0, max_value=100).map(lambda hundredths: hundredths / 100)


@st.composite
def events_strategy(draw, min_size=0):
    drawn = draw(
        st.lists(
            st.tuples(
                DATES,
                st.sampled_from(["day", "month", "year"]),
                SCORES,
                CONFIDENCES,
            ),
            min_size=min_size,
            max_size=8,
        )
    )
    return [
        event(i, interval(date, precision)[0], score, precision, weight)
        for i, (date, precision, score, weight) in enumerate(drawn)
    ]


UNTIL = D(2008, 6, 1)


@settings(max_examples=60, deadline=None)
@given(events=events_strategy(min_size=1), data=st.data())
def test_raising_an_event_score_never_lowers_the_temperature(events, data):
    index = data.draw(st.integers(min_value=0, max_value=len(events) - 1))
    chosen = events[index]
    tenths = st.integers(min_value=round(chosen.score * 10), max_value=100)
    raised_score = data.draw(tenths.map(lambda value: value / 10))
    raised = [*events]
    raised[index] = event(chosen.id, chosen.date, raised_score, chosen.precision, chosen.weight)
    before = series(events, until=UNTIL)
    after = series(raised, until=UNTIL)
    for old, new in zip(before, after, strict=True):
        assert new.value >= old.value - 1e-9


@settings(max_examples=60, deadline=None)
@given(events=events_strategy(), date=DATES, precision=st.sampled_from(["day", "month", "year"]))
def test_adding_a_more_cooperative_event_never_lowers_the_temperature(events, date, precision):
    top_score = max([0.0, *(e.score for e in events)])
    start = interval(date, precision)[0]
    added = [*events, event(len(events), start, min(10.0, top_score + 1), precision)]
    since = D(2004, 1, 1)
    before = series(events, until=UNTIL, since=since)
    after = series(added, until=UNTIL, since=since)
    for old, new in zip(before, after, strict=True):
        assert new.value >= old.value - 1e-9
        if new.month < start.replace(day=1):
            assert new.value == pytest.approx(old.value, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(events=events_strategy(min_size=1))
def test_sweep_agrees_with_the_direct_computation_on_any_record(events):
    assert_agrees_with_reference(events, D(2009, 12, 1))


def test_event_faded_to_nothing_leaves_the_month_neutral_with_the_prior_band():
    points = series([event(1, D(1700, 1, 1), 8)], until=D(2017, 12, 1))
    last = points[-1]
    assert last.month == D(2017, 12, 1)
    assert last.effective_events == 0
    assert last.value == pytest.approx(50)
    assert (last.low, last.high) == pytest.approx((35, 65))
    assert last.event_count == 0
    assert last.contributions == ()

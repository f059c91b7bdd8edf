"""Who moved the temperature and what moved it: the directed series and the turning points.

Pure like relations.temperature, on which it builds: events and parameters in, plain frozen
dataclasses out. docs/methodology.md (sections 7 and 8) explains both for analysts.

* A **direction** is the temperature of one side's acts toward the other: the same model run
  on the events that side initiated, mutual acts included (each side counts as initiator of a
  joint act). Events whose sides are not coded count in the overall series only.
* A **turning point** is a month whose value moved five points or more from the month before.
  Its move is split exactly. Last month's weights, decayed to this month's end, give the value
  `base`: `fading` is base minus last month's value, the drift back to neutral. What each event
  gained beyond its decayed weight (all of it for an event of this month, a month's share for
  a year-only date still running) moves the value from base: with W the month's total weight,
  event e's part is 5 g_e (s_e − base) / (w0 + W), since (N + Σ g_e s_e) / (D + Σ g_e) − N / D
  is exactly Σ g_e (s_e − N/D) / (D + Σ g_e). So an event counts by how far its score lies
  from where the relationship stood, and fading and parts add up to the move. Each named
  event's share is its part of all the parts that moved the value the move's way.
"""

from __future__ import annotations

import datetime
import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from relations.temperature import (
    NEUTRAL,
    POINTS_PER_SCORE,
    MonthTemperature,
    TemperatureEvent,
    TemperatureParameters,
    compute_prepared_temperature,
    decay_rate,
    is_turning_point,
    prepare_events,
)

OVERALL = ""  # the direction key of the series of all events, whoever acted
TOP_MOVERS = 5  # events a turning point names, largest part in the move's direction first
GAINED_NOTHING = 1e-12  # rounding noise: a completed event only decays from month to month


def acting_sides(
    *, initiator: str | None, target: str | None, mutual: bool, pair: tuple[str, str]
) -> frozenset[str]:
    """The codes of the sides that acted: both for a mutual act, none where nothing is coded.

    An event coded with its target alone was initiated by the pair's other side.
    """
    if mutual:
        return frozenset(pair)
    if initiator:
        return frozenset({initiator})
    if target in pair:
        return frozenset({pair[1] if target == pair[0] else pair[0]})
    return frozenset()


def compute_directed_temperature(
    events: Iterable[TemperatureEvent],
    *,
    pair: tuple[str, str],
    until: datetime.date,
    parameters: TemperatureParameters,
    since: datetime.date | None = None,
) -> dict[str, list[MonthTemperature]]:
    """The overall series (key OVERALL) and each side's (key: its code), over the same months.

    A side that initiated nothing reads neutral throughout, with the prior's band.
    """
    events = list(events)
    # Prepared once for the three sweeps: preparing is about a quarter of a sweep's cost.
    prepared = prepare_events(events, decay_rate(parameters))
    overall = compute_prepared_temperature(
        prepared, until=until, since=since, parameters=parameters
    )
    directed = {OVERALL: overall}
    if not overall:
        return directed
    first = overall[0].month
    for side in pair:
        own = [ready for event, ready in zip(events, prepared, strict=True) if side in event.sides]
        directed[side] = compute_prepared_temperature(
            own, until=until, since=first, parameters=parameters
        )
    return directed


@dataclass(frozen=True, slots=True)
class EventMove:
    """One event's part of a turning point's move."""

    event_id: int
    points: float  # its part of the move, in temperature points (signed)
    share: float  # its part of all the parts that moved the value the move's way (0..1)


@dataclass(frozen=True, slots=True)
class TurningPoint:
    """A month that moved five points or more from the month before, and the events that did."""

    month: datetime.date  # first day of the month
    previous_value: float
    value: float
    movers: tuple[EventMove, ...]  # the largest parts in the move's direction, largest first
    pushed: float  # sum of every part in the move's direction, named or not
    fading: float  # the drift back to neutral of last month's state (signed points)

    @property
    def change(self) -> float:
        return self.value - self.previous_value

    @property
    def opposed(self) -> float:
        """The parts that pulled the other way: the move is `pushed + opposed`."""
        return self.change - self.pushed


def _month_end(month: datetime.date) -> int:
    """Ordinal of the last day of the month that starts on `month`."""
    index = month.year * 12 + month.month
    return datetime.date(index // 12, index % 12 + 1, 1).toordinal() - 1


def turning_points(
    events: Iterable[TemperatureEvent],
    series: Sequence[MonthTemperature],
    *,
    parameters: TemperatureParameters,
    top: int = TOP_MOVERS,
) -> list[TurningPoint]:
    """The turning points of `series` (computed from `events` with `parameters`), each with
    the events whose parts of the move were largest in its direction."""
    moves = [
        (previous, current)
        for previous, current in zip(series, series[1:], strict=False)
        if is_turning_point(previous.value, current.value)
    ]
    if not moves:  # the usual case for a busy record, whose mean moves slowly
        return []
    rate = decay_rate(parameters)
    last_day = _month_end(moves[-1][1].month)
    prepared = sorted(
        (event for event in prepare_events(events, rate) if event.start <= last_day),
        key=lambda event: event.start,
    )
    starts = [event.start for event in prepared]
    prior_weight = parameters.prior_weight
    found = []
    for previous, current in moves:
        before, after = _month_end(previous.month), _month_end(current.month)
        step = math.exp(-rate * (after - before))
        # Last month's weights, decayed to this month's end, are the base the month moves
        # from; what each event gained beyond that (a new event all of its weight, a year-only
        # date still running its month's share) is what moved it.
        earlier_weight = earlier_scores = 0.0
        fresh = []  # (weight gained this month, event)
        for event in prepared[: bisect_right(starts, after)]:
            then = event.weight_at(before, rate) * step if event.start <= before else 0.0
            earlier_weight += then
            earlier_scores += then * event.score
            gained = event.weight_at(after, rate) - then
            if gained > GAINED_NOTHING:
                fresh.append((gained, event))
        base = earlier_scores / (prior_weight + earlier_weight)  # score units
        denominator = prior_weight + earlier_weight + sum(weight for weight, _ in fresh)
        change = current.value - previous.value
        fading = POINTS_PER_SCORE * base - (previous.value - NEUTRAL)
        parts = [
            (POINTS_PER_SCORE * weight * (event.score - base) / denominator, event.id)
            for weight, event in fresh
        ]
        parts = [(points, event_id) for points, event_id in parts if points * change > 0]
        parts.sort(key=lambda item: (-abs(item[0]), item[1]))
        pushed = sum(points for points, _ in parts) + (fading if fading * change > 0 else 0.0)
        found.append(
            TurningPoint(
                month=current.month,
                previous_value=previous.value,
                value=current.value,
                movers=tuple(
                    EventMove(
                        event_id=event_id, points=points, share=points / pushed if pushed else 0.0
                    )
                    for points, event_id in parts[:top]
                ),
                pushed=pushed,
                fading=fading,
            )
        )
    return found

"""The relationship temperature: a causal, decaying, shrunk average of event scores, by month.

Pure: no ORM, no clock, no settings. Events and parameters come in as frozen dataclasses and a
list of monthly points goes out. docs/methodology.md explains the model for analysts.

In short, at the last day t of every month:

    T(t) = sum(w_e * s_e * k_e(t)) / (w0 + sum(w_e * k_e(t)))      over events begun by t
    value = 50 + 5 * T(t)                                          (scores -10..+10 -> 0..100)

where k_e is the exponential decay of event e (half-life h days) averaged over the days its
reported date may stand for (a day, a month or a year), and w0 a prior weight at score 0 that
never decays, so the value returns to neutral when nothing is reported.
"""

from __future__ import annotations

import dataclasses
import datetime
import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from articles.dates import interval

NEUTRAL = 50.0
POINTS_PER_SCORE = 5.0  # 50 + 5 x score maps the -10..+10 scale onto 0..100
SCORE_LIMIT = 10.0
TURNING_POINT_THRESHOLD = 5.0  # a move of this many points from one month to the next


@dataclass(frozen=True)
class TemperatureParameters:
    """The model's knobs; defaults are the documented ones (docs/methodology.md)."""

    half_life_days: float = 180.0
    prior_weight: float = 1.0  # w0: a never-fading neutral pseudo-event
    prior_spread: float = 3.0  # score points: the band when nothing is known (50 +/- 15)
    band_width: float = 1.0  # standard errors either side of the value
    negligible_weight: float = 0.05  # decayed weight under which an event no longer counts
    top_contributors: int = 5

    def __post_init__(self) -> None:
        for name in ("half_life_days", "prior_weight", "prior_spread", "band_width"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r}")
        if not (math.isfinite(self.negligible_weight) and self.negligible_weight > 0):
            raise ValueError(f"negligible_weight must be positive, got {self.negligible_weight!r}")
        if self.top_contributors < 0:
            raise ValueError(f"top_contributors cannot be negative, got {self.top_contributors}")


@dataclass(frozen=True, slots=True)
class TemperatureEvent:
    """One event as the model sees it: a reported date, a score and a weight."""

    id: int
    date: datetime.date  # first day of the reported interval
    precision: str  # "day", "month" or "year" (articles.dates.DatePrecision)
    score: float  # -10 (conflict) .. +10 (cooperation)
    weight: float = 1.0  # the record's confidence, 0..1
    # The acting sides' country codes: one, both for a mutual act, none where not coded.
    sides: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Contribution:
    """An event's share of a month's total absolute pull away from neutral."""

    event_id: int
    share: float


@dataclass(frozen=True, slots=True)
class MonthTemperature:
    """The temperature at the end of one month."""

    month: datetime.date  # first day of the month
    value: float
    low: float
    high: float
    event_count: int  # events whose decayed weight is not negligible
    effective_weight: float  # sum of decayed weights, in fully confident fresh events
    effective_events: float  # Kish's effective number of events
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class Band:
    name: str
    label: str


BANDS = (
    Band("cold", "Cold / hostile"),
    Band("cool", "Cool"),
    Band("neutral", "Neutral"),
    Band("warm", "Warm"),
    Band("close", "Close"),
)


def temperature_band(value: float) -> Band:
    """Below 35 cold, 35-45 cool, 45-55 neutral, 55-65 warm, above 65 close (symmetric)."""
    if value < 35:
        return BANDS[0]
    if value < 45:
        return BANDS[1]
    if value <= 55:
        return BANDS[2]
    if value <= 65:
        return BANDS[3]
    return BANDS[4]


def is_turning_point(previous: float | None, current: float) -> bool:
    """A move of at least five points since the month before."""
    return previous is not None and abs(current - previous) >= TURNING_POINT_THRESHOLD


def month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_ends(first: datetime.date, last: datetime.date) -> list[int]:
    """Ordinals of the last day of every month from `first` to `last` (first days of months)."""
    ends = []
    month = first
    while month <= last:
        ends.append(_add_months(month, 1).toordinal() - 1)
        month = _add_months(month, 1)
    return ends


def _floor4(share: float) -> float:
    """Round a share down to four decimals, so that a month's shares never sum above 1.

    The tolerance keeps a share of exactly 0.4, computed as 0.39999999999, at 0.4.
    """
    return math.floor(share * 10_000 + 1e-6) / 10_000


def _rank(candidate: tuple[float, int]) -> tuple[float, int]:
    """Largest pull first; pulls equal to nine digits (rounding noise apart) by event id."""
    return (-float(f"{candidate[0]:.9g}"), candidate[1])


class PreparedEvent:
    """An event reduced to numbers: its day interval [start, end] and its decay factors."""

    __slots__ = ("id", "score", "weight", "start", "end", "days", "spread")

    def __init__(self, event: TemperatureEvent, start: int, end: int, rate: float):
        self.id = event.id
        self.score = float(event.score)
        self.weight = float(event.weight)
        self.start = start
        self.end = end
        self.days = end - start + 1
        # Mean of the kernel over the interval, seen from its last day: a date known only to
        # the month or year acts as if spread evenly over its days, not pinned to the first.
        self.spread = _elapsed_share(self.days, self.days, rate)

    def weight_at(self, day: int, rate: float) -> float:
        """Decayed weight on `day` (an ordinal no earlier than the interval's first day)."""
        if day >= self.end:
            return self.weight * self.spread * math.exp(-rate * (day - self.end))
        # Part of the interval is still ahead: only the days up to `day` have acted.
        return self.weight * _elapsed_share(day - self.start + 1, self.days, rate)


def _elapsed_share(elapsed: int, days: int, rate: float) -> float:
    """Sum of the decay over the last `elapsed` days of a `days`-day spread, divided by `days`.

    (1 - q**elapsed) / (days * (1 - q)) with q = exp(-rate), written to stay exact for long
    half-lives.
    """
    return math.expm1(-rate * elapsed) / (days * math.expm1(-rate))


def decay_rate(parameters: TemperatureParameters) -> float:
    """The kernel's rate per day: ln 2 over the half-life."""
    return math.log(2) / parameters.half_life_days


def prepare_events(events: Iterable[TemperatureEvent], rate: float) -> list[PreparedEvent]:
    """Check every event and reduce it to its day interval and decay factors."""
    prepared = []
    intervals: dict[tuple[datetime.date, str], tuple[int, int]] = {}
    for event in events:
        if not -SCORE_LIMIT <= event.score <= SCORE_LIMIT:
            raise ValueError(f"event {event.id}: score {event.score} is outside -10..+10")
        if not (math.isfinite(event.weight) and event.weight >= 0):
            raise ValueError(f"event {event.id}: weight {event.weight} must be 0 or more")
        key = (event.date, event.precision)
        bounds = intervals.get(key)
        if bounds is None:
            first, last = interval(event.date, event.precision)
            bounds = intervals[key] = (first.toordinal(), last.toordinal())
        prepared.append(PreparedEvent(event, bounds[0], bounds[1], rate))
    return prepared


@dataclass(slots=True)
class _Sums:
    """Weighted running sums of events' scores: all a month's value and band are made of."""

    weight: float = 0.0
    scores: float = 0.0
    squares: float = 0.0
    pull: float = 0.0
    squared_weight: float = 0.0

    def add(self, weight: float, score: float) -> None:
        self.weight += weight
        self.scores += weight * score
        self.squares += weight * score * score
        self.pull += weight * abs(score)
        self.squared_weight += weight * weight

    def decay(self, step: float) -> None:
        self.weight *= step
        self.scores *= step
        self.squares *= step
        self.pull *= step
        self.squared_weight *= step * step


def compute_temperature(
    events: Iterable[TemperatureEvent],
    *,
    until: datetime.date,
    parameters: TemperatureParameters,
    since: datetime.date | None = None,
) -> list[MonthTemperature]:
    """The monthly series from the earlier of `since` and the first event's month to `until`.

    Every month is evaluated on its last day and sees only the events begun by then.
    Without events and without `since` the series is empty.
    """
    rate = decay_rate(parameters)
    return compute_prepared_temperature(
        prepare_events(events, rate), until=until, parameters=parameters, since=since
    )


def compute_prepared_temperature(
    prepared: list[PreparedEvent],
    *,
    until: datetime.date,
    parameters: TemperatureParameters,
    since: datetime.date | None = None,
) -> list[MonthTemperature]:
    """compute_temperature on events already prepared (with `decay_rate(parameters)`): several
    series drawn from one set of events prepare them once."""
    rate = decay_rate(parameters)
    starts = [event.start for event in prepared]
    if since is not None:
        starts.append(since.toordinal())
    if not starts:
        return []
    first_month = month_start(datetime.date.fromordinal(min(starts)))
    last_month = month_start(until)
    if last_month < first_month:
        return []
    month_ends = _month_ends(first_month, last_month)
    month_count = len(month_ends)

    prior_weight = parameters.prior_weight
    prior_variance = parameters.prior_spread**2
    negligible = parameters.negligible_weight
    top = parameters.top_contributors
    log_negligible = math.log(negligible)

    # Events join the running sums in the month their interval ends. Those whose interval
    # runs past the end of the month they began in are "in progress" until then and are
    # evaluated directly every month (only year-precision dates, at most twelve months each).
    by_end = sorted(
        (event for event in prepared if event.start <= month_ends[-1]), key=lambda e: e.end
    )
    in_progress_queue = sorted(
        (e for e in by_end if month_ends[bisect_left(month_ends, e.start)] < e.end),
        key=lambda e: e.start,
    )

    sums = _Sums()  # of the completed events, decayed to the month's end
    counted = 0  # completed events not yet negligible
    expiring = [0] * (month_count + 1)
    # Max-heap of completed events by a time-invariant key: every event decays at the same
    # rate, so their order by pull never changes once they are complete.
    heap: list[tuple[float, int, int]] = []  # (-(log pull + rate * end), event id, expiry)
    in_progress: list[PreparedEvent] = []
    end_pointer = queue_pointer = 0
    previous_end = month_ends[0]
    series = []

    for index, month_end in enumerate(month_ends):
        sums.decay(math.exp(-rate * (month_end - previous_end)))
        previous_end = month_end

        while end_pointer < len(by_end) and by_end[end_pointer].end <= month_end:
            event = by_end[end_pointer]
            end_pointer += 1
            sums.add(event.weight_at(month_end, rate), event.score)
            full = event.weight * event.spread
            if full <= 0:
                continue
            # The event is negligible from the first month ending more than this many days
            # after its interval: weight * spread * exp(-rate * days) < negligible.
            expiry = bisect_right(month_ends, event.end + (math.log(full) - log_negligible) / rate)
            expiry = max(expiry, index)
            if expiry == index:
                continue
            counted += 1
            expiring[expiry] += 1
            full_pull = full * abs(event.score)
            if full_pull > 0:
                key = math.log(full_pull) + rate * event.end
                heapq.heappush(heap, (-key, event.id, expiry))
        counted -= expiring[index]

        # In progress: begun by this month's end, ending after it.
        while (
            queue_pointer < len(in_progress_queue)
            and in_progress_queue[queue_pointer].start <= month_end
        ):
            in_progress.append(in_progress_queue[queue_pointer])
            queue_pointer += 1
        in_progress = [event for event in in_progress if event.end > month_end]
        month_sums = dataclasses.replace(sums)
        event_count = counted
        candidates: list[tuple[float, int]] = []  # (pull, event id)
        for event in in_progress:
            weight = event.weight_at(month_end, rate)
            month_sums.add(weight, event.score)
            if weight >= negligible:
                event_count += 1
                pull = weight * abs(event.score)
                if pull > 0:
                    candidates.append((pull, event.id))

        # The largest completed contributors still counted; expired ones leave the heap.
        kept = []
        while heap and len(kept) < top:
            item = heapq.heappop(heap)
            if item[2] <= index:
                continue
            kept.append(item)
            candidates.append((math.exp(-item[0] - rate * month_end), item[1]))
        for item in kept:
            heapq.heappush(heap, item)

        series.append(
            _month_point(
                month=_add_months(first_month, index),
                sums=month_sums,
                event_count=event_count,
                candidates=candidates,
                prior_weight=prior_weight,
                prior_variance=prior_variance,
                band_width=parameters.band_width,
                top=top,
            )
        )
    return series


def _month_point(
    *,
    month: datetime.date,
    sums: _Sums,
    event_count: int,
    candidates: list[tuple[float, int]],
    prior_weight: float,
    prior_variance: float,
    band_width: float,
    top: int,
) -> MonthTemperature:
    weight, scores, squares = sums.weight, sums.scores, sums.squares
    temperature = scores / (prior_weight + weight)  # score units, shrunk towards 0
    value = min(100.0, max(0.0, NEUTRAL + POINTS_PER_SCORE * temperature))

    # The band mixes, in the proportions the value mixes them, the uncertainty of the events'
    # weighted mean (their spread over the square root of Kish's effective number) and the
    # width of the neutral prior. With nothing known it is the prior band, 50 +/- 15.
    share_of_events = weight / (prior_weight + weight)
    variance = (1 - share_of_events) ** 2 * prior_variance
    effective_events = 0.0
    if weight > 0 and sums.squared_weight > 0:
        effective_events = weight * weight / sums.squared_weight
    # Events faded so far that their weight squared underflows count as none: the prior band.
    if effective_events > 0:
        mean = scores / weight
        spread = max(0.0, squares / weight - mean * mean)
        # The observed spread is shrunk towards the prior spread as if that were one event.
        spread = (effective_events * spread + prior_variance) / (effective_events + 1)
        variance += share_of_events**2 * spread / effective_events
    half_width = band_width * POINTS_PER_SCORE * math.sqrt(variance)

    # Many year-long events can be in progress at once: rank only the largest few exactly.
    largest = heapq.nsmallest(2 * top, candidates, key=lambda item: (-item[0], item[1]))
    chosen = sorted(largest, key=_rank)[:top]
    total = max(sums.pull, sum(candidate[0] for candidate in chosen))
    shares = ((event_id, _floor4(event_pull / total)) for event_pull, event_id in chosen)
    contributions = tuple(
        Contribution(event_id=event_id, share=share) for event_id, share in shares if share > 0
    )
    return MonthTemperature(
        month=month,
        value=value,
        low=max(0.0, value - half_width),
        high=min(100.0, value + half_width),
        event_count=event_count,
        effective_weight=weight,
        effective_events=effective_events,
        contributions=contributions,
    )

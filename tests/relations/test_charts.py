"""relations.charts: plain dataclasses in, figures and tables out. No database."""

import datetime

import plotly.graph_objects as go
import pytest

from relations import charts
from relations.charts import (
    AgreementSpan,
    Contributor,
    EventMarker,
    MetricPoint,
    MetricSeries,
    TemperatureMonth,
)

D = datetime.date


def month(year: int, number: int, value: float, *, spread: float = 6.0, events: int = 1):
    return TemperatureMonth(D(year, number, 1), value, value - spread, value + spread, events)


POINTS = [month(2004, 1, 40.0), month(2004, 2, 52.5), month(2004, 3, 61.3), month(2004, 4, 58)]

EVENTS = [
    EventMarker(
        id=1,
        url="/events/1/",
        occurred_on=D(2004, 3, 15),
        precision="day",
        date_display="15 March 2004",
        title="Dushanbe asks the guards to leave <now>",
        category="Demand",
        score=-5.0,
        weight=5.0,
        source="New low — RFE/RL, 15 March 2004",
    ),
    EventMarker(
        id=2,
        url="/events/2/",
        occurred_on=D(2004, 6, 1),
        precision="month",
        date_display="June 2004",
        title="Summit in Sochi",
        category="Express intent to cooperate",
        score=4.0,
        weight=3.2,
    ),
    EventMarker(
        id=3,
        url="/events/3/",
        occurred_on=D(2003, 1, 1),
        precision="year",
        date_display="2003",
        title="Border deal lapses",
        category="Reject",
        score=-4.0,
        weight=4.0,
    ),
]


def agreement(pk, title, signed, expires=None, *, extends=None, extends_title=""):
    return AgreementSpan(
        id=pk,
        url=f"/agreements/a-{pk}/",
        title=title,
        kind="Agreement",
        status="In force",
        signed_on=signed,
        signed_display=f"{signed:%Y}" if signed else "",
        expires_on=expires,
        expires_display=f"{expires:%Y}" if expires else "",
        extends_id=extends,
        extends_title=extends_title,
    )


AGREEMENTS = [
    agreement(1, "Base deal", D(1993, 1, 1), D(2014, 1, 1)),
    agreement(
        2,
        "Base extension to 2042",
        D(2012, 10, 5),
        D(2042, 1, 1),
        extends=1,
        extends_title="Base deal",
    ),
    agreement(3, "Debt for Nurek", D(2004, 10, 16)),
    agreement(4, "Joint border group", D(2004, 10, 16)),
    agreement(5, "Draft never signed", None),
]


def trace(figure, meta):
    (found,) = [item for item in figure.data if item.meta == meta]
    return found


def test_timeline_draws_one_marker_per_event_with_its_page_in_customdata():
    figure = charts.timeline_figure(POINTS, EVENTS, AGREEMENTS)
    events = trace(figure, "events")
    assert len(events.x) == len(EVENTS)
    assert list(events.customdata) == ["/events/1/", "/events/2/", "/events/3/"]
    assert list(events.y) == [-5.0, 4.0, -4.0]
    assert list(events.marker.symbol) == ["circle", "circle-open", "circle-open"]


def test_event_hover_names_date_score_and_source_and_escapes_titles():
    figure = charts.timeline_figure(POINTS, EVENTS)
    hover = trace(figure, "events").hovertext[0]
    assert "15 March 2004" in hover
    assert "Score -5.0" in hover
    assert "Source: New low — RFE/RL, 15 March 2004" in hover
    assert "&lt;now&gt;" in hover and "<now>" not in hover


def test_heavier_events_get_bigger_markers():
    sizes = list(trace(charts.timeline_figure(POINTS, EVENTS), "events").marker.size)
    assert sizes[0] > sizes[2] > sizes[1]


def test_timeline_draws_the_band_as_low_and_high_traces_around_the_line():
    figure = charts.timeline_figure(POINTS, EVENTS)
    low, high, line = (
        trace(figure, "band-low"),
        trace(figure, "band-high"),
        trace(figure, "temperature"),
    )
    assert high.fill == "tonexty"
    assert figure.data.index(low) == figure.data.index(high) - 1
    assert list(line.y) == [40.0, 52.5, 61.3, 58.0]
    assert all(a <= b <= c for a, b, c in zip(low.y, line.y, high.y, strict=True))
    # Coloured cold to warm: marker colours follow the values on a diverging scale.
    assert list(line.marker.color) == list(line.y)
    assert line.marker.colorscale[0][1] != line.marker.colorscale[-1][1]


def test_timeline_marks_each_signature_date_once_with_a_line_and_a_label():
    figure = charts.timeline_figure(POINTS, EVENTS, AGREEMENTS)
    labels = [item for item in figure.layout.annotations if item.name.startswith("signature-")]
    lines = [item for item in figure.layout.shapes if (item.name or "").startswith("signature-")]
    # Three signed dates: 1993, 2012 and 2004-10-16 (two agreements); the unsigned one is left out.
    assert sorted(item.name for item in labels) == [
        "signature-1993-01-01",
        "signature-2004-10-16",
        "signature-2012-10-05",
    ]
    assert sorted(item.x0 for item in lines) == ["1993-01-01", "2004-10-16", "2012-10-05"]
    shared = next(item for item in labels if item.name == "signature-2004-10-16")
    assert "2 agreements" in shared.text
    assert "Debt for Nurek" in shared.hovertext and "Joint border group" in shared.hovertext


def test_close_signature_labels_do_not_share_a_row():
    crowded = [
        agreement(index, f"Agreement number {index}", D(2004, 1 + index, 1)) for index in range(3)
    ]
    figure = charts.timeline_figure(
        POINTS, [], crowded, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)
    )
    rows = [item.y for item in figure.layout.annotations if item.name.startswith("signature-")]
    assert len(set(rows)) == 3


def test_timeline_opens_on_the_relationship_period_even_when_data_runs_beyond():
    figure = charts.timeline_figure(
        POINTS, EVENTS, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)
    )
    assert list(figure.layout.xaxis.range) == ["2004-01-01", "2017-12-31"]


def test_timeline_without_a_period_opens_on_its_data():
    figure = charts.timeline_figure(POINTS, EVENTS)
    assert list(figure.layout.xaxis.range) == ["2003-01-01", "2004-06-01"]


def test_timeline_table_rows_are_the_drawn_numbers():
    figure = charts.timeline_figure(POINTS, EVENTS)
    table = charts.timeline_table(POINTS)
    line, low, high = (
        trace(figure, "temperature"),
        trace(figure, "band-low"),
        trace(figure, "band-high"),
    )
    assert table.columns[:4] == ("month", "temperature", "low", "high")
    assert [row[0] for row in table.rows] == list(line.x)
    assert [row[1] for row in table.rows] == list(line.y)
    assert [row[2] for row in table.rows] == list(low.y)
    assert [row[3] for row in table.rows] == list(high.y)


def test_events_table_rows_are_the_drawn_markers():
    figure = charts.timeline_figure(POINTS, EVENTS)
    table = charts.events_table(EVENTS)
    events = trace(figure, "events")
    assert [row[0] for row in table.rows] == list(events.x)
    assert [row[4] for row in table.rows] == list(events.y)
    assert [row[2] for row in table.rows] == [event.title for event in EVENTS]


def test_story_names_coldest_and_warmest_month_in_the_period_and_what_moved_them():
    points = [month(2003, 12, 20.0), *POINTS, month(2018, 1, 90.0)]
    story = charts.timeline_story(
        points,
        {D(2004, 1, 1): [Contributor("Guards told to leave", 0.6)]},
        period_start=D(2004, 1, 1),
        period_end=D(2017, 12, 31),
    )
    assert story.coldest.month == D(2004, 1, 1)
    assert story.warmest.month == D(2004, 3, 1)
    assert story.latest.month == D(2004, 4, 1)
    assert "January 2004" in story.caption and "“Guards told to leave”" in story.caption
    assert "March 2004 at 61" in story.caption


def test_story_without_points_says_so():
    story = charts.timeline_story([], {})
    assert story.latest is None and "No temperature" in story.caption


@pytest.mark.parametrize(
    ("value", "band"), [(20, "cold"), (40, "cool"), (50, "neutral"), (60, "warm"), (80, "close")]
)
def test_band_labels_follow_the_temperature_model(value, band):
    assert charts.band_label(value) == band


def point(value, start, *, qualifier="exact", claimed=False, claimed_by="", source="A — P"):
    return MetricPoint(
        period_start=start,
        period_display=f"{start:%Y}",
        value=value,
        unit="USD",
        qualifier=qualifier,
        qualifier_label=qualifier,
        claimed=claimed,
        claimed_by=claimed_by,
        source=source,
        url="/metrics/debt/",
    )


DEBT = MetricSeries(
    slug="debt",
    name="Debt",
    unit="USD",
    url="/metrics/debt/",
    points=(
        point(300e6, D(2004, 1, 1)),
        point(250e6, D(2008, 1, 1), qualifier="claimed", claimed=True, claimed_by="Moscow"),
        point(200e6, D(2010, 1, 1), qualifier="approximate"),
    ),
)


def test_metric_figure_draws_claimed_figures_apart_from_reported_ones():
    figure = charts.metric_figure(DEBT)
    reported, claimed = trace(figure, "reported"), trace(figure, "claimed")
    assert list(reported.y) == [300e6, 200e6]
    assert list(claimed.y) == [250e6]
    assert claimed.marker.symbol != reported.marker.symbol
    assert "Claimed by Moscow" in claimed.hovertext[0]
    assert "Source: A — P" in reported.hovertext[0]
    assert "2004" in reported.hovertext[0] and "USD 300 million" in reported.hovertext[0]


def test_metric_table_rows_are_the_drawn_points_in_trace_order():
    figure = charts.metric_figure(DEBT)
    table = charts.metric_table(DEBT)
    drawn = [
        (x, y)
        for meta in ("reported", "claimed")
        for x, y in zip(trace(figure, meta).x, trace(figure, meta).y, strict=True)
    ]
    assert [(row[0], row[2]) for row in table.rows] == drawn
    assert "relationship" not in table.columns


def test_metric_figure_spans_the_period_when_points_are_few():
    figure = charts.metric_figure(DEBT, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31))
    start, end = figure.layout.xaxis.range
    assert start < "2004-01-01" and end > "2017-12-31"


def test_agreements_figure_draws_a_bar_from_signature_to_expiry_or_to_the_period_end():
    until = D(2017, 12, 31)
    figure = charts.agreements_figure(AGREEMENTS, until=until)
    bars = trace(figure, "agreements")
    assert len(bars.base) == 4  # the unsigned draft has no bar
    table = charts.agreements_table(AGREEMENTS, until=until)
    for base, duration, row in zip(bars.base, bars.x, table.rows, strict=True):
        start = D.fromisoformat(base)
        assert row[3] == base
        assert start + datetime.timedelta(milliseconds=duration) == D.fromisoformat(row[5])
    drawn_to = {row[0]: row[5] for row in table.rows}
    assert drawn_to["Debt for Nurek"] == "2017-12-31"
    assert drawn_to["Base extension to 2042"] == "2042-01-01"


def test_open_ended_agreements_are_labelled_and_extensions_linked():
    figure = charts.agreements_figure(AGREEMENTS, until=D(2017, 12, 31))
    names = {item.name: item for item in figure.layout.annotations}
    assert "open-ended-3" in names and "open-ended-4" in names
    assert "open-ended-1" not in names
    link = names["extends-2"]
    bars = trace(figure, "agreements")
    assert link.showarrow and link.x == "2012-10-05"
    # From the base deal's row (signed first, so row 0) to the extension's row.
    assert (link.ay, link.y) == (bars.y[0], bars.y[list(bars.base).index("2012-10-05")])


def test_agreement_titles_sit_above_their_bars():
    figure = charts.agreements_figure(AGREEMENTS, until=D(2017, 12, 31))
    labels = [item for item in figure.layout.annotations if item.name.startswith("label-")]
    assert len(labels) == 4
    assert figure.layout.yaxis.showticklabels is False


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (300_000_000, "USD", "USD 300 million"),
        (2.5e9, "USD", "USD 2.5 billion"),
        (7000, "persons", "7,000 persons"),
        (47, "%", "47%"),
        (0.35, "ratio", "0.35 ratio"),
    ],
)
def test_quantities_read_as_a_person_says_them(value, unit, expected):
    assert charts.format_quantity(value, unit) == expected


def test_every_figure_passes_plotly_validation():
    # The charts skip plotly.py's validation for speed; rebuilding with it on checks them.
    figures = [
        charts.timeline_figure(POINTS, EVENTS, AGREEMENTS, period_start=D(2004, 1, 1)),
        charts.timeline_figure([], []),
        charts.metric_figure(DEBT, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)),
        charts.agreements_figure(AGREEMENTS, until=D(2017, 12, 31)),
        charts.agreements_figure([], until=D(2017, 12, 31)),
    ]
    for figure in figures:
        go.Figure(figure.to_plotly_json())  # raises ValueError on any invalid property


def test_figures_carry_no_default_template():
    figure = charts.metric_figure(DEBT)
    assert figure.to_plotly_json()["layout"]["template"] == {}


def test_pages_ship_exactly_what_the_figures_hold():
    until = D(2017, 12, 31)
    pairs = [
        (
            charts.timeline_spec(POINTS, EVENTS, AGREEMENTS),
            charts.timeline_figure(POINTS, EVENTS, AGREEMENTS),
        ),
        (charts.metric_spec(DEBT), charts.metric_figure(DEBT)),
        (
            charts.agreements_spec(AGREEMENTS, until=until),
            charts.agreements_figure(AGREEMENTS, until=until),
        ),
    ]
    for spec, figure in pairs:
        assert figure.to_plotly_json() == spec


def test_signature_labels_that_find_no_room_keep_only_their_mark():
    crowded = [
        agreement(index, f"Agreement number {index}", D(2004, 1 + index, 1)) for index in range(6)
    ]
    figure = charts.timeline_figure(
        POINTS, [], crowded, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)
    )
    labels = [item for item in figure.layout.annotations if item.name.startswith("signature-")]
    assert len(labels) == 6
    assert [item.text for item in labels].count("✎") == 3
    assert all("Agreement number" in item.hovertext for item in labels)

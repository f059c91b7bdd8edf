"""relations.charts: plain dataclasses in, plotly JSON and tables out. No database."""

import datetime

import plotly.graph_objects as go
import pytest

from relations.charts.agreements import agreements_spec
from relations.charts.inputs import (
    AgreementSpan,
    Contributor,
    EventMarker,
    MetricPoint,
    MetricSeries,
    TemperatureMonth,
)
from relations.charts.labels import format_quantity
from relations.charts.metrics import metric_spec
from relations.charts.style import band_label
from relations.charts.tables import (
    Table,
    agreements_table,
    events_table,
    metric_table,
    timeline_table,
)
from relations.charts.timeline import timeline_spec, timeline_story

D = datetime.date


def month(year: int, number: int, value: float, *, spread: float = 6.0, events: int = 1):
    return TemperatureMonth(D(year, number, 1), value, value - spread, value + spread, events)


POINTS = [month(2004, 1, 40.0), month(2004, 2, 52.5), month(2004, 3, 61.3), month(2004, 4, 58)]


def marker(pk, occurred_on, precision, date_display, title, category, score, weight, **extra):
    return EventMarker(
        id=pk,
        url=f"/events/{pk}/",
        occurred_on=occurred_on,
        precision=precision,
        date_display=date_display,
        title=title,
        category=category,
        score=score,
        weight=weight,
        **extra,
    )


EVENTS = [
    marker(
        1,
        D(2004, 3, 15),
        "day",
        "15 March 2004",
        "Dushanbe asks the guards to leave <now>",
        "Demand",
        -5.0,
        5.0,
        source="New low — RFE/RL, 15 March 2004",
    ),
    marker(
        2,
        D(2004, 6, 1),
        "month",
        "June 2004",
        "Summit in Sochi",
        "Express intent to cooperate",
        4.0,
        3.2,
    ),
    marker(3, D(2003, 1, 1), "year", "2003", "Border deal lapses", "Reject", -4.0, 4.0),
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


def trace(figure: dict, meta: str) -> dict:
    (found,) = [item for item in figure["data"] if item.get("meta") == meta]
    return found


def annotations(figure: dict, prefix: str) -> list[dict]:
    return [item for item in figure["layout"]["annotations"] if item["name"].startswith(prefix)]


def test_timeline_draws_one_marker_per_event_with_its_page_in_customdata():
    figure = timeline_spec(POINTS, EVENTS, AGREEMENTS)
    events = trace(figure, "events")
    assert len(events["x"]) == len(EVENTS)
    assert list(events["customdata"]) == ["/events/1/", "/events/2/", "/events/3/"]
    assert list(events["y"]) == [-5.0, 4.0, -4.0]
    assert list(events["marker"]["symbol"]) == ["circle", "circle-open", "circle-open"]


def test_event_hover_names_date_score_and_source_and_escapes_titles():
    figure = timeline_spec(POINTS, EVENTS)
    hover = trace(figure, "events")["hovertext"][0]
    assert "15 March 2004" in hover
    assert "Score -5.0" in hover
    assert "Source: New low — RFE/RL, 15 March 2004" in hover
    assert "&lt;now&gt;" in hover and "<now>" not in hover


def test_heavier_events_get_bigger_markers():
    sizes = list(trace(timeline_spec(POINTS, EVENTS), "events")["marker"]["size"])
    assert sizes[0] > sizes[2] > sizes[1]


def test_timeline_draws_the_band_as_low_and_high_traces_around_the_line():
    figure = timeline_spec(POINTS, EVENTS)
    low, high, line = (
        trace(figure, "band-low"),
        trace(figure, "band-high"),
        trace(figure, "temperature"),
    )
    assert high["fill"] == "tonexty"
    assert figure["data"].index(low) == figure["data"].index(high) - 1
    assert list(line["y"]) == [40.0, 52.5, 61.3, 58.0]
    assert all(a <= b <= c for a, b, c in zip(low["y"], line["y"], high["y"], strict=True))
    # Coloured cold to warm: marker colours follow the values on a diverging scale.
    assert list(line["marker"]["color"]) == list(line["y"])
    assert line["marker"]["colorscale"][0][1] != line["marker"]["colorscale"][-1][1]


def test_timeline_marks_each_signature_date_once_with_a_line_and_a_label():
    figure = timeline_spec(POINTS, EVENTS, AGREEMENTS)
    labels = annotations(figure, "signature-")
    lines = [
        item for item in figure["layout"]["shapes"] if item.get("name", "").startswith("signature-")
    ]
    # Three signed dates: 1993, 2012 and 2004-10-16 (two agreements); the unsigned one is left out.
    assert sorted(item["name"] for item in labels) == [
        "signature-1993-01-01",
        "signature-2004-10-16",
        "signature-2012-10-05",
    ]
    assert sorted(item["x0"] for item in lines) == ["1993-01-01", "2004-10-16", "2012-10-05"]
    shared = next(item for item in labels if item["name"] == "signature-2004-10-16")
    assert "2 agreements" in shared["text"]
    assert "Debt for Nurek" in shared["hovertext"] and "Joint border group" in shared["hovertext"]


def test_close_signature_labels_do_not_share_a_row():
    crowded = [
        agreement(index, f"Agreement number {index}", D(2004, 1 + index, 1)) for index in range(3)
    ]
    figure = timeline_spec(
        POINTS, [], crowded, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)
    )
    rows = [item["y"] for item in annotations(figure, "signature-")]
    assert len(set(rows)) == 3


def test_timeline_opens_on_the_relationship_period_even_when_data_runs_beyond():
    figure = timeline_spec(POINTS, EVENTS, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31))
    assert list(figure["layout"]["xaxis"]["range"]) == ["2004-01-01", "2017-12-31"]


def test_timeline_without_a_period_opens_on_its_data():
    figure = timeline_spec(POINTS, EVENTS)
    assert list(figure["layout"]["xaxis"]["range"]) == ["2003-01-01", "2004-06-01"]


def test_timeline_table_rows_are_the_drawn_numbers():
    figure = timeline_spec(POINTS, EVENTS)
    table = timeline_table(POINTS)
    line, low, high = (
        trace(figure, "temperature"),
        trace(figure, "band-low"),
        trace(figure, "band-high"),
    )
    assert table.columns[:4] == ("month", "temperature", "low", "high")
    assert [row[0] for row in table.rows] == list(line["x"])
    assert [row[1] for row in table.rows] == list(line["y"])
    assert [row[2] for row in table.rows] == list(low["y"])
    assert [row[3] for row in table.rows] == list(high["y"])


def test_events_table_rows_are_the_drawn_markers():
    figure = timeline_spec(POINTS, EVENTS)
    table = events_table(EVENTS)
    events = trace(figure, "events")
    assert [row[0] for row in table.rows] == list(events["x"])
    assert [row[4] for row in table.rows] == list(events["y"])
    assert [row[2] for row in table.rows] == [event.title for event in EVENTS]


def test_story_names_coldest_and_warmest_month_in_the_period_and_what_moved_them():
    points = [month(2003, 12, 20.0), *POINTS, month(2018, 1, 90.0)]
    story = timeline_story(
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
    story = timeline_story([], {})
    assert story.latest is None and "No temperature" in story.caption


@pytest.mark.parametrize(
    ("value", "band"), [(20, "cold"), (40, "cool"), (50, "neutral"), (60, "warm"), (80, "close")]
)
def test_band_labels_follow_the_temperature_model(value, band):
    assert band_label(value) == band


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
    figure = metric_spec(DEBT)
    reported, claimed = trace(figure, "reported"), trace(figure, "claimed")
    assert list(reported["y"]) == [300e6, 200e6]
    assert list(claimed["y"]) == [250e6]
    assert claimed["marker"]["symbol"] != reported["marker"]["symbol"]
    assert "Claimed by Moscow" in claimed["hovertext"][0]
    assert "Source: A — P" in reported["hovertext"][0]
    assert "2004" in reported["hovertext"][0] and "USD 300 million" in reported["hovertext"][0]


def test_metric_table_rows_are_the_drawn_points_in_trace_order():
    figure = metric_spec(DEBT)
    table = metric_table(DEBT)
    drawn = [
        (x, y)
        for meta in ("reported", "claimed")
        for x, y in zip(trace(figure, meta)["x"], trace(figure, meta)["y"], strict=True)
    ]
    assert [(row[0], row[2]) for row in table.rows] == drawn
    assert "relationship" not in table.columns


def test_metric_figure_spans_the_period_when_points_are_few():
    figure = metric_spec(DEBT, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31))
    start, end = figure["layout"]["xaxis"]["range"]
    assert start < "2004-01-01" and end > "2017-12-31"


def test_agreements_figure_draws_a_bar_from_signature_to_expiry_or_to_the_period_end():
    until = D(2017, 12, 31)
    figure = agreements_spec(AGREEMENTS, until=until)
    bars = trace(figure, "agreements")
    assert len(bars["base"]) == 4  # the unsigned draft has no bar
    table = agreements_table(AGREEMENTS, until=until)
    for base, duration, row in zip(bars["base"], bars["x"], table.rows, strict=True):
        start = D.fromisoformat(base)
        assert row[3] == base
        assert start + datetime.timedelta(milliseconds=duration) == D.fromisoformat(row[5])
    drawn_to = {row[0]: row[5] for row in table.rows}
    assert drawn_to["Debt for Nurek"] == "2017-12-31"
    assert drawn_to["Base extension to 2042"] == "2042-01-01"


def test_open_ended_agreements_are_labelled_and_extensions_linked():
    figure = agreements_spec(AGREEMENTS, until=D(2017, 12, 31))
    names = {item["name"]: item for item in figure["layout"]["annotations"]}
    assert "open-ended-3" in names and "open-ended-4" in names
    assert "open-ended-1" not in names
    link = names["extends-2"]
    bars = trace(figure, "agreements")
    assert link["showarrow"] and link["x"] == "2012-10-05"
    # From the base deal's row (signed first, so row 0) to the extension's row.
    assert (link["ay"], link["y"]) == (
        bars["y"][0],
        bars["y"][list(bars["base"]).index("2012-10-05")],
    )


def test_agreement_titles_sit_above_their_bars():
    figure = agreements_spec(AGREEMENTS, until=D(2017, 12, 31))
    labels = annotations(figure, "label-")
    assert len(labels) == 4
    assert figure["layout"]["yaxis"]["showticklabels"] is False


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
    assert format_quantity(value, unit) == expected


def test_every_figure_passes_plotly_validation():
    # Pages ship the specs as built, without plotly.py's validation (a Figure deep-copies every
    # point, a third of the dashboard's time at 100,000 events); building one here checks them.
    specs = [
        timeline_spec(POINTS, EVENTS, AGREEMENTS, period_start=D(2004, 1, 1)),
        timeline_spec([], []),
        metric_spec(DEBT, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)),
        agreements_spec(AGREEMENTS, until=D(2017, 12, 31)),
        agreements_spec([], until=D(2017, 12, 31)),
    ]
    for spec in specs:
        go.Figure(spec)  # raises ValueError on any invalid property


def test_figures_carry_no_default_template():
    assert metric_spec(DEBT)["layout"]["template"] == {}


def test_signature_labels_that_find_no_room_keep_only_their_mark():
    crowded = [
        agreement(index, f"Agreement number {index}", D(2004, 1 + index, 1)) for index in range(6)
    ]
    figure = timeline_spec(
        POINTS, [], crowded, period_start=D(2004, 1, 1), period_end=D(2017, 12, 31)
    )
    labels = annotations(figure, "signature-")
    assert len(labels) == 6
    assert [item["text"] for item in labels].count("✎") == 3
    assert all("Agreement number" in item["hovertext"] for item in labels)


def test_table_cells_are_iso_dates_and_whole_numbers_without_a_trailing_zero():
    table = Table(
        columns=("day", "value", "count", "note"),
        rows=((D(2004, 6, 4), 300e6, 3, None), ("2004-07-01", 2.5, 4, "x")),
    )
    assert table.cells() == [["2004-06-04", "300000000", "3", ""], ["2004-07-01", "2.5", "4", "x"]]
    assert table.numeric_columns() == (False, True, True, False)
    assert Table(columns=("value",), rows=()).numeric_columns() == (False,)

"""The timeline's direction lines and turning-point marks, and their tables. No database."""

import datetime

import plotly.graph_objects as go

from relations.charts.inputs import Contributor, TemperatureLine, TemperatureMonth, TurningMark
from relations.charts.tables import directions_table, turning_points_table
from relations.charts.timeline import timeline_spec

D = datetime.date


def month(number: int, value: float) -> TemperatureMonth:
    return TemperatureMonth(D(2004, number, 1), value, value - 5, value + 5, 1)


OVERALL = (month(1, 50.0), month(2, 42.0), month(3, 56.0))
RUSSIA = TemperatureLine(
    "RU", "Russia toward Tajikistan", (month(1, 50), month(2, 48), month(3, 60))
)
TAJIKISTAN = TemperatureLine(
    "TJ", "Tajikistan toward Russia", (month(1, 50), month(2, 38), month(3, 52))
)
ALL = TemperatureLine("", "All events", OVERALL)
MARKS = [
    TurningMark(D(2004, 2, 1), 50.0, 42.0, "/relationships/ru-tj/turning-points/2004-02/",
                (Contributor("Dushanbe sets conditions", 0.8),)),
    TurningMark(D(2004, 3, 1), 42.0, 56.0, "/relationships/ru-tj/turning-points/2004-03/"),
]  # fmt: skip


def trace(figure, meta):
    (found,) = [item for item in figure["data"] if item.get("meta") == meta]
    return found


def test_turning_points_are_marked_and_link_to_their_panels():
    figure = timeline_spec(OVERALL, [], turning_points=MARKS)
    go.Figure(figure)  # plotly accepts it
    marks = trace(figure, "turning-points")
    assert marks["x"] == ["2004-02-01", "2004-03-01"]
    assert marks["y"] == [42.0, 56.0]
    assert marks["marker"]["symbol"] == ["triangle-down", "triangle-up"]
    assert marks["customdata"] == [mark.url for mark in MARKS]
    assert "down 8.0 points" in marks["hovertext"][0]
    assert "Dushanbe sets conditions (80%)" in marks["hovertext"][0]
    # The all-events line's point of a turning month opens the same panel.
    line = trace(figure, "temperature")
    assert line["customdata"] == [None, MARKS[0].url, MARKS[1].url]
    assert "Turning point" in line["hovertext"][1] and "Turning point" not in line["hovertext"][0]
    # Drawn before the line, so a click where both lie takes the mark.
    metas = [item["meta"] for item in figure["data"]]
    assert metas.index("turning-points") < metas.index("temperature")


def test_one_direction_is_drawn_with_its_band_and_all_events_beside_it():
    figure = timeline_spec(
        RUSSIA.points, [], label=RUSSIA.label, key="RU", colour="#7b3294", lines=[ALL],
        turning_points=MARKS,
    )  # fmt: skip
    go.Figure(figure)
    main = trace(figure, "temperature")
    assert main["name"] == "Russia toward Tajikistan" and main["y"] == [50, 48, 60]
    assert main["marker"]["color"] == "#7b3294"
    assert "customdata" not in main  # the direction's months are not the turning points
    assert trace(figure, "band-high")["y"] == [55, 53, 65]
    beside = trace(figure, "line-all")
    assert beside["y"] == [50.0, 42.0, 56.0] and beside["line"]["dash"] == "dot"
    assert beside["customdata"][2] == MARKS[1].url
    assert figure["layout"]["showlegend"] is True


def test_both_directions_draw_two_lines_without_a_band():
    figure = timeline_spec(
        RUSSIA.points, [], label=RUSSIA.label, key="RU", banded=False,
        lines=[TAJIKISTAN, ALL], line_colours={"RU": "#7b3294", "TJ": "#1b7837"},
    )  # fmt: skip
    go.Figure(figure)
    assert not [item for item in figure["data"] if item["meta"].startswith("band")]
    assert trace(figure, "line-TJ")["line"]["color"] == "#1b7837"
    assert trace(figure, "line-TJ")["y"] == [50, 38, 52]
    # The axis holds every line drawn.
    low, high = figure["layout"]["yaxis"]["range"]
    assert low <= 35 and high >= 63


def test_the_directions_table_puts_the_lines_side_by_side():
    table = directions_table([ALL, RUSSIA, TAJIKISTAN])
    assert table.columns == ("month", "all_events", "ru_toward_tj", "tj_toward_ru")
    assert table.rows[1] == ("2004-02-01", 42.0, 48, 38)


def test_the_turning_points_table_names_the_event_that_moved_each_most():
    table = turning_points_table(MARKS)
    assert table.columns == ("month", "from", "to", "change", "moved_most_by", "share")
    assert table.rows == (
        ("2004-02-01", 50.0, 42.0, -8.0, "Dushanbe sets conditions", 0.8),
        ("2004-03-01", 42.0, 56.0, 14.0, "", None),
    )

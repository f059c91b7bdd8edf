"""The browse pages' pure figures: the sparkline and the comparison (no database)."""

import datetime

import plotly.graph_objects as go

from relations.charts.compare import ComparedTemperature, compare_spec, compare_table
from relations.charts.inputs import TemperatureMonth
from relations.charts.sparkline import sparkline_description, sparkline_spec

D = datetime.date


def months(values, start_year=2004):
    return [
        (D(start_year + index // 12, index % 12 + 1, 1), value)
        for index, value in enumerate(values)
    ]


def test_sparkline_draws_every_month_and_marks_the_latest_in_its_band():
    points = months([50, 62, 30])
    spec = sparkline_spec(points)
    go.Figure(spec)  # plotly accepts it
    line, latest = spec["data"]
    assert line["y"] == [50, 62, 30]
    assert latest["x"] == ["2004-03-01"] and latest["marker"]["color"] == "#2166ac"  # cold
    assert spec["layout"]["xaxis"]["visible"] is False


def test_sparkline_without_points_is_an_empty_line_and_says_so():
    assert sparkline_spec([])["data"][0]["x"] == []
    assert sparkline_description([]) == "No temperature recorded yet."


def test_sparkline_description_names_the_range_and_extremes():
    text = sparkline_description(months([50, 70, 20]))
    assert "January 2004" in text and "warmest 70 in February 2004" in text
    assert "coldest 20 in March 2004" in text


def test_compare_table_aligns_months_and_leaves_gaps_empty():
    one = ComparedTemperature("a", "A", (TemperatureMonth(D(2004, 1, 1), 50, 45, 55, 1),))
    two = ComparedTemperature("b", "B", (TemperatureMonth(D(2004, 2, 1), 60, 55, 65, 1),))
    table = compare_table([one, two])
    assert table.rows == (
        ("2004-01-01", 50, 45, 55, None, None, None),
        ("2004-02-01", None, None, None, 60, 55, 65),
    )
    go.Figure(compare_spec([one, two]))

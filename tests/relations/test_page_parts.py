"""The pieces the analyst pages share: the figures' JSON, the period filter, the date-range form."""

import datetime
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils.html import json_script

from relations.forms import DateRangeForm
from relations.templatetags.figures import figure_json
from relations.templatetags.reported import period

D = datetime.date


def test_figure_json_escapes_what_json_script_escapes_and_reads_back():
    spec = {"data": [{"hovertext": ["</script><!-- a & b >"]}], "layout": {"title": "x"}}
    text = str(figure_json(spec))
    django = json_script(spec, "x").removeprefix('<script id="x" type="application/json">')
    for character in "<>&":
        assert character not in text
        assert character not in django.removesuffix("</script>")
    assert json.loads(text) == spec == json.loads(django.removesuffix("</script>"))


def test_figure_json_writes_decimals_as_numbers_and_dates_as_iso():
    text = str(figure_json({"x": [D(2004, 6, 1)], "y": [Decimal("2.5")]}))
    assert json.loads(text) == {"x": ["2004-06-01"], "y": [2.5]}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2004, 1, 1), D(2017, 12, 31), "2004–2017"),
        (D(2004, 1, 1), D(2004, 12, 31), "2004"),
        (D(2004, 1, 1), None, "since 2004"),
        (None, D(2017, 12, 31), "until 2017"),
        (None, None, ""),
    ],
)
def test_period_names_the_years_of_a_relationship(start, end, expected):
    assert period(SimpleNamespace(period_start=start, period_end=end)) == expected


@pytest.mark.parametrize(
    ("written", "read"),
    [("2004", D(2004, 1, 1)), ("2004-06", D(2004, 6, 1)), (" 2004-06-04 ", D(2004, 6, 4))],
)
def test_date_range_reads_a_year_a_month_or_a_day(written, read):
    form = DateRangeForm({"start": written})
    assert form.is_valid()
    assert form.cleaned_data == {"start": read, "end": None}


def test_date_range_says_which_end_is_unreadable_and_keeps_the_other():
    form = DateRangeForm({"start": "last tuesday", "end": "2005"})
    assert not form.is_valid()
    assert form.errors["start"] == [
        "“last tuesday” is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)."
    ]
    assert form.cleaned_data == {"end": D(2005, 1, 1)}

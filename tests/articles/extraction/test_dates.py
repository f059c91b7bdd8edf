"""Dates the text states, resolved against the publication date, never more precise."""

import datetime

from articles.extraction.dates import find_dates

PUBLISHED = datetime.date(2012, 4, 17)


def _dates(text, published=PUBLISHED, precision="day"):
    return [
        (found.value, found.precision, found.role)
        for found in find_dates(text, published=published, published_precision=precision)
    ]


def test_a_full_date_needs_no_publication_date():
    assert _dates("Prague, 15 March 2004 (RFE/RL) --", None, "unknown") == [
        (datetime.date(2004, 3, 15), "day", "point")
    ]
    assert _dates("on February 27, 2017, Putin said", None, "unknown")[0][:2] == (
        datetime.date(2017, 2, 27),
        "day",
    )


def test_a_day_without_year_takes_the_nearest_year_the_past_preferred():
    assert _dates("signed on October 5") == [(datetime.date(2011, 10, 5), "day", "point")]
    assert _dates("the June 4 summit", datetime.date(2004, 6, 10)) == [
        (datetime.date(2004, 6, 4), "day", "point")
    ]


def test_a_day_without_year_and_no_publication_date_is_unknown():
    assert _dates("signed on October 5", None, "unknown") == [(None, "unknown", "point")]


def test_last_next_and_this_month():
    assert _dates("jailed last November")[0][:2] == (datetime.date(2011, 11, 1), "month")
    assert _dates("to be signed next March")[0][:2] == (datetime.date(2013, 3, 1), "month")
    assert _dates("talks this May")[0][:2] == (datetime.date(2012, 5, 1), "month")


def test_mid_month_gives_the_month_only():
    assert _dates("Talking to journalists in mid-April, he said") == [
        (datetime.date(2012, 4, 1), "month", "point")
    ]


def test_a_bare_month_in_a_report_is_the_last_one_before_it():
    assert _dates("Tajik authorities in October denied", datetime.date(2004, 3, 15))[0][:2] == (
        datetime.date(2003, 10, 1),
        "month",
    )


def test_until_a_year_is_an_end():
    assert _dates("to stay until 2042") == [(datetime.date(2042, 1, 1), "year", "until")]
    assert _dates("until the end of 2006")[0] == (datetime.date(2006, 1, 1), "year", "until")


def test_relative_years_and_months():
    assert _dates("Last year, workers sent home")[0][:2] == (datetime.date(2011, 1, 1), "year")
    assert _dates("came to Dushanbe last month")[0][:2] == (datetime.date(2012, 3, 1), "month")


def test_a_weekday_is_the_last_one_on_or_before_publication():
    assert _dates("its president said Tuesday") == [(datetime.date(2012, 4, 17), "day", "point")]
    assert _dates("its president said Monday")[0][:2] == (datetime.date(2012, 4, 16), "day")


def test_vague_phrases_give_no_date():
    assert _dates("were amnestied shortly afterward") == []
    assert _dates("in the 1990s and in 1992-97") == []


def test_numbers_that_are_not_years_are_left_alone():
    assert _dates("some 2,000 troops and $300 million") == []
    assert _dates("she may consider it") == []

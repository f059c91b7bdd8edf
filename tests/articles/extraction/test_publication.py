"""The article's own date: label, dateline, date line, hint, address; else unknown."""

import datetime

from articles.extraction.publication import publication_date, url_date


def test_a_labelled_publication_date_wins_over_an_update_line():
    text = (
        "Last Updated: Wednesday, 17 May 2023, 15:20 GMT\n\nHeadline here\n\n"
        "Publisher Radio Free Europe\nPublication Date 27 February 2017\n\nBody text."
    )
    found = publication_date(text)
    assert (found.value, found.precision, found.evidence) == (
        datetime.date(2017, 2, 27),
        "day",
        "label",
    )
    assert found.confidence >= 0.9


def test_a_dateline_gives_date_and_place():
    found = publication_date("Headline\n\nYerevan, 3 May 2021 (Reuters) -- Armenia said ...")
    assert (found.value, found.place, found.evidence) == (
        datetime.date(2021, 5, 3),
        "Yerevan",
        "dateline",
    )


def test_a_line_holding_only_a_date_near_the_top():
    found = publication_date(
        "Armenia and Azerbaijan Meet Again\n\nApril 17, 2012\n\nBAKU — Talks began."
    )
    assert (found.value, found.precision) == (datetime.date(2012, 4, 17), "day")


def test_the_address_gives_a_date_when_the_text_does_not():
    found = publication_date("Talks began on June 4.", url="https://example.com/2012/04/17/talks")
    assert (found.value, found.evidence) == (datetime.date(2012, 4, 17), "address")
    assert url_date("https://example.com/news/2019/11/some-story") == (
        datetime.date(2019, 11, 1),
        "month",
    )


def test_no_year_anywhere_is_unknown_never_january_first():
    found = publication_date("The June 4 summit took place in Sochi.\n\nIt lasted three hours.")
    assert (found.value, found.precision, found.confidence) == (None, "unknown", 0.0)


def test_accessed_and_copyright_dates_are_not_the_publication_date():
    text = "Story\n\nCopyright (c) 2007-2009.\n\nretrieved 19 May 2023\n\nThe talks went on."
    assert publication_date(text).value is None

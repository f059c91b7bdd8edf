"""Figures: value, unit and scale, qualifier, period, metric."""

import datetime
from decimal import Decimal

from articles.extraction.figures import find_figures

PUBLISHED = datetime.date(2023, 6, 12)
STATES = {"armenia": "AM", "azerbaijan": "AZ", "russia": "RU", "baku": "AZ", "yerevan": "AM"}


def _figures(sentence, vocabulary, published=PUBLISHED, precision="day"):
    return [
        (
            figure.value,
            figure.unit,
            figure.metric,
            figure.qualifier,
            figure.period,
            figure.period_precision,
        )
        for figure in find_figures(
            sentence,
            (0, len(sentence)),
            vocabulary=vocabulary,
            published=published,
            published_precision=precision,
            states=STATES,
        )
    ]


def test_money_in_every_spelling(vocabulary):
    for sentence in (
        "Armenia repaid a $242-million loan.",
        "Armenia repaid a 242 million US dollar loan.",
        "Armenia repaid a loan of US$242 million.",
        "Armenia repaid a loan of 242,000,000 dollars.",
    ):
        assert [figure[:3] for figure in _figures(sentence, vocabulary)] == [
            (Decimal(242_000_000), "USD", "debt")
        ], sentence
    assert _figures("Exports reached $3 billion.", vocabulary)[0][:2] == (
        Decimal(3_000_000_000),
        "USD",
    )


def test_people_spelled_out_and_in_digits(vocabulary):
    assert _figures("About 2,000 Russian peacekeepers are deployed.", vocabulary)[0][:4] == (
        Decimal(2000),
        "persons",
        "peacekeepers",
        "approximate",
    )
    assert _figures("More than a hundred thousand refugees fled.", vocabulary)[0][:4] == (
        Decimal(100_000),
        "persons",
        "refugees",
        "at_least",
    )
    assert _figures("Three hundred refugees crossed.", vocabulary)[0][:2] == (
        Decimal(300),
        "persons",
    )


def test_shares_of_a_whole(vocabulary):
    assert _figures("Russia takes almost half of Armenia's exports and trade.", vocabulary)[0][
        :4
    ] == (Decimal(50), "percent", "trade-share", "at_most")
    assert _figures("Trade grew by 12.5 percent.", vocabulary)[0][:3] == (
        Decimal("12.5"),
        "percent",
        "trade-share",
    )


def test_a_figure_a_party_states_is_claimed_by_it(vocabulary):
    sentence = "Azerbaijan says Armenia owes some $300 million for the gas."
    figure = find_figures(
        sentence,
        (0, 10),
        vocabulary=vocabulary,
        published=PUBLISHED,
        published_precision="day",
        states=STATES,
    )[0]
    assert (figure.qualifier, figure.claimed_by, figure.metric) == ("claimed", "AZ", "debt")


def test_the_year_of_a_figure(vocabulary):
    assert _figures("Last year, 100,000 refugees arrived.", vocabulary)[0][4:] == (
        datetime.date(2022, 1, 1),
        "year",
    )
    assert _figures("In 2020, 90,000 refugees arrived.", vocabulary)[0][4:] == (
        datetime.date(2020, 1, 1),
        "year",
    )
    # Undated: the article's month; with no publication date, no period at all.
    assert _figures("Some 90,000 refugees remain.", vocabulary)[0][4:] == (
        datetime.date(2023, 6, 1),
        "month",
    )
    assert _figures("Some 90,000 refugees remain.", vocabulary, None, "unknown")[0][4:] == (
        None,
        None,
    )


def test_numbers_that_are_not_figures(vocabulary):
    assert _figures("On May 27 residents protested in Yerevan.", vocabulary) == []
    assert (
        _figures("The 201st division and Base No. 102 held 3 exercises in 2020.", vocabulary) == []
    )
    assert _figures("The 76-year-old leader spoke in 27 languages.", vocabulary) == []


def test_lengths_need_a_metric(vocabulary):
    assert _figures("The 1,000-kilometre border is closed.", vocabulary)[0][:3] == (
        Decimal(1000),
        "km",
        "border-length",
    )
    assert _figures("The town lies 80 km east of the capital.", vocabulary) == []


def test_a_markdown_escaped_dollar_keeps_its_qualifier(vocabulary):
    assert _figures(r"Armenia owes about \$3 billion in debt.", vocabulary)[0][:4] == (
        Decimal(3_000_000_000),
        "USD",
        "debt",
        "approximate",
    )

"""Agreements: signing, extension, ratification, expiry and lapse; dates; matching."""

import datetime

from articles.extraction import extract_article

HEAD = "Armenia and Azerbaijan\n\nYerevan, 12 June 2023 (Wire) -- "


def _agreements(text, vocabulary):
    return extract_article(HEAD + text, vocabulary=vocabulary).agreements


def test_a_signing_with_its_end(vocabulary):
    (agreement,) = _agreements(
        "Armenia and Azerbaijan signed an agreement on June 10 allowing transit until 2042.",
        vocabulary,
    )
    assert (agreement.action, agreement.date, agreement.expires_on, agreement.parties) == (
        "signed",
        datetime.date(2023, 6, 10),
        datetime.date(2042, 1, 1),
        ("AM", "AZ"),
    )
    assert agreement.title.startswith("Agreement")


def test_an_extension_and_a_lapse(vocabulary):
    (extension,) = _agreements(
        "The deal, due to expire in 2025, was extended by Armenia and Azerbaijan.", vocabulary
    )
    assert extension.action == "expired" or extension.action == "extended"
    assert extension.expires_on == datetime.date(2025, 1, 1)
    (lapse,) = _agreements(
        "Last year a 10-year agreement on the border with Azerbaijan ran out and Armenia decided not to renew.",
        vocabulary,
    )
    assert (lapse.action, lapse.date) == ("lapsed", datetime.date(2022, 1, 1))


def test_a_wish_is_only_proposed(vocabulary):
    (agreement,) = _agreements("Azerbaijan wants to sign a treaty with Armenia.", vocabulary)
    assert agreement.action == "proposed"


def test_ratification(vocabulary):
    (agreement,) = _agreements("Armenia ratified the treaty with Azerbaijan in May.", vocabulary)
    assert (agreement.action, agreement.date, agreement.date_precision) == (
        "ratified",
        datetime.date(2023, 5, 1),
        "month",
    )


def test_an_agreement_already_recorded_is_matched(vocabulary):
    (agreement,) = _agreements(
        "The trilateral ceasefire agreement on Nagorno-Karabakh, signed in 2020 by Armenia and Azerbaijan, holds.",
        vocabulary,
    )
    assert agreement.matches == 70


def test_a_sentence_without_an_act_names_no_agreement(vocabulary):
    assert _agreements("The agreement between Armenia and Azerbaijan is popular.", vocabulary) == ()

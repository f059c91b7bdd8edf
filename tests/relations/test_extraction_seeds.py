"""What extraction must find in the five seed articles, with the curated record's vocabulary.

The texts live in ../shared/seeds; where they are absent the tests skip, saying so.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.extraction import extract_article
from relations.selectors.vocabulary import extraction_vocabulary

pytestmark = pytest.mark.django_db

FILES = {
    "sochi": "000_f6fe8dd8c377af94.txt",
    "base_deal": "001_e960b1961bff3187.txt",
    "new_low": "002_01da866245095a11.txt",
    "border": "003_daad56808568b6dc.txt",
    "rejects": "004_6a031b2be50133bf.txt",
}


@pytest.fixture(scope="module")
def extracted(django_db_setup, django_db_blocker, seeds_dir):
    """Each seed extracted once with the curated vocabulary (loaded, then rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        vocabulary = extraction_vocabulary()
        results = {
            name: extract_article(
                (seeds_dir / file).read_text(encoding="utf-8"), vocabulary=vocabulary
            )
            for name, file in FILES.items()
        }
        transaction.set_rollback(True)
    return results


def _figures(result):
    return {
        (float(figure.value), figure.unit, figure.metric, figure.qualifier)
        for figure in result.figures
    }


def test_publication_dates_and_unknowns(extracted):
    found = {name: (r.published_on, r.date_precision) for name, r in extracted.items()}
    assert found == {
        "sochi": (None, "unknown"),  # "June 4", no year anywhere
        "base_deal": (None, "unknown"),  # "October 5", no year anywhere
        "new_low": (datetime.date(2004, 3, 15), "day"),  # the dateline
        "border": (datetime.date(2017, 2, 27), "day"),  # "Publication Date", not "Last Updated"
        "rejects": (datetime.date(2012, 4, 17), "day"),  # the date line
    }
    assert extracted["new_low"].place == "Prague"


def test_every_seed_is_about_russia_and_tajikistan(extracted):
    # The border article names Kazakhstan as often as Tajikistan: a tour's other stop.
    assert {r.countries for r in extracted.values()} == {("RU", "TJ")}


def test_spellings_of_rahmon_all_find_him(extracted):
    for name in ("sochi", "base_deal", "border", "rejects"):
        spellings = {a.name for a in extracted[name].actors if a.canonical == "Emomali Rahmon"}
        assert spellings, name
    assert {a.name for a in extracted["rejects"].actors if a.canonical == "Emomali Rahmon"} == {
        "Imomali Rakhmon"
    }


def test_the_figures_of_the_seeds(extracted):
    assert _figures(extracted["new_low"]) >= {
        (300_000_000, "USD", "debt", "claimed"),
        (50_000_000, "USD", "nurek-payment-claim", "claimed"),
        (1_000_000, "persons per year", "migrant-departures", "estimate"),
    }
    assert _figures(extracted["rejects"]) >= {
        (6000, "persons", "troops", "approximate"),
        (1_000_000, "persons", "migrants", "at_least"),
        (3_000_000_000, "USD", "remittances", "approximate"),
        (50, "percent", "remittances-gdp-share", "at_most"),
    }
    remittances = next(f for f in extracted["rejects"].figures if f.metric == "remittances")
    assert (remittances.period, remittances.period_precision) == (datetime.date(2011, 1, 1), "year")
    assert (7000, "persons", "troops", "approximate") in _figures(extracted["border"])
    assert (300_000_000, "USD", "debt", "exact") in _figures(extracted["sochi"])


def test_the_base_deal_is_signed_until_2042_and_extends_the_1993_one(extracted):
    agreements = extracted["base_deal"].agreements
    signed = [a for a in agreements if a.action == "signed" and a.expires_on]
    assert signed[0].expires_on == datetime.date(2042, 1, 1)
    assert any(
        a.date == datetime.date(1993, 1, 1) and a.expires_on == datetime.date(2014, 1, 1)
        for a in agreements
    )


def test_refusals_and_denials_are_rejections(extracted):
    sochi = {e.cue: e for e in extracted["sochi"].events}
    assert (sochi["refused"].initiator, sochi["refused"].category, sochi["refused"].score) == (
        "RU",
        "12",
        -4.0,
    )
    new_low = {e.cue: e for e in extracted["new_low"].events}
    denied = new_low["denied"]
    assert (denied.initiator, denied.target, denied.category) == ("TJ", "RU", "12")
    assert (denied.date, denied.precision) == (datetime.date(2003, 10, 1), "month")


def test_an_undated_article_dates_no_event(extracted):
    assert all(
        event.date is None or event.precision == "year" for event in extracted["sochi"].events
    )


def test_temperature_signs(extracted):
    signs = {
        name: (r.temperature.score > 0) - (r.temperature.score < 0) for name, r in extracted.items()
    }
    assert signs == {"sochi": 1, "base_deal": 1, "new_low": -1, "border": 1, "rejects": -1}

"""A small vocabulary of our own, about another pair (Armenia–Azerbaijan), for pure tests."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from articles.extraction.countries import country_words
from articles.extraction.vocabulary import (
    Alias,
    Category,
    Country,
    KnownAgreement,
    KnownEvent,
    KnownObservation,
    Metric,
    Vocabulary,
)

ACTORS = [
    # (id, canonical, kind, country, other spellings)
    (1, "Armenia", "country", "AM", ["Republic of Armenia"]),
    (2, "Azerbaijan", "country", "AZ", ["Republic of Azerbaijan"]),
    (3, "Russia", "country", "RU", ["Russian Federation"]),
    (4, "Nikol Pashinyan", "person", "AM", ["Pashinyan"]),
    (5, "Ilham Aliyev", "person", "AZ", ["Aliyev", "İlham Əliyev"]),
    (6, "Vladimir Putin", "person", "RU", ["Putin"]),
    (7, "Sergei Lavrov", "person", "RU", ["Lavrov", "Sergey Lavrov"]),
    (8, "Ararat Mirzoyan", "person", "AM", ["Mirzoyan"]),
    (9, "North Atlantic Treaty Organization", "international_organisation", None, ["NATO"]),
    (10, "Zurab Dadashev", "person", "AZ", ["Dadash"]),
]


def make_vocabulary(**overrides) -> Vocabulary:
    aliases = []
    for actor_id, canonical, kind, country, spellings in ACTORS:
        for spelling in [canonical, *spellings]:
            aliases.append(Alias(spelling, actor_id, canonical, kind, country))
    countries = []
    for code, name in (("AM", "Armenia"), ("AZ", "Azerbaijan"), ("RU", "Russia"), ("TR", "Turkey")):
        adjectives, demonyms, capitals = country_words(name)
        capitals = capitals or {"Armenia": ("Yerevan",)}.get(name, ())
        countries.append(Country(code, name, (), adjectives, demonyms, capitals))
    vocabulary = Vocabulary(
        aliases=tuple(aliases),
        countries=tuple(countries),
        metrics=(
            Metric("debt", "Debt", "USD", ("debt", "owes", "loan")),
            Metric("gas-price", "Gas price", "USD", ("gas", "per thousand cubic metres")),
            Metric("refugees", "Refugees", "persons", ("refugees", "displaced")),
            Metric("peacekeepers", "Peacekeepers", "persons", ("peacekeepers", "troops")),
            Metric("trade-share", "Share of trade", "percent", ("trade", "exports")),
            Metric("border-length", "Border length", "km", ("border",)),
        ),
        categories=(
            Category("01", "Make public statement", 0.0, ("declare",)),
            Category("02", "Appeal", 3.0, ("call on", "urge")),
            Category("03", "Express intent to cooperate", 4.0, ("pledge", "agree to consider")),
            Category("04", "Consult", 1.0, ("meet", "talks", "discuss")),
            Category("042", "Make a visit", 1.9, ("visit",), "04"),
            Category("05", "Diplomatic cooperation", 3.5, ("agree", "praise")),
            Category("057", "Sign formal agreement", 8.0, ("sign", "ratify"), "05"),
            Category("08", "Yield", 5.0, ("release", "withdraw", "renew")),
            Category("10", "Demand", -5.0, ("demand",)),
            Category("11", "Disapprove", -2.0, ("accuse", "criticize")),
            Category("12", "Reject", -4.0, ("reject", "refuse", "deny")),
            Category("13", "Threaten", -6.0, ("threaten",)),
            Category("17", "Coerce", -7.0, ("detain", "expel", "jail")),
            Category("19", "Fight", -10.0, ("shell", "clash")),
        ),
        relationships=(("AM", "AZ"),),
        agreements=(
            KnownAgreement(
                id=70,
                title="Trilateral ceasefire statement on Nagorno-Karabakh",
                parties=("AM", "AZ", "RU"),
                signed_on=datetime.date(2020, 11, 9),
            ),
        ),
        events=(
            KnownEvent(
                id=80,
                date=datetime.date(2023, 5, 1),
                precision="month",
                category="04",
                initiator="AM",
                target="AZ",
                mutual=True,
            ),
        ),
        observations=(
            KnownObservation(
                id=90,
                metric="refugees",
                value=100_000.0,
                unit="persons",
                period=datetime.date(2023, 1, 1),
                precision="year",
            ),
        ),
    )
    return dataclasses.replace(vocabulary, **overrides)


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return make_vocabulary()

"""The words that stand for a state in news copy: adjectives, demonyms, capitals. Pure.

The record stores a country's code and name; news copy says "Tajik", "Russians", "Moscow".
`country_words` derives the usual English forms from the name (Russia -> Russian, Estonia ->
Estonian, Kazakhstan -> Kazakh) and adds the irregular ones and the capital from a small
table, so a caller can build a `Country` for any state without hand-typing its forms.
"""

from __future__ import annotations

# name -> (adjectives, demonyms, capitals and other metonyms); only where the rules fail.
IRREGULAR: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Russia": (("Russian",), ("Russians",), ("Moscow", "Kremlin")),
    "Tajikistan": (("Tajik", "Tajikistani"), ("Tajiks", "Tajikistanis"), ("Dushanbe",)),
    "Kazakhstan": (
        ("Kazakh", "Kazakhstani"),
        ("Kazakhs", "Kazakhstanis"),
        ("Astana", "Almaty", "Akorda"),
    ),
    "Kyrgyzstan": (("Kyrgyz",), ("Kyrgyz",), ("Bishkek",)),
    "Uzbekistan": (("Uzbek",), ("Uzbeks",), ("Tashkent",)),
    "Turkmenistan": (("Turkmen",), ("Turkmens",), ("Ashgabat",)),
    "Afghanistan": (("Afghan",), ("Afghans",), ("Kabul",)),
    "Pakistan": (("Pakistani",), ("Pakistanis",), ("Islamabad",)),
    "United States": (("American", "U.S.", "US"), ("Americans",), ("Washington", "White House")),
    "United Kingdom": (("British", "UK", "U.K."), ("Britons",), ("London", "Downing Street")),
    "China": (("Chinese",), ("Chinese",), ("Beijing",)),
    "France": (("French",), ("French",), ("Paris", "Elysee")),
    "Germany": (("German",), ("Germans",), ("Berlin",)),
    "Ukraine": (("Ukrainian",), ("Ukrainians",), ("Kyiv", "Kiev")),
    "Belarus": (("Belarusian",), ("Belarusians",), ("Minsk",)),
    "Georgia": (("Georgian",), ("Georgians",), ("Tbilisi",)),
    "Armenia": (("Armenian",), ("Armenians",), ("Yerevan",)),
    "Azerbaijan": (("Azerbaijani", "Azeri"), ("Azerbaijanis", "Azeris"), ("Baku",)),
    "Estonia": (("Estonian",), ("Estonians",), ("Tallinn",)),
    "Latvia": (("Latvian",), ("Latvians",), ("Riga",)),
    "Lithuania": (("Lithuanian",), ("Lithuanians",), ("Vilnius",)),
    "Moldova": (("Moldovan",), ("Moldovans",), ("Chisinau",)),
    "Poland": (("Polish",), ("Poles",), ("Warsaw",)),
    "Finland": (("Finnish",), ("Finns",), ("Helsinki",)),
    "Turkey": (("Turkish",), ("Turks",), ("Ankara",)),
    "Iran": (("Iranian",), ("Iranians",), ("Tehran",)),
    "India": (("Indian",), ("Indians",), ("New Delhi",)),
    "Japan": (("Japanese",), ("Japanese",), ("Tokyo",)),
    "Mongolia": (("Mongolian",), ("Mongolians",), ("Ulaanbaatar",)),
    "Serbia": (("Serbian", "Serb"), ("Serbs",), ("Belgrade",)),
    "Syria": (("Syrian",), ("Syrians",), ("Damascus",)),
    "Israel": (("Israeli",), ("Israelis",), ("Jerusalem",)),
    "Egypt": (("Egyptian",), ("Egyptians",), ("Cairo",)),
    "Netherlands": (("Dutch",), ("Dutch",), ("Amsterdam", "The Hague")),
    "Switzerland": (("Swiss",), ("Swiss",), ("Bern",)),
    "Sweden": (("Swedish",), ("Swedes",), ("Stockholm",)),
    "Norway": (("Norwegian",), ("Norwegians",), ("Oslo",)),
    "Italy": (("Italian",), ("Italians",), ("Rome",)),
    "Spain": (("Spanish",), ("Spaniards",), ("Madrid",)),
    "Greece": (("Greek",), ("Greeks",), ("Athens",)),
    "Vietnam": (("Vietnamese",), ("Vietnamese",), ("Hanoi",)),
    "North Korea": (("North Korean",), ("North Koreans",), ("Pyongyang",)),
    "South Korea": (("South Korean",), ("South Koreans",), ("Seoul",)),
    "Cuba": (("Cuban",), ("Cubans",), ("Havana",)),
    "Venezuela": (("Venezuelan",), ("Venezuelans",), ("Caracas",)),
    "Iraq": (("Iraqi",), ("Iraqis",), ("Baghdad",)),
    "Saudi Arabia": (("Saudi",), ("Saudis",), ("Riyadh",)),
}


def country_words(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(adjectives, demonyms, capitals) for a state's English name."""
    if name in IRREGULAR:
        return IRREGULAR[name]
    if name.endswith("stan"):
        stem = name[: -len("istan")] if name.endswith("istan") else name[: -len("stan")]
        return (stem,), (stem + "s",), ()
    if name.endswith("ia"):
        adjective = name[:-1] + "an"  # Estonia -> Estonian, Bulgaria -> Bulgarian
    elif name.endswith("a"):
        adjective = name + "n"  # Cuba -> Cuban
    elif name.endswith(("e", "y")):
        adjective = name[:-1] + "ian"  # Hungary -> Hungarian
    else:
        adjective = name + "ian"
    return (adjective,), (adjective + "s",), ()

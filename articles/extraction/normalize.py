"""Folding text for matching: case, accents, quote and dash styles aside, offsets kept. Pure.

`fold(text)` has the same length as `text`, character for character, so a match found in the
folded text is at the same offsets in the original: spans never need translating back.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_PUNCTUATION = {
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}  # fmt: skip


def _fold_character(character: str) -> str:
    if character in _PUNCTUATION:
        return _PUNCTUATION[character]
    base = unicodedata.normalize("NFKD", character)
    stripped = "".join(part for part in base if not unicodedata.combining(part))
    lowered = (stripped or character).lower()
    return lowered if len(lowered) == 1 else character.lower()[:1] or character


def _table() -> dict[int, str]:
    table = {}
    for code in range(0x00A0, 0x0530):  # Latin-1, Latin Extended A/B, IPA, Greek, Cyrillic
        character = chr(code)
        folded = _fold_character(character)
        if folded != character:
            table[code] = folded
    for character, replacement in _PUNCTUATION.items():
        table[ord(character)] = replacement
    table[0x0130] = "i"  # "İ".lower() is two characters
    return table


_TABLE = _table()


def fold(text: str) -> str:
    """`text` lower-cased, unaccented, with plain quotes and dashes; same length as `text`."""
    folded = text.translate(_TABLE).lower()
    if len(folded) != len(text):  # a rare character whose lower case is longer
        folded = "".join(_fold_character(character) for character in text)
    return folded


@lru_cache(maxsize=4096)
def fold_phrase(phrase: str) -> str:
    """A dictionary key: folded, with runs of whitespace as one space."""
    return " ".join(fold(phrase).split())

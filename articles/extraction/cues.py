"""Cue phrases from the category table, inflected and found in a sentence. Pure.

Curators write cues as base forms ("meet", "call on", "sign"); `verb_forms` adds the forms
news copy uses ("met", "calls on", "signing"), and one automaton per vocabulary finds them.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from articles.extraction.normalize import fold_phrase
from articles.extraction.vocabulary import Category, Vocabulary

IRREGULAR_VERBS = {
    "meet": ("met",), "give": ("gave", "given"), "take": ("took", "taken"), "come": ("came",),
    "send": ("sent",), "hold": ("held",), "seek": ("sought",), "fight": ("fought",),
    "withdraw": ("withdrew", "withdrawn"), "make": ("made",), "sell": ("sold",),
    "break": ("broke", "broken"), "strike": ("struck",), "shoot": ("shot",), "bring": ("brought",),
    "pay": ("paid",), "lend": ("lent",), "tell": ("told",), "leave": ("left",), "win": ("won",),
    "forgive": ("forgave", "forgiven"), "write": ("wrote", "written"), "undertake": ("undertook", "undertaken"),
    "overtake": ("overtook",), "begin": ("began", "begun"), "run": ("ran",), "drive": ("drove", "driven"),
    "seize": ("seized",), "shut": ("shut",), "cut": ("cut",), "set": ("set",), "put": ("put",),
    "spend": ("spent",), "build": ("built",), "grant": ("granted",), "throw": ("threw", "thrown"),
}  # fmt: skip
_NOT_VERBS = {"talks", "summit", "crackdown", "sanctions", "embargo", "aid"}
# Cues that report the act as nouns too ("an upcoming visit"); any other cue after an article
# or a preposition is a noun that reports nothing ("a clear sign of", "for granted").
NOUN_CUES = frozenset(
    [
        "visit",
        "talks",
        "summit",
        "protest",
        "crackdown",
        "sanctions",
        "embargo",
        "aid",
        "loan",
        "negotiations",
        "modernization",
        "ultimatum",
        "massacre",
        "clash",
        "attack",
        "address",
        "meeting",
        "demand",
        "offer",
        "appeal",
        "request",
        "pledge",
        "promise",
        "agreement",
        "release",
        "withdrawal",
    ]
)
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "one",
        "for",
        "this",
        "that",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
    ]
)


def verb_forms(cue: str) -> tuple[str, ...]:
    """A cue and the inflections of its first word: "call on" -> "calls on", "called on"..."""
    words = fold_phrase(cue).split()
    if not words:
        return ()
    head, rest = words[0], words[1:]
    forms = {head}
    if len(head) > 2 and head not in _NOT_VERBS:
        if head.endswith("e"):
            forms.update({head + "s", head + "d", head[:-1] + "ing"})
        elif head.endswith("y") and head[-2:-1] not in "aeiou":
            forms.update({head[:-1] + "ies", head[:-1] + "ied", head + "ing"})
        elif head.endswith(("s", "sh", "ch", "x", "z")):
            forms.update({head + "es", head + "ed", head + "ing"})
        else:
            forms.update({head + "s", head + "ed", head + "ing"})
            if (
                len(head) >= 3
                and head[-1] in "bdgmnprt"
                and head[-2] in "aeiou"
                and head[-3] not in "aeiou"
                and len(head) <= 4
            ):
                forms.update(
                    {head + head[-1] + "ed", head + head[-1] + "ing"}
                )  # "jail" no, "ban" yes
        forms.update(IRREGULAR_VERBS.get(head, ()))
    return tuple(sorted(" ".join([form, *rest]) for form in forms))


@dataclass(frozen=True)
class CueMatch:
    start: int
    end: int
    category: Category
    cue: str


class CueIndex:
    """An automaton over every category's inflected cues: the longest cue wins a position."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.automaton = ahocorasick.Automaton()
        self.by_code = {category.code: category for category in vocabulary.categories}
        keys: dict[str, Category] = {}
        for category in vocabulary.categories:
            for cue in category.cues:
                for form in verb_forms(cue):
                    keys.setdefault(form, category)
        base_forms = {
            fold_phrase(cue)
            for category in vocabulary.categories
            for cue in category.cues
            if " " not in cue.strip() and fold_phrase(cue) not in NOUN_CUES
        }
        self.verb_only = base_forms
        self.base_of = {
            form: fold_phrase(cue)
            for category in vocabulary.categories
            for cue in category.cues
            for form in verb_forms(cue)
        }
        for key, category in keys.items():
            self.automaton.add_word(key, (len(key), category))
        self.empty = not keys
        # The words that name a state as a speaker: "Russia says ..." (for figures' claims).
        self.states = {
            fold_phrase(word): country.code
            for country in vocabulary.countries
            for word in (country.name, *country.names, *country.capitals)
        }
        if keys:
            self.automaton.make_automaton()
        self.keys = keys

    def find(self, folded_sentence: str) -> list[CueMatch]:
        if self.empty:
            return []
        matches = []
        for end_index, (length, category) in self.automaton.iter(folded_sentence):
            start, end = end_index - length + 1, end_index + 1
            before = folded_sentence[start - 1] if start > 0 else " "
            after = folded_sentence[end] if end < len(folded_sentence) else " "
            if before.isalnum() or after.isalnum():
                continue
            if self.base_of.get(folded_sentence[start:end]) in self.verb_only:
                previous = folded_sentence[max(0, start - 12) : start].split()
                following = folded_sentence[end : end + 4]
                if (previous and previous[-1] in _DETERMINERS) or following == " of ":
                    continue  # "a clear sign of", "for granted": a noun or an idiom
            matches.append(CueMatch(start, end, category, folded_sentence[start:end]))
        matches.sort(key=lambda match: (match.start, -(match.end - match.start)))
        kept: list[CueMatch] = []
        for match in matches:
            if kept and match.start < kept[-1].end:
                continue
            kept.append(match)
        return kept

    def category_of(self, cue: str) -> Category | None:
        """The category a base-form cue belongs to ("reject"), if the table has it."""
        return self.keys.get(fold_phrase(cue))


_CACHE: dict[int, tuple[Vocabulary, CueIndex]] = {}


def cue_index(vocabulary: Vocabulary) -> CueIndex:
    cached = _CACHE.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index = CueIndex(vocabulary)
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(vocabulary)] = (vocabulary, index)
    return index

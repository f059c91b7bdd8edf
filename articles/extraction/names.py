"""Names that match no actor but read as a person's, proposed as new actors. Pure.

A run of two to five capitalised words, less the titles and common words in front ("Deputy
Prime Minister ..."), counts as a person's name when a role word stands just before it
("Political scientist X Y") or a verb of speech just after ("X Y said"). Names the alias
dictionary already covers are left to it.
"""

from __future__ import annotations

import re

_NAME = re.compile(
    r"\b[A-Z][a-z’'-]+(?:[a-z]|(?<=’)\w|(?<=')\w)*(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'-]+[a-z]){1,4}\b"
)
ROLE_WORDS = frozenset(
    [
        "president",
        "premier",
        "minister",
        "ministers",
        "secretary",
        "chairman",
        "chair",
        "head",
        "leader",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "aide",
        "assistant",
        "adviser",
        "advisor",
        "ambassador",
        "envoy",
        "commander",
        "chief",
        "general",
        "colonel",
        "major",
        "captain",
        "sergeant",
        "lieutenant",
        "director",
        "deputy",
        "governor",
        "mayor",
        "senator",
        "congressman",
        "official",
        "officer",
        "analyst",
        "scientist",
        "expert",
        "professor",
        "journalist",
        "correspondent",
        "resident",
        "residents",
        "activist",
        "lawyer",
        "judge",
        "prosecutor",
        "mr",
        "mrs",
        "ms",
        "dr",
        "king",
        "queen",
        "prince",
        "emir",
        "sheikh",
        "patriarch",
        "pilot",
        "colleague",
    ]
)
SPEECH_VERBS = re.compile(
    r"^[\s,]*(?:\([^)]*\)\s*)?(?:said|says|told|added|stated|noted|explained|argued|warned|wrote|"
    r"announced|insisted|claimed|maintained|asked)\b"
)
STOP_NAME_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "with",
        "from",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "president",
        "prime",
        "minister",
        "foreign",
        "defense",
        "defence",
        "deputy",
        "interior",
        "security",
        "council",
        "ministry",
        "government",
        "state",
        "republic",
        "federal",
        "national",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "asia",
        "europe",
        "union",
        "soviet",
        "news",
        "service",
        "press",
        "agency",
        "radio",
        "free",
        "liberty",
        "breaking",
        "accessibility",
        "links",
        "image",
        "copyright",
        "reporting",
        "with",
        "and",
        "but",
        "however",
        "meanwhile",
        "also",
        "while",
        "earlier",
        "later",
        "last",
        "next",
        "mr",
        "mrs",
        "ms",
        "dr",
        "according",
        "armed",
        "forces",
        "division",
        "base",
        "border",
    ]
)


def new_names(text: str, known: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Capitalised two- or three-word names outside the `known` spans that read as a
    person's: (start, end, name) each."""
    found = []
    covered = bytearray(len(text) + 1)
    for left, right in known:
        covered[left:right] = b"\x01" * (right - left)
    for match in _NAME.finditer(text):
        words = match.group().split()
        start = match.start()
        # Drop leading words that are titles, states or common words: "Deputy Prime Minister X Y".
        while words and (
            words[0].lower() in STOP_NAME_WORDS
            or words[0].lower() in ROLE_WORDS
            or all(covered[start : start + len(words[0])])
        ):
            start += len(words[0])
            start += len(text[start:]) - len(text[start:].lstrip())
            words = words[1:]
        if (
            len(words) < 2
            or len(words) > 3
            or any(word.lower() in STOP_NAME_WORDS for word in words)
        ):
            continue
        end = (
            start + len(" ".join(words))
            if text[start:].startswith(" ".join(words))
            else match.end()
        )
        name = text[start:end]
        name = re.sub(r"['’]s$", "", name)
        end = start + len(name)
        if all(covered[start:end]):
            continue
        if not _reads_as_person(text, match.start(), end):
            continue
        found.append((start, end, name))
    return found


def _reads_as_person(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    previous_words = re.findall(r"[A-Za-z]+", before)[-3:]
    if any(word.lower() in ROLE_WORDS for word in previous_words):
        return True
    if any(word.lower() in ROLE_WORDS for word in re.findall(r"[A-Za-z]+", text[start:end])):
        return True
    return bool(SPEECH_VERBS.match(text[end : end + 40]))

"""Actors and states named in the text, through the alias dictionary. Pure.

One Aho-Corasick automaton per vocabulary (built once, cached) holds every alias, folded
(case, accents, quote styles aside), with the Russian surname forms of people's aliases
("Rahmon" / "Rahmonov" / "Rahmonova"), and every word that stands for a state (its names,
adjectives, demonyms and capital). A match counts only at word boundaries; possessives
("Putin's") match by construction, as the apostrophe ends the word. The longest match wins.
Capitalised words the automaton misses are compared with the single-word aliases by
edit distance (rapidfuzz; transpositions count once), so "Takijistan" finds Tajikistan.
Capitalised names that match nothing and read as a person's (after a title such as
"President", or before "said") are proposed as new actors.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

import ahocorasick
from rapidfuzz import process
from rapidfuzz.distance import OSA

from articles.extraction.normalize import fold, fold_phrase
from articles.extraction.result import ActorMention, Span
from articles.extraction.sentences import Sentence
from articles.extraction.vocabulary import Vocabulary

COUNTRY_KIND = "country"
PERSON_KIND = "person"
NEW_ACTOR_SCORE = 0.5
LOWER_CASE_MINIMUM = 5  # shorter one-word aliases match only where capitalised


@dataclass(frozen=True)
class Entry:
    """What a dictionary key stands for: an actor, a state's word, or both."""

    actor: int | None
    canonical: str
    kind: str | None
    country: str | None
    form: str  # alias, variant, name, adjective, demonym, capital
    exact: bool = True


@dataclass(frozen=True)
class Mention:
    """One occurrence: `text[start:end]` names an actor (and/or stands for a state)."""

    start: int
    end: int
    text: str
    actor: int | None
    canonical: str
    kind: str | None
    country: str | None  # the state it belongs to or stands for
    form: str
    score: float = 1.0


class ActorIndex:
    """The automaton and lookup tables built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        entries: dict[str, list[Entry]] = {}

        def add(key: str, entry: Entry, *, weak: bool = False) -> None:
            key = fold_phrase(key)
            if len(key) < 2:
                return
            if weak and key in entries:
                return  # a derived form never shadows a real alias
            bucket = entries.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

        country_actor: dict[str, tuple[int, str]] = {}
        for alias in vocabulary.aliases:
            entry = Entry(alias.actor, alias.canonical, alias.kind, alias.country, "alias")
            add(alias.alias, entry)
            if alias.kind == COUNTRY_KIND and alias.country:
                country_actor.setdefault(alias.country, (alias.actor, alias.canonical))
        for alias in vocabulary.aliases:
            if alias.kind == PERSON_KIND:
                variant = Entry(alias.actor, alias.canonical, alias.kind, alias.country, "variant")
                for form in surname_forms(alias.alias):
                    add(form, variant, weak=True)
        for country in vocabulary.countries:
            actor, canonical = country_actor.get(country.code, (None, country.name))
            for form, words in (
                ("name", (country.name, *country.names)),
                ("capital", country.capitals),
                ("adjective", country.adjectives),
                ("demonym", country.demonyms),
            ):
                for word in words:
                    named = form in ("name", "capital")
                    add(
                        word,
                        Entry(
                            actor if named else None,
                            canonical,
                            COUNTRY_KIND,
                            country.code,
                            form,
                        ),
                    )
        self.automaton = ahocorasick.Automaton()
        for key, bucket in entries.items():
            self.automaton.add_word(key, (len(key), tuple(bucket)))
        if entries:
            self.automaton.make_automaton()
        self.entries = entries
        # Single words for near misses: long enough that one or two edits are a misspelling.
        self.fuzzy_keys = sorted(key for key in entries if " " not in key and len(key) >= 6)
        self.near: dict[str, str | None] = {}  # words already compared, and their key
        self.acronyms = {
            fold_phrase(alias.alias)
            for alias in vocabulary.aliases
            if alias.alias.replace(".", "").isupper() and len(alias.alias) <= 5
        }

    def entries_for(self, key: str) -> tuple[Entry, ...]:
        return tuple(self.entries.get(key, ()))


_INDEX_CACHE: dict[int, tuple[Vocabulary, ActorIndex]] = {}


def actor_index(vocabulary: Vocabulary) -> ActorIndex:
    """The index of a vocabulary, built once: cached by identity, as hashing a large
    vocabulary would cost more than the lookup saves."""
    cached = _INDEX_CACHE.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index = ActorIndex(vocabulary)
    if len(_INDEX_CACHE) >= 8:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[id(vocabulary)] = (vocabulary, index)
    return index


def surname_forms(alias: str) -> tuple[str, ...]:
    """Russian surname forms of a person's alias: Rahmon -> Rahmonov, Rahmonova; Ivanov -> Ivanova."""
    words = alias.split()
    if not words:
        return ()
    *given, surname = words
    forms = []
    lowered = surname.lower()
    if lowered.endswith(("ov", "ev", "in")):
        forms.append(surname + "a")
    elif lowered.endswith(("ova", "eva")):
        forms.append(surname[:-1])
    elif surname[-1:].isalpha() and surname[-1].lower() not in "aeiouy":
        forms.extend((surname + "ov", surname + "ova"))
    return tuple(" ".join([*given, form]) for form in forms)


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*")
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


def find_mentions(text: str, index: ActorIndex) -> list[Mention]:
    """Every actor and state word in `text`, in order, overlapping matches resolved."""
    folded = fold(text)
    candidates: list[tuple[int, int, tuple[Entry, ...]]] = []
    if index.entries:
        for end_index, (length, bucket) in index.automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if not _at_word_boundaries(folded, start, end):
                continue
            key = folded[start:end]
            if key in index.acronyms and text[start:end] != text[start:end].upper():
                continue
            if (
                len(key) < LOWER_CASE_MINIMUM
                and " " not in key
                and not any(character.isupper() for character in text[start:end])
                and not any(entry.form in ("adjective", "demonym") for entry in bucket)
            ):
                continue  # a short name lower-cased is most often an ordinary word
            candidates.append((start, end, bucket))
    candidates.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    mentions: list[Mention] = []
    last_end = -1
    for start, end, bucket in candidates:
        if start < last_end:
            continue
        mentions.extend(_mentions_of(text, start, end, bucket))
        last_end = end
    mentions.extend(_near_misses(text, folded, index, mentions))
    mentions.extend(_new_names(text, mentions))
    mentions.sort(key=lambda mention: mention.start)
    return mentions


def _mentions_of(text: str, start: int, end: int, bucket: tuple[Entry, ...]) -> list[Mention]:
    """One mention per key: the actor alias if there is one, else the state word."""
    actors = [entry for entry in bucket if entry.actor is not None]
    entry = actors[0] if actors else bucket[0]
    score = 1.0 if entry.form != "variant" else 0.9
    return [
        Mention(
            start,
            end,
            text[start:end],
            entry.actor,
            entry.canonical,
            entry.kind,
            entry.country,
            entry.form,
            score,
        )
    ]


def _at_word_boundaries(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return not before.isalnum() and not after.isalnum()


def _near_misses(
    text: str, folded: str, index: ActorIndex, mentions: list[Mention]
) -> list[Mention]:
    """Capitalised words within one or two edits of a single-word alias: "Takijistan"."""
    if not index.fuzzy_keys:
        return []
    covered = bytearray(len(text) + 1)
    for mention in mentions:
        covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
    found = []
    for match in _CAPITALISED.finditer(text):
        word = match.group().rstrip("'’").removesuffix("'s").removesuffix("’s")
        if len(word) < 6:
            continue
        start, end = match.start(), match.start() + len(word)
        if covered[start] or covered[end - 1]:
            continue
        key = _nearest_key(folded[start:end], index)
        if key is None:
            continue
        bucket = index.entries_for(key)
        for mention in _mentions_of(text, start, end, bucket):
            found.append(dataclasses.replace(mention, form="near miss", score=0.8))
    return found


def _nearest_key(word: str, index: ActorIndex) -> str | None:
    """The single-word key within one edit (two for long words) of `word`, if any."""
    if word in index.near:
        return index.near[word]
    limit = 1 if len(word) <= 7 else 2
    result = None
    if word not in index.entries:
        best = process.extractOne(
            word,
            [
                key
                for key in index.fuzzy_keys
                if key[0] == word[0] and abs(len(key) - len(word)) <= limit
            ],
            scorer=OSA.distance,
            score_cutoff=limit,
        )
        if best is not None and best[1] > 0:
            result = best[0]
    if len(index.near) > 50_000:
        index.near.clear()
    index.near[word] = result
    return result


def _new_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Capitalised two- or three-word names that match no actor and read as a person's."""
    found = []
    known = [(mention.start, mention.end) for mention in mentions]
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
        found.append(
            Mention(start, end, name, None, name, PERSON_KIND, None, "new", NEW_ACTOR_SCORE)
        )
    return found


def _reads_as_person(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    previous_words = re.findall(r"[A-Za-z]+", before)[-3:]
    if any(word.lower() in ROLE_WORDS for word in previous_words):
        return True
    if any(word.lower() in ROLE_WORDS for word in re.findall(r"[A-Za-z]+", text[start:end])):
        return True
    return bool(SPEECH_VERBS.match(text[end : end + 40]))


def actor_mentions(mentions: list[Mention], sentences: list[Sentence]) -> tuple[ActorMention, ...]:
    """Mentions grouped by actor (new names by spelling), with their sentences' spans.

    Adjectives and demonyms stand for a state but name no actor, so they are left out."""
    starts = [sentence.start for sentence in sentences]
    grouped: dict[tuple, dict] = {}
    for mention in mentions:
        if mention.actor is None and mention.form != "new":
            continue
        key = (
            (mention.actor,)
            if mention.actor is not None
            else ("new", fold_phrase(mention.canonical))
        )
        span = sentence_of(mention.start, sentences, starts)
        group = grouped.setdefault(key, {"mention": mention, "spans": [], "score": mention.score})
        if span not in group["spans"]:
            group["spans"].append(span)
        group["score"] = max(group["score"], mention.score)
    return tuple(
        ActorMention(
            name=group["mention"].text,
            actor=group["mention"].actor,
            canonical=group["mention"].canonical,
            spans=tuple(group["spans"]),
            kind=group["mention"].kind,
            country=group["mention"].country,
            score=group["score"],
        )
        for group in grouped.values()
    )


def sentence_of(position: int, sentences: list[Sentence], starts: list[int] | None = None) -> Span:
    """The span of the sentence holding `position` (or the nearest before it)."""
    if not sentences:
        return (position, position)
    starts = starts if starts is not None else [sentence.start for sentence in sentences]
    index = max(0, bisect.bisect_right(starts, position) - 1)
    sentence = sentences[index]
    return (sentence.start, sentence.end)

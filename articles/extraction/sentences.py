"""Sentences with character offsets, and the sentence that holds a quoted phrase. Pure.

Offsets index the text as given (Python str positions, which PostgreSQL text shares), so a
citation can store `span_start`/`span_end` and show `text[span_start:span_end]`.

The splitter is rule-based and tuned for news copy taken from web pages:
- a sentence ends at `.`, `!`, `?` or an ellipsis, with any closing quotes or brackets,
  when the next word does not start in lower case (so `"...," he said` stays whole);
- abbreviations ("U.S.", "Mr.", "Gen.", "No. 201", initials such as "V.") end nothing;
- a blank line ends a sentence (paragraphs, headings, captions), unless the next paragraph
  starts in lower case: a page break in the middle of a sentence, a common scraping artefact;
- a single line break ends a sentence after a heading-like line (a Markdown `#` line, or a
  short title-cased line without final punctuation) and before a heading or list item;
  elsewhere it is only a space, so hard-wrapped prose stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lower-case words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm",
        "cmdr", "gov", "sen", "rep", "pres", "st", "jr", "sr", "rev", "hon", "vs", "cf",
        "e.g", "i.e", "approx", "est", "dept", "inc", "ltd", "co", "corp", "ave", "blvd",
        "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
# Abbreviations only when a number follows: "No. 201", "pp. 3".
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "p", "pp", "vol", "art", "fig"})
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
     "with", "vs"}
)  # fmt: skip

_TERMINAL = re.compile(r"(?:\.{2,}|…|[.!?]+)[\"'”’»)\]]*(?=\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_DOTTED_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")
_LIST_OR_HEADING = re.compile(r"^\s*(?:#{1,6}\s|[-*•>]\s|\d{1,3}[.)]\s)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTE_CLASSES = {
    '"': '["“”«»]',
    "“": '["“”«»]',
    "”": '["“”«»]',
    "«": '["“”«»]',
    "»": '["“”«»]',
    "'": "['‘’]",
    "‘": "['‘’]",
    "’": "['‘’]",
    "-": "[-‐‑–—]",
    "–": "[-‐‑–—]",
    "—": "[-‐‑–—]",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence: `text[start:end]`, trimmed of surrounding whitespace."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, with their character offsets."""
    sentences: list[Sentence] = []
    for start, end in _segments(text):
        for sentence_start, sentence_end in _split_segment(text, start, end):
            sentences.append(
                Sentence(sentence_start, sentence_end, text[sentence_start:sentence_end])
            )
    return sentences


def sentence_span(text: str, anchor: str) -> tuple[int, int] | None:
    """The span of the sentence holding `anchor` (case and whitespace aside), or None.

    The first occurrence counts. An anchor that runs over a sentence boundary yields the
    span of all the sentences it touches, so the span always contains the whole anchor.
    """
    match = anchor_pattern(anchor).search(text) if anchor.strip() else None
    if match is None:
        return None
    covering = [
        sentence
        for sentence in split_sentences(text)
        if sentence.start < match.end() and match.start() < sentence.end
    ]
    if not covering:
        return None
    return covering[0].start, covering[-1].end


def anchor_pattern(anchor: str) -> re.Pattern[str]:
    """A pattern for `anchor` that ignores case, runs of whitespace and quote/dash styles."""
    tokens = anchor.split()
    return re.compile(r"\s+".join(_token_pattern(token) for token in tokens), re.IGNORECASE)


def _token_pattern(token: str) -> str:
    return "".join(_QUOTE_CLASSES.get(character, re.escape(character)) for character in token)


def _segments(text: str) -> list[tuple[int, int]]:
    """Spans that no sentence crosses: paragraphs, and lines set apart as headings."""
    paragraphs = []
    position = 0
    for blank in _BLANK_LINE.finditer(text):
        paragraphs.append((position, blank.start()))
        position = blank.end()
    paragraphs.append((position, len(text)))
    paragraphs = _join_broken_paragraphs(text, [p for p in paragraphs if text[p[0] : p[1]].strip()])
    segments = []
    for start, end in paragraphs:
        segments.extend(_split_lines(text, start, end))
    return segments


def _join_broken_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin a paragraph cut mid-sentence: no final punctuation, next one starts lower-case."""
    joined: list[tuple[int, int]] = []
    for start, end in paragraphs:
        if joined:
            previous = text[joined[-1][0] : joined[-1][1]].rstrip()
            following = text[start:end].lstrip()
            if (
                previous
                and not _ends_sentence(previous)
                and not _is_heading(previous.splitlines()[-1])
                and following[:1].islower()
            ):
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a paragraph at line breaks that follow a heading or precede a heading or list item."""
    lines = []
    position = start
    for line in text[start:end].splitlines(keepends=True):
        lines.append((position, position + len(line)))
        position += len(line)
    segments = []
    segment_start = start
    for index in range(len(lines) - 1):
        line = text[lines[index][0] : lines[index][1]].strip()
        following = text[lines[index + 1][0] : lines[index + 1][1]]
        if _is_heading(line) or _LIST_OR_HEADING.match(following):
            segments.append((segment_start, lines[index][1]))
            segment_start = lines[index + 1][0]
    segments.append((segment_start, end))
    return segments


def _is_heading(line: str) -> bool:
    """A Markdown heading, or a short title-cased line without final punctuation."""
    line = line.strip()
    if not line:
        return False
    if line.startswith("#"):
        return True
    if len(line) > 80 or _ends_sentence(line) or line.endswith((",", ";", ":", "-")):
        return False
    words = [word for word in _WORD.findall(line) if word.lower() not in SMALL_WORDS]
    if not words:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) >= 0.6


_NEXT_CHARACTER = re.compile(r"\s*(\S)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]*_]*$")


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _split_segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences within one segment, trimmed of whitespace."""
    chunk = text[start:end]
    boundaries = [0]
    for terminal in _TERMINAL.finditer(chunk):
        if _is_boundary(chunk, terminal):
            boundaries.append(terminal.end())
    boundaries.append(len(chunk))
    spans = []
    for left, right in zip(boundaries, boundaries[1:], strict=False):
        piece = chunk[left:right]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = start + left + (len(piece) - len(piece.lstrip()))
        spans.append((offset, offset + len(stripped)))
    return spans


def _is_boundary(chunk: str, terminal: re.Match[str]) -> bool:
    # Read around the terminal in place: slicing the rest of the chunk, or searching the
    # whole text before it, for each full stop made a long paragraph cost its length squared.
    following = _NEXT_CHARACTER.match(chunk, terminal.end())
    if following is None:
        return False  # the segment ends here anyway
    next_character = following.group(1)
    if next_character.islower():
        return False
    punctuation = terminal.group()
    if not punctuation.startswith("."):
        return True
    if punctuation.rstrip("\"'”’»)]") != ".":
        return True  # an ellipsis or "?!" before a capital
    before = chunk[: terminal.start()]
    if not before or before[-1].isspace():
        return True
    token = before.rsplit(None, 1)[-1].lstrip("\"'“‘«([")
    lowered = token.lower()
    if lowered in ABBREVIATIONS:
        return False
    if lowered in NUMBER_ABBREVIATIONS and next_character.isdigit():
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "V. Putin"
    return not _DOTTED_INITIALS.match(token)  # "U.S.", "N.W."

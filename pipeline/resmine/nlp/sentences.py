"""Sentence splitting that respects passages and the quirks of scientific text.

A sentence never crosses a passage boundary (a table row is one sentence). Inside a passage we
split after ``.``, ``!`` or ``?`` when the next word starts a sentence, except after the
abbreviations usual in biomedical prose ("et al.", "e.g.", "Fig.") — spaCy's rule-based
sentencizer splits there, and it also keeps hard line breaks inside sentences as they are,
which is what PDF-extracted text needs.

A sentence is at most ``MAX_SENTENCE_CHARS`` long (the ``max_chars`` setting of the
``resmine_sentences`` component): a table dump or a PDF page without full stops becomes pieces
of bounded length, so that everything read per sentence (relations, abbreviations) stays linear
in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from resmine.model import Passage

# The longest sentence kept whole. The bundled corpus's longest is 653 characters; past a few
# thousand, text without sentence ends is a table or a PDF dump, not one statement.
MAX_SENTENCE_CHARS = 2000

# Words that end with a period without ending a sentence (lower-cased, without the period).
ABBREVIATIONS = frozenset(
    """al e.g i.e fig figs ref refs vs approx ca cf etc no nos vol eq eqs dr mr ms prof inc
    ltd co st jr sr resp viz incl suppl tab sect ch p pp""".split()
)

# End punctuation, then anything without letters glued to it (closing quotes and brackets,
# citation marks such as "^{[4][10]}" or "[\\[3\\]](#)"), whitespace, then what a sentence
# starts with (possibly behind a quote, bracket or markdown emphasis).
_BOUNDARY = re.compile(r"[.!?][^\sA-Za-z]*(?=\s+[\"“(\[*_]*[A-Z0-9])")
# The whole word before the period: "V1180L." ends a sentence, it is no initial "L.".
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    # Only the few characters before the dot: searching from 0 made long texts quadratic.
    match = _WORD_BEFORE.search(text, max(0, dot - 80), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    # Single capital letters are initials ("J. Smith") or gene-name fragments, not ends.
    return word in ABBREVIATIONS or (len(word) == 1 and text[match.start()].isupper())


def split_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; returns (start, end) offsets into ``text``,
    trimmed of surrounding whitespace, never empty."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def cap_length(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``max_chars``, each cut after the last
    whitespace in its second half (else hard at ``max_chars``), trimmed, never empty."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        cut = start + max_chars
        # rfind over one window: each character is looked at a bounded number of times
        space = max(text.rfind(" ", start + max_chars // 2, cut), text.rfind("\n", start + max_chars // 2, cut))
        if space > start:
            cut = space + 1
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return [span for span in (_trim(text, s, e) for s, e in pieces) if span]


def split_sentences(text: str, passages: Iterable[Passage],
                    max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Sentences of a document: table rows and headings whole, prose split inside passages,
    then anything longer than ``max_chars`` cut into pieces (:func:`cap_length`).

    Text outside every passage (e.g. blank lines) holds no sentence. With no passages the
    whole text is treated as one prose passage.
    """
    return [piece for s, e in _sentences(text, passages)
            for piece in ([(s, e)] if e - s <= max_chars else cap_length(text, s, e, max_chars))]


def _sentences(text: str, passages: Iterable[Passage]) -> list[tuple[int, int]]:
    passages = list(passages)
    if not passages:
        return split_text(text)
    spans: list[tuple[int, int]] = []
    for passage in passages:
        if passage.kind in ("table_row", "heading", "title"):
            trimmed = _trim(text, passage.start, passage.end)
            if trimmed:
                spans.append(trimmed)
        else:
            spans.extend(split_text(text, passage.start, passage.end))
    return sorted(spans)

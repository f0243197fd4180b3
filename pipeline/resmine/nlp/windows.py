"""Long texts in pieces: memory bounded by the piece, not by the document.

The pipeline holds a whole spaCy ``Doc`` (about 200,000 tokens per MB), the dictionary hits and
the mentions of what it reads at once, about 150 MB per MB of text. A document longer than
:data:`WINDOW_CHARS` is therefore read as consecutive windows, each a :class:`Document` of its
own with the same ``doc_id`` (cut at a passage end when one falls in the window, else at a line
break, a sentence end or a space), and what each window yields is moved back to the
document's offsets. What a document says about itself is then read per window: an
abbreviation defined in one window, a gene family resolved by a member named in another, the
title as context for a table row (documents that long are books and text dumps, never
articles). A document no longer than the window is read whole, exactly as before.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from resmine.model import Document, Evidence, Mention, Passage

# A few times the longest article (PMC full texts run to 300,000 characters).
WINDOW_CHARS = 2_000_000

_CUT_MARKS = ("\n", ". ", " ")

_Item = TypeVar("_Item")


def char_batches(items: Iterable[_Item], batch_chars: int, length: Callable[[_Item], int],
                 max_items: int | None = None) -> Iterator[list[_Item]]:
    """``items`` in groups of at most ``batch_chars`` characters (``length`` of each) and at
    most ``max_items`` items, in order; a longer item is a group of its own. A group is given
    out as soon as it is full, so that the next item is not made before it is used."""
    group: list[_Item] = []
    chars = 0
    for item in items:
        size = length(item)
        if group and chars + size > batch_chars:
            yield group
            group, chars = [], 0
        group.append(item)
        chars += size
        if chars >= batch_chars or len(group) == max_items:
            yield group
            group, chars = [], 0
    if group:
        yield group


def _cut(window: str) -> int:
    """Length of the first piece of ``window``: up to its last line break, else its last ". ",
    else its last space, else all of it."""
    for mark in _CUT_MARKS:
        at = window.rfind(mark)
        if at > 0:
            return at + len(mark)
    return len(window)


def text_chunks(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text``, each at most ``size`` characters, cut after the
    last line break in the piece, else after the last ". ", else at the last space."""
    return window_spans(text, [], size)


def window_spans(text: str, passages: list[Passage], size: int) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text``, each at most ``size`` characters, cut at the last
    passage end inside the piece, else as :func:`text_chunks` cuts."""
    ends = sorted(p.end for p in passages)
    pieces, start = [], 0
    while len(text) - start > size:
        k = bisect_right(ends, start + size)
        if k and ends[k - 1] > start:
            cut = ends[k - 1] - start
        else:
            cut = _cut(text[start:start + size])
        pieces.append((start, start + cut))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, len(text)))
    return pieces


def _clip(passage: Passage, start: int, end: int) -> Passage:
    """``passage`` cut to the window [start, end) and moved to the window's offsets."""
    cells = tuple((max(a, start) - start, min(b, end) - start) for a, b in passage.cells if a < end and b > start)
    return replace(passage, start=max(passage.start, start) - start, end=min(passage.end, end) - start, cells=cells)


def window_document(document: Document, start: int, end: int) -> Document:
    """The part [start, end) of ``document`` as a Document of its own (same id and source)."""
    passages = [_clip(p, start, end) for p in document.passages if p.start < end and p.end > start]
    return replace(document, text=document.text[start:end], passages=passages)


def windows(document: Document, size: int = WINDOW_CHARS) -> list[tuple[int, Document]]:
    """``(offset, window)`` for each window of ``document``; the document itself when it is
    no longer than ``size``."""
    if len(document.text) <= size:
        return [(0, document)]
    return [(start, window_document(document, start, end))
            for start, end in window_spans(document.text, document.passages, size)]


def shift_mention(mention: Mention, offset: int) -> Mention:
    return replace(mention, start=mention.start + offset, end=mention.end + offset) if offset else mention


def shift_evidence(row: Evidence, offset: int) -> Evidence:
    if not offset:
        return row
    return replace(row, sentence_start=row.sentence_start + offset, sentence_end=row.sentence_end + offset)

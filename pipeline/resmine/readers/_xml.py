"""Shared by the PubMed and JATS readers: element text, streaming parse, and building
``Document.text`` from passages.

Text of an element: every text node below it, in document order, concatenated with no glue —
inline markup (``<i>``, ``<sup>``, ``<xref>``, ...) neither adds nor removes characters — then
every run of Unicode whitespace (including newlines and no-break spaces) collapsed to one space
and the ends stripped. Block-level children (``<title>``, ``<p>``, ``<list-item>``... inside a
caption or cell) are separated by one space. MathML (``<mml:math>``) is the exception:
pretty-printed MathML puts layout whitespace between tokens, so its token texts are joined
without spaces ("V.O2max"). Of an ``<alternatives>`` group only one rendering is read (MathML,
else TeX, else the first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from lxml import etree

from resmine.model import Passage, PassageKind
from resmine.readers._source import RecordBoundedStream

_WHITESPACE = re.compile(r"\s+")
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
# Block-level children (a caption's <title> and <p>, list items, cells) are separated by a
# space: "<title>A.</title><p>B</p>" reads "A. B", not "A.B". Inline markup gets nothing.
BLOCK_TAGS = frozenset(
    """p title label caption sec list list-item def-list def-item term def disp-quote
    table-wrap-foot fn tr td th AbstractText""".split()
)


def normalise_space(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comment or processing instruction
        return ""
    return tag.rsplit("}", 1)[-1]


def _is_mathml(element: etree._Element) -> bool:
    tag = element.tag
    return isinstance(tag, str) and tag.startswith("{" + MATHML_NS + "}")


def _collect(element: etree._Element, parts: list[str], skip: frozenset[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        name = local_name(child)
        if not name or name in skip:
            pass  # comments/PIs and skipped subtrees contribute nothing, but their tail does
        elif _is_mathml(child):
            parts.append("".join(piece.strip() for piece in child.itertext()))
        elif name == "alternatives":
            # One rendering only (MathML over TeX over anything else), never all of them.
            chosen = _pick_alternative(child)
            if chosen is not None:
                _collect_whole(chosen, parts, skip)
        elif name in BLOCK_TAGS:
            parts.append(" ")
            _collect(child, parts, skip)
            parts.append(" ")
        else:
            _collect(child, parts, skip)
        if child.tail:
            parts.append(child.tail)


def _collect_whole(element: etree._Element, parts: list[str], skip: frozenset[str]) -> None:
    if _is_mathml(element):
        parts.append("".join(piece.strip() for piece in element.itertext()))
    else:
        _collect(element, parts, skip)


def _pick_alternative(element: etree._Element) -> etree._Element | None:
    children = [child for child in element if local_name(child)]
    for wanted in ("math", "tex-math"):
        for child in children:
            if local_name(child) == wanted:
                return child
    return children[0] if children else None


def element_text(element: etree._Element | None, skip: Iterable[str] = ()) -> str:
    """Normalised text of ``element`` (see module docstring); subtrees whose local name is in
    ``skip`` are left out (their tail text is kept). ``None`` gives ""."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts, frozenset(skip))
    return normalise_space("".join(parts))


def iter_elements(stream: BinaryIO | RecordBoundedStream, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Stream the elements named ``tags`` from an XML file, freeing each after use.

    The consumer must finish with an element before asking for the next one: it is cleared and
    detached from its parent afterwards, so memory stays flat on a 20,000-article update file.
    DTDs are neither loaded nor fetched and entities are not expanded (no network, no XXE).
    """
    parser = etree.iterparse(
        stream,
        events=("end",),
        tag=tags,
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    for _event, element in parser:
        if isinstance(stream, RecordBoundedStream):
            stream.next_record()
        yield element
        element.clear(keep_tail=False)
        # Drop already-processed siblings too, or the root keeps a list of empty shells.
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
            parent.remove(element)


class PassageText:
    """Accumulates passages and the ``"\\n"``-joined ``Document.text`` they slice into."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.passages: list[Passage] = []

    def _append(self, text: str) -> int:
        if self._parts:
            self._length += 1  # the "\n" joining this passage to the previous one
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def add(self, kind: str, section: str, text: str, caption: str = "") -> None:
        """Add a passage; empty text adds nothing (an empty ``<p/>`` is not a passage)."""
        if not text:
            return
        start = self._append(text)
        self.passages.append(Passage(PassageKind(kind), section, start, start + len(text), caption=caption))

    def add_row(
        self, section: str, cells: list[str], header: tuple[str, ...] = (), caption: str = ""
    ) -> None:
        """Add a table row: cells joined by a tab, each cell's offsets kept. Rows whose cells are
        all empty add nothing."""
        if not any(cells):
            return
        start = self._append("\t".join(cells))
        spans = []
        cursor = start
        for cell in cells:
            spans.append((cursor, cursor + len(cell)))
            cursor += len(cell) + 1
        self.passages.append(
            Passage(PassageKind.TABLE_ROW, section, start, cursor - 1, tuple(spans), header, caption)
        )

    @property
    def text(self) -> str:
        return "\n".join(self._parts)

"""Plain text: ``Document.text`` is the file's content exactly as decoded (strict UTF-8; a BOM
is kept as the first character), and passages are found on top of it without changing it.

Passage rules (offsets always point into the unchanged text; a passage never includes the
whitespace around it):

1. **Lines and blocks.** Lines end at "\\n" (a "\\r" before it is treated as whitespace). A line
   of only whitespace is blank; a *block* is a run of non-blank lines.
2. **Tables.** Two or more consecutive lines containing a tab form a table. Its first line is
   the header: a ``table_row`` passage with ``header=()``. Every following line is a
   ``table_row`` with ``cells`` (one (start, end) per tab-separated cell, trimmed of spaces; an
   empty cell is an empty span), ``header`` (the header's cell texts) and ``caption`` (the
   nearest preceding ``Table …`` caption, unless a heading or another table came in between;
   else ""). A row passage spans its whole line, so trailing empty cells stay inside it.
   A single line with a tab is ordinary text.
3. **Units.** The non-table lines of a block form one unit, except that a new unit starts at:
   a bullet line ("- ", "* ", "• ", "1. ", "2) "... possibly indented); a line starting with
   ``Table N``/``Figure N``/``Fig. N``/``Caption:``; and an indented line starting with a
   capital letter right after a line ending a sentence (an indented new paragraph in
   hard-wrapped text).
4. **Page-break joins.** A unit whose last line ends with a letter, digit, comma or hyphen is
   joined with the next unit when only blank lines separate them and that unit starts with a
   lower-case letter and is not a bullet ("…signaling to" / blank / "promote cell survival.").
   A one-line unit shaped like a heading (rule 5) is never the first half of such a join. The
   joined passage contains the blank line(s), as the text does.
5. **Kinds.** The first unit is the ``title`` if it is a single line of at most 200
   characters. A unit starting with a caption line is a ``caption``. A single-line unit is a
   ``heading`` when it is short (≤ 150 characters, ≤ 20 words), not a "-"/"*"/"•" bullet
   (numbered lines may be headings), does not start with "[" or contain a markdown link "](",
   starts with a capital letter or a digit, ends with a letter, digit or ")" (or with
   ":" ending a title-cased label such as "1. Secondary Mutations in the ALK Kinase Domain:"),
   contains no ". " (except after leading numbering), at least half of its longer words are
   capitalised, and some unit follows it that does not start in lower case. A line starting
   with "#" (markdown) is always a heading. Every other unit is a ``paragraph``.
6. **Sections.** ``section`` is the text of the nearest heading at or before the passage
   (a heading's own section is itself), with markdown markers ("#", "**", "__") and a final
   ":" removed and whitespace collapsed; "" before the first heading.

``Document.title`` is the first non-empty line, stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from resmine.model import Document, Passage, PassageKind
from resmine.readers._source import (
    DEFAULT_MAX_CHARS, ReaderError, describe_utf8_error, logical_stem, open_binary, read_bounded,
    too_long_message,
)

# str.isspace() is False for the BOM; it must not start a passage either.
_SPACE = " \t\r\n\f\v\u00a0\ufeff\u2028\u2029"
_BULLET = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,2}[.)])\s+\S")
_NUMBERING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+")
_CAPTION = re.compile(
    r"^\s*(?:(?:Supplementary\s+)?(?:Table|Figure|Fig\.?)\s+S?\d+[A-Za-z]?\s*[:.|—–-]|Caption:)"
)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
# Function words that stay lower case in title-cased headings.
_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into of on or per the to via vs with without".split()
)
MAX_TITLE_CHARS = 200
MAX_HEADING_CHARS = 150
MAX_HEADING_WORDS = 20


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character of the line
    end: int  # offset after its last character, excluding "\n" and a trailing "\r"
    content: str

    @property
    def stripped(self) -> str:
        return self.content.strip(_SPACE)

    @property
    def is_blank(self) -> bool:
        return not self.stripped

    @property
    def is_tabbed(self) -> bool:
        return "\t" in self.content


@dataclass
class Unit:
    """A run of lines that becomes one passage (or, for tables, one passage per line)."""

    lines: list[Line]
    table: bool = False
    kind: str = "paragraph"


def read_txt(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> list[Document]:
    """Read one plain-text file as one Document (ReaderError past ``max_chars`` characters)."""
    with open_binary(path) as stream:
        data = read_bounded(stream, max_chars)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReaderError(describe_utf8_error(error)) from None
    if len(text) > max_chars:
        raise ReaderError(too_long_message(max_chars))
    if not text.strip(_SPACE):
        raise ReaderError("empty file")
    return [parse_txt(text, logical_stem(path), str(path))]


def parse_txt(text: str, doc_id: str, source: str = "") -> Document:
    """Build the Document of a plain-text string (pure function; see module docstring)."""
    lines = split_lines(text)
    title = next((line.stripped for line in lines if not line.is_blank), "")
    units = classify(join_page_breaks(split_units(lines)))
    return Document(doc_id, source, "txt", title, text, passages(text, units))


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with its offsets (rule 1)."""
    lines = []
    start = 0
    length = len(text)
    while start < length:
        newline = text.find("\n", start)
        stop = length if newline < 0 else newline
        end = stop - 1 if stop > start and text[stop - 1] == "\r" else stop
        lines.append(Line(start, end, text[start:end]))
        start = stop + 1
    return lines


def _starts_unit(previous: Line, line: Line) -> bool:
    """Rule 3: does ``line`` start a new unit inside a block?"""
    if _BULLET.match(line.content) or _CAPTION.match(line.content):
        return True
    indented_capital = line.content[:1] in (" ", "\t") and line.stripped[:1].isupper()
    return indented_capital and bool(_SENTENCE_END.search(previous.stripped))


def split_units(lines: list[Line]) -> list[Unit | None]:
    """Group lines into units (rules 1–3); ``None`` marks one or more blank lines."""
    units: list[Unit | None] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.is_blank:
            if units and units[-1] is not None:
                units.append(None)
            index += 1
            continue
        run_end = index
        while run_end < len(lines) and not lines[run_end].is_blank and lines[run_end].is_tabbed:
            run_end += 1
        if run_end - index >= 2:
            units.append(Unit(lines[index:run_end], table=True, kind="table"))
            index = run_end
            continue
        current = units[-1] if units else None
        previous = lines[index - 1] if index else None
        continues = (
            current is not None
            and not current.table
            and previous is not None
            and not previous.is_blank
            and previous is current.lines[-1]
            and not _starts_unit(previous, line)
        )
        if continues and current is not None:  # continues implies it; mypy cannot see that
            current.lines.append(line)
        else:
            units.append(Unit([line]))
        index += 1
    return units


def _starts_lower(unit: Unit) -> bool:
    return unit.lines[0].stripped[:1].islower()


def _open_ended(unit: Unit) -> bool:
    last = unit.lines[-1].stripped
    return bool(last) and (last[-1].isalnum() or last[-1] in ",-")


def join_page_breaks(units: list[Unit | None]) -> list[Unit]:
    """Rule 4: join a unit cut by a page break with its lower-case continuation."""
    joined: list[Unit] = []
    for position, unit in enumerate(units):
        if unit is None:
            continue
        previous = joined[-1] if joined else None
        separated_by_blank = position > 0 and units[position - 1] is None
        if (
            previous is not None
            and separated_by_blank
            and not previous.table
            and not unit.table
            and _open_ended(previous)
            and _starts_lower(unit)
            and not _BULLET.match(unit.lines[0].content)
            # A one-line title-like unit is a heading, not the first half of a sentence.
            and (len(previous.lines) > 1 or not _heading_shaped(previous.lines[0].stripped))
        ):
            previous.lines.extend(unit.lines)
        else:
            joined.append(unit)
    return joined


def _title_cased(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) >= 4 and w.lower() not in _MINOR_WORDS]
    if not words:
        return True
    return sum(1 for w in words if w[0].isupper()) * 2 >= len(words)


def _heading_shaped(text: str) -> bool:
    """Rule 5 without the 'followed by' condition."""
    if _MARKDOWN_HEADING.match(text):
        return True
    body = _NUMBERING.sub("", text, count=1)
    if not body or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if _BULLET.match(text) and not _NUMBERING.match(text):
        return False
    if text.startswith("[") or "](" in text or ". " in body:
        return False
    first = body.lstrip("*_")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    last = text[-1]
    if last == ":":
        return _title_cased(body) and bool(_WORD.search(body))
    return (last.isalnum() or last == ")") and _title_cased(body)


def classify(units: list[Unit]) -> list[Unit]:
    """Rule 5: set each unit's kind."""
    for position, unit in enumerate(units):
        if unit.table:
            continue
        first = unit.lines[0].stripped
        following = units[position + 1] if position + 1 < len(units) else None
        if position == 0 and len(unit.lines) == 1 and len(first) <= MAX_TITLE_CHARS:
            unit.kind = "title"
        elif _CAPTION.match(unit.lines[0].content):
            unit.kind = "caption"
        elif len(unit.lines) == 1 and (
            _MARKDOWN_HEADING.match(first)
            or (
                _heading_shaped(first)
                and following is not None
                and (following.table or not _starts_lower(following))
            )
        ):
            unit.kind = "heading"
    return units


def clean_heading(text: str) -> str:
    """Rule 6: the section name of a heading line."""
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = text.replace("**", "").replace("__", "")
    text = " ".join(text.split())
    return text.rstrip(":").rstrip()


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def _cells(text: str, line: Line) -> tuple[tuple[int, int], ...]:
    spans = []
    cursor = line.start
    for piece in line.content.split("\t"):
        spans.append(_span(text, cursor, cursor + len(piece)))
        cursor += len(piece) + 1
    return tuple(spans)


def passages(text: str, units: list[Unit]) -> list[Passage]:
    """Turn classified units into passages (rules 2 and 6)."""
    result: list[Passage] = []
    section = ""
    table_caption = ""
    for unit in units:
        if unit.table:
            header_line, *rows = unit.lines
            header_cells = _cells(text, header_line)
            header = tuple(text[s:e] for s, e in header_cells)
            result.append(
                Passage(PassageKind.TABLE_ROW, section, header_line.start, header_line.end,
                        header_cells, (), table_caption)
            )
            for row in rows:
                result.append(
                    Passage(PassageKind.TABLE_ROW, section, row.start, row.end,
                            _cells(text, row), header, table_caption)
                )
            table_caption = ""  # a caption belongs to the one table after it
            continue
        start, end = _span(text, unit.lines[0].start, unit.lines[-1].end)
        if unit.kind == "heading":
            section = clean_heading(text[start:end])
            table_caption = ""
        elif unit.kind == "caption" and re.match(r"\s*(?:Supplementary\s+)?Table", text[start:end]):
            table_caption = " ".join(text[start:end].split())
        result.append(Passage(PassageKind(unit.kind), section, start, end))
    return result

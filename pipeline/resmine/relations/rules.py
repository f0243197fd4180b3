"""The cue tables of ``models/rules/relations/``: effect cues, negation/hedge modifiers and
alteration words, compiled once per directory, and the line-break joining that cue matching
reads through."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from resmine.linebreaks import join_line_breaks
from resmine.paths import models_dir

__all__ = ["Cue", "RelationRules", "join_line_breaks"]  # join_line_breaks: resmine.linebreaks

# One row of a rule table: (compiled pattern, value, *further columns).
RuleRow = tuple[re.Pattern[str], str, *tuple[str, ...]]
RuleTable = list[RuleRow]


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    value: str


class RelationRules:
    """Compiled cue tables: effect cues and negation/hedge/marker modifiers. (Alteration words
    are mentions, found by the mention stage: ``models/rules/mutations/alteration_classes.tsv``.)"""

    def __init__(self, cues: RuleTable, modifiers: RuleTable, not_therapies: frozenset[str] = frozenset()):
        self.cues = cues
        self.modifiers = modifiers
        # drugs (as normalised) that no change is paired with: not_therapies.tsv
        self.not_therapies = not_therapies
        self._scans = {id(table): _lower_case_scan(table) for table in (cues, modifiers)}

    @classmethod
    def load(cls, directory: str | Path | None = None) -> "RelationRules":
        return _load_rules(str(directory or models_dir() / "rules" / "relations"))

    def find(self, table: RuleTable, text: str, offset: int = 0) -> list[Cue]:
        """Non-overlapping cue matches (longest first) with offsets shifted by ``offset``."""
        scan = self._scans.get(id(table))
        if scan is not None and text.isascii():
            # same offsets lower-cased; the patterns then match it without case folding
            found = [Cue(start + offset, end + offset, value) for start, end, value in scan.matches(text.lower())]
        else:
            found = [Cue(match.start() + offset, match.end() + offset, row[1])
                     for row in table for match in row[0].finditer(text)]
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Cue] = []
        for cue in found:
            if all(cue.end <= k.start or cue.start >= k.end for k in kept):
                kept.append(cue)
        return sorted(kept, key=lambda c: c.start)


# The first letters of every word of a text (lower-cased): what a row is filed under.
_OPENING_LETTERS = 3
_WORD_OPENINGS = re.compile(r"\b\w{1,%d}" % _OPENING_LETTERS)


@dataclass(frozen=True)
class _LowerCaseScan:
    """A table's patterns compiled for lower-cased ASCII text without case folding, each filed
    under the openings of the words its matches start with ("\\bresist(?:ant|ance)" under
    "res"). One pass over a text's words finds where each row can match, and the row is tried
    there only: a scan of the text per row (or one alternation of every row) tries each row at
    every word, which cost about a sixth of the relation stage. Same matches as ``finditer``."""

    rows: tuple[tuple[re.Pattern[str], str], ...]
    openings: tuple[frozenset[str] | None, ...]  # per row; None: a row scanned in every text
    # per row: words one of which its every match holds ("-(?<=\\w-)refractory": "refractory"),
    # looked for in a text before a row without openings scans it; None: none known
    required: tuple[frozenset[str] | None, ...]
    by_opening: dict[str, list[int]]  # an opening -> the rows filed under it, in table order

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, value) of every row's non-overlapping matches in lower-cased ``text``."""
        starts: dict[int, list[int]] = {}
        for word in _WORD_OPENINGS.finditer(text):
            for index in self.by_opening.get(word.group(), ()):
                starts.setdefault(index, []).append(word.start())
        found: list[tuple[int, int, str]] = []
        for index, openings in enumerate(self.openings):
            pattern, value = self.rows[index]
            if openings is None:
                required = self.required[index]
                if required is not None and not any(word in text for word in required):
                    continue
                found.extend((m.start(), m.end(), value) for m in pattern.finditer(text))
                continue
            end = 0
            for start in starts.get(index, ()):  # in text order: one row's openings are distinct words
                match = pattern.match(text, start) if start >= end else None
                if match is not None:
                    found.append((start, match.end(), value))
                    end = match.end()
        return found


_ESCAPE = re.compile(r"\\.")


def _lower_case_scan(table: RuleTable) -> _LowerCaseScan | None:
    """The scan of ``table``, or None when a row needs the text's case (a capital letter in its
    pattern, or a pattern compiled without IGNORECASE)."""
    sources = [row[0].pattern for row in table]
    if not sources or any(not row[0].flags & re.IGNORECASE for row in table) or any(
            c.isupper() for source in sources for c in _ESCAPE.sub("", source)):
        return None
    openings = tuple(_row_openings(source) for source in sources)
    by_opening: dict[str, list[int]] = {}
    for index, row_openings in enumerate(openings):
        for opening in row_openings or ():
            by_opening.setdefault(opening, []).append(index)
    return _LowerCaseScan(tuple((re.compile(source), row[1]) for source, row in zip(sources, table)), openings,
                          tuple(_required_words(source) for source in sources), by_opening)


def _row_openings(source: str) -> frozenset[str] | None:
    """The openings (:data:`_OPENING_LETTERS` letters) of the words a match of ``source`` can
    start with, when each of its alternatives opens with a word boundary, lookbehinds and
    literal letters (through groups of alternatives); None when that cannot be told this way."""
    found: set[str] = set()
    for alternative in _alternatives(source):
        if not alternative.startswith("\\b"):
            return None
        rest = alternative[2:]
        while rest.startswith(("(?<!", "(?<=")):  # zero-width: the match still starts at the word
            end = _group_end(rest)
            if end is None:
                return None
            rest = rest[end + 1:]
        openings = _openings(rest, "")
        if openings is None:
            return None
        found |= openings
    return frozenset(found)


def _openings(source: str, word: str) -> set[str] | None:
    """The openings of a match of ``source`` preceded by the letters ``word``; None if unknown."""
    letters = 0
    while letters < len(source) and "a" <= source[letters] <= "z":
        letters += 1
    if letters and source[letters:letters + 1] in ("?", "*", "{"):
        word += source[:letters - 1]  # the quantified letter may be absent
        return {word[:_OPENING_LETTERS]} if len(word) >= _OPENING_LETTERS else None
    word += source[:letters]
    rest = source[letters:]
    if len(word) >= _OPENING_LETTERS:
        return {word[:_OPENING_LETTERS]}
    if word and rest.startswith((" ", "-", "\\b", "\\s")):  # a shorter word, whole: "do not"
        return {word}
    if not rest.startswith("(") or rest.startswith("(?") and not rest.startswith("(?:"):
        return None
    end = _group_end(rest)
    if end is None or rest[end + 1:end + 2] in ("*", "+", "{"):
        return None
    body, after = rest[3 if rest.startswith("(?:") else 1:end], rest[end + 1:]
    alternatives = _alternatives(body)
    if after.startswith("?"):  # an optional group: the match may open after it
        alternatives, after = alternatives + [""], after[1:]
    found: set[str] = set()
    for alternative in alternatives:
        openings = _openings(alternative + after, word)
        if openings is None:
            return None
        found |= openings
    return found


def _required_words(source: str) -> frozenset[str] | None:
    """Words (four letters or more) one of which every match of ``source`` holds: per
    alternative, its first literal run or required group; None when an alternative has none."""
    found: set[str] = set()
    for alternative in _alternatives(source):
        words = _required_in_sequence(alternative)
        if words is None:
            return None
        found |= words
    return frozenset(found)


def _required_in_sequence(source: str) -> frozenset[str] | None:
    pieces = list(_pieces(source))
    run = ""  # the letters read since the last piece that is not one
    for number, (start, end) in enumerate(pieces):
        piece = source[start:end]
        if "a" <= piece <= "z" and len(piece) == 1:
            if number + 1 < len(pieces) and source[pieces[number + 1][0]] in "?*{":
                run = run if len(run) >= 4 else ""  # the quantified letter may be absent: the run ends before it
            else:
                run += piece
                continue
        if len(run) >= 4:
            return frozenset({run})
        run = ""
        if piece == "(":
            closing = _group_end(source[start:])
            if closing is None:
                return None
            group, after = source[start:start + closing + 1], source[start + closing + 1:start + closing + 2]
            if after not in ("?", "*", "{") and (group.startswith("(?:") or not group.startswith("(?")):
                words = _required_words(group[3 if group.startswith("(?:") else 1:-1])
                if words is not None:
                    return words
            return _required_in_sequence(source[start + closing + 1:])
    return frozenset({run}) if len(run) >= 4 else None


def _pieces(source: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece of a regular expression's source: an escape ("\\w"), a
    character class ("[^)]") or one character."""
    index = 0
    while index < len(source):
        end = index + 1
        if source[index] == "\\":
            end = index + 2
        elif source[index] == "[":
            end += 1 if source[end:end + 1] in ("]", "^") else 0  # a leading ] or ^ is no closing
            while end < len(source) and source[end] != "]":
                end += 2 if source[end] == "\\" else 1
            end += 1
        yield index, end
        index = end


def _group_end(source: str) -> int | None:
    """The index of the parenthesis closing the group ``source`` opens with."""
    depth = 0
    for start, end in _pieces(source):
        if end - start == 1 and source[start] in "()":
            depth += 1 if source[start] == "(" else -1
            if depth == 0:
                return start
    return None


def _alternatives(source: str) -> list[str]:
    """``source`` split at its top-level "|"."""
    parts, depth, first = [], 0, 0
    for start, end in _pieces(source):
        if end - start == 1 and source[start] in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[source[start]]
            if source[start] == "|" and depth == 0:
                parts.append(source[first:start])
                first = end
    parts.append(source[first:])
    return parts


@lru_cache(maxsize=8)
def _load_rules(directory: str) -> RelationRules:
    base = Path(directory)
    not_therapies = base / "not_therapies.tsv"
    return RelationRules(
        _read_table(base / "cues.tsv"),
        _read_table(base / "modifiers.tsv"),
        frozenset(_read_names(not_therapies)) if not_therapies.is_file() else frozenset(),
    )


def _table_rows(path: Path) -> list[list[str]]:
    """The rows of a rule table after its comment lines and header, blank rows left out."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        next(rows)  # header
        return [row for row in rows if row and row[0]]


def _read_names(path: Path) -> list[str]:
    """The first column of a table."""
    return [row[0].strip() for row in _table_rows(path) if row[0].strip()]


def _read_table(path: Path) -> RuleTable:
    """Rows of a rule table: (compiled pattern, value, *further columns)."""
    return [cast(RuleRow, (re.compile(row[0], re.IGNORECASE), *row[1:])) for row in _table_rows(path)]

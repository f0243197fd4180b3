"""The cue tables of ``models/rules/relations/``: effect cues, negation/hedge modifiers and
alteration words, compiled once per directory, and the line-break joining that cue matching
reads through."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Sequence
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
        patterns: Sequence[re.Pattern[str]]
        start = 0
        if scan is not None and text.isascii():
            text = text.lower()  # same offsets; the patterns then match it without case folding
            first = scan.gate.search(text)
            if first is None:
                return []
            patterns = scan.patterns
            start = first.start()  # the alternation of every row: no row matches before it
        else:
            patterns = [row[0] for row in table]
        found = []
        for pattern, (_, value, *_) in zip(patterns, table):
            for match in pattern.finditer(text, start):
                found.append(Cue(match.start() + offset, match.end() + offset, value))
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Cue] = []
        for cue in found:
            if all(cue.end <= k.start or cue.start >= k.end for k in kept):
                kept.append(cue)
        return sorted(kept, key=lambda c: c.start)


@dataclass(frozen=True)
class _LowerCaseScan:
    """A table's patterns compiled for lower-cased ASCII text without case folding, and one
    alternation of them all that says at once whether a text holds any row's match: most units
    hold none, and one scan of lower-cased text costs about a tenth of a scan per row with
    case folding (``find``'s results are the same)."""

    gate: re.Pattern[str]
    patterns: tuple[re.Pattern[str], ...]


_ESCAPE = re.compile(r"\\.")


def _lower_case_scan(table: RuleTable) -> _LowerCaseScan | None:
    """The scan of ``table``, or None when a row needs the text's case (a capital letter in its
    pattern, or a pattern compiled without IGNORECASE)."""
    sources = [row[0].pattern for row in table]
    if not sources or any(not row[0].flags & re.IGNORECASE for row in table) or any(
            c.isupper() for source in sources for c in _ESCAPE.sub("", source)):
        return None
    return _LowerCaseScan(re.compile(_gate_source(sources)), tuple(re.compile(_literal_first(source)) for source in sources))


# A row that opens with a word boundary and a word, "\\bresist(?:ant|ance)": the same row with
# the word first and the boundary looked back at after it, "resist(?<!\\wresist)(?:ant|ance)".
# Python's re finds a literal opening in C, where a pattern opening with "\\b" is tried at
# every position of the text.
_OPENING_WORD = re.compile(r"\\b([a-z]+)")


def _literal_first(source: str) -> str:
    """``source`` with its opening "\\b" and word written word first (see :data:`_OPENING_WORD`;
    the last letter stays out of the word when a quantifier follows it); same matches."""
    opening = _OPENING_WORD.match(source)
    if opening is None:
        return source
    word = opening.group(1)
    if source[opening.end():opening.end() + 1] in ("?", "*", "+", "{"):
        word = word[:-1]
    if not word:
        return source
    rest = source[2 + len(word):]
    return f"{word}(?<!\\w{word}){rest}"


def _gate_source(sources: list[str]) -> str:
    """One alternation of ``sources``. Rows that open with a word boundary go in a group of
    their own: Python's ``re`` hoists the ``\\b`` they share out of that group and tries the
    group only where a word starts, whereas a single row that opens otherwise ("-refractory")
    would make every position try every row (the scan of the cue table about seven times
    slower, benchmarks/README.md, relation stage)."""
    at_words = [source for source in sources if source.startswith(r"\b")]
    others = [source for source in sources if not source.startswith(r"\b")]
    groups = [f"(?:{source})" for source in others]
    if at_words:
        groups.insert(0, "(?:" + "|".join(f"(?:{source})" for source in at_words) + ")")
    return "|".join(groups)


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

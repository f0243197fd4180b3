"""The cue tables of ``models/rules/relations/``: effect cues, negation/hedge modifiers and
alteration words, compiled once per directory, and the line-break joining that cue matching
reads through."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from resmine.paths import models_dir

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

    def __init__(self, cues: RuleTable, modifiers: RuleTable):
        self.cues = cues
        self.modifiers = modifiers

    @classmethod
    def load(cls, directory: str | Path | None = None) -> "RelationRules":
        return _load_rules(str(directory or models_dir() / "rules" / "relations"))

    def find(self, table: RuleTable, text: str, offset: int = 0) -> list[Cue]:
        """Non-overlapping cue matches (longest first) with offsets shifted by ``offset``."""
        found = []
        for pattern, value, *_ in table:
            for match in pattern.finditer(text):
                found.append(Cue(match.start() + offset, match.end() + offset, value))
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Cue] = []
        for cue in found:
            if all(cue.end <= k.start or cue.start >= k.end for k in kept):
                kept.append(cue)
        return sorted(kept, key=lambda c: c.start)


@lru_cache(maxsize=8)
def _load_rules(directory: str) -> RelationRules:
    base = Path(directory)
    return RelationRules(
        _read_table(base / "cues.tsv"),
        _read_table(base / "modifiers.tsv"),
    )


def _read_table(path: Path) -> RuleTable:
    """Rows of a rule table: (compiled pattern, value, *further columns)."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        next(rows)  # header
        return [cast(RuleRow, (re.compile(row[0], re.IGNORECASE), *row[1:])) for row in rows if row and row[0]]


def join_line_breaks(text: str) -> str:
    """Join words broken at line ends for cue matching, keeping every offset in place.

    "resis-\ntance x" becomes "resistance   x": the removed "-\n" is padded after the word.
    """
    # Only the "-\n" between lower-case letters are visited (str.find); the text between them is
    # copied in slices, and the padding goes before the first character after a break that is
    # not a letter or digit, so offsets after the word stay put.
    if "-\n" not in text:
        return text
    out: list[str] = []
    cursor = pending = 0
    found = text.find("-\n")
    while found != -1:
        if 0 < found and text[found - 1].islower() and found + 2 < len(text) and text[found + 2].islower():
            pending = _copy_padded(text, cursor, found, pending, out)
            pending += 2
            cursor = found + 2
            found = text.find("-\n", cursor)
        else:
            found = text.find("-\n", found + 1)
    pending = _copy_padded(text, cursor, len(text), pending, out)
    out.append(" " * pending)
    return "".join(out)


_WORD_END = re.compile(r"[\W_]")


def _copy_padded(text: str, start: int, end: int, pending: int, out: list[str]) -> int:
    """Copy ``text[start:end]`` to ``out`` with ``pending`` blanks before its first character
    that is not a letter or digit; return what is still pending (the word runs on)."""
    if pending:
        stop = _WORD_END.search(text, start, end)
        if stop is None:
            out.append(text[start:end])
            return pending
        out.append(text[start:stop.start()])
        out.append(" " * pending)
        start = stop.start()
    out.append(text[start:end])
    return 0

"""Gene-level alteration words ("amplification", "overexpression", "fusion", "activation", ...).

The word list is data: ``models/rules/mutations/alteration_classes.tsv``, one table for every
stage, with the passages each word is read in (``wild-type`` only in table rows). These words
are kept out of :func:`resmine.mutations.extract_mutations` (the tmVar-level grammar) on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from resmine.linebreaks import join_line_breaks
from resmine.model import Passage
from resmine.mutations.rulefiles import rules_dir

TABLE = "alteration_classes.tsv"
ANY_PASSAGE = "any"


@dataclass(frozen=True)
class _ClassRules:
    """The table compiled: ``any_word`` finds a word of any row, ``rows`` then says which row
    (the first that matches there, as an alternation would choose)."""

    any_word: re.Pattern
    lower_case_word: re.Pattern | None  # the same for lower-cased ASCII text, without case folding
    rows: tuple[re.Pattern, ...]
    classes: tuple[str, ...]
    scopes: tuple[str, ...]


# A word of the table stands alone: no letter, digit or hyphen right before or after it.
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![\w-])"


@lru_cache(maxsize=1)
def _class_rules() -> _ClassRules:
    path = rules_dir() / TABLE
    patterns: list[str] = []
    classes: list[str] = []
    scopes: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if columns[:2] == ["pattern", "class"]:
            continue  # header
        if len(columns) != 3 or not all(c.strip() for c in columns):
            raise ValueError(f"{path}: want pattern, class and passages columns: {line!r}")
        patterns.append(columns[0])
        classes.append(columns[1].strip())
        scopes.append(columns[2].strip())
    # One alternation without named groups (a group per row costs the scan about half its
    # speed); which row matched is asked of the rows only where a word was found.
    combined = _BEFORE + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + _AFTER
    # Without case folding the scan is faster again: lower-cased ASCII text keeps its offsets,
    # and a table without capitals matches it as it matches the text with re.I.
    lower = None if any(c.isupper() for p in patterns for c in p) else re.compile(combined)
    return _ClassRules(re.compile(combined, re.I), lower, tuple(re.compile(f"(?:{p}){_AFTER}", re.I) for p in patterns),
                       tuple(classes), tuple(scopes))


def alteration_classes(text: str, passages: Sequence[Passage] = ()):
    """Alteration words of ``text``; a word scoped to one passage kind only inside such a
    passage of ``passages``."""
    from resmine.mutations import MutationMatch

    rules = _class_rules()
    original, text = text, join_line_breaks(text)  # "muta-\ntions" is "mutations", same offsets
    words = (rules.lower_case_word.finditer(text.lower()) if rules.lower_case_word is not None and text.isascii()
             else rules.any_word.finditer(text))
    out = []
    for word in words:
        idx, m = next((k, found) for k, row in enumerate(rules.rows) if (found := row.match(text, word.start())))
        end = _end_in_original(original, m.start(), m.end())
        scope = rules.scopes[idx]
        if scope != ANY_PASSAGE and not any(p.kind == scope and p.start <= m.start() and end <= p.end
                                            for p in passages):
            continue
        out.append(MutationMatch(m.start(), end, original[m.start():end], (rules.classes[idx],), "class"))
    return out


def _end_in_original(original: str, start: int, end: int) -> int:
    """Where a word matched on the joined text from ``start`` to ``end`` ends in the original:
    each line break inside it ("muta-\ntions") is two characters more."""
    while (found := original.find("-\n", start, end)) != -1:
        end += 2
        start = found + 2
    return end

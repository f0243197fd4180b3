"""Checking predictions against ``negatives.tsv``: what the extractor must not assert.

A negative is violated when an asserted prediction of its document matches its ``must_not``
pattern (each field exact or a shell-style glob) and the prediction's sentence overlaps the
negative's evidence (:func:`texts_overlap`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from fnmatch import fnmatchcase
from typing import Any

from resmine.score.io import Negative, PredRow, parse_pattern

# Two texts overlap when they share a run of at least this many characters.
OVERLAP_MIN_CHARS = 40


def squash(text: str) -> str:
    """Whitespace runs (line breaks, tabs) collapsed to one space, ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def texts_overlap(a: str, b: str, min_chars: int = OVERLAP_MIN_CHARS) -> bool:
    """True when one text contains the other or they share ``min_chars`` consecutive characters
    (whitespace collapsed first, so line breaks and tab-separated cells compare equal)."""
    a, b = squash(a), squash(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    need = min(min_chars, len(a), len(b))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= need


def pattern_matches(pattern: str, key: Sequence[str]) -> bool:
    """Whether a (gene, mutation, drug, relation) key matches a must_not pattern."""
    return all(fnmatchcase(value, part) for part, value in zip(parse_pattern(pattern), key))


def check_negatives(negatives: list[Negative], rows: list[PredRow]) -> list[dict[str, Any]]:
    """One violation per negative and violating strict key, with the prediction's sentence."""
    by_doc: dict[str, list[PredRow]] = defaultdict(list)
    for row in rows:
        by_doc[row.doc_id].append(row)
    violations: list[dict[str, Any]] = []
    for index, negative in enumerate(negatives):
        seen: set[tuple[str, ...]] = set()
        for row in by_doc.get(negative.doc_id, ()):
            if row.strict in seen:
                continue
            if pattern_matches(negative.must_not, row.strict[1:]) and texts_overlap(row.sentence, negative.evidence):
                seen.add(row.strict)
                violations.append({
                    "negative": index, "doc_id": negative.doc_id, "must_not": negative.must_not,
                    "evidence": negative.evidence, "note": negative.note, "gene": row.gene,
                    "mutation": row.mutation, "drug": row.drug, "relation": row.relation,
                    "tier": row.tier, "sentence": row.sentence,
                })
    return violations

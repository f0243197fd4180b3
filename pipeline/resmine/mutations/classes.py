"""Gene-level alteration words ("amplification", "overexpression", "fusion", "activation", ...).

The word list is data: ``models/rules/mutations/alteration_classes.tsv``, one table for every
stage, with the passages each word is read in (``wild-type`` only in table rows). These words
are kept out of :func:`resmine.mutations.extract_mutations` (the tmVar-level grammar) on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from resmine.model import Passage
from resmine.mutations.rulefiles import rules_dir

TABLE = "alteration_classes.tsv"
ANY_PASSAGE = "any"


@lru_cache(maxsize=1)
def _class_rules() -> tuple[re.Pattern, tuple[str, ...], tuple[str, ...]]:
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
    # one alternation, one named group per entry, longest patterns first in file order
    combined = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns))
    return re.compile(rf"(?<![\w-])(?:{combined})(?![\w-])", re.I), tuple(classes), tuple(scopes)


def alteration_classes(text: str, passages: Sequence[Passage] = ()):
    """Alteration words of ``text``; a word scoped to one passage kind only inside such a
    passage of ``passages``."""
    from resmine.mutations import MutationMatch

    pattern, classes, scopes = _class_rules()
    out = []
    for m in pattern.finditer(text):
        idx = int(cast(str, m.lastgroup)[1:])  # every alternative is a named group
        scope = scopes[idx]
        if scope != ANY_PASSAGE and not any(p.kind == scope and p.start <= m.start() and m.end() <= p.end
                                            for p in passages):
            continue
        out.append(MutationMatch(m.start(), m.end(), m.group(0), (classes[idx],), "class"))
    return out

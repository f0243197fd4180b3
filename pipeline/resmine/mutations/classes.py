"""Gene-level alteration words ("amplification", "overexpression", "fusion", ...).

The word list is data: ``models/rules/mutations/alteration_classes.tsv``. These words are kept
out of :func:`resmine.mutations.extract_mutations` (the tmVar-level grammar) on purpose.
"""

from __future__ import annotations

import re
from functools import lru_cache

from resmine.mutations.rulefiles import rules_dir


@lru_cache(maxsize=1)
def _class_rules() -> tuple[re.Pattern, tuple[str, ...]]:
    path = rules_dir() / "alteration_classes.tsv"
    patterns: list[str] = []
    classes: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, _, cls = line.partition("\t")
        if pattern == "pattern" and cls == "class":
            continue  # header
        if not cls:
            raise ValueError(f"{path}: line without a class column: {line!r}")
        patterns.append(pattern)
        classes.append(cls.strip())
    # one alternation, one named group per entry, longest patterns first in file order
    combined = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns))
    return re.compile(rf"(?<![\w-])(?:{combined})(?![\w-])", re.I), tuple(classes)


def alteration_classes(text: str):
    from resmine.mutations import MutationMatch

    pattern, classes = _class_rules()
    out = []
    for m in pattern.finditer(text):
        idx = int(m.lastgroup[1:])
        out.append(MutationMatch(m.start(), m.end(), m.group(0), (classes[idx],), "class"))
    return out

"""Compounds named by a company or laboratory code right after their class: "the MDM2
inhibitor AMGMDS3", "pan-AKT inhibitor MK-2206", "an FGFR inhibitor (PD173074)".

Papers introduce a compound under development by its code, which no dictionary may list yet; a
code written as the example of a drug class is what the class names. A DRUG hit, named by its
own text (lower-cased), and so is the same code written elsewhere in the text. Only code-like
words count: two capital letters and a digit at least, no lower-case letter but a trailing
one ("GSK2141795B", "AZD-6244", "ONC201"), so "MEK inhibitor in cells" or "EGFR inhibitor 2" are
not codes.

:func:`class_named_code_hits` only fills gaps: text a dictionary already names keeps that name.
"""

from __future__ import annotations

import re

from collections.abc import Iterable

from resmine.lexicons import Coverage, LexiconHit, free_occurrences

# Between the class and the code: blanks, an opening bracket or a comma.
_AFTER_CLASS = re.compile(r"[\s,]*\(?\s*")
_CODE = re.compile(r"(?=[A-Z0-9-]*[A-Z][A-Z0-9-]*[A-Z])(?=[A-Z-]*\d)[A-Z][A-Z0-9]*(?:[- ]\d[A-Z0-9]*)?[a-z]?(?![\w-])")
CLASS_LABEL = "DRUG_CLASS"
# A word that may be a code: a capital, then capitals, digits and hyphens (checked by _CODE).
_WORD = re.compile(r"\b[A-Z][A-Z0-9-]{2,}[a-z]?\b")


def class_named_code_hits(text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """DRUG hits for codes written right after a drug class hit of ``hits``, and their other
    occurrences, where no hit in ``hits`` is."""
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    names = set()
    for hit in hits:
        if hit.label != CLASS_LABEL:
            continue
        gap = _AFTER_CLASS.match(text, hit.end)
        code = _CODE.match(text, gap.end()) if gap else None
        if code and not taken.overlaps(*code.span()):
            names.add(code.group())
    return [LexiconHit(start, end, name, "DRUG", name.lower(), "")
            for start, end, name in free_occurrences(text, names, taken)]


def has_unnamed_code(text: str, named: Iterable[tuple[int, int]]) -> bool:
    """Whether ``text`` holds a code-like word (:data:`_CODE`) that no span of ``named`` (the
    dictionaries' hits, the grammar's variants) overlaps: a compound under development that
    only the statistical NER may find ("sensitive to both AS602868 and AG1296"), or a cell
    line ("HEK293"), which the question cannot tell apart."""
    taken = Coverage(len(text), named)
    return any(_CODE.match(text, word.start()) and not taken.overlaps(*word.span()) for word in _WORD.finditer(text))

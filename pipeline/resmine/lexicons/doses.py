"""Substances named by the dose they were given at: "(L-NIL; 1.0 mg/kg ip)", "(HOE 140; 70 nmol/kg)".

Methods sections introduce a compound by a short name and its dose in brackets, often a
laboratory abbreviation no dictionary lists. A name written that way is something administered:
a DRUG hit, named by its own text, and so is the same name written elsewhere in the text
("Pretreatment with L-NIL"). Only code-like names count: a capital letter, no spaces but
before a number ("HOE 140"), so "(range, 2-5 mg)" and "(mean dose, 3 mg/kg)" are not names.

:func:`dosed_name_hits` only fills gaps: text a dictionary already names keeps that name.
"""

from __future__ import annotations

import re

from resmine.lexicons import Coverage, LexiconHit, free_occurrences

_UNIT = r"(?:mg|µg|μg|ug|microg|micrograms?|ng|nmol|µmol|μmol|micromol|mmol|g|IU|U|mL|ml)(?:/kg|/day|/d)?"
_DOSED_NAME = re.compile(
    r"\((?P<name>(?=[^;,()]*[A-Z])[A-Za-z0-9][A-Za-z0-9'-]{0,14}(?: \d{1,4})?)[;,] ?"
    r"\d+(?:\.\d+)?(?: ?(?:-|to) ?\d+(?:\.\d+)?)? ?" + _UNIT + r"(?![\w])")


def dosed_name_hits(text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """DRUG hits for names given with a dose in ``text``, and their other occurrences, where
    no hit in ``hits`` is."""
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    names = {m["name"] for m in _DOSED_NAME.finditer(text) if not m["name"].isdigit()}
    return [LexiconHit(start, end, name, "DRUG", name.lower(), "")
            for start, end, name in free_occurrences(text, names, taken)]  # "L-NIL-treated" too

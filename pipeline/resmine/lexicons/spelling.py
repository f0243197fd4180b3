"""Misspelt names of targeted drugs: "Gefinitib", "vemurafinib", "erlotnib".

Kinase inhibitors ("-ib") and antibodies ("-mab") have long, invented names that authors and
curators misspell, and a misspelt name matches no dictionary row. A word of at least eight
letters ending in "ib" or "mab", unknown to the dictionaries, is read as the dictionary drug
whose one-word name is nearest to it by edit distance (insertions, deletions, substitutions
and swaps of two neighbouring letters), when that nearest drug is unique, shares its first
letter and lies within :data:`MAX_EDITS`. A word that is itself a well-formed INN name (it ends
in a WHO stem, :mod:`resmine.lexicons.stems`) is more likely a drug the dictionaries do not list
yet than a misspelling, so it must lie within one edit.
"""

from __future__ import annotations

import re

from resmine.lexicons.lexicon import Lexicon, LexiconHit
from resmine.lexicons.spans import Coverage
from resmine.lexicons.stems import INN_SUFFIXES

ENDINGS = ("ib", "mab")
MIN_LENGTH = 8
MAX_EDITS = 2
_CANDIDATE_RE = re.compile(r"(?<![\w-])[A-Za-z][a-z]{5,}(?:ib|mab)(?![\w-])")
_WELL_FORMED = tuple(INN_SUFFIXES)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def nearest_drug(word: str, names: dict[str, str], limit: int) -> str | None:
    """The normalised drug whose name in ``names`` (folded name -> normalised drug) is nearest
    to ``word`` within ``limit`` edits and shares its first letter, when only one drug is."""
    best, found = limit + 1, set()
    for name, drug in names.items():
        if name[0] != word[0]:
            continue
        distance = edit_distance(word, name, min(best, limit))
        if distance < best:
            best, found = distance, {drug}
        elif distance == best:
            found.add(drug)
    return next(iter(found)) if best <= limit and len(found) == 1 else None


def misspelt_drug_hits(text: str, hits: list[LexiconHit], lexicon: Lexicon) -> list[LexiconHit]:
    """DRUG hits for misspelt "-ib"/"-mab" names in ``text`` that no hit in ``hits`` overlaps."""
    taken: Coverage | None = None
    out = []
    for match in _CANDIDATE_RE.finditer(text):
        word = match.group().lower()
        if len(word) < MIN_LENGTH:
            continue
        taken = taken or Coverage(len(text), ((hit.start, hit.end) for hit in hits))
        if taken.overlaps(*match.span()) or lexicon.lookup(word, ("DRUG", "DRUG_CLASS"), any_case=True):
            continue
        drug = nearest_drug(word, lexicon.one_word_drug_names(ENDINGS), 1 if word.endswith(_WELL_FORMED) else MAX_EDITS)
        if drug is not None:
            out.append(LexiconHit(match.start(), match.end(), match.group(), "DRUG", drug, ""))
    return out

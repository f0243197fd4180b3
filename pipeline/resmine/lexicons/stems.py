"""Drug names no dictionary lists yet, read from their International Nonproprietary Name stem.

INN names are built from stems the WHO publishes ("The use of stems in the selection of
International Nonproprietary Names", WHO/EMP/RHT/TSN): a new kinase inhibitor ends in
"-tinib", a monoclonal antibody in "-mab", a quinolone in "-oxacin". A word of at least eight
letters, written in lower case or capitalised, ending in one of the stems below and unknown to
the dictionaries is a drug named by its own text ("thioperamide" keeps "thioperamide"); the
curators see a new drug instead of nothing. Stems that also end ordinary words ("-ine",
"-ide", "-ate") are not used.
"""

from __future__ import annotations

import re

from resmine.lexicons import Coverage, LexiconHit

# WHO INN stems (suffixes) whose words are drugs, and "-amide", the amides of chemistry.
INN_SUFFIXES = (
    "mab", "tinib", "ciclib", "parib", "rafenib", "degib", "lisib", "zomib", "mycin", "micin",
    "cillin", "oxacin", "conazole", "nidazole", "prazole", "olol", "pril", "sartan", "vastatin",
    "dipine", "afil", "azepam", "azolam", "triptan", "profen", "coxib", "setron", "tidine",
    "gliptin", "gliflozin", "glitazone", "lukast", "navir", "previr", "buvir", "vudine",
    "citabine", "platin", "taxel", "rubicin", "trexate", "mustine", "semide", "thiazide",
    "barbital", "oxetine", "pramine", "peridol", "pamil", "sonide", "fungin", "bactam", "penem",
    "dronate", "fibrate", "amide",
)
_STEM_WORD_RE = re.compile(
    r"(?<![\w-])[A-Za-z]?[a-z]{3,}(?:" + "|".join(sorted(INN_SUFFIXES, key=len, reverse=True)) + r")(?![\w-])")
MIN_LENGTH = 8


def drug_stem_hits(text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """DRUG hits for INN-stem words in ``text`` that no hit in ``hits`` overlaps."""
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    out = []
    for match in _STEM_WORD_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        if len(word) < MIN_LENGTH or taken.overlaps(start, end):
            continue
        out.append(LexiconHit(start, end, word, "DRUG", word.lower(), ""))
    return out

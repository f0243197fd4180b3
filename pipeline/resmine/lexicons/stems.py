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
MIN_LENGTH = 8
# A whole word of MIN_LENGTH letters or more, lower case or capitalised; its ending is tested
# with str.endswith: an expression ending in the alternation of the stems backtracked through
# every letter of every long word of the text, a sixth of the dictionaries' time.
_LONG_WORD_RE = re.compile(r"(?<![\w-])[A-Za-z][a-z]{%d,}(?![\w-])" % (MIN_LENGTH - 1))
# The letters a word has before its stem, at least (the first, capital or not, and two more)
_MIN_BEFORE_STEM = 3


def is_stem_word(word: str) -> bool:
    """Whether ``word`` (lower case or capitalised letters) ends in an INN stem with at least
    three lower-case letters before it."""
    if not word.endswith(INN_SUFFIXES):
        return False
    before_lower = len(word) - (1 if word[0].isupper() else 0)
    return any(word.endswith(stem) and before_lower - len(stem) >= _MIN_BEFORE_STEM for stem in INN_SUFFIXES)


def drug_stem_hits(text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """DRUG hits for INN-stem words in ``text`` that no hit in ``hits`` overlaps."""
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    out = []
    for match in _LONG_WORD_RE.finditer(text):
        word = match.group()
        start, end = match.span()
        if not is_stem_word(word) or taken.overlaps(start, end):
            continue
        out.append(LexiconHit(start, end, word, "DRUG", word.lower(), ""))
    return out

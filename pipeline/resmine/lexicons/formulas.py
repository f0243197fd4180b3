"""Chemical formulas written in running text: "NaCl", "CaCl(2)", "H2O2", "MgSO4", "Ca2+".

Salts and small molecules are often named by formula, which no drug dictionary lists. A
formula is read as element symbols of common elements with counts of one or two digits
(``(2)`` as papers print subscripts), optionally bracketed groups and a cation charge. Gene symbols share the alphabet ("PI3K",
"NOS2", "HeLa" cells, complement "C3"), so a formula must look like chemistry:

* two or more elements, and a count, a charge, or a halide or hydroxide at the end ("KCl",
  "NaOH"); a formula of one-letter elements only uses C, H, N, O and S ("CO2", "H2O2",
  never "PI3K");
* or one element with a positive charge ("Na+", "Ca2+", "Ca(2+)");
* or a common anion whose charge ends the word ("Cl-", "I-", "HCO3-", "O2-" superoxide), not
  after "type" or "class" ("type I- and II-").

:func:`formula_hits` only fills gaps: text a dictionary already names keeps that name.
"""

from __future__ import annotations

import re

from resmine.lexicons import Coverage, Lexicon, LexiconHit, unbracketed

# The elements biomedical text writes formulas with (rare ones such as Pa read as words or
# units: "PaO2" is a partial pressure).
ELEMENTS = frozenset(
    "H Li B C N O F Na Mg Al Si P S Cl K Ca Cr Mn Fe Co Ni Cu Zn As Se Br Sr Ag Cd Sn I Cs Ba "
    "Gd Pt Au Hg Tl Pb Bi".split()
)
_ONE_LETTER_ORGANIC = frozenset("CHNOS")
_CANDIDATE_RE = re.compile(r"(?<![\w\-+/.])[A-Z][A-Za-z0-9()]*(?:\(\d?\+\)|\d?\+)?(?![\w/]|-\d)")
_PART_RE = re.compile(r"([A-Z][a-z]?)(\(\d{1,2}\)|\d{0,2})(?!\d)|(\()|(\)\d{0,2})")
_CHARGE_RE = re.compile(r"(?:\(\d?\+\)|\d?\+)\Z")
_HALIDE_END = ("Cl", "Br", "F", "I", "OH")
_POINT_MUTATION_RE = re.compile(r"[A-Z]\d+[A-Z]")  # "N673S" is an amino-acid change
# Anions: the charge is a hyphen, so only common anions, ending a word, not after a numbered
# kind ("type I- and II-restricted").
_ANION_RE = re.compile(
    r"(?<![\w\-+/.])(?<!type )(?<!class )(?<!Type )(?<!Class )(?<!phase )(?<!grade )(?<!stage )"
    r"(?:Cl|Br|I|F|O2|HCO3|NO3|NO2|SO4|HSO4|HPO4|H2PO4|PO4|OH|CN|SCN)(?:\(\d?-\)|\d?-)(?=[\s,;:.)\]]|\Z)")


def _elements(body: str) -> list[str] | None:
    """The element symbols of ``body`` in order, or None if it is not a formula body."""
    symbols: list[str] = []
    depth = 0
    position = 0
    while position < len(body):
        part = _PART_RE.match(body, position)
        if part is None:
            return None
        symbol, _count, opening, closing = part.groups()
        if symbol:
            if symbol not in ELEMENTS:
                return None
            symbols.append(symbol)
        elif opening:
            depth += 1
        elif closing:
            depth -= 1
            if depth < 0:
                return None
        position = part.end()
    return symbols if depth == 0 else None


def is_formula(text: str) -> bool:
    """Whether ``text`` reads as a chemical formula (see the module docstring)."""
    charge = _CHARGE_RE.search(text)
    body = text[: charge.start()] if charge else text
    if not body:
        return False
    symbols = _elements(body)
    if not symbols or _POINT_MUTATION_RE.fullmatch(body):
        return False
    if any(a == b for a, b in zip(symbols, symbols[1:])):
        return False  # "CSS18": chemists write S2
    if len(symbols) == 1:
        return bool(charge)
    has_count = any(ch.isdigit() for ch in body)
    if all(len(s) == 1 for s in symbols) and not set(symbols) <= _ONE_LETTER_ORGANIC:
        return False
    return has_count or bool(charge) or body.endswith(_HALIDE_END)


def formula_hits(text: str, hits: list[LexiconHit], lexicon: Lexicon | None = None) -> list[LexiconHit]:
    """DRUG hits for the formulas in ``text`` no hit in ``hits`` overlaps; named by the
    lexicon when it lists the formula ("KCl"), else with an empty normal form."""
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    out = []
    for match in _ANION_RE.finditer(text):  # first: "HCO3-" is one anion, not "HCO3" and a hyphen
        if not taken.overlaps(*match.span()):
            out.append(LexiconHit(match.start(), match.end(), match.group(), "DRUG", "", ""))
            taken.add(*match.span())
    for match in _CANDIDATE_RE.finditer(text):
        start, end = unbracketed(text, *match.span())  # "(NaCl)"
        formula = text[start:end]
        if not is_formula(formula) or taken.overlaps(start, end):
            continue
        known = lexicon.lookup(formula, ("DRUG",)) if lexicon is not None else None
        out.append(LexiconHit(start, end, formula, "DRUG", known.normalized if known else "",
                              known.ident if known else ""))
    return sorted(out, key=lambda hit: hit.start)

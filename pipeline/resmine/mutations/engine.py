"""Running the grammar over a text: every open rule, then one mention per stretch of text.

:func:`scan` is the grammar's entry point (:func:`resmine.mutations.extract_mutations` wraps its
candidates as :class:`~resmine.mutations.MutationMatch`). It runs each rule of
:data:`resmine.mutations.rules.RULES` whose gate is open (:func:`candidates`), keeps the longest
non-overlapping candidates (:func:`resolve`), and settles the kind of changes written with
A, C, G, T only from their neighbours and from other mentions of the same change in the text.
This is the only place where candidates of different rules meet.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from resmine.mutations.context import NUCLEOTIDE_POSITION
from resmine.mutations.gates import Facts
from resmine.mutations.handlers import Candidate, dna_norm
from resmine.mutations.rules import RULES


def _balance(c: Candidate, text: str) -> None:
    """Drop an unpaired parenthesis at either end of a span ("(338G>A" / "338G>A)")."""
    span = text[c.start:c.end]
    changed = False
    while span.endswith(")") and span.count(")") > span.count("("):
        c.end -= 1
        span = span[:-1]
        changed = True
    while span.startswith("(") and span.count("(") > span.count(")"):
        c.start += 1
        span = span[1:]
        changed = True
    if changed and c.kind == "dna" and not c.gene_text:
        c.normalized = (dna_norm(span).replace("(", "").replace(")", ""),)


def candidates(text: str) -> list[Candidate]:
    """Every rule's candidates in ``text``, overlapping, in rule order."""
    out: list[Candidate] = []
    facts = Facts(text)
    for rule in RULES:
        if rule.gate is not None and not rule.gate(facts):
            continue
        handler = rule.handler
        pattern = rule.pattern if rule.codes_only is None or facts.names else rule.codes_only
        matches: Iterable[re.Match[str]]
        if rule.anchors is None:
            matches = pattern.finditer(text)
        else:
            anchors = rule.anchors
            starts = (facts.code_starts if anchors == "codes" else facts.name_starts if anchors == "names"
                      else facts.base_starts if anchors == "bases" else facts.genotype_starts if anchors == "genotypes"
                      else facts.residue_starts())
            matches = [m for m in map(pattern.match, [text] * len(starts), starts) if m is not None]
        for m in matches:
            c = handler(m, text)
            if c is not None:
                if c.kind == "dna" or "(" in text[c.start:c.end] or ")" in text[c.start:c.end]:
                    _balance(c, text)
                if c.end > c.start:
                    out.append(c)
    return out


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then rule priority; keep those not overlapping an accepted one."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    starts: list[int] = []  # accepted spans never overlap, so sorted starts give sorted ends
    ends: list[int] = []
    kept: list[Candidate] = []
    for c in cands:
        i = bisect_left(starts, c.start)
        if i < len(starts) and starts[i] < c.end:
            continue  # an accepted span starts inside this one
        if i > 0 and ends[i - 1] > c.start:
            continue  # the accepted span before this one reaches into it
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


LIST_SEP = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b)\s*(?:and\s|or\s)?\Z")
_LIST_GAP = 6  # characters at most between two changes of one list (", and ")
BARE_ONE_LETTER = re.compile(r"[A-Z]\d+[A-Z]\Z")


def _settle_from_list(kept: list[Candidate], i: int, text: str) -> bool:
    """Give ``kept[i]`` the kind of a settled neighbour in the same list; whether it did."""
    c = kept[i]
    digits = c.normalized[0][1:-1].lstrip("-")
    large = digits.isdigit() and int(digits) >= NUCLEOTIDE_POSITION
    for j in (i - 1, i + 1):
        if not 0 <= j < len(kept):
            continue
        other = kept[j]
        if other.guessed or other.kind not in ("protein", "dna"):
            continue
        a, b = (other, c) if j < i else (c, other)
        if b.start - a.end <= _LIST_GAP and LIST_SEP.match(text, a.end, b.start):
            if large and not (other.kind == "dna" or BARE_ONE_LETTER.match(text[other.start:other.end])):
                continue
            c.kind = other.kind
            c.guessed = False
            return True
    return False


def _kind_from_context(kept: list[Candidate], text: str) -> None:
    """Settle the kinds guessed for changes written with A, C, G, T only ("G12C", "C677T").

    1. In a list, the kind of a written neighbour: "T877A, H874Y and W741C" (for a position of
       1000 or more only when the neighbour is itself a bare one-letter change: "G1269A and
       G1202R", not "Ile462Val and T3801C").
    2. Then the same change written elsewhere in the text with a settled kind ("p.G12C" ...
       "the G12C KRAS mutation").
    """
    settled: list[Candidate] = []
    changed = True
    while changed:  # "G12A, G12C, G12S": settle along the list
        changed = False
        for i, c in enumerate(kept):
            if c.guessed and c not in settled and _settle_from_list(kept, i, text):
                settled.append(c)
                changed = True
    kinds: dict[str, set[str]] = {}
    for c in kept:
        if (not c.guessed or c in settled) and c.kind in ("protein", "dna"):
            for norm in c.normalized:
                kinds.setdefault(norm, set()).add(c.kind)
    for c in kept:
        if c.guessed and c not in settled:
            seen = kinds.get(c.normalized[0])
            if seen and len(seen) == 1:
                c.kind = next(iter(seen))


def scan(text: str) -> list[Candidate]:
    """The grammar's mentions in ``text``: sorted by start, non-overlapping, kinds settled."""
    kept = resolve(candidates(text))
    if any(c.guessed for c in kept):
        _kind_from_context(kept, text)
    return kept

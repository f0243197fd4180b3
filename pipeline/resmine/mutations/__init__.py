"""Mutation grammar and normal forms (pure functions; no spaCy, no gene or drug lookup).

>>> [m.normalized for m in extract_mutations("ALK F1174C/L and EGFR T790M")]
[('F1174C', 'F1174L'), ('T790M',)]
>>> normalize_mutation("p.(Val600Glu)")
('V600E',)

``extract_mutations`` is the tmVar-level grammar: protein and DNA changes, dbSNP ids,
exon/codon classes and fusion names. Normal forms: one-letter protein changes without
``p.`` (``V600E``, ``R213*``, ``E746_A750del``, ``T1151ins``, ``L100Pfs*5``), DNA changes as
written without spaces (arrows as ``>``), ``rs`` ids, classes (``exon 19 deletion``,
``codon 12``) and ``fusion``. A gene is reported (``gene_text``) only when it is written against
the change ("BRAFV600E", "BRAF-V600E") or is a fusion partner; "EGFR T790M" gives ``T790M`` alone.
A change written with A, C, G, T only ("G12C", "C677T") gets kind "dna" or "protein" from its
context; its normal form is the same either way.

``extract_alteration_classes`` finds gene-level words (amplification, overexpression, fusion,
deletion, reversion, mutation, activation; word list, with the passages each is read in, in
``models/rules/mutations/alteration_classes.tsv``)
and is kept separate so that an evaluation of the grammar never counts them.

The modules (a rule of the grammar is a pattern, a handler and a gate):

* ``patterns.py``: the regular expressions, building blocks and one compiled pattern per rule;
* ``context.py``: what the text around a match says ("p." before it, a gene glued to it,
  protein or DNA for a change written with A, C, G, T only);
* ``handlers.py``: a rule's match to a ``Candidate`` with its normal form(s), or none;
* ``gates.py``: cheap tests on the whole text that skip the rules that cannot match;
* ``rules.py``: the rule table pairing patterns, handlers and gates;
* ``engine.py``: ``scan``, which runs the table and keeps the longest non-overlapping candidates;
* ``rulefiles.py``: the hand-kept lists in ``models/rules/mutations/`` (``rules_dir()``);
* ``residues.py``: amino-acid and nucleotide vocabularies;
* ``classes.py``: the gene-level alteration words of ``extract_alteration_classes``.

``notations.py`` holds the table of supported notations (also the test data);
``resmine.tools.mutations.evaluate`` scores the grammar (``resmine eval-mutations``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from resmine.model import Passage

__all__ = [
    "MutationMatch",
    "extract_mutations",
    "normalize_mutation",
    "extract_alteration_classes",
    "KINDS",
]

KINDS = ("protein", "dna", "snp", "class", "fusion")


@dataclass(frozen=True)
class MutationMatch:
    start: int
    end: int
    text: str  # == input[start:end]
    normalized: tuple[str, ...]  # ("F1174C", "F1174L"); ("V600E",); ("c.2573T>G",); ("rs121434568",)
    kind: str  # "protein" | "dna" | "snp" | "class" | "fusion"
    gene_text: str | None = None  # "BRAF" in "BRAFV600E"; fusion partners "EML4-ALK"
    gene_start: int | None = None
    gene_end: int | None = None


def extract_mutations(text: str) -> list[MutationMatch]:
    """Mutation mentions in ``text``, sorted by start and non-overlapping."""
    from resmine.mutations.engine import scan

    return [
        MutationMatch(c.start, c.end, text[c.start:c.end], c.normalized, c.kind,
                      c.gene_text, c.gene_start, c.gene_end)
        for c in scan(text)
    ]


def normalize_mutation(text: str) -> tuple[str, ...]:
    """Normal form(s) of one written mutation ("p.V600E" -> ("V600E",)); () if it is not one."""
    stripped = text.strip()
    if not stripped:
        return ()
    matches = extract_mutations(stripped)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
        return matches[0].normalized
    return ()


def extract_alteration_classes(text: str, passages: Sequence[Passage] = ()) -> list[MutationMatch]:
    """Gene-level alteration words: amplification, overexpression, fusion, deletion,
    activation, ... (kind "class"). A word the table scopes to one passage kind (``wild-type``:
    table rows) is read only inside such a passage of ``passages``."""
    from resmine.mutations.classes import alteration_classes

    return alteration_classes(text, passages)

"""Candidate statements for the relation classifier: every (change, gene, drug) a unit could
be saying something about.

A unit that mentions a change of a gene (:func:`resmine.relations.reading.read_unit`) pairs
each linked change with every drug of the unit, of the sentences around it in its passage
(``WINDOW_SENTENCES`` either way: "an FGFR3 S249C mutation ... Pazopanib was initiated"), and,
when none of those names a drug, with the drug of its context (preceding sentences, heading,
title). The rules' reading of the same pair travels with it as a feature.
"""

from __future__ import annotations

from dataclasses import dataclass

from resmine.model import Mention
from resmine.relations.pairing import _drop_appositive_classes
from resmine.relations.reading import UnitReading, _without_reference_drugs
from resmine.relations.units import DRUG_LABELS, DocumentView, _context_drug

# Sentences before and after a unit whose drugs pair with the unit's changes.
WINDOW_SENTENCES = 2
# How far a drug is from the change's unit: 0 the same unit, k sentences away, CONTEXT_DRUG
# from the unit's context (preceding sentences beyond the window, heading, title, caption).
CONTEXT_DRUG = -1


@dataclass(frozen=True)
class Candidate:
    reading: UnitReading
    mutation: Mention
    gene: Mention
    drug: Mention
    distance: int  # in sentences, or CONTEXT_DRUG
    drug_unit: int | None  # index of the unit the drug is in (None: context)

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.mutation.start, self.mutation.end, self.drug.start, self.drug.end)


def unit_candidates(view: DocumentView, reading: UnitReading) -> list[Candidate]:
    unit = reading.unit
    text = view.document.text
    drugs: list[tuple[Mention, int, int | None]] = [
        (d, 0, unit.index) for d in _drop_appositive_classes(reading.drugs, text)]
    if not reading.is_row:
        for other in view.units[max(0, unit.index - WINDOW_SENTENCES): unit.index + WINDOW_SENTENCES + 1]:
            if other.index == unit.index or other.passage is not unit.passage:
                continue
            # the reference of a comparison in a neighbouring sentence ("about 6x lower than
            # that for crizotinib") is no more the change's drug there than in its own unit
            # (nineteenth round, CIViC train EID1291, EID1287)
            found = _without_reference_drugs(
                [m for m in view.mentions_in(other.start, other.end) if m.label in DRUG_LABELS], text)
            drugs += [(d, abs(other.index - unit.index), other.index) for d in _drop_appositive_classes(found, text)]
    if not drugs:
        drug = _context_drug(reading.context)
        if drug is not None:
            drugs.append((drug, CONTEXT_DRUG, None))
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for mutation, gene in reading.linked:
        if (mutation.start, mutation.end) in reading.background:
            continue
        for drug, distance, drug_unit in drugs:
            key = (mutation.start, mutation.end, mutation.normalized, drug.normalized)
            if key in seen:
                continue
            seen.add(key)
            out.append(Candidate(reading, mutation, gene, drug, distance, drug_unit))
    return out

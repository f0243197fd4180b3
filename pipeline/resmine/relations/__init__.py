"""Linking genes, mutations and drugs into evidence for (gene, mutation, drug, relation).

Input: a document, its sentences and its mentions. Output: :class:`~resmine.model.Evidence`.
No file reading beyond the rule tables in ``models/rules/relations/``.

How a statement is read (each step a small function in the module named after it):

1. Each sentence (a table row is one) is a *unit* (``units``). Its mutations are the
   mutation-grammar mentions in it; gene-level alterations ("ALK amplification", "activation
   of EGFR") count only with a gene written next to them (``genes``).
2. A specific mutation takes its gene from, in order (``genes``): the gene written in it
   ("BRAFV600E"), "MUT (mutation) in GENE" just after it, the nearest gene before it in the
   sentence, the last gene named in the preceding sentences of its section (or a table's
   caption/first cell), the nearest gene after it, the document's most frequent gene.
3. Drugs are the drug mentions in the unit; a table row also reads the drug in the header of
   a cell holding an effect word ("Sensitivity to Ceritinib" / "Resistant") and in the caption.
   A unit with a mutation and an effect cue but no drug borrows the drug of the nearest
   preceding sentence in its passage, its section heading, or the title (tier B, or C for
   gene-level alterations). What a unit inherits is gathered in ``units``.
4. The relation of a (mutation, drug) pair is the effect cue nearest to the drug; "respectively"
   pairs mutations and drugs in order (``pairing``). Negation and hedge cues near the pair set
   the flags.
5. Mentions without a normal form (names the NER found but the lexicon cannot name) take no
   part, nor does a gene-level change right after a "marker" cue ("EMT is characterized by the
   upregulation of vimentin"): it describes a state, it causes nothing.

Modules: ``rules`` (cue tables, line-break joining), ``units`` (units, the per-document
:class:`~resmine.relations.units.DocumentView`, context), ``genes`` (gene attachment),
``pairing`` (mutation-drug-cue pairs, negation scope); this module composes them into rows.
The character windows each step reads within are named constants beside the code that uses them.
"""

from __future__ import annotations

from collections.abc import Sequence

from resmine.model import CHANGE_LABELS, Document, Evidence, Label, Mention, Passage, PassageKind, Provenance
from resmine.relations.genes import (
    _adjacent_gene,
    _dominant_gene,
    _gene_specific_class,
    _is_gene_level,
    _marks_a_phenotype,
    _specific_gene,
)
from resmine.relations.pairing import Link, Pair, _scoped, _sentence_pairs, _table_pairs
from resmine.relations.rules import RelationRules, join_line_breaks
from resmine.relations.units import (
    DRUG_LABELS,
    DocumentView,
    _context_drug,
    _context_units,
    _Unit,
    _units,
)

__all__ = ["RelationRules", "extract_evidence", "join_line_breaks"]

TIER_CONFIDENCE = {"A": 0.9, "B": 0.7, "C": 0.6}
HEDGE_FACTOR = 0.7


def extract_evidence(
    document: Document,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    rules: RelationRules,
) -> list[Evidence]:
    """All evidence rows of one document (see the module docstring for the reading rules)."""
    text = document.text
    passages = sorted(document.passages, key=lambda p: p.start) or [
        Passage(PassageKind.PARAGRAPH, "", 0, len(text))
    ]
    # A gene or drug found by the statistical NER that the lexicon cannot name has no normal
    # form: it cannot be part of a triple a curator could file.
    named = sorted((m for m in mentions if m.normalized), key=lambda m: (m.start, m.end))
    view = DocumentView(
        document=document,
        clean_text=join_line_breaks(text),
        units=_units(sentences, passages),
        mentions=named,
        starts=[m.start for m in named],
        dominant_gene=_dominant_gene(named),
    )
    evidence: list[Evidence] = []
    for unit in view.units:
        evidence.extend(_unit_evidence(view, unit, rules))
    return _dedupe(evidence)


def _unit_evidence(view: DocumentView, unit: _Unit, rules: RelationRules) -> list[Evidence]:
    """The evidence rows of one unit, before de-duplication."""
    document = view.document
    text = document.text
    passage = unit.passage
    in_unit = view.mentions_in(unit.start, unit.end)
    if not any(m.label in CHANGE_LABELS for m in in_unit):
        return []
    if passage.kind == PassageKind.TABLE_ROW and not passage.header:
        return []  # a table's header row: it labels the columns, it states nothing
    genes = [m for m in in_unit if m.label == Label.GENE]
    drugs = [m for m in in_unit if m.label in DRUG_LABELS]
    mutations = [m for m in in_unit if m.label in CHANGE_LABELS]
    unit_clean = view.clean_text[unit.start:unit.end]
    cues = rules.find(rules.cues, unit_clean, unit.start)
    modifiers = rules.find(rules.modifiers, unit_clean, unit.start)
    is_row = passage.kind == PassageKind.TABLE_ROW
    context = _context_units(view, unit, rules)

    linked: list[Link] = []
    markers = [m for m in modifiers if m.value == "marker"]
    for mutation in mutations:
        if _marks_a_phenotype(mutation, markers):
            continue
        if mutation.normalized == "fusion" and mutation.source == Provenance.MUTATION_GRAMMAR:
            # "EML4-ALK", "BCR-ABL": the 3' partner carries the kinase the drugs target.
            partners = [g for g in genes if mutation.start <= g.start and g.end <= mutation.end]
            gene = partners[-1] if partners else _adjacent_gene(mutation, genes, text)
        elif mutation.source != Provenance.MUTATION_GRAMMAR and _is_gene_level(mutation.normalized):
            gene = _adjacent_gene(mutation, genes, text) or (genes[0] if is_row and genes else None)
        else:
            gene = _specific_gene(mutation, genes, text, context.gene, view.dominant_gene)
        if gene is not None:
            linked.append((mutation, gene))
    if not linked:
        return []

    pairs: list[Pair] = []
    if is_row:
        pairs = _table_pairs(linked, drugs, cues, unit, context)
    elif drugs:
        pairs = _sentence_pairs(linked, drugs, cues, view, unit)
    borrowable = [c for c in cues if c.value in ("resistance", "sensitivity")]
    if not pairs and borrowable and not is_row and passage.kind != PassageKind.CAPTION:
        cues = borrowable
        drug = _context_drug(context)
        if drug is not None:
            cue = cues[0]
            for mutation, gene in linked:
                tier = "C" if _is_gene_level(mutation.normalized) else "B"
                pairs.append((mutation, gene, drug, cue, tier))

    rows: list[Evidence] = []
    for mutation, gene, drug, cue, tier in pairs:
        drug_name = _gene_specific_class(drug.normalized, gene.normalized)
        if _is_gene_level(mutation.normalized):
            tier = "C"
        lo = min(mutation.start, drug.start if unit.start <= drug.start < unit.end else mutation.start, cue.start)
        hi = max(mutation.end, drug.end if unit.start <= drug.start < unit.end else mutation.end, cue.end)
        negated = _scoped(modifiers, "negation", lo, hi, cues)
        hedged = any(m.value == "hedge" for m in modifiers)
        confidence = TIER_CONFIDENCE[tier] * (HEDGE_FACTOR if hedged else 1.0)
        rows.append(
            Evidence(
                doc_id=document.doc_id,
                section=passage.section,
                passage_kind=passage.kind,
                sentence_start=unit.start,
                sentence_end=unit.end,
                sentence=text[unit.start:unit.end],
                gene=gene.normalized,
                gene_text=gene.text,
                mutation=mutation.normalized,
                mutation_text=mutation.text,
                drug=drug_name,
                drug_text=drug.text,
                relation=cue.value,
                negated=negated,
                hedged=hedged,
                confidence=round(confidence, 3),
                tier=tier,
            )
        )
    return rows


def _dedupe(rows: list[Evidence]) -> list[Evidence]:
    """One row per (sentence, gene, mutation, drug, relation): the most confident, at the
    place of the first."""
    seen: dict[tuple[int, str, str, str, str], Evidence] = {}
    for row in rows:
        key = (row.sentence_start, row.gene, row.mutation, row.drug, row.relation)
        if key not in seen or row.confidence > seen[key].confidence:
            seen[key] = row
    return list(seen.values())

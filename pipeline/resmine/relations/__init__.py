"""Linking genes, mutations and drugs into evidence for (gene, mutation, drug, relation).

Input: a document, its sentences and its mentions. Output: :class:`~resmine.model.Evidence`.
No file reading beyond the rule tables in ``models/rules/relations/``.

How a statement is read (each step a small function below):

1. Each sentence (a table row is one) is a *unit*. Its mutations are the mutation-grammar
   mentions in it; gene-level alterations ("ALK amplification", "activation of EGFR") count
   only with a gene written next to them.
2. A specific mutation takes its gene from, in order: the gene written in it ("BRAFV600E"),
   "MUT (mutation) in GENE" just after it, the nearest gene before it in the sentence, the
   last gene named in the preceding sentences of its section (or a table's caption/first
   cell), the nearest gene after it, the document's most frequent gene.
3. Drugs are the drug mentions in the unit; a table row also reads the drug in the header of
   a cell holding an effect word ("Sensitivity to Ceritinib" / "Resistant") and in the caption.
   A unit with a mutation and an effect cue but no drug borrows the drug of the nearest
   preceding sentence in its passage, its section heading, or the title (tier B, or C for
   gene-level alterations).
4. The relation of a (mutation, drug) pair is the effect cue nearest to the drug; "respectively"
   pairs mutations and drugs in order. Negation and hedge cues near the pair set the flags.
5. Mentions without a normal form (names the NER found but the lexicon cannot name) take no
   part, nor does a gene-level change right after a "marker" cue ("EMT is characterized by the
   upregulation of vimentin"): it describes a state, it causes nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from resmine.model import Document, Evidence, Mention, Passage
from resmine.relations.genes import (
    _adjacent_gene,
    _dominant_gene,
    _gene_specific_class,
    _is_gene_level,
    _marks_a_phenotype,
    _specific_gene,
)
from resmine.relations.rules import Cue, RelationRules, join_line_breaks
from resmine.relations.units import (
    DRUG_LABELS,
    DocumentView,
    _cell_index,
    _Context,
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
        Passage("paragraph", "", 0, len(text))
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
    if not any(m.label == "MUTATION" for m in in_unit):
        return []
    if passage.kind == "table_row" and not passage.header:
        return []  # a table's header row: it labels the columns, it states nothing
    genes = [m for m in in_unit if m.label == "GENE"]
    drugs = [m for m in in_unit if m.label in DRUG_LABELS]
    mutations = [m for m in in_unit if m.label == "MUTATION"]
    unit_clean = view.clean_text[unit.start:unit.end]
    cues = rules.find(rules.cues, unit_clean, unit.start)
    modifiers = rules.find(rules.modifiers, unit_clean, unit.start)
    activations = rules.find(rules.alterations, unit_clean, unit.start)
    mutations += [
        Mention(document.doc_id, c.start, c.end, text[c.start:c.end], "MUTATION", c.value, "alteration_words")
        for c in activations
        if rules.alteration_scope.get(c.value, "any") in ("any", passage.kind)
    ]
    is_row = passage.kind == "table_row"
    context = _context_units(view, unit, rules)

    # (mutation mention, gene mention, how the gene was found)
    linked: list[tuple[Mention, Mention]] = []
    markers = [m for m in modifiers if m.value == "marker"]
    for mutation in mutations:
        if _marks_a_phenotype(mutation, markers):
            continue
        if mutation.normalized == "fusion" and mutation.source == "mutation_grammar":
            # "EML4-ALK", "BCR-ABL": the 3' partner carries the kinase the drugs target.
            partners = [g for g in genes if mutation.start <= g.start and g.end <= mutation.end]
            gene = partners[-1] if partners else _adjacent_gene(mutation, genes, text)
        elif mutation.source != "mutation_grammar" and _is_gene_level(mutation.normalized):
            gene = _adjacent_gene(mutation, genes, text) or (genes[0] if is_row and genes else None)
        else:
            gene = _specific_gene(mutation, genes, text, context.gene, view.dominant_gene)
        if gene is not None:
            linked.append((mutation, gene))
    if not linked:
        return []

    pairs: list[tuple[Mention, Mention, Mention, Cue, str]] = []  # mutation, gene, drug, cue, tier
    if is_row:
        pairs = _table_pairs(linked, drugs, cues, unit, context, text)
    elif drugs:
        pairs = _sentence_pairs(linked, drugs, cues, unit_clean, unit.start, text)
    borrowable = [c for c in cues if c.value in ("resistance", "sensitivity")]
    if not pairs and borrowable and not is_row and passage.kind != "caption":
        cues = borrowable
        drug = _context_drug(context)
        if drug is not None:
            cue = cues[0]
            for mutation, gene in linked:
                tier = "C" if _is_gene_level(mutation.normalized) else "B"
                pairs.append((mutation, gene, drug, cue, tier))

    rows = []
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


def _scoped(modifiers: list[Cue], kind: str, lo: int, hi: int, cues: list[Cue]) -> bool:
    """A negation counts when it sits inside the statement or just before it (40 chars)."""
    for cue in modifiers:
        if cue.value != kind:
            continue
        if any(c.start <= cue.start < c.end for c in cues):
            continue  # part of an effect cue such as "did not respond"
        if lo - 40 <= cue.start < hi:
            return True
    return False


def _nearest_cue(cues: list[Cue], anchor: Mention, second: Mention) -> Cue | None:
    def distance(cue: Cue, m: Mention) -> int:
        if cue.start < m.end and m.start < cue.end:
            return 0
        return min(abs(cue.start - m.end), abs(m.start - cue.end))

    return min(cues, key=lambda c: (distance(c, anchor), distance(c, second)), default=None)


# Where a sentence turns to a new statement: "...by nilutamide, and the W741C mutant is...".
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:whereas|while|but|and\s+(?:the|a|an|this|these|those|its|their|in))\b", re.IGNORECASE
)
# Text that joins items of one list: "T877A and H874Y", "C1156Y, I1171T/N/S, and V1180L".
_LIST_JOIN = re.compile(r"[\s,/&]*(?:(?:and|or|as well as)\b[\s,]*)?", re.IGNORECASE)
# Text that joins a class to its member: "ALK inhibitors, including ceritinib".
_MEMBER_JOIN = re.compile(
    r"[\s,(]*(?:(?:including|such as|like|e\.g\.,?|and|or|as well as|namely)\b[\s,]*)*", re.IGNORECASE
)


def _sentence_pairs(linked, drugs, cues, unit_clean, offset, text):
    if not cues:
        return []
    drugs = _drop_appositive_classes(drugs, text)
    pairs = []
    specific = [(m, g) for m, g in linked]
    if re.search(r"\brespectively\b", unit_clean, re.IGNORECASE):
        mutation_spans = _distinct_spans([m for m, _ in specific])
        drug_spans = _distinct_spans(drugs)
        if len(mutation_spans) == len(drug_spans) > 1:
            drug_at = {(d.start, d.end): d for d in drugs}
            for mutation, gene in specific:
                drug = drug_at[drug_spans[mutation_spans.index((mutation.start, mutation.end))]]
                pairs.append((mutation, gene, drug, _nearest_cue(cues, drug, mutation), "B"))
            return pairs
    breaks = [offset + m.start() for m in _CLAUSE_BREAK.finditer(unit_clean)]
    clause = lambda pos: bisect_right(breaks, pos)
    groups = _list_groups([m for m, _ in specific], text)
    for mutation, gene in specific:
        for drug in drugs:
            if clause(mutation.start) != clause(drug.start):
                continue
            cue = _nearest_cue([c for c in cues if clause(c.start) == clause(drug.start)], drug, mutation)
            if cue is None or _blocked(mutation, drug, cue, groups, drugs, text):
                continue
            pairs.append((mutation, gene, drug, cue, "A"))
    return pairs


def _drop_appositive_classes(drugs: list[Mention], text: str) -> list[Mention]:
    """"alectinib (another second-generation TKI)": the class restates the drug before it."""
    kept = []
    for drug in drugs:
        restates = drug.label == "DRUG_CLASS" and any(
            other.label == "DRUG" and other.end <= drug.start
            and re.fullmatch(r"\s*\([^()]*", text[other.end:drug.start])
            for other in drugs
        )
        if not restates:
            kept.append(drug)
    return kept


def _list_groups(mutations: list[Mention], text: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each mutation span to the span of the written list it belongs to."""
    spans = _distinct_spans(mutations)
    groups: dict[tuple[int, int], tuple[int, int]] = {}
    current: list[tuple[int, int]] = []
    for span in spans:
        if current and not _LIST_JOIN.fullmatch(text[current[-1][1]:span[0]]):
            for member in current:
                groups[member] = (current[0][0], current[-1][1])
            current = []
        current.append(span)
    for member in current:
        groups[member] = (current[0][0], current[-1][1])
    return groups


def _blocked(mutation, drug, cue, groups, drugs, text) -> bool:
    """A pair is not read across another statement's parts: no other mutation between the
    mutation's list and the cue, no other drug between the cue and the drug (unless the two
    drugs are one list, or a class and its member)."""
    group_start, group_end = groups.get((mutation.start, mutation.end), (mutation.start, mutation.end))
    lo, hi = (group_end, cue.start) if cue.start >= group_end else (cue.end, group_start)
    if any(lo <= start < hi for start, _ in groups if not group_start <= start < group_end):
        return True
    lo, hi = (cue.end, drug.start) if drug.start >= cue.end else (drug.end, cue.start)
    for other in drugs:
        if other is drug or not (lo <= other.start and other.end <= hi):
            continue
        between = text[other.end:drug.start] if other.end <= drug.start else text[drug.end:other.start]
        if not _MEMBER_JOIN.fullmatch(between):
            return True
    return False


def _distinct_spans(mentions: list[Mention]) -> list[tuple[int, int]]:
    return sorted({(m.start, m.end) for m in mentions})


def _table_pairs(linked, drugs, cues, unit, context: _Context, text: str):
    """A row pairs its mutations with (a) the drug in the header of a cell holding an effect
    word, (b) a drug named in the row with the row's (else the caption's) effect word, (c) the
    caption's drug with the caption's effect word."""
    pairs = []
    header_drugs = []
    for cue in cues:
        cell = _cell_index(unit.passage, cue.start)
        if cell is not None and cell < len(context.header_cells):
            h_start, h_end = context.header_cells[cell]
            header_drugs.extend((d, cue) for d in context.header_drugs if h_start <= d.start < h_end)
    for mutation, gene in linked:
        for drug, cue in header_drugs:
            pairs.append((mutation, gene, drug, cue, "A"))
        for drug in drugs:  # a drug named in the row: the row's effect word, else the caption's
            cue = _nearest_cue(cues or context.caption_cues, drug, mutation)
            if cue is not None:
                pairs.append((mutation, gene, drug, cue, "A"))
        if context.caption_cues:
            for drug in context.caption_drugs:
                cue = _nearest_cue(context.caption_cues, drug, drug)
                pairs.append((mutation, gene, drug, cue, "A"))
    return pairs


def _dedupe(rows: list[Evidence]) -> list[Evidence]:
    seen = {}
    for row in rows:
        key = (row.sentence_start, row.gene, row.mutation, row.drug, row.relation)
        if key not in seen or row.confidence > seen[key].confidence:
            seen[key] = row
    return list(seen.values())

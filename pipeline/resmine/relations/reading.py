"""One unit read once, for both ways of deciding its relations: what it mentions, which gene
each change belongs to, its cues and modifiers, and what it inherits (:func:`read_unit`); the
rule pairs (:func:`rule_pairs`); and the evidence row a decided pair becomes
(:func:`evidence_row`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resmine.model import CHANGE_LABELS, Evidence, Label, Mention, PassageKind, Provenance
from resmine.relations.genes import (
    _adjacent_gene,
    _adjacent_gene_before,
    _gene_specific_class,
    _listed_genes,
    is_gene_level,
    _marks_a_phenotype,
    predicated_gene,
    _specific_gene,
)
from resmine.relations.pairing import _drop_appositive_classes, Link, Pair, _scoped, _sentence_pairs, _table_pairs
from resmine.mutations.classes import gene_class_name
from resmine.mutations.rulefiles import fusion_lists
from resmine.relations.rules import Cue, RelationRules
from resmine.relations.tables import label_cell_changes, potency_columns, potency_cues, row_cells
from resmine.relations.units import (DRUG_LABELS, NOT_EFFECTS, DocumentView, char_gap, is_drug_target, _Context,
                                    _context_drug_list, _context_units, _DRUG_LIST_JOIN, _Unit, history_drug)

TIER_CONFIDENCE = {"A": 0.9, "B": 0.7, "C": 0.6}
HEDGE_FACTOR = 0.7
# Effect cues a unit without a drug may lend to the drug of its context.
BORROWABLE_RELATIONS = ("resistance", "sensitivity")
# Effect cues a unit without a drug may pair with the drug of its own preceding sentences: also
# "no effect" ("... K-RAS, is associated with clinical resistance to these antibodies. In an
# interesting exception, mutations in particular domains of K-RAS do not predict resistance").
CONTEXT_RELATIONS = BORROWABLE_RELATIONS + ("no_effect",)
# The alteration class of signalling words ("AR activation", "ERK phosphorylation": a state
# of a pathway, often the drug's target described, rather than a change a tumour carries).
ACTIVATION = "activation"
# The alteration class of a gene's fusion words ("ALK rearrangement", "ROS1 fusions").
FUSION = "fusion"
# How far after an effect cue a change can sit in the cue's "in ..." phrase (characters).
CONTEXT_PHRASE_CHARS = 80
# "resistance in BRAF V600E mutated melanomas", "... in H2228 cells with EML4-ALK": from the
# cue to the change, an "in" phrase without a clause break.
_IN_PHRASE = re.compile(r"[^.;:]*?\bin\b[^.;:,]*")
# "NRAS Q61K, in addition to the BRAF V600E mutation": the change after it is the background.
_IN_ADDITION = re.compile(r"\bin addition to(?: the| an?)?\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
IN_ADDITION_CHARS = 50
# "reduced sensitivity to erlotinib, comparable to Ba/F3 cells expressing EGFR L858R": what
# follows a comparison is the reference group, not the statement's subject.
_COMPARISON = re.compile(
    r"\b(?:comparable to|similar to|compared (?:to|with)|in comparison (?:to|with)|relative to|than|versus|vs\.?)"
    r"[^.;:]*", re.IGNORECASE)


@dataclass
class UnitReading:
    unit: _Unit
    linked: list[Link]  # (change, its gene)
    genes: list[Mention]
    drugs: list[Mention]
    cues: list[Cue]
    modifiers: list[Cue]
    context: _Context
    # (start, end) of the changes named as the background of another change's effect: they
    # compete in pairing (a drug near one is not another's) but state nothing themselves.
    background: frozenset[tuple[int, int]] = frozenset()
    # The cue tables the unit was read with: the classifier's pairs read the cues of the drug's
    # own sentence with them, when they need them (:func:`effect_cues`).
    rules: RelationRules | None = None
    # The next sentence of the passage when it names an effect but no change of its own: its
    # drugs (maybe none; for a unit with drugs, the unit's drug named again) and effect cues
    # ("... identified an FGFR3 S249C mutation. Pazopanib was initiated ... a partial
    # response"; "All 7 patients had V600E mutations. One complete response ... was observed").
    next_drugs: tuple[Mention, ...] = ()
    next_cues: tuple[Cue, ...] = ()
    # The sentence before, in the passage, that names drugs and a resistance but no change, when
    # the unit names neither a drug nor a cue: its drugs and resistance cues, the resistance the
    # unit's change was then found in (:func:`_resistance_before`).
    previous_drugs: tuple[Mention, ...] = ()
    previous_cues: tuple[Cue, ...] = ()

    @property
    def is_row(self) -> bool:
        return self.unit.passage.kind == PassageKind.TABLE_ROW


# The headings of a reference list ("References", "Literature Cited", "## Bibliography"): the
# titles listed under one are other papers' claims ("Epithelial-mesenchymal transition leads to
# crizotinib resistance in H2228 lung cancer cells with EML4-ALK translocation" in the crizotinib
# seed's references), not statements of the document. Matched on the cleaned section name.
_REFERENCE_LIST = re.compile(
    r"(?:\d+\.?\s*)?(?:references?(?: cited| and notes)?|bibliography|literature cited|works cited|cited literature)",
    re.IGNORECASE)


def is_reference_list(section: str) -> bool:
    """Whether ``section`` (a passage's cleaned heading) is a reference list."""
    return bool(_REFERENCE_LIST.fullmatch(section.strip()))


def read_unit(view: DocumentView, unit: _Unit, rules: RelationRules) -> UnitReading | None:
    """The unit's reading, or None when it states nothing about a change of a gene."""
    text = view.document.text
    passage = unit.passage
    in_unit = view.mentions_in(unit.start, unit.end)
    if not any(m.label in CHANGE_LABELS for m in in_unit):
        return None
    if passage.kind == PassageKind.TABLE_ROW and not passage.header:
        return None  # a table's header row: it labels the columns, it states nothing
    if is_reference_list(passage.section):
        return None  # cited titles: other papers' statements, not this document's
    genes = [m for m in in_unit if m.label == Label.GENE]
    drugs = _without_reference_drugs(
        [m for m in in_unit if m.label in DRUG_LABELS and not _in_leading_analogy(m, text, unit)], text)
    mutations = [m for m in in_unit if m.label in CHANGE_LABELS]
    unit_clean = view.clean_text[unit.start:unit.end]
    cues = view.unit_cues(unit, rules)
    modifiers = rules.find(rules.modifiers, unit_clean, unit.start)
    is_row = passage.kind == PassageKind.TABLE_ROW
    context = _context_units(view, unit, rules)

    linked: list[Link] = []
    causal = _causal_genes(genes, drugs, text)
    free_genes = [g for g, _ in causal]
    markers = [m for m in modifiers if m.value == "marker"]
    for mutation in mutations:
        if _marks_a_phenotype(mutation, markers):
            continue
        if _is_written_fusion(mutation):
            gene = _fusion_gene(mutation, genes, text)
        elif mutation.source != Provenance.MUTATION_GRAMMAR and is_gene_level(mutation.normalized):
            members = [] if _adjacent_gene_before(mutation, genes, text) else _listed_genes(mutation, genes, text)
            if members:  # "activation of other receptor tyrosine kinases, such as MET and FGFR3"
                linked.extend((mutation, member) for member in members)
                continue
            # a gene a participle is said of ("when AURK-A was overexpressed, the cells were
            # resistant to ... Taxol") only with a drug in the unit: without one the condition
            # borrows the context's ("... induces drug resistance when procaspase-3 is
            # down-regulated", CIViC train EID7430, a mechanism CIViC files under another change)
            gene = (_adjacent_gene(mutation, genes, text) or (genes[0] if is_row and genes else None)
                    or (predicated_gene(mutation, genes, text) if drugs else None)
                    or (context.gene if _names_back(mutation, text) else None))
        else:
            # a gene named only inside a drug class ("dabrafenib (BRAF inhibitor) and trametinib
            # (MEK inhibitor) in ... V600E-mutated patients") is the drug's target, a last resort
            gene = (_specific_gene(mutation, free_genes, text, context.gene, view.dominant_gene)
                    or _specific_gene(mutation, genes, text, None, None))
        if not _is_written_fusion(mutation):
            gene = _kinase_partner(gene, mutations, genes, text)
            if mutation.normalized == FUSION:
                gene = _hyphened_kinase_partner(gene, genes, text)
        if gene is not None:
            linked.append((mutation, gene))
    linked = _without_mechanism_activation(_without_added_genotypes(linked, text))
    if not linked:
        return None
    return UnitReading(unit, linked, genes, drugs, cues, modifiers, context,
                       _context_genotypes(linked, cues, text, causal),
                       rules,
                       *_next_sentence(view, unit, rules, drugs, _effect_cues_of(cues, linked), bool(context.drugs),
                                       _restatable(linked)),
                       *(_resistance_before(view, unit, rules)
                         if not drugs and not cues and any(not is_gene_level(m.normalized) for m, _ in linked)
                         else ((), ())))


def _effect_cues_of(cues: list[Cue], linked: list[Link]) -> list[Cue]:
    """The cues of a unit that can give its changes an effect: a resistance cue gives none
    when every change is a status or fusion word (:func:`_status_resistance`: "ALK positive
    NSCLC that had progressed on crizotinib" names the population's earlier treatment), so
    the unit may still take the outcome of the next sentence."""
    if all(_takes_no_resistance(mutation) for mutation, _ in linked):
        return [c for c in cues if c.value != "resistance"]
    return cues


# The reference of a comparison, right before a drug: "LY294002 and AZD5363 were more effective
# than temsirolimus or BYL719", "6 times more sensitive to ceritinib (80nM GI50) than crizotinib",
# "about 6x lower than that for crizotinib" (read in CIViC train EID713, EID722, EID1342, EID1291);
# an equative of potency names its reference the same way: "approximately double the potency as
# crizotinib" (nineteenth round, CIViC train EID1341).
_THAN_BEFORE = re.compile(
    r"(?:\bthan|\b(?:potency|potent|effective|effectiveness|efficacy|efficacious|activity|active)\s+as)\s+"
    r"(?:(?:with|to|for|in|on|by)\s+)?(?:(?:the|that|those)\s+(?:of\s+|for\s+|with\s+)?)?\Z", re.IGNORECASE)
THAN_CHARS = 30


def _without_reference_drugs(drugs: list[Mention], text: str) -> list[Mention]:
    """``drugs`` (in text order) less the drug a comparison is made against and the drugs
    listed with it ("than temsirolimus or BYL719"): the effect the sentence states is the other
    drug's, the reference's is only weaker or stronger. Kept when no other drug is left: then
    what the reference is compared with is no drug ("more sensitive than to imatinib alone")."""
    reference: list[Mention] = []
    for drug in drugs:
        listed = bool(reference) and reference[-1].end <= drug.start and _DRUG_LIST_JOIN.fullmatch(
            text, reference[-1].end, drug.start)
        if listed or _THAN_BEFORE.search(text, max(0, drug.start - THAN_CHARS), drug.start):
            reference.append(drug)
    if not reference or len(reference) == len(drugs):
        return drugs
    return [d for d in drugs if d not in reference]


# A sentence that opens with what it is compared to: "Similarly to the imatinib story, two recent
# reports have discovered secondary mutations in the kinase domain of the ALK gene that appear to
# be responsible for resistance to crizotinib" (seed 000). Up to the first comma.
_LEADING_ANALOGY = re.compile(r"\W*(?:similar(?:ly)?\s+to|(?:just\s+)?as\s+(?:with|in|for)|(?:un)?like)\s[^,.;]*,",
                              re.IGNORECASE)


def _in_leading_analogy(drug: Mention, text: str, unit: _Unit) -> bool:
    """Whether ``drug`` is named in the analogy a sentence opens with (:data:`_LEADING_ANALOGY`):
    the drug of the case compared with, not of the sentence's statement."""
    opening = _LEADING_ANALOGY.match(text, unit.start, unit.end)
    return opening is not None and drug.end <= opening.end()


# "These mutations enhance ATP binding ... and enhanced sensitivity to the inhibitors" (after
# "... distinct mutations in the kinase domain of the EGF receptor"): a change named back by a
# demonstrative is the one of the sentences before, whose gene the context holds.
_DEMONSTRATIVE_BEFORE = re.compile(r"\b(?:these|those|such)\s+\Z", re.IGNORECASE)
DEMONSTRATIVE_CHARS = 8


def _names_back(mutation: Mention, text: str) -> bool:
    """Whether a gene-level change is written "these/those/such CHANGE"."""
    return bool(_DEMONSTRATIVE_BEFORE.search(text, max(0, mutation.start - DEMONSTRATIVE_CHARS), mutation.start))


def _is_written_fusion(mutation: Mention) -> bool:
    """A fusion the mutation grammar read from its partners ("EML4-ALK", "BCR-ABL")."""
    return mutation.normalized == "fusion" and mutation.source == Provenance.MUTATION_GRAMMAR


def _fusion_gene(fusion: Mention, genes: list[Mention], text: str) -> Mention | None:
    """The gene a written fusion is filed under: the partner that carries the kinase the drugs
    target, the one fusion_partners.txt marks as the kinase side ("3'": ALK of "EML4-ALK", ABL1
    of "BCR-ABL", FGFR2 of "FGFR2-BICC1", where the kinase is written first), else the partner
    written last, usually the 3' one ("KIAA1549-BRAF")."""
    partners = [g for g in genes if fusion.start <= g.start and g.end <= fusion.end]
    if not partners:
        return _adjacent_gene(fusion, genes, text)
    _, kinase_side, _ = fusion_lists()
    marked = [g for g in partners if g.normalized in kinase_side]
    return (marked or partners)[-1]


def _kinase_partner(gene: Mention | None, mutations: list[Mention], genes: list[Mention],
                    text: str) -> Mention | None:
    """A change whose gene is written as a partner of a fusion lies in the fusion's kinase, the
    gene the fusion itself is filed under: "the G1202R mutation in the EML4-ALK fusion" is ALK
    G1202R, not EML4 (CIViC train EID441); so is its class word ("mutation in the EML4-ALK",
    "the FGFR2-BICC1 fusion")."""
    if gene is None:
        return None
    fusion = next((m for m in mutations if _is_written_fusion(m) and m.start <= gene.start and gene.end <= m.end), None)
    return gene if fusion is None else _fusion_gene(fusion, genes, text) or gene


def _hyphened_kinase_partner(gene: Mention | None, genes: list[Mention], text: str) -> Mention | None:
    """The fusion word's gene when two genes are joined by a hyphen before it and the grammar
    did not read them as a fusion (an unlisted partner: "FGFR2-CASP7 fusions",
    "FGFR3-TACC3/FGFR2-CCDC6 fusions", CIViC dev EID1918): the partner fusion_partners.txt marks
    as the kinase side, as :func:`_fusion_gene` chooses, else ``gene``."""
    if gene is None:
        return None
    joined = [g for g in genes if g.end == gene.start - 1 and text[g.end] == "-"]
    joined += [g for g in genes if g.start == gene.end + 1 and text[gene.end] == "-"]
    _, kinase_side, _ = fusion_lists()
    if gene.normalized in kinase_side:
        return gene
    return next((g for g in joined if g.normalized in kinase_side), gene)


def _next_sentence(view: DocumentView, unit: _Unit, rules: RelationRules, drugs: list[Mention],
                   cues: list[Cue], context_drugs: bool,
                   restatable: frozenset[tuple[str, str]] = frozenset()) -> tuple[tuple[Mention, ...], tuple[Cue, ...]]:
    """The ``next_drugs`` and ``next_cues`` of a sentence ``unit`` (a table row has none);
    ``restatable``: the unit's gene-level changes (:func:`_restatable`)."""
    after = _next_unit(view, unit)
    if after is None or unit.passage.kind == PassageKind.TABLE_ROW:
        return (), ()
    if not drugs:
        return _next_sentence_effect(view, after, rules, context_drugs)
    # the unit's one drug (drug classes aside) may be named again with its outcome; of two or
    # more, the one named again need not be the treatment the unit's change was given
    named = {d.normalized for d in drugs if d.label == Label.DRUG}
    return _next_sentence_outcome(view, after, rules, cues, named_before=frozenset(named) if len(named) == 1 else frozenset(),
                                  restatable=restatable)


# A resistance that arose under the drug, in what a change can then be found: "... but became
# resistant", "resistance developed", "Dasatinib resistant subclones were identified".
_ACQUIRED = re.compile(
    r"\b(?:bec[oa]me?s?|becoming|develop(?:s|ed|ing)?|acquir(?:e|es|ed|ing)|emerg(?:e|es|ed|ing))\b[^.;]{0,40}?resist"
    r"|resist(?:ant|ance)\s+(?:sub)?(?:clones?|colonies|cells?|cell\s+lines?|lines?|variants?)\b", re.IGNORECASE)

# How many sentences before a change the resistance it was found in may be written (the nearest
# that names a drug; each one between naming no drug and no effect).
RESISTANCE_BEFORE_SENTENCES = 2


def _resistance_before(view: DocumentView, unit: _Unit,
                       rules: RelationRules) -> tuple[tuple[Mention, ...], tuple[Cue, ...]]:
    """The drugs and resistance cues of the nearest sentence before ``unit`` (same passage,
    at most RESISTANCE_BEFORE_SENTENCES back) that names drugs, when it names a resistance and
    no change: the change of a unit without drug or cue was then found in what became resistant
    ("One chronic myeloid leukemia patient ... had a partial best cytogenetic response to
    imatinib but became resistant. Bacterial clones generated using peripheral blood RNA
    revealed the BCR-ABL1 fusion with the D363G secondary variant", CIViC train EID7820;
    "Dasatinib resistant subclones were identified using 50 nM dasatinib ... 1 of these clones
    had an F317I mutation", EID6217)."""
    before = _previous_unit(view, unit)
    for _ in range(RESISTANCE_BEFORE_SENTENCES):
        if before is None:
            return (), ()
        found = view.mentions_in(before.start, before.end)
        drugs = tuple(m for m in found if m.label in DRUG_LABELS)
        if not drugs:
            if view.unit_cues(before, rules):
                return (), ()  # an effect of no named drug between: the change may be its
            before = _previous_unit(view, before)
            continue
        # the cheap tests first: the sentence's cues are read only for an acquired resistance
        if any(m.label in CHANGE_LABELS for m in found) or not _ACQUIRED.search(view.clean_text, before.start, before.end):
            return (), ()
        resistance = tuple(c for c in view.unit_cues(before, rules) if c.value == "resistance")
        return (drugs, resistance) if resistance else ((), ())
    return (), ()


def _previous_unit(view: DocumentView, unit: _Unit) -> _Unit | None:
    """The unit before ``unit`` when it is in the same passage."""
    if unit.index == 0 or view.units[unit.index - 1].passage is not unit.passage:
        return None
    return view.units[unit.index - 1]


def _next_unit(view: DocumentView, unit: _Unit) -> _Unit | None:
    """The unit after ``unit`` when it is in the same passage."""
    if unit.index + 1 >= len(view.units) or view.units[unit.index + 1].passage is not unit.passage:
        return None
    return view.units[unit.index + 1]


def _next_sentence_effect(view: DocumentView, after: _Unit, rules: RelationRules,
                          context_drugs: bool, passed: bool = False) -> tuple[tuple[Mention, ...], tuple[Cue, ...]]:
    """The drugs and effect cues of ``after``, the sentence after a unit without drugs in its
    passage, when that sentence names an effect but no change (it is then about the change
    before it); its drugs may be none when the unit has a context drug (the treatment is then
    the context's). When ``after`` names drugs and no effect, the treatment's outcome may come
    in the sentences after it (:func:`_next_sentence_outcome`, which may name those drugs
    again)."""
    in_after = view.mentions_in(after.start, after.end)
    if any(m.label in CHANGE_LABELS for m in in_after):
        return (), ()
    named = tuple(m for m in in_after if m.label in DRUG_LABELS)
    drugs = tuple(m for m in named if not history_drug(m, view.document.text))
    if named and not drugs and not passed and not view.unit_cues(after, rules):
        # a sentence that names only the population's earlier treatments is passed over: "...
        # HER2-positive metastatic breast cancer. All patients were previously treated with
        # trastuzumab ... 41 patients received 50 mg afatinib ..." (CIViC train EID961;
        # :func:`~resmine.relations.units.history_drug`)
        following = _next_unit(view, after)
        return ((), ()) if following is None else _next_sentence_effect(view, following, rules, context_drugs, True)
    if not drugs and not context_drugs:
        return (), ()  # no treatment to give the effect to: its cues are not looked for
    cues = tuple(_borrowable_cues(view, after, rules))
    if not cues and drugs and not view.unit_cues(after, rules):
        # the treatment named, its outcome in a later sentence: "RNA sequencing revealed FLT3
        # overexpression. The patient was treated with 22 days of sunitinib ... A bone marrow
        # biopsy showed complete clearance ... remains in remission" (CIViC train EID1528;
        # written while reading CIViC dev EID7811, "Patient was treated with 400 mg pazopanib
        # ... CT taken four and eight weeks after start of pazopanib showed tumor regression")
        _, cues = _next_sentence_outcome(view, after, rules, [], drugs)
    return (drugs, cues) if cues else ((), ())


# A dose written in a sentence that names a treatment's drug again: the treatment restated as
# given ("Administration of alectinib at 300 mg twice daily", "receiving different doses of"),
# not another statement about the drug.
_DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|µg|μg)(?:/(?:kg|m2|m²|d|day))?(?!\w)|\bdos(?:e|es|ed|ing|age|ages)\b",
                   re.IGNORECASE)

# How many sentences after a treatment its outcome may be written in (the first that names an
# effect, each one before it naming no change, drug or effect, or the treatment's drug again with
# its dose). Three since the eighteenth round (models/README.md): with two, the dose pass read
# nothing (CIViC train EID1273's outcome is the third sentence after its treatment).
OUTCOME_SENTENCES = 3


def _next_sentence_outcome(view: DocumentView, after: _Unit, rules: RelationRules, cues: list[Cue],
                           treatment: tuple[Mention, ...] = (),
                           named_before: frozenset[str] = frozenset(),
                           restatable: frozenset[tuple[str, str]] = frozenset()) -> tuple[tuple[Mention, ...], tuple[Cue, ...]]:
    """The effect cues of ``after``, the sentence after a unit that names its drugs (``cues``
    its effect cues), when that unit names no effect and ``after`` names no change but the
    unit's gene-level class named again (``restatable``, :func:`_restates`) and no drug but the
    unit's own (``named_before``, normal names; then no gene either): the outcome of
    the treatment just named ("... harboring an NRF1-BRAF fusion was treated with trametinib.
    After two months ... a 48% decrease in size"; "A patient ... harboring ALK rearrangement
    received crizotinib after chemotherapy for pulmonary recurrence. Crizotinib showed
    confirmed response", CIViC train EID5954). The drugs named again are returned with the
    cues: the outcome is theirs."""
    if any(c.value in BORROWABLE_RELATIONS for c in cues):
        return (), ()
    names = {d.normalized for d in treatment}
    if treatment:  # ``after`` is the treatment's own sentence: its outcome comes after it
        following = _next_unit(view, after)
        if following is None:
            return (), ()
        after = following
    text = view.document.text
    for _ in range(OUTCOME_SENTENCES):
        in_after = view.mentions_in(after.start, after.end)
        # the treatments the sentence names (not the population's history, :func:`history_drug`)
        given = [m for m in in_after if m.label in DRUG_LABELS and not history_drug(m, text)]
        if (any(m.label in CHANGE_LABELS and not _restates(m, in_after, restatable, text) for m in in_after)
                or any(m.normalized not in names | named_before for m in given)):
            return (), ()
        named_again = tuple(m for m in given if m.normalized not in names)
        if named_again and any(m.label == Label.GENE for m in in_after):
            # a gene named with the drug again: another group ("In patients with wild-type K-ras
            # tumors, treatment with cetuximab ...", CIViC train EID993)
            return (), ()
        if view.unit_cues(after, rules):
            return named_again, tuple(_borrowable_cues(view, after, rules))
        if named_again and not _DOSE.search(view.clean_text, after.start, after.end):
            return (), ()  # the drug named again without its outcome: a later one need not be its
        # a sentence that names nothing and says no effect is passed over: "One patient with
        # SQSTM1-NTRK1 was treated with entrectinib ... The patient had resolution of prior
        # dyspnea and pain within 3 weeks. CT scans showed a partial response" (CIViC dev EID1868);
        # so is one that names the treatment's drug again with its dose: the treatment restated
        # as given ("... ALK-positive NSCLC, alectinib ... was administered as first line
        # treatment. [a sentence naming nothing] Administration of alectinib at 300 mg twice
        # daily was followed by marked improvement ... Further improvements ... suggested a rapid
        # complete response", CIViC train EID1273)
        following = _next_unit(view, after)
        if following is None:
            return (), ()
        after = following
    return (), ()


def _restatable(linked: list[Link]) -> frozenset[tuple[str, str]]:
    """The (gene, class) of each gene-level change of a unit: a later sentence may name the
    population again by it ("patients with advanced RET-rearranged NSCLC continuously received
    ... vandetanib daily. ... 34 were RET-positive (2%) ... 9 patients (53%) achieved an objective
    response", CIViC train EID4849)."""
    return frozenset((gene.normalized, mutation.normalized) for mutation, gene in linked
                     if is_gene_level(mutation.normalized))


def _restates(change: Mention, mentions: list[Mention], restatable: frozenset[tuple[str, str]], text: str) -> bool:
    """Whether ``change`` names one of the treated unit's gene-level changes again (its class,
    and its gene when one is written next to it: "in the FLT3 mutant group"), so that its
    sentence is still about the treated population, not another statement."""
    if not restatable or change.normalized not in {name for _, name in restatable}:
        return False
    genes = [m for m in mentions if m.label == Label.GENE]
    gene = _fusion_gene(change, genes, text) if _is_written_fusion(change) else _adjacent_gene(change, genes, text)
    return gene is None or (gene.normalized, change.normalized) in restatable


def _borrowable_cues(view: DocumentView, unit: _Unit, rules: RelationRules) -> list[Cue]:
    """The resistance/sensitivity cues of ``unit`` (:meth:`DocumentView.unit_cues`)."""
    return [c for c in view.unit_cues(unit, rules) if c.value in BORROWABLE_RELATIONS]


def effect_cues(view: DocumentView, reading: UnitReading, unit_index: int,
                also: frozenset[str] = frozenset()) -> list[Cue]:
    """The resistance/sensitivity cues of another unit of the document, and those whose value
    is in ``also``, read with the unit's cue tables (found once per unit and document:
    :meth:`DocumentView.unit_cues`)."""
    if reading.rules is None:
        return []
    return [c for c in view.unit_cues(view.units[unit_index], reading.rules)
            if c.value in BORROWABLE_RELATIONS or c.value in also]


def _causal_genes(genes: list[Mention], drugs: list[Mention], text: str) -> list[Link]:
    """Genes that can be the subject of an effect without a change mention ("increased cyclin
    D1 expression can mediate ... resistance"): those not written as a drug's target ("BRAF
    inhibitor", "PI3K/mTOR inhibition"; :func:`~resmine.relations.units.is_drug_target`), each
    as its own (position, gene) link."""
    return [(g, g) for g in genes if not is_drug_target(g, drugs, text)]


def _context_genotypes(linked: list[Link], cues: list[Cue], text: str,
                       subjects: list[Link] | None = None) -> frozenset[tuple[int, int]]:
    """The changes in the "in ..." phrase after an effect cue when a change of another gene, or
    another gene of ``subjects``, comes before the cue ("cyclin D1 expression can mediate BRAF
    inhibitor resistance in BRAF V600E mutated melanomas"): the effect is the foreground's, the
    background is the tumour or cell line it was seen in. Also the reference group of a
    comparison (:func:`_compared_to`)."""
    effects = [c for c in cues if c.value in BORROWABLE_RELATIONS]
    return frozenset((m.start, m.end) for m, g in linked if any(
        cue.end <= m.start <= cue.end + CONTEXT_PHRASE_CHARS
        and _IN_PHRASE.fullmatch(text, cue.end, m.start)
        and _other_gene_before(linked + (subjects or []), cue.start, g)
        for cue in effects) or _compared_to(m, linked, effects, text))


def _compared_to(mutation: Mention, linked: list[Link], effects: list[Cue], text: str) -> bool:
    """Whether ``mutation`` is the reference of a comparison that follows another change's
    effect: "D770_N771insSVD demonstrated reduced sensitivity to erlotinib, comparable to cells
    expressing EGFR L858R and T790M"."""
    lo = max(0, mutation.start - CONTEXT_PHRASE_CHARS)
    for match in _COMPARISON.finditer(text, lo, mutation.start):
        if match.end() != mutation.start:  # a clause break between: another statement
            continue
        if any(cue.end <= match.start() for cue in effects) and any(
                m.end <= match.start() and m.normalized != mutation.normalized for m, _ in linked):
            return True
    return False


def _without_mechanism_activation(linked: list[Link]) -> list[Link]:
    """A pathway's activation read in a unit that names a specific change is what the change
    does, not an alteration of its own ("a somatic nonsense mutation (Q1178*) in ... TSC2 that
    inactivates the gene, allowing for activation of the mTOR pathway and resulting in
    sensitivity to mTOR inhibition by everolimus", CIViC dev EID1108): it gives no row and
    stands as no other change between the specific change and its effect. On CIViC train and
    dev no activation row was ever a curated triple; alone in its unit ("activation of other
    receptor tyrosine kinases, such as MET") it stays."""
    if all(is_gene_level(mutation.normalized) for mutation, _ in linked):
        return linked
    return [(mutation, gene) for mutation, gene in linked if mutation.normalized != ACTIVATION]


def _without_added_genotypes(linked: list[Link], text: str) -> list[Link]:
    """Drop a change named "in addition to" a change of another gene before it ("NRAS Q61K, in
    addition to the BRAF V600E mutation was associated with resistance"): an aside about the
    background, which must not take the drugs from the change the sentence is about."""
    return [(m, g) for m, g in linked
            if not (_IN_ADDITION.search(text[max(0, m.start - IN_ADDITION_CHARS):m.start])
                    and _other_gene_before(linked, m.start, g))]


def _other_gene_before(linked: list[Link], position: int, gene: Mention) -> bool:
    return any(m.end <= position and g.normalized != gene.normalized for m, g in linked)


def rule_pairs(view: DocumentView, reading: UnitReading) -> list[Pair]:
    """(change, gene, drug, cue, tier) by the reading rules of the package docstring."""
    unit = reading.unit
    # pairs whose cue is no effect (NOT_EFFECTS): returned as read, but the unit's borrowing below
    # goes on as if they were not there
    claimed: list[Pair] = []
    pairs: list[Pair] = []
    history_drugs: set[tuple[int, int]] = set()
    if reading.is_row:
        pairs = _table_pairs(reading.linked, reading.drugs, reading.cues, unit, reading.context)
        pairs += potency_pairs(view, reading, pairs)
    elif reading.drugs:
        pairs = _sentence_pairs(reading.linked, reading.drugs, reading.cues, view, unit)
        claimed = [pair for pair in pairs if pair[3].value in NOT_EFFECTS]
        history_drugs = _status_history(pairs)
        pairs = [pair for pair in pairs if pair[3].value not in NOT_EFFECTS and not _status_resistance(pair)]
    borrowable = [c for c in reading.cues if c.value in CONTEXT_RELATIONS]
    if not pairs and borrowable and not reading.is_row and unit.passage.kind != PassageKind.CAPTION:
        for drug in _context_drug_list(reading.context, view.document.text):
            for mutation, gene in reading.linked:
                tier = "C" if is_gene_level(mutation.normalized) else "B"
                pairs.append((mutation, gene, drug, borrowable[0], tier))
    next_drugs = _drop_appositive_classes(list(reading.next_drugs), view.document.text)
    if not pairs and reading.next_cues and next_drugs and (
            len(next_drugs) == 1 or _subject_named_back(view, unit)):
        # "... identified an FGFR3 S249C mutation. Pazopanib was initiated ... a partial
        # response": one drug only (a class that restates it is none: "The RET inhibitor
        # Vandetanib led to remission"), and specific changes only, a fusion named by its
        # partners too ("FISH analysis revealed a KIF5B-RET fusion"; gene-level ones and drug
        # lists added false positives on CIViC tune, models/README.md), unless the next
        # sentence names them back ("... upregulation of ligands like NRG1. This bypass
        # mechanism can lead to cross-resistance to multiple ALK TKIs"); every drug when it
        # opens with the cells or patients the unit described ("... one cell line harbored a
        # PTEN allele deletion and R130* mutation. This cell line harbored the lowest IC50
        # values to both perifosine and temsirolimus", CIViC dev EID1627)
        named_back = _refers_back(view, unit)
        for drug in next_drugs:
            cue = min(reading.next_cues, key=lambda c: abs(c.start - drug.start))
            pairs += [(mutation, gene, drug, cue, "B") for mutation, gene in reading.linked
                      if named_back or not is_gene_level(mutation.normalized) or _is_written_fusion(mutation)]
    if not pairs and not reading.drugs and not borrowable and reading.next_cues and not reading.next_drugs:
        # "All 7 patients had V600E mutations. One complete response ... was observed": the
        # outcome of the context's treatment ("a basket study of vemurafenib"), specific changes
        cue = reading.next_cues[0]
        context_drugs = _context_drug_list(reading.context, view.document.text)
        pairs += [(mutation, gene, drug, cue, "B") for mutation, gene in reading.linked
                  if not is_gene_level(mutation.normalized) for drug in context_drugs]
    if not pairs and reading.drugs and reading.next_cues:
        # the outcome of the unit's treatment; when the outcome's sentence names the unit's drug
        # again, the outcome is that drug's only (not the "chemotherapy" it followed)
        cue = reading.next_cues[0]
        history = _nearest_drugs(claimed) | history_drugs
        named_again = {d.normalized for d in reading.next_drugs}
        drugs = [d for d in _drop_appositive_classes(reading.drugs, view.document.text)
                 if (d.start, d.end) not in history and (not named_again or d.normalized in named_again)]
        pairs += [(mutation, gene, drug, cue, "B") for mutation, gene in reading.linked
                  if mutation.normalized != ACTIVATION for drug in drugs]
    if not pairs and reading.previous_cues:
        # a change found in what became resistant to the drugs of a sentence before it; specific
        # changes only: a gene-level one after a resistance is a genotype reported beside it
        # ("... stage IVb CRC after progression under 5-fluorouracil and bevacizumab. NGS
        # revealed a frameshift mutation in APC", CIViC train EID1191)
        for drug in _drop_appositive_classes(list(reading.previous_drugs), view.document.text):
            cue = min(reading.previous_cues, key=lambda c: char_gap(drug, c))
            pairs += [(mutation, gene, drug, cue, "B") for mutation, gene in reading.linked
                      if not is_gene_level(mutation.normalized)]
    return [pair for pair in pairs + claimed if (pair[0].start, pair[0].end) not in reading.background
            and not _status_resistance(pair)]


def _status_resistance(pair: Pair) -> bool:
    """A gene's status ("ALK-positive NSCLC that had progressed on crizotinib", "HER2 positive
    breast cancer that has progressed under trastuzumab") names the population a test selected
    for a treatment: a resistance in its statement is the population's earlier treatment, not
    the status's effect. So does a gene's fusion word ("ALK rearrangement", "ROS1 fusions"):
    the fusion is what the drugs of its statement target, and the resistance is acquired by
    other changes (CIViC train: 42 of 43 fusion-class items are sensitivity, dev 24 of 25); a
    fusion named by its partners ("EML4-ALK") is the grammar's and keeps its resistance."""
    mutation, _, _, cue, _ = pair
    return cue.value == "resistance" and _takes_no_resistance(mutation)


def _status_history(pairs: list[Pair]) -> set[tuple[int, int]]:
    """The spans of the drugs a status's resistance names (:func:`_status_resistance`), the
    population's earlier treatment: for each such cue, the drug nearest to it ("ALK positive
    NSCLC that had progressed on crizotinib", not the alectinib the sentence tests)."""
    return _nearest_drugs([pair for pair in pairs if _status_resistance(pair)])


def _nearest_drugs(pairs: list[Pair]) -> set[tuple[int, int]]:
    """The spans of the drugs nearest to each cue of ``pairs``: the drug a cue names, not every
    drug its sentence pairs with it ("alectinib was assayed ... in ALK positive NSCLC that had
    progressed on crizotinib": crizotinib is the history, alectinib the treatment)."""
    nearest: dict[tuple[int, int], Mention] = {}
    for _, _, drug, cue, _ in pairs:
        held = nearest.get((cue.start, cue.end))
        if held is None or char_gap(drug, cue) < char_gap(held, cue):
            nearest[(cue.start, cue.end)] = drug
    return {(drug.start, drug.end) for drug in nearest.values()}


def _takes_no_resistance(mutation: Mention) -> bool:
    """A gene's status or its fusion word (:func:`_status_resistance`)."""
    return mutation.source == Provenance.GENE_STATUS or (
        mutation.normalized == FUSION and mutation.source == Provenance.ALTERATION_WORDS)


# A sentence that opens by naming what the one before it described: "This bypass mechanism ...",
# "These alterations ...", or the population it described, whose genotype that sentence gave:
# "... a breast cancer patient harboring an FGFR1 amplification. The patient responded to
# treatment to Pazopanib" (CIViC train EID7246); "All patients were previously treated with
# trastuzumab ..." (EID961, twentieth round).
_REFERS_BACK = re.compile(
    r"\W*(?:(?:this|these|such)\s+(?:[\w-]+\s+)?(?:mechanisms?|alterations?|changes?|events?)"
    r"|(?:the|this|these|both|all(?:\s+the)?)\s+(?:patients?|tumou?rs?|cells|cell\s+lines?|mice|xenografts?))\b", re.IGNORECASE)


# A sentence that opens with the cells or patients the one before it described: "This cell line
# ...", "These cells ...", "The patient ...".
_SUBJECT_BACK = re.compile(
    r"\W*(?:this|these|the|that|those)\s+(?:[\w-]+\s+)?(?:cell\s+lines?|cells|patients?|tumou?rs?|clones?)\b",
    re.IGNORECASE)


def _subject_named_back(view: DocumentView, unit: _Unit) -> bool:
    """Whether the sentence after ``unit`` (same passage) opens with :data:`_SUBJECT_BACK`."""
    after = _next_unit(view, unit)
    return after is not None and bool(_SUBJECT_BACK.match(view.document.text, after.start, after.end))


def _refers_back(view: DocumentView, unit: _Unit) -> bool:
    """Whether the sentence after ``unit`` (same passage) opens with :data:`_REFERS_BACK`."""
    after = _next_unit(view, unit)
    return after is not None and bool(_REFERS_BACK.match(view.document.text, after.start, after.end))


def potency_pairs(view: DocumentView, reading: UnitReading, label_pairs: list[Pair]) -> list[Pair]:
    """A table row's pairs from its potency columns (:mod:`~resmine.relations.tables`): one
    per drug column, none for a drug the row's labels already read, and none at all for a
    labelled row unless the settings ask for it."""
    row = reading.unit.passage
    reference = view.table_references.get(row.start)
    settings = view.table_settings
    if reference is None or (label_pairs and not settings.potency_when_labelled):
        return []
    text = view.document.text
    context = reading.context
    columns = potency_columns(row.header, context.header_cells, context.header_drugs, context.caption_drugs,
                              row.caption)
    labelled = {drug.normalized for _, _, drug, _, _ in label_pairs}
    cues = [(drug, cue) for drug, cue in potency_cues(text, row, reference, columns, settings)
            if drug.normalized not in labelled]
    return [(mutation, gene, drug, cue, "A")
            for mutation, gene in label_cell_changes(reading.linked, row_cells(text, row), columns)
            for drug, cue in cues]


def statement_span(reading: UnitReading, mutation: Mention, drug: Mention, cue: Cue | None) -> tuple[int, int]:
    """Where the statement of a pair lies in the text: its change, its drug when the drug is
    in the unit, and its cue."""
    unit = reading.unit
    in_unit = unit.start <= drug.start < unit.end
    points = [mutation.start, mutation.end] + ([drug.start, drug.end] if in_unit else [])
    # a cue of another sentence (the next sentence's outcome) is no part of the unit's statement:
    # "An ERRFI1 (E384X) was detected in a patient ... without any mutations or amplifications in
    # other EGFR signaling members ... The patient was treated with erlotinib" (CIViC train EID1724)
    points += [cue.start, cue.end] if cue is not None and (in_unit or unit.start <= cue.start < unit.end) else []
    return min(points), max(points)


# A bracketed aside: "(with no detected PI3K pathway deregulation)"; a relative clause about a
# person between commas: "a patient, who never smoked, with POLD1 deleterious E374K mutation".
_ASIDE = re.compile(r"\([^()]*\)|,\s*who(?:se)?\b[^,;()]*,")


def is_negated(text: str, reading: UnitReading, mutation: Mention, drug: Mention, cue: Cue | None) -> bool:
    """Whether a negation is in the scope of the pair's statement (:func:`statement_span`), not
    counting one inside a bracketed aside or a relative clause about a person that holds none
    of the statement's parts ("One patient with BRAF V600E mutated melanoma (with no detected
    PI3K pathway deregulation) had a partial response on treatment with pictilisib"; "a
    patient, who never smoked, with POLD1 deleterious E374K mutation", CIViC train EID4777)."""
    lo, hi = statement_span(reading, mutation, drug, cue)
    parts = [mutation.start, drug.start] + ([cue.start] if cue is not None else [])
    asides = [a.span() for a in _ASIDE.finditer(text, min(lo, reading.unit.start), hi)
              if not any(a.start() <= p < a.end() for p in parts)]
    modifiers = [m for m in reading.modifiers if not any(a <= m.start < b for a, b in asides)]
    return _scoped(modifiers, "negation", lo, hi, reading.cues, text)


def evidence_row(view: DocumentView, reading: UnitReading, mutation: Mention, gene: Mention, drug: Mention,
                 relation: str, tier: str, negated: bool, confidence: float | None = None) -> Evidence:
    """The evidence row of a decided pair; ``confidence`` None: the tier's rule confidence."""
    unit = reading.unit
    text = view.document.text
    if is_gene_level(mutation.normalized):
        tier = "C"
    hedged = any(m.value == "hedge" for m in reading.modifiers)
    if confidence is None:
        confidence = TIER_CONFIDENCE[tier] * (HEDGE_FACTOR if hedged else 1.0)
    return Evidence(
        doc_id=view.document.doc_id,
        section=unit.passage.section,
        passage_kind=unit.passage.kind,
        sentence_start=unit.start,
        sentence_end=unit.end,
        sentence=text[unit.start:unit.end],
        gene=gene.normalized,
        gene_text=gene.text,
        mutation=gene_class_name(mutation.normalized, gene.normalized)
        if mutation.source == Provenance.ALTERATION_WORDS else mutation.normalized,
        mutation_text=mutation.text,
        drug=_gene_specific_class(drug.normalized, gene.normalized),
        drug_text=drug.text,
        relation=relation,
        negated=negated,
        hedged=hedged,
        confidence=round(confidence, 3),
        tier=tier,
    )


def rule_evidence(view: DocumentView, reading: UnitReading, changes: frozenset[Label] = CHANGE_LABELS,
                  pairs: list[Pair] | None = None) -> list[Evidence]:
    """The rules' evidence rows of the unit, for the changes labelled ``changes`` (``pairs``:
    the unit's :func:`rule_pairs`, when already read)."""
    rows = []
    for mutation, gene, drug, cue, tier in rule_pairs(view, reading) if pairs is None else pairs:
        if mutation.label not in changes or cue.value in NOT_EFFECTS:
            continue
        negated = is_negated(view.document.text, reading, mutation, drug, cue)
        relation = _OPPOSITE.get(cue.value, cue.value) if _knocked_down(mutation, gene, view.document.text) else cue.value
        rows.append(evidence_row(view, reading, mutation, gene, drug, relation, tier, negated))
    return rows


# A specific change silenced in the experiment ("GNAQ (Q209P) siRNA ... sensitivity to PLX4720
# was increased"): the effect read is that of its absence, the change's own is the opposite. Not
# a gene-level change: silencing a gene mimics its loss ("NF1 knockdown ... resistance").
_KNOCKDOWN = re.compile(r"\b(?:si|sh)RNAs?\b|\bknock-?down\b|\bsilenc(?:ing|ed)\b|\bdepletion\b", re.IGNORECASE)
KNOCKDOWN_CHARS = 20
_OPPOSITE = {"resistance": "sensitivity", "sensitivity": "resistance"}


# A gene's expression (the level, CIViC's EXPRESSION) lowered in the experiment is the same
# reading: "Downregulation of ZEB1 expression ... led to enhanced sensitivity" files the
# expression as resistance (read in CIViC train EID899, twelfth round).
_LOWERED = re.compile(_KNOCKDOWN.pattern + r"|\bdown-?regulation\b", re.IGNORECASE)
_LEVEL = "expression"


def _knocked_down(mutation: Mention, gene: Mention, text: str) -> bool:
    lo, end = max(0, min(mutation.start, gene.start) - KNOCKDOWN_CHARS), max(mutation.end, gene.end)
    if mutation.normalized == _LEVEL:
        return bool(_LOWERED.search(text, lo, end))
    if is_gene_level(mutation.normalized):
        return False
    return bool(_KNOCKDOWN.search(text, lo, end + KNOCKDOWN_CHARS))

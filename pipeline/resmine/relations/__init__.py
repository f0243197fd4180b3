"""Linking genes, mutations and drugs into evidence for (gene, mutation, drug, relation).

Input: a document, its sentences and its mentions. Output: :class:`~resmine.model.Evidence`.
No file reading beyond the rule tables in ``models/rules/relations/``.

How a statement is read (each step a small function in the module named after it):

1. Each sentence (a table row is one) is a *unit* (``units``). Its mutations are the
   mutation-grammar mentions in it; gene-level alterations ("ALK amplification", "activation
   of EGFR") count only with a gene written next to them, or with the genes they name by
   example ("activation of other receptor tyrosine kinases, such as MET and FGFR3": both)
   (``genes``).
2. A specific mutation takes its gene from, in order (``genes``): the gene written in it
   ("BRAFV600E"), "MUT (mutation) in GENE" just after it, the nearest gene before it in the
   sentence, the gene its section heading names, the last gene named in the preceding
   sentences of its section (or a table's caption/first cell), the nearest gene after it, the document's most frequent gene; a gene
   written only inside a drug class ("MEK" of "MEK inhibitor") comes last of all. A gene so
   found that is a partner of a written fusion stands for the fusion's kinase, the gene the
   fusion is filed under ("the G1202R mutation in the EML4-ALK fusion" is ALK's), and the
   change, the fusion and its class words are one subject (``pairing``).
3. Drugs are the drug mentions in the unit; a table row also reads the drug in the header of
   a cell holding an effect word ("Sensitivity to Ceritinib" / "Resistant") and in the caption,
   and the drug of each potency column (IC50, GI50, EC50, Ki), whose effect is the row's fold
   change against the table's wild-type or parental row (``tables``).
   A unit with a mutation and an effect cue but no drug borrows the drug of the nearest
   preceding sentence in its passage, its section heading, or the title (tier B, or C for
   gene-level alterations), with the drugs listed with it ("vemurafenib, cetuximab and
   irinotecan"). What a unit inherits is gathered in ``units``. A unit with a change and drugs
   but no effect cue takes the effect of the next sentence of its passage when that one names
   no change and no drug ("... with HER2 amplification received pertuzumab and trastuzumab.
   Objective response rate was 32%"), except for a signalling state ("AR activation");
   a unit with a specific change and no drug takes the one drug and the effect of such a next
   sentence, or, when that one names no drug either, its effect with the drugs the unit would
   borrow ("a basket study of vemurafenib ... All 7 patients had V600E mutations. One complete
   response ... was observed"), or, when that one names the treatment without an effect, the
   effect of the one or two sentences after it ("... revealed FLT3 overexpression. The patient
   was treated with sunitinib ... A bone marrow biopsy showed complete clearance"; ``reading``).
4. The relation of a (mutation, drug) pair is the effect cue nearest to the drug; "respectively"
   pairs mutations and drugs in order (``pairing``). The drugs of one written list ("MEK
   inhibitors (AZD6244/selumetinib, MEK162 and PD0325901)") pair together; a class word that
   heads a list of changes ("H1968Y or P2213S mTOR mutations") belongs to the list, and a
   gene's generic "mutation" or "fusion" row yields to a specific change of it read with the
   same drug in the same unit. A specific change silenced in the
   experiment ("GNAQ (Q209P) siRNA ... sensitivity was increased") takes the opposite effect
   (``reading``). Negation and hedge cues near the pair set
   the flags (not a negation inside a bracketed aside that holds no part of the pair, nor one
   of an earlier clause). An outcome word that is no outcome is no cue (``units``): "in
   response to" right after another cue, a remission named as a point in time, a bare
   "refractory" before the disease it qualifies.
5. Mentions without a normal form (names the NER found but the lexicon cannot name) take no
   part, nor does a gene-level change right after a "marker" cue ("EMT is characterized by the
   upregulation of vimentin"): it describes a state, it causes nothing.
   A change that is the background of another gene's change (in the "in ..." phrase after the
   effect cue, or "in addition to" it), or the reference group of a comparison after another
   change's effect ("comparable to cells expressing L858R"), states nothing either (``reading``).
   A change the document names only as a population's genotype ("BRAF V600E mutant colorectal
   cancer patients", "melanoma patients harboring BRAF V600E") takes no resistance when the
   document names another change (:func:`_drop_population_resistance`). Nothing under a reference list's heading
   ("References", "Bibliography") is read: cited titles are other papers' claims (``reading``).

Modules: ``rules`` (cue tables, line-break joining), ``units`` (units, the per-document
:class:`~resmine.relations.units.DocumentView`, context), ``genes`` (gene attachment),
``pairing`` (mutation-drug-cue pairs, negation scope), ``tables`` (potency columns, fold
changes against the reference row); this module composes them into rows.
The character windows each step reads within are named constants beside the code that uses them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Sequence

from resmine.model import CHANGE_LABELS, Document, Evidence, Label, Mention, Passage, PassageKind, Provenance
from resmine.mutations.classes import EXPRESSION
from resmine.relations.anaphora import with_named_back_changes, with_named_back_drugs
from resmine.relations.genes import ADJACENT_GENE_GAP, ALTERATION_GENE_WINDOW, _adjacent_gene, _dominant_gene, is_gene_level
from resmine.relations.classifier import RelationModel
from resmine.relations.learned import RULE_CHANGES, model_evidence
from resmine.relations.pairing import GENERIC_MUTATION
from resmine.relations.reading import ACTIVATION, FUSION, read_unit, rule_evidence
from resmine.relations.rules import RelationRules, join_line_breaks
from resmine.relations.tables import TableSettings, table_references
from resmine.relations.units import MAX_PAIR_CHARS, DocumentView, PassageLookup, _units, headings_of, title_of

# Gene-level classes a specific change of the same gene, read with the same drug in the same
# unit, says more precisely: the generic "mutation", and the fusion the change lies in
# ("CD74-ROS1 G2032R confers resistance to crizotinib" is G2032R's statement).
SUBSUMED_CLASSES = frozenset({GENERIC_MUTATION, "fusion"})
# A reversion of a gene's mutations, read with the same drug in the same unit, is what a
# generic "mutation" row of that gene says there: "cell lines carrying BRCA2 mutations and that
# had developed resistance to cisplatin ... re-activated BRCA2 through ... secondary mutations"
# (the carried mutations are the background, the reversion the mechanism).
REVERSION = "reversion"

__all__ = ["RelationModel", "RelationRules", "TableSettings", "could_hold_evidence", "document_view",
           "extract_evidence", "join_line_breaks"]

def document_view(document: Document, sentences: Sequence[tuple[int, int]],
                  mentions: Sequence[Mention], max_pair_chars: int = MAX_PAIR_CHARS,
                  table_settings: TableSettings = TableSettings()) -> DocumentView:
    """The document as the relation reader sees it; ``max_pair_chars``: see
    :data:`~resmine.relations.units.MAX_PAIR_CHARS`; ``table_settings``: how potency tables
    are read (:class:`~resmine.relations.tables.TableSettings`)."""
    text = document.text
    passages = sorted(document.passages, key=lambda p: p.start) or [
        Passage(PassageKind.PARAGRAPH, "", 0, len(text))
    ]
    # A gene or drug found by the statistical NER that the lexicon cannot name has no normal
    # form: it cannot be part of a triple a curator could file.
    clean_text = join_line_breaks(text)
    named = _without_words_of_longer_changes(sorted((m for m in mentions if m.normalized), key=lambda m: (m.start, m.end)))
    named = _without_reference_fusions(named, text)
    named = with_named_back_drugs(named, clean_text)  # "the small molecules" defined earlier
    named = with_named_back_changes(named, clean_text, sentences)  # "all the other mutations"
    headings = headings_of(document)
    return DocumentView(
        document=document,
        clean_text=clean_text,
        units=_units(sentences, passages),
        mentions=named,
        starts=[m.start for m in named],
        dominant_gene=_dominant_gene(named),
        headings=headings,
        heading_starts=[p.start for p in headings],
        title=title_of(document),
        lookup=PassageLookup(document),
        max_pair_chars=max_pair_chars,
        table_settings=table_settings,
        table_references=table_references(passages, text),
    )


def _without_words_of_longer_changes(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (sorted by start) less an alteration word inside a change the mutation
    grammar read around it: the "deletions" of "exon 19 deletions", the "mutations" of "exon 9
    mutations" are words of the exon class, no gene-level change of their own (CIViC train
    EID413: "NSCLC patients with exon 19 deletions in EGFR had longer overall survival ... when
    treated with gefitinib or erlotinib" gave "deletion" rows beside the "exon 19 deletion"
    ones)."""
    grammar = [m for m in mentions if m.source == Provenance.MUTATION_GRAMMAR and m.label in CHANGE_LABELS]
    if not grammar:
        return mentions
    return [m for m in mentions if not (
        m.source == Provenance.ALTERATION_WORDS and m.label in CHANGE_LABELS
        and any(g.start <= m.start and m.end <= g.end and (g.start, g.end) != (m.start, m.end) for g in grammar))]


# A written fusion named as unmutated ("EML4-ALK wild-type", "unmutated BCR-ABL1") after a
# comparison word: the reference a mutant of it is compared with ("16 times higher than for
# EML4-ALK wild-type", "worse compared to responses in patients with unmutated BCR-ABL1"). Not
# without one: "Amplification of wild-type EML4-ALK ... caused resistance" is the fusion's own.
_REFERENCE_FUSION_BEFORE = re.compile(r"\b(?:unmutated|non-?mutated|wild[\s-]?type)\s+$", re.IGNORECASE)
_REFERENCE_FUSION_AFTER = re.compile(r"[\s-]+(?:wild[\s-]?type|WT|unmutated|non-?mutated)\b", re.IGNORECASE)
_COMPARISON = re.compile(r"\b(?:than|compared|contrast|versus|vs\b|relative)", re.IGNORECASE)
REFERENCE_FUSION_CHARS = 20
COMPARISON_CHARS = 60


def _without_reference_fusions(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` less a written fusion ("EML4-ALK") named as the unmutated reference of a
    comparison (:data:`_REFERENCE_FUSION_BEFORE`, :data:`_REFERENCE_FUSION_AFTER`): the effect
    of such a sentence is the mutant's, not the fusion's (CIViC train EID1352: "IC50 ... in
    contrast to IC50 for EML4-ALK wild-type ... suggesting sensitization of this variant";
    EID4718: "responses to dasatinib which were worse compared to responses in patient with
    unmutated BCR-ABL1"). Its genes stay."""
    return [m for m in mentions if not (
        m.normalized == FUSION and m.source == Provenance.MUTATION_GRAMMAR
        and (_REFERENCE_FUSION_AFTER.match(text, m.end)
             or _REFERENCE_FUSION_BEFORE.search(text, max(0, m.start - REFERENCE_FUSION_CHARS), m.start))
        and _COMPARISON.search(text, max(0, m.start - COMPARISON_CHARS), m.start))]


def extract_evidence(
    document: Document,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    rules: RelationRules,
    model: RelationModel | None = None,
    max_pair_chars: int = MAX_PAIR_CHARS,
    table_settings: TableSettings = TableSettings(),
) -> list[Evidence]:
    """All evidence rows of one document: decided by ``model`` where given (the rules' reading
    is one of its features), else by the reading rules of the module docstring."""
    therapies = [m for m in mentions if not (m.label == Label.DRUG and m.normalized in rules.not_therapies)]
    view = document_view(document, sentences, therapies, max_pair_chars, table_settings)
    evidence: list[Evidence] = []
    for unit in view.units:
        reading = read_unit(view, unit, rules)
        if reading is None:
            continue
        rows = rule_evidence(view, reading) if model is None else model_evidence(view, reading, model)
        evidence.extend(_drop_subsumed_mutation_class(rows))
    # the document-level readings, in this order: each sees the rows the one before left
    evidence = _drop_family_activation(evidence, view)
    evidence = _drop_fusion_of_named_change(evidence, view)
    evidence = _drop_population_resistance(evidence, view)
    evidence = _drop_contradicted_links(evidence)
    evidence = _drop_restated_classes(evidence, view)
    evidence = _generic_as_named_exon(evidence, view)
    evidence = _drop_overexpression_of_amplified(evidence)
    evidence = _drop_undirected_expression(evidence)
    return _dedupe(evidence)


def could_hold_evidence(document: Document, changes: Sequence[Mention], rules: RelationRules,
                        model: RelationModel | None = None) -> bool:
    """Whether :func:`extract_evidence` could write a row for ``document``, whose changes that
    could take a gene are ``changes``, whatever genes and drugs are found: the rules pair a
    change with a drug only through an effect cue of their table, so without one anywhere in
    the text only the classifier (``model``, deciding the changes not in
    :data:`~resmine.relations.learned.RULE_CHANGES`) or a table row (read by its columns) can
    write a row. The pre-filter of ``--mode triples`` reads no further a document where this
    is False (in BC5CDR, "AChR expression was less in ..." with no effect word)."""
    if any(passage.kind == PassageKind.TABLE_ROW for passage in document.passages):
        return True
    if model is not None and any(change.label not in RULE_CHANGES for change in changes):
        return True
    return bool(rules.find(rules.cues, join_line_breaks(document.text)))


def _drop_family_activation(rows: list[Evidence], view: DocumentView) -> list[Evidence]:
    """A family's activation ("TAE684 inhibited Akt and Erk1/2 phosphorylation in H2228 cells",
    "reactivation of the MAPK pathway") in a document that names a change of one gene (a
    specific change, a fusion read from its partners, or a row of a gene that is no family) is
    the pathway through which that change acts, not a variant of its own: a family has no one
    gene to file it under (CIViC train EID733, EID1194, EID1284, EID7402; no family row was a
    curated triple there). Alone, a single sentence's "PI3K activation ... resistance" stays."""
    if not any(row.mutation == ACTIVATION and row.gene.startswith(_FAMILY) for row in rows):
        return rows
    names_change = any(not row.gene.startswith(_FAMILY) for row in rows) or any(
        m.label == Label.MUTATION or (m.normalized == FUSION and m.source == Provenance.MUTATION_GRAMMAR)
        for m in view.mentions)
    if not names_change:
        return rows
    return [row for row in rows if not (row.mutation == ACTIVATION and row.gene.startswith(_FAMILY))]


_FAMILY = "FPLX:"


def _drop_fusion_of_named_change(rows: list[Evidence], view: DocumentView) -> list[Evidence]:
    """A gene's fusion row in a document whose text names a specific change of that gene as
    arising in the fusion ("the EML4-ALK V1180L", "the fusion with the T315I secondary variant",
    "an L2155S mutation in the CD74-ROS1 fusion"): the fusion is the background the change arose
    in, and the effect read is the change's. A fusion named beside a change without such a link
    ("ALK-rearranged ... crizotinib; L1196M ... resistance") keeps its own row."""
    fused = {row.gene for row in rows if row.mutation == FUSION}
    if not fused:
        return rows
    specific = {(row.gene, row.mutation) for row in rows
                if row.gene in fused and row.mutation != FUSION and not is_gene_level(row.mutation)}
    if not specific:
        return rows
    names = {mutation for _, mutation in specific}
    text = view.clean_text
    linked: set[str] = set()
    for m in view.mentions:
        if m.label != Label.MUTATION or m.normalized not in names:
            continue
        if _FUSION_BEFORE.search(text, max(0, m.start - 60), m.start) or _FUSION_AFTER.match(text, m.end, m.end + 80):
            linked.add(m.normalized)
    genes = {gene for gene, mutation in specific if mutation in linked}
    return [row for row in rows if not (row.mutation == FUSION and row.gene in genes)]


# A fusion written right before the change ("EML4-ALK V1180L", "BCR-ABL1 fusion with the T315I",
# "an ALK fusion carrying an acquired I1171T"), or the change "in / within the ... fusion" after it.
_FUSION_NAME = r"(?:\b[A-Z][A-Z0-9]+-[A-Z][A-Z0-9]+\b|\bfusions?\b)"
_FUSION_BEFORE = re.compile(
    _FUSION_NAME + r"(?:\s+(?:gene\s+)?(?:with|carrying|harbou?ring|bearing|containing)\s+(?:the\s+|an?\s+)?"
    r"(?:(?:secondary|acquired|additional|resistance)\s+)*)?[\s(]*$")
_FUSION_AFTER = re.compile(
    r"[\s)]*(?:(?:secondary|acquired|resistance)\s+)*(?:mutations?|variants?|substitutions?)?\s*"
    r"(?:in|within|of)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?" + _FUSION_NAME)

# The exon-level mutation class ("exon 2 mutation"), not an exon deletion or insertion.
_EXON_MUTATION = re.compile(r"exon \d+ mutation")


def _generic_as_named_exon(rows: list[Evidence], view: DocumentView) -> list[Evidence]:
    """A gene's bare mutation ("KRAS mutated") in a document that names one exon-level mutation
    class and no other ("point mutations in KRAS exon 2 ... KRAS mutated (N=31)"; "at least one
    mutation in exon 2. ... mutated K-ras did not benefit") refers back to that class, for the
    document's main gene."""
    if not any(row.mutation == GENERIC_MUTATION for row in rows) or view.dominant_gene is None:
        return rows
    named = {m.normalized for m in view.mentions
             if m.label == Label.ALTERATION and m.source == Provenance.MUTATION_GRAMMAR
             and _EXON_MUTATION.fullmatch(m.normalized)}
    if len(named) != 1:
        return rows
    name = next(iter(named))
    gene = view.dominant_gene.normalized
    return [replace(row, mutation=name) if row.mutation == GENERIC_MUTATION and row.gene == gene else row
            for row in rows]


# A change written as the genotype of a population ("BRAF V600E mutant colorectal cancer
# patients", "BRAF-mutated (V600E) melanoma", "patients with melanomas carrying the BRAF V600E
# mutation"): what follows it, or what precedes it.
# A change the text calls a known sensitizing one ("BRAF V600E (a known BRAF inhibitor sensitizing
# mutation)") is the cells' or patients' background too (CIViC train EID8364, EID6275).
_KNOWN_SENSITIZING = r"\s*\((?:an?\s+|the\s+)?known\s[^()]*?\bsensiti[sz]ing\b[^()]*\)"
_POPULATION_AFTER = re.compile(r"\)?[\s-]*(?:mutant|mutated|mutation-positive|positive)\b|" + _KNOWN_SENSITIZING,
                               re.IGNORECASE)
# Such a change takes no resistance even when the document names no other change: the text
# itself says what it does, and the resistance it reports is that of what the cells were given
# ("M229 ... expressing wildtype KRAS and BRAF V600E (a known BRAF sensitizing mutation) found
# that cells induced to stably over-express wildtype KRAS4a ... were more resistant to
# vemurafenib", CIViC train EID6317, EID6261, EID6271).
_KNOWN_SENSITIZING_AFTER = re.compile(_KNOWN_SENSITIZING, re.IGNORECASE)
_POPULATION_BEFORE = re.compile(
    r"(?:(?:mutant|mutated)\s*\(|(?:patients|tumou?rs|melanomas|cancers|carcinomas)\s+(?:carrying|harbou?ring)"
    r"\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?"
    r"|(?:patients|subjects|tumou?rs|cells|cell\s+lines?|melanomas|cancers|carcinomas)\s+(?:that|which|who)\s+"
    r"(?:contain(?:ed|s)?|carr(?:y|ied|ies)|harbou?r(?:ed|s)?|express(?:ed|es)?)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?"
    r"|\bpositive\s+for\s+(?:the\s+)?(?:[\w-]+\s+)?)\s*$", re.IGNORECASE)
POPULATION_CONTEXT_CHARS = 50
# The longest gene name looked for before a gene-level change (characters).
MAX_GENE_CHARS = 40


def _drop_population_resistance(rows: list[Evidence], view: DocumentView) -> list[Evidence]:
    """A change the document names only as its patients' or cells' genotype, everywhere or in
    the row's sentence, does not take the resistance that another change of the document
    explains ("vemurafenib resistant BRAF-mutated (V600E) melanoma ... a GNAQ (Q209P)
    mutation"; a trial "in BRAF V600E mutant colorectal cancer patients" where one "acquired an
    ARAF S490T mutation"; "patients with melanomas carrying the BRAF V600E mutation in whom
    resistance to anti-BRAF develops"; "a patient with ALK-rearranged non-small cell lung cancer
    and an acquired resistance to crizotinib showed new ALK amplification"). A specific change
    is named by itself, a gene-level one with its gene (:func:`_gene_level_genotypes`)."""
    if not any(row.relation == "resistance" for row in rows):
        return rows  # most documents: nothing this could drop, no genotype to look for
    text = view.document.text
    mutations = [m for m in view.mentions if m.label == Label.MUTATION]
    shaped = _population_shapes(mutations, text)
    described: dict[tuple[str, str], bool] = {}
    for (_, name), is_population in shaped.items():
        described[(_ANY_GENE, name)] = described.get((_ANY_GENE, name), True) and is_population
    for key, is_population in _gene_level_genotypes(view):
        described[key] = described.get(key, True) and is_population
    causes = {key for key, only in described.items() if not only}

    def genotype_here(row: Evidence) -> bool:
        """Every mention of the row's change in its sentence is a population's genotype."""
        here = [is_population for (start, name), is_population in shaped.items()
                if name == row.mutation and row.sentence_start <= start < row.sentence_end]
        return bool(here) and all(here)

    def is_genotype(row: Evidence) -> bool:
        return any(key in described and bool(causes - {key}) and (key not in causes or genotype_here(row))
                   for key in ((_ANY_GENE, row.mutation), (row.gene, row.mutation)))

    known_sensitizing = {m.normalized for m in mutations if _KNOWN_SENSITIZING_AFTER.match(text, m.end)}
    return [row for row in rows if not (row.relation == "resistance"
                                        and (row.mutation in known_sensitizing or is_genotype(row)))]


# Between two changes of one written list: "patients harboring BRAF V600E or V600K".
_GENOTYPE_LIST_JOIN = re.compile(r"\s*(?:,|/|\bor\b|\band\b|,\s*(?:or|and)\b)\s*", re.IGNORECASE)


def _population_shapes(mutations: list[Mention], text: str) -> dict[tuple[int, str], bool]:
    """Whether each change (by start and name) is written as a population's genotype
    (:func:`_is_population`); a change listed right after one that is, is one too ("44 relapsed
    melanoma patients harboring BRAF V600E or V600K", CIViC train EID6262)."""
    shaped: dict[tuple[int, str], bool] = {}
    previous: tuple[Mention, bool] | None = None
    for mutation in sorted(mutations, key=lambda m: (m.start, m.end)):
        is_population = _is_population(mutation, text) or (
            previous is not None and previous[1] and previous[0].end <= mutation.start
            and bool(_GENOTYPE_LIST_JOIN.fullmatch(text, previous[0].end, mutation.start)))
        shaped[(mutation.start, mutation.normalized)] = is_population
        previous = (mutation, is_population)
    return shaped


def _is_population(mutation: Mention, text: str) -> bool:
    return bool(_POPULATION_AFTER.match(text, mutation.end)) or bool(
        _POPULATION_BEFORE.search(text[max(0, mutation.start - POPULATION_CONTEXT_CHARS):mutation.start]))


# The gene of a specific change's key in :func:`_drop_population_resistance`: a change is named
# by itself, whichever gene it was linked to.
_ANY_GENE = ""


def _gene_level_genotypes(view: DocumentView) -> list[tuple[tuple[str, str], bool]]:
    """Each gene-level change of the document with the gene written next to it, as ((gene,
    class), whether it is written as a population's genotype): a status ("HER2-positive") or a
    word glued by a hyphen to its gene, a compound adjective of the patients or cells after it
    ("ALK-rearranged NSCLC", "FGFR2-amplified cell lines")."""
    text = view.document.text
    out = []
    for m in view.mentions:
        if m.label != Label.ALTERATION or m.source not in (Provenance.ALTERATION_WORDS, Provenance.GENE_STATUS):
            continue
        near = view.mentions_in(max(0, m.start - ADJACENT_GENE_GAP - MAX_GENE_CHARS), m.end + ALTERATION_GENE_WINDOW)
        gene = _adjacent_gene(m, [g for g in near if g.label == Label.GENE], text)
        if gene is None:
            continue
        glued = gene.end == m.start - 1 and text[gene.end] == "-"
        out.append(((gene.normalized, m.normalized), m.source == Provenance.GENE_STATUS or glued))
    return out


def _drop_contradicted_links(rows: list[Evidence]) -> list[Evidence]:
    """A relation read with the drug of another sentence (the window, the heading) yields to
    one read where the mutation and the drug share a sentence (tier A): "Y842C produced
    resistance to sorafenib ... but remained sensitive to lestaurtinib" is not undone by a
    sensitivity cue two sentences on. A second relation read within one sentence stays ("W741C
    is activated by bicalutamide"; "W741C ... resistance to bicalutamide, respectively")."""
    in_sentence: dict[tuple[str, str, str], set[str]] = {}
    for row in rows:
        if row.tier == "A" and not row.negated:
            in_sentence.setdefault((row.gene, row.mutation, row.drug), set()).add(row.relation)
    return [row for row in rows if not _drug_elsewhere(row)
            or row.relation in in_sentence.get((row.gene, row.mutation, row.drug), {row.relation})]


def _drop_subsumed_mutation_class(rows: list[Evidence]) -> list[Evidence]:
    """A unit's generic "mutation" or "fusion" row of a gene (:data:`SUBSUMED_CLASSES`) yields
    to a specific change of that gene read with the same drug: in "H1968Y or P2213S mTOR mutations" or "a C481S mutation in BTK" the
    class word heads the changes, it states nothing of its own. (CIViC's curators file "HRAS
    mutations (Q61L, Q61R and G12V)" as the class and "class 3 BRAF mutations (G466V, ...)" as
    the changes: the changes, which say more, win.) A generic "mutation" row also yields to a
    reversion of the gene with the same drug (:data:`REVERSION`)."""
    specific = {(row.gene, row.drug) for row in rows if row.tier != "C"}
    reverted = {(row.gene, row.drug) for row in rows if row.mutation == REVERSION}
    return [row for row in rows
            if not (row.mutation in SUBSUMED_CLASSES and (row.gene, row.drug) in specific)
            and not (row.mutation == GENERIC_MUTATION and (row.gene, row.drug) in reverted)]


# "resistance to crizotinib and also to two other unrelated ALK inhibitors" (seed 000): the class
# names other drugs than the one beside it, a claim of its own.
_OTHER_MEMBERS_BEFORE = re.compile(r"\b(?:other|another|different|alternative|further)\s+(?:[\w-]+\s+){0,2}$",
                                   re.IGNORECASE)
OTHER_CHARS = 40
# The classes named by their target, which a named drug beside them restates; not "chemotherapy",
# which names the regimen a drug is part of ("predict chemotherapy efficacy of gemcitabine",
# CIViCmine training sentence 21362344: both are curated).
_TARGETED_CLASS = re.compile(r"\b(?:inhibitors?|tkis?)\b")


def _drop_restated_classes(rows: list[Evidence], view: DocumentView) -> list[Evidence]:
    """A drug class's row yields to a named drug's row of the same sentence, change and
    relation: the class says what the drug is ("sensitive to a selective CDK 4/6 inhibitor,
    PD0332991 ... predictive of sensitivity to CDK4 inhibitor therapy", "MEK inhibitor (AZD6244
    [selumetinib]) resistant", "resistance to BRAF inhibition via vemurafenib"; CIViC train
    EID92, EID6261, dev EID1366), as an appositive class already did within its clause
    (:func:`~resmine.relations.pairing._drop_appositive_classes`). Not a class that names
    other drugs (:data:`_OTHER_MEMBERS_BEFORE`)."""
    text = view.document.text
    mentions = [m for m in view.mentions if m.label == Label.DRUG_CLASS and _TARGETED_CLASS.search(m.normalized)]
    others = {m.normalized for m in mentions if _OTHER_MEMBERS_BEFORE.search(text, max(0, m.start - OTHER_CHARS), m.start)}
    classes = {m.normalized for m in mentions} - others
    if not classes:
        return rows
    named = {(row.sentence_start, row.gene, row.mutation, row.relation) for row in rows
             if row.drug not in classes and not row.negated}
    return [row for row in rows if row.drug not in classes
            or (row.sentence_start, row.gene, row.mutation, row.relation) not in named]


AMPLIFICATION = "amplification"
OVEREXPRESSION = "overexpression"
# The expression classes that say which way the expression goes.
DIRECTED_EXPRESSION = frozenset({OVEREXPRESSION, "underexpression"})


def _yield_to(rows: list[Evidence], weaker: str, stronger: frozenset[str]) -> list[Evidence]:
    """``rows`` less a gene's ``weaker`` class row where the document has a row of one of its
    ``stronger`` classes with the same drug and relation."""
    named = {(row.gene, row.drug, row.relation) for row in rows if row.mutation in stronger}
    if not named:
        return rows
    return [row for row in rows if not (row.mutation == weaker and (row.gene, row.drug, row.relation) in named)]


def _drop_overexpression_of_amplified(rows: list[Evidence]) -> list[Evidence]:
    """A gene's overexpression row yields to its amplification's row of the same drug and
    relation anywhere in the document: the high expression is what the amplification makes, one
    variant written twice ("... in MYCN-amplified neuroblastoma cells. High MYCN expression was
    found to sensitize neuroblastoma cells to CBL0137", CIViC train EID744; "High-level
    FGFR2-amplified ... cancers had a higher likelihood of response and were associated with a
    substantially higher expression of both FGFR2 mRNA and FGFR2 protein", EID1990). A plain
    "expression" row stays: it may be the statement's own marker beside the amplification."""
    return _yield_to(rows, OVEREXPRESSION, frozenset({AMPLIFICATION}))


def _drop_undirected_expression(rows: list[Evidence]) -> list[Evidence]:
    """A gene's plain "expression" row yields to its over- or underexpression row of the same
    drug and relation anywhere in the document: the directed class says which way the same
    expression goes ("Overexpression of DDX43 mediated RAS-induced selumetinib resistance ...
    DDX43 Expression (qPCR) was higher in nonresponders", CIViC train EID1135; "the effect of
    CIP2A expression in relation to gemcitabine sensitivity ... cells with CIP2A expression
    knocked-down displayed lower IC50", EID1118)."""
    return _yield_to(rows, EXPRESSION, DIRECTED_EXPRESSION)


def _drug_elsewhere(row: Evidence) -> bool:
    return row.tier == "B" and row.drug_text.lower() not in row.sentence.lower()


def _dedupe(rows: list[Evidence]) -> list[Evidence]:
    """One row per (sentence, gene, mutation, drug, relation): the most confident, at the
    place of the first."""
    seen: dict[tuple[int, str, str, str, str], Evidence] = {}
    for row in rows:
        key = (row.sentence_start, row.gene, row.mutation, row.drug, row.relation)
        if key not in seen or row.confidence > seen[key].confidence:
            seen[key] = row
    return list(seen.values())

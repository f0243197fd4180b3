"""Pairing: which (mutation, gene) goes with which drug under which effect cue, in a sentence
(clauses, written lists, "respectively", a class restating its drug) or in a table row
(header cells, the row's drugs, the caption), and whether a negation governs the pair."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TypeVar, cast

from resmine.model import Label, Mention
from resmine.relations.rules import Cue
from resmine.relations.units import DocumentView, _cell_index, _Context, _Unit

# A mutation with the gene it was attached to.
Link = tuple[Mention, Mention]
# mutation, gene, drug, effect cue, tier
Pair = tuple[Mention, Mention, Mention, Cue, str]
Span = tuple[int, int]
_Positioned = TypeVar("_Positioned", Mention, Cue)

# Characters before a statement in which a negation still governs it: "no ... was observed",
# "not associated with" reach across a few words, not into the previous statement.
NEGATION_SCOPE = 40

# Where a sentence turns to a new statement: "...by nilutamide, and the W741C mutant is...".
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:whereas|while|but|and\s+(?:the|a|an|this|these|those|its|their|in))\b", re.IGNORECASE
)
# Text that joins items of one list: "T877A and H874Y", "C1156Y, I1171T/N/S, and V1180L".
# The exon of the next change may be written before it: "exon 19 deletions or exon 21 (L858R)";
# a count may follow a change: "BRAF G466A (n=1), G469A (n=2), D594G (n=1), or V600E (n=2)".
_LIST_JOIN = re.compile(r"(?:\s*\(\s*n\s*=\s*\d+\s*\))?"
                        r"[\s,/&]*(?:(?:and|or|as well as)\b[\s,]*)?(?:exon\s+\d+\s*\(?\s*)?", re.IGNORECASE)
# Text between the last change of a list and the class word that heads it, at most the gene:
# "H1968Y or P2213S mTOR mutations", "G466V and D594G BRAF mutants"; between a class word and
# the list it opens in brackets: "HRAS mutations (Q61L, Q61R and G12V)".
_HEAD_JOIN = re.compile(r"[\s-]*(?:[\w-]+[\s-]+)?")
_HEAD_OPENS = re.compile(r"\s*\(\s*")
# Between a class word and the changes that say which ones it mostly is: "distinct mutations in the
# kinase domain of the EGF receptor, most often in exons 19 and 21" (the review seed).
_HEAD_QUALIFIED = re.compile(
    r"[^.;:()]{0,80}?,?\s*(?:most\s+often|mostly|mainly|predominantly|primarily|particularly|especially|"
    r"most\s+commonly|commonly|frequently|typically|usually)\s+(?:in|at)\s+", re.IGNORECASE)
# The alteration class that heads a list of specific changes ("... mutations").
GENERIC_MUTATION = "mutation"
# Text that joins a class to its member: "ALK inhibitors, including ceritinib"; also a drug
# whose suffix is left to the next one ("crizotinib- or ceritinib-resistant"), and markdown
# emphasis around a name ("**ceritinib**"), and an article before a class that names the next
# member ("either cisplatin or the PARP inhibitor AG14361").
_MEMBER_JOIN = re.compile(
    r"-?[\s,(/*_]*(?:(?:including|such as|like|e\.g\.,?|and|or|as well as|namely)\b[\s,*_]*(?:the\s+)?)*",
    re.IGNORECASE
)
# "Mutations A and B confer resistance to drugs X and Y, respectively": pair them in order.
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# A drug class in brackets right after a drug, "alectinib (another second-generation TKI)",
# written right after it as its head noun, "cisplatin chemotherapy", or as what the drug is:
# "Crizotinib, a first-generation tyrosine kinase inhibitor (TKI), has ...", "Crizotinib is a
# small molecule ALK inhibitor which ..." (the seeds 003 and 000).
_APPOSITIVE_OPENING = re.compile(r"\s*\([^()]*|[\s-]+|(?:,|\s+is)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}")
# What may stand between a class and the drug it names ("MEK-inhibitor trametinib", "the FLT3
# inhibitor AC220", "an mTOR inhibitor (everolimus)", "TKIs, including crizotinib"): blanks, an
# opening bracket, a comma, a word that introduces an example.
_CLASS_BEFORE_NAME = re.compile(
    r"\s*[(,]?\s*(?:(?:including|such as|like|e\.g\.,?|i\.e\.,?|especially|particularly|namely|notably)\s+)?")


def _nearest_cue(cues: list[Cue], anchor: Mention, second: Mention) -> Cue | None:
    def distance(cue: Cue, m: Mention) -> int:
        if cue.start < m.end and m.start < cue.end:
            return 0
        return min(abs(cue.start - m.end), abs(m.start - cue.end))

    return min(cues, key=lambda c: (distance(c, anchor), distance(c, second)), default=None)


# Where a negation written before a statement stops governing: "46 samples showed PTEN loss while
# 41 did not, and PTEN loss alone was found to be significantly associated with resistance to
# trastuzumab" (CIViC train EID1385): the negation was its own clause's.
_NEGATION_BREAK = re.compile(r";|,\s+(?:whereas|while|but|and|although|though)\b", re.IGNORECASE)


def _scoped(modifiers: list[Cue], kind: str, lo: int, hi: int, cues: list[Cue], text: str) -> bool:
    """A negation counts when it sits inside the statement or just before it (NEGATION_SCOPE),
    with no clause break between it and the statement (:data:`_NEGATION_BREAK`)."""
    for cue in modifiers:
        if cue.value != kind:
            continue
        if any(c.start <= cue.start < c.end for c in cues):
            continue  # part of an effect cue such as "did not respond"
        if lo - NEGATION_SCOPE <= cue.start < hi:
            if cue.end <= lo and _NEGATION_BREAK.search(text, cue.end, lo):
                continue
            return True
    return False


def _sentence_pairs(
    linked: list[Link], drugs: list[Mention], cues: list[Cue], view: DocumentView, unit: _Unit
) -> list[Pair]:
    if not cues:
        return []
    text = view.document.text
    reach = view.max_pair_chars
    unit_clean = view.clean_text[unit.start:unit.end]
    # the lists are read with the classes that restate a drug, which may join two members ("either
    # cisplatin or the PARP inhibitor AG14361"); those classes are then no drug of their own
    drug_lists = _drug_lists(drugs, text)
    drugs = sorted(_drop_appositive_classes(drugs, text), key=lambda d: (d.start, d.end))
    pairs: list[Pair] = []
    if _RESPECTIVELY.search(unit_clean):
        mutation_spans = _distinct_spans([m for m, _ in linked])
        drug_spans = _distinct_spans(drugs)
        if len(mutation_spans) == len(drug_spans) > 1:
            drug_at = {(d.start, d.end): d for d in drugs}
            rank = {span: k for k, span in enumerate(mutation_spans)}
            for mutation, gene in linked:
                drug = drug_at[drug_spans[rank[(mutation.start, mutation.end)]]]
                pairs.append((mutation, gene, drug, cast(Cue, _nearest_cue(cues, drug, mutation)), "B"))  # cues: not empty
            return pairs
    breaks = [unit.start + offset for offset in _clause_breaks(unit_clean)]

    def clause(pos: int) -> int:
        return bisect_right(breaks, pos)

    # Cues and drugs indexed by position once per sentence: each pair looks only at what lies
    # within ``reach`` characters (bisect), so a sentence is read in time linear in its length.
    cues = sorted(cues, key=lambda c: (c.start, c.end))
    cue_starts = [c.start for c in cues]
    drug_starts = [d.start for d in drugs]
    groups = _with_fusion_location(_with_collective_subject(_list_groups([m for m, _ in linked], text), text, unit),
                                   linked)
    groups = _with_enumerated_mechanisms(groups, text, unit, cues)
    group_spans = sorted(groups)
    asides = _aside_owners(linked, drugs, text)
    exceptions = [match.span() for match in _EXCEPTION.finditer(text, unit.start, unit.end)]
    objects = _cue_objects(cues, drugs, drug_starts, drug_lists, text)
    for mutation, gene in linked:
        for drug in _within(drugs, drug_starts, mutation.start - reach, mutation.end + reach):
            if clause(mutation.start) != clause(drug.start):
                continue
            owner = asides.get((drug.start, drug.end))
            if owner is not None and owner != (mutation.start, mutation.end):
                continue
            near = [c for c in _within(cues, cue_starts, drug.start - reach, drug.end + reach)
                    if clause(c.start) == clause(drug.start)]
            own = drug_lists.get((drug.start, drug.end))
            # a cue whose object is another drug list ("resistance ... to cetuximab and
            # sensitivity to PD0325901") is that list's, while the drug has a cue of its own
            free = [c for c in near if objects.get((c.start, c.end), own) == own]
            cue = _nearest_cue(free or near, drug, mutation)
            if cue is None or _blocked(mutation, drug, cue, groups, group_spans, drugs, drug_starts, drug_lists):
                continue
            exception = next(((lo, hi) for lo, hi in exceptions if lo <= mutation.start < hi), None)
            if exception is not None and not exception[0] <= cue.start < exception[1]:
                # the change is the exception to the clause's effect: its own effect is written in
                # the exception ("except for the imatinib-resistant V658A"), else it is the opposite
                # ("bosutinib is effective across all BCR-ABL mutations observed except T315I")
                if cue.value not in _OPPOSITE_EFFECT or any(exception[0] <= c.start < exception[1] for c in near):
                    continue
                cue = Cue(cue.start, cue.end, _OPPOSITE_EFFECT[cue.value])
            pairs.append((mutation, gene, drug, cue, "A"))
    return pairs


# The exception a clause makes, up to its comma: "Except for the imatinib-resistant V658A
# mutation, all the other mutations were sensitive to both imatinib and crenolanib" (CIViC train
# EID1974): a change in it takes only the effect written in it.
_EXCEPTION = re.compile(
    r"\b(?:except(?:\s+for)?|with\s+the\s+exception\s+of|apart\s+from|other\s+than)\b[^,;.]*", re.IGNORECASE)
_OPPOSITE_EFFECT = {"resistance": "sensitivity", "sensitivity": "resistance"}
# A bracketed aside opened right after a change: "BRAF V600E (a known BRAF inhibitor sensitizing
# mutation)".
_ASIDE_OPENS = re.compile(r"\s*\(")
_ASIDE_BODY = re.compile(r"[^()]*\)")


def _aside_owners(linked: list[Link], drugs: list[Mention], text: str) -> dict[Span, Span]:
    """Each drug written inside a bracketed aside that opens right after a change, mapped to
    that change: the aside describes it ("BRAF V600E (a known BRAF inhibitor sensitizing
    mutation)"), and its drug is no drug of another change of the sentence (CIViC train
    EID3724: "... found that cells ... over-express PIK3CA E545G were significantly more
    resistant to BRAF inhibition by vemurafenib")."""
    owners: dict[Span, Span] = {}
    for mutation, _ in linked:
        opening = _ASIDE_OPENS.match(text, mutation.end)
        if opening is None:
            continue
        body = _ASIDE_BODY.match(text, opening.end())
        if body is None:
            continue
        for drug in drugs:
            if opening.end() <= drug.start and drug.end <= body.end():
                owners[(drug.start, drug.end)] = (mutation.start, mutation.end)
    return owners


# A bracket that holds a citation: "(e.g., PTEN; Christodoulou et al., 2009)".
_CITATION_BRACKET = re.compile(r"\([^()]*\b(?:19|20)\d\d[a-z]?\b[^()]*\)")


def _clause_breaks(sentence: str) -> list[int]:
    """Where the sentence's clauses break (:data:`_CLAUSE_BREAK`), not inside a bracket that holds
    a citation: after "(e.g., PTEN; Christodoulou et al., 2009)" the enumeration goes on. (Any
    bracket let "(AKTi-1/2; naphthyridinone)" join a drug to the statement, CIViC dev EID760.)"""
    citations = [m.span() for m in _CITATION_BRACKET.finditer(sentence)]
    return [m.start() for m in _CLAUSE_BREAK.finditer(sentence)
            if not any(lo < m.start() < hi for lo, hi in citations)]


def _within(items: list[_Positioned], starts: list[int], lo: int, hi: int) -> list[_Positioned]:
    """The items (sorted by start; ``starts`` their starts) that start in [lo, hi]."""
    return items[bisect_left(starts, lo):bisect_right(starts, hi)]


def _drop_appositive_classes(drugs: list[Mention], text: str) -> list[Mention]:
    """"alectinib (another second-generation TKI)": the class restates the drug before it;
    "the MEK-inhibitor trametinib": the class names the drug right after it. Either way the
    statement is the drug's, not the class's, and so is the same class named elsewhere in the
    unit ("known BRAF inhibitor sensitizing mutations ... resistance to BRAF inhibitor
    (vemurafenib)")."""
    restated = {drug.normalized for drug in drugs if drug.label == Label.DRUG_CLASS and any(
        other.label == Label.DRUG and (
            (other.end <= drug.start
             and _APPOSITIVE_OPENING.fullmatch(text, other.end, drug.start))  # no slice: a long gap costs nothing
            or (drug.end <= other.start and _CLASS_BEFORE_NAME.fullmatch(text, drug.end, other.start)))
        for other in drugs)}
    return [drug for drug in drugs if not (drug.label == Label.DRUG_CLASS and drug.normalized in restated)]


def _list_groups(mutations: list[Mention], text: str) -> dict[Span, Span]:
    """Map each mutation span to the span of the written list it belongs to."""
    spans = _distinct_spans(mutations)
    heads = {(m.start, m.end) for m in mutations if m.normalized == GENERIC_MUTATION}
    groups: dict[Span, Span] = {}
    current: list[Span] = []
    for span in spans:
        gap = text[current[-1][1]:span[0]] if current else ""
        joined = current and (_LIST_JOIN.fullmatch(gap) or (span in heads) != (current[-1] in heads) and (
            _HEAD_JOIN.fullmatch(gap) if span in heads
            else _HEAD_OPENS.fullmatch(gap) or _HEAD_QUALIFIED.fullmatch(gap)))
        if current and not joined:
            for member in current:
                groups[member] = (current[0][0], current[-1][1])
            current = []
        current.append(span)
    for member in current:
        groups[member] = (current[0][0], current[-1][1])
    return groups


# What joins an effect cue to the drug it governs: "sensitivity to PD0325901", "resistant
# towards the MEK inhibitor U0126" (read in CIViC train EID2943).
_CUE_OBJECT_GAP = re.compile(r"\s+(?:to|towards|against)\s+(?:(?:the|an?)\s+)?(?:[\w/-]+\s+){0,3}", re.IGNORECASE)
CUE_OBJECT_CHARS = 40


def _cue_objects(cues: list[Cue], drugs: list[Mention], drug_starts: list[int], drug_lists: dict[Span, int],
                 text: str) -> dict[Span, int]:
    """The drug list each cue governs (:data:`_CUE_OBJECT_GAP`: the first drug after it), by the
    cue's span; cues that govern no drug are left out."""
    objects: dict[Span, int] = {}
    for cue in cues:
        after = _within(drugs, drug_starts, cue.end, cue.end + CUE_OBJECT_CHARS)
        first = min(after, key=lambda d: d.start, default=None)
        if first is not None and _CUE_OBJECT_GAP.fullmatch(text, cue.end, first.start):
            objects[(cue.start, cue.end)] = drug_lists.get((first.start, first.end), -1)
    return objects


def _blocked(
    mutation: Mention, drug: Mention, cue: Cue, groups: dict[Span, Span], group_spans: list[Span],
    drugs: list[Mention], drug_starts: list[int], drug_lists: dict[Span, int],
) -> bool:
    """A pair is not read across another statement's parts: no other mutation between the
    mutation's list and the cue, no other drug between the cue and the drug (unless the two
    drugs are one written list, classes and members included: ``drug_lists``, :func:`_drug_lists`).
    ``group_spans`` and ``drugs`` are sorted by start, so only what lies between is looked at."""
    group_start, group_end = groups.get((mutation.start, mutation.end), (mutation.start, mutation.end))
    lo, hi = (group_end, cue.start) if cue.start >= group_end else (cue.end, group_start)
    between_spans = group_spans[bisect_left(group_spans, (lo, -1)):bisect_left(group_spans, (hi, -1))]
    if any(not group_start <= start < group_end for start, _ in between_spans):
        return True
    lo, hi = (cue.end, drug.start) if drug.start >= cue.end else (drug.end, cue.start)
    own = drug_lists[(drug.start, drug.end)]
    return any(other is not drug and lo <= other.start and other.end <= hi
               and drug_lists[(other.start, other.end)] != own for other in _within(drugs, drug_starts, lo, hi))


# "..., all of which confer resistance": the clause's subject is every change named before it.
_COLLECTIVE = re.compile(r"\b(?:all|each|both) of (?:which|these|them)\b", re.IGNORECASE)


def _with_collective_subject(groups: dict[Span, Span], text: str, unit: _Unit) -> dict[Span, Span]:
    """The changes named before "all of which" / "each of which" / "both of which" form one
    group: "The L1196M mutation is analogous to the T790M mutation in EGFR and the T315I mutation
    in ABL, all of which confer resistance to their respective TKIs"."""
    match = _COLLECTIVE.search(text, unit.start, unit.end)
    if match is None:
        return groups
    before = [span for span in groups if span[1] <= match.start()]
    if len(before) < 2:
        return groups
    whole = (min(span[0] for span in before), max(span[1] for span in before))
    return {span: whole if span in before else group for span, group in groups.items()}


# What opens an enumeration of the mechanisms a cue names: "many mechanisms of resistance to
# trastuzumab ..., including the activation of ..., as well as ... such as ...".
_ENUMERATION = re.compile(r"\b(?:including|such as)\b", re.IGNORECASE)


def _with_enumerated_mechanisms(groups: dict[Span, Span], text: str, unit: _Unit, cues: list[Cue]) -> dict[Span, Span]:
    """The changes enumerated after an effect cue and "including"/"such as" are one group: each
    is one of the mechanisms the cue names, none is another statement's subject ("mechanisms of
    resistance to trastuzumab ... including the activation of ... SRC ..., the co-amplification
    of oncogenes (e.g., MYC), deletions in tumor suppressor genes (e.g., PTEN)")."""
    if not cues:
        return groups
    lead = _ENUMERATION.search(text, cues[0].end, unit.end)
    if lead is None:
        return groups
    after = [span for span in groups if span[0] >= lead.end()]
    if len(after) < 2:
        return groups
    whole = (min(span[0] for span in after), max(span[1] for span in after))
    return {span: whole if span in after else group for span, group in groups.items()}


def _with_fusion_location(groups: dict[Span, Span], linked: list[Link]) -> dict[Span, Span]:
    """A change and the written fusion it lies in (both linked to the fusion's kinase partner,
    with the class words of that gene) are one group: "The G1202R mutation in the EML4-ALK
    fusion was found to confer resistance" is G1202R's statement, the fusion between it and
    the cue is where it lies, not another subject (CIViC train EID441)."""
    fusions = {id(gene) for mutation, gene in linked
               if mutation.normalized == "fusion" and mutation.start <= gene.start and gene.end <= mutation.end}
    for fusion_gene in fusions:
        spans = [groups.get((m.start, m.end), (m.start, m.end)) for m, gene in linked if id(gene) == fusion_gene]
        if not any(any(ch.isdigit() for ch in m.normalized) for m, gene in linked if id(gene) == fusion_gene):
            continue  # the fusion alone: nothing to group
        whole = (min(start for start, _ in spans), max(end for _, end in spans))
        groups = {span: whole if group in spans else group for span, group in groups.items()}
    return groups


# A class added to a drug as "the others" of it: "resistance to crizotinib and also to two other
# unrelated ALK inhibitors", "to gefitinib or other EGFR TKIs" (one list, the class's members
# besides the drug). At most two words between "other" and the class.
_OTHER_MEMBERS = re.compile(
    r"\s*,?\s*(?:and|or)\s+(?:also\s+)?(?:to\s+)?(?:(?:the|all|two|three|several|many)\s+)?other\s+"
    r"(?:[\w-]+\s+){0,2}", re.IGNORECASE)


def _drug_lists(drugs: list[Mention], text: str) -> dict[Span, int]:
    """The written list each drug span belongs to, numbered in order: neighbours joined by a
    list word, a comma, a slash or a bracket ("MEK inhibitors (AZD6244/selumetinib, MEK162 and
    PD0325901)") are one list, and so are a drug and "other" drugs after it (:data:`_OTHER_MEMBERS`)."""
    lists: dict[Span, int] = {}
    number, last_end = 0, None
    for span in _distinct_spans(drugs):
        if last_end is not None and not (span[0] < last_end or _MEMBER_JOIN.fullmatch(text, last_end, span[0])
                                         or _OTHER_MEMBERS.fullmatch(text, last_end, span[0])):
            number += 1
        lists[span] = number
        last_end = span[1] if last_end is None else max(last_end, span[1])
    return lists


def _distinct_spans(mentions: list[Mention]) -> list[Span]:
    return sorted({(m.start, m.end) for m in mentions})


def _table_pairs(
    linked: list[Link], drugs: list[Mention], cues: list[Cue], unit: _Unit, context: _Context
) -> list[Pair]:
    """A row pairs its mutations with (a) the drug in the header of a cell holding an effect
    word, (b) a drug named in the row with the row's (else the caption's) effect word, (c) the
    caption's drug with the caption's effect word."""
    pairs: list[Pair] = []
    header_drugs: list[tuple[Mention, Cue]] = []
    for cue in cues:
        cell = _cell_index(unit.passage, cue.start)
        if cell is not None and cell < len(context.header_cells):
            h_start, h_end = context.header_cells[cell]
            header_drugs.extend((d, cue) for d in context.header_drugs if h_start <= d.start < h_end)
    for mutation, gene in linked:
        for drug, cue in header_drugs:
            pairs.append((mutation, gene, drug, cue, "A"))
        for drug in drugs:  # a drug named in the row: the row's effect word, else the caption's
            row_cue = _nearest_cue(cues or context.caption_cues, drug, mutation)
            if row_cue is not None:
                pairs.append((mutation, gene, drug, row_cue, "A"))
        if context.caption_cues:
            for drug in context.caption_drugs:
                caption_cue = _nearest_cue(context.caption_cues, drug, drug)
                pairs.append((mutation, gene, drug, cast(Cue, caption_cue), "A"))  # caption_cues: not empty
    return pairs

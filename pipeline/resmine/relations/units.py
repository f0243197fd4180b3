"""Units and their context: the sentences (a table row is one) a statement is read from, the
per-document state they are read against (:class:`DocumentView`), and what a unit inherits
from its surroundings (preceding sentences, heading, title, a table's caption and header)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from resmine.model import Document, Label, Mention, Passage, PassageKind
from resmine.relations.rules import Cue, RelationRules, join_line_breaks
from resmine.relations.tables import TableSettings, row_cells

# Preceding sentences searched for a drug or gene when the unit names none.
CONTEXT_SENTENCES = 3
# How far apart, in characters, a change and a drug of one sentence can be paired, and how far
# from the drug its effect cue can be (the ``max_pair_chars`` setting of the relation
# components): what lies further is another statement, and the cap keeps pairing linear.
MAX_PAIR_CHARS = 400
# Labels of the mentions that can fill a statement's drug slot.
DRUG_LABELS = (Label.DRUG, Label.DRUG_CLASS)
# Cues that claim the drug next to them for something other than a change's effect on it
# (``cues.tsv``): a population's treatment history ("GIST patients refractory to imatinib",
# "platinum-refractory carcinoma") and what a study measured ("In an in vitro study of imatinib
# sensitivity, KIT D816V was cloned"). Their pair is read, so the classifier does not decide
# it, and gives no row; nor is such a drug lent to the sentences after it (:func:`_context_units`).
NOT_EFFECTS = frozenset({"history", "topic"})


@dataclass
class _Unit:
    start: int
    end: int
    passage: Passage
    index: int  # position in the document's sentence list


@dataclass(frozen=True)
class DocumentView:
    """One document as the relation reader sees it, shared by every unit of the document."""

    document: Document
    clean_text: str  # document.text with line-broken words joined (same offsets)
    units: list[_Unit]
    mentions: list[Mention]  # mentions with a normal form, by (start, end)
    starts: list[int]  # mentions' start offsets, for bisecting
    dominant_gene: Mention | None  # the document's most frequent gene
    # found once per document, not per unit (a pass over the passages per unit was quadratic)
    headings: list[Passage]  # the heading passages, in order
    heading_starts: list[int]  # their start offsets, for bisecting
    title: Passage | None
    lookup: "PassageLookup"  # a table row's caption and header
    max_pair_chars: int = MAX_PAIR_CHARS  # see MAX_PAIR_CHARS
    table_settings: TableSettings = TableSettings()  # how potency tables are read
    table_references: dict[int, Passage] = field(default_factory=dict)  # row start -> its table's reference row
    # unit index -> its effect cues, found once per document (a unit's cues are read again as
    # the window of its neighbours)
    cue_cache: dict[int, list[Cue]] = field(default_factory=dict)

    def unit_cues(self, unit: "_Unit", rules: RelationRules) -> list[Cue]:
        """The effect cues of ``unit`` (matched on the line-break-joined text)."""
        if unit.index not in self.cue_cache:
            found = _outcome_cues(rules.find(rules.cues, self.clean_text[unit.start:unit.end], unit.start),
                                  self.clean_text)
            if any(c.value == "resistance" for c in found):  # the neighbours' drugs are looked at only then
                found = _as_population_history(found, self.clean_text, self._nearby_mentions(unit))
            self.cue_cache[unit.index] = found
        return self.cue_cache[unit.index]

    def _nearby_mentions(self, unit: "_Unit") -> list[Mention]:
        """The mentions of ``unit`` and of the CONTEXT_SENTENCES units on each side of it."""
        first = self.units[max(0, unit.index - CONTEXT_SENTENCES)]
        last = self.units[min(len(self.units) - 1, unit.index + CONTEXT_SENTENCES)]
        return self.mentions_in(first.start, last.end)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions lying wholly inside [start, end)."""
        chunk = self.mentions[bisect_right(self.starts, start - 1): bisect_right(self.starts, end - 1)]
        return [m for m in chunk if m.end <= end]


def _outcome_cues(cues: list[Cue], text: str) -> list[Cue]:
    """``cues`` less the outcome words that name no outcome there: a "response" that only
    introduces its drug, a remission named as a point in time, a "refractory" that qualifies the
    disease after it."""
    return _without_reference_responses(
        _without_disease_states(_without_time_points(_without_introducing_responses(cues, text), text), text), text)


# "associated with progressive disease in response to erlotinib": "in response to" right after
# another effect cue names the drug that cue's outcome followed; its "response" is no outcome of
# its own (read in CIViC dev EID4493, EID4802, EID4803).
_IN_RESPONSE_TO_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
_IN_RESPONSE_TO_AFTER = re.compile(r"\s+to\b", re.IGNORECASE)
# The outcome effects that can govern such a phrase, and how far before "in" the outcome may end.
_OUTCOME_RELATIONS = frozenset({"resistance", "sensitivity", "no_effect"})
IN_RESPONSE_GAP_CHARS = 30


def _without_introducing_responses(cues: list[Cue], text: str) -> list[Cue]:
    """``cues`` less a "response" that only introduces its drug ("progressive disease in response
    to erlotinib"): written "in response to", with another effect cue ending at most
    :data:`IN_RESPONSE_GAP_CHARS` characters before it and no clause break between."""
    if len(cues) < 2:
        return cues
    kept = [cues[0]]
    for previous, cue in zip(cues, cues[1:]):
        if (previous.value in _OUTCOME_RELATIONS and cue.value in _OUTCOME_RELATIONS
                and text[cue.start:cue.end].lower() == "response"
                and 0 <= cue.start - previous.end <= IN_RESPONSE_GAP_CHARS
                and _IN_RESPONSE_TO_BEFORE.search(text, previous.end, cue.start)
                and not any(c in ".;:" for c in text[previous.end:cue.start])
                and _IN_RESPONSE_TO_AFTER.match(text, cue.end)):
            continue
        kept.append(cue)
    return kept


# "BRAF V600E allele frequency was detectable (2.4%) at the time of remission but dramatically
# increased at relapse", "not been seen prior to vemurafenib treatment or at remission": a
# remission named as the time a sample was taken, no outcome (read in CIViC dev EID1580).
_TIME_POINT_BEFORE = re.compile(r"(?:\bat\s+(?:the\s+time\s+of\s+)?(?:(?:first|second|complete)\s+)?|\bpost-?)$",
                                re.IGNORECASE)
TIME_POINT_CHARS = 30


def _without_time_points(cues: list[Cue], text: str) -> list[Cue]:
    """``cues`` less a "remission" written as a point in time (:data:`_TIME_POINT_BEFORE`)."""
    return [c for c in cues if not (
        text[c.start:c.end].lower().endswith("remission")
        and _TIME_POINT_BEFORE.search(text, max(0, c.start - TIME_POINT_CHARS), c.start))]


# "Twenty-six patients with refractory BRAF V600 mutant metastatic CRC (mCRC) were treated with
# ... encorafenib": "refractory" before the disease it qualifies names the population's state (its
# earlier treatments failed), no effect of a drug the sentence names (CIViC train EID6046).
_DISEASE_AFTER = re.compile(
    r"\s+(?!to\b)(?:[\w-]+\s+){0,6}?(?:cancers?|carcinomas?|crc|mcrc|nsclc|sclc|melanomas?|leuka?emias?|lymphomas?"
    r"|myelomas?|aml|cll|gists?|sarcomas?|diseases?|tumou?rs?|neoplasms?)\b", re.IGNORECASE)


def _without_disease_states(cues: list[Cue], text: str) -> list[Cue]:
    """``cues`` less a bare "refractory" that qualifies the disease after it (:data:`_DISEASE_AFTER`)."""
    return [c for c in cues if not (
        c.value == "resistance" and text[c.start:c.end].lower() == "refractory" and _DISEASE_AFTER.match(text, c.end))]


# "Prior to dasatinib treatment, two imatinib-resistant patients with chronic myeloid leukemia
# ... had the BCR-ABL1 fusion with the T315I ...", "The crizotinib-resistant MGH045 cell line
# with EML4-ALK L1196M was treated with crizotinib or ceritinib": a drug's "resistant" written
# before the patients or cells it describes says how they were selected or derived (CIViC train
# EID3820, EID4318, EID1341); so does one written before the disease it qualifies, a drug class's
# too ("a crizotinib-resistant ALK-rearranged NSCLC", "a chemotherapy-resistant advanced NSCLC",
# CIViC train EID1352, EID1845, thirteenth round). The words between, and the population nouns:
_SELECTED_POPULATION = re.compile(
    r"\s+(?:[\w/-]+\s+){0,3}?(?:patients?|cases|subjects|cell\s+lines?|cells|clones|subclones|derivatives?"
    r"|xenografts?|cancers?|carcinomas?|crc|mcrc|nsclc|sclc|melanomas?|leuka?emias?|lymphomas?|myelomas?|aml|cll"
    r"|gists?|sarcomas?|tumou?rs?|neoplasms?)\b", re.IGNORECASE)


def _as_population_history(cues: list[Cue], text: str, mentions: list[Mention]) -> list[Cue]:
    """``cues`` with a drug's "resistant" before a population (:data:`_SELECTED_POPULATION`)
    made a ``history`` cue when ``mentions`` (the unit's and its neighbours', so that a long
    text's other drugs do not count) name another drug: the population's history, the other
    drug what was tested on it. Alone, it is the resistance of the changes the population
    carries ("In a phase II study of 60 imatinib-resistant patients with BCR-ABL mutations, 4 had
    V379I mutations", CIViC train EID7033)."""
    drugs = [m for m in mentions if m.label in DRUG_LABELS]
    return [Cue(c.start, c.end, "history") if _is_selection(c, text, drugs) else c for c in cues]


def _is_selection(cue: Cue, text: str, drugs: list[Mention]) -> bool:
    """Whether ``cue`` is :func:`_as_population_history`'s "DRUG-resistant" population."""
    if not (cue.value == "resistance" and text[cue.start:cue.end].lower() == "resistant"
            and _SELECTED_POPULATION.match(text, cue.end)):
        return False
    before = next((d for d in drugs if d.end == cue.start - 1 and text[d.end] in "- "), None)
    return before is not None and any(d.normalized != before.normalized for d in drugs)


# "5/7 had MaHRs which was comparable to response rates among wild type patients": the response
# a comparison refers to is the reference group's, no outcome of the change (CIViC train EID3817,
# EID4318, EID4352: the "lower than response rates" of the same sentence is the finding).
_REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:comparable|similar|equal|equivalent|identical)\s+to|compared\s+(?:to|with)|relative\s+to|versus|vs\.?)"
    r"\s+(?:the\s+)?$", re.IGNORECASE)
REFERENCE_CHARS = 30


def _without_reference_responses(cues: list[Cue], text: str) -> list[Cue]:
    """``cues`` less a bare "response(s)" written as what a comparison refers to (:data:`_REFERENCE_BEFORE`)."""
    return [c for c in cues if not (
        c.value == "sensitivity" and text[c.start:c.end].lower() in ("response", "responses")
        and _REFERENCE_BEFORE.search(text, max(0, c.start - REFERENCE_CHARS), c.start))]


def _units(sentences: Sequence[tuple[int, int]], passages: list[Passage]) -> list[_Unit]:
    starts = [p.start for p in passages]
    units: list[_Unit] = []
    for start, end in sentences:
        i = bisect_right(starts, start) - 1
        passage = passages[max(i, 0)]
        units.append(_Unit(start, end, passage, len(units)))
    return units


@dataclass
class _Context:
    gene: Mention | None
    drugs: list[Mention]  # drug candidates in order of preference
    caption_drugs: list[Mention]
    caption_cues: list[Cue]
    header_cells: list[tuple[int, int]]  # offsets of the header row's cells, if found
    header_drugs: list[Mention]


# What makes a gene a drug's target when written right after it: "PI3K/mTOR inhibition",
# "DRD2 antagonist ONC201", "MEK blockade". Not "agonist": "bicalutamide as an AR agonist" is
# the AR's own change speaking (CIViC dev EID448).
_TARGET_WORD = re.compile(r"(?:[\s/-]+[\w-]+)?[\s-]+(?:inhibition|inhibitors?|blockade|antagonists?)\b",
                          re.IGNORECASE)


def is_drug_target(gene: Mention, drugs: list[Mention], text: str) -> bool:
    """Whether ``gene`` is written as a drug's target: inside a drug's name ("MEK" of "MEK
    inhibitor") or before a word that makes it one ("PI3K/mTOR inhibition"). Such a gene is no
    gene a change belongs to ("Treated with BRAF inhibitor and MEK inhibitor combination
    therapy, response rate were 55% for V600R", CIViC train EID7616)."""
    return any(d.start <= gene.start and gene.end <= d.end for d in drugs) or bool(
        _TARGET_WORD.match(text, gene.end))


# A gene named as what a population lacks: "None of the patients had mutations in BRAF, NRAS, or
# GNAQ", "wild-type KRAS", "KRAS wild-type".
_LACKED_BEFORE = re.compile(
    r"(?:\b(?:no|none\b[^.;]{0,40}?|without|negative\s+for)\s+(?:\w+\s+){0,2}?mutations?\s+(?:in|of)\s+"
    r"(?:[\w-]+(?:\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+))*|\bwild[\s-]?type\s+)$", re.IGNORECASE)
_LACKED_AFTER = re.compile(r"[\s-]+(?:wild[\s-]?type|WT)\b", re.IGNORECASE)
LACKED_CHARS = 100


def _is_lacked(gene: Mention, text: str) -> bool:
    """Whether ``gene`` is named as what a population lacks (:data:`_LACKED_BEFORE`,
    :data:`_LACKED_AFTER`); the wild-type of a written fusion ("EML4-ALK wild-type") is the
    fusion's, and its gene stays named."""
    in_fusion = gene.start > 0 and text[gene.start - 1] == "-"
    return (not in_fusion and bool(_LACKED_AFTER.match(text, gene.end))) or bool(
        _LACKED_BEFORE.search(text, max(0, gene.start - LACKED_CHARS), gene.start))


def _last_named_gene(mentions: list[Mention], text: str) -> Mention | None:
    """The last gene among ``mentions`` that a later sentence's change can belong to: not
    written as a drug's target (:func:`is_drug_target`), nor as what a population lacks ("None
    of the patients had mutations in BRAF, NRAS, or GNAQ. ... One patient harboring a somatic
    D820Y mutation", CIViC train EID2886)."""
    drugs = [m for m in mentions if m.label in DRUG_LABELS]
    return next((m for m in reversed(mentions) if m.label == Label.GENE and not is_drug_target(m, drugs, text)
                 and not _is_lacked(m, text)), None)


# A drug written as the population's treatment history ("All patients were previously treated
# with trastuzumab", "who had previously received at least platinum-based chemotherapy"): what
# the patients had before, not the treatment whose outcome the passage goes on to report (read
# in CIViC train EID961, EID8850). The history words, then the rest of the clause up to the drug:
_TREATED_BEFORE = re.compile(
    r"\b(?:previously|already|heavily)\s+(?:(?:been|had|being)\s+)?(?:treated|pretreated|received|exposed)\b[^.;:]{0,60}$",
    re.IGNORECASE)
TREATED_BEFORE_CHARS = 100


def history_drug(drug: Mention, text: str) -> bool:
    """Whether ``drug`` is named as the population's treatment history (:data:`_TREATED_BEFORE`)."""
    return _TREATED_BEFORE.search(text, max(0, drug.start - TREATED_BEFORE_CHARS), drug.start) is not None


def _context_units(view: DocumentView, unit: _Unit, rules: RelationRules) -> _Context:
    """What the unit inherits from its surroundings: gene, drugs, table caption and header."""
    passage = unit.passage
    text = view.document.text
    gene: Mention | None = None
    drugs: list[Mention] = []
    lo = max(0, unit.index - CONTEXT_SENTENCES)
    for previous in reversed(view.units[lo:unit.index]):
        found = view.mentions_in(previous.start, previous.end)
        if gene is None:
            gene = _last_named_gene(found, text)
        if previous.passage is passage:
            lent = [m for m in found if m.label in DRUG_LABELS and not _is_respective(m, text)]
            claimed = _claimed_drugs(lent, view.unit_cues(previous, rules)) if lent else []
            drugs.extend(reversed([m for m in lent if m not in claimed]))
    heading = _nearest_heading(view, unit.start)
    caption_drugs: list[Mention] = []
    caption_cues: list[Cue] = []
    header_cells: list[tuple[int, int]] = []
    header_drugs: list[Mention] = []
    if passage.kind == PassageKind.TABLE_ROW:
        caption = view.lookup.with_text(passage.caption, unit.start) if passage.caption else None
        if caption is not None:
            cap = view.mentions_in(caption.start, caption.end)
            caption_drugs = [m for m in cap if m.label in DRUG_LABELS]
            gene = gene or next((m for m in cap if m.label == Label.GENE), None)
            caption_cues = rules.find(
                rules.cues, join_line_breaks(text[caption.start:caption.end]), caption.start
            )
        header = view.lookup.with_cells(passage.header, unit.start) if passage.header else None
        if header is not None:
            header_cells = row_cells(text, header)
            header_drugs = [m for m in view.mentions_in(header.start, header.end) if m.label in DRUG_LABELS]
    heading_gene = None if heading is None else next(
        (m for m in view.mentions_in(heading.start, heading.end) if m.label == Label.GENE), None)
    gene = heading_gene or gene
    for extra in (heading, view.title):
        if extra is not None:
            found = view.mentions_in(extra.start, extra.end)
            drugs.extend(m for m in found if m.label in DRUG_LABELS)
            if gene is None:
                gene = next((m for m in found if m.label == Label.GENE), None)
    return _Context(gene, drugs, caption_drugs, caption_cues, header_cells, header_drugs)


def _claimed_drugs(drugs: list[Mention], cues: list[Cue]) -> list[Mention]:
    """The ``drugs`` of a sentence whose nearest cue claims them for no effect (NOT_EFFECTS): a
    population's earlier treatment is not the treatment of the sentences after it ("... examined
    ... regorafenib in patients with ... (GISTs) who failed previous treatments with imatinib.
    Patients whose GISTs harbored KIT exon 11 mutations (n=19) experienced ...", CIViC train
    EID6377, EID4144)."""
    if not any(c.value in NOT_EFFECTS for c in cues):
        return []
    return [d for d in drugs if min(cues, key=lambda c: char_gap(c, d)).value in NOT_EFFECTS]


def char_gap(a: Cue | Mention, b: Cue | Mention) -> int:
    """Characters between two spans of the text, 0 when they overlap: a cue that ends a long
    phrase ("GIST patients refractory to at least imatinib and sunitinib") reaches the drugs
    listed after it."""
    return max(0, a.start - b.end, b.start - a.end)


# "their respective TKIs": a drug of each change named with it, not one a later sentence inherits.
_RESPECTIVE_BEFORE = re.compile(r"\brespective\s+\Z", re.IGNORECASE)
RESPECTIVE_CHARS = 12


def _is_respective(drug: Mention, text: str) -> bool:
    return bool(_RESPECTIVE_BEFORE.search(text, max(0, drug.start - RESPECTIVE_CHARS), drug.start))


def _context_drug(context: _Context) -> Mention | None:
    return context.drugs[0] if context.drugs else None


# What joins the drugs of one list: "vemurafenib, cetuximab and irinotecan", "A/B", "A plus B".
_DRUG_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/|\+\s*|plus\s+)\s*(?:±\s*)?", re.IGNORECASE)


def _context_drug_list(context: _Context, text: str) -> list[Mention]:
    """The context's drug and the drugs listed with it ("a study of vemurafenib, cetuximab and
    irinotecan"), or named back with it on one span ("the small molecules": erlotinib and
    gefitinib, :mod:`~resmine.relations.anaphora`): a statement that borrows the drug of a list
    borrows the list. A class written right after a drug names that drug's regimen ("non-responders
    to platinum chemotherapy", :data:`_DRUG_BEFORE_CLASS`; CIViC train EID1694): the drug is lent,
    not the class."""
    drugs = context.drugs
    if not drugs:
        return []
    listed = [drugs[0]]
    restated: list[Mention] = []
    for earlier in drugs[1:]:  # context.drugs runs backwards through the text
        same_span = (earlier.start, earlier.end) == (listed[-1].start, listed[-1].end)  # drugs named back at once
        named_by = (listed[-1].label == Label.DRUG_CLASS and earlier.label == Label.DRUG
                    and earlier.end <= listed[-1].start and _DRUG_BEFORE_CLASS.fullmatch(text, earlier.end, listed[-1].start))
        if named_by:
            restated.append(listed[-1])
        if same_span or named_by or (earlier.end <= listed[-1].start
                                     and _DRUG_LIST_JOIN.fullmatch(text, earlier.end, listed[-1].start)):
            listed.append(earlier)
        else:
            break
    return [d for d in listed if d not in restated]


# A drug written as what a class of treatment is made of: "platinum chemotherapy", "5-FU based
# chemotherapy", "gemcitabine-based regimen": the class names the drug's regimen, no drug of its own.
_DRUG_BEFORE_CLASS = re.compile(r"[\s-]+(?:based\s+)?", re.IGNORECASE)


def _cell_index(passage: Passage, offset: int) -> int | None:
    for i, (start, end) in enumerate(passage.cells):
        if start <= offset < end:
            return i
    return None


def _nearest_heading(view: DocumentView, offset: int) -> Passage | None:
    """The last heading that starts before ``offset`` (passages are in order)."""
    k = bisect_left(view.heading_starts, offset)
    return view.headings[k - 1] if k else None


def headings_of(document: Document) -> list[Passage]:
    return [p for p in document.passages if p.kind == PassageKind.HEADING]


def title_of(document: Document) -> Passage | None:
    return next((p for p in document.passages if p.kind == PassageKind.TITLE), None)


class PassageLookup:
    """The passages of one document by their text and by their tab-separated cells (stripped),
    indexed on first use: a table row's caption and header are found by bisecting, not by a pass
    over every passage per row (quadratic in a long table)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._by_text: dict[str, tuple[list[int], list[Passage]]] | None = None
        self._by_cells: dict[tuple[str, ...], tuple[list[int], list[Passage]]] | None = None

    def _index(self, key_of: Callable[[str], Hashable]) -> dict:
        index: dict = {}
        text = self.document.text
        for passage in self.document.passages:  # in order: the start offsets come sorted
            starts, passages = index.setdefault(key_of(text[passage.start:passage.end]), ([], []))
            starts.append(passage.start)
            passages.append(passage)
        return index

    @staticmethod
    def _last_before(entry: tuple[list[int], list[Passage]] | None, before: int) -> Passage | None:
        if entry is None:
            return None
        k = bisect_left(entry[0], before)
        return entry[1][k - 1] if k else None

    def with_text(self, text: str, before: int) -> Passage | None:
        """The last passage starting before ``before`` whose text is ``text`` (stripped)."""
        if self._by_text is None:
            self._by_text = self._index(str.strip)
        return self._last_before(self._by_text.get(text.strip()), before)

    def with_cells(self, cells: tuple[str, ...], before: int) -> Passage | None:
        """The last passage starting before ``before`` whose cells are ``cells`` (stripped)."""
        if self._by_cells is None:
            self._by_cells = self._index(lambda t: tuple(c.strip() for c in t.split("\t")))
        return self._last_before(self._by_cells.get(tuple(c.strip() for c in cells)), before)

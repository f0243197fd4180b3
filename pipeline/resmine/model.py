"""The data model shared by every stage: plain dataclasses, no behaviour beyond derived keys.

Offsets everywhere in resmine are character offsets into ``Document.text``:

* plain ``.txt``: the file's content exactly as decoded (UTF-8), nothing dropped or joined;
* PubTator: ``title + " " + abstract``;
* PubMed XML and PMC JATS: the passage texts joined by a single ``"\\n"``; a table row's cells
  are joined by ``"\\t"`` inside its passage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

RELATIONS = ("resistance", "sensitivity", "activation", "no_effect", "unclear")


class PassageKind(StrEnum):
    """The role of a stretch of a document's text (``Passage.kind``)."""

    TITLE = "title"
    ABSTRACT = "abstract"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TABLE_ROW = "table_row"  # one row of a table; its cells are joined by tabs
    CAPTION = "caption"
    TEXT = "text"  # an unstructured text as a whole (evaluation corpora)


PASSAGE_KINDS = tuple(PassageKind)


class Label(StrEnum):
    """What a mention is. A ``StrEnum``: it is written to files, and compares, as its value."""

    GENE = "GENE"
    DRUG = "DRUG"
    DRUG_CLASS = "DRUG_CLASS"  # "ALK inhibitors", "TKIs"
    MUTATION = "MUTATION"  # a specific variant: V600E, c.2573T>G, rs121434568
    # a gene-level class of change: mutation, amplification, exon 19 deletion, fusion,
    # activation; named as CIViC names its variants
    ALTERATION = "ALTERATION"


MENTION_LABELS = tuple(Label)
# Labels that name an entity a relation links (a gene or a drug), and the changes of a gene.
ENTITY_LABELS = frozenset({Label.GENE, Label.DRUG, Label.DRUG_CLASS})
CHANGE_LABELS = frozenset({Label.MUTATION, Label.ALTERATION})


class Provenance(StrEnum):
    """Which rule or model found a mention (``Mention.source``; mentions.csv's ``source``)."""

    LEXICON = "lexicon"  # a dictionary hit
    LEXICON_NER = "lexicon+ner"  # a dictionary hit the statistical NER found on the same span
    NER = "ner"  # the statistical NER
    NER_REPEAT = "ner_repeat"  # another occurrence of a name the NER found
    CODE_NAME = "code_name"  # a compound code right after a drug-class word
    LEXICON_CONTEXT = "lexicon_context"  # an ambiguous name the document resolves
    ABBREVIATION = "abbreviation"  # a short form that takes its long form's entity
    MUTATION_GRAMMAR = "mutation_grammar"  # the mutation grammar (and the gene written in it)
    ALTERATION_WORDS = "alteration_words"  # the alteration table
    GENE_STATUS = "gene_status"  # a gene's status after its name ("HER2-positive"), the status table


@dataclass(frozen=True)
class Passage:
    """A contiguous stretch of ``Document.text`` with one role.

    ``section`` is the nearest heading (or the structured-abstract label). For table rows,
    ``cells`` are the (start, end) offsets of each cell, ``header`` the column header texts and
    ``caption`` the table's label and caption, so a row can be read without its neighbours.
    """

    kind: PassageKind
    section: str
    start: int
    end: int
    cells: tuple[tuple[int, int], ...] = ()
    header: tuple[str, ...] = ()
    caption: str = ""


@dataclass
class Document:
    doc_id: str
    source: str  # path (and member) the document was read from
    format: str  # txt, pubtator, pubmed, jats
    title: str
    text: str
    passages: list[Passage] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Deletion:
    """A ``<DeleteCitation>`` entry from a PubMed update file: the record must be removed."""

    doc_id: str
    source: str


@dataclass(frozen=True)
class ReadFailure:
    """One input that could not be read; ``message`` is a single line naming the problem."""

    source: str
    message: str


@dataclass(frozen=True)
class Mention:
    doc_id: str
    start: int
    end: int
    text: str
    label: Label
    normalized: str  # HGNC symbol, generic drug name, variant or alteration-class normal form
    source: Provenance


@dataclass(frozen=True)
class Evidence:
    """One sentence (or table row) supporting one (gene, mutation, drug, relation) triple."""

    doc_id: str
    section: str
    passage_kind: str
    sentence_start: int
    sentence_end: int
    sentence: str
    gene: str
    gene_text: str
    mutation: str
    mutation_text: str
    drug: str
    drug_text: str
    relation: str
    negated: bool = False
    hedged: bool = False
    confidence: float = 0.0
    # A: mutation and drug in one sentence or table row; B: linked across sentences, lists or
    # "respectively"; C: gene-level alteration (amplification, overexpression, fusion, ...).
    tier: str = "A"

    @property
    def triple_id(self) -> str:
        return triple_id(self.gene, self.mutation, self.drug, self.relation)

    @property
    def evidence_id(self) -> str:
        key = "\x1f".join(
            (self.doc_id, str(self.sentence_start), str(self.sentence_end), self.triple_id)
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def triple_id(gene: str, mutation: str, drug: str, relation: str) -> str:
    """Stable id of a normalised triple, so curator decisions survive re-runs and machines."""
    key = "\x1f".join((gene, mutation, drug, relation))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

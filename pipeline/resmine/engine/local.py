"""Local engine: read → annotate → stream rows to the export files of one output directory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from resmine.export import (
    EVIDENCE_COLUMNS, MENTION_COLUMNS, TRIPLE_COLUMNS, CsvWriter, evidence_record,
    mention_record, triple_records,
)
from resmine.model import Deletion, Document, Evidence, ReadFailure
from resmine.nlp import annotate
from resmine.readers import iter_documents


@dataclass
class RunSummary:
    documents: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    n_mentions: int = 0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _documents(paths, summary: RunSummary, report: Callable[[str], None]) -> Iterator[Document]:
    for item in iter_documents(paths):
        if isinstance(item, ReadFailure):
            summary.failures.append(item)
            report(f"error: {item.source}: {item.message}")
        elif isinstance(item, Deletion):
            summary.deletions.append(item)
        else:
            yield item


def extract_to_directory(
    paths: Iterable[str | Path],
    out_dir: Path,
    nlp: Language,
    progress: Callable[[Iterator], Iterator] = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> RunSummary:
    """Extract from every readable input under ``paths`` into ``out_dir``.

    Writes evidence.csv, mentions.csv, triples.csv, documents.txt (every document processed,
    so a scorer can tell "no statements" from "not processed"), deletions.txt and errors.txt
    (one line per input that failed, empty when all went well).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    evidence_out = CsvWriter(out_dir / "evidence.csv", EVIDENCE_COLUMNS)
    mentions_out = CsvWriter(out_dir / "mentions.csv", MENTION_COLUMNS)
    try:
        for annotated in progress(annotate(nlp, _documents(paths, summary, report))):
            document = annotated.document
            summary.documents.append(document.doc_id)
            for mention in annotated.mentions:
                mentions_out.write(mention_record(document, mention))
            summary.n_mentions += len(annotated.mentions)
            for row in annotated.evidence:
                evidence_out.write(evidence_record(row))
            summary.evidence.extend(annotated.evidence)
    finally:
        evidence_out.close()
        mentions_out.close()
    triples_out = CsvWriter(out_dir / "triples.csv", TRIPLE_COLUMNS)
    for record in triple_records(summary.evidence):
        triples_out.write(record)
    triples_out.close()
    (out_dir / "documents.txt").write_text("".join(f"{d}\n" for d in summary.documents), encoding="utf-8")
    (out_dir / "deletions.txt").write_text("".join(f"{d.doc_id}\t{d.source}\n" for d in summary.deletions), encoding="utf-8")
    (out_dir / "errors.txt").write_text("".join(f"{f.source}\t{f.message}\n" for f in summary.failures), encoding="utf-8")
    return summary

"""Local engine: read → annotate → stream rows to the export files of one output directory."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import spacy
from spacy.language import Language

from resmine import EXTRACTOR_VERSION, __version__
from resmine.engine.output import staged_output
from resmine.export import (
    EVIDENCE_COLUMNS, MENTION_COLUMNS, TRIPLE_COLUMNS, CsvWriter, evidence_record,
    MANIFEST, TripleTally, mention_record, write_json,
)
from resmine.model import Deletion, Document, ReadFailure
from resmine.nlp import annotate_windows
from resmine.readers import DEFAULT_MAX_CHARS, iter_documents, printable, too_long_message


@dataclass
class RunSummary:
    documents: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    n_mentions: int = 0
    triples: TripleTally = field(default_factory=TripleTally)  # rows are written, not kept

    @property
    def ok(self) -> bool:
        return not self.failures


def _unique_id(document: Document, used: dict[str, str]) -> str:
    """``document.doc_id``, or, when another file already gave it, the id prefixed with the
    parent folder ("b/paper"), then numbered ("b/paper~2") if that is taken too."""
    if used.get(document.doc_id, document.source) == document.source:
        return document.doc_id
    candidate = f"{printable(Path(document.source).parent.name)}/{document.doc_id}"
    number = 2
    base = candidate
    while candidate in used:
        candidate = f"{base}~{number}"
        number += 1
    return candidate


def _documents(
    items: Iterable[Document | Deletion | ReadFailure], summary: RunSummary, max_length: int,
    report: Callable[[str], None],
) -> Iterator[Document]:
    used: dict[str, str] = {}
    for item in items:
        if isinstance(item, Document) and len(item.text) > max_length:
            item = ReadFailure(printable(item.source), f"{item.doc_id}: {too_long_message(max_length)}")
        if isinstance(item, ReadFailure):
            summary.failures.append(item)
            report(f"error: {item.source}: {item.message}")
        elif isinstance(item, Deletion):
            summary.deletions.append(item)
        else:
            doc_id = _unique_id(item, used)
            if doc_id != item.doc_id:
                report(f"warning: {printable(item.source)}: doc_id {item.doc_id!r} is already used by "
                       f"{printable(used[item.doc_id])}; using {doc_id!r}")
                item = replace(item, doc_id=doc_id)
            used[doc_id] = item.source
            yield item


def manifest(paths: Iterable[str | Path], summary: RunSummary, max_chars: int) -> dict:
    """The run.json of a finished run: inputs, counts, versions and ``finished: true``."""
    return {
        "finished": True,
        "inputs": [printable(str(Path(p).resolve())) for p in paths],
        "max_chars": max_chars,
        "counts": {
            "documents": len(summary.documents), "mentions": summary.n_mentions,
            "evidence": summary.triples.n_evidence, "deletions": len(summary.deletions),
            "failed_inputs": len(summary.failures),
        },
        "versions": {"resmine": __version__, "extractor": EXTRACTOR_VERSION, "spacy": spacy.__version__,
                     "python": platform.python_version()},
    }


def write_extraction(
    paths: Sequence[str | Path],
    folder: Path,
    nlp: Language,
    max_chars: int = DEFAULT_MAX_CHARS,
    exclude: Iterable[Path] = (),
    progress: Callable[[Iterator], Iterator] = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> RunSummary:
    """Extract from every readable input under ``paths`` (nothing under ``exclude``) into the
    existing ``folder``.

    Writes evidence.csv, mentions.csv, triples.csv, documents.txt (every document processed,
    so a scorer can tell "no statements" from "not processed"), deletions.txt, errors.txt
    (one line per input that failed, empty when all went well) and, last, run.json.
    A document longer than ``max_chars`` (or the pipeline's ``max_length``) is a failed input.
    """
    summary = RunSummary()
    items = iter_documents(paths, max_chars=max_chars, exclude=exclude)
    # the readers refuse documents over max_chars; spaCy's own limit is checked here
    documents = _documents(items, summary, nlp.max_length, report)
    evidence_out = CsvWriter(folder / "evidence.csv", EVIDENCE_COLUMNS)
    mentions_out = CsvWriter(folder / "mentions.csv", MENTION_COLUMNS)
    try:
        # rows are written as each document, or each window of a long one, is read
        for annotated in progress(annotate_windows(nlp, documents)):
            document = annotated.document
            if annotated.complete:
                summary.documents.append(document.doc_id)
            for mention in annotated.mentions:
                mentions_out.write(mention_record(document, mention))
            summary.n_mentions += len(annotated.mentions)
            for row in annotated.evidence:
                evidence_out.write(evidence_record(row))
                summary.triples.add(row)
    finally:
        evidence_out.close()
        mentions_out.close()
    triples_out = CsvWriter(folder / "triples.csv", TRIPLE_COLUMNS)
    for record in summary.triples.records():
        triples_out.write(record)
    triples_out.close()
    (folder / "documents.txt").write_text("".join(f"{d}\n" for d in summary.documents), encoding="utf-8")
    (folder / "deletions.txt").write_text(
        "".join(f"{d.doc_id}\t{printable(d.source)}\n" for d in summary.deletions), encoding="utf-8")
    (folder / "errors.txt").write_text(
        "".join(f"{f.source}\t{printable(f.message)}\n" for f in summary.failures), encoding="utf-8")
    write_json(folder / MANIFEST, manifest(paths, summary, max_chars))
    return summary


def extract_to_directory(
    paths: Sequence[str | Path],
    out_dir: Path,
    nlp: Language,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: Callable[[Iterator], Iterator] = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> RunSummary:
    """:func:`write_extraction` into ``out_dir`` through a locked staging folder
    (:func:`resmine.engine.output.staged_output`): ``out_dir`` gets the new outputs whole, or
    keeps its old ones. Raises OutputError when ``out_dir`` cannot be written."""
    with staged_output(out_dir) as staging:
        return write_extraction(paths, staging, nlp, max_chars, (out_dir, staging), progress, report)

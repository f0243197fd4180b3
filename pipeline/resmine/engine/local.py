"""Local engine: read → annotate → stream rows to the export files of one output directory."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
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
from resmine.model import Deletion, Document, Evidence, Mention, ReadFailure
from resmine.nlp import annotate_windows
from resmine.readers import DEFAULT_MAX_CHARS, iter_documents, printable, too_long_message
from resmine.store import open_store
from resmine.store.db import Database
from resmine.store.record import RunRecorder, recording


@dataclass
class RunSummary:
    documents: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    # PubMed records left out because their PMC full text (which holds the abstract) was read
    superseded: list[str] = field(default_factory=list)
    n_mentions: int = 0
    triples: TripleTally = field(default_factory=TripleTally)  # rows are written, not kept

    @property
    def ok(self) -> bool:
        return not self.failures


class DocIds:
    """Keeps doc_ids unique across a run: when another file already gave a document's id, the
    id gets the parent folder ("b/paper"), then a number ("b/paper~2"), with a warning."""

    def __init__(self, report: Callable[[str], None]):
        self.used: dict[str, str] = {}
        self.report = report

    def assign(self, document: Document) -> Document:
        doc_id = self.unique(document.doc_id, document.source)
        return document if doc_id == document.doc_id else replace(document, doc_id=doc_id)

    def unique(self, doc_id: str, source: str) -> str:
        """The id a document read from ``source`` gets in this run (recorded as used)."""
        unique = self._free(doc_id, source)
        if unique != doc_id:
            self.report(f"warning: {printable(source)}: doc_id {doc_id!r} is already "
                        f"used by {printable(self.used[doc_id])}; using {unique!r}")
        self.used[unique] = source
        return unique

    def _free(self, doc_id: str, source: str) -> str:
        if self.used.get(doc_id, source) == source:
            return doc_id
        candidate = f"{printable(Path(source).parent.name)}/{doc_id}"
        number = 2
        base = candidate
        while candidate in self.used:
            candidate = f"{base}~{number}"
            number += 1
        return candidate


class FullTexts:
    """A full text repeats its abstract: a PubMed record whose PMC article was read earlier (in
    ``resmine fetch`` folders pmc/ sorts before pubmed/) would give every statement twice."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    def supersede(self, format: str, doc_id: str, meta: dict) -> bool:
        """Whether this document is left out; a JATS article is remembered for later ones."""
        if format == "pubmed":
            return bool(self.ids.intersection((doc_id, meta.get("pmcid"))))
        if format == "jats":
            self.ids.update(v for v in (meta.get("pmid"), meta.get("pmcid")) if v)
        return False


def checked_documents(
    items: Iterable[Document | Deletion | ReadFailure], summary: RunSummary, max_length: int,
    report: Callable[[str], None],
) -> Iterator[Document]:
    """The documents of ``items``; failures (and documents over spaCy's ``max_length``) are
    reported and kept in ``summary``, deletions kept there too, and PubMed records whose PMC
    full text came earlier left out (:class:`FullTexts`)."""
    full_texts = FullTexts()
    for item in items:
        if isinstance(item, Document) and len(item.text) > max_length:
            item = ReadFailure(printable(item.source), f"{item.doc_id}: {too_long_message(max_length)}")
        if isinstance(item, ReadFailure):
            summary.failures.append(item)
            report(f"error: {item.source}: {item.message}")
        elif isinstance(item, Deletion):
            summary.deletions.append(item)
        elif full_texts.supersede(item.format, item.doc_id, item.meta):
            summary.superseded.append(item.doc_id)
        else:
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
            "superseded_by_full_text": len(summary.superseded), "failed_inputs": len(summary.failures),
        },
        "versions": software_versions(),
    }


def software_versions() -> dict:
    return {"resmine": __version__, "extractor": EXTRACTOR_VERSION, "spacy": spacy.__version__,
            "python": platform.python_version()}


def pipeline_versions(nlp: Language) -> dict:
    """What a run records of the software and models that made it (the store's ``runs``)."""
    return {**software_versions(), "pipeline": f"{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}",
            "components": list(nlp.pipe_names)}


@contextmanager
def run_recording(db: Database, command: str, paths: Sequence[str | Path], nlp: Language) -> Iterator[RunRecorder]:
    """Record one run of ``nlp`` over ``paths`` into the open store ``db``; the run is
    committed when the block ends without an exception."""
    with recording(db, command, [printable(str(Path(p).resolve())) for p in paths], nlp.config.to_str(),
                   pipeline_versions(nlp)) as recorder:
        yield recorder


@contextmanager
def store_recording(location: str | Path, command: str, paths: Sequence[str | Path],
                    nlp: Language) -> Iterator[RunRecorder]:
    """Open (and migrate) the store at ``location`` and record one run into it
    (:func:`run_recording`)."""
    with open_store(location) as db, run_recording(db, command, paths, nlp) as recorder:
        yield recorder


def write_extraction(
    paths: Sequence[str | Path],
    folder: Path,
    nlp: Language,
    max_chars: int = DEFAULT_MAX_CHARS,
    exclude: Iterable[Path] = (),
    progress: Callable[[Iterator], Iterator] = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    recorder: RunRecorder | None = None,
) -> RunSummary:
    """Extract from every readable input under ``paths`` (nothing under ``exclude``) into the
    existing ``folder``, and into the store when ``recorder`` is given.

    Writes evidence.csv, mentions.csv, triples.csv, documents.txt (every document processed,
    so a scorer can tell "no statements" from "not processed"), deletions.txt, errors.txt
    (one line per input that failed, empty when all went well) and, last, run.json.
    A document longer than ``max_chars`` (or the pipeline's ``max_length``) is a failed input.
    """
    summary = RunSummary()
    items = iter_documents(paths, max_chars=max_chars, exclude=exclude)
    # the readers refuse documents over max_chars; spaCy's own limit is checked here
    doc_ids = DocIds(report)
    documents = (doc_ids.assign(d) for d in checked_documents(items, summary, nlp.max_length, report))
    evidence_out = CsvWriter(folder / "evidence.csv", EVIDENCE_COLUMNS)
    mentions_out = CsvWriter(folder / "mentions.csv", MENTION_COLUMNS)
    try:
        # rows are written as each document, or each window of a long one, is read; the store
        # takes a document whole, so its windows' rows wait for the last one (only with a store)
        waiting_mentions: list[Mention] = []
        waiting_evidence: list[Evidence] = []
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
            if recorder is not None:
                waiting_mentions += annotated.mentions
                waiting_evidence += annotated.evidence
                if annotated.complete:
                    recorder.add(document, waiting_mentions, waiting_evidence, EXTRACTOR_VERSION)
                    waiting_mentions, waiting_evidence = [], []
    finally:
        evidence_out.close()
        mentions_out.close()
    finish_extraction(folder, paths, summary, max_chars)
    return summary


def finish_extraction(folder: Path, paths: Sequence[str | Path], summary: RunSummary, max_chars: int) -> None:
    """The files written after the last document: triples.csv, documents.txt, deletions.txt,
    errors.txt and, last, run.json."""
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


def extract_to_directory(
    paths: Sequence[str | Path],
    out_dir: Path,
    nlp: Language,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: Callable[[Iterator], Iterator] = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    recorder: RunRecorder | None = None,
) -> RunSummary:
    """:func:`write_extraction` into ``out_dir`` through a locked staging folder
    (:func:`resmine.engine.output.staged_output`): ``out_dir`` gets the new outputs whole, or
    keeps its old ones. Raises OutputError when ``out_dir`` cannot be written."""
    with staged_output(out_dir) as staging:
        return write_extraction(paths, staging, nlp, max_chars, (out_dir, staging), progress, report,
                                recorder)

"""The scheduled refresh: keep the store current for the queries of a query file.

One refresh, for each query: search the days from where the query was last fetched through the
refresh's end date (split into windows under PubMed's 9,999 limit; ``mdat`` by default, so
revised records come back too), fetch the records, and keep only those that are new or whose
content hash changed (one file per record under ``data/pubmed/``, PMC full text under
``data/pmc/``); records PubMed deleted (``<DeleteCitation>``) lose their evidence in the store.
Then the pending records alone are extracted, in one store run: unchanged documents are not
re-run, and evidence a revised record no longer states is retracted. Curator decisions stay on
their triples throughout (``store.record``).

Resuming: the state moves only in transactions (a batch of records, a finished window, the
extraction run), and an unfinished refresh is resumed with its own end date and raw cache
(``data/.eutils-cache/<refresh id>``, removed when it finishes). A run killed at any point
re-does at most the window it was in; content hashes make that a no-op for what it had stored.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.language import Language

from resmine.engine.local import RunSummary, extract_to_directory, run_recording
from resmine.engine.output import output_lock
from resmine.ncbi import EutilsClient, NcbiError, Settings
from resmine.ncbi.fetch import FULL_TEXT, FetchedRecord, fetch_full_texts, pubmed_records, record_file, write_atomically
from resmine.ncbi.queries import RefreshQuery
from resmine.ncbi.windows import esearch_count, split_windows
from resmine.model import Deletion, ReadFailure
from resmine.readers import DEFAULT_MAX_CHARS, iter_documents, printable
from resmine.store.db import Database
from resmine.store.record import RunTally, forget_documents, retract_evidence
from resmine.store.refresh_state import (
    PendingRecord, begin_refresh, fetched_through, is_held, finish_refresh, mark_deleted, mark_extracted,
    pending_records, set_fetched_through, stored_hashes, upsert_record,
)

BATCH = 500  # records per efetch
CACHE = ".eutils-cache"
DELETED = "deleted from PubMed (DeleteCitation)"
REVISED = "no longer stated by the revised record"


@dataclass
class QueryTally:
    name: str
    first: date | None = None
    last: date | None = None
    windows: int = 0
    fetched: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    deleted: int = 0
    error: str = ""

    def line(self) -> str:
        if self.error:
            return f"query {self.name}: error: {self.error}"
        span = f"{self.first:%Y-%m-%d}..{self.last:%Y-%m-%d}" if self.first and self.last else "up to date"
        return (f"query {self.name}: {span} in {self.windows} window(s): {self.fetched} records "
                f"fetched, {self.new} new, {self.revised} revised, {self.unchanged} unchanged, "
                f"{self.deleted} deleted")


@dataclass
class RefreshResult:
    refresh_id: str
    until: date
    resumed: bool
    queries: list[QueryTally] = field(default_factory=list)
    retracted: set[str] = field(default_factory=set)  # triples that lost evidence
    extracted: RunSummary | None = None
    deleted_by_files: int = 0  # PMIDs deleted by the update files of --deletions
    failures: list[ReadFailure] = field(default_factory=list)  # unreadable --deletions files
    tally: RunTally | None = None
    finished: bool = False

    @property
    def ok(self) -> bool:
        return (self.finished and not self.failures
                and (self.extracted is None or self.extracted.ok))

    def lines(self) -> list[str]:
        """What ``resmine refresh`` prints."""
        head = (f"refresh {self.refresh_id[:12]} through {self.until:%Y-%m-%d}"
                + (" (resumed)" if self.resumed else ""))
        out = [head, *(q.line() for q in self.queries)]
        if self.deleted_by_files or self.failures:
            out.append(f"update files: {self.deleted_by_files} deleted PMIDs applied, "
                       f"{len(self.failures)} unreadable")
        summary, tally = self.extracted, self.tally
        if summary is None:
            out.append("extracted 0 documents: nothing new or revised")
        else:
            out.append(f"extracted {len(summary.documents)} new or revised documents (unchanged "
                       f"ones not re-run): {summary.triples.n_evidence} evidence rows, "
                       f"{len(summary.failures)} failed inputs")
        if tally is not None:
            out.append(f"triples: {len(tally.new)} new, {len(tally.requeued)} re-queued with new "
                       f"evidence, {len(tally.kept)} kept; {len(self.retracted)} lost evidence "
                       "(decisions kept, audited)")
        elif self.retracted:
            out.append(f"triples: {len(self.retracted)} lost evidence (decisions kept, audited)")
        if not self.finished:
            out.append("refresh unfinished: the next refresh resumes it")
        return out


def store_batch(db: Database, client: EutilsClient, body: bytes, data_dir: Path, refresh_id: str,
                full_text: bool, tally: QueryTally, retracted: set[str]) -> int:
    """Keep the new and revised records of one efetch answer (files first, then the store in
    one transaction), then apply its deletions. Returns the records read."""
    records, deletions = pubmed_records(body)
    known = stored_hashes(db, [pmid for pmid, _ in records])
    changed: list[tuple[str, str]] = []
    for pmid, xml in records:
        content_hash = hashlib.sha256(xml).hexdigest()
        if known.get(pmid) == content_hash:
            tally.unchanged += 1
            continue
        write_atomically(data_dir / "pubmed" / f"{pmid}.xml", record_file(xml))
        changed.append((pmid, content_hash))
        if pmid in known:
            tally.revised += 1
        else:
            tally.new += 1
    fetched = [FetchedRecord(pmid) for pmid, _ in changed]
    if full_text and fetched:
        fetch_full_texts(client, fetched, data_dir / "pmc")
    with db.transaction():
        for (pmid, content_hash), record in zip(changed, fetched):
            upsert_record(db, pmid, content_hash, record.pmcid, record.text == FULL_TEXT, refresh_id)
    tally.deleted += apply_deletions(db, deletions, data_dir, refresh_id, retracted)
    return len(records)


def apply_deletions(db: Database, pmids: list[str], data_dir: Path, refresh_id: str,
                    retracted: set[str]) -> int:
    """PubMed deleted ``pmids``: those the store holds (fetched records, or documents of any
    run) lose their evidence (decisions kept, audited), their documents and files are removed,
    and the records are remembered as deleted. Returns how many were held."""
    if not pmids:
        return 0
    with db.transaction():
        held = [pmid for pmid in dict.fromkeys(pmids) if is_held(db, pmid)]
        gone = [(pmid, mark_deleted(db, pmid, refresh_id)) for pmid in held]
        for pmid, pmcid in gone:
            retracted.update(forget_documents(db, [pmid, *([pmcid] if pmcid else [])], DELETED))
    for pmid, pmcid in gone:  # after the commit: a kill before it leaves them to delete again
        (data_dir / "pubmed" / f"{pmid}.xml").unlink(missing_ok=True)
        if pmcid:
            (data_dir / "pmc" / f"{pmcid}.xml").unlink(missing_ok=True)
    return len(gone)


def deletions_in(paths: list[Path], failures: list[ReadFailure],
                 report: Callable[[str], None]) -> list[str]:
    """The PMIDs of the ``<DeleteCitation>`` blocks of PubMed update files (read by the PubMed
    reader); an unreadable file is reported and kept in ``failures``."""
    pmids = []
    for item in iter_documents(paths):
        if isinstance(item, Deletion):
            pmids.append(item.doc_id)
        elif isinstance(item, ReadFailure):
            failures.append(item)
            report(f"error: {item.source}: {item.message}")
    return pmids


def fetch_query_window(db: Database, client: EutilsClient, query: RefreshQuery, first: date,
                       last: date, data_dir: Path, refresh_id: str, batch: int, full_text: bool,
                       tally: QueryTally, retracted: set[str], progress: Callable[[int], None]) -> None:
    """The records of ``query`` with a ``datetype`` date in ``first``..``last`` (history server,
    efetch in batches), then the query's state moved to ``last``."""
    search = client.esearch(query.term, retmax=0, datetype=query.datetype,
                            mindate=f"{first:%Y/%m/%d}", maxdate=f"{last:%Y/%m/%d}")
    for start in range(0, search["count"], batch):
        body = client.efetch(webenv=search["webenv"], query_key=search["query_key"],
                             retstart=start, retmax=batch)
        n = store_batch(db, client, body, data_dir, refresh_id, full_text, tally, retracted)
        tally.fetched += n
        progress(n)
    with db.transaction():
        set_fetched_through(db, query.name, query.term, query.datetype, last, refresh_id)


def fetch_query_updates(db: Database, client: EutilsClient, query: RefreshQuery, until: date,
                        data_dir: Path, refresh_id: str, batch: int, full_text: bool,
                        retracted: set[str], progress: Callable[[int], None]) -> QueryTally:
    """Everything of ``query`` since its state (the last day fetched, searched again: a day
    is not over when it is fetched) or its ``since`` through ``until``."""
    tally = QueryTally(query.name)
    start = fetched_through(db, query.name, query.term, query.datetype) or query.since
    if start > until:
        return tally
    tally.first, tally.last = start, until
    windows = split_windows(esearch_count(client, query.term, query.datetype), start, until)
    tally.windows = len(windows)
    for first, last, _ in windows:
        fetch_query_window(db, client, query, first, last, data_dir, refresh_id, batch, full_text,
                           tally, retracted, progress)
    with db.transaction():  # windows without hits were dropped: the state still reaches until
        set_fetched_through(db, query.name, query.term, query.datetype, until, refresh_id)
    return tally


def record_paths(data_dir: Path, records: list[PendingRecord]) -> list[Path]:
    """The files of ``records``: PMC full texts first, so the PubMed record of an article read
    in full is left out (``engine.local.FullTexts``)."""
    full = [data_dir / "pmc" / f"{r.pmcid}.xml" for r in records
            if r.full_text and (data_dir / "pmc" / f"{r.pmcid}.xml").is_file()]
    return full + [data_dir / "pubmed" / f"{r.pmid}.xml" for r in records]


def extract_pending(db: Database, data_dir: Path, out_dir: Path, load_nlp: Callable[[], Language],
                    result: RefreshResult, max_chars: int,
                    progress: Callable[[Iterator], Iterator], report: Callable[[str], None]) -> None:
    """Extract the new and revised records in one store run (outputs of just those in
    ``out_dir``); retract what revised records no longer state; mark them extracted."""
    pending = pending_records(db)
    if not pending:
        return
    nlp = load_nlp()
    paths = record_paths(data_dir, pending)
    with run_recording(db, "refresh", [data_dir], nlp) as recorder:
        summary = extract_to_directory(paths, out_dir, nlp, max_chars, progress, report, recorder)
        failed = {f.source for f in summary.failures}
        done = [r for r in pending
                if printable(str(data_dir / "pubmed" / f"{r.pmid}.xml")) not in failed]
        doc_ids = [i for r in done for i in (r.pmid, r.pmcid) if i]
        result.retracted.update(retract_evidence(db, doc_ids, REVISED, recorder.run_id,
                                                 keep_run_id=recorder.run_id))
        mark_extracted(db, done)
    result.extracted, result.tally = summary, recorder.tally


def refresh(db: Database, queries: list[RefreshQuery], settings: Settings, data_dir: Path,
            out_dir: Path, load_nlp: Callable[[], Language], until: date | None = None,
            batch: int = BATCH, full_text: bool = True, max_chars: int = DEFAULT_MAX_CHARS,
            progress: Callable[[int], None] = lambda n: None,
            doc_progress: Callable[[Iterator], Iterator] = lambda it: it,
            report: Callable[[str], None] = lambda line: None,
            deletion_files: Sequence[Path] = ()) -> RefreshResult:
    """Run (or resume) one refresh of ``queries`` into the store ``db``. A query NCBI fails on
    is reported and left for the next refresh (which resumes this one); the others go on, and
    what was fetched is extracted. ``deletion_files``: PubMed update files whose
    ``<DeleteCitation>`` PMIDs are applied (E-utilities answers do not carry deletions)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with output_lock(data_dir):  # one refresh at a time per data folder
        return _refresh_locked(db, queries, settings, data_dir, out_dir, load_nlp, until, batch,
                               full_text, max_chars, progress, doc_progress, report,
                               list(deletion_files))


def _refresh_locked(db: Database, queries: list[RefreshQuery], settings: Settings, data_dir: Path,
                    out_dir: Path, load_nlp: Callable[[], Language], until: date | None, batch: int,
                    full_text: bool, max_chars: int, progress: Callable[[int], None],
                    doc_progress: Callable[[Iterator], Iterator],
                    report: Callable[[str], None], deletion_files: list[Path]) -> RefreshResult:
    run = begin_refresh(db, until or date.today())
    result = RefreshResult(run.refresh_id, run.until, run.resumed)
    cache = data_dir / CACHE / run.refresh_id
    client = EutilsClient(replace(settings, cache_dir=cache))
    for query in queries:
        try:
            result.queries.append(fetch_query_updates(db, client, query, run.until, data_dir,
                                                      run.refresh_id, batch, full_text,
                                                      result.retracted, progress))
        except (NcbiError, ValueError, SyntaxError) as error:  # lxml's parse errors are SyntaxErrors
            message = " ".join(str(error).split())
            result.queries.append(QueryTally(query.name, error=message))
            report(f"error: query {query.name}: NCBI: {message}")
    if deletion_files:
        deleted = deletions_in(deletion_files, result.failures, report)
        result.deleted_by_files = apply_deletions(db, deleted, data_dir, run.refresh_id,
                                                  result.retracted)
    extract_pending(db, data_dir, out_dir, load_nlp, result, max_chars, doc_progress, report)
    if not any(q.error for q in result.queries):
        finish_refresh(db, run.refresh_id, {q.name: {"fetched": q.fetched, "new": q.new,
                                                     "revised": q.revised, "deleted": q.deleted}
                                            for q in result.queries})
        shutil.rmtree(cache, ignore_errors=True)
        result.finished = True
    return result

"""Sharded extraction: the local engine's work cut into shards of input files, each written
whole to a folder of its own, then merged into one run folder.

A *shard* is a run of consecutive input files (a file bigger than ``shard_bytes`` is a shard of
its own, so a PubMed baseline file is one task). :func:`run_shard` loads the spaCy pipeline
once per process, reads and annotates the shard's files, and writes its rows as Parquet into
``work_dir/<shard key>/``, a folder that appears whole (written under a temporary name, then
renamed) or not at all. The key hashes the files and what else decides the output (config,
overrides, max_chars, versions), so a re-run after a failure or a kill skips the shards already
done. :func:`merge_shards` then writes what the local engine writes, in input order, doc_ids
made unique the same way (:class:`resmine.engine.local.DocIds`): the same files, byte for byte.

Who runs the shards is the caller's choice: :func:`run_shards_here` in this process, or
:func:`resmine.engine.dask.run_shards_dask` on a Dask cluster.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from spacy.language import Language

from resmine import EXTRACTOR_VERSION, __version__
from resmine.engine.local import DocIds, FullTexts, RunSummary, checked_documents, finish_extraction
from resmine.export import EVIDENCE_COLUMNS, MENTION_COLUMNS, CsvWriter, evidence_record, mention_record
from resmine.model import Deletion, Document, Evidence, Label, Mention, Passage, PassageKind, Provenance, ReadFailure
from resmine.nlp import DEFAULT_CONFIG, annotate_windows, load_pipeline
from resmine.paths import models_dir
from resmine.readers import iter_files, printable, read_file
from resmine.store.record import RunRecorder

# About a minute of NLP per task on one core: big enough that task overhead does not matter,
# small enough that a killed run loses little.
DEFAULT_SHARD_BYTES = 4_000_000
DONE = "done"
# Rows carry the position of their document in the shard: two files of one shard may give the
# same doc_id, which the merge renames for one of them only.
POSITION = "document_position"
# The columns of a shard's documents table the merge reads; "document" (the whole Document) is
# read only to record into a store.
DOCUMENT_KEYS = ["doc_id", "source", "format", "pmid", "pmcid"]

Progress = Callable[[Iterable], Iterable]
PROCESSED = "processed.tsv"


@dataclass(frozen=True)
class Shard:
    files: tuple[str, ...]
    key: str
    md5: str = ""  # of the one file of a shard keyed by content (PubMed files)


@dataclass(frozen=True)
class ShardJob:
    """What every shard of a run shares: where outputs go and how the pipeline is built."""

    work_dir: str
    config: str | None = None
    overrides: dict[str, object] = field(default_factory=dict)
    max_chars: int = 5_000_000

    def identity(self) -> str:
        """What, besides the files, decides a shard's output: versions, config text and
        overrides, max_chars."""
        config_path = Path(self.config) if self.config else models_dir() / DEFAULT_CONFIG
        config_hash = hashlib.sha256(config_path.read_bytes()).hexdigest()
        return "\x1f".join((__version__, EXTRACTOR_VERSION, config_hash, repr(sorted(self.overrides.items())),
                            str(self.max_chars)))


def default_work_dir(out_dir: Path) -> Path:
    """Shard outputs beside the output folder, so a re-run with the same ``-o`` finds them."""
    return out_dir.parent / f".{out_dir.name}.shards"


def _shard_key(identity: str, file_keys: Iterable[str]) -> str:
    digest = hashlib.sha256(identity.encode())
    for key in file_keys:
        digest.update(b"\x1e" + key.encode())
    return digest.hexdigest()[:32]


def _file_identity(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}"


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan_shards(
    paths: Iterable[str | Path], identity: str, exclude: Iterable[Path] = (),
    shard_bytes: int = DEFAULT_SHARD_BYTES,
) -> list[Shard | ReadFailure]:
    """The inputs in order, cut into shards of consecutive files of about ``shard_bytes``
    (keyed by path, size and mtime); an input that cannot even be listed stays a ReadFailure
    in its place."""
    plan: list[Shard | ReadFailure] = []
    batch: list[Path] = []
    size = 0

    def flush() -> None:
        nonlocal batch, size
        if batch:
            plan.append(Shard(tuple(str(p) for p in batch), _shard_key(identity, map(_file_identity, batch))))
        batch, size = [], 0

    for entry in iter_files(paths, exclude):
        if isinstance(entry, ReadFailure):
            flush()
            plan.append(entry)
            continue
        batch.append(entry)
        size += entry.stat().st_size
        if size >= shard_bytes:
            flush()
    flush()
    return plan


# One pipeline per process and config: loading it costs seconds, a shard's work minutes.
_PIPELINES: dict[str, Language] = {}


def _pipeline(config: str | None, overrides: dict[str, object]) -> Language:
    key = f"{config}\x1f{sorted(overrides.items())}"
    if key not in _PIPELINES:
        _PIPELINES[key] = load_pipeline(config, overrides)
    return _PIPELINES[key]


def _write_table(folder: Path, name: str, records: list[dict]) -> None:
    pq.write_table(pa.Table.from_pylist(records), folder / f"{name}.parquet")


def _records(folder: Path, name: str, columns: list[str] | None = None) -> list[dict]:
    """The rows of one shard table, only ``columns`` of them when given (the documents table
    holds each whole document, which only the store needs)."""
    path = folder / f"{name}.parquet"
    if columns and not set(columns) <= set(pq.read_schema(path).names):
        columns = None  # an empty table has no columns
    return pq.read_table(path, columns=columns).to_pylist()


def document_json(document: Document) -> str:
    """The whole Document (text, passages, meta), for the store the merge records into."""
    return json.dumps(asdict(document), ensure_ascii=False)


def document_from_json(text: str) -> Document:
    fields = json.loads(text)
    passages = [Passage(PassageKind(p["kind"]), p["section"], p["start"], p["end"],
                        tuple(tuple(cell) for cell in p["cells"]), tuple(p["header"]), p["caption"])
                for p in fields.pop("passages")]
    return Document(**fields, passages=passages)


def run_shard(shard: Shard, job: ShardJob) -> str:
    """Extract one shard into ``job.work_dir/<key>`` (nothing to do when that folder is already
    done); returns the folder."""
    final = Path(job.work_dir) / shard.key
    if (final / DONE).is_file():
        return str(final)
    nlp = _pipeline(job.config, job.overrides)
    staging = Path(job.work_dir) / f".{shard.key}.{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    summary = RunSummary()
    items = (item for name in shard.files for item in read_file(Path(name), job.max_chars))
    documents: list[dict] = []
    mentions: list[dict] = []
    evidence: list[dict] = []
    checked = checked_documents(items, summary, nlp.max_length, lambda line: None)
    position = 0  # of the document being read, whose windows come one by one
    for annotated in annotate_windows(nlp, checked):
        document = annotated.document
        mentions.extend({**mention_record(document, m), POSITION: position} for m in annotated.mentions)
        evidence.extend({**asdict(row), POSITION: position} for row in annotated.evidence)
        if annotated.complete:
            documents.append({"doc_id": document.doc_id, "source": document.source, "format": document.format,
                              "pmid": document.meta.get("pmid"), "pmcid": document.meta.get("pmcid"),
                              "document": document_json(document)})
            position += 1
    _write_table(staging, "documents", documents)
    _write_table(staging, "mentions", mentions)
    _write_table(staging, "evidence", evidence)
    _write_table(staging, "failures", [asdict(f) for f in summary.failures])
    _write_table(staging, "deletions", [asdict(d) for d in summary.deletions])
    _write_table(staging, "superseded", [{"doc_id": doc_id} for doc_id in summary.superseded])
    (staging / DONE).write_text("", encoding="utf-8")
    try:
        staging.rename(final)
    except OSError:  # another attempt of the same shard finished first: its output is the same
        shutil.rmtree(staging, ignore_errors=True)
    return str(final)


def run_shards_here(shards: Sequence[Shard], job: ShardJob, progress: Progress = lambda it: it) -> dict[str, str]:
    """Run the shards one after the other in this process; returns {shard key: error} of those
    that failed."""
    failed: dict[str, str] = {}
    for shard in progress(shards):
        try:
            run_shard(shard, job)
        except Exception as error:  # noqa: BLE001 - one failed shard must not lose the others
            failed[shard.key] = f"{type(error).__name__}: {' '.join(str(error).split())}"
    return failed


def merge_shards(
    plan: Sequence[Shard | ReadFailure], work_dir: Path, folder: Path, failed: dict[str, str],
    report: Callable[[str], None], latest_only: bool = False, recorder: RunRecorder | None = None,
) -> RunSummary:
    """Write evidence.csv and mentions.csv of ``folder`` from the shards of ``plan``, in order,
    and record each document into the store when ``recorder`` is given.

    ``latest_only`` (PubMed baseline and update files, in publication order): a record read
    again in a later file replaces the earlier version, and a ``<DeleteCitation>`` in a later
    file removes it. Otherwise every document is kept, a repeated doc_id renamed as the local
    engine does.
    """
    keep = _latest_versions(plan, work_dir, failed) if latest_only else None
    summary = RunSummary()
    doc_ids = DocIds(report)
    full_texts = FullTexts()
    evidence_out = CsvWriter(folder / "evidence.csv", EVIDENCE_COLUMNS)
    mentions_out = CsvWriter(folder / "mentions.csv", MENTION_COLUMNS)
    try:
        for index, entry in enumerate(plan):
            if isinstance(entry, ReadFailure):
                _fail(summary, entry, report)
            elif (message := failed.get(entry.key)) is not None:
                for name in entry.files:  # the shard's files are failed inputs; the others stand
                    _fail(summary, ReadFailure(name, f"shard failed: {message}"), report)
            else:
                _merge_one(work_dir / entry.key, index, summary, doc_ids, full_texts, keep, evidence_out,
                           mentions_out, report, recorder)
    finally:
        evidence_out.close()
        mentions_out.close()
    return summary


Execute = Callable[[Sequence[Shard], ShardJob], dict[str, str]]


def write_sharded(
    plan: Sequence[Shard | ReadFailure], folder: Path, job: ShardJob, execute: Execute,
    inputs: Sequence[str | Path], report: Callable[[str], None], latest_only: bool = False,
    recorder: RunRecorder | None = None,
) -> RunSummary:
    """Run the shards of ``plan`` with ``execute`` and write the run folder ``folder`` from
    them (see :func:`merge_shards`); a PubMed-files plan also gets processed.tsv (file, md5,
    status). The shard outputs are removed once merged, unless some failed (a re-run then
    redoes only those) or the plan is keyed by content (PubMed files: the record of what was
    processed, so that the next run skips them)."""
    work_dir = Path(job.work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    shards = [entry for entry in plan if isinstance(entry, Shard)]
    failed = execute(shards, job)
    summary = merge_shards(plan, work_dir, folder, failed, report, latest_only, recorder)
    by_content = any(shard.md5 for shard in shards)
    if by_content:
        (folder / PROCESSED).write_text("file\tmd5\tstatus\n" + "".join(
            f"{printable(s.files[0])}\t{s.md5}\t{'failed' if s.key in failed else 'done'}\n" for s in shards),
            encoding="utf-8")
    finish_extraction(folder, inputs, summary, job.max_chars)
    if not failed and not by_content:
        shutil.rmtree(work_dir, ignore_errors=True)
    return summary


def _fail(summary: RunSummary, failure: ReadFailure, report: Callable[[str], None]) -> None:
    summary.failures.append(failure)
    report(f"error: {failure.source}: {failure.message}")


def _latest_versions(plan: Sequence[Shard | ReadFailure], work_dir: Path,
                     failed: dict[str, str]) -> set[tuple[int, int]]:
    """(index in the plan, position in the shard) of each record's last version, unless a later
    deletion removes it. (Not the shard key: two files of the same content share one.)"""
    latest: dict[str, tuple[int, int] | None] = {}
    for index, entry in enumerate(plan):
        if isinstance(entry, ReadFailure) or entry.key in failed:
            continue
        folder = work_dir / entry.key
        for position, row in enumerate(_records(folder, "documents", ["doc_id"])):
            latest[row["doc_id"]] = (index, position)
        for row in _records(folder, "deletions"):
            latest[row["doc_id"]] = None
    return {version for version in latest.values() if version is not None}


def _merge_one(
    folder: Path, index: int, summary: RunSummary, doc_ids: DocIds, full_texts: FullTexts,
    keep: set[tuple[int, int]] | None, evidence_out: CsvWriter, mentions_out: CsvWriter,
    report: Callable[[str], None], recorder: RunRecorder | None,
) -> None:
    for failure in _records(folder, "failures"):
        _fail(summary, ReadFailure(**failure), report)
    summary.deletions.extend(Deletion(**d) for d in _records(folder, "deletions"))
    summary.superseded.extend(row["doc_id"] for row in _records(folder, "superseded"))
    documents = _records(folder, "documents", None if recorder else DOCUMENT_KEYS)
    renamed: dict[int, str] = {}
    for position, row in enumerate(documents):
        # the full texts of earlier shards, as the local engine sees them in one pass
        if full_texts.supersede(row["format"], row["doc_id"], row):
            summary.superseded.append(row["doc_id"])
        elif keep is None or (index, position) in keep:
            renamed[position] = doc_ids.unique(row["doc_id"], row["source"])
            summary.documents.append(renamed[position])
    mentions: dict[int, list[Mention]] = {position: [] for position in renamed}
    for record in _records(folder, "mentions"):
        position = record.pop(POSITION)
        if (doc_id := renamed.get(position)) is not None:
            record["doc_id"] = doc_id
            mentions_out.write(record)
            summary.n_mentions += 1
            if recorder is not None:  # only the store takes Mention objects
                mentions[position].append(Mention(doc_id, record["start"], record["end"], record["text"],
                                                  Label(record["label"]), record["normalized"],
                                                  Provenance(record["source"])))
    evidence: dict[int, list[Evidence]] = {position: [] for position in renamed}
    for record in _records(folder, "evidence"):
        position = record.pop(POSITION)
        if (doc_id := renamed.get(position)) is not None:
            found = Evidence(**{**record, "doc_id": doc_id})
            evidence_out.write(evidence_record(found))
            summary.triples.add(found)
            evidence[position].append(found)
    if recorder is not None:
        for position, doc_id in renamed.items():
            document = replace(document_from_json(documents[position]["document"]), doc_id=doc_id)
            recorder.add(document, mentions[position], evidence[position], EXTRACTOR_VERSION)


PUBMED_FILE_PATTERN = "pubmed*.xml*"


def plan_pubmed_files(folder: Path, identity: str) -> list[Shard | ReadFailure]:
    """The PubMed baseline and update files of ``folder`` (``pubmedNNnNNNN.xml.gz``), in name
    order, which is publication order, one shard each, keyed by content (md5) so that a re-run
    skips every file already done, wherever it now lies."""
    files = sorted(p for p in folder.glob(PUBMED_FILE_PATTERN) if p.is_file())
    if not files:
        return [ReadFailure(str(folder), f"no PubMed files ({PUBMED_FILE_PATTERN}) in this folder")]
    plan: list[Shard | ReadFailure] = []
    for path in files:
        try:
            md5 = file_md5(path)
            plan.append(Shard((str(path),), _shard_key(identity, [md5]), md5))
        except OSError as error:
            plan.append(ReadFailure(str(path), f"cannot read: {error.strerror or error}"))
    return plan


class Sized:
    """An iterator with a length, so that a progress bar knows the total."""

    def __init__(self, items: Iterator, length: int):
        self.items, self.length = items, length

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return self.length

"""Dask engine: the local engine's extraction, sharded by input file over a Dask cluster.

A *shard* is a run of consecutive input files (a file bigger than ``shard_bytes`` is a shard of
its own, so a PubMed baseline file is one task). Each task loads the spaCy pipeline once per
worker process, reads and annotates its files, and writes its rows as Parquet into
``work_dir/<shard key>/``, a folder that appears whole (written under a temporary name, then
renamed) or not at all. The key hashes the files (path, size, mtime), the config and the
versions, so a re-run after a failure or a kill skips the shards already done and re-runs the
rest. The merge then writes exactly what the local engine writes, in input order: doc_ids
are made unique across shards in the same way (:class:`resmine.engine.local.DocIds`), so the
outputs are the same byte for byte.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` single-threaded processes runs on this
machine; with ``scheduler="tcp://host:8786"`` the tasks go to that cluster (started by
dask-jobqueue, dask-kubernetes or ``dask scheduler``/``dask worker``), whose workers need
resmine installed and the inputs and ``work_dir`` on a shared file system.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from spacy.language import Language

from resmine import EXTRACTOR_VERSION, __version__
from resmine.engine.local import DocIds, RunSummary, checked_documents, finish_extraction
from resmine.export import EVIDENCE_COLUMNS, MENTION_COLUMNS, CsvWriter, evidence_record, mention_record
from resmine.model import Deletion, Evidence, ReadFailure
from resmine.nlp import DEFAULT_CONFIG, annotate, load_pipeline
from resmine.paths import models_dir
from resmine.readers import DEFAULT_MAX_CHARS, iter_files, read_file

# About a minute of NLP per task on one core: big enough that task overhead does not matter,
# small enough that a killed run loses little.
DEFAULT_SHARD_BYTES = 4_000_000
DONE = "done"
DOCUMENT_COLUMNS = ["doc_id", "source"]
# Rows carry the position of their document in the shard: two files of one shard may give the
# same doc_id, which the merge renames for one of them only.
POSITION = "document_position"
FAILURE_COLUMNS = ["source", "message"]


@dataclass(frozen=True)
class Shard:
    files: tuple[str, ...]
    key: str


def _file_identity(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}"


def _shard_key(files: Sequence[Path], run_identity: str) -> str:
    digest = hashlib.sha256(run_identity.encode())
    for path in files:
        digest.update(b"\x1e" + _file_identity(path).encode())
    return digest.hexdigest()[:32]


def run_identity(config: Path | None, overrides: dict[str, object], max_chars: int) -> str:
    """What, besides the files, decides a shard's output: versions, config text and overrides,
    max_chars."""
    config_path = config or models_dir() / DEFAULT_CONFIG
    config_hash = hashlib.sha256(Path(config_path).read_bytes()).hexdigest()
    return f"{__version__}\x1f{EXTRACTOR_VERSION}\x1f{config_hash}\x1f{sorted(overrides.items())}\x1f{max_chars}"


def plan_shards(
    paths: Iterable[str | Path], identity: str, exclude: Iterable[Path] = (),
    shard_bytes: int = DEFAULT_SHARD_BYTES,
) -> list[Shard | ReadFailure]:
    """The inputs in order, cut into shards of consecutive files of about ``shard_bytes``;
    an input that cannot even be listed stays a ReadFailure in its place."""
    plan: list[Shard | ReadFailure] = []
    batch: list[Path] = []
    size = 0

    def flush() -> None:
        nonlocal batch, size
        if batch:
            plan.append(Shard(tuple(str(p) for p in batch), _shard_key(batch, identity)))
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


# One pipeline per worker process and config: loading it costs seconds, a shard's work minutes.
_PIPELINES: dict[str, Language] = {}


def _pipeline(config: str | None, overrides: dict[str, object]) -> Language:
    key = f"{config}\x1f{sorted(overrides.items())}"
    if key not in _PIPELINES:
        _PIPELINES[key] = load_pipeline(config, overrides)
    return _PIPELINES[key]


def _write_table(folder: Path, name: str, records: list[dict]) -> None:
    pq.write_table(pa.Table.from_pylist(records), folder / f"{name}.parquet")


def run_shard(shard: Shard, work_dir: str, config: str | None, overrides: dict[str, object], max_chars: int) -> str:
    """Extract one shard into ``work_dir/<key>`` (skipped when that folder is already done);
    returns the folder. Runs on a Dask worker."""
    final = Path(work_dir) / shard.key
    if (final / DONE).is_file():
        return str(final)
    nlp = _pipeline(config, overrides)
    staging = Path(work_dir) / f".{shard.key}.{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    summary = RunSummary()
    items = (item for name in shard.files for item in read_file(Path(name), max_chars))
    documents: list[dict] = []
    mentions: list[dict] = []
    evidence: list[dict] = []
    checked = checked_documents(items, summary, nlp.max_length, lambda line: None)
    for position, annotated in enumerate(annotate(nlp, checked)):
        document = annotated.document
        documents.append({"doc_id": document.doc_id, "source": document.source})
        mentions.extend({**mention_record(document, m), POSITION: position} for m in annotated.mentions)
        evidence.extend({**asdict(row), POSITION: position} for row in annotated.evidence)
    _write_table(staging, "documents", documents)
    _write_table(staging, "mentions", mentions)
    _write_table(staging, "evidence", evidence)
    _write_table(staging, "failures", [asdict(f) for f in summary.failures])
    _write_table(staging, "deletions", [asdict(d) for d in summary.deletions])
    (staging / DONE).write_text("", encoding="utf-8")
    try:
        staging.rename(final)
    except OSError:  # another attempt of the same shard finished first: its output is the same
        shutil.rmtree(staging, ignore_errors=True)
    return str(final)


def _records(folder: Path, name: str) -> list[dict]:
    return pq.read_table(folder / f"{name}.parquet").to_pylist()


def merge_shard(
    folder: Path, summary: RunSummary, doc_ids: DocIds, evidence_out: CsvWriter, mentions_out: CsvWriter,
    report: Callable[[str], None],
) -> None:
    """Append one shard's rows to the run's files, with the doc_ids the local engine would give."""
    for failure in _records(folder, "failures"):
        item = ReadFailure(**failure)
        summary.failures.append(item)
        report(f"error: {item.source}: {item.message}")
    summary.deletions.extend(Deletion(**d) for d in _records(folder, "deletions"))
    renamed = [doc_ids.unique(row["doc_id"], row["source"]) for row in _records(folder, "documents")]
    summary.documents.extend(renamed)
    mentions = _records(folder, "mentions")
    for record in mentions:
        record["doc_id"] = renamed[record.pop(POSITION)]
        mentions_out.write(record)
    summary.n_mentions += len(mentions)
    for record in _records(folder, "evidence"):
        doc_id = renamed[record.pop(POSITION)]
        row = Evidence(**{**record, "doc_id": doc_id})
        evidence_out.write(evidence_record(row))
        summary.evidence.append(row)


@dataclass(frozen=True)
class DaskSettings:
    """Where the shards run and where their outputs wait for the merge."""

    work_dir: Path
    scheduler: str | None = None  # None: a LocalCluster of ``workers`` processes
    workers: int = 2
    shard_bytes: int = DEFAULT_SHARD_BYTES


def write_extraction_dask(
    paths: Sequence[str | Path],
    folder: Path,
    settings: DaskSettings,
    config: Path | None = None,
    overrides: dict[str, object] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    exclude: Iterable[Path] = (),
    progress: Callable[[Iterator], Iterator] = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> RunSummary:
    """What :func:`resmine.engine.local.write_extraction` writes into ``folder``, computed in
    shards on Dask; shard outputs are kept in ``work_dir`` until the merge has finished."""
    from dask.distributed import Client, LocalCluster, as_completed

    work_dir, scheduler = settings.work_dir, settings.scheduler
    overrides = dict(overrides or {})
    plan = plan_shards(paths, run_identity(config, overrides, max_chars), (*exclude, work_dir), settings.shard_bytes)
    shards = [entry for entry in plan if isinstance(entry, Shard)]
    work_dir.mkdir(parents=True, exist_ok=True)
    cluster = None if scheduler else LocalCluster(
        n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    failed: dict[str, str] = {}
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(run_shard, shards, work_dir=str(work_dir),
                                 config=str(config) if config else None, overrides=overrides,
                                 max_chars=max_chars,
                                 key=[f"resmine-shard-{s.key}" for s in shards], retries=1)
            for future in progress(as_completed(futures)):
                if future.status == "error":
                    failed[future.key] = " ".join(str(future.exception()).split())
    finally:
        if cluster is not None:
            cluster.close()
    summary = RunSummary()
    doc_ids = DocIds(report)
    evidence_out = CsvWriter(folder / "evidence.csv", EVIDENCE_COLUMNS)
    mentions_out = CsvWriter(folder / "mentions.csv", MENTION_COLUMNS)
    try:
        for entry in plan:
            if isinstance(entry, ReadFailure):
                summary.failures.append(entry)
                report(f"error: {entry.source}: {entry.message}")
            elif (message := failed.get(f"resmine-shard-{entry.key}")) is not None:
                # the task raised twice: its files are failed inputs, the other shards stand
                for name in entry.files:
                    failure = ReadFailure(name, f"shard failed on the cluster: {message}")
                    summary.failures.append(failure)
                    report(f"error: {failure.source}: {failure.message}")
            else:
                merge_shard(work_dir / entry.key, summary, doc_ids, evidence_out, mentions_out, report)
    finally:
        evidence_out.close()
        mentions_out.close()
    finish_extraction(folder, paths, summary, max_chars)
    if not failed:
        shutil.rmtree(work_dir, ignore_errors=True)
    return summary


def default_work_dir(out_dir: Path) -> Path:
    """Shard outputs beside the output folder, so a re-run with the same ``-o`` finds them."""
    return out_dir.parent / f".{out_dir.name}.shards"



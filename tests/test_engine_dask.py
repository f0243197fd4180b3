"""The Dask engine writes what the local engine writes, byte for byte, and resumes from shards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from resmine.engine.dask import DaskSettings, write_extraction_dask
from resmine.engine.shards import ShardJob, plan_shards, run_shard
from resmine.engine.local import write_extraction
from resmine.model import ReadFailure
from resmine.nlp import load_pipeline

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
OUTPUTS = ["evidence.csv", "mentions.csv", "triples.csv", "documents.txt", "deletions.txt", "errors.txt",
           "run.json"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Real reader fixtures in two folders: the same PubMed record in both (a doc_id that the
    run must rename, across shards), an empty file and a truncated gzip (failed inputs), and a
    PubMed update file with DeleteCitation entries. And a fetch-shaped folder c/ whose PubMed
    record is superseded by the PMC full text read before it, in another shard (the record's
    PMID set to the article's, 34527728: the fixtures hold no such pair)."""
    root = tmp_path_factory.mktemp("inputs")
    for folder in ("a", "b", "c/pmc", "c/pubmed"):
        (root / folder).mkdir(parents=True)
    shutil.copy(FIXTURES / "efetch_pmc_articleset.xml", root / "c" / "pmc" / "PMC8435807.xml")
    record = (FIXTURES / "efetch_pubmed_structured_abstract_inline_markup.xml").read_text(encoding="utf-8")
    (root / "c" / "pubmed" / "batch.xml").write_text(
        record.replace('<PMID Version="1">27797938</PMID>', '<PMID Version="1">34527728</PMID>', 1), encoding="utf-8")
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            shutil.copy(path, root / "a" / path.name)
    shutil.copy(FIXTURES / "efetch_pubmed_book_article.xml", root / "b" / "book.xml")
    # a table of seed 004 (tests/fixtures/relations): rows that give evidence
    shutil.copy(FIXTURES.parent / "relations" / "seed004_table2.txt", root / "b" / "seed004_table2.txt")
    (root / "b" / "empty.txt").write_bytes(b"")
    gz = (FIXTURES / "pubmed_updatefile_sample_with_deletecitation.xml.gz").read_bytes()
    (root / "b" / "truncated.xml.gz").write_bytes(gz[: len(gz) // 2])
    return root


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    write_extraction([inputs], out, load_pipeline(), report=lambda line: None)
    return out


def test_plan_keeps_input_order_and_cuts_by_size(inputs):
    identity = ShardJob('', max_chars=1000).identity()
    one_per_file = plan_shards([inputs], identity, shard_bytes=1)
    files = [name for shard in one_per_file if not isinstance(shard, ReadFailure) for name in shard.files]
    assert files == sorted(files, key=lambda n: Path(n).relative_to(inputs).parts)
    # each shard stops at its first byte (an empty file joins the next one)
    for shard in one_per_file:
        assert not isinstance(shard, ReadFailure)
        assert [Path(n).stat().st_size > 0 for n in shard.files][-1] and len(shard.files) <= 2
    assert len(plan_shards([inputs], identity)) == 1  # all of it under the default size
    # the key changes with the settings that change outputs
    assert plan_shards([inputs], ShardJob('', max_chars=999).identity(), shard_bytes=1)[0].key != one_per_file[0].key


def test_same_outputs_as_local_engine(inputs, local_run, tmp_path):
    lines: list[str] = []
    out = tmp_path / "out"
    out.mkdir()
    job = ShardJob(str(tmp_path / "shards"))
    summary = write_extraction_dask([inputs], out, job, DaskSettings(workers=2), shard_bytes=1, report=lines.append)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (local_run / name).read_bytes(), name
    assert summary.deletions and summary.triples.n_evidence and len(summary.failures) == 2 and summary.superseded == ["34527728"]
    assert any("already used by" in line for line in lines)  # the renamed doc_id was reported
    assert sum(line.startswith("error: ") for line in lines) == 2
    assert not Path(job.work_dir).exists()  # shard outputs go once merged


def test_a_done_shard_is_not_run_again_and_a_torn_one_is_ignored(inputs, tmp_path):
    shard = plan_shards([inputs / "a"], ShardJob('').identity(), shard_bytes=1)[0]
    assert not isinstance(shard, ReadFailure)
    torn = tmp_path / f".{shard.key}.killed"  # what a killed attempt leaves behind
    torn.mkdir()
    folder = Path(run_shard(shard, ShardJob(str(tmp_path))))
    assert (folder / "done").is_file() and torn.is_dir()
    written = (folder / "evidence.parquet").stat().st_mtime_ns
    assert run_shard(shard, ShardJob(str(tmp_path))) == str(folder)
    assert (folder / "evidence.parquet").stat().st_mtime_ns == written


def test_merge_reuses_finished_shards(inputs, local_run, tmp_path):
    """A re-run after a kill: the shards already done are read, not recomputed."""
    work = tmp_path / "shards"
    identity = ShardJob('').identity()
    done = [s for s in plan_shards([inputs], identity, shard_bytes=1) if not isinstance(s, ReadFailure)][:3]
    for shard in done:
        run_shard(shard, ShardJob(str(work)))
    stamps = {s.key: (work / s.key / "evidence.parquet").stat().st_mtime_ns for s in done}
    out = tmp_path / "out"
    out.mkdir()
    # the progress hook runs after the tasks and before the merge: the reused shards are unchanged
    write_extraction_dask([inputs], out, ShardJob(str(work)), DaskSettings(workers=1), shard_bytes=1,
                          report=lambda line: None,
                          progress=lambda futures: _check_untouched(futures, work, stamps))
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (local_run / name).read_bytes(), name


def _check_untouched(futures, work: Path, stamps: dict[str, int]):
    yield from futures
    for key, stamp in stamps.items():
        assert (work / key / "evidence.parquet").stat().st_mtime_ns == stamp


def _store_rows(location: Path) -> dict[str, list[tuple]]:
    import sqlite3

    queries = {
        "documents": "SELECT doc_id, source, format, title, text_hash FROM documents ORDER BY doc_id",
        "passages": "SELECT doc_id, idx, kind, section, start_offset, end_offset FROM passages ORDER BY doc_id, idx",
        "mentions": "SELECT doc_id, start_offset, end_offset, text, label, normalized, source FROM mentions "
                    "ORDER BY doc_id, start_offset, end_offset, label, source",
        "evidence": "SELECT evidence_id, triple_id, sentence, relation, confidence FROM evidence ORDER BY evidence_id",
        "triples": "SELECT triple_id, gene, mutation, drug, relation, status FROM triples ORDER BY triple_id",
    }
    with sqlite3.connect(location) as connection:
        return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}


def test_sharded_runs_record_the_store_as_the_local_engine_does(inputs, tmp_path):
    from resmine.engine.local import store_recording
    from resmine.engine.shards import run_shards_here, write_sharded

    nlp = load_pipeline()
    for name in ("local", "sharded"):
        out = tmp_path / name
        out.mkdir()
        with store_recording(tmp_path / f"{name}.sqlite", "extract", [inputs], nlp) as recorder:
            if name == "local":
                write_extraction([inputs], out, nlp, report=lambda line: None, recorder=recorder)
            else:
                job = ShardJob(str(tmp_path / "work"))
                plan = plan_shards([inputs], job.identity(), shard_bytes=1)
                write_sharded(plan, out, job, run_shards_here, [inputs], lambda line: None, recorder=recorder)
    local, sharded = _store_rows(tmp_path / "local.sqlite"), _store_rows(tmp_path / "sharded.sqlite")
    assert local["documents"] and local["evidence"]
    for table in local:
        assert sharded[table] == local[table], table

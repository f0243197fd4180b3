"""resmine run --pubmed-files: baseline and update files in order, DeleteCitation honoured,
files already processed skipped."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from click.testing import CliRunner

from resmine.cli import main
from resmine.engine.shards import ShardJob, plan_pubmed_files, run_shards_here, write_sharded
from resmine.export import read_csv

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
BASELINE = FIXTURES / "efetch_pubmed_structured_abstract_inline_markup.xml"  # PMID 27797938
UPDATE = FIXTURES / "pubmed_updatefile_sample_with_deletecitation.xml.gz"  # 20 records, 20 deletions


def _deletion_file(path: Path, pmids: list[str]) -> None:
    """An update file holding only a DeleteCitation, in the shape of PubMed's update files."""
    ids = "".join(f'<PMID Version="1">{pmid}</PMID>\n' for pmid in pmids)
    path.write_bytes(gzip.compress(
        f"<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<DeleteCitation>\n{ids}</DeleteCitation>\n"
        "</PubmedArticleSet>\n".encode()))


def _updated_pmids() -> list[str]:
    text = gzip.decompress(UPDATE.read_bytes()).decode()
    articles = text.split("<DeleteCitation>")[0]
    return [chunk.split("<PMID Version=\"1\">")[1].split("<")[0]
            for chunk in articles.split("<MedlineCitation")[1:]]


def _run(files: Path, out: Path, work: Path) -> tuple:
    out.mkdir(exist_ok=True)
    job = ShardJob(str(work))
    return write_sharded(plan_pubmed_files(files, job.identity()), out, job, run_shards_here, [files],
                         report=lambda line: None, latest_only=True), job


def test_later_files_replace_and_delete_earlier_records(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(BASELINE, files / "pubmed26n0001.xml")
    shutil.copy(UPDATE, files / "pubmed26n0002.xml.gz")
    updated = _updated_pmids()
    # file 3 deletes the baseline record and one record of file 2; file 4 brings the baseline
    # record back, revised (here: the same record again)
    _deletion_file(files / "pubmed26n0003.xml.gz", ["27797938", updated[0]])
    shutil.copy(BASELINE, files / "pubmed26n0004.xml")
    summary, job = _run(files, tmp_path / "out", tmp_path / "work")
    documents = (tmp_path / "out" / "documents.txt").read_text().split()
    assert len(documents) == len(set(documents))  # one version of each record
    assert "27797938" in documents  # re-added by file 4
    assert updated[0] not in documents and set(updated[1:]) <= set(documents)
    assert len(documents) == 1 + len(updated) - 1
    assert {r["doc_id"] for r in read_csv(tmp_path / "out" / "mentions.csv")} <= set(documents)
    processed = (tmp_path / "out" / "processed.tsv").read_text().splitlines()
    assert processed[0] == "file\tmd5\tstatus" and len(processed) == 5
    assert all(line.endswith("\tdone") for line in processed[1:])
    assert not summary.failures


def test_a_rerun_processes_only_new_files(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(BASELINE, files / "pubmed26n0001.xml")
    _run(files, tmp_path / "out", tmp_path / "work")
    done = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "work").iterdir()}
    assert len(done) == 1
    shutil.copy(UPDATE, files / "pubmed26n0002.xml.gz")
    _run(files, tmp_path / "out2", tmp_path / "work")
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "work").iterdir()}
    assert len(after) == 2 and all(after[name] == stamp for name, stamp in done.items())


def test_cli_run_pubmed_files_reports_a_broken_file_and_keeps_the_rest(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(BASELINE, files / "pubmed26n0001.xml")
    data = UPDATE.read_bytes()
    (files / "pubmed26n0002.xml.gz").write_bytes(data[: len(data) // 2])  # truncated download
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", "--pubmed-files", str(files), "--out", str(out),
                                       "--work-dir", str(tmp_path / "work")])
    assert result.exit_code == 1, result.output
    assert "pubmed26n0002.xml.gz" in result.output and "truncated" in result.output
    documents = (out / "documents.txt").read_text().split()
    assert "27797938" in documents  # and the records read before the truncation
    assert (out / "run.json").is_file()
    both = CliRunner().invoke(main, ["run", "--pubmed-files", str(files), "--corpus", str(tmp_path)])
    assert both.exit_code == 2 and "give one of them" in both.output

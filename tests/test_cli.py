"""End to end through the command line, on the bundled corpus and on bad inputs."""

import csv
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from resmine.cli import main
from resmine.export import read_csv
from resmine.readers import iter_documents

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    result = CliRunner().invoke(main, ["run", "--corpus", str(ROOT / "corpus"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_help_and_version():
    runner = CliRunner()
    for command in ([], ["run"], ["extract"], ["score"], ["lexicon"], ["eval-mutations"], ["train-ner"],
                    ["eval-ner"]):
        result = runner.invoke(main, [*command, "-h"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage:" in result.output
    assert "0.1.0" in runner.invoke(main, ["--version"]).output


def test_run_writes_every_export_and_a_score(run_dir):
    out, output = run_dir
    for name in ("evidence.csv", "triples.csv", "mentions.csv", "documents.txt", "score.json", "score.md"):
        assert (out / name).is_file(), name
    score = json.loads((out / "score.json").read_text())
    assert "overall" in json.dumps(score)
    assert "tier" in (out / "score.md").read_text().lower()
    docs = (out / "documents.txt").read_text().split()
    assert {"000_0792c4f2a95b5666", "003_68aadfb59468727a", "004_6ba3e53289bda641"} <= set(docs)
    assert len(docs) > 3  # the PubMed and PMC records of the bundled corpus are read too


def test_offsets_slice_the_document_text(run_dir):
    out, _ = run_dir
    texts = {d.doc_id: d.text for d in iter_documents([ROOT / "corpus" / "docs"]) if hasattr(d, "text")}
    mentions = read_csv(out / "mentions.csv")
    assert mentions
    for row in mentions:
        assert texts[row["doc_id"]][int(row["start"]):int(row["end"])] == row["text"], row
    for row in read_csv(out / "evidence.csv"):
        text = texts[row["doc_id"]]
        assert text[int(row["sentence_start"]):int(row["sentence_end"])] == row["sentence"]


def test_key_statements_of_the_source_documents_are_found(run_dir):
    out, _ = run_dir
    triples = {(r["gene"], r["mutation"], r["drug"], r["relation"]) for r in read_csv(out / "triples.csv")}
    assert ("AR", "W741C", "bicalutamide", "activation") in triples
    assert ("ALK", "G1202R", "ceritinib", "resistance") in triples
    assert ("ALK", "L1196M", "crizotinib", "resistance") in triples


def test_triple_ids_are_stable_across_runs(run_dir, tmp_path):
    out, _ = run_dir
    again = tmp_path / "again"
    result = CliRunner().invoke(main, ["extract", str(ROOT / "corpus" / "docs"), "-o", str(again)])
    assert result.exit_code == 0, result.output
    ids = lambda d: sorted(r["triple_id"] for r in read_csv(d / "triples.csv"))
    assert ids(out) == ids(again)


def test_extract_reports_bad_inputs_and_processes_the_rest(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("EGFR T790M confers resistance to erlotinib.\n", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin1.txt").write_bytes("r\xe9sistance".encode("latin-1"))
    (inputs / "broken.xml").write_text("<PubmedArticleSet><PubmedArticle>", encoding="utf-8")
    (inputs / "cut.xml.gz").write_bytes(gzip.compress(b"<PubmedArticleSet></PubmedArticleSet>" * 50)[:40])
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "resmine", "extract", str(inputs), "-o", str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 4, result.stderr
    for name in ("empty.txt", "latin1.txt", "broken.xml", "cut.xml.gz"):
        assert sum(name in line for line in error_lines) == 1, (name, result.stderr)
    assert (out / "documents.txt").read_text().split() == ["good"]
    with (out / "triples.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["gene"], r["mutation"], r["drug"], r["relation"]) for r in rows] == [
        ("EGFR", "T790M", "erlotinib", "resistance")
    ]
    assert len((out / "errors.txt").read_text().splitlines()) == 4


def test_extract_exit_code_zero_when_all_inputs_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("No statement here.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(good), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output

"""End to end through the command line, on the bundled corpus and on bad inputs."""

import csv
import gzip
import json
import shutil
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
    for command in ([], ["run"], ["extract"], ["fetch"], ["score"], ["lexicon"], ["eval-mutations"], ["train-ner"],
                    ["eval-ner"], ["eval-relations"], ["review"], ["export"]):
        result = runner.invoke(main, [*command, "-h"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage:" in result.output
    assert "0.1.0" in runner.invoke(main, ["--version"]).output


def test_run_writes_every_export_and_a_score(run_dir):
    out, output = run_dir
    for name in ("evidence.csv", "triples.csv", "mentions.csv", "documents.txt", "score.json", "score.md",
                 "errors.md"):
        assert (out / name).is_file(), name
    docs = (out / "documents.txt").read_text().split()
    assert {"000_0792c4f2a95b5666", "003_68aadfb59468727a", "004_6ba3e53289bda641"} <= set(docs)
    assert len(docs) > 3  # the PubMed and PMC records of the bundled corpus are read too

    with (ROOT / "corpus" / "gold" / "gold.tsv").open(newline="", encoding="utf-8") as handle:
        gold = list(csv.DictReader(handle, delimiter="\t"))
    score = json.loads((out / "score.json").read_text())
    gold_docs = sorted({row["doc_id"] for row in gold})
    assert score["documents"] == gold_docs
    assert score["dropped_documents"] == sorted(set(docs) - set(gold_docs))
    assert score["counts"]["gold_strict"] == len(gold)
    overall = score["strict"]["overall"]
    assert overall["tp"] + overall["fn"] == len(gold)
    assert overall["tp"] + overall["fp"] == score["counts"]["pred_strict"]
    assert len(score["misses"]) == overall["fn"] and len(score["false_positives"]) == overall["fp"]

    # the table printed is the one in score.md, with the counts of score.json
    table = [line for line in output.splitlines() if line.startswith("|")]
    assert table[0].startswith("| | strict P | strict R | strict F1 | lenient P")
    labels = [line.split(" | ")[0].strip("| ") for line in table[2:]]
    assert labels[:4] == ["overall", "tier A", "tier B", "tier C"]
    assert set(labels[4:]) == set(score["strict"]["by_relation"]) | set(score["lenient"]["by_relation"])
    assert table[2].endswith(f"| {overall['tp']} | {overall['fp']} | {overall['fn']} |")
    markdown = (out / "score.md").read_text()
    assert "\n".join(table) in markdown
    negatives = score["negatives"]
    assert f"negatives violated: {negatives['violated']} of {negatives['checked']}" in output


# A corpus small enough to work the score out by hand: d1 is found as in gold (strict TP); d2's
# triple is found with another relation than gold's (strict FP and FN, lenient TP) and violates
# its negative; d2's BRAF row is not in the text (FN, tier B); d3 is not in the gold set.
SMALL_DOCS = {
    "d1.txt": "EGFR T790M confers resistance to erlotinib.\n",
    "d2.txt": "ALK G1202R confers resistance to ceritinib.\n",
    "d3.txt": "No statement here.\n",
}
SMALL_GOLD = [
    ("d1", "EGFR", "T790M", "erlotinib", "resistance", "A", "EGFR T790M confers resistance to erlotinib."),
    ("d2", "ALK", "G1202R", "ceritinib", "sensitivity", "A", "ALK G1202R confers resistance to ceritinib."),
    ("d2", "BRAF", "V600E", "vemurafenib", "resistance", "B", "not in the text"),
]
SMALL_NEGATIVES = [
    ("d1", "EGFR T790M confers resistance to erlotinib.", "EGFR|*|*|sensitivity"),
    ("d2", "ALK G1202R confers resistance to ceritinib.", "ALK|*|*|resistance"),
]
SMALL_TABLE = """\
| | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 | TP | FP | FN |
|---|---|---|---|---|---|---|---|---|---|
| overall | 0.500 | 0.333 | 0.400 | 1.000 | 0.667 | 0.800 | 1 | 1 | 2 |
| tier A | 0.500 | 0.500 | 0.500 | 1.000 | 1.000 | 1.000 | 1 | 1 | 1 |
| tier B | – | 0.000 | 0.000 | – | 0.000 | 0.000 | 0 | 0 | 1 |
| tier C | – | – | – | – | – | – | 0 | 0 | 0 |
| resistance | 0.500 | 0.500 | 0.500 | 1.000 | 0.500 | 0.667 | 1 | 1 | 1 |
| sensitivity | – | 0.000 | 0.000 | 1.000 | 1.000 | 1.000 | 0 | 0 | 1 |

negatives violated: 1 of 2"""


def _small_corpus(root: Path, gold=SMALL_GOLD, extra_docs: dict[str, bytes] | None = None) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "gold").mkdir()
    for name, text in SMALL_DOCS.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    for name, data in (extra_docs or {}).items():
        (root / "docs" / name).write_bytes(data)
    (root / "gold" / "gold.tsv").write_text(
        "doc_id\tgene\tmutation\tdrug\trelation\ttier\tevidence\tnote\n"
        + "".join("\t".join(row) + "\t\n" for row in gold), encoding="utf-8")
    (root / "gold" / "negatives.tsv").write_text(
        "doc_id\tevidence\tmust_not\tnote\n" + "".join("\t".join(row) + "\t\n" for row in SMALL_NEGATIVES),
        encoding="utf-8")
    return root


def _run(corpus: Path, out: Path):
    return CliRunner().invoke(main, ["run", "--corpus", str(corpus), "--out", str(out)])


def test_run_on_a_small_corpus_prints_the_score_worked_out_by_hand(tmp_path):
    out = tmp_path / "out"
    result = _run(_small_corpus(tmp_path / "corpus"), out)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "documents 3  mentions 6  evidence 2 (0 negated)  triples 2  deletions 0  failed inputs 0"
    assert lines[1] == f"outputs in {out}"
    assert "\n".join(lines[2:-1]) == SMALL_TABLE
    assert lines[-1] == f"store {tmp_path / 'resmine.sqlite'}: 2 new triples, 0 re-queued with new evidence, 0 kept"
    assert (out / "documents.txt").read_text().split() == ["d1", "d2", "d3"]
    score = json.loads((out / "score.json").read_text())
    assert score["documents"] == ["d1", "d2"] and score["dropped_documents"] == ["d3"]
    assert [(fp["doc_id"], fp["gene"], fp["relation"], fp["lenient_match"]) for fp in score["false_positives"]] == [
        ("d2", "ALK", "resistance", True)]
    assert [(m["gene"], m["relation"]) for m in score["misses"]] == [("ALK", "sensitivity"), ("BRAF", "resistance")]
    assert [v["must_not"] for v in score["negatives"]["violations"]] == ["ALK|*|*|resistance"]
    markdown = (out / "score.md").read_text()
    assert markdown.startswith("# Scores\n") and SMALL_TABLE in markdown
    assert "## False positives (1, strict)" in markdown and "## Misses (2, strict)" in markdown


def test_run_exit_code_1_when_an_input_is_unreadable_and_the_rest_is_scored(tmp_path):
    out = tmp_path / "out"
    result = _run(_small_corpus(tmp_path / "corpus", extra_docs={"empty.txt": b""}), out)
    assert result.exit_code == 1
    assert "failed inputs 1" in result.output
    assert SMALL_TABLE in result.output
    assert "empty.txt" in (out / "errors.txt").read_text()
    assert (out / "score.json").is_file() and (out / "score.md").is_file()


def test_run_exit_code_1_when_the_gold_set_cannot_be_scored(tmp_path):
    gold = [*SMALL_GOLD, ("d9", "KRAS", "G12C", "sotorasib", "sensitivity", "A", "a document not in docs/")]
    out = tmp_path / "out"
    result = _run(_small_corpus(tmp_path / "corpus", gold=gold), out)
    assert result.exit_code == 1
    assert "scoring failed: gold documents missing from the predictions: d9" in result.output
    assert (out / "evidence.csv").is_file() and not (out / "score.json").exists()


def test_run_without_a_gold_set_skips_scoring(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus")
    shutil.rmtree(corpus / "gold")
    out = tmp_path / "out"
    result = _run(corpus, out)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2] == f"no gold set at {corpus / 'gold' / 'gold.tsv'}: scoring skipped"
    assert result.output.splitlines()[-1].startswith("store ")
    assert "| overall |" not in result.output and not (out / "score.json").exists()
    assert len(read_csv(out / "triples.csv")) == 2


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


def test_extract_reports_the_deleted_pmids_of_an_update_file(tmp_path):
    update = ROOT / "tests" / "fixtures" / "readers" / "pubmed_updatefile_sample_with_deletecitation.xml.gz"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(update), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents 20 " in result.output and "deletions 20 " in result.output
    rows = [line.split("\t") for line in (out / "deletions.txt").read_text().splitlines()]
    assert len(rows) == 20 and rows[0] == ["31688362", str(update)] and rows[-1][0] == "34096142"
    assert json.loads((out / "run.json").read_text())["counts"]["deletions"] == 20
    # a deleted PMID is reported, not processed
    assert not {r[0] for r in rows} & set((out / "documents.txt").read_text().split())


def test_a_pubmed_record_whose_pmc_full_text_was_read_is_left_out():
    from resmine.engine.local import RunSummary, checked_documents
    from resmine.model import Document

    items = [
        Document("PMC100", "pmc/PMC100.xml", "jats", "t", "t", meta={"pmid": "123", "pmcid": "PMC100"}),
        Document("123", "pubmed/a.xml", "pubmed", "t", "t"),  # same PMID
        Document("456", "pubmed/a.xml", "pubmed", "t", "t", meta={"pmcid": "PMC100"}),  # same PMCID
        Document("789", "pubmed/a.xml", "pubmed", "t", "t", meta={"pmcid": "PMC200"}),
    ]
    summary = RunSummary()
    kept = [d.doc_id for d in checked_documents(items, summary, 10**6, lambda line: None)]
    assert kept == ["PMC100", "789"] and summary.superseded == ["123", "456"]


def test_progress_is_a_line_every_n_documents_when_stderr_is_no_terminal():
    from resmine.cli import progress_lines

    lines: list[str] = []
    assert list(progress_lines(range(5), 5, "doc", lines.append, every=2)) == [0, 1, 2, 3, 4]
    assert [line.split(",")[0] for line in lines] == [
        "progress: 2/5 docs", "progress: 4/5 docs", "progress: 5/5 docs"]
    assert "docs/s" in lines[0] and "s left" in lines[0]
    quiet: list[str] = []
    assert list(progress_lines(iter(range(3)), None, "shard", quiet.append, every=10)) == [0, 1, 2]
    assert quiet == []  # short work: no line at all

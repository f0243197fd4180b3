"""The scorer on hand-made fixtures whose counts are worked out by hand (tests/fixtures/score/).

Gold (9 strict keys, 9 lenient): d1 G1202R/cer/res A, F1174C/cer/res A, I1171T/cer/sens A,
I1171T/alec/res B, MET amp/criz/res C; d2 T877A/flut/res B, W741C/bical/act A,
KRAS mut/anti-egfr/no_effect C, T877A/nil/act A. Negatives: d1 BRAF, d2 KRAS resistance, d3 ALK.

Predictions (asserted, strict keys): G1202R/cer/res (rows A and B -> tier A, TP),
F1174C/cer/sens A (FP, lenient TP), I1171T/cer/sens B (TP), BRAF mut/vem/res C (FP, violates the
d1 negative; its negated twin is ignored), T877A/flut/res b (TP), W741C/bical/res A (FP, lenient
TP), KRAS mut/anti-egfr/res C (FP, lenient TP, violates the d2 negative), BRAF amp/mek/res C (FP;
matches the BRAF pattern but its sentence does not overlap).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from resmine.score import (
    Metrics,
    ScoreError,
    pattern_matches,
    read_gold,
    read_predictions,
    score_run,
    texts_overlap,
    unguard,
)

FIXTURES = Path(__file__).parent / "fixtures" / "score"
GOLD = FIXTURES / "gold.tsv"
RUN = FIXTURES / "run"


def approx(value):
    return pytest.approx(value, abs=1e-12)


def check(metrics: Metrics, tp, fp, fn, p, r, f1):
    assert (metrics.tp, metrics.fp, metrics.fn) == (tp, fp, fn)
    for got, want in ((metrics.precision, p), (metrics.recall, r), (metrics.f1, f1)):
        assert got is None if want is None else got == approx(want)


@pytest.fixture(scope="module")
def report():
    return score_run(GOLD, RUN)


def test_overall_strict_and_lenient(report):
    check(report.strict.overall, 3, 5, 6, 3 / 8, 3 / 9, 6 / 17)
    check(report.lenient.overall, 6, 2, 3, 6 / 8, 6 / 9, 12 / 17)
    assert report.counts == {"gold_strict": 9, "gold_lenient": 9, "pred_strict": 8, "pred_lenient": 8}


def test_tiers_tp_fn_by_gold_tier_fp_by_predicted_tier(report):
    check(report.strict.by_tier["A"], 2, 2, 3, 0.5, 0.4, 4 / 9)
    check(report.strict.by_tier["B"], 1, 0, 1, 1.0, 0.5, 2 / 3)
    check(report.strict.by_tier["C"], 0, 3, 2, 0.0, 0.0, 0.0)
    check(report.lenient.by_tier["A"], 4, 0, 1, 1.0, 0.8, 8 / 9)
    check(report.lenient.by_tier["B"], 1, 0, 1, 1.0, 0.5, 2 / 3)
    check(report.lenient.by_tier["C"], 1, 2, 1, 1 / 3, 0.5, 0.4)
    # G1202R predicted at A and B counts as A; I1171T gold A was predicted at B; T877A "b" -> B.
    assert report.tier_confusion == {"A": {"A": 1, "B": 1, "C": 0}, "B": {"A": 0, "B": 1, "C": 0},
                                     "C": {"A": 0, "B": 0, "C": 0}}


def test_relations_tp_fn_by_gold_fp_by_predicted(report):
    check(report.strict.by_relation["resistance"], 2, 4, 3, 1 / 3, 0.4, 4 / 11)
    check(report.strict.by_relation["sensitivity"], 1, 1, 0, 0.5, 1.0, 2 / 3)
    check(report.strict.by_relation["activation"], 0, 0, 2, None, 0.0, 0.0)
    check(report.strict.by_relation["no_effect"], 0, 0, 1, None, 0.0, 0.0)
    assert "unclear" not in report.strict.by_relation
    check(report.lenient.by_relation["resistance"], 3, 2, 2, 0.6, 0.6, 0.6)
    check(report.lenient.by_relation["no_effect"], 1, 0, 0, 1.0, 1.0, 1.0)


def test_per_document(report):
    assert report.documents == ["d1", "d2", "d3"]
    check(report.strict.by_document["d1"], 2, 3, 3, 0.4, 0.4, 0.4)
    check(report.strict.by_document["d2"], 1, 2, 3, 1 / 3, 0.25, 2 / 7)
    check(report.strict.by_document["d3"], 0, 0, 0, None, None, None)


def test_false_positives_and_misses(report):
    fps = {(f["gene"], f["mutation"], f["drug"], f["relation"]): f for f in report.false_positives}
    assert set(fps) == {
        ("ALK", "F1174C", "ceritinib", "sensitivity"), ("BRAF", "mutation", "vemurafenib", "resistance"),
        ("AR", "W741C", "bicalutamide", "resistance"), ("KRAS", "mutation", "anti-egfr antibody", "resistance"),
        ("BRAF", "amplification", "mek inhibitor", "resistance"),
    }
    assert fps[("ALK", "F1174C", "ceritinib", "sensitivity")]["lenient_match"] is True
    assert fps[("BRAF", "mutation", "vemurafenib", "resistance")]["lenient_match"] is False
    # the formula guard is stripped before "-"; a sentence that itself begins with "'" was
    # written with a second "'" (the writer guards the guard), so it comes back whole
    assert fps[("ALK", "F1174C", "ceritinib", "sensitivity")]["sentence"] == "- **F1174C**: bullet"
    assert fps[("KRAS", "mutation", "anti-egfr antibody", "resistance")]["sentence"].startswith("'In an exception")
    misses = {(m["doc_id"], m["mutation"], m["drug"]): m for m in report.misses}
    assert set(misses) == {("d1", "F1174C", "ceritinib"), ("d1", "I1171T", "alectinib"),
                           ("d1", "amplification", "crizotinib"), ("d2", "W741C", "bicalutamide"),
                           ("d2", "mutation", "anti-egfr antibody"), ("d2", "T877A", "nilutamide")}
    assert misses[("d1", "I1171T", "alectinib")]["evidence"] == "I1171T arose during\nalectinib therapy."
    assert misses[("d1", "F1174C", "ceritinib")]["lenient_match"] is True


def test_negatives(report):
    assert report.negatives_checked == 3
    assert report.negatives_violated == 2
    assert {(v["doc_id"], v["must_not"], v["gene"]) for v in report.negative_violations} == {
        ("d1", "BRAF|*|*|*", "BRAF"), ("d2", "KRAS|*|*|resistance", "KRAS")}


def test_json_and_markdown(report):
    data = json.loads(json.dumps(report.to_json()))
    assert data["strict"]["overall"] == {"tp": 3, "fp": 5, "fn": 6, "precision": 0.375,
                                         "recall": 0.3333, "f1": 0.3529}
    assert data["negatives"]["violated"] == 2
    assert data["strict"]["by_document"]["d3"]["precision"] is None
    md = report.to_markdown()
    assert "| overall | 0.375 | 0.333 | 0.353 | 0.750 | 0.667 | 0.706 | 3 | 5 | 6 |" in md
    assert "| tier C | 0.000 | 0.000 | 0.000 | 0.333 | 0.500 | 0.400 | 0 | 3 | 2 |" in md
    assert "| d3 | – | – | – | – | – | – | 0 | 0 | 0 |" in md
    for heading in ("## Per document", "## Negatives: 2 of 3 violated", "## False positives (5, strict)",
                    "## Misses (6, strict)"):
        assert heading in md
    assert "I1171T arose during alectinib therapy." in md  # newlines flattened in table cells
    assert "negatives violated: 2 of 3" in report.summary_table()


def test_single_evidence_file_equals_directory(report):
    other = score_run(GOLD, RUN / "evidence.csv")
    assert other.to_json()["strict"] == report.to_json()["strict"]


def test_unguard():
    assert unguard("'=SUM(A1)") == "=SUM(A1)"
    assert unguard("'+1") == "+1"
    assert unguard("'-x") == "-x"
    assert unguard("'@x") == "@x"
    assert unguard("''=x") == "'=x"  # the writer guards a leading "'" too: one "'" is stripped
    assert unguard("''abc") == "'abc"
    assert unguard("=x") == "=x"
    assert unguard("''") == "'"


def test_pattern_and_overlap():
    assert pattern_matches("BRAF|*|*|*", ("BRAF", "V600E", "vemurafenib", "resistance"))
    assert not pattern_matches("BRAF|V600E|*|resistance", ("BRAF", "V600E", "vemurafenib", "sensitivity"))
    assert pattern_matches("ALK|exon*|*|*", ("ALK", "exon 20 insertion", "x", "resistance"))
    assert texts_overlap("resis-\ntance to  ceritinib", "resis- tance to ceritinib")
    assert texts_overlap("A\tB\tResistant", "Table: A B Resistant [2]")
    assert not texts_overlap("BRAF is mutated.", "NRAS is mutated in melanoma.")


# ----------------------------------------------------------------------------- document sets


def copy_run(tmp_path: Path, documents: str | None, extra_rows: str = "") -> Path:
    run = tmp_path / "run"
    run.mkdir()
    shutil.copy(RUN / "evidence.csv", run / "evidence.csv")
    shutil.copy(RUN / "run.json", run / "run.json")
    if extra_rows:
        with (run / "evidence.csv").open("a", encoding="utf-8", newline="") as handle:
            handle.write(extra_rows)
    if documents is not None:
        (run / "documents.txt").write_text(documents, encoding="utf-8")
    return run


def test_without_documents_list_a_gold_doc_without_predictions_is_missing(tmp_path):
    run = copy_run(tmp_path, None)
    with pytest.raises(ScoreError, match=r"in gold but not in the predictions: d3.*documents\.txt"):
        score_run(GOLD, run)


def test_refuses_extra_documents(tmp_path):
    run = copy_run(tmp_path, "d1\nd2\nd3\nd4\n", "e11,d4,x,EGFR,T790M,osimertinib,resistance,false,false,A\n")
    with pytest.raises(ScoreError, match=r"in the predictions but not in gold: d4.*restrict"):
        score_run(GOLD, run)


def test_restrict_to_gold_docs_drops_extras(tmp_path, report):
    run = copy_run(tmp_path, "d1\nd2\nd3\nd4\nd5\n", "e11,d4,x,EGFR,T790M,osimertinib,resistance,false,false,A\n")
    restricted = score_run(GOLD, run, restrict_to_gold_docs=True)
    assert restricted.dropped_documents == ["d4", "d5"]
    assert restricted.to_json()["strict"] == report.to_json()["strict"]


def test_restrict_still_refuses_missing_gold_doc(tmp_path):
    run = copy_run(tmp_path, "d1\nd2\nd4\n")
    with pytest.raises(ScoreError, match="gold documents missing from the predictions: d3"):
        score_run(GOLD, run, restrict_to_gold_docs=True)


def test_rows_outside_documents_list(tmp_path):
    run = copy_run(tmp_path, "d1\nd3\n")
    with pytest.raises(ScoreError, match="not listed in documents.txt: d2"):
        read_predictions(run)


# ----------------------------------------------------------------------------- malformed input


def test_gold_validation(tmp_path):
    header = "doc_id\tgene\tmutation\tdrug\trelation\ttier\tevidence\tnote\n"
    bad = tmp_path / "gold.tsv"
    bad.write_text(header + "d1\tALK\tG1202R\tceritinib\tresistant\tA\tx\t\n", encoding="utf-8")
    with pytest.raises(ScoreError, match=r"gold.tsv:2: relation 'resistant'"):
        read_gold(bad)
    row = "d1\tALK\tG1202R\tceritinib\tresistance\tA\tx\t\n"
    bad.write_text(header + row + row, encoding="utf-8")
    with pytest.raises(ScoreError, match="duplicate key"):
        read_gold(bad)
    bad.write_text("doc_id\tgene\n", encoding="utf-8")
    with pytest.raises(ScoreError, match="missing column"):
        read_gold(bad)


def test_prediction_validation(tmp_path):
    (tmp_path / "evidence.csv").write_text("doc_id,gene,mutation,drug,relation\nd1,A,B,c,resistance\n")
    with pytest.raises(ScoreError, match="missing column.*tier"):
        read_predictions(tmp_path)
    with pytest.raises(ScoreError, match="no such predictions file"):
        read_predictions(tmp_path / "nowhere")


# ----------------------------------------------------------------------------- CLI


@pytest.fixture()
def cli():
    from resmine import score

    @click.group()
    def main():
        pass

    score.register(main)
    return main


def test_cli_success(cli, tmp_path):
    out_json, out_md = tmp_path / "s.json", tmp_path / "s.md"
    result = CliRunner().invoke(cli, ["score", "--gold", str(GOLD), "--pred", str(RUN),
                                      "--json", str(out_json), "--md", str(out_md)])
    assert result.exit_code == 0, result.output
    assert "| overall | 0.375 |" in result.output
    assert json.loads(out_json.read_text())["strict"]["overall"]["tp"] == 3
    assert out_md.read_text().startswith("# Scores")


def test_cli_score_error_exit_2(cli, tmp_path):
    run = copy_run(tmp_path, None)
    result = CliRunner().invoke(cli, ["score", "--gold", str(GOLD), "--pred", str(run)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("error: gold and predictions cover different documents")


# ----------------------------------------------------------------------------- errors.md


def test_every_error_has_a_reason(report):
    reasons = {(e.kind, e.row.doc_id, e.row.mutation, e.row.drug): e.reason for e in report.errors}
    assert reasons == {
        ("miss", "d1", "F1174C", "ceritinib"): "missed: found with another relation",
        ("miss", "d1", "I1171T", "alectinib"): "missed: no evidence in that sentence",
        ("miss", "d1", "amplification", "crizotinib"): "missed: no evidence in that sentence",
        ("miss", "d2", "W741C", "bicalutamide"): "missed: found with another relation",
        ("miss", "d2", "mutation", "anti-egfr antibody"): "missed: found with another relation",
        ("miss", "d2", "T877A", "nilutamide"): "missed: no evidence in that sentence",
        ("false positive", "d1", "F1174C", "ceritinib"): "false positive: relation differs from gold",
        ("false positive", "d1", "mutation", "vemurafenib"): "violates a negative",
        ("false positive", "d1", "amplification", "mek inhibitor"): "false positive: not in gold",
        ("false positive", "d2", "W741C", "bicalutamide"): "false positive: relation differs from gold",
        ("false positive", "d2", "mutation", "anti-egfr antibody"): "violates a negative",
    }
    assert {f["reason"] for f in report.false_positives} >= {"violates a negative"}
    assert next(m for m in report.misses if m["drug"] == "nilutamide")["reason"] == \
        "missed: no evidence in that sentence"


def test_near_misses_name_the_field():
    from resmine.score import GoldRow, PredRow
    from resmine.score.errors import classify_false_positive, classify_miss

    sentence = "The T877A mutant is activated by nilutamide in LNCaP cells."
    gold = GoldRow("d", "AR", "T877A", "nilutamide", "activation", "A", sentence)
    other_mutation = PredRow("d", "AR", "T878A", "nilutamide", "activation", "A", sentence)
    elsewhere = PredRow("d", "AR", "T878A", "nilutamide", "activation", "A", "Another sentence entirely.")
    assert classify_miss(gold, [other_mutation])[0] == "missed: found with another mutation"
    assert classify_miss(gold, [elsewhere])[0] == "missed: no evidence in that sentence"
    other_drug = PredRow("d", "AR", "T877A", "flutamide", "resistance", "A", sentence)
    assert classify_miss(gold, [other_drug]) == ("missed: other evidence in that sentence", (other_drug,))
    assert classify_false_positive(other_mutation.strict, sentence, [gold], [])[0] == \
        "false positive: mutation differs from gold"


def test_errors_markdown_groups_by_document_quotes_and_escapes(report):
    lines = report.errors_markdown().splitlines()
    assert lines[0] == "# Errors against the gold set"
    assert lines[2] == "5 false positives and 6 misses (strict keys) in 2 of 3 documents; negatives violated: 2 of 3."
    assert "| missed: no evidence in that sentence | 3 |" in lines
    assert [line for line in lines if line.startswith("## ")] == ["## d1", "## d2"]  # d3 has no error
    d1 = lines.index("## d1")
    assert lines[d1 + 2:d1 + 6] == [
        "- **missed: found with another relation**: gold ALK · F1174C · ceritinib · resistance (tier A)",
        "  - predicted: ALK · F1174C · ceritinib · sensitivity (tier A)",
        "",
        "  > F1174C 164 Resistant",  # tabs of a table row collapsed
    ]
    assert "  > I1171T arose during alectinib therapy." in lines  # line break collapsed
    assert "  > \\- \\*\\*F1174C\\*\\*: bullet" in lines  # Markdown in the text is escaped
    assert "- **violates a negative**: predicted KRAS · mutation · anti-egfr antibody · resistance (tier C)" in lines
    assert "  - negative: must not KRAS\\|\\*\\|\\*\\|resistance (no\\_effect, not resistance)" in lines
    assert lines.index("## d2") > max(i for i, line in enumerate(lines) if "ceritinib" in line)


def test_escape_markdown():
    from resmine.score.report import escape_markdown

    assert escape_markdown("12. cells <b>|x|</b>") == "12\\. cells \\<b\\>\\|x\\|\\</b\\>"
    assert escape_markdown("+ a_b\n\n# c") == "\\+ a\\_b \\# c"
    assert escape_markdown("x" * 20, limit=10) == "x" * 9 + "…"


def test_cli_writes_errors_md_beside_the_markdown_report(cli, tmp_path):
    result = CliRunner().invoke(cli, ["score", "--gold", str(GOLD), "--pred", str(RUN), "--md", str(tmp_path / "s.md")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "errors.md").read_text().startswith("# Errors against the gold set\n")
    elsewhere = tmp_path / "sub" / "e.md"
    elsewhere.parent.mkdir()
    result = CliRunner().invoke(cli, ["score", "--gold", str(GOLD), "--pred", str(RUN), "--errors", str(elsewhere)])
    assert result.exit_code == 0 and "violates a negative" in elsewhere.read_text()

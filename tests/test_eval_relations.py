"""``resmine eval-relations``: CIViC statements, BioRED pairs and their alignment, the gold part.

Fixtures (tests/fixtures/relations/README.md): seven CIViC *train* rows and two BioRED *train*
records. Scoring and alignment are checked on predictions given by hand, whose counts are worked
out below; one end-to-end run through the pipeline checks the wiring.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from resmine.cli import main
from resmine.lexicons import load_lexicon
from resmine.model import Evidence, Label, Mention, Provenance
from resmine.score.metrics import Metrics
from resmine.tools.relations import biored as br
from resmine.tools.relations import civic as cv
from resmine.tools.splits import is_tune
from resmine.tools.relations.evaluate import (
    CIVIC_DEV, EvaluationError, evaluate_civic, evaluate_gold, format_report, to_json, write_errors,
)

FIXTURES = Path(__file__).parent / "fixtures" / "relations"
CIVIC = FIXTURES / "civic_train_sample.tsv"
BIORED = FIXTURES / "biored_train_sample.PubTator"


def counts(metrics: Metrics) -> tuple[int, int, int]:
    return metrics.tp, metrics.fp, metrics.fn


def evidence(doc_id: str, gene: str, mutation: str, drug: str, relation: str = "resistance", *,
             gene_text: str = "", drug_text: str = "", negated: bool = False, tier: str = "A") -> Evidence:
    return Evidence(doc_id, "", "abstract", 0, 1, "s", gene, gene_text or gene, mutation, mutation, drug,
                    drug_text or drug, relation, negated=negated, tier=tier)


# --------------------------------------------------------------------------- CIViC


@pytest.fixture(scope="module")
def civic():
    return cv.read_civic(CIVIC)


def test_read_civic_keeps_predictive_supports_and_counts_the_skipped(civic):
    assert [s.doc_id for s in civic.statements] == ["EID15", "EID75", "EID91", "EID303", "EID735"]
    assert civic.skipped == {"N/A": 1}  # EID1671; the Prognostic EID25 is not a relation statement
    by_id = {s.doc_id: s for s in civic.statements}
    assert [s.category for s in civic.statements] == [cv.POINT] * 4 + [cv.CLASS]
    assert by_id["EID303"].triples() == {("EID303", "KIT", "l576p", d, "sensitivity")
                                         for d in ("nilotinib", "dasatinib", "imatinib")}
    assert by_id["EID15"].relation == "resistance"
    document = by_id["EID75"].document()
    assert document.text.startswith("Medullary thyroid cancer cells with RET C634W")
    assert [p.kind for p in document.passages] == ["paragraph"]


def test_read_civic_missing_file(tmp_path):
    with pytest.raises(cv.CivicError, match="CIViC file not found"):
        cv.read_civic(tmp_path / "none.tsv")


# Predictions by hand: EID75 right; EID303 two of three drugs; EID91 KRAS G12D instead of BRAF
# V600E; EID735 the class and a drug class CIViC does not name; EID15 nothing; a negated row
# never counts.
HAND = {
    "EID75": [evidence("EID75", "RET", "C634W", "motesanib")],
    "EID303": [evidence("EID303", "KIT", "L576P", "imatinib", "sensitivity"),
               evidence("EID303", "KIT", "L576P", "nilotinib", "sensitivity"),
               evidence("EID303", "KIT", "L576P", "dasatinib", "resistance", negated=True)],
    "EID91": [evidence("EID91", "KRAS", "G12D", "dabrafenib")],
    "EID735": [evidence("EID735", "MET", "amplification", "crizotinib", "sensitivity", tier="C"),
               evidence("EID735", "MET", "amplification", "met/alk inhibitor", "resistance", tier="C")],
}


@pytest.fixture(scope="module")
def hand_predictions(civic):
    return [cv.predicted_triples(s.doc_id, HAND.get(s.doc_id, [])) for s in civic.statements]


def test_civic_scores_by_category_relation_and_empty_statements(civic, hand_predictions):
    scores = cv.score_civic(civic.statements, hand_predictions)
    point, klass, everything = scores[cv.POINT], scores[cv.CLASS], scores["all"]
    # point: gold 6 (EID15 1, EID75 1, EID91 1, EID303 3); found EID75 1 + EID303 2, KRAS FP
    assert counts(point.strict) == (3, 1, 3)
    assert point.strict.precision == pytest.approx(0.75) and point.strict.recall == pytest.approx(0.5)
    assert counts(point.by_relation["resistance"]) == (1, 1, 2)
    assert counts(point.by_relation["sensitivity"]) == (2, 0, 1)
    assert (point.statements, point.no_triple) == (4, 1)
    # class: MET amplification crizotinib found; the drug class is a false positive
    assert counts(klass.strict) == (1, 1, 0)
    assert counts(klass.lenient) == (1, 1, 0)
    assert (klass.statements, klass.no_triple) == (1, 0)
    assert counts(everything.strict) == (4, 2, 3)


def test_strict_counts_are_kept_per_citation_for_the_interval(civic, hand_predictions):
    point = cv.score_civic(civic.statements, hand_predictions)[cv.POINT]
    # one citation per statement in the sample; their counts add up to the category's
    assert len(point.by_citation) == 4
    assert sum(point.by_citation.values(), Metrics()) == point.strict
    low, high = cv.citation_interval(point.by_citation)
    assert 0.0 <= low <= point.strict.f1 <= high <= 1.0 and low < high
    assert cv.citation_interval(point.by_citation) == (low, high)  # seeded: the same every run


def test_citation_interval_resamples_papers_not_statements():
    # two papers that always agree leave no spread; one citation gives no interval
    assert cv.citation_interval({"p1": Metrics(2, 0, 0), "p2": Metrics(4, 0, 0)}) == (1.0, 1.0)
    assert cv.citation_interval({"p1": Metrics(2, 1, 1)}) is None
    # papers with nothing to find and nothing found leave a draw of them without F1: left out
    assert cv.citation_interval({"p1": Metrics(), "p2": Metrics()}) is None
    assert cv.citation_interval({"p1": Metrics(), "p2": Metrics(1, 0, 0)}) == (1.0, 1.0)
    # the same 20 right and 20 missed triples: spread over 40 papers they pin F1 down far
    # better than in two papers of 20 each (the many items CIViC files from one paper)
    many = {f"p{k}": Metrics(1, 0, 0) if k % 2 else Metrics(0, 0, 1) for k in range(40)}
    few = {"right": Metrics(20, 0, 0), "missed": Metrics(0, 0, 20)}
    width = [high - low for low, high in (cv.citation_interval(many), cv.citation_interval(few))]
    assert width[0] < width[1]


def test_lenient_ignores_the_relation(civic):
    predictions = [cv.predicted_triples(s.doc_id, [evidence(s.doc_id, "RET", "C634W", "Motesanib", "sensitivity")]
                                        if s.doc_id == "EID75" else []) for s in civic.statements]
    scores = cv.score_civic(civic.statements, predictions)
    assert counts(scores[cv.POINT].strict) == (0, 1, 6)
    assert counts(scores[cv.POINT].lenient) == (1, 0, 5)  # drug compared case-insensitively


def test_civic_error_reasons(civic, hand_predictions):
    errors = cv.civic_errors(civic.statements, hand_predictions)
    found = {(e.doc_id, e.kind, e.triple[3]): e.reason for e in errors}
    assert found == {
        ("EID15", "miss", "imatinib"): "no triple",
        ("EID91", "miss", "dabrafenib"): "wrong gene and mutation",
        ("EID91", "false_positive", "dabrafenib"): "wrong gene and mutation",
        ("EID303", "miss", "dasatinib"): "drug not found",
        ("EID735", "false_positive", "met/alk inhibitor"): "drug not in gold",
    }
    assert cv.classify_miss(("d", "RET", "c634w", "motesanib", "resistance"),
                            {("d", "RET", "c634w", "motesanib", "sensitivity")}) == "wrong relation"
    assert cv.classify_false_positive(("d", "RET", "m918t", "motesanib", "resistance"),
                                      {("d", "RET", "c634w", "motesanib", "resistance")}) == "wrong mutation"


def test_errors_file_lists_every_error(civic, hand_predictions, tmp_path):
    path = tmp_path / "errors.tsv"
    errors = cv.civic_errors(civic.statements, hand_predictions)
    write_errors({"civic": {"_errors": errors}}, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 5
    row = next(r for r in rows if r["doc_id"] == "EID91" and r["kind"] == "miss")
    assert row["gold_rows"] == "BRAF|v600e|dabrafenib|resistance"
    assert row["predicted_rows"] == "KRAS|g12d|dabrafenib|resistance"
    assert row["statement"] == "In a patient with V600E-positive NSCLC, KRAS G12D seemed to confer resistance to dabrafenib."
    assert next(r for r in rows if r["doc_id"] == "EID15")["predicted_rows"] == "-"


# --------------------------------------------------------------------------- BioRED


@pytest.fixture(scope="module")
def biored():
    return {d.document.doc_id: d for d in br.read_biored(BIORED)}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_read_biored_entities_and_correlation_pairs(biored):
    ts, hbv = biored["19082493"], biored["19889778"]
    assert ts.entities["D005472"].texts == {"5 fluorouracil", "5FU"}
    assert ts.pairs(br.VARIANT) == {("D005472", "c|INDEL||6")}  # written "variant first"
    assert ts.pairs(br.GENE) == {("D005472", "7298")}
    assert hbv.pairs(br.VARIANT) == {("D006514", "p|SUB|G|145|R")}  # a Negative_Correlation
    assert hbv.pairs(br.GENE) == set()  # Associations are not pairs


def test_alignment_by_mention_text_normal_form_and_gene_id(biored, lexicon):
    ts, hbv = br.Aligner(biored["19082493"], lexicon), br.Aligner(biored["19889778"], lexicon)
    assert ts.chemicals("fluorouracil", "5FU") == {"D005472"}
    assert ts.chemicals("fluorouracil", "fluorouracil") == set()  # the name is not written there
    assert ts.genes("TYMS", "TS") == {"7298"}
    assert ts.genes("TYMS", "thymidylate synthetase") == {"7298"}  # HGNC symbol → NCBI Gene 7298
    assert ts.genes("EGFR", "EGFR") == set()
    assert hbv.chemicals("hbsag", "HBSAG") == {"D006514"}
    assert hbv.variants("G145R") == {"p|SUB|G|145|R"}
    assert hbv.variants("M204V") == {"p|SUB|M|204|V"}
    assert br.variant_forms(biored["19082493"].entities["c|INDEL||6"]) == {"ins/del6bp"}  # "ins/del 6 bp"
    assert br.variant_forms(biored["19082493"].entities["c|DUP||28"]) == set()  # "28 bp variable number ..."
    assert br.variant_forms(br.Entity("p|SUB|V|600|E", br.VARIANT, {"valine 600 to glutamate"})) == {"v600e"}


def test_pair_scores_and_unalignable_gold_pairs(biored, lexicon):
    documents = [biored["19082493"], biored["19889778"]]

    def mention(doc_id, text, label, normalized):
        return Mention(doc_id, 0, len(text), text, label, normalized, Provenance.LEXICON)

    found = [
        ([mention("19082493", "5FU", Label.DRUG, "fluorouracil"), mention("19082493", "TS", Label.GENE, "TYMS")],
         [evidence("19082493", "TYMS", "amplification", "fluorouracil", drug_text="5FU", gene_text="TS",
                   tier="C")]),
        ([mention("19889778", "G145R", Label.MUTATION, "G145R"), mention("19889778", "HBsAg", Label.DRUG, "hbsag")],
         [evidence("19889778", "", "G145R", "hbsag", drug_text="HBsAg"),
          evidence("19889778", "", "M204I", "lamivudine"),
          evidence("19889778", "", "L180M", "lamivudine", negated=True)]),
    ]
    variants = br.score_pairs(documents, found, br.VARIANT, lexicon)
    # G145R–HBsAg found; M204I–lamivudine is no gold pair; the tier C row is no variant; the
    # negated row does not count; "ins/del 6 bp"–5FU has no resmine mutation to align to
    assert counts(variants.metrics) == (1, 1, 1)
    assert variants.gold_pairs == 2
    assert variants.unalignable == {"variant not found": 1}
    assert variants.unaligned == [("19082493", "5FU", "ins/del 6 bp", "variant not found")]
    genes = br.score_pairs(documents, found, br.GENE, lexicon)
    # TS–5FU found through the gene-level row; the three HBV rows have no gene: false positives
    assert counts(genes.metrics) == (1, 2, 0)
    assert genes.unalignable == {}
    no_mentions = br.score_pairs(documents, [([], []), ([], [])], br.GENE, lexicon)
    assert no_mentions.unalignable == {"chemical not found and gene not found": 1}


# --------------------------------------------------------------------------- through the pipeline


@pytest.fixture(scope="module")
def nlp():
    from resmine.nlp import load_pipeline

    return load_pipeline()


def test_civic_through_the_pipeline(nlp):
    result = evaluate_civic(nlp, CIVIC)
    scores = result["scores"]
    assert (result["statements"], result["skipped"]) == (5, {"N/A": 1})
    assert scores[cv.POINT].statements == 4 and scores[cv.CLASS].statements == 1
    # "RET C634W mutation are insensitive to motesanib": the simplest statement of the sample
    errors = result["_errors"]
    assert not [e for e in errors if e.doc_id == "EID75"]
    total = scores["all"].strict
    assert total.tp >= 1 and len(errors) == total.fp + total.fn
    lines = format_report({"config": "models/pipeline.cfg", "civic": result})
    assert lines[2] == "CIViC dev: 5 Predictive/Supports statements (4 point mutation, 1 class)"
    assert lines[3] == "skipped (other clinical significance): N/A 1 (1)"
    assert any(line.startswith("civic point mutation   strict ") for line in lines)
    assert any(line.startswith("civic point mutation   strict F1, 95% interval ") for line in lines)
    data = json.loads(to_json({"config": "x", "civic": result}))
    assert data["civic"]["point mutation"]["statements"] == 4
    assert data["civic"]["point mutation"]["citations"] == 4
    low, high = data["civic"]["point mutation"]["strict_f1_interval"]
    assert 0.0 <= low <= high <= 1.0


def test_gold_part_scores_a_corpus_per_tier(nlp, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "docs").mkdir(parents=True)
    (corpus / "gold").mkdir()
    sentence = "The ALK G1202R mutation confers resistance to ceritinib."
    (corpus / "docs" / "d1.txt").write_text(sentence + "\n", encoding="utf-8")
    (corpus / "gold" / "gold.tsv").write_text(
        "doc_id\tgene\tmutation\tdrug\trelation\ttier\tevidence\tnote\n"
        f"d1\tALK\tG1202R\tceritinib\tresistance\tA\t{sentence}\t\n"
        f"d1\tALK\tL1196M\tceritinib\tresistance\tB\t{sentence}\t\n", encoding="utf-8")
    report = evaluate_gold(nlp, corpus)["report"]
    assert counts(report.strict.by_tier["A"]) == (1, 0, 0)
    assert counts(report.strict.by_tier["B"]) == (0, 0, 1)
    lines = format_report({"config": "c", "gold": {"source": "g", "report": report}})
    assert "gold strict            tier A                  1.000  1.000  1.000   1/0/0" in lines
    assert lines[-1] == "gold                   negatives violated: 0 of 0"
    shutil.rmtree(corpus / "docs")
    with pytest.raises(EvaluationError, match="docs: not found"):
        evaluate_gold(nlp, corpus)


def test_cli_missing_data_file_is_one_line(tmp_path):
    (tmp_path / CIVIC_DEV).parent.mkdir(parents=True)
    result = CliRunner().invoke(main, ["eval-relations", "--data", str(tmp_path), "--only", "civic"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / CIVIC_DEV}: civic data file not found"]
    result = CliRunner().invoke(main, ["eval-relations", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "data folder not found" in result.output


def test_a_triple_of_a_sibling_item_of_the_same_text_is_no_false_positive(civic):
    # CIViC files one text once per drug: two items, one text, each with one of its drugs.
    first = civic.statements[2]
    second = cv.Statement("EID2", first.gene, first.variant, ("Trametinib",), first.relation, first.text)
    statements = [first, second]
    found = {(s.doc_id, first.gene, first.variant.lower(), drug, first.relation)
             for s in statements for drug in ("dabrafenib", "trametinib", "cisplatin")}
    predictions = [{t for t in found if t[0] == s.doc_id} for s in statements]
    kept = cv.without_sibling_triples(statements, predictions)
    assert {t[3] for t in kept[1]} == {"trametinib", "cisplatin"}  # the first item's drug is dropped
    assert "trametinib" not in {t[3] for t in kept[0]} and "cisplatin" in {t[3] for t in kept[0]}
    assert cv.without_sibling_triples(civic.statements[:2], [set(), set()]) == [set(), set()]
    # the same text copied with a doubled space is the same text (CIViC train EID1974, EID1977)
    spaced = cv.Statement("EID3", first.gene, first.variant, ("Trametinib",), first.relation,
                          first.text.replace(" ", "  ", 1))
    kept = cv.without_sibling_triples([first, spaced], [set(), {("EID3", *t[1:]) for t in found if t[0] == "EID2"}])
    assert {t[3] for t in kept[1]} == {"trametinib", "cisplatin"}


def test_tune_split_is_scored_without_its_errors(nlp, tmp_path):
    data = tmp_path / "data"
    (data / "corpora" / "civic").mkdir(parents=True)
    # EID75's citation moved into the tune split (a number whose seeded hash falls in it)
    tune_citation = next(str(n) for n in range(10**6) if is_tune(str(n)))
    lines = CIVIC.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split("\t")
    moved = []
    for line in lines:
        cells = line.rstrip("\n").split("\t")
        if len(cells) == len(header) and cells[header.index("evidence_id")] == "75":
            cells[header.index("citation_id")] = tune_citation
            line = "\t".join(cells) + "\n"
        moved.append(line)
    (data / "corpora" / "civic" / "civic_2021-08-01_train.tsv").write_text("".join(moved), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-relations", "--data", str(data), "--only", "civic",
                                       "--civic-split", "tune", "--errors", str(tmp_path / "e.tsv")])
    assert result.exit_code == 2 and "tune split's errors are never read" in result.output
    result = evaluate_civic(nlp, data / "corpora" / "civic" / "civic_2021-08-01_train.tsv", split="tune")
    assert result["statements"] == 1 and result["_errors"] == []
    assert result["scores"]["all"].strict.tp >= 1  # "RET C634W mutation are insensitive to motesanib"
    assert format_report({"config": "c", "civic": result})[2].startswith("CIViC tune: 1 ")
    # the rest of train is the split read for errors: EID75 is not in it, the others are
    rest = evaluate_civic(nlp, data / "corpora" / "civic" / "civic_2021-08-01_train.tsv", split="train")
    assert rest["statements"] == len(cv.read_civic(CIVIC).statements) - 1
    assert rest["_errors"] and all(error.doc_id != "EID75" for error in rest["_errors"])


def test_a_drug_named_otherwise_by_the_curator_is_matched_through_resmines_dictionary(civic, lexicon):
    statement = cv.Statement("EID9", "BRAF", "V600E", ("Trametinib Dimethyl Sulfoxide", "Dabrafenib"),
                             "sensitivity", "text")
    predicted = {("EID9", "BRAF", "v600e", "trametinib", "sensitivity"),
                 ("EID9", "BRAF", "v600e", "cobimetinib", "sensitivity")}
    assert cv.with_gold_drug_names(statement, predicted, lexicon) == {
        ("EID9", "BRAF", "v600e", "trametinib dimethyl sulfoxide", "sensitivity"),
        ("EID9", "BRAF", "v600e", "cobimetinib", "sensitivity")}
    assert "tioguanine" in cv.gold_drug_names("Thioguanine", lexicon)
    # a code the dictionary does not hold names the drug too (CIViC train EID744); not any word
    names = cv.gold_drug_names("FACT Complex-Targeting Curaxin CBL0137", lexicon)
    assert "cbl0137" in names and "curaxin" not in names and "fact" not in names


def test_civic_variant_names_give_the_class_resmine_writes():
    # CIViC's names (corpora/civic/README.md) against resmine's classes and changes.
    assert "fusion" in cv.civic_variant_names("EML4-ALK")
    assert "fusion" in cv.civic_variant_names("ALK FUSIONS")
    assert "fusion" in cv.civic_variant_names("FGFR2 fusions")
    assert "fusion" in cv.civic_variant_names("REARRANGEMENT")
    assert cv.civic_variant_names("BCR-ABL T315I") == {"bcr-abl t315i", "t315i"}
    assert cv.civic_variant_names("EML4-ALK  V1180L") == {"eml4-alk  v1180l", "v1180l"}  # two spaces, as filed
    assert cv.civic_variant_names("ALK FUSION G1202R") == {"alk fusion g1202r", "g1202r"}
    assert cv.civic_variant_names("ALK FUSION I1171") == {"alk fusion i1171", "codon 1171"}
    assert cv.civic_variant_names("V600") == {"v600", "codon 600"}
    assert cv.civic_variant_names("R200W (c.598C>T)") == {"r200w (c.598c>t)", "r200w"}
    assert {"overexpression", "underexpression"} <= cv.civic_variant_names("EXPRESSION")
    assert "methylation" in cv.civic_variant_names("PROMOTER METHYLATION")
    assert "methylation" in cv.civic_variant_names("PROMOTER HYPERMETHYLATION")
    assert "methylation" not in cv.civic_variant_names("PROMOTER DEMETHYLATION")
    assert "exon 14 skipping" in cv.civic_variant_names("EXON 14 SKIPPING MUTATION")
    assert cv.civic_variant_names("Q179X") == {"q179x", "q179*"}  # CIViC train EID4785: a stop codon
    # a compound of two changes is no fusion of two genes; a plain name stays itself
    assert cv.civic_variant_names("C1156Y-L1198F") == {"c1156y-l1198f"}
    assert cv.civic_variant_names("EML4-ALK C1156Y-L1198F") == {"eml4-alk c1156y-l1198f"}
    assert cv.civic_variant_names("MUTATION") == {"mutation"}
    assert cv.civic_variant_names("V600E") == {"v600e"}


def test_a_class_named_as_civic_names_it_matches_resmines_class():
    statement = cv.Statement("EID9", "ALK", "EML4-ALK", ("Alectinib",), "sensitivity", "text")
    predicted = {("EID9", "ALK", "fusion", "alectinib", "sensitivity"),
                 ("EID9", "EML4", "fusion", "alectinib", "sensitivity"),  # the partner: another gene
                 ("EID9", "ALK", "l1196m", "alectinib", "sensitivity")}
    renamed = cv.with_gold_variant_names(statement, predicted)
    assert renamed == {("EID9", "ALK", "eml4-alk", "alectinib", "sensitivity"),
                       ("EID9", "EML4", "fusion", "alectinib", "sensitivity"),
                       ("EID9", "ALK", "l1196m", "alectinib", "sensitivity")}
    strict, _, _ = cv.score_statement(statement, renamed)
    assert counts(strict) == (1, 2, 0)


def test_a_sibling_items_class_under_resmines_name_is_no_false_positive():
    # one text, two items: ALK's fusion with crizotinib, and its C1156Y with crizotinib
    text = "EML4-ALK ... crizotinib ... C1156Y"
    fusion = cv.Statement("EID1", "ALK", "EML4-ALK", ("Crizotinib",), "sensitivity", text)
    point = cv.Statement("EID2", "ALK", "C1156Y", ("Crizotinib",), "resistance", text)
    predicted = {("EID2", "ALK", "fusion", "crizotinib", "sensitivity"),
                 ("EID2", "ALK", "c1156y", "crizotinib", "resistance")}
    kept = cv.without_sibling_triples([fusion, point], [set(), predicted])
    assert kept[1] == {("EID2", "ALK", "c1156y", "crizotinib", "resistance")}

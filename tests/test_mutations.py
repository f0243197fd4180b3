"""Mutation grammar: supported notations, near misses, normal forms, classes, evaluation."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from resmine.mutations import (
    MutationMatch,
    extract_alteration_classes,
    extract_mutations,
    normalize_mutation,
)
from resmine.tools.mutations.corpora import MutationCorpusError
from resmine.tools.mutations.evaluate import main_eval, write_errors
from resmine.mutations.engine import scan
from resmine.mutations.notations import MIXED, NEAR_MISSES, NOTATIONS, format_notations
from resmine.paths import shared_dir

FIXTURES = Path(__file__).parent / "fixtures" / "mutations"


def found(text: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    return tuple((m.text, m.normalized, m.kind) for m in extract_mutations(text))


# --- the table of supported notations (one case per notation class) -------------------------

@pytest.mark.parametrize("sentence,expected", [(s, e) for _, s, e in NOTATIONS],
                         ids=[name for name, _, _ in NOTATIONS])
def test_notation(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize("sentence", [s for _, s in NEAR_MISSES], ids=[name for name, _ in NEAR_MISSES])
def test_near_miss_is_not_a_mutation(sentence):
    assert found(sentence) == ()


# Which forms the evaluation counts with tmVar's guideline (main row) and which only with the
# prose forms: tmVar dev tags neither the word forms nor genotypes, BioRED dev tags both
# (models/README.md, "Prose substitutions and genotypes").
@pytest.mark.parametrize("sentence,span,prose", [
    ("a lysine at amino acid position 512 by glutamine", "lysine at amino acid position 512 by glutamine", True),
    ("a G to A transition at nucleotide 1186", "G to A transition at nucleotide 1186", True),
    ("the -1082 GG genotype", "-1082 GG", True),
    ("the -174 G/C genotype", "-174 G/C", False),
    ("the 145asp----asn change", "145asp----asn", False),
    ("a substitution of C2401 by A", "C2401 by A", False),
    # ninth session (models/README.md, "Alleles, sized indels and more prose")
    ("a C-to-T substitution at -31", "C-to-T substitution at -31", True),
    ("an R to G mutation at position 76", "R to G mutation at position 76", True),
    ("a substitution of lysine for glutamic acid at amino acid 325", "lysine for glutamic acid at amino acid 325", True),
    ("the -395A carriers", "-395A", True),
    ("the T allele at -511", "T allele at -511", True),
    ("the IL1B-31TT polymorphism", "-31TT", True),
    ("PON1 192RR homozygosity", "192RR", True),
    ("the D487_S488_F489 deletion", "D487_S488_F489 deletion", True),
    ("a T to G transversion in exon 10", "T to G", True),
    ("the (CCTTT)14 allele", "(CCTTT)14", True),
    ("the PON1 192Q/R polymorphism", "192Q/R", False),
    ("HBV sG145R", "G145R", False),
    ("TRPV6(Delta695-725)", "Delta695-725", False),
    # ninth session, HGVS breadth (models/README.md, "HGVS breadth"): tmVar-guideline notations
    ("the p.*110Glnext*17 variant", "p.*110Glnext*17", False),
    ("the p.Cys188= variant", "p.Cys188=", False),
    ("the g.123_124[14] allele", "g.123_124[14]", False),
    ("the c.1798_1799GT>AA change", "c.1798_1799GT>AA", False),
    ("the p.Gly12Asp/Val alleles", "p.Gly12Asp/Val", False),
    ("the c.(76A>C) change", "c.(76A>C)", False),
    ("a p.K212[K,X] change", "p.K212[K,X]", False),
    ("the m.8993T>C/G change", "m.8993T>C/G", False),
    ("the p.[Arg97Gly(;)Arg98Gly] change", "p.[Arg97Gly(;)Arg98Gly]", False),
])
def test_prose_or_main_row(sentence, span, prose):
    assert [(sentence[c.start:c.end], c.prose) for c in scan(sentence)] == [(span, prose)]


@pytest.mark.parametrize("sentence,expected", MIXED)
def test_false_friend_next_to_a_mutation(sentence, expected):
    assert tuple(m.text for m in extract_mutations(sentence)) == expected


def test_notation_table_prints():
    table = format_notations()
    assert table.count("\n|") >= len(NOTATIONS)
    assert "H3122" in table


# --- invariants of the interface ---------------------------------------------------------

PARAGRAPH = (
    "Acquired resistance to gefitinib arises through EGFR T790M (c.2369C>T) or MET amplification; "
    "BRAFV600E and BRAF-V600E melanomas, ALK F1174C/L and the EML4–ALK fusion in H3122 cells, "
    "KRAS G12 mutations, exon 19 deletions (E746_A750del), rs121434568, IVS8+4 A>G and "
    "valine 600 to glutamic acid were all reported (p<0.05, Fig. 2A)."
)


def test_matches_are_sorted_non_overlapping_and_exact():
    matches = extract_mutations(PARAGRAPH)
    assert matches, "nothing found"
    for m in matches:
        assert isinstance(m, MutationMatch)
        assert PARAGRAPH[m.start:m.end] == m.text
        assert m.kind in ("protein", "dna", "snp", "class", "fusion")
        assert m.normalized and all(m.normalized)
        if m.gene_text is not None and m.kind != "fusion":
            assert m.start <= m.gene_start < m.gene_end <= m.end
            assert PARAGRAPH[m.gene_start:m.gene_end] == m.gene_text
    starts = [m.start for m in matches]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))
    texts = [m.text for m in matches]
    assert "H3122" not in " ".join(texts) and "0.05" not in " ".join(texts)


def test_gene_prefix_is_reported():
    glued, hyphen = extract_mutations("BRAFV600E and BRAF-V600E")
    assert (glued.gene_text, glued.gene_start, glued.gene_end, glued.normalized) == ("BRAF", 0, 4, ("V600E",))
    assert (hyphen.gene_text, hyphen.text, hyphen.normalized) == ("BRAF", "BRAF-V600E", ("V600E",))
    (spaced,) = extract_mutations("EGFR T790M")
    assert spaced.text == "T790M" and spaced.gene_text is None


def test_mutations_of_an_exon_are_a_class_with_the_gene_between_or_not():
    # CIViC train EID35 ("Exon 2 KRAS mutations"); near misses: no exon word, an adjective
    (m,) = extract_mutations("Exon 2 KRAS mutations were associated with resistance")
    assert (m.kind, m.normalized, m.text) == ("class", ("exon 2 mutation",), "Exon 2 KRAS mutations")
    (m,) = extract_mutations("KIT exon 11 mutation")
    assert m.normalized == ("exon 11 mutation",)
    assert extract_mutations("2 KRAS mutations") == []
    # CIViC train EID2466: the participle and the adjective name the exon's mutation class too
    (m,) = extract_mutations("Of patients harboring KIT exon 9 mutated GISTs, 11 (47.8%) had a partial response")
    assert (m.normalized, m.text) == (("exon 9 mutation",), "exon 9 mutated")
    (m,) = extract_mutations("an exon 11-mutant GIST")
    assert m.normalized == ("exon 11 mutation",)


def test_a_mutation_in_an_exon_is_the_exons_mutation_class_with_the_gene_between_or_not():
    # CIViC train EID1219, EID993, EID2471 (fourteenth round), hand-written in their shape
    (m,) = extract_mutations("Somatic mutations in NRAS exon 3 predicted a poor outcome")
    assert (m.kind, m.normalized, m.text) == ("class", ("exon 3 mutation",), "mutations in NRAS exon 3")
    (m,) = extract_mutations("a single mutation in the exon 18 of the receptor")
    assert (m.normalized, m.text) == (("exon 18 mutation",), "mutation in the exon 18")
    # near misses: an exon sequenced, not mutated; a lower-case word between is no gene
    assert extract_mutations("DNA was sequenced in NRAS exon 3 in all patients") == []
    assert extract_mutations("mutations in coding exon 3") == []


def test_exons_listed_after_a_mutation_word_are_each_a_mutation_class():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt); near miss: exons sequenced
    (m,) = extract_mutations("demonstrated distinct mutations in the kinase domain of the EGF receptor, "
                             "most often in exons 19 and 21 (Lynch et al., 2004)")
    assert (m.text, m.normalized) == ("exons 19 and 21", ("exon 19 mutation", "exon 21 mutation"))
    assert extract_mutations("Tumour DNA was sequenced in exons 19 and 21.") == []


def test_fusion_partners_joined_by_hyphen():
    (m,) = extract_mutations("the EML4–ALK variant 3")
    assert (m.kind, m.normalized, m.gene_text) == ("fusion", ("fusion",), "EML4-ALK")
    (m,) = extract_mutations("BCR-ABL1 positive")
    assert m.gene_text == "BCR-ABL1"


@pytest.mark.parametrize("written,normal", [
    ("p.V600E", ("V600E",)), ("V600E", ("V600E",)), ("p.(Val600Glu)", ("V600E",)),
    ("R213X", ("R213*",)), ("Arg213Ter", ("R213*",)), ("1151Tins", ("T1151ins",)),
    ("T1151ins", ("T1151ins",)), ("F1174C/L", ("F1174C", "F1174L")), ("c.2573T>G", ("c.2573T>G",)),
    ("c.1799 T>A", ("c.1799T>A",)), ("rs121434568", ("rs121434568",)), ("exon 19 del", ("exon 19 deletion",)),
    ("Leu100ProfsTer5", ("L100Pfs*5",)), ("  T790M ", ("T790M",)),
    ("not a mutation", ()), ("V600E and T790M", ()), ("", ()), ("H3122", ()),
])
def test_normalize_mutation(written, normal):
    assert normalize_mutation(written) == normal


# --- gene-level alteration words ---------------------------------------------------------

@pytest.mark.parametrize("sentence,classes", [
    ("MET amplification and co-amplification; ERBB2 amplified", ["amplification"] * 3),
    # EID1497 (CIViC dev): "tumors positive for KRAS gene copy gains"
    ("KRAS gene copy gains and RAF1 copy gain", ["amplification"] * 2),
    ("Higher expression of NQO1", ["overexpression"]),
    ("HER2 overexpression, overexpressed AXL, up-regulation and increased expression",
     ["overexpression"] * 4),
    # the gene written inside: the review seed (../shared/seeds/000_0792c4f2a95b5666.txt)
    ("increased cyclin D1 expression and an increase in CRAF protein expression", ["overexpression"] * 2),
    ("ALK fusion, ROS1 rearrangements and a translocation", ["fusion"] * 3),
    ("PTEN loss and CDKN2A deletions", ["loss", "deletion"]),
    ("SMAD4 underexpression and ATM deficiency", ["underexpression", "loss"]),
    ("BRCA2 reversion mutations", ["reversion", "mutation"]),
    ("EGFR mutant, mutated KRAS and TP53 mutations", ["mutation"] * 3),
    ("EGFR activation and activating signals", ["activation"]),  # "activating" qualifies a mutation
    ("a loss-of-function variant", []),
    # CIViC's METHYLATION / PROMOTER METHYLATION classes
    ("MGMT promoter methylation, methylated SULF2 and RASSF1A hypermethylation", ["methylation"] * 3),
    # glued to the gene by a hyphen, a compound adjective (CIViC train EID1105, EID1990)
    ("FGFR1-amplified breast cancer cell lines", ["amplification"]),
    ("KRAS-mutant and ALK-rearranged tumours", ["mutation", "fusion"]),
    ("co-amplification of MET", ["amplification"]),
    # a gene's expression: a level (CIViC train EID821), a direction written before the gene
    # (EID846, EID2901), an experiment that expresses a mutant (CIViC dev EID964)
    ("PDCD4 expression was associated with response to paclitaxel", ["expression"]),
    ("High AREG expression in tumor cells was associated with reduced overall survival", ["overexpression"]),
    ("low MGMT mRNA expression was strongly predictive", ["underexpression"]),
    # ... or after it (CIViC train EID151; written while reading CIViC dev EID1729)
    ("CD33 expression was significantly increased in patients with NPM1 mutation", ["overexpression", "mutation"]),
    ("PDCD4 expression was analyzed in tumours and decreased survival was seen", ["expression"]),
    ("Expression of this mutant EGFR construct in a cell line", ["mutation"]),
    # ... or a named change (CIViC train EID1254, EID1288); a gene alone after "of" stays a level
    ("Expression of CD74–ROS1 G2032R in Ba/F3 cells conferred resistance to crizotinib", []),
    ("Ectopic expression of EML4-ALK V1180L rendered Ba/F3 cells moderately less sensitive", []),
    ("expression of EGFR in tumour samples", ["expression"]),
    ("mutations in the activation loop and the VP16 activation domain", ["mutation"]),
    # FLT3's internal tandem duplication, CIViC's ITD (CIViC train EID7369, EID1112); no
    # ITD inside a longer word
    ("the FLT3-ITD mutation in MV4-11 cells", ["ITD", "mutation"]),
    ("FLT3 ITD mutations (n=35) and an internal tandem duplication", ["ITD", "mutation", "ITD"]),
    ("BITD and ITDX scores", []),
    # a gene's gain is a copy gain, its LOH a loss (twelfth round, CIViC train EID888, EID1493);
    # a gain of function is neither
    ("MYC gain was seen in 12 tumours and ATM gains in two", ["amplification", "amplification"]),
    ("tumours with RB1 LOH and a gain-of-function change", ["loss"]),
    # the mRNA or protein levels of a gene are its expression (CIViC train EID808, EID929); a
    # level word after them gives the direction, as after "expression"
    ("Serum protein levels of ABCB1 were associated with response", ["expression"]),
    ("tissue mRNA levels of ABCB1 were lower in the sensitive group", ["underexpression"]),
    ("mRNA levels in the cells and levels of ABCB1", []),
    # an expression knocked down or silenced is lowered (CIViC train EID1118)
    ("HeLa cells with MYC expression knocked-down and BCL2 expression silenced", ["underexpression", "underexpression"]),
    # a word broken at a line end: the review seed (../shared/seeds/000_0792c4f2a95b5666.txt)
    ("found that muta-\ntions in NRAS may lead to resistance; HER2 over-\nexpressing cells",
     ["mutation", "overexpression"]),
])
def test_alteration_classes(sentence, classes):
    matches = extract_alteration_classes(sentence)
    assert [m.normalized[0] for m in matches] == classes
    assert all(m.kind == "class" and sentence[m.start:m.end] == m.text for m in matches)


def test_the_shipped_class_table_is_scanned_on_lower_cased_text_with_the_same_words():
    """A capital in any row of alteration_classes.tsv sends the scan back to case folding, at
    half its speed: the table is written in lower case, and capitals in the text still match."""
    from resmine.mutations.classes import _class_rules

    assert _class_rules().lower_case_word is not None
    sentence = "FLT3-ITD and high MGMT mRNA Expression; KRAS MUTATIONS"
    assert [m.normalized[0] for m in extract_alteration_classes(sentence)] == ["ITD", "overexpression", "mutation"]


def test_a_word_scoped_to_table_rows_is_read_only_in_one():
    from resmine.model import Passage

    text = "wild-type EGFR\nwild-type\t0.5\t12"
    row = Passage("table_row", "", text.index("\n") + 1, len(text))
    assert extract_alteration_classes(text) == []
    found = extract_alteration_classes(text, [Passage("paragraph", "", 0, row.start - 1), row])
    assert [(m.start, m.normalized) for m in found] == [(row.start, ("wild-type",))]


def test_alteration_words_stay_out_of_the_grammar():
    assert found("MET amplification, HER2 overexpression, ALK rearrangement and PTEN loss") == ()


# --- robustness and speed -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "1" * 20000, "A" * 20000, "A1" * 5000, "c." * 5000, "Ala" * 5000, "-" * 20000, "G>" * 5000,
    "V600E/" * 2000, "alanine 12 " * 1000, "del" * 5000, "rs" * 5000, "AB-CD " * 3000,
])
def test_pathological_input_is_fast(text):
    # Not a speed target (benchmarks/bench_mutations.py measures that): a guard against
    # catastrophic backtracking, which takes minutes, not the milliseconds these take.
    t0 = time.perf_counter()
    extract_mutations(text)
    assert time.perf_counter() - t0 < 2.0


# --- evaluation --------------------------------------------------------------------------

def test_eval_on_fixture(tmp_path):
    lines: list[str] = []
    errors: dict = {}
    results = main_eval(FIXTURES, echo=lines.append, errors=errors)
    tm = results["tmvar"]
    assert tm["role"] == "development" and set(tm) >= {"dev", "tune"}
    assert (tm["dev"]["documents"], tm["tune"]["documents"]) == (1, 1)  # 1002 is a tune document
    together = [tm[part]["all"] for part in ("dev", "tune")]
    assert sum(x["tp"] for x in together) == 8 and sum(x["fp"] + x["fn"] for x in together) == 0
    assert sum(tm[part]["ProteinMutation"]["tp"] for part in ("dev", "tune")) == 4
    assert sum(tm[part]["SNP"]["tp"] for part in ("dev", "tune")) == 1
    mf = results["mutationfinder"]
    assert (mf["dev"]["tp"], mf["dev"]["fp"], mf["dev"]["fn"]) == (3, 1, 0)  # P13K is a deliberate false positive
    assert mf["dev"]["p"] == pytest.approx(0.75) and mf["tune"]["documents"] == 1  # 3002, nothing to find
    norm = results["tmvar_norm"]["dev"]
    assert (norm["ids"], norm["ids_found"], norm["spans"], norm["spans_found"]) == (2, 2, 3, 3)
    table = lines[0]
    assert "MutationFinder" in table and "tmVar" in table and "tune-dev" in table
    assert errors["mutationfinder"] == [("FP", "3001", "P13K")]
    out = tmp_path / "errors.tsv"
    assert write_errors(errors, out) == 1
    assert out.read_text().splitlines()[1].startswith("mutationfinder\tFP\t3001")


def test_figures_give_an_interval_over_documents_when_given_their_counts():
    from resmine.score.metrics import Metrics
    from resmine.tools.mutations.evaluate import document_figures, figures

    per_document = [Metrics(2, 1, 0), Metrics(1, 0, 0), Metrics(0, 0, 1)]
    out = document_figures(per_document)
    low, high = out["f1_interval"]
    assert (out["tp"], out["fp"], out["fn"]) == (3, 1, 1) and low <= out["f1"] <= high and low < high
    assert "f1_interval" not in figures(Metrics(3, 1, 1))


def _with_a_tune_miss(tmp_path: Path) -> Path:
    """The fixture corpora with a gold mention the grammar cannot find, in tune document 1002
    and in dev document 1001."""
    shutil.copytree(FIXTURES / "corpora", tmp_path / "corpora")
    tmvar = tmp_path / "corpora" / "mutations" / "tmvar1" / "train.PubTator.txt"
    records = tmvar.read_bytes().rstrip(b"\r\n").split(b"\r\n\r\n")
    records = [r + b"\r\n" + r.split(b"|", 1)[0] + b"\t0\t1\tA\tProteinMutation\tp|SUB|A|1|A" for r in records]
    tmvar.write_bytes(b"\r\n\r\n".join(records) + b"\r\n\r\n")
    return tmp_path


def test_tune_errors_are_counted_but_never_listed(tmp_path):
    errors: dict = {}
    results = main_eval(_with_a_tune_miss(tmp_path), echo=lambda _: None, errors=errors)
    assert results["tmvar"]["dev"]["all"]["fn"] == 1 and results["tmvar"]["tune"]["all"]["fn"] == 1
    assert [row[:2] for row in errors["tmvar"]] == [("FN", "1001")]  # never 1002's
    assert not {"seth", "osiris", "variome"} & set(errors)  # test sets: figures only


def test_biored_dev_variants_are_a_development_corpus(tmp_path):
    from resmine.tools.mutations.corpora import read_biored_variants

    shutil.copytree(FIXTURES / "corpora", tmp_path / "corpora")
    biored = tmp_path / "corpora" / "biored" / "Dev.PubTator"
    biored.parent.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "ner" / "corpora" / "biored" / "Dev.PubTator", biored)
    docs = read_biored_variants(biored)
    assert [len(d.mentions) for d in docs] == [4, 0, 8]  # SequenceVariant only; 15096016 has none
    errors: dict = {}
    results = main_eval(tmp_path, echo=lambda _: None, errors=errors)["biored"]
    assert results["role"] == "development" and (results["dev"]["documents"], results["tune"]["documents"]) == (2, 1)
    x = results["dev"]["all"]
    assert x["tp"] + x["fn"] == 12 and results["tune"]["all"]["tp"] + results["tune"]["all"]["fn"] == 0
    assert len(errors["biored"]) == x["fp"] + x["fn"]


def test_test_sets_are_scored_whole_on_real_fixtures():
    from resmine.tools.mutations.corpora import read_osiris, read_seth, read_variome
    from resmine.tools.mutations.evaluate import tmvar_level

    base = FIXTURES / "corpora" / "mutations"
    gold = {"seth": read_seth(base / "seth"), "osiris": read_osiris(base / "osiris" / "OSIRIScorpusv01.xml"),
            "variome": read_variome(base / "variome")}
    assert [len(d.mentions) for d in gold["seth"]] == [9]  # the RS mentions; genes are not variants
    assert [m[2] for m in gold["osiris"][0].mentions] == [
        "Arg677Trp", "Arg677Trp polymorphism (C2029T nucleotide substitution)"]
    assert [m[2] for m in gold["variome"][0].mentions] == ["Lys618Ala", "p.Val600Glu"]
    for docs in gold.values():
        assert all(d.text[s:e] == t for d in docs for s, e, t, _, _ in d.mentions)
    lines: list[str] = []
    results = main_eval(FIXTURES, echo=lines.append)
    for key, docs in gold.items():
        assert results[key]["role"] == "test" and set(results[key]) == {"file", "role", "test"}
        x = results[key]["test"]["all"]
        assert x["tp"] + x["fn"] == sum(len(d.mentions) for d in docs)
        assert x["tp"] + x["fp"] == sum(len(tmvar_level(d.text)) for d in docs)
    assert "SETH (1 docs), exact span" in lines[0] and "test: P" in lines[0]


def test_variome_variants_are_the_mutations_written_with_a_position(tmp_path):
    from resmine.tools.mutations.corpora import read_variome

    data = tmp_path / "data"
    data.mkdir()
    (data / "p1.txt").write_text("Two mutations were found: V600E and an exon 4 deletion.", encoding="utf-8")
    (data / "p1.ann").write_text("T1\tmutation 4 13\tmutations\nT2\tmutation 26 31\tV600E\n"
                                 "T3\tgene 0 3\tTwo\nR1\thas Arg1:T3 Arg2:T2\n", encoding="utf-8")
    assert [m[2] for m in read_variome(tmp_path)[0].mentions] == ["V600E"]
    (data / "p1.ann").write_text("T1\tmutation 4 14\tmutations\n", encoding="utf-8")
    with pytest.raises(MutationCorpusError, match="p1.ann: line 1: offsets 4-14"):
        read_variome(tmp_path)


def test_cli_eval_mutations_parts_json_and_refusals(tmp_path):
    from click.testing import CliRunner

    from resmine.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["eval-mutations", "--data", str(FIXTURES), "--part", "tune",
                                  "--errors", str(tmp_path / "e.tsv")])
    assert result.exit_code == 2 and "tune split's errors are never read" in result.output
    assert not (tmp_path / "e.tsv").exists()
    result = runner.invoke(main, ["eval-mutations", "--data", str(FIXTURES), "--part", "tune",
                                  "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "s.json").read_text())
    assert "dev" not in scores["tmvar"] and scores["tmvar"]["tune"]["documents"] == 1
    assert scores["seth"]["test"]["documents"] == 1
    broken = _with_a_tune_miss(tmp_path / "broken")
    (broken / "corpora" / "mutations" / "seth" / "annotations" / "19847796.ann").write_text("T1\tSNP x\n")
    result = runner.invoke(main, ["eval-mutations", "--data", str(broken)])
    assert result.exit_code == 1 and "19847796.ann: line 1" in result.output
    assert "OSIRIS" in result.output  # the other corpora are still scored


def test_eval_without_corpora_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        main_eval(tmp_path, echo=lambda _: None)


def test_cli_eval_mutations(tmp_path):
    from click.testing import CliRunner

    from resmine.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["eval-mutations", "--data", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "Protein+DNA+SNP" in result.output and "MutationFinder" in result.output
    result = runner.invoke(main, ["eval-mutations", "--notations"])
    assert result.exit_code == 0 and "p.(Val600Glu)" in result.output
    result = runner.invoke(main, ["eval-mutations", "--data", str(tmp_path)])
    assert result.exit_code != 0 and str(tmp_path) in result.output


SHARED_MUTATIONS = shared_dir() / "data" / "corpora" / "mutations"


@pytest.mark.skipif(not (SHARED_MUTATIONS / "tmvar1").is_dir(), reason="shared mutation corpora not present")
def test_targets_on_shared_development_data():
    """The issue's targets, on the development splits (takes about a second)."""
    results = main_eval(SHARED_MUTATIONS, echo=lambda _: None)
    tm = results["tmvar"]["dev"]
    assert tm["all"]["f1"] >= 0.92
    for typ in ("ProteinMutation", "DNAMutation", "SNP"):
        assert tm[typ]["f1"] >= 0.92, typ
    mf = results["mutationfinder"]["dev"]
    assert mf["p"] >= 0.97 and mf["r"] >= 0.92
    assert results["tmvar_norm"]["dev"]["id_recall"] == 1.0


def test_eval_finds_held_back_test_files(tmp_path):
    """A held-back folder has test files (test.PubTator.txt, test_set.txt, ...Normalization.test.txt)."""
    src = FIXTURES / "corpora" / "mutations"
    dst = tmp_path / "corpora" / "mutations"
    for rel, new in (("tmvar1/train.PubTator.txt", "tmvar1/test.PubTator.txt"),
                     ("mutationfinder/devo_set.txt", "mutationfinder/test_set.txt"),
                     ("mutationfinder/devo_gold_std.txt", "mutationfinder/test_gold_std.txt"),
                     ("tmvar_norm/tmVar.Normalization.dev.txt", "tmvar_norm/tmVar.Normalization.test.txt")):
        (dst / new).parent.mkdir(parents=True, exist_ok=True)
        (dst / new).write_bytes((src / rel).read_bytes())
    biored = tmp_path / "corpora" / "biored" / "Test.PubTator"
    biored.parent.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "ner" / "corpora" / "biored" / "Dev.PubTator", biored)
    results = main_eval(tmp_path, echo=lambda _: None)
    assert results["biored"]["file"].endswith("Test.PubTator") and results["biored"]["test"]["documents"] == 3
    assert results["tmvar"]["file"].endswith("test.PubTator.txt") and results["tmvar"]["test"]["all"]["tp"] == 8
    assert results["mutationfinder"]["file"].endswith("test_set.txt") and results["mutationfinder"]["test"]["tp"] == 3
    assert results["tmvar_norm"]["test"]["ids_found"] == 2
    assert all(set(r) == {"file", "role", "test"} for r in results.values())  # held back: scored whole


def test_the_a375p_cell_line_is_no_change():
    # the parental A375 melanoma line (Cellosaurus); hand-written, in the wording of CIViC dev
    # EID1534 ("compared to the BRAF V600E-containing A375P cell line")
    assert [m.text for m in extract_mutations("compared to the BRAF V600E-containing A375P cell line")] == ["V600E"]
    # near miss: another residue change at the same position is still one
    assert [m.text for m in extract_mutations("the A375T mutation")] == ["A375T"]


def test_a_fusion_named_in_frame_is_a_fusion():
    # hand-written (no shared training text writes it), in the wording of CIViC dev EID724
    assert found("a melanoma cell line with AGK-BRAF in-frame fusion") == (("AGK-BRAF", ("fusion",), "fusion"),)
    # near miss: a frame word alone does not make two joined names a fusion
    assert found("the AGK-BRAF in-frame region") == ()

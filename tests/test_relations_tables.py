"""Drug-response tables: a row's effect from its IC50/GI50/Ki against the wild-type row.

Real tables: Table 2 of the seed ``004_6ba3e53289bda641.txt`` (ceritinib and crizotinib IC50s of
Ba/F3 EML4-ALK variants; ``tests/fixtures/relations/seed004_table2.txt``, copied unchanged, and
the same table as JATS markup, ``seed004_table2.nxml``), Table 1 of the seeds (a frequency
column) and Table 3 of the PLoS ONE JATS in ``../shared/data/eutils/`` (apparent Ki columns,
no reference row). Near-misses are these tables with one thing changed, said in each test.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from resmine.model import Document
from resmine.nlp import annotate, load_pipeline
from resmine.paths import shared_dir
from resmine.readers.jats import read_jats
from resmine.readers.txt import parse_txt
from resmine.relations import RelationRules, TableSettings, extract_evidence
from resmine.relations.tables import (
    Potency,
    fold_relation,
    header_unit,
    is_potency_header,
    is_reference_label,
    parse_potency,
    potency_columns,
    table_references,
)

FIXTURES = Path(__file__).parent / "fixtures" / "relations"
TABLE_2 = (FIXTURES / "seed004_table2.txt").read_text(encoding="utf-8")
TABLE_2_JATS = (FIXTURES / "seed004_table2.nxml").read_text(encoding="utf-8")
PLOS_JATS = shared_dir() / "data" / "eutils" / "pmc_oa_jats_plosone_with_tables.nxml"
RULES = RelationRules.load()
LABELLED = TableSettings(potency_when_labelled=True)

# What the label column of Table 2 says ("Sensitivity to Ceritinib": Sensitive/Resistant).
CERITINIB_LABELS = {
    ("wild-type", "ceritinib", "sensitivity"), ("L1196M", "ceritinib", "sensitivity"),
    ("G1269A", "ceritinib", "sensitivity"), ("S1206Y", "ceritinib", "sensitivity"),
    ("I1171T", "ceritinib", "sensitivity"), ("F1174C", "ceritinib", "resistance"),
    ("C1156Y", "ceritinib", "resistance"), ("G1202R", "ceritinib", "resistance"),
}
# Crizotinib IC50 over the wild-type's 229 nM: 499/229 = 2.2, 599/229 = 2.6, 368/229 = 1.6,
# 425/229 = 1.9 (no effect); >1000/229 > 4.4 and 948/229 = 4.1 (resistance).
CRIZOTINIB_FOLDS = {
    ("L1196M", "crizotinib", "no_effect"), ("G1269A", "crizotinib", "no_effect"),
    ("S1206Y", "crizotinib", "no_effect"), ("I1171T", "crizotinib", "no_effect"),
    ("F1174C", "crizotinib", "resistance"), ("C1156Y", "crizotinib", "resistance"),
    ("G1202R", "crizotinib", "resistance"),
}
# Ceritinib IC50 over the wild-type's 21 nM: 36/21 = 1.7, 33/21 = 1.6, 29/21 = 1.4,
# 44/21 = 2.1 (no effect); 164/21 = 7.8, 108/21 = 5.1, 149/21 = 7.1 (resistance).
CERITINIB_FOLDS = {
    ("L1196M", "ceritinib", "no_effect"), ("G1269A", "ceritinib", "no_effect"),
    ("S1206Y", "ceritinib", "no_effect"), ("I1171T", "ceritinib", "no_effect"),
    ("F1174C", "ceritinib", "resistance"), ("C1156Y", "ceritinib", "resistance"),
    ("G1202R", "ceritinib", "resistance"),
}


@pytest.fixture(scope="module")
def mentions_nlp():
    return load_pipeline(without_relations=True)


def read(nlp, document: Document, settings: TableSettings = TableSettings()) -> set[tuple[str, str, str]]:
    """(mutation, drug, relation) of the document's table rows; every one must be ALK, tier A."""
    annotated = next(annotate(nlp, [document]))
    rows = extract_evidence(annotated.document, annotated.sentences, annotated.mentions, RULES,
                            table_settings=settings)
    rows = [r for r in rows if r.passage_kind == "table_row"]
    assert {(r.gene, r.tier) for r in rows} <= {("ALK", "A")}
    return {(r.mutation, r.drug, r.relation) for r in rows}


def edit_columns(text: str, edit) -> str:
    """The text with each table line's cells passed through ``edit`` (list -> list)."""
    return "\n".join("\t".join(edit(line.split("\t"))) if "\t" in line else line for line in text.split("\n"))


def without_label_column(cells: list[str]) -> list[str]:
    return cells[:3] + cells[4:]


# --------------------------------------------------------------------------- cells and columns


def test_potency_headers_and_units_of_real_tables():
    assert is_potency_header("Ceritinib IC50 / GI50 (nM)") and header_unit("Ceritinib IC50 / GI50 (nM)") == 1.0
    assert is_potency_header("Apparent Ki (µM)") and header_unit("Apparent Ki (µM)") == 1000.0
    assert is_potency_header("EC50, μmol/L") and header_unit("EC50, μmol/L") == 1000.0
    assert header_unit("Kma (mM)") == 1e6 and not is_potency_header("Kma (mM)")
    # near-misses: a label column, a frequency column (seed Table 1s), a molar-excess column
    # (PLoS ONE Table 3), a percentage of a potency, a knock-in
    for header in ("Sensitivity to Ceritinib", "Frequency (%)", "Frequency in Crizotinib-Resistant Patients",
                   "xI50", "Inhibition at IC50 (%)", "KI mice", "Ki-67 index", "Ki 67"):
        assert not is_potency_header(header), header


def test_potency_values():
    # cells of seed 004 Table 2 and PLoS ONE Tables 2-3
    assert parse_potency("21", 1.0) == Potency(21.0, 21.0, True)
    assert parse_potency(">1000", 1.0) == Potency(1000.0, math.inf, True)
    assert parse_potency("7.2±0.7", 1000.0) == Potency(7200.0, 7200.0, True)
    assert parse_potency("<0.1", None) == Potency(0.0, 0.1, False)
    # thousands, spread, ranges, a unit in the cell (mixed units in one column), footnotes
    assert parse_potency("1,200", 1.0) == Potency(1200.0, 1200.0, True)
    assert parse_potency("12 ± 3", 1.0) == Potency(12.0, 12.0, True)
    assert parse_potency("10–20 nM", 1000.0) == Potency(10.0, 20.0, True)
    assert parse_potency("1.2 µM", 1.0) == Potency(1200.0, 1200.0, True)
    assert parse_potency("0.5 mM", None) == Potency(500000.0, 500000.0, True)
    assert parse_potency("36a", 1.0) == Potency(36.0, 36.0, True)
    for cell in ("ND", "—", "", "[2][19]", "Sensitive", "1,2", "20-10", "2/24 cases", "12" + " " * 5000 + "x"):
        assert parse_potency(cell, 1.0) is None, cell


def test_fold_change_thresholds():
    settings = TableSettings()
    nm = lambda cell: parse_potency(cell, 1.0)  # noqa: E731
    assert fold_relation(nm("164"), nm("21"), settings) == "resistance"  # 7.8
    assert fold_relation(nm("36"), nm("21"), settings) == "no_effect"  # 1.7
    assert fold_relation(nm(">1000"), nm("229"), settings) == "resistance"  # more than 4.4
    assert fold_relation(nm("63"), nm("21"), settings) == "resistance"  # exactly 3
    assert fold_relation(nm("10.5"), nm("21"), settings) == "sensitivity"  # exactly 0.5
    assert fold_relation(nm("<5"), nm("21"), settings) == "sensitivity"
    assert fold_relation(nm("1.2 µM"), nm("229"), settings) == "resistance"  # 5.2, units mixed
    # undecided: a bound or range on both sides of a threshold; a unit on one side only
    assert fold_relation(nm(">50"), nm("21"), settings) is None
    assert fold_relation(nm("40-80"), nm("21"), settings) is None
    assert fold_relation(parse_potency("164", None), nm("21"), settings) is None
    # the thresholds are settings
    assert fold_relation(nm("44"), nm("21"), TableSettings(resistance_fold=2.0)) == "resistance"
    with pytest.raises(ValueError, match="sensitivity_fold"):
        TableSettings(resistance_fold=0.4)


def test_reference_rows():
    assert all(is_reference_label(label) for label in ("Wild-Type", "wild type", "EML4-ALK WT", "H3122 parental"))
    assert not any(is_reference_label(label) for label in ("L1196M", "EML4-ALK Variant", "Wt1", "LipC"))
    document = parse_txt(TABLE_2, "t")
    references = table_references(document.passages, document.text)
    rows = [p for p in document.passages if p.kind == "table_row" and p.header]
    assert len(rows) == 8 and all(document.text[references[p.start].start:].startswith("Wild-Type") for p in rows)
    # a parental line (Table 2's Ba/F3 cells) yields to the wild-type row; labels may span cells
    with_parental = TABLE_2.replace("Wild-Type\t", "Ba/F3 parental\t>1000\t>1000\t\t[2]\nWild-Type\t")
    with_gene = edit_columns(with_parental, lambda cells: ["Gene" if cells[0] == "EML4-ALK Variant" else "ALK"] + cells)
    for text in (with_parental, with_gene):
        document = parse_txt(text, "t")
        references = table_references(document.passages, document.text)
        assert {document.text[p.start:p.end].split("\t")[-4] for p in references.values()} == {"21"}
        assert len(references) == 9
    # a table without a potency column has no reference row
    document = parse_txt(edit_columns(TABLE_2, lambda cells: cells[:1] + cells[3:]), "t")
    assert table_references(document.passages, document.text) == {}


def test_real_jats_ki_table_without_a_reference_row_gives_no_reference():
    """PLoS ONE Table 3: apparent Ki of two inhibitors against lipases, no wild-type row."""
    document = next(read_jats(PLOS_JATS))
    rows = [p for p in document.passages if p.kind == "table_row" and "Apparent Ki (µM)" in p.header]
    assert len(rows) == 5
    assert [i for i, h in enumerate(rows[0].header) if is_potency_header(h)] == [3, 5]
    assert not set(table_references(document.passages, document.text)) & {p.start for p in rows}
    # its drugs are in the upper header row, which a row does not carry: no drug, no column
    assert potency_columns(rows[0].header, [], [], []) == []


# --------------------------------------------------------------------------- through the pipeline


def test_labelled_table_is_read_from_its_labels_by_default(mentions_nlp):
    assert read(mentions_nlp, parse_txt(TABLE_2, "t")) == CERITINIB_LABELS


def test_potency_when_labelled_reads_each_other_drug_column(mentions_nlp):
    # ceritinib keeps its label (one triple per drug column), crizotinib is read from its IC50s
    assert read(mentions_nlp, parse_txt(TABLE_2, "t"), LABELLED) == CERITINIB_LABELS | CRIZOTINIB_FOLDS


def test_unlabelled_table_is_read_from_its_ic50s(mentions_nlp):
    text = edit_columns(TABLE_2, without_label_column)
    assert read(mentions_nlp, parse_txt(text, "t")) == CERITINIB_FOLDS | CRIZOTINIB_FOLDS


def test_thresholds_come_from_the_settings(mentions_nlp):
    text = edit_columns(TABLE_2, without_label_column)
    strict = read(mentions_nlp, parse_txt(text, "t"), TableSettings(resistance_fold=5.0))
    # 108/21 = 5.1 and 164/21 = 7.8 stay; 948/229 = 4.1 becomes no effect
    assert ("C1156Y", "ceritinib", "resistance") in strict
    assert ("G1202R", "crizotinib", "no_effect") in strict


def test_combination_column_is_no_single_drugs_effect(mentions_nlp):
    def combination(cells: list[str]) -> list[str]:
        if cells[2] == "Crizotinib IC50 / GI50 (nM)":
            cells = cells[:2] + ["Crizotinib + ceritinib IC50 / GI50 (nM)"] + cells[3:]
        return without_label_column(cells)

    assert read(mentions_nlp, parse_txt(edit_columns(TABLE_2, combination), "t")) == CERITINIB_FOLDS


def test_table_without_reference_row_gives_nothing(mentions_nlp):
    lines = [line for line in edit_columns(TABLE_2, without_label_column).split("\n") if not line.startswith("Wild-Type")]
    assert read(mentions_nlp, parse_txt("\n".join(lines), "t")) == set()


def test_proliferation_percentage_column_is_not_a_potency(mentions_nlp):
    def proliferation(cells: list[str]) -> list[str]:
        if cells[2] == "Crizotinib IC50 / GI50 (nM)":
            cells = cells[:2] + ["Crizotinib proliferation at 1 µM (% of control)"] + cells[3:]
        return without_label_column(cells)

    assert read(mentions_nlp, parse_txt(edit_columns(TABLE_2, proliferation), "t")) == CERITINIB_FOLDS


def test_jats_table_reads_the_same(mentions_nlp, tmp_path):
    path = tmp_path / "table2.nxml"
    path.write_text(TABLE_2_JATS, encoding="utf-8")
    assert read(mentions_nlp, next(read_jats(path)), LABELLED) == CERITINIB_LABELS | CRIZOTINIB_FOLDS


def test_jats_table_with_its_column_in_micromolar_and_mixed_cells(mentions_nlp, tmp_path):
    micromolar = (TABLE_2_JATS.replace("Crizotinib IC50 / GI50 (nM)", "Crizotinib IC50 / GI50 (µM)")
                  .replace("<td>229</td>", "<td>0.229</td>").replace("<td>499</td>", "<td>499 nM</td>")
                  .replace("<td>948</td>", "<td>0.948</td>").replace("<td>&gt;1000</td>", "<td>&gt;1</td>"))
    path = tmp_path / "table2_um.nxml"
    path.write_text(micromolar, encoding="utf-8")
    rows = read(mentions_nlp, next(read_jats(path)), LABELLED)
    # 599 µM against 0.229 µM: the unconverted cells of the copy are now 1000-fold apart
    assert rows == CERITINIB_LABELS | CRIZOTINIB_FOLDS - {
        ("G1269A", "crizotinib", "no_effect"), ("S1206Y", "crizotinib", "no_effect"),
        ("I1171T", "crizotinib", "no_effect")} | {
        ("G1269A", "crizotinib", "resistance"), ("S1206Y", "crizotinib", "resistance"),
        ("I1171T", "crizotinib", "resistance")}


def test_thresholds_out_of_order_are_a_usage_error_naming_the_config(tmp_path):
    from click.testing import CliRunner

    from resmine.cli import main
    from resmine.paths import models_dir

    config = tmp_path / "pipeline.cfg"
    shipped = (models_dir() / "pipeline.cfg").read_text(encoding="utf-8")
    config.write_text(shipped.replace("resistance_fold = 3.0", "resistance_fold = 0.4"), encoding="utf-8")
    document = tmp_path / "table2.txt"
    document.write_text(TABLE_2, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--config", str(config), str(document), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{config}: table settings: need 0 < sensitivity_fold (0.5) < resistance_fold (0.4)" in result.output


def test_the_component_reads_its_table_settings_from_the_config():
    nlp = load_pipeline(overrides={"components.resmine_relations.potency_when_labelled": True})
    assert nlp.get_pipe("resmine_relations").table_settings == LABELLED
    rows = next(annotate(nlp, [parse_txt(TABLE_2, "t")])).evidence
    found = {(r.mutation, r.drug, r.relation) for r in rows if r.passage_kind == "table_row"}
    assert found == CERITINIB_LABELS | CRIZOTINIB_FOLDS


def test_jats_caption_naming_the_potency_makes_drug_columns_potency_columns(mentions_nlp, tmp_path):
    """Table 2 as JATS often has it: the sentence that says what the values are is in the
    caption (here the seed's own sentence below its caption), the headers are drug names."""
    described = (TABLE_2_JATS
                 .replace("<caption><p>In Vitro Activity of Ceritinib Against Various ALK Mutations</p></caption>",
                          "<caption><title>In Vitro Activity of Ceritinib Against Various ALK Mutations</title>"
                          "<p>This table presents the half-maximal inhibitory concentration (IC50) or growth "
                          "inhibition (GI50) values (nM) of ceritinib and crizotinib against Ba/F3 cells.</p></caption>")
                 .replace("<th>Ceritinib IC50 / GI50 (nM)</th><th>Crizotinib IC50 / GI50 (nM)</th>"
                          "<th>Sensitivity to Ceritinib</th>", "<th>Ceritinib</th><th>Crizotinib</th>"))
    described = "\n".join(line.replace("<td>Sensitive</td>", "").replace("<td>Resistant</td>", "")
                           for line in described.split("\n"))
    path = tmp_path / "table2_caption.nxml"
    path.write_text(described, encoding="utf-8")
    assert read(mentions_nlp, next(read_jats(path))) == CERITINIB_FOLDS | CRIZOTINIB_FOLDS
    # the same caption over the seed's own headers: one column per drug, the label still wins
    path.write_text(TABLE_2_JATS.replace("<caption><p>In Vitro", "<caption><p>IC50 (nM): In Vitro"), encoding="utf-8")
    assert read(mentions_nlp, next(read_jats(path)), LABELLED) == CERITINIB_LABELS | CRIZOTINIB_FOLDS

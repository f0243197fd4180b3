import csv

import pytest

from resmine.export import CsvWriter, guard_cell, read_csv, triple_records, unguard_cell
from resmine.model import Evidence, triple_id


@pytest.mark.parametrize("value", ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised_and_restored(value):
    guarded = guard_cell(value)
    assert guarded == "'" + value
    assert unguard_cell(guarded) == value


@pytest.mark.parametrize("value", ["V600E", "c.2573T>G", "'quoted", "rs121434568", ""])
def test_plain_cells_are_left_alone(value):
    assert guard_cell(value) == value
    assert unguard_cell(value) == value


def test_csv_round_trip_through_a_real_csv_reader(tmp_path):
    path = tmp_path / "x.csv"
    writer = CsvWriter(path, ["a", "b"])
    writer.write({"a": "=cmd|' /C calc'!A0", "b": "line\nbreak, comma"})
    writer.close()
    with path.open(newline="", encoding="utf-8") as handle:
        raw = next(csv.DictReader(handle))
    assert raw["a"].startswith("'=")
    assert read_csv(path) == [{"a": "=cmd|' /C calc'!A0", "b": "line\nbreak, comma"}]


def _evidence(doc, relation="resistance", negated=False, confidence=0.9):
    return Evidence(doc, "", "paragraph", 0, 5, "x", "ALK", "ALK", "G1202R", "G1202R",
                    "ceritinib", "ceritinib", relation, negated, False, confidence)


def test_triples_group_evidence_and_skip_negated_rows():
    rows = [_evidence("d1"), _evidence("d2", confidence=0.7), _evidence("d1"),
            _evidence("d3", negated=True), _evidence("d1", relation="sensitivity")]
    records = triple_records(rows)
    assert [(r["relation"], r["n_docs"], r["n_evidence"], r["doc_ids"]) for r in records] == [
        ("resistance", 2, 3, "d1;d2"), ("sensitivity", 1, 1, "d1")
    ]
    assert records[0]["triple_id"] == triple_id("ALK", "G1202R", "ceritinib", "resistance")
    assert records[0]["max_confidence"] == "0.900"


def test_triple_id_is_stable_and_key_sensitive():
    # Pinned: curator decisions are keyed on this id, so it must never change silently.
    assert triple_id("ALK", "G1202R", "ceritinib", "resistance") == "58f1e929022bc382"
    assert triple_id("ALK", "G1202R", "ceritinib", "resistance") == triple_id(
        "ALK", "G1202R", "ceritinib", "resistance")
    assert triple_id("ALK", "G1202R", "ceritinib", "resistance") != triple_id(
        "ALK", "G1202R", "ceritinib", "sensitivity")

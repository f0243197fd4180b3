"""What ``resmine refresh`` remembers between runs (migration 2): the refresh runs, how far each
query has been fetched, and every fetched PubMed record by PMID and content hash.

A record whose ``content_hash`` differs from its ``extracted_hash`` (or was never extracted)
awaits extraction; the hashes only move inside the transaction that records the extraction,
so a run killed at any point leaves the records it did not finish still pending.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from resmine.store.db import Database, utc_now


@dataclass(frozen=True)
class RefreshRun:
    refresh_id: str
    until: date
    resumed: bool


@dataclass(frozen=True)
class PendingRecord:
    pmid: str
    content_hash: str
    pmcid: str
    full_text: bool


def begin_refresh(db: Database, until: date) -> RefreshRun:
    """The unfinished refresh if there is one (resumed with its own end date, so its windows
    and raw cache are the same), else a new one ending at ``until``."""
    row = db.one("SELECT refresh_id, until_date FROM refresh_runs WHERE finished_at IS NULL "
                 "ORDER BY started_at LIMIT 1")
    if row is not None:
        return RefreshRun(row["refresh_id"], date.fromisoformat(row["until_date"]), True)
    refresh_id = uuid.uuid4().hex
    with db.transaction():
        db.execute("INSERT INTO refresh_runs (refresh_id, started_at, until_date) VALUES (?, ?, ?)",
                   (refresh_id, utc_now(), until.isoformat()))
    return RefreshRun(refresh_id, until, False)


def finish_refresh(db: Database, refresh_id: str, counts: dict) -> None:
    with db.transaction():
        db.execute("UPDATE refresh_runs SET finished_at = ?, counts = ? WHERE refresh_id = ?",
                   (utc_now(), json.dumps(counts, sort_keys=True), refresh_id))


def fetched_through(db: Database, name: str, term: str, datetype: str) -> date | None:
    """The last day whose records of query ``name`` are all in the store; None when the query
    is new or its term or date type changed (then it starts over from its ``since``)."""
    row = db.one("SELECT term, datetype, fetched_through FROM refresh_queries WHERE name = ?",
                 (name,))
    if row is None or row["term"] != term or row["datetype"] != datetype or not row["fetched_through"]:
        return None
    return date.fromisoformat(row["fetched_through"])


def set_fetched_through(db: Database, name: str, term: str, datetype: str, day: date,
                        refresh_id: str) -> None:
    db.execute(
        "INSERT INTO refresh_queries (name, term, datetype, fetched_through, refresh_id, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET term = excluded.term, "
        "datetype = excluded.datetype, fetched_through = excluded.fetched_through, "
        "refresh_id = excluded.refresh_id, updated_at = excluded.updated_at",
        (name, term, datetype, day.isoformat(), refresh_id, utc_now()))


def stored_hashes(db: Database, pmids: list[str]) -> dict[str, str]:
    """PMID -> content hash of the records of ``pmids`` the store holds (deleted ones too)."""
    found: dict[str, str] = {}
    for start in range(0, len(pmids), 500):
        chunk = pmids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"SELECT pmid, content_hash, deleted FROM refresh_records "
                            f"WHERE pmid IN ({marks})", chunk):
            # a deleted record that comes back is a change
            found[row["pmid"]] = "" if row["deleted"] else row["content_hash"]
    return found


def upsert_record(db: Database, pmid: str, content_hash: str, pmcid: str, full_text: bool,
                  refresh_id: str) -> None:
    """A new or revised record: stored with its hash, pending extraction."""
    db.execute(
        "INSERT INTO refresh_records (pmid, content_hash, pmcid, full_text, deleted, "
        "first_refresh_id, changed_refresh_id, changed_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?) "
        "ON CONFLICT (pmid) DO UPDATE SET content_hash = excluded.content_hash, "
        "pmcid = excluded.pmcid, full_text = excluded.full_text, deleted = 0, "
        "changed_refresh_id = excluded.changed_refresh_id, changed_at = excluded.changed_at",
        (pmid, content_hash, pmcid, int(full_text), refresh_id, refresh_id, utc_now()))


def is_held(db: Database, pmid: str) -> bool:
    """Whether the store holds ``pmid``: a fetched record not yet deleted, or a document."""
    return bool(db.scalar("SELECT 1 FROM refresh_records WHERE pmid = ? AND deleted = 0", (pmid,))
                or db.scalar("SELECT 1 FROM documents WHERE doc_id = ?", (pmid,)))


def mark_deleted(db: Database, pmid: str, refresh_id: str) -> str:
    """Record that PubMed deleted ``pmid``; returns its PMCID ('' when none was known)."""
    row = db.one("SELECT pmcid FROM refresh_records WHERE pmid = ?", (pmid,))
    db.execute(
        "INSERT INTO refresh_records (pmid, content_hash, deleted, first_refresh_id, "
        "changed_refresh_id, changed_at) VALUES (?, '', 1, ?, ?, ?) ON CONFLICT (pmid) DO UPDATE "
        "SET deleted = 1, extracted_hash = NULL, changed_refresh_id = excluded.changed_refresh_id, "
        "changed_at = excluded.changed_at", (pmid, refresh_id, refresh_id, utc_now()))
    return row["pmcid"] if row else ""


def pending_records(db: Database) -> list[PendingRecord]:
    """The records awaiting extraction (new or revised since they were last extracted)."""
    rows = db.query("SELECT pmid, content_hash, pmcid, full_text FROM refresh_records "
                    "WHERE deleted = 0 AND (extracted_hash IS NULL OR extracted_hash != content_hash) "
                    "ORDER BY pmid")
    return [PendingRecord(r["pmid"], r["content_hash"], r["pmcid"], bool(r["full_text"]))
            for r in rows]


def mark_extracted(db: Database, records: list[PendingRecord]) -> None:
    """The records' current versions are in the store's evidence (inside the run's transaction)."""
    db.executemany("UPDATE refresh_records SET extracted_hash = ? WHERE pmid = ? AND content_hash = ?",
                   [(r.content_hash, r.pmid, r.content_hash) for r in records])

"""Curator decisions on triples, their undo, and the reads the review app and exports need.

Each decision is one row of ``decisions`` holding the triple's state before and after (so an
undo restores exactly what was there), one update of ``triples`` and one row of the audit log,
in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from resmine.model import RELATIONS
from resmine.store.db import Database, utc_now
from resmine.store.record import PENDING, audit

ACCEPTED, REJECTED, FLAGGED = "accepted", "rejected", "flagged"
STATUSES = (PENDING, ACCEPTED, REJECTED, FLAGGED)
# action -> the status it sets (None: status unchanged). An edit corrects the triple's fields
# and accepts the corrected triple.
ACTIONS = {"accept": ACCEPTED, "reject": REJECTED, "flag": FLAGGED, "edit": ACCEPTED, "note": None}
EDITABLE = ("gene", "mutation", "drug", "relation")
# the fields of a triple a decision changes, saved before and after it
STATE_FIELDS = ("status", "queued", "curated_gene", "curated_mutation", "curated_drug",
                "curated_relation", "note", "decided_by", "decided_at")
MAX_NOTE = 5000


class DecisionError(ValueError):
    """A decision that cannot be made (unknown triple, action or value); one line."""


def _state(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in STATE_FIELDS}


def decide(db: Database, triple_id: str, action: str, curator: str, note: str = "",
           edit: dict[str, str] | None = None) -> int:
    """Record ``action`` (accept, reject, flag, edit, note) by ``curator``; returns the decision
    id. ``note`` (any text; stored as given) replaces the triple's note when not empty."""
    if action not in ACTIONS:
        raise DecisionError(f"unknown action {action!r}")
    curator = curator.strip()
    if not curator:
        raise DecisionError("a decision needs a curator name")
    if len(note) > MAX_NOTE:
        raise DecisionError(f"note longer than {MAX_NOTE} characters")
    with db.transaction():
        row = db.one("SELECT * FROM triples WHERE triple_id = ?", (triple_id,))
        if row is None:
            raise DecisionError(f"no triple {triple_id!r}")
        before = _state(row)
        after = dict(before)
        if action == "edit":
            values = {k: (edit or {}).get(k, "").strip() for k in EDITABLE}
            if not all(values.values()):
                raise DecisionError("an edit needs gene, mutation, drug and relation")
            if values["relation"] not in RELATIONS:
                raise DecisionError(f"relation must be one of {', '.join(RELATIONS)}")
            for name, value in values.items():
                # a field edited back to what was extracted is not a correction
                after[f"curated_{name}"] = value if value != row[name] else None
        if note:
            after["note"] = note
        status = ACTIONS[action]
        if status is not None:
            after.update(status=status, queued=0, decided_by=curator, decided_at=utc_now())
        decision_id = _record(db, triple_id, action, curator, note, before, after)
    return decision_id


def _record(db: Database, triple_id: str, action: str, curator: str, note: str,
            before: dict[str, Any], after: dict[str, Any], undoes: int | None = None) -> int:
    assignments = ", ".join(f"{name} = ?" for name in STATE_FIELDS)
    db.execute(f"UPDATE triples SET {assignments} WHERE triple_id = ?",  # names from STATE_FIELDS
               (*(after[name] for name in STATE_FIELDS), triple_id))
    decision_id = db.scalar(
        "INSERT INTO decisions (triple_id, action, curator, decided_at, note, before_state, "
        "after_state, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING decision_id",
        (triple_id, action, curator, utc_now(), note, json.dumps(before, sort_keys=True),
         json.dumps(after, sort_keys=True), undoes))
    audit(db, curator, action, {"decision_id": decision_id, "before": before, "after": after,
                                "note": note}, triple_id=triple_id)
    return int(decision_id)


def undo(db: Database, curator: str) -> dict[str, Any] | None:
    """Undo ``curator``'s latest decision not yet undone (repeated undos go further back);
    returns that decision, or None when there is nothing to undo. The undo is a decision too."""
    with db.transaction():
        last = db.one(
            "SELECT * FROM decisions d WHERE d.curator = ? AND d.action <> 'undo' AND NOT EXISTS "
            "(SELECT 1 FROM decisions u WHERE u.undoes = d.decision_id) "
            "ORDER BY d.decision_id DESC LIMIT 1", (curator,))
        if last is None:
            return None
        row = db.one("SELECT * FROM triples WHERE triple_id = ?", (last["triple_id"],))
        assert row is not None  # decisions reference triples
        _record(db, last["triple_id"], "undo", curator, "", _state(row),
                json.loads(last["before_state"]), undoes=last["decision_id"])
    return last


@dataclass(frozen=True)
class QueueFilter:
    gene: str = ""
    drug: str = ""
    relation: str = ""
    min_confidence: float = 0.0
    max_confidence: float = 1.0
    status: str = "queued"  # queued, all, or one of STATUSES
    new_only: bool = False  # new or re-queued in the latest run


def latest_run_id(db: Database) -> str | None:
    return db.scalar("SELECT run_id FROM runs WHERE finished_at IS NOT NULL "
                     "ORDER BY finished_at DESC, started_at DESC LIMIT 1")


def _where(db: Database, f: QueueFilter) -> tuple[str, list[Any]]:
    clauses = ["max_confidence >= ?", "max_confidence <= ?"]
    params: list[Any] = [f.min_confidence, f.max_confidence]
    for column, value in (("gene", f.gene), ("drug", f.drug), ("relation", f.relation)):
        if value:
            clauses.append(f"(LOWER({column}) = LOWER(?) OR LOWER(curated_{column}) = LOWER(?))")
            params += [value, value]
    if f.status == "queued":
        clauses.append("queued = 1")
    elif f.status != "all":
        clauses.append("status = ?")
        params.append(f.status)
    if f.new_only:
        clauses.append("(first_run_id = ? OR requeued_run_id = ?)")
        latest = latest_run_id(db)
        params += [latest, latest]
    return " AND ".join(clauses), params


def queue(db: Database, f: QueueFilter, limit: int = 25, offset: int = 0) -> tuple[list[dict], int]:
    """The triples matching ``f`` (most confident, best supported first) and how many match."""
    where, params = _where(db, f)
    total = db.scalar(f"SELECT COUNT(*) FROM triples WHERE {where}", params)  # clauses built above
    rows = db.query(f"SELECT * FROM triples WHERE {where} ORDER BY queued DESC, max_confidence "
                    "DESC, n_docs DESC, gene, mutation, drug, relation LIMIT ? OFFSET ?",
                    [*params, limit, offset])
    return rows, int(total)


def evidence_of(db: Database, triple_ids: list[str], mentions: bool = True) -> dict[str, list[dict]]:
    """The non-negated evidence rows of each triple, with (``mentions``) the mentions inside
    each sentence."""
    found: dict[str, list[dict]] = {t: [] for t in triple_ids}
    for triple_id in triple_ids:
        rows = db.query("SELECT e.*, d.format FROM evidence e JOIN documents d ON d.doc_id = e.doc_id "
                        "WHERE e.triple_id = ? AND e.negated = 0 ORDER BY e.doc_id, e.sentence_start",
                        (triple_id,))
        for row in rows if mentions else ():
            row["mentions"] = db.query(
                "SELECT start_offset, end_offset, label, normalized FROM mentions WHERE doc_id = ? "
                "AND start_offset >= ? AND end_offset <= ? ORDER BY start_offset, end_offset DESC",
                (row["doc_id"], row["sentence_start"], row["sentence_end"]))
        found[triple_id] = rows
    return found


def decisions_of(db: Database, triple_id: str) -> list[dict]:
    return db.query("SELECT * FROM decisions WHERE triple_id = ? ORDER BY decision_id", (triple_id,))


def counts(db: Database) -> dict[str, int]:
    """Triples by status, plus ``queued`` and ``total``."""
    result = {status: 0 for status in STATUSES}
    for row in db.query("SELECT status, COUNT(*) AS n FROM triples GROUP BY status"):
        result[row["status"]] = int(row["n"])
    result["queued"] = int(db.scalar("SELECT COUNT(*) FROM triples WHERE queued = 1"))
    result["total"] = int(db.scalar("SELECT COUNT(*) FROM triples"))
    return result


def final_value(row: dict[str, Any], name: str) -> str:
    """A triple's field as the curator left it: the correction, else what was extracted."""
    return row.get(f"curated_{name}") or row[name]


def tally_by(db: Database, field: str, limit: int = 15) -> list[tuple[str, int]]:
    """Triples per value of ``field`` (gene, drug or relation), most first."""
    if field not in EDITABLE:
        raise ValueError(field)
    rows = db.query(f"SELECT {field} AS value, COUNT(*) AS n FROM triples GROUP BY {field} "
                    "ORDER BY n DESC, value LIMIT ?", (limit,))
    return [(row["value"], int(row["n"])) for row in rows]


CONFIDENCE_BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001))


def precision_by_confidence(db: Database) -> list[dict[str, Any]]:
    """Per bin of ``max_confidence``: reviewed triples (accepted, edited or rejected) and the
    share accepted unchanged. An edited triple counts as wrong as extracted."""
    bins = []
    for low, high in CONFIDENCE_BINS:
        row = db.one(
            "SELECT SUM(CASE WHEN status = 'accepted' AND curated_gene IS NULL AND "
            "curated_mutation IS NULL AND curated_drug IS NULL AND curated_relation IS NULL "
            "THEN 1 ELSE 0 END) AS correct, "
            "SUM(CASE WHEN status IN ('accepted', 'rejected') THEN 1 ELSE 0 END) AS reviewed "
            "FROM triples WHERE max_confidence >= ? AND max_confidence < ?", (low, high))
        assert row is not None
        reviewed, correct = int(row["reviewed"] or 0), int(row["correct"] or 0)
        bins.append({"low": low, "high": min(high, 1.0), "reviewed": reviewed, "correct": correct,
                     "precision": correct / reviewed if reviewed else None})
    return bins


def knowledge_base(db: Database, status: str = ACCEPTED) -> list[dict[str, Any]]:
    """Triples with their provenance for export: ``accepted`` ones, or ``all``. Each row has the
    triple's columns, ``evidence`` (its non-negated evidence rows) and ``last_decision``. An
    accepted triple whose every evidence was retracted (its papers deleted from PubMed, or no
    longer stating it) has no provenance left and is not exported as accepted; ``all`` shows it."""
    if status not in (ACCEPTED, "all"):
        raise ValueError(f"status must be accepted or all, not {status!r}")
    where = "WHERE status = ?" if status == ACCEPTED else ""
    rows = db.query(f"SELECT * FROM triples {where} ORDER BY gene, mutation, drug, relation",
                    (ACCEPTED,) if status == ACCEPTED else ())
    # the exports read the evidence rows only, not the mentions inside their sentences
    evidence = evidence_of(db, [row["triple_id"] for row in rows], mentions=False)
    for row in rows:
        row["evidence"] = evidence[row["triple_id"]]
    return rows if status == "all" else [row for row in rows if row["evidence"]]


def documents_with_mentions(db: Database) -> list[dict[str, Any]]:
    """Every stored document with its passages and mentions (for PubTator and BioC)."""
    documents = db.query("SELECT doc_id, source, format, title, text FROM documents ORDER BY doc_id")
    for document in documents:
        document["passages"] = db.query(
            "SELECT kind, section, start_offset, end_offset FROM passages WHERE doc_id = ? "
            "ORDER BY idx", (document["doc_id"],))
        document["mentions"] = db.query(
            "SELECT start_offset, end_offset, text, label, normalized, source FROM mentions "
            "WHERE doc_id = ? ORDER BY start_offset, end_offset, label", (document["doc_id"],))
    return documents

"""Writing one extraction run into the store, and keeping curator decisions across runs.

A run is one transaction: a failed run leaves the store as it was. Documents, passages and
mentions of a document read again are replaced; evidence rows are keyed by their stable
``evidence_id`` and triples by their stable ``triple_id``, so a triple seen again keeps its
status and decision. A decided triple that gains evidence it did not have is put back in the
queue (``queued``) with its status unchanged and an audit row saying so: a rejected triple is
never silently turned back into a candidate.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from resmine.model import Document, Evidence, Mention
from resmine.store.db import Database, utc_now

PENDING = "pending"
SYSTEM_ACTOR = "resmine"


def audit(db: Database, actor: str, action: str, detail: dict, triple_id: str | None = None,
          run_id: str | None = None) -> None:
    """Append one row to the audit log (which refuses updates and deletes)."""
    db.execute("INSERT INTO audit_log (at, actor, action, triple_id, run_id, detail) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (utc_now(), actor, action, triple_id, run_id, json.dumps(detail, sort_keys=True)))


@dataclass
class RunTally:
    """What a run did to the store's triples."""

    run_id: str
    new: list[str] = field(default_factory=list)
    requeued: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


class RunRecorder:
    """Receives each annotated document of a run; :func:`recording` opens and closes it."""

    def __init__(self, db: Database, run_id: str):
        self.db = db
        self.run_id = run_id
        self.triple_keys: dict[str, tuple[str, str, str, str]] = {}
        self.tally: RunTally | None = None  # set when the run is reconciled

    def add(self, document: Document, mentions: Iterable[Mention], evidence: Iterable[Evidence],
            extractor_version: str) -> None:
        db, run = self.db, self.run_id
        text_hash = hashlib.sha1(document.text.encode("utf-8")).hexdigest()
        db.execute(
            "INSERT INTO documents (doc_id, source, format, title, text, text_hash, first_run_id, "
            "last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET "
            "source = excluded.source, format = excluded.format, title = excluded.title, "
            "text = excluded.text, text_hash = excluded.text_hash, last_run_id = excluded.last_run_id",
            (document.doc_id, document.source, document.format, document.title, document.text,
             text_hash, run, run))
        db.execute("DELETE FROM passages WHERE doc_id = ?", (document.doc_id,))
        db.executemany(
            "INSERT INTO passages (doc_id, idx, kind, section, start_offset, end_offset) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(document.doc_id, i, str(p.kind), p.section, p.start, p.end)
             for i, p in enumerate(document.passages)])
        db.execute("DELETE FROM mentions WHERE doc_id = ?", (document.doc_id,))
        db.executemany(
            "INSERT INTO mentions (doc_id, start_offset, end_offset, text, label, normalized, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(m.doc_id, m.start, m.end, m.text, str(m.label), m.normalized, str(m.source))
             for m in mentions])
        rows = []
        for e in evidence:
            rows.append((e.evidence_id, e.triple_id, e.doc_id, e.section, e.passage_kind,
                         e.sentence_start, e.sentence_end, e.sentence, e.gene, e.gene_text,
                         e.mutation, e.mutation_text, e.drug, e.drug_text, e.relation,
                         int(e.negated), int(e.hedged), e.confidence, e.tier, extractor_version,
                         run, run))
            if not e.negated:
                self.triple_keys[e.triple_id] = (e.gene, e.mutation, e.drug, e.relation)
        db.executemany(
            "INSERT INTO evidence (evidence_id, triple_id, doc_id, section, passage_kind, "
            "sentence_start, sentence_end, sentence, gene, gene_text, mutation, mutation_text, "
            "drug, drug_text, relation, negated, hedged, confidence, tier, extractor_version, "
            "first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?) ON CONFLICT (evidence_id) DO UPDATE SET section = excluded.section, "
            "passage_kind = excluded.passage_kind, sentence = excluded.sentence, "
            "gene_text = excluded.gene_text, mutation_text = excluded.mutation_text, "
            "drug_text = excluded.drug_text, negated = excluded.negated, hedged = excluded.hedged, "
            "confidence = excluded.confidence, tier = excluded.tier, "
            "extractor_version = excluded.extractor_version, last_run_id = excluded.last_run_id",
            rows)

    def reconcile(self) -> RunTally:
        """Create the run's new triples, re-queue decided ones with new evidence, refresh the
        counts of every triple the run saw."""
        db, run = self.db, self.run_id
        tally = RunTally(run)
        new_evidence = defaultdict(int)
        for row in db.query("SELECT triple_id, COUNT(*) AS n FROM evidence WHERE first_run_id = ? "
                            "AND negated = 0 GROUP BY triple_id", (run,)):
            new_evidence[row["triple_id"]] = row["n"]
        for triple_id, (gene, mutation, drug, relation) in sorted(self.triple_keys.items()):
            existing = db.one("SELECT status, queued FROM triples WHERE triple_id = ?", (triple_id,))
            if existing is None:
                db.execute("INSERT INTO triples (triple_id, gene, mutation, drug, relation, status, "
                           "queued, first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                           (triple_id, gene, mutation, drug, relation, PENDING, run, run))
                tally.new.append(triple_id)
                continue
            if new_evidence[triple_id] and existing["status"] != PENDING:
                db.execute("UPDATE triples SET queued = 1, requeued_run_id = ?, last_run_id = ? "
                           "WHERE triple_id = ?", (run, run, triple_id))
                audit(db, SYSTEM_ACTOR, "requeue", {"status": existing["status"],
                                                    "new_evidence": new_evidence[triple_id]},
                      triple_id=triple_id, run_id=run)
                tally.requeued.append(triple_id)
            else:
                db.execute("UPDATE triples SET last_run_id = ? WHERE triple_id = ?", (run, triple_id))
                tally.kept.append(triple_id)
        recount_triples(db, self.triple_keys)
        return tally


def recount_triples(db: Database, triple_ids: Iterable[str]) -> None:
    """Refresh the evidence counts and best confidence of ``triple_ids`` from their evidence."""
    for triple_id in triple_ids:
        db.execute(
            "UPDATE triples SET "
            "n_evidence = (SELECT COUNT(*) FROM evidence e WHERE e.triple_id = triples.triple_id "
            "AND e.negated = 0), "
            "n_docs = (SELECT COUNT(DISTINCT doc_id) FROM evidence e WHERE "
            "e.triple_id = triples.triple_id AND e.negated = 0), "
            "max_confidence = (SELECT COALESCE(MAX(confidence), 0) FROM evidence e WHERE "
            "e.triple_id = triples.triple_id AND e.negated = 0) WHERE triple_id = ?",
            (triple_id,))


def retract_evidence(db: Database, doc_ids: Iterable[str], reason: str,
                     run_id: str | None = None, keep_run_id: str | None = None) -> list[str]:
    """Remove the evidence rows of ``doc_ids`` (with ``keep_run_id``: only those that run did
    not write again, i.e. what a revised record no longer states). The triples lose that
    evidence and keep their status and decisions; each gets an audit row, and one left without
    evidence leaves the review queue. Returns the triple ids touched."""
    ids = sorted(set(doc_ids))
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    where = f"doc_id IN ({marks})" + (" AND last_run_id != ?" if keep_run_id else "")
    params: list[str] = [*ids, keep_run_id] if keep_run_id else ids
    removed: dict[str, list[str]] = defaultdict(list)
    for found in db.query(f"SELECT evidence_id, triple_id FROM evidence WHERE {where}", params):
        removed[found["triple_id"]].append(found["evidence_id"])
    if not removed:
        return []
    db.execute(f"DELETE FROM evidence WHERE {where}", params)
    recount_triples(db, removed)
    for triple_id, evidence_ids in sorted(removed.items()):
        row = db.one("SELECT status, n_evidence FROM triples WHERE triple_id = ?", (triple_id,))
        if row is None:  # negated evidence only: no triple row was ever made
            continue
        if row["n_evidence"] == 0:
            db.execute("UPDATE triples SET queued = 0 WHERE triple_id = ?", (triple_id,))
        audit(db, SYSTEM_ACTOR, "retract", {"reason": reason, "doc_ids": ids,
                                            "evidence_ids": sorted(evidence_ids),
                                            "status": row["status"],
                                            "n_evidence": row["n_evidence"]},
              triple_id=triple_id, run_id=run_id)
    return sorted(removed)


def forget_documents(db: Database, doc_ids: Iterable[str], reason: str,
                     run_id: str | None = None) -> list[str]:
    """Retract all evidence of ``doc_ids`` and remove the documents (their passages and
    mentions go with them). Returns the triple ids that lost evidence."""
    ids = sorted(set(doc_ids))
    touched = retract_evidence(db, ids, reason, run_id)
    for doc_id in ids:
        db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
    return touched


@contextmanager
def recording(db: Database, command: str, inputs: list[str], config: str,
              versions: dict) -> Iterator[RunRecorder]:
    """One run in one transaction: ``with recording(...) as run: run.add(...)``; on leaving
    the block the triples are reconciled and the run is marked finished. ``run.tally`` then
    tells what changed."""
    run_id = uuid.uuid4().hex
    with db.transaction():
        db.execute("INSERT INTO runs (run_id, started_at, command, inputs, config, versions) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (run_id, utc_now(), command, json.dumps(inputs), config,
                    json.dumps(versions, sort_keys=True)))
        recorder = RunRecorder(db, run_id)
        yield recorder
        tally = recorder.tally = recorder.reconcile()
        db.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE run_id = ?",
                   (utc_now(), json.dumps({"new_triples": len(tally.new),
                                       "requeued_triples": len(tally.requeued),
                                       "kept_triples": len(tally.kept)}), run_id))
        audit(db, SYSTEM_ACTOR, "run", {"command": command, "new": len(tally.new),
                                        "requeued": len(tally.requeued), "kept": len(tally.kept)},
              run_id=run_id)

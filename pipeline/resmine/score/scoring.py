"""Scoring: predictions against gold over the same documents, into a :class:`ScoreReport`
(the rules are in :mod:`resmine.score`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from resmine.score.io import (
    TIER_RANK,
    TIERS,
    GoldRow,
    Negative,
    PredRow,
    Predictions,
    ScoreError,
    format_ids,
    read_gold,
    read_negatives,
    read_predictions,
)
from resmine.score.errors import MISS, classify_errors
from resmine.score.metrics import Key, key_attrs, tally
from resmine.score.negatives import check_negatives
from resmine.score.report import ScoreReport

NEGATIVES_FILE = "negatives.tsv"  # looked for beside gold.tsv
STRICT_FIELDS = ("doc_id", "gene", "mutation", "drug", "relation")


def gold_documents(gold: list[GoldRow], negatives: list[Negative]) -> set[str]:
    return {r.doc_id for r in gold} | {n.doc_id for n in negatives}


def reconcile_documents(gold_docs: set[str], predictions: Predictions,
                        restrict_to_gold_docs: bool = False) -> tuple[list[PredRow], list[str]]:
    """The prediction rows to score and the predicted documents dropped; ScoreError on mismatch."""
    pred_docs = predictions.documents if predictions.documents is not None else {r.doc_id for r in predictions.rows}
    hint = "" if predictions.documents is not None else (
        " (no documents.txt beside the predictions, so a document without any prediction counts as "
        "missing; the exporter's documents.txt lists every processed document)"
    )
    missing = gold_docs - pred_docs
    extra = pred_docs - gold_docs
    if restrict_to_gold_docs:
        if missing:
            raise ScoreError(f"gold documents missing from the predictions: {format_ids(missing)}{hint}")
        return [r for r in predictions.rows if r.doc_id in gold_docs], sorted(extra)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"in gold but not in the predictions: {format_ids(missing)}")
        if extra:
            parts.append(f"in the predictions but not in gold: {format_ids(extra)}")
        raise ScoreError("gold and predictions cover different documents; " + "; ".join(parts) + hint
                         + ("; score only the gold documents with restrict_to_gold_docs / --restrict-to-gold-docs"
                            if extra and not missing else ""))
    return list(predictions.rows), []


def score(gold: list[GoldRow], rows: list[PredRow], negatives: Iterable[Negative] = (),
          documents: list[str] | None = None) -> ScoreReport:
    """Score prediction rows (already reduced to the gold documents) against gold rows."""
    negatives = list(negatives)
    documents = sorted(documents if documents is not None else gold_documents(gold, negatives))
    gold_strict, pred_strict = key_attrs(gold, "strict"), key_attrs(rows, "strict")
    gold_lenient, pred_lenient = key_attrs(gold, "lenient"), key_attrs(rows, "lenient")
    strict = tally(gold_strict, pred_strict, documents)
    lenient = tally(gold_lenient, pred_lenient, documents)

    by_key: dict[Key, list[PredRow]] = defaultdict(list)
    for row in rows:
        by_key[row.strict].append(row)
    false_positives: list[dict[str, Any]] = []
    for key in sorted(pred_strict.keys() - gold_strict.keys()):
        evidence = sorted(by_key[key], key=lambda r: TIER_RANK[r.tier])
        false_positives.append({
            "doc_id": key[0], "gene": key[1], "mutation": key[2], "drug": key[3], "relation": key[4],
            "tier": pred_strict[key]["tier"], "sentence": evidence[0].sentence,
            "n_evidence": len(evidence), "lenient_match": key[:4] in gold_lenient,
        })
    gold_by_key = {r.strict: r for r in gold}
    misses: list[dict[str, Any]] = []
    for key in sorted(gold_strict.keys() - pred_strict.keys()):
        g = gold_by_key[key]
        misses.append({
            "doc_id": g.doc_id, "gene": g.gene, "mutation": g.mutation, "drug": g.drug,
            "relation": g.relation, "tier": g.tier, "evidence": g.evidence, "note": g.note,
            "lenient_match": key[:4] in pred_lenient,
        })
    violations = check_negatives(negatives, rows)
    errors = classify_errors(gold, rows, violations)
    reasons = {(e.kind == MISS, e.row.strict): e.reason for e in errors}
    for entry, is_miss in [*((f, False) for f in false_positives), *((m, True) for m in misses)]:
        entry["reason"] = reasons[(is_miss, tuple(entry[k] for k in STRICT_FIELDS))]
    confusion = {t: {p: 0 for p in TIERS} for t in TIERS}
    for key in gold_strict.keys() & pred_strict.keys():
        confusion[gold_strict[key]["tier"]][pred_strict[key]["tier"]] += 1
    return ScoreReport(
        documents=documents, strict=strict, lenient=lenient, false_positives=false_positives,
        misses=misses, tier_confusion=confusion, negatives_checked=len(negatives),
        negative_violations=violations, errors=errors,
        counts={"gold_strict": len(gold_strict), "gold_lenient": len(gold_lenient),
                "pred_strict": len(pred_strict), "pred_lenient": len(pred_lenient)},
    )


def score_run(gold_path: str | Path, pred_dir: str | Path, negatives_path: str | Path | None = None,
              restrict_to_gold_docs: bool = False) -> ScoreReport:
    """Score a run directory (or one evidence.csv) against gold.tsv and negatives.tsv.

    ``negatives_path`` defaults to ``negatives.tsv`` beside ``gold_path`` when that exists.
    Raises :class:`ScoreError` on unreadable input or different document sets.
    """
    gold_path = Path(gold_path)
    if not gold_path.is_file():
        raise ScoreError(f"{gold_path}: no such gold file")
    gold = read_gold(gold_path)
    if negatives_path is None:
        default = gold_path.parent / NEGATIVES_FILE
        negatives = read_negatives(default) if default.is_file() else []
    else:
        if not Path(negatives_path).is_file():
            raise ScoreError(f"{negatives_path}: no such negatives file")
        negatives = read_negatives(negatives_path)
    predictions = read_predictions(pred_dir)
    gold_docs = gold_documents(gold, negatives)
    rows, dropped = reconcile_documents(gold_docs, predictions, restrict_to_gold_docs)
    report = score(gold, rows, negatives, sorted(gold_docs))
    report.dropped_documents = dropped
    report.gold_source = str(gold_path)
    report.pred_source = predictions.source
    return report

"""Why each false positive and miss went wrong: the reason categories of ``errors.md``.

A miss is a gold strict key no prediction has; a false positive a predicted strict key gold does
not have (the rules of :mod:`resmine.score`). Each gets one reason, the first that holds:

misses
    ``missed: found with another relation`` (the lenient key was predicted);
    ``missed: found with another gene`` / ``mutation`` / ``drug`` (a prediction whose sentence
    overlaps the gold evidence differs from the gold row in that field only);
    ``missed: other evidence in that sentence`` (predictions overlap the gold evidence, none of
    them one field away); ``missed: no evidence in that sentence``.
false positives
    ``violates a negative`` (a ``negatives.tsv`` row forbids it in that sentence);
    ``false positive: relation differs from gold`` (the lenient key is in gold);
    ``false positive: gene`` / ``mutation`` / ``drug differs from gold`` (a gold row of the
    document differs in that field only); ``false positive: not in gold``.

Each error carries the rows a curator compares it with: for a miss the predictions of the same
lenient key or of an overlapping sentence, for a false positive the gold rows of the same
lenient key, one field away, or whose evidence overlaps its sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from resmine.score.io import TIER_RANK, GoldRow, PredRow
from resmine.score.negatives import texts_overlap

MISS, FALSE_POSITIVE = "miss", "false positive"
# Key positions (doc_id, gene, mutation, drug, relation) a near miss may differ in, with names.
_FIELDS = ((1, "gene"), (2, "mutation"), (3, "drug"))
VIOLATES_NEGATIVE = "violates a negative"
MISSED_RELATION = "missed: found with another relation"
MISSED_OTHER = "missed: other evidence in that sentence"
MISSED_NOTHING = "missed: no evidence in that sentence"
FP_RELATION = "false positive: relation differs from gold"
FP_NOT_IN_GOLD = "false positive: not in gold"


@dataclass(frozen=True)
class ScoredError:
    """One false positive or miss: its row, the text it stands on and the rows to compare."""

    kind: str  # MISS or FALSE_POSITIVE
    reason: str
    row: GoldRow | PredRow  # the gold row (miss) or the best-tier predicted row (false positive)
    text: str  # the gold evidence (miss) or the predicted row's sentence (false positive)
    n_evidence: int  # predicted rows of the key (false positive); 1 for a miss
    related: tuple[GoldRow | PredRow, ...]  # predicted rows (miss) or gold rows (false positive)
    negatives: tuple[dict[str, Any], ...] = ()  # the violations of this key

    @property
    def doc_id(self) -> str:
        return self.row.doc_id


def _one_field_away(a: Sequence[str], b: Sequence[str]) -> str:
    """The name of the only field (gene, mutation, drug) in which two strict keys differ, or ""."""
    if a[0] != b[0] or a[4] != b[4]:
        return ""
    differing = [name for index, name in _FIELDS if a[index] != b[index]]
    return differing[0] if len(differing) == 1 else ""


def _unique(rows: Iterable[Any]) -> tuple[Any, ...]:
    """Rows with one per strict key, in key order (the best tier where a key has several)."""
    best: dict[tuple[str, ...], Any] = {}
    for row in rows:
        if row.strict not in best or TIER_RANK[row.tier] < TIER_RANK[best[row.strict].tier]:
            best[row.strict] = row
    return tuple(best[k] for k in sorted(best))


def classify_miss(gold: GoldRow, predicted: list[PredRow]) -> tuple[str, tuple[PredRow, ...]]:
    """The reason of a miss and the predictions to show beside it (``predicted``: its document's)."""
    same = [r for r in predicted if r.lenient == gold.lenient]
    nearby = [r for r in predicted if texts_overlap(r.sentence, gold.evidence)]
    related = _unique([*same, *nearby])
    if same:
        return MISSED_RELATION, related
    for row in nearby:
        field = _one_field_away(gold.strict, row.strict)
        if field:
            return f"missed: found with another {field}", related
    return (MISSED_OTHER if nearby else MISSED_NOTHING), related


def classify_false_positive(key: Sequence[str], sentence: str, gold: list[GoldRow],
                            violations: list[dict[str, Any]]) -> tuple[str, tuple[GoldRow, ...]]:
    """The reason of a false positive and the gold rows to show beside it (``gold``: its document's)."""
    same = [g for g in gold if g.lenient == tuple(key[:4])]
    near = [(g, _one_field_away(key, g.strict)) for g in gold]
    near = [(g, name) for g, name in near if name]
    overlapping = [g for g in gold if texts_overlap(sentence, g.evidence)]
    related = tuple(dict.fromkeys([*same, *(g for g, _ in near), *overlapping]))
    if violations:
        return VIOLATES_NEGATIVE, related
    if same:
        return FP_RELATION, related
    if near:
        return f"false positive: {near[0][1]} differs from gold", related
    return FP_NOT_IN_GOLD, related


def classify_errors(gold: list[GoldRow], rows: list[PredRow],
                    violations: list[dict[str, Any]]) -> list[ScoredError]:
    """Every strict false positive and miss, by document then key."""
    gold_by_doc: dict[str, list[GoldRow]] = defaultdict(list)
    pred_by_doc: dict[str, list[PredRow]] = defaultdict(list)
    pred_by_key: dict[tuple[str, ...], list[PredRow]] = defaultdict(list)
    violations_by_key: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc_id].append(g)
    for row in rows:
        pred_by_doc[row.doc_id].append(row)
        pred_by_key[row.strict].append(row)
    for v in violations:
        violations_by_key[(v["doc_id"], v["gene"], v["mutation"], v["drug"], v["relation"])].append(v)
    gold_keys = {g.strict for g in gold}
    errors: list[ScoredError] = []
    for g in gold:
        if g.strict not in pred_by_key:
            reason, related = classify_miss(g, pred_by_doc[g.doc_id])
            errors.append(ScoredError(MISS, reason, g, g.evidence, 1, related))
    for key, evidence in pred_by_key.items():
        if key in gold_keys:
            continue
        best = min(evidence, key=lambda r: TIER_RANK[r.tier])
        found = violations_by_key.get(key, [])
        reason, shown = classify_false_positive(key, best.sentence, gold_by_doc[best.doc_id], found)
        errors.append(ScoredError(FALSE_POSITIVE, reason, best, best.sentence, len(evidence), shown,
                                  tuple(found)))
    errors.sort(key=lambda e: (e.doc_id, e.kind != MISS, e.row.strict))
    return errors

"""Precision, recall and F1: the one implementation resmine's scorer and tools print from.

:class:`Metrics` holds true positive, false positive and false negative counts;
P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN). A figure whose denominator is 0 is ``None``
(the scorer shows "–"); :meth:`Metrics.rates` gives a caller's own stand-in instead (the tools
print 0.0).

Below it, the scorer's tallying: TP/FP/FN over key sets, overall and per tier, relation and
document (the rules are in :mod:`resmine.score`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Set
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy

from resmine.model import RELATIONS
from resmine.score.io import TIER_RANK, TIERS

# Decimal places of a precision, recall or F1 in a JSON report.
JSON_DIGITS = 4


@dataclass(frozen=True)
class Metrics:
    """TP/FP/FN counts and the precision, recall and F1 they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def of(cls, gold: Set[Hashable], found: Set[Hashable]) -> Metrics:
        """The counts of one comparison: found and gold (TP), found only (FP), gold only (FN)."""
        return cls(len(gold & found), len(found - gold), len(gold - found))

    def __add__(self, other: Metrics) -> Metrics:
        return Metrics(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def rates(self, empty: float) -> tuple[float, float, float]:
        """(precision, recall, F1), each ``empty`` where its denominator is 0."""
        p, r, f = self.precision, self.recall, self.f1
        return (empty if p is None else p, empty if r is None else r, empty if f is None else f)

    def to_json(self) -> dict[str, int | float | None]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": rounded(self.precision),
                "recall": rounded(self.recall), "f1": rounded(self.f1)}


# Resamples and seed of :func:`f1_interval` (fixed: the same counts print the same interval).
INTERVAL_DRAWS = 2000
INTERVAL_SEED = 2026


def f1_interval(groups: Iterable[Metrics], level: float = 0.95) -> tuple[float, float] | None:
    """A percentile bootstrap interval of micro F1 that resamples whole ``groups`` (the
    documents, or the papers, whose counts go together), so that a small part's figure is read
    with its uncertainty. None with fewer than two groups."""
    counts = [(m.tp, m.fp, m.fn) for m in groups]
    if len(counts) < 2:
        return None
    table = numpy.array(counts, dtype="int64")
    draws = numpy.random.default_rng(INTERVAL_SEED).integers(0, len(table), (INTERVAL_DRAWS, len(table)))
    tp, fp, fn = table[draws].sum(axis=1).T
    denominator = 2 * tp + fp + fn
    defined = denominator > 0  # a draw of texts with nothing to find and nothing found has no F1
    if not defined.any():
        return None
    f1 = 2 * tp[defined] / denominator[defined]
    tail = (1 - level) / 2 * 100
    low, high = numpy.percentile(f1, [tail, 100 - tail])
    return float(low), float(high)


def rounded(value: float | None) -> float | None:
    """A figure as a JSON report writes it (:data:`JSON_DIGITS` places)."""
    return None if value is None else round(value, JSON_DIGITS)


def prf(tp: int, fp: int, fn: int) -> Metrics:
    return Metrics(tp, fp, fn)


# ----------------------------------------------------------------------------- the scorer's tallies


@dataclass
class Breakdown:
    overall: Metrics
    by_tier: dict[str, Metrics]
    by_relation: dict[str, Metrics]
    by_document: dict[str, Metrics]

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_json(),
            "by_tier": {k: v.to_json() for k, v in self.by_tier.items()},
            "by_relation": {k: v.to_json() for k, v in self.by_relation.items()},
            "by_document": {k: v.to_json() for k, v in self.by_document.items()},
        }


class KeyAttrs(TypedDict):
    """What a match key carries into the tallies: its best tier and every relation it has."""

    tier: str
    relations: set[str]


Key = tuple[str, ...]


def best_tier(tiers: Iterable[str]) -> str:
    return min(tiers, key=lambda t: TIER_RANK.get(t, len(TIERS)))


def key_attrs(rows: Iterable[Any], key_name: str) -> dict[Key, KeyAttrs]:
    """Rows grouped by their ``strict`` or ``lenient`` key: best tier and relations of each."""
    tiers: dict[Key, set[str]] = {}
    relations: dict[Key, set[str]] = {}
    for row in rows:
        key = getattr(row, key_name)
        tiers.setdefault(key, set()).add(row.tier)
        relations.setdefault(key, set()).add(row.relation)
    return {k: {"tier": best_tier(tiers[k]), "relations": relations[k]} for k in tiers}


def tally(gold_attrs: Mapping[Key, KeyAttrs], pred_attrs: Mapping[Key, KeyAttrs],
          documents: Iterable[str]) -> Breakdown:
    """Count TP/FP/FN over key sets (a key's first field is its document)."""
    tp_keys = gold_attrs.keys() & pred_attrs.keys()
    fp_keys = pred_attrs.keys() - gold_attrs.keys()
    fn_keys = gold_attrs.keys() - pred_attrs.keys()

    def counts(select: Callable[[Key, KeyAttrs], Iterable[str]]) -> Counter[tuple[str, str]]:
        c: Counter[tuple[str, str]] = Counter()
        for kind, keys, attrs in (("tp", tp_keys, gold_attrs), ("fp", fp_keys, pred_attrs),
                                  ("fn", fn_keys, gold_attrs)):
            for key in keys:
                for bucket in select(key, attrs[key]):
                    c[(bucket, kind)] += 1
        return c

    by_tier_c = counts(lambda key, a: [a["tier"]])
    by_rel_c = counts(lambda key, a: sorted(a["relations"]))
    by_doc_c = counts(lambda key, a: [key[0]])

    def metrics(c: Counter[tuple[str, str]], bucket: str) -> Metrics:
        return Metrics(c[(bucket, "tp")], c[(bucket, "fp")], c[(bucket, "fn")])

    relations = [r for r in RELATIONS if any(b == r for b, _ in by_rel_c)]
    relations += sorted({b for b, _ in by_rel_c} - set(RELATIONS))
    return Breakdown(
        overall=Metrics.of(gold_attrs.keys(), pred_attrs.keys()),
        by_tier={t: metrics(by_tier_c, t) for t in TIERS},
        by_relation={r: metrics(by_rel_c, r) for r in relations},
        by_document={d: metrics(by_doc_c, d) for d in documents},
    )

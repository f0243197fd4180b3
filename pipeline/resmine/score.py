"""Score extracted evidence against the gold set in ``corpus/gold/`` (rules: corpus/gold/README.md).

Inputs
------
* Gold: ``gold.tsv`` (``doc_id gene mutation drug relation tier evidence note``) and, beside it,
  ``negatives.tsv`` (``doc_id evidence must_not note``). Both are tab-separated files written and
  read with the :mod:`csv` module: evidence is verbatim document text, so a field holding tabs,
  newlines or quotes is quoted.
* Predictions: a run directory holding ``evidence.csv`` (and ``documents.txt``, one doc_id per line
  for every document processed), or a single ``evidence.csv`` (then a ``documents.txt`` beside it
  is used if present). Needed columns: ``doc_id gene mutation drug relation tier``; ``sentence``
  and ``negated`` are read when present. A cell starting with ``'`` followed by ``= + - @`` (or
  tab / CR, the exporter's full guard set) loses that one ``'``: the spreadsheet formula guard.
  Rows with ``negated == true`` are the extractor's own "not asserted" and are not scored.

Matching
--------
Keys are compared exactly (normal forms are the contract; no case folding) and as sets, so the
same key predicted from five sentences counts once:

* strict key: ``(doc_id, gene, mutation, drug, relation)``
* lenient key: ``(doc_id, gene, mutation, drug)``: a right triple with the wrong effect still counts.

Precision, recall and F1 are micro-averaged over keys: P = TP/(TP+FP), R = TP/(TP+FN),
F1 = 2TP/(2TP+FP+FN); a value whose denominator is 0 is ``None`` (shown as "–").

Breakdowns
----------
* per tier: a TP and a FN count in the key's GOLD tier; a FP counts in the tier the extractor
  gave it, the best (A < B < C) over that key's predicted evidence rows. A lenient key's gold
  tier is the best gold tier among its gold rows. So tier rows partition the overall counts.
* per relation: TP and FN by gold relation, FP by predicted relation. Strict rows partition the
  overall counts; a lenient key counts under every relation it has in gold (TP, FN) or in the
  predictions (FP), so lenient relation rows can add up to more than the overall row.
* per document: each document's own keys.
* ``tier_confusion``: gold tier × predicted tier over the strict TPs.

Negatives
---------
A ``negatives.tsv`` row is violated when an asserted prediction of its document matches its
``must_not`` pattern (``gene|mutation|drug|relation``; each field exact or a shell-style glob, ``*``
for anything) and the prediction's sentence overlaps the negative's evidence: after collapsing
whitespace one contains the other, or they share a run of at least 40 characters.

Document sets
-------------
Gold documents = doc_ids in gold.tsv ∪ negatives.tsv. Predicted documents = documents.txt when
present (a document with no predictions is legitimate), else the doc_ids of the predicted rows.
The two sets must be equal, else :class:`ScoreError` lists the differing ids. With
``restrict_to_gold_docs=True`` (a corpus holding extra, non-gold documents) predicted documents
and rows outside the gold set are dropped first; a gold document missing from the predictions is
still an error.
"""

from __future__ import annotations

from resmine.export import unguard_cell

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from fnmatch import fnmatchcase
from pathlib import Path

from resmine.model import RELATIONS

TIERS = ("A", "B", "C")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
GOLD_COLUMNS = ("doc_id", "gene", "mutation", "drug", "relation", "tier", "evidence", "note")
NEGATIVE_COLUMNS = ("doc_id", "evidence", "must_not", "note")
PRED_COLUMNS = ("doc_id", "gene", "mutation", "drug", "relation", "tier")
# The exporter's formula guard (resmine.export.guard_cell) prefixes "'" to cells starting with these.
OVERLAP_MIN_CHARS = 40
MD_SENTENCE_CHARS = 300

csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))


class ScoreError(Exception):
    """Gold or predictions cannot be scored (unreadable, malformed, different document sets)."""


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class _Keys:
    """The fields shared by gold and predicted rows, and their match keys: strict includes
    the relation."""

    doc_id: str
    gene: str
    mutation: str
    drug: str
    relation: str
    tier: str

    @property
    def strict(self) -> tuple[str, ...]:
        return (self.doc_id, self.gene, self.mutation, self.drug, self.relation)

    @property
    def lenient(self) -> tuple[str, ...]:
        return (self.doc_id, self.gene, self.mutation, self.drug)


@dataclass(frozen=True)
class GoldRow(_Keys):
    evidence: str
    note: str = ""


@dataclass(frozen=True)
class PredRow(_Keys):
    sentence: str = ""


@dataclass(frozen=True)
class Negative:
    doc_id: str
    evidence: str
    must_not: str
    note: str = ""


@dataclass
class Predictions:
    rows: list[PredRow]
    documents: set[str] | None  # from documents.txt; None when there is none
    source: str


# ----------------------------------------------------------------------------- reading


# The exporter owns the formula guard; the scorer reads its files with the same inverse.
unguard = unguard_cell


def _open_table(path: Path, delimiter: str, required: tuple[str, ...]):
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise ScoreError(f"{path}: cannot read ({error.strerror or error})") from error
    reader = csv.DictReader(handle, delimiter=delimiter)
    missing = [c for c in required if c not in (reader.fieldnames or ())]
    if missing:
        handle.close()
        raise ScoreError(f"{path}: missing column(s) {', '.join(missing)}")
    return handle, reader


def _rows(path: Path, delimiter: str, required: tuple[str, ...]):
    """(line number, row) pairs; blank rows skipped; decoding errors become ScoreError."""
    handle, reader = _open_table(path, delimiter, required)
    try:
        with handle:
            for row in reader:
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                yield reader.line_num, row
    except (UnicodeDecodeError, csv.Error) as error:
        raise ScoreError(f"{path}: unreadable ({error})") from error


def read_gold(path: str | Path) -> list[GoldRow]:
    """Read and validate gold.tsv (relation, tier and no duplicate strict keys)."""
    path = Path(path)
    rows: list[GoldRow] = []
    seen: dict[tuple, int] = {}
    for line, raw in _rows(path, "\t", GOLD_COLUMNS[:6]):
        values = {k: (raw.get(k) or "").strip() for k in GOLD_COLUMNS}
        values["evidence"] = raw.get("evidence") or ""  # verbatim, whitespace included
        row = GoldRow(**values)
        empty = [k for k in GOLD_COLUMNS[:6] if not getattr(row, k)]
        if empty:
            raise ScoreError(f"{path}:{line}: empty {', '.join(empty)}")
        if row.relation not in RELATIONS:
            raise ScoreError(f"{path}:{line}: relation {row.relation!r} not in {', '.join(RELATIONS)}")
        if row.tier not in TIERS:
            raise ScoreError(f"{path}:{line}: tier {row.tier!r} not in A, B, C")
        if row.strict in seen:
            raise ScoreError(f"{path}:{line}: duplicate key {'|'.join(row.strict)} (first at line {seen[row.strict]})")
        seen[row.strict] = line
        rows.append(row)
    return rows


def parse_pattern(pattern: str) -> tuple[str, str, str, str]:
    parts = tuple(p.strip() for p in pattern.split("|"))
    if len(parts) != 4 or not all(parts):
        raise ValueError(f"must_not {pattern!r} is not gene|mutation|drug|relation")
    return parts  # type: ignore[return-value]


def read_negatives(path: str | Path) -> list[Negative]:
    path = Path(path)
    rows = []
    for line, raw in _rows(path, "\t", NEGATIVE_COLUMNS[:3]):
        row = Negative(
            doc_id=(raw.get("doc_id") or "").strip(), evidence=raw.get("evidence") or "",
            must_not=(raw.get("must_not") or "").strip(), note=(raw.get("note") or "").strip(),
        )
        if not row.doc_id or not row.evidence.strip():
            raise ScoreError(f"{path}:{line}: empty doc_id or evidence")
        try:
            parse_pattern(row.must_not)
        except ValueError as error:
            raise ScoreError(f"{path}:{line}: {error}") from error
        rows.append(row)
    return rows


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")


def read_documents_list(path: Path) -> set[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScoreError(f"{path}: cannot read ({error})") from error
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def read_predictions(path: str | Path) -> Predictions:
    """Read a run directory (evidence.csv + documents.txt) or one evidence.csv file."""
    path = Path(path)
    evidence = path / "evidence.csv" if path.is_dir() else path
    if not evidence.is_file():
        raise ScoreError(f"{evidence}: no such predictions file (give a run directory or an evidence.csv)")
    documents_file = evidence.parent / "documents.txt"
    documents = read_documents_list(documents_file) if documents_file.is_file() else None
    rows: list[PredRow] = []
    for line, raw in _rows(evidence, ",", PRED_COLUMNS):
        cell = {k: unguard(v or "") for k, v in raw.items() if isinstance(k, str)}
        if _is_true(cell.get("negated", "")):
            continue
        tier = cell["tier"].strip().upper()
        if tier not in TIERS:
            raise ScoreError(f"{evidence}:{line}: tier {cell['tier']!r} not in A, B, C")
        rows.append(PredRow(
            doc_id=cell["doc_id"].strip(), gene=cell["gene"].strip(),
            mutation=cell["mutation"].strip(), drug=cell["drug"].strip(),
            relation=cell["relation"].strip(), tier=tier, sentence=cell.get("sentence", ""),
        ))
    if documents is not None:
        unlisted = sorted({r.doc_id for r in rows} - documents)
        if unlisted:
            raise ScoreError(
                f"{evidence}: rows for documents not listed in {documents_file.name}: {_ids(unlisted)}"
            )
    return Predictions(rows, documents, str(evidence))


# ----------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Metrics:
    tp: int = 0
    fp: int = 0
    fn: int = 0

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

    def to_json(self) -> dict:
        def r(x):
            return None if x is None else round(x, 4)

        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": r(self.precision),
                "recall": r(self.recall), "f1": r(self.f1)}


def prf(tp: int, fp: int, fn: int) -> Metrics:
    return Metrics(tp, fp, fn)


@dataclass
class Breakdown:
    overall: Metrics
    by_tier: dict[str, Metrics]
    by_relation: dict[str, Metrics]
    by_document: dict[str, Metrics]

    def to_json(self) -> dict:
        return {
            "overall": self.overall.to_json(),
            "by_tier": {k: v.to_json() for k, v in self.by_tier.items()},
            "by_relation": {k: v.to_json() for k, v in self.by_relation.items()},
            "by_document": {k: v.to_json() for k, v in self.by_document.items()},
        }


def _best_tier(tiers) -> str:
    return min(tiers, key=lambda t: TIER_RANK.get(t, len(TIERS)))


def _tally(gold_attrs: dict[tuple, dict], pred_attrs: dict[tuple, dict], documents) -> Breakdown:
    """Count TP/FP/FN over key sets. ``*_attrs`` map a key to {"tier": str, "relations": set}."""
    tp_keys = gold_attrs.keys() & pred_attrs.keys()
    fp_keys = pred_attrs.keys() - gold_attrs.keys()
    fn_keys = gold_attrs.keys() - pred_attrs.keys()

    def counts(select):
        c = Counter()
        for kind, keys, attrs in (("tp", tp_keys, gold_attrs), ("fp", fp_keys, pred_attrs),
                                  ("fn", fn_keys, gold_attrs)):
            for key in keys:
                for bucket in select(key, attrs[key]):
                    c[(bucket, kind)] += 1
        return c

    by_tier_c = counts(lambda key, a: [a["tier"]])
    by_rel_c = counts(lambda key, a: sorted(a["relations"]))
    by_doc_c = counts(lambda key, a: [key[0]])

    def metrics(c, bucket):
        return Metrics(c[(bucket, "tp")], c[(bucket, "fp")], c[(bucket, "fn")])

    relations = [r for r in RELATIONS if any(b == r for b, _ in by_rel_c)]
    relations += sorted({b for b, _ in by_rel_c} - set(RELATIONS))
    return Breakdown(
        overall=Metrics(len(tp_keys), len(fp_keys), len(fn_keys)),
        by_tier={t: metrics(by_tier_c, t) for t in TIERS},
        by_relation={r: metrics(by_rel_c, r) for r in relations},
        by_document={d: metrics(by_doc_c, d) for d in documents},
    )


def _attrs(rows, key_name: str) -> dict[tuple, dict]:
    grouped: dict[tuple, dict] = {}
    for row in rows:
        key = getattr(row, key_name)
        entry = grouped.setdefault(key, {"tiers": set(), "relations": set()})
        entry["tiers"].add(row.tier)
        entry["relations"].add(row.relation)
    return {k: {"tier": _best_tier(v["tiers"]), "relations": v["relations"]} for k, v in grouped.items()}


# ----------------------------------------------------------------------------- negatives


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def texts_overlap(a: str, b: str, min_chars: int = OVERLAP_MIN_CHARS) -> bool:
    """True when one text contains the other or they share ``min_chars`` consecutive characters
    (whitespace collapsed first, so line breaks and tab-separated cells compare equal)."""
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    need = min(min_chars, len(a), len(b))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= need


def pattern_matches(pattern: str, key: tuple[str, str, str, str]) -> bool:
    return all(fnmatchcase(value, part) for part, value in zip(parse_pattern(pattern), key))


def check_negatives(negatives: list[Negative], rows: list[PredRow]) -> list[dict]:
    by_doc: dict[str, list[PredRow]] = defaultdict(list)
    for row in rows:
        by_doc[row.doc_id].append(row)
    violations = []
    for index, negative in enumerate(negatives):
        seen = set()
        for row in by_doc.get(negative.doc_id, ()):
            if row.strict in seen:
                continue
            if pattern_matches(negative.must_not, row.strict[1:]) and texts_overlap(row.sentence, negative.evidence):
                seen.add(row.strict)
                violations.append({
                    "negative": index, "doc_id": negative.doc_id, "must_not": negative.must_not,
                    "evidence": negative.evidence, "note": negative.note, "gene": row.gene,
                    "mutation": row.mutation, "drug": row.drug, "relation": row.relation,
                    "tier": row.tier, "sentence": row.sentence,
                })
    return violations


# ----------------------------------------------------------------------------- report


@dataclass
class ScoreReport:
    documents: list[str]
    strict: Breakdown
    lenient: Breakdown
    false_positives: list[dict]
    misses: list[dict]
    tier_confusion: dict[str, dict[str, int]]
    negatives_checked: int
    negative_violations: list[dict]
    dropped_documents: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    gold_source: str = ""
    pred_source: str = ""

    @property
    def negatives_violated(self) -> int:
        """Number of negatives.tsv rows violated at least once."""
        return len({v["negative"] for v in self.negative_violations})

    def to_json(self) -> dict:
        return {
            "gold": self.gold_source, "predictions": self.pred_source,
            "documents": self.documents, "dropped_documents": self.dropped_documents,
            "counts": self.counts,
            "strict": self.strict.to_json(), "lenient": self.lenient.to_json(),
            "tier_confusion": self.tier_confusion,
            "negatives": {"checked": self.negatives_checked, "violated": self.negatives_violated,
                          "violations": self.negative_violations},
            "false_positives": self.false_positives, "misses": self.misses,
        }

    # -- markdown

    def _row(self, label: str, strict: Metrics, lenient: Metrics) -> str:
        cells = [label, _fmt(strict.precision), _fmt(strict.recall), _fmt(strict.f1),
                 _fmt(lenient.precision), _fmt(lenient.recall), _fmt(lenient.f1),
                 str(strict.tp), str(strict.fp), str(strict.fn)]
        return "| " + " | ".join(cells) + " |"

    def summary_table(self) -> str:
        head = ("| | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 | TP | FP | FN |\n"
                "|---|---|---|---|---|---|---|---|---|---|")
        lines = [head, self._row("overall", self.strict.overall, self.lenient.overall)]
        for tier in TIERS:
            lines.append(self._row(f"tier {tier}", self.strict.by_tier[tier], self.lenient.by_tier[tier]))
        for relation in dict.fromkeys([*self.strict.by_relation, *self.lenient.by_relation]):
            lines.append(self._row(relation, self.strict.by_relation.get(relation, Metrics()),
                                   self.lenient.by_relation.get(relation, Metrics())))
        lines.append("")
        lines.append(f"negatives violated: {self.negatives_violated} of {self.negatives_checked}")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        c = self.counts
        out = [
            "# Scores",
            "",
            f"Gold: {c.get('gold_strict', 0)} keys ({c.get('gold_lenient', 0)} lenient) in "
            f"{len(self.documents)} documents; predictions: {c.get('pred_strict', 0)} keys "
            f"({c.get('pred_lenient', 0)} lenient).",
            "",
            self.summary_table(),
            "",
            "TP/FP/FN are strict counts. Tiers: TP and FN in the gold tier, FP in the extractor's "
            "tier. Relations: TP and FN by gold relation, FP by predicted relation.",
        ]
        if self.dropped_documents:
            out += ["", f"Predicted documents outside the gold set, not scored: {len(self.dropped_documents)}."]
        out += ["", "## Per document", "",
                "| document | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 | TP | FP | FN |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for doc in self.documents:
            out.append(self._row(doc, self.strict.by_document[doc], self.lenient.by_document[doc]))
        out += ["", f"## Negatives: {self.negatives_violated} of {self.negatives_checked} violated", ""]
        if self.negative_violations:
            out += ["| document | must_not | predicted | sentence |", "|---|---|---|---|"]
            for v in self.negative_violations:
                key = "\\|".join((v["gene"], v["mutation"], v["drug"], v["relation"]))
                out.append(f"| {v['doc_id']} | {_cell(v['must_not'])} | {key} | {_cell(v['sentence'])} |")
        out += ["", f"## False positives ({len(self.false_positives)}, strict)", ""]
        if self.false_positives:
            out += ["| document | gene | mutation | drug | relation | tier | lenient match | sentence |",
                    "|---|---|---|---|---|---|---|---|"]
            for fp in self.false_positives:
                out.append("| " + " | ".join(_cell(fp[k]) for k in ("doc_id", "gene", "mutation", "drug", "relation", "tier"))
                           + f" | {'yes' if fp['lenient_match'] else ''} | {_cell(fp['sentence'])} |")
        out += ["", f"## Misses ({len(self.misses)}, strict)", ""]
        if self.misses:
            out += ["| document | gene | mutation | drug | relation | tier | predicted with another relation | gold evidence |",
                    "|---|---|---|---|---|---|---|---|"]
            for miss in self.misses:
                out.append("| " + " | ".join(_cell(miss[k]) for k in ("doc_id", "gene", "mutation", "drug", "relation", "tier"))
                           + f" | {'yes' if miss['lenient_match'] else ''} | {_cell(miss['evidence'])} |")
        return "\n".join(out) + "\n"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _cell(text: str) -> str:
    text = _squash(str(text)).replace("|", "\\|")
    return text if len(text) <= MD_SENTENCE_CHARS else text[: MD_SENTENCE_CHARS - 1] + "…"


def _ids(ids) -> str:
    ids = sorted(ids)
    shown = ", ".join(ids[:20])
    return shown + (f" … ({len(ids)} in all)" if len(ids) > 20 else "")


# ----------------------------------------------------------------------------- scoring


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
            raise ScoreError(f"gold documents missing from the predictions: {_ids(missing)}{hint}")
        return [r for r in predictions.rows if r.doc_id in gold_docs], sorted(extra)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"in gold but not in the predictions: {_ids(missing)}")
        if extra:
            parts.append(f"in the predictions but not in gold: {_ids(extra)}")
        raise ScoreError("gold and predictions cover different documents; " + "; ".join(parts) + hint
                         + ("; score only the gold documents with restrict_to_gold_docs / --restrict-to-gold-docs"
                            if extra and not missing else ""))
    return list(predictions.rows), []


def score(gold: list[GoldRow], rows: list[PredRow], negatives: list[Negative] = (),
          documents: list[str] | None = None) -> ScoreReport:
    """Score prediction rows (already reduced to the gold documents) against gold rows."""
    negatives = list(negatives)
    documents = sorted(documents if documents is not None else gold_documents(gold, negatives))
    gold_strict, pred_strict = _attrs(gold, "strict"), _attrs(rows, "strict")
    gold_lenient, pred_lenient = _attrs(gold, "lenient"), _attrs(rows, "lenient")
    strict = _tally(gold_strict, pred_strict, documents)
    lenient = _tally(gold_lenient, pred_lenient, documents)

    by_key: dict[tuple, list[PredRow]] = defaultdict(list)
    for row in rows:
        by_key[row.strict].append(row)
    false_positives = []
    for key in sorted(pred_strict.keys() - gold_strict.keys()):
        evidence = sorted(by_key[key], key=lambda r: TIER_RANK[r.tier])
        false_positives.append({
            "doc_id": key[0], "gene": key[1], "mutation": key[2], "drug": key[3], "relation": key[4],
            "tier": pred_strict[key]["tier"], "sentence": evidence[0].sentence,
            "n_evidence": len(evidence), "lenient_match": key[:4] in gold_lenient,
        })
    gold_by_key = {r.strict: r for r in gold}
    misses = []
    for key in sorted(gold_strict.keys() - pred_strict.keys()):
        g = gold_by_key[key]
        misses.append({
            "doc_id": g.doc_id, "gene": g.gene, "mutation": g.mutation, "drug": g.drug,
            "relation": g.relation, "tier": g.tier, "evidence": g.evidence, "note": g.note,
            "lenient_match": key[:4] in pred_lenient,
        })
    confusion = {t: {p: 0 for p in TIERS} for t in TIERS}
    for key in gold_strict.keys() & pred_strict.keys():
        confusion[gold_strict[key]["tier"]][pred_strict[key]["tier"]] += 1
    return ScoreReport(
        documents=documents, strict=strict, lenient=lenient, false_positives=false_positives,
        misses=misses, tier_confusion=confusion, negatives_checked=len(negatives),
        negative_violations=check_negatives(negatives, rows),
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
        default = gold_path.parent / "negatives.tsv"
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


# ----------------------------------------------------------------------------- CLI


def register(group) -> None:
    """Add the ``score`` command to a click group (cli.py calls ``register(main)``)."""
    import click

    from resmine.paths import repo_root

    @group.command("score", context_settings={"help_option_names": ["-h", "--help"]})
    @click.option("--gold", "gold_path", type=click.Path(path_type=Path), default=None,
                  help="gold.tsv (default: corpus/gold/gold.tsv); negatives.tsv beside it is used.")
    @click.option("--pred", "pred_path", type=click.Path(path_type=Path), required=True,
                  help="Run directory with evidence.csv (and documents.txt), or one evidence.csv.")
    @click.option("--negatives", "negatives_path", type=click.Path(path_type=Path), default=None,
                  help="negatives.tsv (default: the one beside --gold, if any).")
    @click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the full report as JSON here.")
    @click.option("--md", "md_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the full report as Markdown here.")
    @click.option("--restrict-to-gold-docs", is_flag=True,
                  help="Drop predicted documents that are not in the gold set instead of failing.")
    def score_command(gold_path, pred_path, negatives_path, json_path, md_path, restrict_to_gold_docs):
        """Precision/recall/F1 of predictions against the gold set: strict and lenient, per tier,
        relation and document, with false positives, misses and violated negatives.

        Exit code 2 when gold and predictions cannot be scored (e.g. different document sets).
        """
        gold_path = gold_path or repo_root() / "corpus" / "gold" / "gold.tsv"
        try:
            report = score_run(gold_path, pred_path, negatives_path, restrict_to_gold_docs)
        except ScoreError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
        if json_path:
            json_path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if md_path:
            md_path.write_text(report.to_markdown(), encoding="utf-8")
        click.echo(report.summary_table())

"""The scorer's report: JSON, Markdown, and the summary table the commands print."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from resmine.score.errors import FALSE_POSITIVE, MISS, ScoredError
from resmine.score.io import TIERS
from resmine.score.metrics import Breakdown, Metrics
from resmine.score.negatives import squash

# Markdown cells (sentences, evidence) are cut to this many characters.
MD_SENTENCE_CHARS = 300
# How a figure with a zero denominator is shown.
NO_FIGURE = "–"
TABLE_COLUMNS = ("strict P", "strict R", "strict F1", "lenient P", "lenient R", "lenient F1", "TP", "FP", "FN")
KEY_FIELDS = ("doc_id", "gene", "mutation", "drug", "relation", "tier")
# errors.md quotes sentences up to this many characters.
ERRORS_SENTENCE_CHARS = 1500
# Characters that mean something to Markdown anywhere in a line, and at the start of one.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


@dataclass
class ScoreReport:
    documents: list[str]
    strict: Breakdown
    lenient: Breakdown
    false_positives: list[dict[str, Any]]
    misses: list[dict[str, Any]]
    tier_confusion: dict[str, dict[str, int]]
    negatives_checked: int
    negative_violations: list[dict[str, Any]]
    dropped_documents: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    gold_source: str = ""
    pred_source: str = ""
    errors: list[ScoredError] = field(default_factory=list)

    @property
    def negatives_violated(self) -> int:
        """Number of negatives.tsv rows violated at least once."""
        return len({v["negative"] for v in self.negative_violations})

    def to_json(self) -> dict[str, Any]:
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
        lines = [*_table_head(""), self._row("overall", self.strict.overall, self.lenient.overall)]
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
        out += ["", "## Per document", "", *_table_head("document")]
        for doc in self.documents:
            out.append(self._row(doc, self.strict.by_document[doc], self.lenient.by_document[doc]))
        out += ["", f"## Negatives: {self.negatives_violated} of {self.negatives_checked} violated", ""]
        if self.negative_violations:
            out += ["| document | must_not | predicted | sentence |", "|---|---|---|---|"]
            for v in self.negative_violations:
                key = "\\|".join((v["gene"], v["mutation"], v["drug"], v["relation"]))
                out.append(f"| {v['doc_id']} | {_cell(v['must_not'])} | {key} | {_cell(v['sentence'])} |")
        out += _key_table("False positives", self.false_positives, "lenient match", "sentence", "sentence")
        out += _key_table("Misses", self.misses, "predicted with another relation", "gold evidence", "evidence")
        return "\n".join(out) + "\n"


    # -- errors.md

    def errors_markdown(self) -> str:
        """Every false positive and miss with its reason and text, grouped by document."""
        kinds = Counter(e.kind for e in self.errors)
        out = [
            "# Errors against the gold set",
            "",
            f"{kinds[FALSE_POSITIVE]} false positives and {kinds[MISS]} misses (strict keys) in "
            f"{len({e.doc_id for e in self.errors})} of {len(self.documents)} documents; "
            f"negatives violated: {self.negatives_violated} of {self.negatives_checked}.",
            "Rows are gene · mutation · drug · relation (tier). A false positive quotes the sentence "
            "of its best-tier evidence row, a miss the gold evidence.",
        ]
        if self.errors:
            out += ["", "| reason | count |", "|---|---|"]
            for reason, n in sorted(Counter(e.reason for e in self.errors).items(), key=lambda x: (-x[1], x[0])):
                out.append(f"| {escape_markdown(reason)} | {n} |")
        by_doc: dict[str, list[ScoredError]] = defaultdict(list)
        for error in self.errors:
            by_doc[error.doc_id].append(error)
        for doc_id in sorted(by_doc):
            out += ["", f"## {escape_markdown(doc_id)}"]
            for error in by_doc[doc_id]:
                out += ["", *_error_lines(error)]
        return "\n".join(out) + "\n"


def escape_markdown(text: object, limit: int | None = None) -> str:
    """One line of plain text safe in Markdown: whitespace runs collapsed, characters with a
    Markdown meaning backslash-escaped, cut to ``limit`` characters (with "…")."""
    text = squash(str(text))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _MD_INLINE.sub(r"\\\1", text)
    start = _MD_LINE_START.match(text)
    if start:  # "-" or "+" would start a list, "=" underline a heading, "12." number a list
        mark = start.end() if start.group(1)[0].isdigit() else 0
        text = text[:mark] + "\\" + text[mark:]
    return text


def _row_text(row: Any) -> str:
    return escape_markdown(" · ".join((row.gene, row.mutation, row.drug, row.relation))) + f" (tier {row.tier})"


def _error_lines(error: ScoredError) -> list[str]:
    """One error: reason and row, the rows to compare it with, its sentence quoted."""
    if error.kind == MISS:
        head = f"- **{escape_markdown(error.reason)}**: gold {_row_text(error.row)}"
        others = [f"  - predicted: {_row_text(r)}" for r in error.related]
    else:
        many = f", {error.n_evidence} evidence rows" if error.n_evidence > 1 else ""
        head = f"- **{escape_markdown(error.reason)}**: predicted {_row_text(error.row)}{many}"
        others = [f"  - gold: {_row_text(r)}" for r in error.related]
        others += [f"  - negative: must not {escape_markdown(v['must_not'])}"
                   + (f" ({escape_markdown(v['note'])})" if v.get("note") else "") for v in error.negatives]
    text = escape_markdown(error.text, ERRORS_SENTENCE_CHARS) or "(empty)"
    return [head, *others, "", f"  > {text}"]


def _fmt(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:.3f}"


def _cell(text: object) -> str:
    text = squash(str(text)).replace("|", "\\|")
    return text if len(text) <= MD_SENTENCE_CHARS else text[: MD_SENTENCE_CHARS - 1] + "…"


def _key_table(title: str, rows: list[dict[str, Any]], lenient_header: str, text_header: str,
               text_key: str) -> list[str]:
    """A Markdown section listing strict keys (false positives or misses) with their text."""
    out = ["", f"## {title} ({len(rows)}, strict)", ""]
    if rows:
        headers = ("document", *KEY_FIELDS[1:], lenient_header, text_header)
        out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for row in rows:
            out.append("| " + " | ".join(_cell(row[k]) for k in KEY_FIELDS)
                       + f" | {'yes' if row['lenient_match'] else ''} | {_cell(row[text_key])} |")
    return out


def _table_head(first: str) -> list[str]:
    """A Markdown table's header and rule line: ``first`` then :data:`TABLE_COLUMNS`."""
    cells = (first, *TABLE_COLUMNS)
    return [" ".join(["|", *(f"{c} |" if c else "|" for c in cells)]), "|" + "---|" * len(cells)]

"""Reading the scorer's inputs: gold.tsv, negatives.tsv, predictions (evidence.csv) and
documents.txt, as described in :mod:`resmine.score`. Anything unreadable or malformed raises
:class:`ScoreError` naming the file and line."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from resmine.export import unguard_cell
from resmine.model import RELATIONS

TIERS = ("A", "B", "C")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
GOLD_COLUMNS = ("doc_id", "gene", "mutation", "drug", "relation", "tier", "evidence", "note")
GOLD_KEY_COLUMNS = GOLD_COLUMNS[:6]  # every one must be filled
NEGATIVE_COLUMNS = ("doc_id", "evidence", "must_not", "note")
NEGATIVE_REQUIRED_COLUMNS = NEGATIVE_COLUMNS[:3]
PRED_COLUMNS = ("doc_id", "gene", "mutation", "drug", "relation", "tier")
PATTERN_FIELDS = ("gene", "mutation", "drug", "relation")  # a must_not pattern: gene|mutation|drug|relation
TRUE_VALUES = ("true", "1", "yes")
# Evidence cells hold whole sentences or paragraphs; csv's own limit (128 KiB) is too small.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
# How many document ids an error message names before it gives only the count.
IDS_SHOWN = 20

csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))


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


def _open_table(path: Path, delimiter: str, required: tuple[str, ...]) -> tuple[IO[str], csv.DictReader[str]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise ScoreError(f"{path}: cannot read ({error.strerror or error})") from error
    reader = csv.DictReader(handle, delimiter=delimiter)
    try:
        header = reader.fieldnames or ()
    except (UnicodeDecodeError, csv.Error) as error:
        handle.close()
        raise ScoreError(f"{path}: unreadable, not UTF-8 text ({error})") from error
    missing = [c for c in required if c not in header]
    if missing:
        handle.close()
        raise ScoreError(f"{path}: missing column(s) {', '.join(missing)}")
    return handle, reader


def _rows(path: Path, delimiter: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
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
    seen: dict[tuple[str, ...], int] = {}
    for line, raw in _rows(path, "\t", GOLD_KEY_COLUMNS):
        values = {k: (raw.get(k) or "").strip() for k in GOLD_COLUMNS}
        values["evidence"] = raw.get("evidence") or ""  # verbatim, whitespace included
        row = GoldRow(**values)
        empty = [k for k in GOLD_KEY_COLUMNS if not getattr(row, k)]
        if empty:
            raise ScoreError(f"{path}:{line}: empty {', '.join(empty)}")
        if row.relation not in RELATIONS:
            raise ScoreError(f"{path}:{line}: relation {row.relation!r} not in {', '.join(RELATIONS)}")
        if row.tier not in TIERS:
            raise ScoreError(f"{path}:{line}: tier {row.tier!r} not in {', '.join(TIERS)}")
        if row.strict in seen:
            raise ScoreError(f"{path}:{line}: duplicate key {'|'.join(row.strict)} (first at line {seen[row.strict]})")
        seen[row.strict] = line
        rows.append(row)
    if not rows:
        raise ScoreError(f"{path}: no gold rows (only a header): nothing to score against")
    return rows


def parse_pattern(pattern: str) -> tuple[str, str, str, str]:
    """A must_not pattern's four fields; ValueError when it is not gene|mutation|drug|relation."""
    parts = tuple(p.strip() for p in pattern.split("|"))
    if len(parts) != len(PATTERN_FIELDS) or not all(parts):
        raise ValueError(f"must_not {pattern!r} is not gene|mutation|drug|relation")
    return cast("tuple[str, str, str, str]", parts)  # four fields, checked above


def read_negatives(path: str | Path) -> list[Negative]:
    """Read and validate negatives.tsv (doc_id, evidence and a well-formed must_not pattern)."""
    path = Path(path)
    rows: list[Negative] = []
    for line, raw in _rows(path, "\t", NEGATIVE_REQUIRED_COLUMNS):
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
    return value.strip().lower() in TRUE_VALUES


def read_documents_list(path: Path) -> set[str]:
    """The doc_ids of a documents.txt: one a line; blank lines and ``#`` comments skipped."""
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
            raise ScoreError(f"{evidence}:{line}: tier {cell['tier']!r} not in {', '.join(TIERS)}")
        rows.append(PredRow(
            doc_id=cell["doc_id"].strip(), gene=cell["gene"].strip(),
            mutation=cell["mutation"].strip(), drug=cell["drug"].strip(),
            relation=cell["relation"].strip(), tier=tier, sentence=cell.get("sentence", ""),
        ))
    if documents is not None:
        unlisted = sorted({r.doc_id for r in rows} - documents)
        if unlisted:
            raise ScoreError(
                f"{evidence}: rows for documents not listed in {documents_file.name}: {format_ids(unlisted)}"
            )
    return Predictions(rows, documents, str(evidence))


def format_ids(ids: Iterable[str]) -> str:
    """Sorted document ids for an error message: the first :data:`IDS_SHOWN`, then the count."""
    ids = sorted(ids)
    shown = ", ".join(ids[:IDS_SHOWN])
    return shown + (f" … ({len(ids)} in all)" if len(ids) > IDS_SHOWN else "")

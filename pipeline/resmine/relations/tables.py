"""Drug-response tables: the effect of a row read from its potency (IC50, GI50, EC50, Ki) against
the table's reference row (wild-type or parental) in the same column.

A row of such a table says how much drug the altered protein or cell line needs compared with
the unaltered one; the ratio of the two (the fold change) is the effect, as papers state it:
far more drug needed is resistance, far less is sensitivity, about the same is no effect. The
thresholds are the ``resmine_relations`` settings of :class:`TableSettings`.

What is read (each a small function below):

* a *potency column*: its header names IC50, GI50, EC50 or Ki (not a percentage: "% of
  control", "Inhibition (%)" measure something else), its drug is a drug named in its header,
  else the one drug of the caption; or, when the caption names the potency, a column whose
  header is a drug. Its unit is the header's ("(nM)"), else the caption's, unless a cell gives
  its own ("1.2 µM");
* a *potency value*: "36", "1,200", ">1000", "<10", "12 ± 3" (the mean), "10-20" (a range);
  bounds and ranges are intervals, and an interval decides only when all of it lies on one
  side of a threshold;
* the *reference row*: the first row of the table whose labels (its cells before the first
  potency column) say wild-type or WT, else parental; a table without one gives nothing, nor
  does the reference row itself.

A table is a run of consecutive table rows with the same header and caption (the readers give
each body row its header's texts and its caption: :class:`~resmine.model.Passage`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from resmine.model import Label, Mention, Passage, PassageKind
from resmine.relations.rules import Cue

# Headers of potency columns: half-maximal inhibitory / growth-inhibitory / effective
# concentration, inhibition constant. Ki is matched as written (a "KI" is a knock-in) and not
# as the proliferation marker Ki-67.
_POTENCY_HEADER = re.compile(r"(?i:\b(?:IC|GI|EC)\s?[-_]?(?:50|₅₀))|\bK[iᵢ]\b(?![-‐–\s]*67)")
# A column of percentages is a response at one dose (proliferation, viability, inhibition).
_PERCENT_HEADER = re.compile(r"%|\bpercent", re.IGNORECASE)
# Concentration units by their prefix, as factors to nanomolar ("": molar).
_UNIT_FACTORS = {"": 1e9, "m": 1e6, "µ": 1e3, "μ": 1e3, "u": 1e3, "n": 1.0, "p": 1e-3}
_UNIT = r"(?P<prefix>[mµμunp]?)(?:M|mol/[lL])"
_HEADER_UNIT = re.compile(rf"(?<![A-Za-z]){_UNIT}(?![A-Za-z])")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)"
# One cell's value: an optional bound, a number, an optional spread ("± 3") or range end
# ("-20", "to 20"), an optional unit, and a footnote mark.
_VALUE = re.compile(
    rf"\s*(?P<bound>[<>≤≥]=?|~)?\s*(?P<value>{_NUMBER})"
    rf"(?:\s*(?:±|\+/-|\+-)\s*{_NUMBER})?"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<upper>{_NUMBER}))?"
    rf"(?:\s*{_UNIT}(?![A-Za-z]))?"
    r"\s*[*†‡§¶a-z]?\s*"
)
# The longest cell read as a value ("> 1,000 ± 250 nmol/L" is 20): longer is text, and the cap
# keeps the value pattern's optional spaces from costing more than a short cell's worth.
MAX_VALUE_CHARS = 40
# Labels of a table's reference row: the unaltered protein, else the cell line the resistant
# ones were derived from (a wild-type row wins: a parental Ba/F3 line lacks the target).
_WILD_TYPE_LABEL = re.compile(r"\bwild[- ]?type\b|(?-i:\bWT\b)", re.IGNORECASE)
_PARENTAL_LABEL = re.compile(r"\bparent(?:al)?\b", re.IGNORECASE)


@dataclass(frozen=True)
class TableSettings:
    """How a potency table is read: the ``resmine_relations`` / ``resmine_triples`` settings
    ``resistance_fold``, ``sensitivity_fold`` and ``potency_when_labelled`` (models/pipeline.cfg).

    A row's fold change is its value over the reference row's: at least ``resistance_fold`` is
    resistance, at most ``sensitivity_fold`` sensitivity, in between no_effect. A row that
    carries a Sensitive/Resistant label is the authors' own reading of it: its potency columns
    are read only when ``potency_when_labelled`` (and never for a drug a label already reads)."""

    resistance_fold: float = 3.0
    sensitivity_fold: float = 0.5
    potency_when_labelled: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.sensitivity_fold < self.resistance_fold:
            raise ValueError(
                f"table settings: need 0 < sensitivity_fold ({self.sensitivity_fold}) "
                f"< resistance_fold ({self.resistance_fold})"
            )


@dataclass(frozen=True)
class Potency:
    """A potency as an interval in nanomolar (``unit_known`` False: in the column's unstated
    unit, comparable only with another such value)."""

    low: float
    high: float
    unit_known: bool


def is_potency_header(header: str) -> bool:
    """Whether a column header names a potency (IC50, GI50, EC50, Ki) and not a percentage."""
    return bool(_POTENCY_HEADER.search(header)) and not _PERCENT_HEADER.search(header)


def names_potency(caption: str) -> bool:
    """Whether a caption says its table's values are potencies ("IC50 values (nM) of ...")."""
    return bool(_POTENCY_HEADER.search(caption))


def header_unit(header: str) -> float | None:
    """The factor to nanomolar of the unit a header states ("IC50 (nM)"), None if it states none."""
    match = _HEADER_UNIT.search(header)
    return _UNIT_FACTORS[match.group("prefix")] if match else None


def parse_potency(cell: str, column_factor: float | None) -> Potency | None:
    """The value of a potency cell, or None for anything else ("ND", "—", "n.d.", text)."""
    cell = cell.strip()
    if len(cell) > MAX_VALUE_CHARS:
        return None
    match = _VALUE.fullmatch(cell)
    if match is None:
        return None
    value = float(match.group("value").replace(",", ""))
    upper = float(match.group("upper").replace(",", "")) if match.group("upper") else None
    prefix = match.group("prefix")
    factor = _UNIT_FACTORS[prefix] if prefix is not None else column_factor
    scale = factor if factor is not None else 1.0
    low, high = value, value
    if upper is not None:
        if upper < value:
            return None  # "20-10" is no range: a hyphenated code or a date
        high = upper
    bound = match.group("bound") or ""
    if bound.startswith((">", "≥")):
        high = math.inf
    elif bound.startswith(("<", "≤")):
        low = 0.0
    return Potency(low * scale, high * scale, factor is not None)


def fold_relation(row: Potency, reference: Potency, settings: TableSettings) -> str | None:
    """resistance / sensitivity / no_effect from the fold change of ``row`` over ``reference``,
    or None when the two cannot be compared or the interval straddles a threshold."""
    if row.unit_known != reference.unit_known or reference.high <= 0:
        return None
    fold_low = row.low / reference.high if reference.high != math.inf else 0.0
    fold_high = row.high / reference.low if reference.low > 0 else math.inf
    if fold_low >= settings.resistance_fold:
        return "resistance"
    if fold_high <= settings.sensitivity_fold:
        return "sensitivity"
    if settings.sensitivity_fold < fold_low and fold_high < settings.resistance_fold:
        return "no_effect"
    return None


def row_cells(text: str, passage: Passage) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a table row (readers give them; else split on tabs)."""
    if passage.cells:
        return list(passage.cells)
    cells, cursor = [], passage.start
    for part in text[passage.start:passage.end].split("\t"):
        cells.append((cursor, cursor + len(part)))
        cursor += len(part) + 1
    return cells


def is_reference_label(label: str) -> bool:
    """Whether a row label names a table's reference: wild-type, WT, parental."""
    return bool(_WILD_TYPE_LABEL.search(label) or _PARENTAL_LABEL.search(label))


def table_references(passages: Sequence[Passage], text: str) -> dict[int, Passage]:
    """The reference row of each body row's table, by the row's start; rows of a table without
    a potency column or without a reference row are absent. ``passages`` in document order."""
    references: dict[int, Passage] = {}
    table: list[Passage] = []
    for passage in passages:
        same_table = (passage.kind == PassageKind.TABLE_ROW and passage.header and table
                      and (passage.header, passage.caption) == (table[0].header, table[0].caption))
        if not same_table and table:
            references.update(_references(table, text))
            table = []
        if passage.kind == PassageKind.TABLE_ROW and passage.header:
            table.append(passage)
    if table:
        references.update(_references(table, text))
    return references


def _references(table: list[Passage], text: str) -> dict[int, Passage]:
    """The reference row of one table for each of its rows: the first wild-type row, else the
    first parental one, by the row's labels (its cells before the first potency column; the
    first cell when the caption names the potency)."""
    header = table[0].header
    first_potency = next((i for i, title in enumerate(header) if is_potency_header(title)), None)
    if first_potency is None and not names_potency(table[0].caption):
        return {}
    labels = [" ".join(text[start:end] for start, end in row_cells(text, row)[:max(first_potency or 1, 1)])
              for row in table]
    for pattern in (_WILD_TYPE_LABEL, _PARENTAL_LABEL):
        reference = next((row for row, label in zip(table, labels) if pattern.search(label)), None)
        if reference is not None:
            return {row.start: reference for row in table}
    return {}


@dataclass(frozen=True)
class PotencyColumn:
    index: int
    drug: Mention
    factor: float | None  # the header's unit, to nanomolar


def potency_columns(header: Sequence[str], header_cells: Sequence[tuple[int, int]],
                    header_drugs: Sequence[Mention], caption_drugs: Sequence[Mention],
                    caption: str = "") -> list[PotencyColumn]:
    """The potency columns of a table with the drug each is about: a column whose header names
    a potency, with the drug named in its header cell (not two: a combination), else the
    caption's drug when the caption names exactly one; and, when the caption names the potency ("IC50 values (nM) of ..."), a
    column whose header is a drug. The unit is the header's, else the caption's."""
    caption_named = {d.normalized for d in caption_drugs if d.label == Label.DRUG}
    caption_drug = next((d for d in caption_drugs if d.label == Label.DRUG), None) if len(caption_named) == 1 else None
    caption_potency = names_potency(caption)
    columns = []
    for index, title in enumerate(header):
        in_header = None
        if index < len(header_cells):
            start, end = header_cells[index]
            in_cell = [d for d in header_drugs if start <= d.start < end and d.label == Label.DRUG]
            if len({d.normalized for d in in_cell}) > 1:
                continue  # "Crizotinib + trametinib IC50": a combination is no one drug's effect
            in_header = in_cell[0] if in_cell else None
        if is_potency_header(title):
            drug = in_header or caption_drug
        elif caption_potency and not _PERCENT_HEADER.search(title):
            drug = in_header
        else:
            continue
        if drug is not None:
            unit = header_unit(title)
            columns.append(PotencyColumn(index, drug, unit if unit is not None else header_unit(caption)))
    # one column per drug: one whose header names the potency before one the caption names
    named = {c.drug.normalized for c in columns if is_potency_header(header[c.index])}
    return [c for c in columns if is_potency_header(header[c.index]) or c.drug.normalized not in named]


def potency_cues(text: str, row: Passage, reference: Passage, columns: Sequence[PotencyColumn],
                 settings: TableSettings) -> list[tuple[Mention, Cue]]:
    """(drug, cue) for each potency column where the row's value against the reference row's
    decides an effect; the cue spans the row's cell and carries the relation."""
    if row.start == reference.start:
        return []
    cells, reference_cells = row_cells(text, row), row_cells(text, reference)
    out = []
    for column in columns:
        if column.index >= len(cells) or column.index >= len(reference_cells):
            continue
        start, end = cells[column.index]
        value = parse_potency(text[start:end], column.factor)
        ref_start, ref_end = reference_cells[column.index]
        reference_value = parse_potency(text[ref_start:ref_end], column.factor)
        if value is None or reference_value is None:
            continue
        relation = fold_relation(value, reference_value, settings)
        if relation is not None:
            out.append((column.drug, Cue(start, end, relation)))
    return out


def label_cell_changes(changes: Sequence[tuple[Mention, Mention]], cells: Sequence[tuple[int, int]],
                       columns: Sequence[PotencyColumn]) -> list[tuple[Mention, Mention]]:
    """The (change, gene) pairs of the row's label: the first cell holding a change that is not
    a potency column (a variant in the row is what the row's values are measured on)."""
    potency_indices = {c.index for c in columns}
    for index, (start, end) in enumerate(cells):
        if index in potency_indices:
            continue
        held = [link for link in changes if start <= link[0].start < end]
        if held:
            return held
    return []

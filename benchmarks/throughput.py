"""Throughput of the whole pipeline per stage, in both extraction modes, and Dask scaling.

Texts: every title + abstract of BC5CDR train+dev, BioRED train+dev, tmVar 1.0 train and
NLM-Gene train (PubTator files in the shared data), read with resmine's reader.

Per stage (one process, one core): reading the files, then each pipeline component run over
all documents in turn (``component.pipe`` in batches, as ``nlp.pipe`` does), for ``--mode
full`` and ``--mode triples``. Then end to end: the local engine (``write_extraction``) and the
Dask engine with 1 and 2 local workers, each writing a run folder like ``resmine extract``.
Peak RSS is the process's own (and, for Dask, the largest worker's is not included: workers are
other processes). The store stage is not measured: no store has landed yet.

    .venv/bin/python benchmarks/throughput.py            # --limit N, --corpora DIR, --skip-dask
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

STAGES = {
    "resmine_sentences": "sentences", "resmine_abbreviation_detector": "abbreviations",
    "resmine_lexicon": "lexicon", "resmine_mutations": "mutations", "resmine_ner": "NER",
    "resmine_abbreviations": "abbreviations", "resmine_families": "mentions", "resmine_species": "mentions",
    "resmine_relations": "relations",
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_times(nlp, documents) -> dict[str, float]:
    """Seconds per stage for all ``documents``, components run one after the other."""
    from resmine.nlp import annotate

    for _ in annotate(nlp, documents[:4]):  # resources load on first use: not a stage's time
        pass
    docs = []
    start = time.perf_counter()
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc.user_data["document"] = document
        docs.append(doc)
    times = {"tokenizer": time.perf_counter() - start}
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=nlp.batch_size))
        else:
            docs = [component(doc) for doc in docs]
        stage = STAGES.get(name, name)
        times[stage] = times.get(stage, 0.0) + time.perf_counter() - start
    # the same run through nlp.pipe, as the engine does, for the total
    start = time.perf_counter()
    for _ in annotate(nlp, documents):
        pass
    times["all (nlp.pipe)"] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from abstracts import PUBTATOR_FILES, default_corpora

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=None, help="default: <shared>/data/corpora")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--skip-dask", action="store_true", help="no Dask scaling rows")
    args = parser.parse_args(argv)

    from resmine.engine.dask import DaskSettings, write_extraction_dask
    from resmine.engine.shards import ShardJob
    from resmine.engine.local import write_extraction
    from resmine.model import Document
    from resmine.ner.components import mode_overrides
    from resmine.nlp import load_pipeline
    from resmine.readers import iter_documents

    corpora = args.corpora or default_corpora()
    files = [corpora / name for name in PUBTATOR_FILES if (corpora / name).is_file()]
    if not files:
        print(f"{corpora}: none of the benchmark files found", file=sys.stderr)
        return 1
    start = time.perf_counter()
    documents = [d for d in iter_documents(files) if isinstance(d, Document)][: args.limit]
    read_s = time.perf_counter() - start
    n, words = len(documents), sum(len(d.text.split()) for d in documents)
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}; "
          f"{n} documents, {words:,} words from {len(files)} files")
    rows = [("read", "-", read_s)]
    for mode in ("full", "triples"):
        nlp = load_pipeline(overrides=mode_overrides(mode))
        for stage, seconds in stage_times(nlp, documents).items():
            rows.append((stage, mode, seconds))
    print("\n| stage | mode | s | abstracts/s | words/s |\n|---|---|---|---|---|")
    for stage, mode, seconds in rows:
        print(f"| {stage} | {mode} | {seconds:.1f} | {n / seconds:,.0f} | {words / seconds:,.0f} |")
    print(f"\npeak RSS of this process after the stage runs: {peak_mb():,.0f} MB")

    if args.limit:
        print("end to end: skipped with --limit (the engines read whole files)")
        return 0
    engines = [("local", None)] + ([] if args.skip_dask else [("dask", 1), ("dask", 2)])
    print("\n| engine | workers | mode | wall s | abstracts/s |\n|---|---|---|---|---|")
    for mode in ("full", "triples"):
        for engine, workers in engines:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out"
                out.mkdir()
                start = time.perf_counter()
                if engine == "local":
                    summary = write_extraction(files, out, load_pipeline(overrides=mode_overrides(mode)),
                                               report=lambda line: None)
                else:
                    job = ShardJob(str(Path(tmp) / "shards"), overrides=mode_overrides(mode))
                    summary = write_extraction_dask(files, out, job, DaskSettings(workers=workers or 1),
                                                    shard_bytes=500_000, report=lambda line: None)
                wall = time.perf_counter() - start
            docs = len(summary.documents)
            print(f"| {engine} | {workers or '-'} | {mode} | {wall:.1f} | {docs / wall:,.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Hybrid NER speed: words/s per core and peak memory of the pipeline's mention-finding part.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_ner.py [--repeat N] [--corpora DIR] [--config CFG] [--model DIR]

Runs ``models/pipeline.cfg`` without its relation component (``resmine_relations``): tokenizer,
sentences, abbreviations, dictionaries, mutation grammar, the statistical NER with its
features, and normalisation — everything that produces gene/drug/mutation mentions — over the
titles + abstracts of BC5CDR and BioRED (train + dev). Also times the statistical NER model
alone, on resmine's backend (numpy's BLAS, ``resmine.ner.ops``) and on thinc's own (BLIS).
Words are whitespace-separated tokens. One process; BLAS threads should be pinned to one
(``OMP_NUM_THREADS=1``) for a per-core figure. ``--model`` times another trained NER model
(a ``resmine train-ner --out`` folder) in the pipeline and alone.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path


def main() -> int:
    from abstracts import benchmark_parser, documents_or_exit

    parser = benchmark_parser(__doc__, repeat=2)
    parser.add_argument("--config", type=Path, default=None, help="pipeline config (default: models/pipeline.cfg)")
    parser.add_argument("--model", type=Path, default=None, help="NER model folder (default: the config's, models/ner)")
    args = parser.parse_args()

    from resmine.ner import load_ner_model
    from resmine.nlp import annotate, load_pipeline

    files, documents = documents_or_exit(args.corpora)
    words = sum(len(d.text.split()) for d in documents)

    started = time.perf_counter()
    overrides = {"paths.ner_model": str(args.model)} if args.model else {}
    nlp = load_pipeline(args.config, overrides, without_relations=True)
    load_s = time.perf_counter() - started

    best = float("inf")
    mentions = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        mentions = sum(len(a.mentions) for a in annotate(nlp, documents, batch_size=64))
        best = min(best, time.perf_counter() - started)

    model = load_ner_model(str(args.model) if args.model else None)
    model_best = best_model_time(model, documents, args.repeat)
    # the same model on thinc's own CPU backend (BLIS), for the record of resmine.ner.ops
    from thinc.api import NumpyOps

    from resmine.ner.ops import set_cpu_ops

    set_cpu_ops(model, NumpyOps())
    thinc_best = best_model_time(model, documents, args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"files: {', '.join(p.name for p in files)}")
    print(f"documents: {len(documents):,}  words: {words:,}  OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(f"pipeline load: {load_s:.2f} s; components: {', '.join(nlp.pipe_names)}; "
          f"NER model: {args.model or 'the config default'}")
    print(f"hybrid NER (pipeline without relations): {best:.2f} s best of {args.repeat}"
          f" -> {words / best:,.0f} words/s per core; {mentions:,} mentions")
    print(f"statistical NER model alone: {model_best:.2f} s -> {words / model_best:,.0f} words/s per core"
          f" (on thinc's own backend, BLIS: {thinc_best:.2f} s -> {words / thinc_best:,.0f} words/s)")
    print(f"peak RSS: {peak:.0f} MB")
    return 0


def best_model_time(model, documents, repeat: int) -> float:
    """The best of ``repeat`` passes of the NER model alone over the documents' texts, in seconds."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        for _doc in model.pipe((d.text for d in documents), batch_size=64):
            pass
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    raise SystemExit(main())

"""Relation stage speed: candidates/s of the classifier and evidence rows per second of the
relation stage, rules alone against ``resmine_relations``, on the benchmark abstracts.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_relations.py [--repeat N] [--corpora DIR]

The mention part of the pipeline runs once (untimed here: ``bench_ner.py`` measures it); the
relation stage then reads every document with the rules alone and with the shipped model, and
the end-to-end words/s of ``resmine extract``'s pipeline is given for both (mention part plus
relation stage). One process; pin BLAS threads to one for a per-core figure.
"""

from __future__ import annotations

import time


def main() -> int:
    from abstracts import benchmark_parser, documents_or_exit

    parser = benchmark_parser(__doc__, repeat=3)
    args = parser.parse_args()

    from resmine.nlp import annotate, load_pipeline
    from resmine.paths import models_dir
    from resmine.relations import RelationModel, RelationRules, document_view, extract_evidence
    from resmine.relations.learned import candidate_rows
    from resmine.relations.reading import read_unit

    files, documents = documents_or_exit(args.corpora)
    words = sum(len(d.text.split()) for d in documents)
    nlp = load_pipeline(without_relations=True)
    started = time.perf_counter()
    annotated = list(annotate(nlp, documents, batch_size=64))
    mention_s = time.perf_counter() - started
    rules = RelationRules.load()
    model = RelationModel.load(models_dir() / "relations")

    candidates = 0
    for a in annotated:
        view = document_view(a.document, a.sentences, a.mentions)
        for unit in view.units:
            reading = read_unit(view, unit, rules)
            if reading is not None and not reading.is_row:
                candidates += len(candidate_rows(view, reading))

    timings = {}
    for name, chosen in (("rules", None), ("model", model)):
        best, rows = float("inf"), 0
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            rows = sum(len(extract_evidence(a.document, a.sentences, a.mentions, rules, chosen)) for a in annotated)
            best = min(best, time.perf_counter() - started)
        timings[name] = (best, rows)
    print(f"files: {', '.join(p.name for p in files)}")
    print(f"documents: {len(documents):,}  words: {words:,}  mention part: {mention_s:.2f} s "
          f"({words / mention_s:,.0f} words/s)")
    for name, (seconds, rows) in timings.items():
        print(f"relation stage, {name:<5}: {seconds:.3f} s, {rows:,} evidence rows; end to end "
              f"{words / (mention_s + seconds):,.0f} words/s")
    extra = timings["model"][0] - timings["rules"][0]
    print(f"classifier: {candidates:,} candidates scored in {max(extra, 1e-9):.3f} s beyond the rules "
          f"-> {candidates / max(extra, 1e-9):,.0f} candidates/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

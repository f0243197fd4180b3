"""What the NER model's shape costs: words/s of untrained copies of ``models/ner/``'s architecture.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_ner_shapes.py [--shapes 4x96,2x96,4x64,2x64] [--documents N]

Each shape ``DEPTHxWIDTH`` is the shipped model's config with the tok2vec's depth and width
(embedding and encoder) changed, built with random weights, the same tokenizer, features and
labels, on resmine's backend (``resmine.ner.ops``). A model's speed does not depend on its
weights, so this tells what a narrower model would gain before one is trained; what it would
lose in accuracy only a trained one can tell. CPU time of the model alone (``nlp.pipe``) over the
first N abstracts of the benchmark corpus (BC5CDR, BioRED), best of two passes; the shipped
model itself is timed first.
"""

from __future__ import annotations

import argparse
import copy
import time


def main() -> int:
    from abstracts import documents_or_exit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="4x96,2x96,3x96,4x64,2x64", help="DEPTHxWIDTH, comma-separated")
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--corpora", default=None)
    args = parser.parse_args()
    shapes = [tuple(int(x) for x in shape.split("x")) for shape in args.shapes.split(",")]

    import spacy

    from resmine.ner import load_ner_model
    from resmine.ner.ops import use_blas_ops

    _files, documents = documents_or_exit(args.corpora)
    texts = [d.text for d in documents[: args.documents]]
    words = sum(len(t.split()) for t in texts)
    shipped = load_ner_model(None)
    print(f"{len(texts)} abstracts, {words:,} words; CPU time of the model alone, best of 2")
    print(f"shipped models/ner/: {words / model_seconds(shipped, texts):,.0f} words/s")
    labels = shipped.get_pipe("ner").labels
    for depth, width in shapes:
        config = copy.deepcopy(shipped.config)
        tok2vec = config["components"]["tok2vec"]["model"]
        tok2vec["encode"]["depth"], tok2vec["encode"]["width"], tok2vec["embed"]["width"] = depth, width, width
        nlp = spacy.util.load_model_from_config(config, auto_fill=True)
        nlp.tokenizer = shipped.tokenizer
        for label in labels:
            nlp.get_pipe("ner").add_label(label)
        nlp.initialize()
        use_blas_ops(nlp)
        print(f"depth {depth}, width {width} (untrained): {words / model_seconds(nlp, texts):,.0f} words/s")
    return 0


def model_seconds(nlp, texts: list[str]) -> float:
    list(nlp.pipe(texts[:50]))
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = min(best, time.process_time() - started)
    return best


if __name__ == "__main__":
    raise SystemExit(main())

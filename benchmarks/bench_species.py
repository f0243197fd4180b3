"""Species context (resmine.mentions.species): how often it fires, and what it costs.

    .venv/bin/python benchmarks/bench_species.py [--splits biored-dev,gnormplus-train,nlmgene-train]

For each split and part (dev, tune), the pipeline runs twice, with the species context and
without it (``min_rodent_cues`` out of reach): texts taken for rodent studies, texts in which a
gene lost its human symbol, and gene mentions unnamed out of those that had a symbol. Counts
only: no error text is printed. Then the cost of the document cues alone (words/s, one core).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--splits", default="biored-dev,gnormplus-train,nlmgene-train")
    parser.add_argument("--corpora", type=Path, default=None, help="Corpora folder (default: ../shared/data/corpora).")
    args = parser.parse_args()

    from resmine.mentions.species import species_cues
    from resmine.paths import models_dir, shared_dir
    from resmine.tools.ner.corpora import GENE, load_split
    from resmine.tools.ner.evaluate import predict_pipeline
    from resmine.tools.splits import split_dev_tune

    corpora = args.corpora or shared_dir() / "data" / "corpora"
    config = (models_dir() / "pipeline.cfg").read_text(encoding="utf-8")
    off = re.sub(r"\nmin_rodent_cues = \d+", "\nmin_rodent_cues = 1000000", config, count=1)
    if off == config:
        raise SystemExit("models/pipeline.cfg has no min_rodent_cues setting")
    with tempfile.TemporaryDirectory() as folder:
        off_path = Path(folder) / "pipeline.cfg"
        # [paths] null means models/: the copy reads the same folders
        off_path.write_text(off, encoding="utf-8")
        texts: list[str] = []
        print("split part: texts, rodent studies, texts with a gene unnamed, gene mentions unnamed / named")
        for split in args.splits.split(","):
            for part, items in split_dev_tune(load_split(corpora, split), lambda item: item.doc_id).items():
                texts += [item.text for item in items]
                without, with_species = predict_pipeline(items, off_path), predict_pipeline(items)
                named = unnamed = documents = 0
                for before, after in zip(without, with_species):
                    symbols = {(s, e): n for s, e, label, n in before if label == GENE and n}
                    now = {(s, e): n for s, e, label, n in after if label == GENE}
                    lost = sum(1 for span in symbols if now.get(span) == "")
                    named, unnamed, documents = named + len(symbols), unnamed + lost, documents + bool(lost)
                studies = sum(species_cues(item.text).rodent_study() for item in items)
                print(f"{split} {part}: {len(items)}, {studies}, {documents}, {unnamed} / {named}")
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    for text in texts:
        species_cues(text)
    seconds = time.perf_counter() - started
    print(f"document cues: {len(texts)} texts, {words} words in {seconds:.3f} s = {words / seconds:,.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

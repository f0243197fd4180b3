"""Mutation-scanning speed: MB/s on one core over real abstracts.

    .venv/bin/python benchmarks/bench_mutations.py [--data ../shared/data] [--repeat 3]

Texts: every abstract (title + " " + abstract) of BC5CDR train+dev, BioRED train+dev, tmVar 1.0
train and NLM-Gene train (PubTator) plus the MutationFinder development set, under
``<data>/corpora``. Times ``extract_mutations`` (the grammar, no spaCy) in one process; prints
MB/s (UTF-8 bytes), documents/s, mentions found, peak RSS, and a Markdown row for
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

from abstracts import PUBTATOR_FILES

MUTATIONFINDER = "mutations/mutationfinder/devo_set.txt"


def default_data() -> Path:
    if os.environ.get("RESMINE_SHARED"):
        return Path(os.environ["RESMINE_SHARED"]) / "data"
    here = Path.cwd().resolve()
    for parent in (here, *here.parents):
        if (parent / "pyproject.toml").is_file():
            return parent.parent / "shared" / "data"
    return here.parent / "shared" / "data"


def load_texts(data: Path) -> list[str]:
    from resmine.tools.mutations.corpora import read_mutationfinder, read_pubtator

    corpora = data / "corpora"
    texts: list[str] = []
    for rel in PUBTATOR_FILES:
        path = corpora / rel
        if path.is_file():
            texts += [doc.text for doc in read_pubtator(path)]
        else:
            print(f"warning: {path} not found, skipped", file=sys.stderr)
    mf = corpora / MUTATIONFINDER
    if mf.is_file():
        texts += list(read_mutationfinder(mf, mf.with_name("devo_gold_std.txt"))[0].values())
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder (default ../shared/data)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the texts (best is reported)")
    args = parser.parse_args(argv)
    data = args.data or default_data()
    texts = load_texts(data)
    if not texts:
        print(f"error: no abstracts found under {data}/corpora; pass --data", file=sys.stderr)
        return 1

    from resmine.mutations import extract_mutations

    size = sum(len(t.encode("utf-8")) for t in texts)
    extract_mutations(texts[0])  # load rule files, compile patterns
    best = float("inf")
    found = 0
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        found = 0
        for text in texts:
            found += len(extract_mutations(text))
        best = min(best, time.perf_counter() - t0)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    mbps = size / best / 1e6
    print(f"documents      {len(texts)}")
    print(f"text           {size / 1e6:.2f} MB (UTF-8)")
    print(f"mentions       {found}")
    print(f"best pass      {best:.3f} s of {args.repeat}")
    print(f"speed          {mbps:.2f} MB/s per core ({len(texts) / best:.0f} docs/s)   target >= 5 MB/s")
    print(f"peak RSS       {peak_kb / 1024:.0f} MB")
    print()
    print("| date | machine | docs | MB | MB/s/core | docs/s | peak RSS MB | command |")
    print(f"| {time.strftime('%Y-%m-%d')} | {platform.machine()} {platform.python_version()} | {len(texts)} | "
          f"{size / 1e6:.2f} | {mbps:.2f} | {len(texts) / best:.0f} | {peak_kb / 1024:.0f} | "
          f"`.venv/bin/python benchmarks/bench_mutations.py` |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

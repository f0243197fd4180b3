"""Dictionary matcher speed: words/s over the BC5CDR + BioRED PubTator texts, load time, peak RSS.

    .venv/bin/python benchmarks/bench_lexicons.py [--repeat N] [--corpora DIR]

Words are whitespace-separated tokens of title + " " + abstract. Single process, one core.
"""

from __future__ import annotations

import resource
import time


def main() -> int:
    from abstracts import benchmark_parser, documents_or_exit

    parser = benchmark_parser(__doc__, repeat=3)
    args = parser.parse_args()

    from resmine.lexicons import load_lexicon

    files, documents = documents_or_exit(args.corpora)
    texts = [doc.text for doc in documents]
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started = time.perf_counter()
    lexicon = load_lexicon()
    load_s = time.perf_counter() - started

    best = float("inf")
    hits = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        hits = sum(len(lexicon.match(t)) for t in texts)
        best = min(best, time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"files: {', '.join(p.name for p in files)}")
    print(f"documents: {len(texts):,}  words: {words:,}  characters: {chars:,}")
    print(f"lexicon load: {load_s:.2f} s ({len(lexicon):,} keys)")
    print(f"match: {best:.2f} s best of {args.repeat} -> {words / best:,.0f} words/s, {chars / best / 1e6:.2f} M chars/s")
    print(f"hits: {hits:,}")
    print(f"peak RSS: {peak:.0f} MB (texts loaded: {rss_before:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time and peak memory of each pipeline component on one document read whole (Linux).

Finds which step holds the memory of a large document: the spaCy Doc is made, then each
component of ``models/pipeline.cfg`` runs in turn; before each, the process's peak RSS
(``VmHWM`` in ``/proc/self/status``) is reset through ``/proc/self/clear_refs``, so each line
shows that step's own peak. The document is read whole, without the windows of
:mod:`resmine.nlp.windows`, to see what one Doc costs.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_stages.py FILE.txt     # --config CFG
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from resmine.model import Document
from resmine.nlp import load_pipeline
from resmine.readers import iter_documents


def _status_mb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")  # 5: reset the peak RSS to the current RSS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="one input file (its first document is read)")
    parser.add_argument("--config", type=Path, default=None, help="pipeline config (default: models/pipeline.cfg)")
    parser.add_argument("--max-chars", type=int, default=50_000_000, help="characters the reader accepts")
    args = parser.parse_args()
    nlp = load_pipeline(args.config)
    document = next(d for d in iter_documents([args.path], max_chars=args.max_chars) if isinstance(d, Document))
    print(f"{len(document.text):,} characters; RSS after loading {_status_mb('VmRSS')} MB")
    print("| step | seconds | RSS before → after MB | peak MB |")
    print("|---|---|---|---|")
    _reset_peak()
    before, start = _status_mb("VmRSS"), time.perf_counter()
    doc = nlp.make_doc(document.text)
    doc.user_data["document"] = document
    _print_step(f"make_doc ({len(doc):,} tokens)", start, before)
    for name, component in nlp.pipeline:
        _reset_peak()
        before, start = _status_mb("VmRSS"), time.perf_counter()
        doc = component(doc)
        _print_step(name, start, before)


def _print_step(name: str, start: float, rss_before: int) -> None:
    """The table row of a step begun at ``start`` (perf_counter) with ``rss_before`` MB."""
    print(f"| {name} | {time.perf_counter() - start:.1f} | {rss_before} → {_status_mb('VmRSS')} "
          f"| {_status_mb('VmHWM')} |", flush=True)


if __name__ == "__main__":
    main()

"""Time and peak memory of `resmine extract` on inputs that have no sentence ends or are large.

Issue 21, rows 1-3: one-line texts (no full stop) of growing size holding a few mutations,
drugs and effect cues; 100,000 and 1,000,000 short lines; about 1 MB (and more) of real prose
(the review seed concatenated). The inputs are generated in a temporary folder and deleted
afterwards, never committed. Each case runs in its own child process, one after the other; its
peak RSS is the child's ``ru_maxrss`` (measured by a small wrapper process, so cases do not
mix). An input longer than the default per-document limit (``--max-chars``, 5 M characters)
is run with ``--max-chars`` raised to its length, so that it is read rather than refused.

    .venv/bin/python benchmarks/bench_robustness.py            # --sizes 10000,100000,1000000 --lines 100000,1000000 --prose 1000000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from resmine.readers import DEFAULT_MAX_CHARS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_0792c4f2a95b5666.txt"  # the review
RESMINE = [sys.executable, "-m", "resmine"]

# One statement with a gene, two mutations, three drugs and effect cues, and neutral filler:
# no full stop anywhere, so the whole file is one sentence for a sentence splitter.
STATEMENT = ("the EGFR T790M mutation confers resistance to gefitinib while ALK G1202R shows "
             "sensitivity to lorlatinib and the cells treated with erlotinib were observed over weeks ")
FILLER = "cells grown in medium with serum were observed over many weeks in culture without change "

# Child process: run the command, print its wall time and its peak RSS in KB.
_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
"""


def one_line(size: int) -> str:
    """``size`` characters without a sentence end, a statement every sixth phrase."""
    parts, length, k = [], 0, 0
    while length < size:
        part = STATEMENT if k % 6 == 0 else FILLER
        parts.append(part)
        length += len(part)
        k += 1
    return "".join(parts)[:size].rstrip() + "\n"


def short_lines(count: int) -> str:
    """``count`` short lines, every tenth naming a mutation and a drug."""
    return "".join(f"EGFR T790M gefitinib resistance {k}\n" if k % 10 == 0 else f"row {k} value\n"
                   for k in range(count))


def prose(size: int) -> str:
    seed = SEED.read_text(encoding="utf-8")
    return "\n\n".join([seed] * max(1, round(size / len(seed))))


def measure(path: Path, out: Path, max_chars: int) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of `resmine extract path -o out --max-chars N`."""
    command = [*RESMINE, "extract", str(path), "-o", str(out), "--max-chars", str(max_chars)]
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, rss_kb, rc = result.stdout.split()
    return float(seconds), int(rss_kb) / 1024, int(rc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="one-line text sizes in characters")
    parser.add_argument("--lines", default="100000,1000000", help="numbers of short lines")
    parser.add_argument("--prose", default="1000000", help="characters of real prose (empty: skip)")
    args = parser.parse_args()
    cases = [(f"one line, {int(s) // 1000:,} KB, no full stop", lambda s=int(s): one_line(s))
             for s in args.sizes.split(",") if s]
    cases += [(f"{int(n):,} short lines", lambda n=int(n): short_lines(n)) for n in args.lines.split(",") if n]
    cases += [("real prose (review seed concatenated)", lambda c=int(c): prose(c)) for c in args.prose.split(",") if c]
    tmp = Path(tempfile.mkdtemp(prefix="resmine-robustness-"))
    try:
        print("| input | chars | seconds | µs/char | peak RSS MB | exit |")
        print("|---|---|---|---|---|---|")
        for name, make in cases:
            path = tmp / "input.txt"
            text = make()
            path.write_text(text, encoding="utf-8")
            seconds, rss, rc = measure(path, tmp / "out", max(DEFAULT_MAX_CHARS, len(text)))
            print(f"| {name} | {len(text):,} | {seconds:.1f} | {seconds / len(text) * 1e6:.1f} | {rss:,.0f} | {rc} |",
                  flush=True)
            shutil.rmtree(tmp / "out", ignore_errors=True)
            path.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

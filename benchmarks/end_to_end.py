"""End to end on one core, as a user runs it: `resmine extract` pinned to one core (`taskset -c 0`;
`--core` picks another, e.g. the one another job leaves free)
on N and 2N real abstracts, so that start-up cancels out (rate = N / (t_2N - t_N)); peak memory
of the process; start-up alone (one abstract); and the Dask engine with 1 and 2 local workers,
its rate taken the same way (shards of N/8 abstracts: 8 for N, 16 for 2N).

Abstracts: the PubTator records of BC5CDR train+dev, BioRED train+dev, tmVar 1.0 train and
NLM-Gene train (the same files as throughput.py), copied verbatim, shuffled with a fixed seed.
`--only bc5cdr` keeps BC5CDR's (drug and disease abstracts, the closest here to PubMed at large:
about one in seven names a variant or alteration, against one in two over all six files).

    .venv/bin/python benchmarks/end_to_end.py            # --n 1000 --modes full,triples --skip-dask --repeat 3 --core 1
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from abstracts import PUBTATOR_FILES, default_corpora

RESMINE = Path(sys.executable).with_name("resmine")


def records(corpora: Path, only: str | None = None) -> list[str]:
    """Every PubTator record (title, abstract and annotation lines) of the benchmark files."""
    out: list[str] = []
    for name in PUBTATOR_FILES:
        if only and only not in name:
            continue
        path = corpora / name
        if path.is_file():
            out += [r.strip("\n") + "\n" for r in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if r.strip()]
    return out


def timed(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds (user + system), peak RSS MB) of one command, via GNU time.
    On a shared machine the CPU seconds say more than the wall time: a process waiting for
    its core is not charged for the wait."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        user, system, peak = report.read().split()[-3:]
        return wall, float(user) + float(system), int(peak) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=None, help="default: <shared>/data/corpora")
    parser.add_argument("--n", type=int, default=1000, help="abstracts in the smaller run (the larger has 2N)")
    parser.add_argument("--modes", default="full,triples")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--only", default=None, help="only the files whose path holds this (e.g. bc5cdr)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each size, on one core and on Dask; the median time of each is used (a rate "
                             "resting on a few seconds between N and 2N moves with every run)")
    parser.add_argument("--core", type=int, default=0, help="the core the one-core runs are pinned to (taskset -c)")
    args = parser.parse_args(argv)

    pool = records(args.corpora or default_corpora(), args.only)
    # shuffled (fixed seed): N and 2N hold the same mix of corpora, so their difference is a rate
    random.Random(2026).shuffle(pool)
    if len(pool) < 2 * args.n:
        print(f"only {len(pool)} abstracts; --n at most {len(pool) // 2}", file=sys.stderr)
        return 1
    pin = ["taskset", "-c", str(args.core)] if shutil.which("taskset") else []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = {}
        for size in (1, args.n, 2 * args.n):
            inputs[size] = work / f"abstracts_{size}.PubTator"
            inputs[size].write_text("\n".join(pool[:size]) + "\n", encoding="utf-8")
        print(f"{len(pool)} abstracts available; runs on 1, {args.n} and {2 * args.n}; pinned: {' '.join(pin) or 'no'}")
        print("\n| mode | start-up s (1 abstract; CPU s) | t(N) s | t(2N) s | abstracts/s (N / (t2N - tN)) "
              "| per CPU second (N / (cpu2N - cpuN)) | peak MB |")
        print("|---|---|---|---|---|---|---|")
        # untimed: the lexicon's derived copy (resmine.lexicons.cache) is made current, so the
        # start-up timed is a user's every run after the first
        subprocess.run([str(RESMINE), "extract", str(inputs[1]), "-o", str(work / "warm-up")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for mode in args.modes.split(","):
            # the sizes interleaved (1, N, 2N, 1, N, 2N, ...): a machine that slows down or speeds up
            # during the runs then shifts every size alike, not t(2N) against t(N)
            runs: dict[int, list[tuple[float, float, float]]] = {size: [] for size in inputs}
            for _ in range(args.repeat):
                for size, path in inputs.items():
                    runs[size].append(timed([*pin, str(RESMINE), "extract", str(path), "-o",
                                             str(work / f"out-{mode}-{size}"), "--mode", mode]))
            walls = {size: statistics.median(run[0] for run in done) for size, done in runs.items()}
            cpus = {size: statistics.median(run[1] for run in done) for size, done in runs.items()}
            peaks = {size: max(run[2] for run in done) for size, done in runs.items()}
            rate = args.n / (walls[2 * args.n] - walls[args.n])
            cpu_rate = args.n / (cpus[2 * args.n] - cpus[args.n])
            print(f"| {mode} | {walls[1]:.1f}; {cpus[1]:.1f} | {walls[args.n]:.1f} | {walls[2 * args.n]:.1f} | "
                  f"{rate:,.1f} | {cpu_rate:,.1f} | {max(peaks.values()):,.0f} |")
        if args.skip_dask:
            return 0
        # shards are input files of N/8 abstracts each: 8 for N, 16 for 2N, one shard each. As on
        # one core, the rate is N / (t(2N) - t(N)), so that the cluster's start, each worker's
        # pipeline load and the final merge cancel out; the wall-time ratio at 2N is given too.
        print("\n| mode | Dask workers | wall s, N (8 files) | wall s, 2N (16 files) | abstracts/s (N / (t2N - tN)) "
              "| speed-up of the rate | speed-up of the wall time at 2N |\n|---|---|---|---|---|---|---|")
        step = -(-args.n // 8)
        folders = {}
        for size in (args.n, 2 * args.n):
            folders[size] = work / f"shards-in-{size}"
            folders[size].mkdir()
            for k in range(-(-size // step)):
                (folders[size] / f"part{k:02d}.PubTator").write_text(
                    "\n".join(pool[k * step:min((k + 1) * step, size)]) + "\n", encoding="utf-8")
        for mode in args.modes.split(","):
            # interleaved as on one core: workers and sizes alternate in each round of runs
            dask_runs: dict[tuple[int, int], list[float]] = {(w, size): [] for w in (1, 2) for size in folders}
            for _ in range(args.repeat):
                for workers, size in dask_runs:
                    dask_runs[workers, size].append(timed(
                        [str(RESMINE), "extract", str(folders[size]), "-o", str(work / f"dask-{mode}-{workers}-{size}"),
                         "--mode", mode, "--engine", "dask", "--workers", str(workers), "--shard-mb", "0.001"])[0])
            first: tuple[float, float] | None = None
            for workers in (1, 2):
                walls = {size: statistics.median(dask_runs[workers, size]) for size in folders}
                rate = args.n / (walls[2 * args.n] - walls[args.n])
                first = first or (rate, walls[2 * args.n])
                print(f"| {mode} | {workers} | {walls[args.n]:.1f} | {walls[2 * args.n]:.1f} | {rate:,.1f} | "
                      f"{rate / first[0]:.2f}× | {first[1] / walls[2 * args.n]:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

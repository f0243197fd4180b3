"""The Dask engine: the shards of :mod:`resmine.engine.shards` run as Dask tasks.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` single-threaded processes runs on this
machine; with ``scheduler="tcp://host:8786"`` the tasks go to that cluster (started by
dask-jobqueue, dask-kubernetes or ``dask scheduler``/``dask worker``), whose workers need
resmine installed and the inputs and the work folder on a shared file system. Each worker
process loads the pipeline once; a task that raises is retried once, then its files are
failed inputs and the other shards stand.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from resmine.engine.local import RunSummary
from resmine.store.record import RunRecorder
from resmine.engine.shards import (
    DEFAULT_SHARD_BYTES, Progress, Shard, ShardJob, Sized, plan_shards, run_shard, write_sharded,
)


@dataclass(frozen=True)
class DaskSettings:
    scheduler: str | None = None  # None: a LocalCluster of ``workers`` processes
    workers: int = 2


def run_shards_dask(shards: Sequence[Shard], job: ShardJob, settings: DaskSettings,
                    progress: Progress = lambda it: it) -> dict[str, str]:
    """Run the shards as Dask tasks; returns {shard key: error} of those that failed twice."""
    from dask.distributed import Client, LocalCluster, as_completed

    if not shards:
        return {}
    cluster = None if settings.scheduler else LocalCluster(
        n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    failed: dict[str, str] = {}
    try:
        with Client(settings.scheduler or cluster) as client:
            futures = client.map(run_shard, shards, job=job, key=[s.key for s in shards], retries=1)
            for future in progress(Sized(as_completed(futures), len(futures))):
                if future.status == "error":
                    error = future.exception()
                    failed[future.key] = f"{type(error).__name__}: {' '.join(str(error).split())}"
    finally:
        if cluster is not None:
            cluster.close()
    return failed


def write_extraction_dask(
    paths: Sequence[str | Path],
    folder: Path,
    job: ShardJob,
    settings: DaskSettings = DaskSettings(),
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    exclude: Iterable[Path] = (),
    progress: Progress = lambda it: it,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    recorder: RunRecorder | None = None,
) -> RunSummary:
    """What :func:`resmine.engine.local.write_extraction` writes into ``folder`` (and into the
    store when ``recorder`` is given), computed in shards of about ``shard_bytes`` on Dask."""
    plan = plan_shards(paths, job.identity(), (*exclude, Path(job.work_dir)), shard_bytes)
    return write_sharded(plan, folder, job, partial(run_shards_dask, settings=settings, progress=progress),
                         paths, report, recorder=recorder)

"""Output folders: locked, written in a staging folder beside the target, moved into place whole.

A run writes into ``.<name>.staging-*`` next to ``<name>``, holding the lock file
``.<name>.lock`` (the pid of its writer). Only when every output is complete are the files moved
into ``<name>``: ``run.json`` is removed first and moved in last, so a folder without
``run.json`` is never a finished run (``resmine score`` refuses it). A run that fails or is
killed leaves the earlier outputs of ``<name>`` whole; a staging folder left by ``kill -9`` is
hidden and removed by the next run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from resmine.export import MANIFEST
from resmine.readers import printable


class OutputError(Exception):
    """The output folder cannot be written; ``str(error)`` is the one line to report."""


class OutputInUse(OutputError):
    """Another run holds the output folder's lock."""


class NotAFolder(OutputError):
    """The output path exists and is not a folder (a usage error)."""


def lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text(encoding="ascii").strip() or 0) or None
    except (OSError, ValueError):
        return None


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``out_dir`` (a lock left by a dead process is taken over)."""
    lock = lock_path(out_dir)
    for _attempt in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is not None and _pid_alive(owner):
                raise OutputInUse(
                    f"{out_dir}: in use by another resmine run (pid {owner}; lock {lock})"
                ) from None
            lock.unlink(missing_ok=True)
    else:
        raise OutputInUse(f"{out_dir}: in use by another resmine run (lock {lock})")
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
        yield
    finally:
        lock.unlink(missing_ok=True)


def _remove_stale_staging(out_dir: Path) -> None:
    for stale in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _commit(staging: Path, out_dir: Path) -> None:
    """Move every file of ``staging`` into ``out_dir``, the manifest last."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    names = sorted(p.name for p in staging.iterdir() if p.name != MANIFEST)
    for name in names:
        os.replace(staging / name, out_dir / name)
    if (staging / MANIFEST).exists():
        os.replace(staging / MANIFEST, out_dir / MANIFEST)


def require_folder(out_dir: Path) -> None:
    """NotAFolder when ``out_dir`` exists and is not a folder (checked before any work)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise NotAFolder(f"{printable(str(out_dir))}: exists and is not a folder (-o needs a folder)")


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    """A locked staging folder for the outputs of ``out_dir``; its files replace those of
    ``out_dir`` when the block ends normally, and are thrown away when it raises."""
    require_folder(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(out_dir):
            _remove_stale_staging(out_dir)
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-", dir=out_dir.parent))
            try:
                yield staging
                _commit(staging, out_dir)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OutputError:
        raise
    except OSError as error:
        where = error.filename or out_dir
        raise OutputError(f"{where}: cannot write outputs: {error.strerror or error}") from error

"""A derived copy of a lexicon's parsed tables, so that start-up does not parse the dictionaries.

Parsing ``genes.tsv.gz`` and ``drugs.tsv.gz`` (about 235,000 rows, each folded into match keys)
takes about a second; reading the tables it produces back from a :mod:`marshal` file takes a
tenth of that. The copy is a cache, never a source:

* it lives in the user's own cache folder (``$RESMINE_CACHE``, else ``$XDG_CACHE_HOME/resmine``,
  else ``~/.cache/resmine``), one file per lexicon folder, never beside shared data;
* it is used only when it was written for the same folder, from source files of the same size
  and modification time, by the same parsing code (the text of the modules that build the
  tables is part of its key); otherwise the lexicon is parsed again and the copy rewritten;
* it is read only when it and its folder belong to the current user and nobody else may write
  them, and it is written under a temporary name and renamed, so a reader never sees half a
  file and concurrent workers do not collide;
* :mod:`marshal` makes only built-in values (dicts, tuples, sets, strings): loading it runs no
  code, unlike pickle.

Any problem with the copy (missing, stale, unreadable, not writable) falls back to parsing.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import tempfile
from pathlib import Path

# Bumped when the layout of the cached tables changes in a way the code key would not show.
CACHE_FORMAT = 1
# The modules whose code decides what the tables hold: a change to either rebuilds the copy.
_PARSING_MODULES = ("lexicon.py", "keys.py")


def cache_dir() -> Path:
    """Where derived copies are kept: ``$RESMINE_CACHE``, ``$XDG_CACHE_HOME/resmine`` or
    ``~/.cache/resmine``."""
    configured = os.environ.get("RESMINE_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "resmine"


def cache_path(directory: Path) -> Path:
    """The copy of the lexicon in ``directory`` (resolved): one file per folder."""
    name = hashlib.sha1(str(directory).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"lexicon-{name}.marshal"


def source_key(directory: Path, files: tuple[str, ...]) -> tuple:
    """What the copy must have been built from: the format, the parsing code, and the name,
    size and modification time of each source file present in ``directory``."""
    code = hashlib.sha1()
    here = Path(__file__).parent
    for module in _PARSING_MODULES:
        code.update((here / module).read_bytes())
    sources = []
    for name in files:
        path = directory / name
        if path.is_file():
            info = path.stat()
            sources.append((name, info.st_size, info.st_mtime_ns))
    return (CACHE_FORMAT, code.hexdigest(), str(directory), tuple(sources))


def _private(info: os.stat_result) -> bool:
    """Owned by the current user and writable by nobody else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_cached(path: Path, key: tuple) -> dict | None:
    """The tables stored in ``path`` for ``key``, or None (absent, stale, not private, broken)."""
    try:
        if not (_private(os.stat(path.parent)) and _private(os.stat(path))):
            return None
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], dict)):
        return None
    return stored[1]


def write_cached(path: Path, key: tuple, tables: dict) -> bool:
    """Store ``tables`` for ``key`` in ``path`` (atomically); False when it cannot be written."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(path.parent)):
            return False
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump((key, tables), out)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):
        return False
    return True

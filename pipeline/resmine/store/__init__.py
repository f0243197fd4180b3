"""The evidence store: SQLite by default (``outputs/resmine.sqlite``), PostgreSQL by URL.

``open_store(location)`` connects and brings the schema up to date (``migrations``);
``record.recording`` writes a run; ``curation`` holds decisions, undo and the reads of the
review app and the exports. One code path for both databases (``db``).
"""

from __future__ import annotations

from pathlib import Path

from resmine.paths import repo_root
from resmine.store.db import Database, StoreError, connect, is_postgres_url, sqlite_path
from resmine.store.migrations import migrate

__all__ = ["Database", "StoreError", "default_location", "open_existing_store", "open_store"]


def default_location() -> Path:
    return repo_root() / "outputs" / "resmine.sqlite"


def open_store(location: str | Path | None = None) -> Database:
    """Connect to ``location`` (default :func:`default_location`) and migrate it."""
    db = connect(location if location is not None else default_location())
    try:
        migrate(db)
    except Exception:
        db.close()
        raise
    return db


def open_existing_store(location: str | Path | None = None) -> Database:
    """:func:`open_store` for readers (review, export): a SQLite file that does not exist is an
    error naming it, not a new empty store."""
    location = location if location is not None else default_location()
    if not is_postgres_url(str(location)) and not sqlite_path(str(location)).is_file():
        raise StoreError(f"{sqlite_path(str(location))}: no store here (write one with "
                         "'resmine run', or give --db)")
    return open_store(location)

"""One small DB-API layer over SQLite and PostgreSQL, so the store has a single code path.

SQL is written once, with ``?`` placeholders and only syntax both databases share (``ON
CONFLICT``, ``RETURNING``); :class:`Database` turns ``?`` into psycopg's ``%s``. Values always
travel as parameters, never inside the SQL text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SQLITE, POSTGRES = "sqlite", "postgresql"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def utc_now() -> str:
    """The store's timestamps: ISO 8601 in UTC to the microsecond, so that they sort in the order
    things happened (runs one second apart, or less, are ordered by when they finished)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class StoreError(Exception):
    """The store cannot be opened or used; ``str(error)`` is the one line to report."""


def is_postgres_url(location: str) -> bool:
    return location.startswith(_POSTGRES_SCHEMES)


def sqlite_path(location: str) -> Path:
    """The file of a SQLite location: a plain path or ``sqlite:///path``."""
    return Path(location[len("sqlite:///"):] if location.startswith("sqlite:///") else location)


def redacted(location: str) -> str:
    """A location fit for messages: the password of a URL replaced by ``***``."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", location)


class Database:
    """A connection and its dialect. Use :meth:`transaction` for writes: it commits on success
    and rolls back on any exception, so a failed run leaves the store as it was."""

    def __init__(self, connection: Any, dialect: str, location: str):
        self.connection = connection
        self.dialect = dialect
        self.location = location
        self._depth = 0

    def _sql(self, sql: str) -> str:
        # psycopg reads % as the start of a placeholder; the store's SQL has no literal %.
        return sql.replace("?", "%s") if self.dialect == POSTGRES else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.connection.cursor()
        if self.dialect == POSTGRES and not params:
            # None, so psycopg does not parse the text for placeholders
            cursor.execute(sql, None)
        else:
            cursor.execute(self._sql(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(row) for row in rows]
        if rows:
            self.connection.cursor().executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Both connections are in autocommit mode and a transaction is an explicit BEGIN …
        COMMIT (DDL included, so a migration is all or nothing). Nested uses join the
        outermost transaction."""
        if self._depth == 0:
            self.execute("BEGIN")
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(location: str | Path) -> Database:
    """Open ``location``: a ``postgresql://`` URL, or a SQLite file path (``sqlite:///`` optional;
    its folder is created). Raises StoreError with one line naming the location."""
    location = str(location)
    if is_postgres_url(location):
        try:
            import psycopg
        except ImportError as error:  # pragma: no cover - psycopg is a pinned dependency
            raise StoreError(f"{redacted(location)}: psycopg is not installed") from error
        try:
            pg_connection = psycopg.connect(location, connect_timeout=10, autocommit=True)
        except psycopg.Error as error:
            message = " ".join(str(error).split())
            raise StoreError(f"{redacted(location)}: cannot connect: {message}") from error
        return Database(pg_connection, POSTGRES, location)
    path = sqlite_path(location)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread off: the review server answers from a thread pool, one request at a
        # time per connection (the app holds a lock around it).
        connection = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        # readers (the review server) go on while a run writes
        connection.execute("PRAGMA journal_mode = WAL")
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"{path}: cannot open the store: {error}") from error
    return Database(connection, SQLITE, str(path))

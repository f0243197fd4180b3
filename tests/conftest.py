"""Fixtures shared by the store, export and review tests: a store on each database we support.

SQLite always; PostgreSQL when ``RESMINE_TEST_PG_URL`` names a server (``.ci/run`` installs,
starts and sets it): each test gets a database of its own, dropped afterwards. Without a server
the PostgreSQL cases skip and say why.
"""

from __future__ import annotations

import os
import uuid

import pytest

PG_URL = os.environ.get("RESMINE_TEST_PG_URL", "")


def _postgres_database():
    if not PG_URL:
        pytest.skip("PostgreSQL: RESMINE_TEST_PG_URL is not set (.ci/run sets it after starting a server)")
    import psycopg
    from psycopg import sql

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        pytest.skip(f"PostgreSQL: no server at RESMINE_TEST_PG_URL ({' '.join(str(error).split())})")
    name = f"resmine_t_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = PG_URL.rpartition("/")
    return admin, name, f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    """A location for a new, empty store: a SQLite path, or the URL of a fresh PostgreSQL db."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    from psycopg import sql

    admin, name, url = _postgres_database()
    try:
        yield url
    finally:
        _drop_database(admin, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


# An autovacuum worker may be visiting the test's database when it is dropped: FORCE cannot end
# the server's own process for a role without pg_signal_backend (a CI run failed so at teardown,
# "must be a member of the role whose process is being terminated"), and the worker is done
# within moments.
DROP_ATTEMPTS = 20
DROP_PAUSE_S = 0.25


def _drop_database(admin, statement) -> None:
    import time

    import psycopg

    for attempt in range(DROP_ATTEMPTS):
        try:
            admin.execute(statement)
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == DROP_ATTEMPTS - 1:
                raise
            time.sleep(DROP_PAUSE_S)


@pytest.fixture(scope="session")
def pipeline():
    from resmine.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Derived copies (the lexicon's tables: resmine.lexicons.cache) go to a folder of this
    test session, for every process it starts, not to the user's cache."""
    previous = os.environ.get("RESMINE_CACHE")
    os.environ["RESMINE_CACHE"] = str(tmp_path_factory.mktemp("resmine-cache"))
    yield
    if previous is None:
        os.environ.pop("RESMINE_CACHE", None)
    else:
        os.environ["RESMINE_CACHE"] = previous

"""The query file of ``resmine refresh`` (TOML): the PubMed searches a scheduled job keeps current.

::

    [defaults]              # optional; any query key may be given here once
    since = "2010-01-01"    # first day searched when a query has no state yet
    datetype = "mdat"       # mdat: new and revised records; edat: new records only

    [[query]]
    name = "alk-tki-resistance"   # the key of the query's state in the store
    term = '(ALK[tiab] AND crizotinib[tiab]) AND resistance[tiab]'

Bad content raises :class:`QueryFileError` with one line naming the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATETYPES = ("mdat", "edat", "pdat")
DEFAULT_SINCE = date(2000, 1, 1)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_KEYS = {"name", "term", "since", "datetype"}


class QueryFileError(ValueError):
    """A query file that cannot be used; ``str(error)`` names the file."""


@dataclass(frozen=True)
class RefreshQuery:
    name: str
    term: str
    since: date = DEFAULT_SINCE
    datetype: str = "mdat"


def _since(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise QueryFileError(f"{where}: since must be a date (YYYY-MM-DD), not {value!r}")


def parse_queries(data: dict, source: str) -> list[RefreshQuery]:
    """The queries of a parsed query file; ``source`` names it in errors."""
    unknown = set(data) - {"defaults", "query"}
    if unknown:
        raise QueryFileError(f"{source}: unknown table {sorted(unknown)[0]!r} (expected [defaults] "
                             "and [[query]])")
    defaults = data.get("defaults", {})
    entries = data.get("query", [])
    if not isinstance(defaults, dict) or not isinstance(entries, list):
        raise QueryFileError(f"{source}: [defaults] must be a table and [[query]] an array of tables")
    if not entries:
        raise QueryFileError(f"{source}: no [[query]] entries")
    queries: list[RefreshQuery] = []
    for number, entry in enumerate(entries, 1):
        where = f"{source}: query {number}"
        merged = {**defaults, **entry}
        extra = set(merged) - _KEYS
        if extra:
            raise QueryFileError(f"{where}: unknown key {sorted(extra)[0]!r}")
        name, term = merged.get("name"), merged.get("term")
        if not isinstance(name, str) or not _NAME.match(name):
            raise QueryFileError(f"{where}: name must be letters, digits, '.', '_' or '-' "
                                 f"(got {name!r})")
        if not isinstance(term, str) or not term.strip():
            raise QueryFileError(f"{where} ({name}): term is missing or empty")
        datetype = merged.get("datetype", "mdat")
        if datetype not in DATETYPES:
            raise QueryFileError(f"{where} ({name}): datetype must be one of {', '.join(DATETYPES)}")
        if any(q.name == name for q in queries):
            raise QueryFileError(f"{where}: name {name!r} is used twice")
        since = _since(merged["since"], f"{where} ({name})") if "since" in merged else DEFAULT_SINCE
        queries.append(RefreshQuery(name, " ".join(term.split()), since, datetype))
    return queries


def load_queries(path: Path) -> list[RefreshQuery]:
    """Read and check the query file at ``path``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise QueryFileError(f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise QueryFileError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except tomllib.TOMLDecodeError as error:
        raise QueryFileError(f"{path}: not valid TOML: {error}") from error
    return parse_queries(data, str(path))

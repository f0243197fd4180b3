"""The derived copy of a lexicon's tables (resmine.lexicons.cache): used while current, rebuilt
when a source file changes, ignored when it is not private or not readable."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from resmine.lexicons import DRUG_FILE, GENE_FILE, SOURCE_FILES, Lexicon, read_lexicon, read_rows
from resmine.lexicons import cache

SHIPPED = Path(__file__).resolve().parents[1] / "models" / "lexicons"
GENES = {"ALK", "EGFR", "BRAF", "ERBB2"}
DRUGS = {"imatinib", "ceritinib", "gefitinib"}
TEXT = "Imatinib (Gleevec) and ceritinib; EML4-ALK G1202R; HER-2 amplification; gefitinib in EGFR L858R."


def _write(path: Path, rows: list[list[str]]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("".join("\t".join(row) + "\n" for row in rows))


@pytest.fixture()
def small_lexicon(tmp_path, monkeypatch) -> Path:
    """The shipped rows of a few genes and drugs (every name of each), in a folder of their own;
    the cache in a folder of the test's own."""
    monkeypatch.setenv("RESMINE_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "lexicon"
    folder.mkdir()
    _write(folder / GENE_FILE, [r for r in read_rows(SHIPPED / GENE_FILE) if r[1] in GENES])
    _write(folder / DRUG_FILE, [r for r in read_rows(SHIPPED / DRUG_FILE) if r[1] in DRUGS])
    return folder.resolve()


def hits(lexicon: Lexicon) -> list[tuple[str, str, str]]:
    return [(h.text, h.label, h.normalized) for h in lexicon.match(TEXT)]


def test_the_copy_is_written_then_used_and_matches_as_the_parsed_lexicon(small_lexicon):
    parsed = Lexicon.from_directory(small_lexicon)
    first = read_lexicon(small_lexicon)
    where = cache.cache_path(small_lexicon)
    assert where.is_file() and oct(where.parent.stat().st_mode & 0o777) == "0o700"
    stored = cache.read_cached(where, cache.source_key(small_lexicon, SOURCE_FILES))
    assert stored is not None and stored == parsed.tables()
    # a name's keys share one tuple of options in the copy, read back shared
    options = list(stored["_full"].values())
    assert len({id(o) for o in options}) == len(set(options)) < len(options)
    again = read_lexicon(small_lexicon)
    assert again is not first and again.tables() == parsed.tables()
    assert hits(again) == hits(parsed)
    assert ("Gleevec", "DRUG", "imatinib") in hits(again) and ("HER-2", "GENE", "ERBB2") in hits(again)


def test_a_changed_source_file_rebuilds_the_copy(small_lexicon):
    read_lexicon(small_lexicon)
    assert "KRAS" not in {h[2] for h in hits(read_lexicon(small_lexicon))}
    rows = [r for r in read_rows(small_lexicon / GENE_FILE)]
    rows += [r for r in read_rows(SHIPPED / GENE_FILE) if r[1] == "KRAS"]
    _write(small_lexicon / GENE_FILE, rows)
    lexicon = read_lexicon(small_lexicon)
    assert lexicon.normalize_gene("KRAS") == "KRAS" and lexicon.normalize_gene("K-Ras") == "KRAS"
    key = cache.source_key(small_lexicon, SOURCE_FILES)
    assert cache.read_cached(cache.cache_path(small_lexicon), key) == lexicon.tables()


def test_a_copy_others_may_write_or_a_broken_copy_is_not_read(small_lexicon):
    read_lexicon(small_lexicon)
    where = cache.cache_path(small_lexicon)
    key = cache.source_key(small_lexicon, SOURCE_FILES)
    os.chmod(where, 0o666)
    assert cache.read_cached(where, key) is None
    os.chmod(where, 0o600)
    assert cache.read_cached(where, key) is not None
    where.write_bytes(b"\x00not marshal")
    assert cache.read_cached(where, key) is None
    assert hits(read_lexicon(small_lexicon)) == hits(Lexicon.from_directory(small_lexicon))  # parsed, rewritten
    assert cache.read_cached(where, key) is not None


def test_an_unwritable_cache_folder_only_costs_the_parse(small_lexicon, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RESMINE_CACHE", str(blocker / "cache"))
    assert hits(read_lexicon(small_lexicon)) == hits(Lexicon.from_directory(small_lexicon))
    assert not (blocker / "cache").exists()

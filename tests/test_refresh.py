"""`resmine refresh` against a local NCBI that serves the recorded PubMed articles by date.

The articles are the 13 real records of pubmed_articles_gene_mutation_drug.xml; each gets a
modification date, and a search answers with the records dated inside its window (its WebEnv
names the window), as PubMed's history server does. A revision is the same record with new
bytes and a later date; a deletion is a ``<DeleteCitation>`` in the answer of a window.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_ncbi import EUTILS, Server, _articles, _bare_article, pmc_answer

from resmine.cli import main
from resmine.engine.refresh import DELETED, REVISED, refresh
from resmine.ncbi import Settings
from resmine.ncbi.queries import QueryFileError, RefreshQuery, load_queries, parse_queries
from resmine.nlp import load_pipeline
from resmine.paths import repo_root
from resmine.store import open_store
from resmine.store.curation import decide, knowledge_base
from resmine.model import triple_id

pytestmark = pytest.mark.skipif(not EUTILS.is_dir(), reason="../shared/data/eutils missing")

MAY, JUNE = date(2021, 5, 31), date(2021, 6, 30)
LATE = {"34030111", "34093743", "34093797"}  # entered in June: the second refresh's news
QUERY = RefreshQuery("egfr-resistance", "EGFR AND resistance", since=date(2021, 5, 1))
MET_CRIZOTINIB = triple_id("MET", "V1238I", "crizotinib", "resistance")
BRAF_ENCORAFENIB = triple_id("BRAF", "V600E", "encorafenib", "sensitivity")
KRAS_SOTORASIB = triple_id("KRAS", "G12C", "sotorasib", "sensitivity")


def _day(text: str) -> date:
    return date(*map(int, text.split("/")))


class DatedNcbi:
    """esearch with ``mindate``/``maxdate``: the records dated in the window (history: the
    WebEnv names the window); efetch by WebEnv pages through them in PMID order, with the
    ``<DeleteCitation>`` of the deletions dated in the window after the last page."""

    def __init__(self) -> None:
        from lxml import etree

        self.records = {etree.fromstring(a).findtext("MedlineCitation/PMID"): a
                        for a in _articles("pubmed_articles_gene_mutation_drug.xml")}
        self.dates = {p: date(2021, 6, 10) if p in LATE else date(2021, 5, 3 + i)
                      for i, p in enumerate(self.records)}
        self.deletions: dict[str, date] = {}
        self.refused: set[str] = set()  # search terms answered with HTTP 400
        # one record wired to a recorded PMC OA article with a body (as test_ncbi does)
        self.pmc_of = {"34093797": "PMC3460867"}
        self.jats = {"3460867": _bare_article("pmc_oa_jats_plosone_with_tables.nxml")}
        self.esearch = (EUTILS / "esearch_pubmed_history_webenv.xml").read_bytes()
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    def window(self, first: date, last: date) -> list[str]:
        return sorted(p for p, d in self.dates.items() if first <= d <= last)

    def revise(self, pmid: str, old: bytes, new: bytes, day: date) -> None:
        assert old in self.records[pmid]
        self.records[pmid] = self.records[pmid].replace(old, new)
        self.dates[pmid] = day

    def __call__(self, path: str, query: dict) -> tuple[int, dict, bytes]:
        one = {k: v[0] for k, v in query.items()}
        if path.endswith("esearch.fcgi") and one["term"] in self.refused:
            return 400, {}, b"Bad Request"
        if path.endswith("esearch.fcgi"):
            first, last = _day(one["mindate"]), _day(one["maxdate"])
            body = re.sub(rb"<Count>\d+</Count>", f"<Count>{len(self.window(first, last))}</Count>".encode(),
                          self.esearch, count=1)
            webenv = f"MCID_{first:%Y%m%d}_{last:%Y%m%d}".encode()
            return 200, {}, re.sub(rb"<WebEnv>[^<]*</WebEnv>", b"<WebEnv>" + webenv + b"</WebEnv>", body)
        if path.endswith("efetch.fcgi") and one["db"] == "pubmed":
            _, a, b = one["WebEnv"].split("_")
            first, last = date.fromisoformat(f"{a[:4]}-{a[4:6]}-{a[6:]}"), date.fromisoformat(f"{b[:4]}-{b[4:6]}-{b[6:]}")
            pmids = self.window(first, last)
            start, size = int(one["retstart"]), int(one["retmax"])
            if start == self.hold_at:
                self.holding.set()
                self.release.wait(30)
            page = b"".join(self.records[p] for p in pmids[start:start + size])
            if start + size >= len(pmids):
                gone = [p for p, d in self.deletions.items() if first <= d <= last]
                if gone:
                    page += (b"<DeleteCitation>" + b"".join(f"<PMID Version=\"1\">{p}</PMID>".encode()
                                                             for p in gone) + b"</DeleteCitation>")
            return 200, {}, b'<?xml version="1.0" ?>\n<PubmedArticleSet>' + page + b"</PubmedArticleSet>"
        if (answer := pmc_answer(path, one, self.pmc_of, self.jats)) is not None:
            return answer
        return 404, {}, b""


@pytest.fixture
def ncbi():
    dated = DatedNcbi()
    server = Server(route=dated)
    server.dated = dated
    yield server
    dated.release.set()
    server.httpd.shutdown()


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _refresh(ncbi, tmp_path: Path, store: str, nlp, until: date, **kw):
    settings = Settings(base_url=ncbi.url, rate=1000, timeout=5, retries=1, backoff=0.01)
    with open_store(store) as db:
        return refresh(db, [QUERY], settings, tmp_path / "data", tmp_path / "extracted", lambda: nlp,
                       until=until, batch=4, full_text=False, **kw)


def _rows(store: str, sql: str, params=()) -> list[dict]:
    with open_store(store) as db:
        return db.query(sql, params)


def _searched_windows(ncbi, since: int = 0) -> list[tuple[str, str]]:
    return [(q["mindate"][0], q["maxdate"][0]) for _, _, p, q in ncbi.log[since:]
            if p.endswith("esearch.fcgi")]


def test_first_refresh_then_only_the_new_window(ncbi, tmp_path, store_location, nlp):
    first = _refresh(ncbi, tmp_path, store_location, nlp, MAY)
    early = sorted(set(ncbi.dated.records) - LATE)
    assert first.finished and first.ok
    assert (first.queries[0].fetched, first.queries[0].new) == (10, 10)
    assert sorted(first.extracted.documents) == early
    assert {r["pmid"] for r in _rows(store_location, "SELECT pmid FROM refresh_records")} == set(early)
    state = _rows(store_location, "SELECT fetched_through FROM refresh_queries WHERE name = ?", (QUERY.name,))
    assert state == [{"fetched_through": "2021-05-31"}]
    assert not (tmp_path / "data" / ".eutils-cache" / first.refresh_id).exists()  # finished: gone

    seen = len(ncbi.log)
    second = _refresh(ncbi, tmp_path, store_location, nlp, JUNE)
    assert all(_day(a) >= MAY for a, _ in _searched_windows(ncbi, seen))  # only the new days
    assert (second.queries[0].fetched, second.queries[0].new, second.queries[0].unchanged) == (3, 3, 0)
    assert sorted(second.extracted.documents) == sorted(LATE)  # the others are not re-run
    runs = _rows(store_location, "SELECT run_id FROM runs")
    assert len(runs) == 2
    docs = _rows(store_location, "SELECT doc_id, first_run_id, last_run_id FROM documents")
    assert len(docs) == 13 and all(d["first_run_id"] == d["last_run_id"] for d in docs)
    assert any("extracted 3 new or revised documents" in line for line in second.lines())

    third = _refresh(ncbi, tmp_path, store_location, nlp, JUNE)  # nothing new: nothing extracted, no store run
    assert third.extracted is None and third.queries[0].new == 0
    assert len(_rows(store_location, "SELECT run_id FROM runs")) == 2


def test_revised_record_is_re_extracted_and_decisions_are_kept(ncbi, tmp_path, store_location, nlp):
    _refresh(ncbi, tmp_path, store_location, nlp, MAY)
    with open_store(store_location) as db:
        decide(db, MET_CRIZOTINIB, "reject", "ana")
        decide(db, KRAS_SOTORASIB, "accept", "ana")
        before = db.query("SELECT * FROM decisions ORDER BY decision_id")
        met_evidence = db.query("SELECT evidence_id FROM evidence WHERE doc_id = '34043966'")
    # the revision drops the sentence that named V1238I with crizotinib
    record = ncbi.dated.records["34043966"]
    sentence = re.search(rb"Importantly, 15e had inhibitory activity.*?\. ", record).group(0)
    ncbi.dated.revise("34043966", sentence, b"", date(2021, 6, 20))

    result = _refresh(ncbi, tmp_path, store_location, nlp, JUNE)
    assert result.queries[0].revised == 1 and result.queries[0].new == 3
    assert sorted(result.extracted.documents) == sorted(LATE | {"34043966"})
    assert MET_CRIZOTINIB in result.retracted
    with open_store(store_location) as db:
        met = db.one("SELECT * FROM triples WHERE triple_id = ?", (MET_CRIZOTINIB,))
        assert (met["status"], met["n_evidence"], met["queued"]) == ("rejected", 0, 0)
        kras = db.one("SELECT * FROM triples WHERE triple_id = ?", (KRAS_SOTORASIB,))
        assert (kras["status"], kras["queued"]) == ("accepted", 0)  # unchanged documents
        assert db.query("SELECT * FROM decisions ORDER BY decision_id") == before
        audit = db.query("SELECT detail FROM audit_log WHERE action = 'retract' AND triple_id = ?",
                         (MET_CRIZOTINIB,))
        assert len(audit) == 1 and REVISED in audit[0]["detail"] and "rejected" in audit[0]["detail"]
        now = db.query("SELECT evidence_id, triple_id, last_run_id FROM evidence WHERE doc_id = '34043966'")
        # what the revision still states stays, written again by this run; the rest is gone
        assert now and {r["last_run_id"] for r in now} == {result.tally.run_id}
        assert MET_CRIZOTINIB not in {r["triple_id"] for r in now} and len(now) < len(met_evidence)
        doc = db.one("SELECT text FROM documents WHERE doc_id = '34043966'")
        assert "Importantly, 15e" not in doc["text"]
        stored = db.one("SELECT content_hash, extracted_hash FROM refresh_records WHERE pmid = '34043966'")
        assert stored["content_hash"] == stored["extracted_hash"]


def test_delete_citation_retracts_evidence_and_keeps_decisions(ncbi, tmp_path, store_location, nlp):
    _refresh(ncbi, tmp_path, store_location, nlp, MAY)
    with open_store(store_location) as db:
        decide(db, BRAF_ENCORAFENIB, "accept", "ana", note="checked")
        assert db.scalar("SELECT COUNT(*) FROM evidence WHERE doc_id = '34058699'") > 0
    assert (tmp_path / "data" / "pubmed" / "34058699.xml").is_file()
    ncbi.dated.deletions["34058699"] = date(2021, 6, 10)

    result = _refresh(ncbi, tmp_path, store_location, nlp, JUNE)
    assert result.queries[0].deleted == 1 and BRAF_ENCORAFENIB in result.retracted
    assert not (tmp_path / "data" / "pubmed" / "34058699.xml").exists()
    with open_store(store_location) as db:
        assert db.scalar("SELECT COUNT(*) FROM evidence WHERE doc_id = '34058699'") == 0
        assert db.scalar("SELECT COUNT(*) FROM documents WHERE doc_id = '34058699'") == 0
        assert db.scalar("SELECT COUNT(*) FROM mentions WHERE doc_id = '34058699'") == 0
        braf = db.one("SELECT * FROM triples WHERE triple_id = ?", (BRAF_ENCORAFENIB,))
        assert (braf["status"], braf["note"], braf["n_evidence"]) == ("accepted", "checked", 0)
        assert db.scalar("SELECT COUNT(*) FROM decisions WHERE triple_id = ?", (BRAF_ENCORAFENIB,)) == 1
        audit = db.one("SELECT detail FROM audit_log WHERE action = 'retract' AND triple_id = ?",
                       (BRAF_ENCORAFENIB,))
        assert DELETED in audit["detail"] and "34058699" in audit["detail"]
        assert db.one("SELECT deleted FROM refresh_records WHERE pmid = '34058699'") == {"deleted": 1}
        # no provenance left: not in the knowledge base as accepted, still listed among all
        assert BRAF_ENCORAFENIB not in {row["triple_id"] for row in knowledge_base(db)}
        assert BRAF_ENCORAFENIB in {row["triple_id"] for row in knowledge_base(db, "all")}
    again = _refresh(ncbi, tmp_path, store_location, nlp, JUNE)  # the deletion is answered again: nothing breaks
    assert again.ok and again.extracted is None


def _query_file(tmp_path: Path) -> Path:
    path = tmp_path / "queries.toml"
    path.write_text('[defaults]\nsince = "2021-05-01"\n\n[[query]]\nname = "egfr-resistance"\n'
                    'term = "EGFR AND resistance"\n', encoding="utf-8")
    return path


def _cli_args(ncbi, tmp_path: Path, store: str, until: date) -> list[str]:
    return ["refresh", "--query-file", str(_query_file(tmp_path)), "--db", str(tmp_path / store),
            "--data", str(tmp_path / f"data-{store}"), "--until", f"{until:%Y-%m-%d}", "--batch", "2",
            "--no-full-text", "--eutils-url", ncbi.url]


def _snapshot(tmp_path: Path, store: str) -> dict:
    with open_store(tmp_path / store) as db:
        return {
            "records": db.query("SELECT pmid, content_hash, extracted_hash, deleted FROM refresh_records "
                                "ORDER BY pmid"),
            "documents": db.query("SELECT doc_id, text_hash FROM documents ORDER BY doc_id"),
            "evidence": db.query("SELECT evidence_id, triple_id FROM evidence ORDER BY evidence_id"),
            "triples": db.query("SELECT triple_id, n_evidence, n_docs FROM triples ORDER BY triple_id"),
            "mentions": db.scalar("SELECT COUNT(*) FROM mentions"),
            "state": db.query("SELECT name, fetched_through FROM refresh_queries"),
        }


def test_killed_refresh_resumes_without_duplicate_or_missing_record(ncbi, tmp_path):
    """SIGKILL while the third PubMed batch of the first window is on the wire; the next
    refresh resumes the same refresh and the store ends as an uninterrupted refresh leaves it."""
    ncbi.dated.hold_at = 4
    env = {**os.environ, "RESMINE_NCBI_API_KEY": "test-key"}
    process = subprocess.Popen([sys.executable, "-m", "resmine", *_cli_args(ncbi, tmp_path, "killed", MAY)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert ncbi.dated.holding.wait(60), "the refresh never reached the third batch"
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
        ncbi.dated.release.set()
    assert process.returncode == -signal.SIGKILL
    half = _snapshot(tmp_path, "killed")
    assert len(half["records"]) == 4 and half["documents"] == [] and half["state"] == []
    unfinished = _rows_of(tmp_path / "killed", "SELECT refresh_id FROM refresh_runs WHERE finished_at IS NULL")
    assert len(unfinished) == 1

    ncbi.dated.hold_at = None
    runner = CliRunner(env={"RESMINE_NCBI_API_KEY": "test-key"})
    resumed = runner.invoke(main, _cli_args(ncbi, tmp_path, "killed", JUNE))  # keeps its own end date
    assert resumed.exit_code == 0, resumed.output
    assert "(resumed)" in resumed.output and "through 2021-05-31" in resumed.output
    assert "extracted 10 new or revised documents" in resumed.output
    fresh = runner.invoke(main, _cli_args(ncbi, tmp_path, "fresh", MAY))
    assert fresh.exit_code == 0, fresh.output
    killed, uninterrupted = _snapshot(tmp_path, "killed"), _snapshot(tmp_path, "fresh")
    assert killed == uninterrupted  # no duplicate, no gap
    assert len(killed["records"]) == 10 and len(killed["documents"]) == 10
    assert not list((tmp_path / "data-killed").rglob(".*.tmp"))


def test_refresh_killed_while_extracting_extracts_everything_next_time(ncbi, tmp_path):
    """SIGKILL once the extraction has begun (its output lock is taken: every record is fetched
    and the pipeline loaded): the store run is rolled back, every record is still pending, and
    the next refresh extracts them all, ending as an uninterrupted refresh."""
    import time

    env = {**os.environ, "RESMINE_NCBI_API_KEY": "test-key"}
    process = subprocess.Popen([sys.executable, "-m", "resmine", *_cli_args(ncbi, tmp_path, "killed", MAY)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lock = tmp_path / "data-killed" / ".extracted.lock"
    try:
        deadline = time.monotonic() + 120
        while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert lock.exists(), "the refresh never began extracting"
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    half = _snapshot(tmp_path, "killed")
    assert len(half["records"]) == 10 and half["documents"] == [] and half["evidence"] == []
    assert all(r["extracted_hash"] is None for r in half["records"])
    assert half["state"] == [{"name": "egfr-resistance", "fetched_through": "2021-05-31"}]

    runner = CliRunner(env={"RESMINE_NCBI_API_KEY": "test-key"})
    seen = len(ncbi.log)
    resumed = runner.invoke(main, _cli_args(ncbi, tmp_path, "killed", MAY))
    assert resumed.exit_code == 0, resumed.output  # the dead run's lock is taken over
    assert "(resumed)" in resumed.output and "0 new" in resumed.output
    assert not [p for _, _, p, _ in ncbi.log[seen:] if p.endswith("efetch.fcgi")]  # nothing new
    assert runner.invoke(main, _cli_args(ncbi, tmp_path, "fresh", MAY)).exit_code == 0
    assert _snapshot(tmp_path, "killed") == _snapshot(tmp_path, "fresh")


def _rows_of(path: Path, sql: str) -> list[dict]:
    with open_store(path) as db:
        return db.query(sql)


def test_refresh_command_help_and_bad_query_file(tmp_path):
    runner = CliRunner()
    assert "--query-file" in runner.invoke(main, ["refresh", "-h"]).output
    bad = tmp_path / "bad.toml"
    bad.write_text('[[query]]\nname = "x"\nterm = ""\n', encoding="utf-8")
    result = runner.invoke(main, ["refresh", "--query-file", str(bad), "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {bad}: query 1 (x): term is missing or empty"
    assert not (tmp_path / "s.sqlite").exists()  # refused before the store is touched


@pytest.mark.parametrize("text, message", [
    ("", "no [[query]] entries"),
    ('[[query]]\nname = "a b"\nterm = "x"\n', "name must be"),
    ('[[query]]\nname = "a"\nterm = "x"\nsince = "May 2020"\n', "since must be a date"),
    ('[[query]]\nname = "a"\nterm = "x"\ndatetype = "cdat"\n', "datetype must be one of"),
    ('[[query]]\nname = "a"\nterm = "x"\n[[query]]\nname = "a"\nterm = "y"\n', "used twice"),
    ('[[query]]\nname = "a"\nterms = "x"\n', "unknown key 'terms'"),
    ("[[query]\n", "not valid TOML"),
])
def test_query_file_errors_name_the_file(tmp_path, text, message):
    path = tmp_path / "q.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryFileError, match=re.escape(message)) as error:
        load_queries(path)
    assert str(error.value).startswith(str(path))


def test_sample_query_file_parses():
    queries = load_queries(repo_root() / "corpus" / "queries.toml")
    assert len(queries) >= 3 and len({q.name for q in queries}) == len(queries)
    assert all(q.datetype == "mdat" for q in queries)
    terms = " ".join(q.term for q in queries).lower()
    assert "crizotinib" in terms and "ceritinib" in terms and "t790m" in terms
    assert parse_queries({"defaults": {"since": date(2020, 1, 2)}, "query": [{"name": "a", "term": " x  y "}]},
                         "mem") == [RefreshQuery("a", "x y", date(2020, 1, 2), "mdat")]


def test_full_text_is_fetched_for_new_records_and_deleted_with_them(ncbi, tmp_path, nlp):
    store = str(tmp_path / "store.sqlite")
    settings = Settings(base_url=ncbi.url, idconv_url=ncbi.url + "idconv/", rate=1000, timeout=5,
                        retries=1, backoff=0.01)

    def run(until: date):
        with open_store(store) as db:
            return refresh(db, [QUERY], settings, tmp_path / "data", tmp_path / "extracted",
                           lambda: nlp, until=until, batch=4, full_text=True)

    run(MAY)
    seen = len(ncbi.log)
    result = run(JUNE)
    idconv = [q["ids"][0] for _, _, p, q in ncbi.log[seen:] if p.endswith("/idconv/")]
    assert idconv == [",".join(sorted(LATE))]  # only the new records are looked up in PMC
    assert (tmp_path / "data" / "pmc" / "PMC3460867.xml").is_file()
    assert "PMC3460867" in result.extracted.documents
    with open_store(store) as db:
        assert db.one("SELECT pmcid, full_text FROM refresh_records WHERE pmid = '34093797'") == {
            "pmcid": "PMC3460867", "full_text": 1}
        assert db.scalar("SELECT format FROM documents WHERE doc_id = 'PMC3460867'") == "jats"
    # a deletion comes with the answer of a window that has records (here a revision)
    ncbi.dated.deletions["34093797"] = date(2021, 7, 2)
    ncbi.dated.revise("34096690", b"</ArticleTitle>", b" </ArticleTitle>", date(2021, 7, 2))
    third = run(date(2021, 7, 31))
    assert (third.queries[0].revised, third.queries[0].deleted) == (1, 1)
    assert not (tmp_path / "data" / "pmc" / "PMC3460867.xml").exists()
    with open_store(store) as db:
        assert db.scalar("SELECT COUNT(*) FROM documents WHERE doc_id IN ('PMC3460867', '34093797')") == 0
        assert db.scalar("SELECT COUNT(*) FROM evidence WHERE doc_id IN ('PMC3460867', '34093797')") == 0


def test_deletions_from_pubmed_update_files(ncbi, tmp_path):
    """E-utilities answers carry no deletions; PubMed's update files do. The recorded update
    file deletes 20 PMIDs this store never held (ignored); a small one deletes one it holds."""
    mine = tmp_path / "pubmed21n9999.xml"
    mine.write_text('<?xml version="1.0"?>\n<PubmedArticleSet><DeleteCitation><PMID Version="1">'
                    "34058699</PMID></DeleteCitation></PubmedArticleSet>\n", encoding="utf-8")
    args = _cli_args(ncbi, tmp_path, "store", MAY)
    runner = CliRunner(env={"RESMINE_NCBI_API_KEY": "test-key"})
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, [*args, "--deletions", str(EUTILS / "pubmed_updatefile_sample_with_deletecitation.xml.gz"),
                                  "--deletions", str(mine)])
    assert result.exit_code == 0, result.output
    assert "update files: 1 deleted PMIDs applied, 0 unreadable" in result.output
    with open_store(tmp_path / "store") as db:
        assert db.scalar("SELECT COUNT(*) FROM documents WHERE doc_id = '34058699'") == 0
        assert db.scalar("SELECT COUNT(*) FROM refresh_records WHERE deleted = 1") == 1
        assert db.scalar("SELECT COUNT(*) FROM documents") == 9
    broken = tmp_path / "broken.xml"
    broken.write_text("<PubmedArticleSet><DeleteCitation>", encoding="utf-8")
    failed = runner.invoke(main, [*args, "--deletions", str(broken)])
    assert failed.exit_code == 1 and f"error: {broken}:" in failed.output


@pytest.mark.network
@pytest.mark.skipif(not os.environ.get("RESMINE_NCBI_EMAIL"), reason="set RESMINE_NCBI_EMAIL")
def test_live_refresh_twice(tmp_path, nlp):
    """`pytest -m network -k live_refresh`: two refreshes of a narrow query against NCBI; the
    second, over the same days, finds nothing new and extracts nothing."""
    query = RefreshQuery("live", "EGFR[tiab] AND T790M[tiab] AND resistance[tiab]",
                         since=date(2024, 3, 1))
    store = str(tmp_path / "store.sqlite")
    results = []
    for _ in range(2):
        with open_store(store) as db:
            results.append(refresh(db, [query], Settings(), tmp_path / "data", tmp_path / "out",
                                   lambda: nlp, until=date(2024, 3, 14), full_text=False))
    first, second = results
    assert first.ok and first.queries[0].new > 0 and first.extracted is not None
    assert second.ok and second.queries[0].new == 0 and second.extracted is None


def test_a_second_refresh_on_the_same_data_folder_is_refused(ncbi, tmp_path):
    (tmp_path / ".data-store.lock").write_text(f"{os.getpid()}\n")  # a live refresh holds it
    result = CliRunner().invoke(main, _cli_args(ncbi, tmp_path, "store", MAY))
    assert result.exit_code == 3
    assert result.output.startswith("error: ") and "in use by another resmine run" in result.output
    assert not ncbi.log  # refused before asking NCBI


def test_a_query_ncbi_refuses_is_one_line_and_the_refresh_is_finished_next_time(ncbi, tmp_path, nlp):
    broken = RefreshQuery("broken", "EGFR AND broken", since=date(2021, 5, 1))
    ncbi.dated.refused.add(broken.term)
    lines: list[str] = []
    store = str(tmp_path / "store.sqlite")
    settings = Settings(base_url=ncbi.url, rate=1000, timeout=5, retries=1, backoff=0.01)

    def run():
        with open_store(store) as db:
            return refresh(db, [broken, QUERY], settings, tmp_path / "data", tmp_path / "out",
                           lambda: nlp, until=MAY, batch=4, full_text=False, report=lines.append)

    first = run()
    assert not first.ok and not first.finished
    assert len(lines) == 1 and lines[0].startswith("error: query broken: NCBI: esearch.fcgi: HTTP 400")
    assert first.queries[1].new == 10 and len(first.extracted.documents) == 10  # the rest is done
    assert first.lines()[-1] == "refresh unfinished: the next refresh resumes it"
    ncbi.dated.refused.clear()
    second = run()
    assert second.ok and second.resumed and second.refresh_id == first.refresh_id
    # the local server gives both terms the same records: stored once, by PMID
    assert (second.queries[0].fetched, second.queries[0].unchanged) == (10, 10)
    assert second.queries[1].fetched == 0  # already fetched through the end date
    assert second.extracted is None  # nothing new: nothing extracted again
    with open_store(store) as db:
        assert db.scalar("SELECT COUNT(*) FROM refresh_records") == 10
        assert db.scalar("SELECT COUNT(*) FROM refresh_runs WHERE finished_at IS NOT NULL") == 1

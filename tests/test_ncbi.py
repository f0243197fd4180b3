"""The E-utilities client against a local HTTP server serving recorded NCBI responses."""

from __future__ import annotations

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from resmine.ncbi import EutilsClient, NcbiError, NcbiResponseError, Settings
from resmine.ncbi.client import RateLimiter
from resmine.paths import shared_dir

EUTILS = shared_dir() / "data" / "eutils"
pytestmark = pytest.mark.skipif(not EUTILS.is_dir(), reason="../shared/data/eutils missing")


class Server:
    """Answers each request with the next (status, headers, file or bytes) of a script, or,
    when ``route`` is set, with ``route(path, query)``."""

    def __init__(self, route=None) -> None:
        self.route = route
        self.script: list[tuple[int, dict, bytes]] = []
        self.log: list[tuple[float, str, str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, method: str, query: str) -> None:
                server.log.append((time.monotonic(), method, urlparse(self.path).path,
                                   parse_qs(query)))
                if server.route is not None:
                    status, headers, body = server.route(urlparse(self.path).path, parse_qs(query))
                else:
                    status, headers, body = server.script.pop(0) if server.script else (404, {}, b"")
                if status == -1:  # connection reset: close without answering
                    self.close_connection = True
                    self.connection.close()
                    return
                if status == -2:  # too slow: beyond the client's timeout
                    time.sleep(0.5)
                    status = 200
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client is gone (killed on purpose by the resume test)

            def do_GET(self) -> None:
                self._answer("GET", urlparse(self.path).query)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                self._answer("POST", self.rfile.read(length).decode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/eutils/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, status: int = 200, name: str | None = None, body: bytes = b"", **headers: str):
        self.script.append((status, headers, (EUTILS / name).read_bytes() if name else body))


@pytest.fixture
def server():
    s = Server()
    yield s
    s.httpd.shutdown()


def client(server: Server, tmp_path: Path | None = None, **kw) -> EutilsClient:
    settings = Settings(base_url=server.url, tool="resmine-test", email="dev@example.org",
                        timeout=0.2, retries=3, backoff=0.01, backoff_max=0.05, rate=1000,
                        cache_dir=tmp_path, **kw)
    return EutilsClient(settings, limiter=RateLimiter())


def test_parameters_and_history_paging(server):
    server.add(name="esearch_pubmed_history_webenv.xml")
    server.add(name="pubmed_articles_gene_mutation_drug.xml")
    c = client(server, api_key="KEY123")
    result = c.esearch("cancer", retmax=0)
    assert result["count"] == 42249 and result["webenv"] and result["query_key"] == "1"
    body = c.efetch(webenv=result["webenv"], query_key=result["query_key"], retstart=500,
                    retmax=500)
    assert b"<PubmedArticle>" in body
    (_, m1, p1, q1), (_, m2, p2, q2) = server.log
    assert (m1, p1) == ("GET", "/eutils/esearch.fcgi")
    assert q1["tool"] == ["resmine-test"] and q1["email"] == ["dev@example.org"]
    assert q1["api_key"] == ["KEY123"] and q1["usehistory"] == ["y"] and q1["term"] == ["cancer"]
    assert q2["WebEnv"] == [result["webenv"]] and q2["retstart"] == ["500"]


def test_long_id_list_is_posted(server):
    server.add(name="pubmed_articles_gene_mutation_drug.xml")
    ids = [str(30000000 + i) for i in range(300)]
    client(server).efetch(ids=ids)
    _, method, _, query = server.log[0]
    assert method == "POST" and query["id"] == [",".join(ids)] and query["tool"]


def test_credentials_from_environment(monkeypatch):
    monkeypatch.setenv("RESMINE_NCBI_EMAIL", "env@example.org")
    monkeypatch.setenv("RESMINE_NCBI_API_KEY", "ENVKEY")
    monkeypatch.setenv("RESMINE_EUTILS_URL", "http://mirror.example/eutils")
    monkeypatch.setenv("RESMINE_IDCONV_URL", "http://mirror.example/idconv/")
    s = Settings()
    assert (s.email, s.api_key, s.base_url) == ("env@example.org", "ENVKEY", "http://mirror.example/eutils/")
    assert s.idconv_url == "http://mirror.example/idconv/"
    assert s.requests_per_second == 10.0
    monkeypatch.delenv("RESMINE_NCBI_API_KEY")
    assert Settings().requests_per_second == 3.0


def test_rate_limit_held(server):
    for _ in range(5):
        server.add(name="esearch_pubmed_basic.xml")
    c = EutilsClient(Settings(base_url=server.url, retries=0), limiter=RateLimiter())
    for i in range(5):
        c.esearch(f"q{i}", usehistory=False)
    stamps = [t for t, *_ in server.log]
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    assert min(gaps) >= 1 / 3 - 0.02  # no API key: at most 3 requests per second


def test_429_backoff_honours_retry_after(server):
    server.add(429, "eutils_rate_limit_429_recorded_ip_masked.json", **{"Retry-After": "0.3"})
    server.add(name="esearch_pubmed_basic.xml")
    assert client(server).esearch("x")["count"] == 63
    assert server.log[1][0] - server.log[0][0] >= 0.3


@pytest.mark.parametrize("fault", [500, 503, -1, -2])
def test_server_errors_and_resets_are_retried(server, fault):
    server.add(fault, body=b"oops")
    server.add(name="esearch_pubmed_basic.xml")
    assert client(server).esearch("x")["count"] == 63 and len(server.log) == 2


def test_gives_up_after_retries(server):
    for _ in range(4):
        server.add(502, body=b"bad gateway")
    with pytest.raises(NcbiError, match="4 attempts"):
        client(server).esearch("x")


def test_400_is_not_retried(server):
    server.add(400, body=b"bad request")
    with pytest.raises(NcbiError):
        client(server).esearch("x")
    assert len(server.log) == 1


@pytest.mark.parametrize("name", ["esearch_error_invalid_db.xml", "esearch_error_invalid_db.json",
                                  "elink_error_unable_to_obtain_query.xml",
                                  "epost_error_empty_id_list.xml"])
def test_error_bodies_under_200_are_errors(server, name):
    server.add(name=name)
    with pytest.raises(NcbiResponseError):
        client(server).request("esearch.fcgi", {"db": "x"})
    assert len(server.log) == 1


@pytest.mark.parametrize("body", [(EUTILS / "eutils_rate_limit_429_ncbi_doc_example.json").read_bytes()
                                  if EUTILS.is_dir() else b"",
                                  b"<!DOCTYPE html><html><body>Backend error</body></html>", b""])
def test_transient_bodies_under_200_are_retried(server, body):
    server.add(body=body)
    server.add(name="esearch_pubmed_basic.xml")
    assert client(server).esearch("x")["count"] == 63 and len(server.log) == 2


def test_raw_cache_answers_reruns_offline(server, tmp_path):
    server.add(name="esearch_pubmed_basic.xml")
    first = client(server, tmp_path).esearch("biopython")
    files = list(tmp_path.rglob("*.gz"))
    assert len(files) == 1
    server.httpd.shutdown()  # offline from now on
    again = client(server, tmp_path, api_key="OTHER").esearch("biopython")
    assert again == first and len(server.log) == 1


@pytest.mark.network
@pytest.mark.skipif(not os.environ.get("RESMINE_NCBI_EMAIL"), reason="set RESMINE_NCBI_EMAIL")
def test_live_esearch():
    result = EutilsClient().esearch("EGFR T790M osimertinib resistance")
    assert result["count"] > 100 and result["webenv"]


@pytest.mark.network
@pytest.mark.skipif(not os.environ.get("RESMINE_NCBI_EMAIL"), reason="set RESMINE_NCBI_EMAIL")
def test_live_fetch_with_pmc_full_text(tmp_path):
    """`pytest -m network -k live`: the whole fetch against NCBI (esearch with history, efetch,
    the ID converter, efetch db=pmc), then the readers on what it wrote."""
    import json

    from resmine.ncbi.fetch import FULL_TEXT, fetch_query, pubmed_ids
    from resmine.readers import iter_documents

    live = EutilsClient(Settings(cache_dir=tmp_path / "cache"))
    # The recorded ID converter answer, asked again live.
    assert live.idconv(["22676651"]) == {"22676651": "PMC3479421"}
    result = fetch_query(live, "EGFR T790M osimertinib resistance", tmp_path / "out",
                         max_records=20, batch=20)
    pmids = [p for f in (tmp_path / "out" / "pubmed").glob("*.xml") for p in pubmed_ids(f.read_bytes())]
    assert len(result.records) == 20 and sorted(pmids) == sorted(r.pmid for r in result.records)
    assert result.count(FULL_TEXT) >= 1, result.summary()  # a topic with many PMC OA papers
    manifest = json.loads((tmp_path / "out" / ".fetch-manifest.json").read_text())
    assert manifest["records"] == 20
    docs = list(iter_documents([tmp_path / "out"]))
    assert not [d for d in docs if not hasattr(d, "doc_id")], docs  # no ReadFailure
    assert sum(d.format == "jats" for d in docs) == result.count(FULL_TEXT)


def test_more_than_9999_hits_split_into_date_windows():
    from datetime import date, timedelta

    from resmine.ncbi.windows import split_windows

    day0 = date(2020, 1, 1)
    per_day = {day0 + timedelta(days=i): (i * 37) % 400 for i in range(366)}
    calls = []

    def count(first, last):
        calls.append((first, last))
        return sum(n for d, n in per_day.items() if first <= d <= last)

    windows = split_windows(count, day0, date(2020, 12, 31))
    assert all(hits <= 9999 for _, _, hits in windows)
    assert sum(h for *_, h in windows) == sum(per_day.values()) > 9999
    for (_, end, _), (start, _, _) in zip(windows, windows[1:]):
        assert start > end  # in order, no overlap
    with pytest.raises(ValueError):
        split_windows(lambda a, b: 20000, day0, day0)


def test_fetch_command_writes_records_the_readers_read(server, tmp_path):
    from click.testing import CliRunner

    from resmine.cli import main
    from resmine.readers import iter_documents

    server.add(name="esearch_pubmed_basic.xml")  # count 63
    server.add(name="pubmed_articles_gene_mutation_drug.xml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["fetch", "--query", "biopython", "--max", "13", "-o",
                                       str(out), "--eutils-url", server.url, "--no-full-text"])
    assert result.exit_code == 0, result.output
    assert "fetched 13 records: 0 with PMC full text, 13 abstract only" in result.output
    assert len(server.log) == 2  # esearch, efetch: no PMC look-up asked for
    docs = [d for d in iter_documents([out]) if hasattr(d, "doc_id")]
    assert len(docs) == 13 and docs[0].doc_id == "33097837"
    assert list((out / ".eutils-cache").rglob("*.gz"))


# --- PMC full text -------------------------------------------------------------------------

def _articles(name: str) -> list[bytes]:
    """The ``<PubmedArticle>`` elements of a recorded PubMed file, verbatim."""
    from lxml import etree

    raw = (EUTILS / name).read_bytes()
    if name.endswith(".gz"):
        import gzip

        raw = gzip.decompress(raw)
    root = etree.fromstring(raw, etree.XMLParser(load_dtd=False, no_network=True))
    return [etree.tostring(a) for a in root.iter("PubmedArticle")]


def _bare_article(name: str, drop_body: bool = False) -> bytes:
    """The ``<article>`` of a recorded JATS file without its XML declaration and DOCTYPE."""
    import re

    text = (EUTILS / name).read_bytes()
    start = text.index(b"<article")
    end = text.rindex(b"</article>") + len(b"</article>")
    article = text[start:end]
    if drop_body:
        article = re.sub(rb"<body>.*?</body>", b"", article, flags=re.DOTALL)
    return article


def pmc_answer(path: str, one: dict, pmc_of: dict[str, str], jats: dict[str, bytes]) -> tuple[int, dict, bytes] | None:
    """The ID converter (in its recorded shape) and efetch db=pmc of a local NCBI: ``pmc_of``
    maps PMIDs to PMCIDs, ``jats`` PMC numbers to articles; None for any other request."""
    if path.endswith("/idconv/"):
        records = "".join(
            f'<record requested-id="{p}" pmcid="{pmc_of[p]}" pmid="{p}"/>' if p in pmc_of
            else f'<record requested-id="{p}" status="error" errmsg="invalid article id"/>'
            for p in one["ids"].split(","))
        return 200, {}, f'<pmcids status="ok">{records}</pmcids>'.encode()
    if path.endswith("efetch.fcgi") and one["db"] == "pmc":
        found = [jats[i] for i in one["id"].split(",") if i in jats]
        return 200, {}, b'<?xml version="1.0" ?>\n<pmc-articleset>' + b"".join(found) + b"</pmc-articleset>"
    return None


class RecordedNcbi:
    """A local NCBI answering from recorded bodies: esearch (history) from
    esearch_pubmed_history_webenv.xml with Count set to the records served; efetch db=pubmed
    pages through 33 real articles (the gene-mutation-drug extract, then the update-file
    sample's 20); the ID converter in its recorded shape, with the PMCIDs the PubMed records
    carry plus three PMIDs wired to the recorded PMC articles (BMC and PLoS OA files with a
    body; the correction notice with its body removed, as PMC answers for a publisher that
    withholds the full text); efetch db=pmc from those files (other PMCIDs: not returned)."""

    WIRED = {"33245275": "PMC3166277", "33686722": "PMC8435807", "33727228": "PMC3460867"}

    def __init__(self) -> None:
        import re

        from lxml import etree

        self.articles = (_articles("pubmed_articles_gene_mutation_drug.xml")
                         + _articles("pubmed_updatefile_sample_with_deletecitation.xml.gz"))
        self.pmids = [etree.fromstring(a).findtext("MedlineCitation/PMID") for a in self.articles]
        self.pmc_of = {}
        for article, pmid in zip(self.articles, self.pmids):
            for article_id in etree.fromstring(article).iterfind("PubmedData/ArticleIdList/ArticleId"):
                if article_id.get("IdType") == "pmc":
                    self.pmc_of[pmid] = article_id.text
        self.pmc_of.update(self.WIRED)
        self.jats = {
            "3166277": _bare_article("pmc_oa_jats_bmc_microbiol_with_table.nxml"),
            "3460867": _bare_article("pmc_oa_jats_plosone_with_tables.nxml"),
            "8435807": _bare_article("efetch_pmc_articleset.xml", drop_body=True),
        }
        self.esearch = re.sub(rb"<Count>\d+</Count>", f"<Count>{len(self.articles)}</Count>".encode(),
                              (EUTILS / "esearch_pubmed_history_webenv.xml").read_bytes(), count=1)
        self.hold_at: int | None = None  # efetch retstart that waits for `release`
        self.holding = threading.Event()
        self.release = threading.Event()

    def __call__(self, path: str, query: dict) -> tuple[int, dict, bytes]:
        one = {k: v[0] for k, v in query.items()}
        if path.endswith("esearch.fcgi"):
            return 200, {}, self.esearch
        if (answer := pmc_answer(path, one, self.pmc_of, self.jats)) is not None:
            return answer
        if path.endswith("efetch.fcgi") and one["db"] == "pubmed":
            start, size = int(one["retstart"]), int(one["retmax"])
            if start == self.hold_at:
                self.holding.set()
                self.release.wait(20)
            return 200, {}, (b'<?xml version="1.0" ?>\n<PubmedArticleSet>'
                             + b"".join(self.articles[start:start + size]) + b"</PubmedArticleSet>")
        return 404, {}, b""


@pytest.fixture
def ncbi():
    recorded = RecordedNcbi()
    s = Server(route=recorded)
    s.recorded = recorded
    yield s
    recorded.release.set()
    s.httpd.shutdown()


def test_idconv_reads_the_recorded_answer_and_builds_its_parameters(server):
    from resmine.ncbi.client import parse_idconv

    assert parse_idconv((EUTILS / "pmc_idconv_response.xml").read_bytes()) == {"22676651": "PMC3479421"}
    for _ in range(3):
        server.add(name="pmc_idconv_response.xml")
    pmids = [str(30000000 + i) for i in range(450)]
    c = client(server, idconv_url=server.url + "idconv/")
    assert c.idconv(pmids) == {"22676651": "PMC3479421"}
    assert [len(q["ids"][0].split(",")) for *_, q in server.log] == [200, 200, 50]
    _, method, path, query = server.log[0]
    assert (method, path) == ("GET", "/eutils/idconv/")
    assert query["idtype"] == ["pmid"] and query["format"] == ["xml"]
    assert query["tool"] == ["resmine-test"] and query["email"] == ["dev@example.org"]
    assert query["ids"][0].split(",") == pmids[:200]


def test_idconv_refusal_is_an_error_and_not_cached(server, tmp_path):
    server.add(body=b'<pmcids status="error"><errmsg>Invalid tool or email</errmsg></pmcids>')
    with pytest.raises(NcbiResponseError, match="Invalid tool or email"):
        client(server, tmp_path, idconv_url=server.url + "idconv/").idconv(["22676651"])
    assert not list(tmp_path.rglob("*.gz"))


def test_pmc_efetch_parameters_and_post(server):
    server.add(name="efetch_pmc_articleset.xml")
    server.add(name="efetch_pmc_articleset.xml")
    c = client(server)
    c.efetch(db="pmc", ids=["8435807"])
    c.efetch(db="pmc", ids=[str(8000000 + i) for i in range(250)])
    (_, m1, p1, q1), (_, m2, _, q2) = server.log
    assert (m1, p1) == ("GET", "/eutils/efetch.fcgi")
    assert q1["db"] == ["pmc"] and q1["id"] == ["8435807"] and q1["retmode"] == ["xml"]
    assert m2 == "POST" and q2["db"] == ["pmc"] and len(q2["id"][0].split(",")) == 250


def test_pmc_body_and_no_body(ncbi, tmp_path):
    from resmine.ncbi.fetch import (
        ABSTRACT, FULL_TEXT, NO_BODY, NOT_IN_PMC, NOT_RETURNED, FetchedRecord, fetch_full_texts,
    )
    from resmine.readers import iter_documents

    records = [FetchedRecord(p) for p in ["33097837", "33245275", "33686722", "33961795", "33727228"]]
    fetch_full_texts(client(ncbi, idconv_url=ncbi.url + "idconv/"), records, tmp_path / "pmc")
    got = {r.pmid: (r.pmcid, r.text, r.why_abstract) for r in records}
    assert got == {
        "33097837": ("PMC8062590", ABSTRACT, NOT_RETURNED),
        "33245275": ("PMC3166277", FULL_TEXT, ""),
        "33686722": ("PMC8435807", ABSTRACT, NO_BODY),
        "33961795": ("", ABSTRACT, NOT_IN_PMC),
        "33727228": ("PMC3460867", FULL_TEXT, ""),
    }
    assert sorted(p.name for p in (tmp_path / "pmc").iterdir()) == ["PMC3166277.xml", "PMC3460867.xml"]
    docs = {d.doc_id: d for d in iter_documents([tmp_path / "pmc"])}
    assert set(docs) == {"PMC3166277", "PMC3460867"}
    bmc = docs["PMC3166277"]
    assert bmc.format == "jats" and bmc.meta["pmid"] == "21810267"
    assert {"heading", "paragraph", "table_row", "caption"} <= {p.kind for p in bmc.passages}
    # one idconv call for the five PMIDs, one efetch db=pmc for the four PMCIDs (numeric UIDs)
    calls = [(p, q) for _, _, p, q in ncbi.log]
    assert [p for p, _ in calls] == ["/eutils/idconv/", "/eutils/efetch.fcgi"]
    assert calls[1][1]["id"] == ["8062590,3166277,8435807,3460867"]


def _fetch_args(url: str, out: Path, *extra: str) -> list[str]:
    return ["fetch", "--query", "EGFR resistance", "--batch", "5", "-o", str(out),
            "--eutils-url", url, "--idconv-url", url + "idconv/", *extra]


def _pmids_in(out: Path) -> list[str]:
    from resmine.ncbi.fetch import pubmed_ids

    return [p for f in sorted((out / "pubmed").glob("*.xml")) for p in pubmed_ids(f.read_bytes())]


def test_fetch_writes_pubmed_and_pmc_and_extract_reads_them(ncbi, tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from resmine.cli import main
    from resmine.readers import iter_documents

    monkeypatch.setenv("RESMINE_NCBI_API_KEY", "test-key")  # 10 requests/s
    out = tmp_path / "out"
    result = CliRunner().invoke(main, _fetch_args(ncbi.url, out))
    assert result.exit_code == 0, result.output
    assert ("fetched 33 records: 2 with PMC full text, 31 abstract only (1 PMC record without a "
            "body (the publisher allows no full text in XML); 13 PMC returned no article for this "
            "PMCID; 17 no PMC record)") in result.output
    assert ".fetch-manifest.json" in result.output
    assert _pmids_in(out) == ncbi.recorded.pmids
    manifest = json.loads((out / ".fetch-manifest.json").read_text())
    assert manifest["records"] == 33 and manifest["full_text"] == 2
    assert [r["pmid"] for r in manifest["record_list"]] == ncbi.recorded.pmids
    docs = [d for d in iter_documents([out])]
    assert sum(d.format == "jats" for d in docs) == 2 and sum(d.format == "pubmed" for d in docs) == 33

    extracted = CliRunner().invoke(main, ["extract", str(out), "-o", str(tmp_path / "extract")])
    assert extracted.exit_code == 0, extracted.output  # hidden manifest and cache are not inputs
    processed = (tmp_path / "extract" / "documents.txt").read_text().split()
    assert processed[:2] == ["PMC3166277", "PMC3460867"] and processed[2:] == ncbi.recorded.pmids


def test_killed_fetch_resumes_from_the_cache(ncbi, tmp_path):
    """SIGKILL while the fourth PubMed batch is on the wire; the re-run asks NCBI only for what
    the first run did not get, and the folder ends as an uninterrupted run leaves it."""
    import json
    import signal
    import subprocess
    import sys

    from click.testing import CliRunner

    from resmine.cli import main

    out = tmp_path / "out"
    ncbi.recorded.hold_at = 15
    env = {**os.environ, "RESMINE_NCBI_API_KEY": "test-key"}
    process = subprocess.Popen([sys.executable, "-m", "resmine", *_fetch_args(ncbi.url, out)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert ncbi.recorded.holding.wait(60), "the fetch never reached the fourth batch"
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
        ncbi.recorded.release.set()
    assert process.returncode == -signal.SIGKILL
    assert len(list((out / "pubmed").glob("*.xml"))) == 3 and not (out / ".fetch-manifest.json").exists()
    first_run = len(ncbi.log)

    ncbi.recorded.hold_at = None
    result = CliRunner(env={"RESMINE_NCBI_API_KEY": "test-key"}).invoke(main, _fetch_args(ncbi.url, out))
    assert result.exit_code == 0, result.output
    again = [(q.get("retstart", [""])[0], p) for _, _, p, q in ncbi.log[first_run:]]
    assert not any(p.endswith("esearch.fcgi") for _, p in again)  # the history search is cached
    assert sorted({int(s) for s, p in again if s}) == [15, 20, 25, 30]  # batch 15 was cut off

    assert _pmids_in(out) == ncbi.recorded.pmids  # no duplicate, no gap
    assert not [p for p in out.rglob(".*.tmp")]
    fresh = tmp_path / "fresh"
    assert CliRunner(env={"RESMINE_NCBI_API_KEY": "test-key"}).invoke(
        main, _fetch_args(ncbi.url, fresh)).exit_code == 0

    def files(folder: Path) -> dict:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and ".eutils-cache" not in p.parts}

    assert files(out) == files(fresh)
    assert json.loads((out / ".fetch-manifest.json").read_text())["records"] == 33

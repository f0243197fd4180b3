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
    """Answers each request with the next (status, headers, file or bytes) of a script."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict, bytes]] = []
        self.log: list[tuple[float, str, str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, method: str, query: str) -> None:
                server.log.append((time.monotonic(), method, urlparse(self.path).path,
                                   parse_qs(query)))
                status, headers, body = server.script.pop(0) if server.script else (404, {}, b"")
                if status == -1:  # connection reset: close without answering
                    self.close_connection = True
                    self.connection.close()
                    return
                if status == -2:  # too slow: beyond the client's timeout
                    time.sleep(0.5)
                    status = 200
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

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
    s = Settings()
    assert (s.email, s.api_key, s.base_url) == ("env@example.org", "ENVKEY", "http://mirror.example/eutils/")
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
                                       str(out), "--eutils-url", server.url])
    assert result.exit_code == 0, result.output
    assert "fetched 13 records" in result.output
    docs = [d for d in iter_documents([out]) if hasattr(d, "doc_id")]
    assert len(docs) == 13 and docs[0].doc_id == "33097837"
    assert list((out / ".eutils-cache").rglob("*.gz"))

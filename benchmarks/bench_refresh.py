"""What a scheduled refresh costs: requests, wall time and documents extracted for a first
refresh, a refresh with nothing new, and one with a single revised record.

A local HTTP server plays PubMed with the 33 real records of ../shared/data/eutils (the 13
gene-mutation-drug articles and the 20 of the update-file sample), each given a modification
date over a month; a search answers with the records dated in its window. The client keeps
NCBI's rate (10 requests/s: an API key is set), so wall time is what a real run would spend
waiting on the rate limit plus the extraction.

    .venv/bin/python benchmarks/bench_refresh.py        # --batch N
"""

from __future__ import annotations

import argparse
import gzip
import re
import tempfile
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from lxml import etree

from resmine.engine.refresh import refresh
from resmine.ncbi import Settings
from resmine.ncbi.queries import RefreshQuery
from resmine.nlp import load_pipeline
from resmine.paths import shared_dir
from resmine.store import open_store

EUTILS = shared_dir() / "data" / "eutils"
FIRST_DAY = date(2021, 5, 1)


def recorded_articles() -> dict[str, bytes]:
    parser = etree.XMLParser(load_dtd=False, no_network=True)
    found = {}
    for name in ("pubmed_articles_gene_mutation_drug.xml", "pubmed_updatefile_sample_with_deletecitation.xml.gz"):
        raw = (EUTILS / name).read_bytes()
        raw = gzip.decompress(raw) if name.endswith(".gz") else raw
        for article in etree.fromstring(raw, parser).iter("PubmedArticle"):
            found[article.findtext("MedlineCitation/PMID")] = etree.tostring(article)
    return found


class PubMedByDate(BaseHTTPRequestHandler):
    records: dict[str, bytes] = {}
    dates: dict[str, date] = {}
    requests = 0
    esearch = b""

    def log_message(self, *args) -> None:
        pass

    def _window(self, first: str, last: str) -> list[str]:
        a, b = (date(*map(int, d.split("/"))) for d in (first, last))
        return sorted(p for p, d in self.dates.items() if a <= d <= b)

    def do_GET(self) -> None:
        type(self).requests += 1
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        if self.path.split("?")[0].endswith("esearch.fcgi"):
            n = len(self._window(query["mindate"], query["maxdate"]))
            body = re.sub(rb"<Count>\d+</Count>", f"<Count>{n}</Count>".encode(), self.esearch, count=1)
            webenv = f"W|{query['mindate']}|{query['maxdate']}".encode()
            body = re.sub(rb"<WebEnv>[^<]*</WebEnv>", b"<WebEnv>" + webenv + b"</WebEnv>", body)
        else:
            _, first, last = query["WebEnv"].split("|")
            start, size = int(query["retstart"]), int(query["retmax"])
            pmids = self._window(first, last)[start:start + size]
            body = b"<PubmedArticleSet>" + b"".join(self.records[p] for p in pmids) + b"</PubmedArticleSet>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    records = recorded_articles()
    PubMedByDate.records = records
    PubMedByDate.dates = {p: FIRST_DAY + timedelta(days=i % 28) for i, p in enumerate(sorted(records))}
    PubMedByDate.esearch = (EUTILS / "esearch_pubmed_history_webenv.xml").read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), PubMedByDate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(base_url=f"http://127.0.0.1:{server.server_address[1]}/", api_key="bench")
    query = RefreshQuery("bench", "resistance", since=FIRST_DAY)
    nlp = load_pipeline()
    until = FIRST_DAY + timedelta(days=30)
    print(f"{len(records)} records over {(until - FIRST_DAY).days} days; batch {args.batch}; rate "
          f"{settings.requests_per_second:g} requests/s")
    print("| refresh | requests | wall s | fetched | new | revised | unchanged | documents extracted |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        steps = [("first", None), ("nothing new", None), ("one record revised", "revise")]
        for label, action in steps:
            if action == "revise":
                pmid = sorted(records)[3]
                records[pmid] = records[pmid].replace(b"</ArticleTitle>", b" </ArticleTitle>", 1)
                PubMedByDate.dates[pmid] = until
            before, start = PubMedByDate.requests, time.perf_counter()
            with open_store(work / "store.sqlite") as db:
                result = refresh(db, [query], settings, work / "data", work / "out", lambda: nlp,
                                 until=until, batch=args.batch, full_text=False)
            seconds = time.perf_counter() - start
            q = result.queries[0]
            docs = len(result.extracted.documents) if result.extracted else 0
            print(f"| {label} | {PubMedByDate.requests - before} | {seconds:.2f} | {q.fetched} | {q.new} "
                  f"| {q.revised} | {q.unchanged} | {docs} |")
    server.shutdown()


if __name__ == "__main__":
    main()

"""One-off fetch: esearch (history server) per date window, efetch in batches, each batch
written under ``out_dir/pubmed/`` as received (PubMed XML, read by ``readers/``). Responses are
cached under ``out_dir/.eutils-cache`` (hidden: the readers skip it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from lxml import etree

from resmine.ncbi.client import EutilsClient
from resmine.ncbi.windows import LIMIT, esearch_count, split_windows

BATCH = 500


def fetch_query(client: EutilsClient, query: str, out_dir: Path, since: date | None = None,
                max_records: int | None = None, batch: int = BATCH,
                progress: Callable[[int], None] | None = None) -> int:
    """Fetch the PubMed records of ``query``; return how many records were written."""
    pubmed_dir = out_dir / "pubmed"
    pubmed_dir.mkdir(parents=True, exist_ok=True)
    first_search = client.esearch(query, retmax=0)
    total = first_search["count"]
    if since is not None or total > LIMIT:
        first = since or date(1800, 1, 1)
        windows = [(f"{a:%Y/%m/%d}", f"{b:%Y/%m/%d}") for a, b, _ in
                   split_windows(esearch_count(client, query), first, date.today())]
    else:
        windows = [("", "")]
    written = 0
    for mindate, maxdate in windows:
        result = (client.esearch(query, retmax=0, datetype="edat", mindate=mindate,
                                 maxdate=maxdate) if mindate else first_search)
        for start in range(0, result["count"], batch):
            if max_records is not None and written >= max_records:
                return written
            size = batch if max_records is None else min(batch, max_records - written)
            body = client.efetch(webenv=result["webenv"], query_key=result["query_key"],
                                 retstart=start, retmax=size)
            n = sum(1 for _ in etree.fromstring(body).iter("PubmedArticle"))
            name = f"{(mindate or 'all').replace('/', '')}-{start:06d}.xml"
            (pubmed_dir / name).write_bytes(body)
            written += n
            if progress:
                progress(n)
    return written

"""One-off fetch: esearch (history server) per date window, efetch in batches, then the PMC full
text of the records that have one. What lands under ``out_dir``::

    pubmed/<window>-<start>.xml   each efetch batch of PubMed XML, as received
    pmc/PMC<n>.xml                one PMC JATS ``<article>`` per record whose PMC copy has a body
    .fetch-manifest.json          every record: PMID, PMCID, "full text" or "abstract" and why
    .eutils-cache/                the raw responses (gzip), so a re-run is answered from them

Hidden names are skipped by the readers, so ``resmine extract out_dir`` reads pubmed/ and pmc/
only. Every file is written under a hidden temporary name and renamed when complete: a run
killed at any point leaves no half file, and the re-run (answered from the cache up to where the
first run stopped) rewrites the same names with the same bytes: no duplicate, no gap.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from resmine.ncbi.client import XML_PARSER, EutilsClient
from resmine.ncbi.windows import LIMIT, esearch_count, split_windows

BATCH = 500  # PubMed records per efetch
PMC_BATCH = 200  # PMC articles per efetch: full texts are ~100 times larger than abstracts
MANIFEST = ".fetch-manifest.json"
FULL_TEXT, ABSTRACT = "full text", "abstract"
# Why a record is read from its abstract.
NOT_IN_PMC = "no PMC record"
NO_BODY = "PMC record without a body (the publisher allows no full text in XML)"
NOT_RETURNED = "PMC returned no article for this PMCID"
# PMC's efetch says so, in the article, for publishers that do not allow XML full text.
_RESTRICTED = b"does not allow downloading of the full text"


@dataclass
class FetchedRecord:
    pmid: str
    pmcid: str = ""
    text: str = ABSTRACT  # FULL_TEXT when pmc/<pmcid>.xml holds its body
    why_abstract: str = ""


@dataclass
class FetchResult:
    records: list[FetchedRecord] = field(default_factory=list)

    def count(self, text: str) -> int:
        return sum(1 for r in self.records if r.text == text)

    def summary(self) -> str:
        """What ``resmine fetch`` prints: records, full texts, and why the rest are abstracts."""
        reasons: dict[str, int] = {}
        for record in self.records:
            if record.text == ABSTRACT and record.why_abstract:
                reasons[record.why_abstract] = reasons.get(record.why_abstract, 0) + 1
        why = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        return (f"fetched {len(self.records)} records: {self.count(FULL_TEXT)} with PMC full "
                f"text, {self.count(ABSTRACT)} abstract only" + (f" ({why})" if why else ""))


def write_atomically(path: Path, data: bytes) -> None:
    """Write under a hidden temporary name, then rename: readers never see a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# Where a PubMed XML record (article or book article) holds its own PMID, not those of its
# references or comments.
_PMID_PATHS = {"PubmedArticle": "MedlineCitation/PMID", "PubmedBookArticle": "BookDocument/PMID"}


def _record_pmid(record: etree._Element) -> str:
    """The PMID of a record of a PubMed XML answer; "" for any other element."""
    path = _PMID_PATHS.get(str(record.tag))
    return (record.findtext(path) or "").strip() if path else ""


def pubmed_ids(body: bytes) -> list[str]:
    """The PMIDs of the records of a PubMed XML answer, in order (articles and book articles;
    the citation's own PMID, not those of its references or comments)."""
    root = etree.fromstring(body, XML_PARSER)
    return [pmid for pmid in map(_record_pmid, root) if pmid]


def _article_pmcid(article: etree._Element) -> str:
    for article_id in article.iterfind("front/article-meta/article-id"):
        value = (article_id.text or "").strip()
        if article_id.get("pub-id-type") in ("pmc", "pmcid") and value:
            return value if value.upper().startswith("PMC") else "PMC" + value
    return ""


def has_body(article: etree._Element) -> bool:
    """Whether a PMC ``<article>`` carries its full text: a ``<body>`` with text, and no note
    that the publisher withholds it (PMC then sends the front matter only)."""
    body = article.find("body")
    if body is None or not "".join(body.itertext()).strip():
        return False
    return _RESTRICTED not in etree.tostring(article)


def pmc_articles(body: bytes) -> Iterator[tuple[str, etree._Element]]:
    """``(PMCID, <article>)`` for each article of an efetch db=pmc answer (``<pmc-articleset>``)
    or of a bare ``<article>``."""
    root = etree.fromstring(body, XML_PARSER)
    articles = [root] if root.tag == "article" else root.iterfind("article")
    for article in articles:
        yield _article_pmcid(article), article


def fetch_full_texts(client: EutilsClient, records: list[FetchedRecord], pmc_dir: Path,
                     batch: int = PMC_BATCH) -> None:
    """Look up the PMCIDs of ``records`` and write the PMC articles that have a body to
    ``pmc_dir/<PMCID>.xml``; the others keep their abstract, with the reason noted."""
    pmcids = client.idconv([r.pmid for r in records])
    wanted = []
    for record in records:
        record.pmcid = pmcids.get(record.pmid, "")
        if record.pmcid:
            wanted.append(record)
        else:
            record.why_abstract = NOT_IN_PMC
    for start in range(0, len(wanted), batch):
        chunk = wanted[start:start + batch]
        # efetch db=pmc takes the numeric UIDs.
        body = client.efetch(db="pmc", ids=[r.pmcid.upper().removeprefix("PMC") for r in chunk])
        returned = dict(pmc_articles(body))
        for record in chunk:
            article = returned.get(record.pmcid)
            if article is None:
                record.why_abstract = NOT_RETURNED
            elif not has_body(article):
                record.why_abstract = NO_BODY
            else:
                write_atomically(pmc_dir / f"{record.pmcid}.xml",
                                 etree.tostring(article, xml_declaration=True, encoding="UTF-8"))
                record.text = FULL_TEXT


def fetch_query(client: EutilsClient, query: str, out_dir: Path, since: date | None = None,
                max_records: int | None = None, batch: int = BATCH, full_text: bool = True,
                progress: Callable[[int], None] | None = None) -> FetchResult:
    """Fetch the PubMed records of ``query`` (and their PMC full text unless ``full_text`` is
    False) into ``out_dir``; the manifest is written last."""
    result = FetchResult()
    pubmed_dir, pmc_dir = out_dir / "pubmed", out_dir / "pmc"
    pubmed_dir.mkdir(parents=True, exist_ok=True)
    first_search = client.esearch(query, retmax=0)
    total = first_search["count"]
    if since is not None or total > LIMIT:
        first = since or date(1800, 1, 1)
        windows = [(f"{a:%Y/%m/%d}", f"{b:%Y/%m/%d}") for a, b, _ in
                   split_windows(esearch_count(client, query), first, date.today())]
    else:
        windows = [("", "")]
    for mindate, maxdate in windows:
        if max_records is not None and len(result.records) >= max_records:
            break
        search = (client.esearch(query, retmax=0, datetype="edat", mindate=mindate,
                                 maxdate=maxdate) if mindate else first_search)
        for start in range(0, search["count"], batch):
            written = len(result.records)
            if max_records is not None and written >= max_records:
                break
            size = batch if max_records is None else min(batch, max_records - written)
            body = client.efetch(webenv=search["webenv"], query_key=search["query_key"],
                                 retstart=start, retmax=size)
            name = f"{(mindate or 'all').replace('/', '')}-{start:06d}.xml"
            write_atomically(pubmed_dir / name, body)
            records = [FetchedRecord(pmid) for pmid in pubmed_ids(body)]
            if full_text and records:
                fetch_full_texts(client, records, pmc_dir)
            result.records.extend(records)
            if progress:
                progress(len(records))
    write_manifest(out_dir / MANIFEST, query, since, result)
    return result


def write_manifest(path: Path, query: str, since: date | None, result: FetchResult) -> None:
    data = {
        "query": query,
        "since": since.isoformat() if since else None,
        "records": len(result.records),
        "full_text": result.count(FULL_TEXT),
        "abstract_only": result.count(ABSTRACT),
        "record_list": [asdict(r) for r in result.records],
    }
    write_atomically(path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def pubmed_records(body: bytes) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The records of a PubMed XML answer as ``(PMID, the record's XML)`` in order, and the
    PMIDs its ``<DeleteCitation>`` blocks name (update files carry them; so may an answer)."""
    root = etree.fromstring(body, XML_PARSER)
    records = []
    for record in root:
        pmid = _record_pmid(record)
        if pmid:
            records.append((pmid, etree.tostring(record, encoding="UTF-8")))
    deleted = [(e.text or "").strip() for e in root.iterfind("DeleteCitation/PMID")
               if (e.text or "").strip()]
    return records, deleted


def record_file(record: bytes) -> bytes:
    """One record as a PubMed XML file of its own (what the PubMed reader reads)."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n' + record.strip()
            + b"\n</PubmedArticleSet>\n")

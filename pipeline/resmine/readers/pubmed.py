"""PubMed XML (efetch ``PubmedArticleSet``, baseline and update files, optionally gzipped).

One ``Document`` per ``<PubmedArticle>`` (doc_id = PMID): a ``title`` passage (ArticleTitle),
then one ``abstract`` passage per ``<AbstractText>`` whose ``section`` is its ``Label`` ("" when
unlabelled). ``<PubmedBookArticle>`` records are read the same way from ``<BookDocument>``
(title = ArticleTitle, else BookTitle; ``meta["record_type"] = "book"``). Each PMID inside
``<DeleteCitation>`` is yielded as a ``Deletion``. ``Document.text`` is the passage texts
joined by "\\n"; element text follows the rule in :mod:`resmine.readers._xml`.
The file is streamed with iterparse, so its size does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from resmine.model import Deletion, Document
from resmine.readers._source import DEFAULT_MAX_CHARS, RecordBoundedStream, open_binary
from resmine.readers._xml import PassageText, element_text, iter_elements

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def read_pubmed(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document | Deletion]:
    """Yield the articles (and deletions) of one PubMed XML file, in file order (ReaderError on
    a record past ``max_chars`` characters' worth of bytes)."""
    source = str(path)
    with open_binary(path) as stream:
        for element in iter_elements(
            RecordBoundedStream(stream, max_chars), ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
        ):
            if element.tag == "DeleteCitation":
                for pmid in element.iterfind("PMID"):
                    if (pmid.text or "").strip():
                        yield Deletion(pmid.text.strip(), source)
            elif element.tag == "PubmedArticle":
                yield article_document(element, source)
            else:
                yield book_document(element, source)


def _text(element: etree._Element, path: str) -> str:
    return element_text(element.find(path))


def _build(
    doc_id: str,
    source: str,
    title: str,
    abstract: etree._Element | None,
    meta: dict,
) -> Document:
    out = PassageText()
    out.add("title", "", title)
    if abstract is not None:
        for part in abstract.iterfind("AbstractText"):
            out.add("abstract", (part.get("Label") or "").strip(), element_text(part))
    return Document(doc_id, source, "pubmed", title, out.text, out.passages, meta)


def article_document(article: etree._Element, source: str) -> Document:
    """Build the Document of one ``<PubmedArticle>`` element."""
    citation = article.find("MedlineCitation")
    if citation is None:
        citation = article
    # MedlineCitation/PMID only: CommentsCorrections and references hold other PMIDs.
    pmid = _text(citation, "PMID")
    art = citation.find("Article")
    if art is None:
        art = citation
    meta: dict = {"record_type": "article"}
    journal = _text(art, "Journal/Title") or _text(citation, "MedlineJournalInfo/MedlineTA")
    if journal:
        meta["journal"] = journal
    year = _year(art)
    if year:
        meta["year"] = year
    meta.update(_article_ids(article.find("PubmedData/ArticleIdList")))
    if "doi" not in meta:
        for location in art.iterfind("ELocationID"):
            if location.get("EIdType") == "doi" and (location.text or "").strip():
                meta["doi"] = location.text.strip()
                break
    return _build(pmid, source, _text(art, "ArticleTitle"), art.find("Abstract"), meta)


def book_document(record: etree._Element, source: str) -> Document:
    """Build the Document of one ``<PubmedBookArticle>`` element."""
    book = record.find("BookDocument")
    if book is None:
        book = record
    title = _text(book, "ArticleTitle") or _text(book, "Book/BookTitle")
    meta: dict = {"record_type": "book"}
    book_title = _text(book, "Book/BookTitle")
    if book_title:
        meta["journal"] = book_title
    year = _text(book, "Book/PubDate/Year")
    if year:
        meta["year"] = year
    meta.update(_article_ids(record.find("PubmedBookData/ArticleIdList")))
    return _build(_text(book, "PMID"), source, title, book.find("Abstract"), meta)


def _year(article: etree._Element) -> str:
    issue_date = article.find("Journal/JournalIssue/PubDate")
    if issue_date is not None:
        year = _text(issue_date, "Year")
        if year:
            return year
        # Older records give a free-text MedlineDate such as "1998 Dec-1999 Jan".
        match = _YEAR.search(_text(issue_date, "MedlineDate"))
        if match:
            return match.group(1)
    return _text(article, "ArticleDate/Year")


def _article_ids(id_list: etree._Element | None) -> dict:
    ids: dict = {}
    if id_list is None:
        return ids
    for article_id in id_list.iterfind("ArticleId"):
        key = {"pmc": "pmcid", "doi": "doi"}.get(article_id.get("IdType") or "")
        value = (article_id.text or "").strip()
        if key and value and key not in ids:
            ids[key] = value
    return ids

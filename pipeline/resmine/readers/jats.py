"""PMC JATS: an OA ``.nxml`` file (bare ``<article>``) or an efetch ``<pmc-articleset>`` holding
one or more ``<article>`` elements (streamed, one at a time).

doc_id: the PMC id ("PMC" + digits, from ``article-id`` pub-id-type "pmc"/"pmcid"), else the
PMID, else the file stem (``stem#n`` for the n-th article of a set without ids).

Passages, in document order, texts joined by "\\n" into ``Document.text``:

* ``title``: ``article-title``;
* ``abstract``: each ``<p>`` of each ``<abstract>``; section = the abstract's own ``<sec>`` title
  (structured abstracts), else the abstract's title ("Author Summary"), else "";
* body, back matter (without ``<ref-list>``) and ``<floats-group>``: each ``<sec>`` title ->
  ``heading`` (section = that title); ``<p>`` -> ``paragraph`` (section = nearest sec title);
  tables and figures nested in a ``<p>`` are left out of its text and follow it as passages;
* ``<table-wrap>``: label + " " + caption -> ``caption``; every ``<tr>`` -> ``table_row``, cells
  joined by "\\t". Header rows (all ``<thead>`` rows, or the first row when there is no
  ``<thead>``) are ``table_row`` passages with ``header=()``; body rows carry ``header`` = the
  cell texts of the last header row and ``caption``. ``<table-wrap-foot>`` is not read.
* ``<fig>`` and ``<supplementary-material>``: label + " " + caption -> ``caption``.

``<xref>`` text stays inline ("[18]"). Whitespace follows :mod:`resmine.readers._xml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from resmine.model import Document
from resmine.readers._source import DEFAULT_MAX_CHARS, RecordBoundedStream, logical_stem, open_binary
from resmine.readers._xml import PassageText, element_text, iter_elements, local_name

# Blocks that become passages of their own instead of being part of a paragraph's text.
FLOATS = frozenset({"table-wrap", "table-wrap-group", "fig", "fig-group", "supplementary-material"})
# Never read: references, and labels/titles handled by their parent.
SKIPPED = frozenset({"ref-list", "title", "label", "object-id", "sub-article", "response"})
_DIGITS = re.compile(r"^\d+$")


def read_jats(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    """Yield one Document per ``<article>`` in a JATS file (ReaderError on an article past
    ``max_chars`` characters' worth of bytes)."""
    source = str(path)
    with open_binary(path) as stream:
        bounded = RecordBoundedStream(stream, max_chars)
        for number, article in enumerate(iter_elements(bounded, ("article",)), start=1):
            yield article_document(article, source, logical_stem(path), number)


def article_document(article: etree._Element, source: str, stem: str, number: int) -> Document:
    """Build the Document of one ``<article>`` element (``number`` counts from 1 in its file)."""
    meta_el = article.find("front/article-meta")
    meta = _meta(article, meta_el)
    doc_id = meta.get("pmcid") or meta.get("pmid") or (stem if number == 1 else f"{stem}#{number}")

    out = PassageText()
    title = element_text(meta_el.find("title-group/article-title")) if meta_el is not None else ""
    out.add("title", "", title)
    if meta_el is not None:
        for abstract in meta_el.iterfind("abstract"):
            _walk(abstract, element_text(abstract.find("title")), "abstract", out)
    for part in ("body", "back", "floats-group"):
        container = article.find(part)
        if container is not None:
            _walk(container, "", "paragraph", out)
    return Document(doc_id, source, "jats", title, out.text, out.passages, meta)


def _meta(article: etree._Element, meta_el: etree._Element | None) -> dict:
    meta: dict = {}
    if article.get("article-type"):
        meta["article_type"] = article.get("article-type")
    journal = element_text(article.find("front/journal-meta//journal-title"))
    if journal:
        meta["journal"] = journal
    if meta_el is None:
        return meta
    for article_id in meta_el.iterfind("article-id"):
        kind = article_id.get("pub-id-type")
        value = (article_id.text or "").strip()
        if not value:
            continue
        if kind in ("pmc", "pmcid") and "pmcid" not in meta:
            meta["pmcid"] = "PMC" + value if _DIGITS.match(value) else value
        elif kind == "pmid" and "pmid" not in meta:
            meta["pmid"] = value
        elif kind == "doi" and "doi" not in meta:
            meta["doi"] = value
    for pub_date in meta_el.iterfind("pub-date"):
        year = element_text(pub_date.find("year"))
        if year:
            meta["year"] = year
            break
    return meta


def _walk(element: etree._Element, section: str, kind: str, out: PassageText) -> None:
    """Add the passages of a block-level container; ``kind`` is what a ``<p>`` becomes."""
    for child in element:
        name = local_name(child)
        if not name or name in SKIPPED:
            continue
        if name in ("sec", "app"):
            title = element_text(child.find("title"))
            if title and kind == "paragraph":
                out.add("heading", title, title)
            # Abstract sections only name the section; they get no heading passage.
            _walk(child, title or section, kind, out)
        elif name == "p":
            out.add(kind, section, element_text(child, skip=FLOATS))
            for nested in _nested_floats(child):
                _float(nested, section, out)
        elif name in FLOATS:
            _float(child, section, out)
        else:
            # Lists, boxed text, quotes, ack, glossary...: containers whose <p>s are paragraphs.
            _walk(child, section, kind, out)


def _nested_floats(paragraph: etree._Element) -> Iterator[etree._Element]:
    """Tables/figures inside a ``<p>``, outermost only."""
    for descendant in paragraph.iterdescendants():
        if local_name(descendant) in FLOATS:
            ancestor = descendant.getparent()
            while ancestor is not paragraph and local_name(ancestor) not in FLOATS:
                ancestor = ancestor.getparent()
            if ancestor is paragraph:
                yield descendant


def _caption(element: etree._Element) -> str:
    label = element_text(element.find("label"))
    caption = element_text(element.find("caption"))
    return f"{label} {caption}".strip()


def _float(element: etree._Element, section: str, out: PassageText) -> None:
    name = local_name(element)
    caption = _caption(element)
    out.add("caption", section, caption)
    if name in ("table-wrap-group", "fig-group"):
        for child in element:
            if local_name(child) in FLOATS:
                _float(child, section, out)
    elif name == "table-wrap":
        for table in element.iter("table"):
            _table(table, section, caption, out)


def _cells(row: etree._Element) -> list[str]:
    return [element_text(cell) for cell in row if local_name(cell) in ("td", "th")]


def _table(table: etree._Element, section: str, caption: str, out: PassageText) -> None:
    head_rows = [row for head in table.iterfind("thead") for row in head.iterfind("tr")]
    body_rows = [
        row for row in table.iter("tr") if local_name(row.getparent()) != "thead"
    ]
    if not head_rows and body_rows:
        head_rows, body_rows = body_rows[:1], body_rows[1:]
    header: tuple[str, ...] = ()
    for row in head_rows:
        cells = _cells(row)
        out.add_row(section, cells, (), caption)
        if any(cells):
            header = tuple(cells)
    for row in body_rows:
        out.add_row(section, _cells(row), header, caption)

"""PMC JATS reader: efetch articleset, OA .nxml with sections and tables, small made-up cases."""

from __future__ import annotations

from pathlib import Path

from resmine.model import Document
from resmine.readers import detect_format, iter_documents, offset_problems

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
BMC = FIXTURES / "pmc_oa_jats_bmc_microbiol_with_table.nxml"


def read_all(path: Path) -> list[Document]:
    items = list(iter_documents([path]))
    assert all(isinstance(i, Document) for i in items), items
    return items


def texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.passages if p.kind == kind]


def cells(doc: Document, passage) -> list[str]:
    return [doc.text[s:e] for s, e in passage.cells]


def write(tmp_path: Path, name: str, xml: str) -> Path:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return path


def test_detected_as_jats():
    for path in (FIXTURES / "efetch_pmc_articleset.xml", BMC):
        assert detect_format(path, path.read_bytes()[:4096]) == "jats"


def test_efetch_pmc_articleset():
    (doc,) = read_all(FIXTURES / "efetch_pmc_articleset.xml")
    assert doc.doc_id == "PMC8435807"
    assert doc.format == "jats"
    assert doc.meta["pmid"] == "34527728"
    assert doc.meta["doi"] == "10.1183/23120541.50193-2021"
    assert doc.meta["journal"] == "ERJ Open Research"
    assert doc.meta["year"] == "2021"
    assert doc.title.startswith("“Lung diffusing capacity for nitric oxide measured by two")
    # <italic>ERJ Open Res</italic> stays inline, spaces kept on both sides.
    assert doc.title.endswith("Holger Dressel. ERJ Open Res 2021; 7: 00193-2021.")
    (paragraph,) = texts(doc, "paragraph")
    assert paragraph.startswith("This article was originally published with an error in table 2.")
    assert paragraph.endswith("has now been corrected to −15.1% in the published article.")
    assert offset_problems(doc) == []


def test_nxml_sections_abstract_and_captions():
    (doc,) = read_all(BMC)
    assert doc.doc_id == "PMC3166277"
    assert doc.meta["pmid"] == "21810267"
    assert doc.title == "Factors influencing lysis time stochasticity in bacteriophage λ"
    assert [p.section for p in doc.passages if p.kind == "abstract"] == [
        "Background", "Results", "Conclusions"
    ]
    headings = texts(doc, "heading")
    assert headings[:3] == [
        "Background", "Results", "Effect of allelic variation in holin sequence"
    ]
    assert "Methods" in headings and "Acknowledgements" in headings
    # The reference list is not read.
    assert "Microbial cell individuality" not in doc.text
    captions = texts(doc, "caption")
    table_caption = "Table 1 Effects of holin allelic sequences on the stochasticity of lysis time."
    assert table_caption in captions
    # A caption's <title> and <p> are separate blocks: "...treatments. (A)" but "A. B" not "A.B".
    assert "Additional file 1 Sample sizes and standard deviations. More detailed data sets " \
        "for both Table 1 and Table 2." in captions
    assert offset_problems(doc) == []


def test_nxml_table_rows_header_and_caption():
    (doc,) = read_all(BMC)
    table = [p for p in doc.passages if p.kind == "table_row" and p.caption.startswith("Table 1 ")]
    header_row, *body = table
    assert header_row.header == ()
    # <th><bold><italic>n</italic></bold><sup>...a</sup></th>: inline markup adds no spaces.
    assert cells(doc, header_row) == ["Strain", "na", "MLT (min)", "SD (min)"]
    assert len(body) == 14
    assert doc.text[body[0].start : body[0].end] == "IN61\t274\t45.7\t2.92"
    assert body[0].header == ("Strain", "na", "MLT (min)", "SD (min)")
    assert body[0].section == "Results"
    assert cells(doc, body[1]) == ["IN56 (WT)", "230", "65.1", "3.24"]


def test_plos_multi_row_thead_uses_last_header_row():
    (doc,) = read_all(CORPUS / "pmc_oa_jats_plosone_with_tables.nxml")
    assert doc.doc_id == "PMC3460867"
    # "M<italic>m</italic>PPOX" must read "MmPPOX", not "M m PPOX".
    assert doc.title.startswith("MmPPOX Inhibits Mycobacterium tuberculosis Lipolytic Enzymes")
    table_1 = [
        p for p in doc.passages if p.kind == "table_row" and p.caption.startswith("Table 1 ")
    ]
    assert [p.header for p in table_1[:3]] == [(), (), ()]  # three <thead> rows
    assert table_1[3].header == ("Protein", "Best", "Up to", "Best", "Up to", "Best", "Up to")
    assert cells(doc, table_1[3])[0] == "LipC [18]"  # <xref> text stays inline
    assert table_1[3].caption == "Table 1 Substrate specificity of recombinant Lip-HSL proteins."
    assert offset_problems(doc) == []


ARTICLE = """<?xml version="1.0"?>
<article><front><article-meta>{ids}<title-group><article-title>A <italic>KRAS</italic>
 study</article-title></title-group></article-meta></front>
<body><sec><title>Results</title>
<p>Before the table <xref ref-type="bibr">[1]</xref>.<table-wrap><label>Table 1</label>
<caption><p>Drug effects.</p></caption><table><tr><td>Gene</td><td>Drug</td></tr>
<tr><td>KRAS G12C</td><td>sotorasib</td></tr></table></table-wrap> After it.</p>
<sec><title>Sub part</title><p>Nested   text.</p></sec></sec></body>
<back><ref-list><ref><mixed-citation>Cited paper title.</mixed-citation></ref></ref-list></back>
</article>"""


def test_made_up_article_without_ids_table_without_thead(tmp_path):
    path = write(tmp_path, "sample.nxml", ARTICLE.format(ids=""))
    (doc,) = read_all(path)
    assert doc.doc_id == "sample"  # no PMC id, no PMID: file stem
    assert doc.title == "A KRAS study"
    assert doc.text == (
        "A KRAS study\nResults\nBefore the table [1]. After it.\nTable 1 Drug effects.\n"
        "Gene\tDrug\nKRAS G12C\tsotorasib\nSub part\nNested text."
    )
    kinds = [(p.kind, p.section) for p in doc.passages]
    assert kinds == [
        ("title", ""), ("heading", "Results"), ("paragraph", "Results"), ("caption", "Results"),
        ("table_row", "Results"), ("table_row", "Results"), ("heading", "Sub part"),
        ("paragraph", "Sub part"),
    ]
    row = doc.passages[5]
    assert row.header == ("Gene", "Drug") and row.caption == "Table 1 Drug effects."
    assert cells(doc, row) == ["KRAS G12C", "sotorasib"]
    assert offset_problems(doc) == []


def test_made_up_articleset_ids(tmp_path):
    with_pmid = ARTICLE.format(ids='<article-id pub-id-type="pmid">123</article-id>')
    with_pmc = ARTICLE.format(ids='<article-id pub-id-type="pmcid">PMC77</article-id>')
    no_ids = ARTICLE.format(ids="")
    body = "".join(a.split("?>", 1)[1] for a in (with_pmid, with_pmc, no_ids, no_ids))
    path = write(tmp_path, "set.xml", f"<pmc-articleset>{body}</pmc-articleset>")
    assert [d.doc_id for d in read_all(path)] == ["123", "PMC77", "set#3", "set#4"]

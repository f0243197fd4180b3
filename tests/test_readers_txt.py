"""Plain-text reader: the three seed documents and the passage rules on small made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from resmine.model import Document
from resmine.readers import iter_documents, offset_problems
from resmine.readers.txt import parse_txt

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_NAMES = ["000_0792c4f2a95b5666.txt", "003_68aadfb59468727a.txt", "004_6ba3e53289bda641.txt"]


def read_one(path: Path) -> Document:
    items = list(iter_documents([path]))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def texts(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.passages if kind in (None, p.kind)]


def rows(doc: Document) -> list:
    return [p for p in doc.passages if p.kind == "table_row"]


def cells(doc: Document, passage) -> list[str]:
    return [doc.text[s:e] for s, e in passage.cells]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {name[:3]: read_one(DOCS / name) for name in SEED_NAMES}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_text_is_the_file_content_and_offsets_hold(name):
    path = DOCS / name
    doc = read_one(path)
    assert doc.doc_id == path.stem
    assert doc.format == "txt"
    assert doc.text == path.read_bytes().decode("utf-8")
    assert offset_problems(doc) == []
    for passage in doc.passages:
        passage_text = doc.text[passage.start : passage.end]
        if passage.kind == "table_row":
            # A row spans its whole line, trailing empty cells included.
            assert passage_text == passage_text.strip(" \n") and "\n" not in passage_text
        else:
            assert passage_text and passage_text == passage_text.strip()
            # A paragraph never swallows a table row.
            assert "\t" not in passage_text


@pytest.mark.parametrize("name", SEED_NAMES)
def test_corpus_copies_are_byte_identical_to_the_seeds(name):
    if not (SEEDS / name).exists():
        pytest.skip("shared/seeds not available")
    assert (DOCS / name).read_bytes() == (SEEDS / name).read_bytes()


def test_003_title_headings_and_sections(seeds):
    doc = seeds["003"]
    assert doc.title == (
        "An In-depth Technical Guide to Genetic and Epigenetic Alterations Driving Crizotinib "
        "Resistance"
    )
    assert doc.passages[0].kind == "title"
    headings = texts(doc, "heading")
    for expected in (
        "Introduction",
        "Genetic Mechanisms of Crizotinib Resistance",
        "ALK-Dependent Resistance",
        "1. Secondary Mutations in the ALK Kinase Domain:",
        "ALK-Independent Resistance: Bypass Signaling Pathways",
        "Epithelial-Mesenchymal Transition (EMT)",
        "References",
    ):
        assert expected in headings
    # Sentence-like lines ending with a colon are not headings.
    assert "Several other signaling pathways have been implicated in crizotinib resistance, " \
        "including:" in texts(doc, "paragraph")
    intro = next(p for p in doc.passages if doc.text[p.start : p.end].startswith("Crizotinib, a"))
    assert intro.kind == "paragraph" and intro.section == "Introduction"


def test_003_table_1_header_rows_and_caption(seeds):
    doc = seeds["003"]
    caption = "Table 1: Common Secondary ALK Mutations Conferring Crizotinib Resistance"
    assert caption in texts(doc, "caption")
    table = [p for p in rows(doc) if p.caption == caption]
    header_row, *body = table
    assert header_row.header == ()
    assert cells(doc, header_row) == [
        "Mutation",
        "Location in ALK Kinase Domain",
        "Frequency in Crizotinib-Resistant Patients",
        "Reference",
    ]
    assert [cells(doc, p)[0] for p in body] == [
        "L1196M", "G1269A", "C1156Y", "L1152R", "G1202R", "S1206Y", "1151Tins"
    ]
    l1196m = body[0]
    assert doc.text[l1196m.start : l1196m.end] == "L1196M\tGatekeeper residue\t~7%\t[5][7]"
    assert l1196m.header == tuple(cells(doc, header_row))
    assert l1196m.section == "1. Secondary Mutations in the ALK Kinase Domain"
    # "C1156Y<TAB>ATP-binding pocket<TAB>~2%<TAB>": the empty last cell is kept, inside the row.
    assert cells(doc, body[2]) == ["C1156Y", "ATP-binding pocket", "~2%", ""]
    assert len(rows(doc)) == 8 + 4 + 5  # three tables, each with its header row


def test_003_page_break_is_joined_into_one_paragraph(seeds):
    doc = seeds["003"]
    joined = [t for t in texts(doc, "paragraph") if "signaling to\n\npromote cell survival" in t]
    assert len(joined) == 1
    assert joined[0].startswith("Another ALK-dependent mechanism")
    assert joined[0].endswith("secondary ALK mutations.[1][4]")


def test_004_sections_bullets_and_tables(seeds):
    doc = seeds["004"]
    assert doc.title == "Ceritinib resistance mutations in ALK"
    first_mechanism = next(
        p for p in doc.passages if doc.text[p.start : p.end].startswith("Acquired resistance")
    )
    assert first_mechanism.section == "Mechanisms of Ceritinib Resistance"
    bullets = [t for t in texts(doc, "paragraph") if t.startswith("- **G1202R**")]
    assert len(bullets) == 1 and "\n" not in bullets[0]  # one bullet line, one passage
    assert any(t.startswith("- **F1174C/L**") for t in texts(doc, "paragraph"))
    # A bullet broken by a page break continues in the same passage.
    assert any("as an indicator of\n\nmetabolically active" in t for t in texts(doc, "paragraph"))

    table_1 = [p for p in rows(doc) if p.caption.startswith("Table 1:")]
    # The caption still applies although a paragraph stands between it and the table.
    assert table_1[0].caption == (
        "Table 1: Spectrum and Frequency of ALK Mutations in Ceritinib-Resistant NSCLC"
    )
    assert [cells(doc, p)[0] for p in table_1[1:]] == [
        "G1202R", "F1174C/L", "C1156Y", "L1196M", "Compound Mutations"
    ]
    table_2 = [p for p in rows(doc) if p.caption.startswith("Table 2:")]
    assert table_2[1].header == (
        "EML4-ALK Variant",
        "Ceritinib IC50 / GI50 (nM)",
        "Crizotinib IC50 / GI50 (nM)",
        "Sensitivity to Ceritinib",
        "Citation(s)",
    )
    g1202r = table_2[-1]
    assert cells(doc, g1202r) == ["G1202R", "149", "948", "Resistant", "[2]"]
    assert g1202r.section == "Data Presentation"
    assert any(t.startswith("Caption: Canonical ALK signaling") for t in texts(doc, "caption"))


def test_000_hard_wrapped_review_paragraphs(seeds):
    doc = seeds["000"]
    assert doc.title.startswith("Therapeutic resistance remains a major cause")
    kinds = {p.kind for p in doc.passages}
    assert kinds == {"paragraph"}  # no headings, no tables, no title line in this extract
    paragraphs = texts(doc, "paragraph")
    assert len(paragraphs) == 20
    # The indented line after a sentence end starts a new paragraph inside the first block.
    assert paragraphs[0].endswith("anticipate and overcome therapeutic resistance.")
    assert paragraphs[1].startswith("The fundamental challenge in all anti-cancer therapeutics")
    # Page breaks inside a paragraph are joined; every paragraph ends a sentence.
    assert all(p.endswith((".", ".)")) for p in paragraphs), [p[-30:] for p in paragraphs]
    assert any("yet therapeutic\n\nresistance remains" in p for p in paragraphs)
    assert all(p.section == "" for p in doc.passages)


# --- rules on small texts -------------------------------------------------------------------


def test_bom_and_crlf_are_kept_in_text_but_not_in_passages():
    text = "\ufeffTitle line\r\n\r\nIntroduction\r\n\r\nSome text here.\r\n"
    doc = parse_txt(text, "x")
    assert doc.text == text
    assert texts(doc) == ["Title line", "Introduction", "Some text here."]
    assert [p.kind for p in doc.passages] == ["title", "heading", "paragraph"]
    assert doc.passages[2].section == "Introduction"


def test_table_right_after_caption_without_blank_line_and_caption_scope():
    text = (
        "Doc title\n\nResults\n\nTable 4: Drug response\nGene\tDrug\nEGFR\tgefitinib\n\n"
        "Other Findings\n\nA\tB\nC\tD\n"
    )
    doc = parse_txt(text, "x")
    table_rows = rows(doc)
    assert [doc.text[p.start : p.end] for p in table_rows] == [
        "Gene\tDrug", "EGFR\tgefitinib", "A\tB", "C\tD"
    ]
    assert table_rows[1].caption == "Table 4: Drug response"
    assert table_rows[1].header == ("Gene", "Drug")
    assert table_rows[1].section == "Results"
    # A later table after a new heading does not inherit the old caption.
    assert table_rows[3].caption == "" and table_rows[3].section == "Other Findings"


def test_single_tab_line_is_text_and_markdown_heading_is_cleaned():
    text = "Doc title\n\n## **Key Findings**\n\nvalue\tx in one line.\n"
    doc = parse_txt(text, "x")
    assert [p.kind for p in doc.passages] == ["title", "heading", "paragraph"]
    assert doc.passages[2].section == "Key Findings"


def test_heading_needs_following_text_and_lowercase_continuation_is_joined():
    text = "Doc title\n\nThe effect was seen in\n\nall patients treated.\n\nClosing Words"
    doc = parse_txt(text, "x")
    assert texts(doc) == [
        "Doc title", "The effect was seen in\n\nall patients treated.", "Closing Words"
    ]
    assert doc.passages[-1].kind == "paragraph"  # nothing follows it, so not a heading

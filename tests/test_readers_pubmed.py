"""PubMed XML reader: inline markup, structured abstracts, update files with deletions, books."""

from __future__ import annotations

from pathlib import Path

from resmine.model import Deletion, Document
from resmine.readers import detect_format, iter_documents, offset_problems

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


def read(name: str, folder: Path = FIXTURES) -> list:
    return list(iter_documents([folder / name]))


def passage_texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.passages if p.kind == kind]


def test_detected_as_pubmed_including_gzip():
    for name in (
        "efetch_pubmed_inline_markup_title.xml",
        "efetch_pubmed_empty_articleset.xml",
        "pubmed_updatefile_sample_with_deletecitation.xml.gz",
    ):
        path = FIXTURES / name
        assert detect_format(path, path.read_bytes()[:4096]) == "pubmed", name


def test_inline_markup_title_has_no_glue_and_no_lost_spaces():
    (doc,) = read("efetch_pubmed_inline_markup_title.xml")
    assert doc.doc_id == "30108519"
    # Source: A &quot;<i>Blood Relationship&quot;</i> Between ... (badly nested <i>).
    assert doc.title == (
        'A "Blood Relationship" Between the Overlooked Minimum Lactate Equivalent and Maximal '
        "Lactate Steady State in Trained Runners. Back to the Old Days?"
    )
    assert passage_texts(doc, "title") == [doc.title]
    # <sub>/<sup> join their word ("LE<sub>min</sub>" -> "LEmin"); MathML tokens join tightly.
    assert '"Minimum Lactate Equivalent" (LEmin)' in doc.text
    assert "maximal oxygen uptake ( V.O2max ) 67.6 ± 4.1 ml·kg-1·min-1]" in doc.text
    assert "(r = 0.72-0.79; P < 0.001)" in doc.text
    assert "  " not in doc.text
    assert doc.meta["journal"] == "Frontiers in physiology"
    assert doc.meta["year"] == "2018"
    assert doc.meta["pmcid"] == "PMC6079548"
    assert doc.meta["doi"] == "10.3389/fphys.2018.01034"


def test_structured_abstract_gives_one_passage_per_label():
    (doc,) = read("efetch_pubmed_structured_abstract_inline_markup.xml")
    assert doc.doc_id == "27797938"
    assert doc.format == "pubmed"
    assert doc.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
        "pancreatic cancer."
    )
    abstracts = [p for p in doc.passages if p.kind == "abstract"]
    assert [p.section for p in abstracts] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert passage_texts(doc, "abstract")[3] == (
        "Prediagnostic leucocyte telomere length and genetic variants at the TERT gene region "
        "were associated with risk of pancreatic cancer."
    )
    assert "95% CI 1.07 to 2.78; ptrend=0.048)" in doc.text
    assert doc.text == "\n".join(passage_texts(doc, "title") + passage_texts(doc, "abstract"))
    assert offset_problems(doc) == []
    assert doc.meta == {
        "record_type": "article",
        "journal": "Gut",
        "year": "2017",
        "doi": "10.1136/gutjnl-2016-312510",
        "pmcid": "PMC5442267",
    }


def test_empty_articleset_yields_nothing():
    assert read("efetch_pubmed_empty_articleset.xml") == []


def test_update_file_articles_then_20_deletions():
    items = read("pubmed_updatefile_sample_with_deletecitation.xml.gz")
    docs = [i for i in items if isinstance(i, Document)]
    deletions = [i for i in items if isinstance(i, Deletion)]
    assert len(docs) == 20 and len(deletions) == 20
    assert len(items) == 40  # no failures
    assert docs[0].doc_id == "10704411"
    assert docs[-1].doc_id == "21388667"
    assert deletions[0] == Deletion(
        "31688362", str(FIXTURES / "pubmed_updatefile_sample_with_deletecitation.xml.gz")
    )
    assert deletions[-1].doc_id == "34096142"
    assert all(offset_problems(d) == [] for d in docs)


def test_book_article_is_read_from_book_document():
    (doc,) = read("efetch_pubmed_book_article.xml")
    assert doc.doc_id == "20301295"
    assert doc.meta["record_type"] == "book"
    assert doc.title == "GeneReviews™"
    assert passage_texts(doc, "abstract")[0].startswith("GeneReviews are expert-authored")


def test_corpus_gene_mutation_drug_articles():
    docs = read("pubmed_articles_gene_mutation_drug.xml", CORPUS)
    assert [d.doc_id for d in docs] == [
        "33097837", "33245275", "33686722", "33727228", "33961795", "33984681", "34030111",
        "34043966", "34058699", "34093743", "34093797", "34094546", "34096690",
    ]
    by_id = {d.doc_id: d for d in docs}
    sotorasib = by_id["34096690"]
    assert sotorasib.title == "Sotorasib for Lung Cancers with KRAS p.G12C Mutation."
    assert [p.section for p in sotorasib.passages] == [
        "", "BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"
    ]
    assert [p.kind for p in by_id["34058699"].passages] == ["title"]  # no abstract
    assert "T790M" in by_id["33245275"].text
    assert all(offset_problems(d) == [] for d in docs)

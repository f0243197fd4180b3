"""Full-text reading (issue 20, item 3): abbreviations defined with a remark in their bracket,
and the hand-check sample tool with its scorer (resmine.tools.ner.fulltext)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from resmine.model import Document, Label, Mention, Passage, PassageKind
from resmine.nlp.parentheses import hyphened_definitions, looks_like_short_form, remark_definitions
from resmine.readers import iter_documents
from resmine.tools.ner import fulltext

ROOT = Path(__file__).resolve().parents[1]
PLOS = ROOT.parent / "shared" / "data" / "eutils" / "pmc_oa_jats_plosone_with_tables.nxml"
CORRECTION = ROOT.parent / "shared" / "data" / "eutils" / "efetch_pmc_articleset.xml"
JUDGED = ROOT / "corpus" / "gold" / "fulltext"


def _words(text: str) -> list[str]:
    return [t.text for t in spacy.blank("en")(text)]


@pytest.mark.parametrize("text, short_forms", [
    # real brackets of the PLoS One article (PMC3460867)
    ("Tetrahydrolipstatin (THL, Figure 1A), a versatile serine and cysteine hydrolase inhibitor", ["THL"]),
    ("sodium taurodeoxycholate (NaTDC) and tetrahydrolipstatin (THL; Orlistat) were purchased", ["THL"]),
    ("oxadiazol-2(3H)-one (MmPPOX, also known as compound 7600, Figure 1B), a potent", ["MmPPOX"]),
    # near misses: a word, a figure, a plain bracket (scispaCy's own pattern reads that one)
    ("were purchased from Sigma-Aldrich (Sigma, St Louis, MO) and used", []),
    ("as shown before (Figure 2A, lanes 1-3) for each protein", []),
    ("lysis buffer (50 mM Tris-HCl, pH 8.0) was used", []),
    ("human Hormone Sensitive Lipase (hHSL) plays a role", []),
])
def test_a_bracket_going_on_after_a_short_form_is_a_definition(text, short_forms):
    words = _words(text)
    found = remark_definitions(words, 1)
    assert [" ".join(words[start + 1:end - 1]) for _, start, end in found] == short_forms


# BioRED train 18483878 (read part): "cyclophosphamide (CYP)-induced" is the only definition of
# CYP, and the tokenizer keeps "CYP)-induced" as one token; the BioRED train 19811499 and
# 19825989 brackets cut a short form out of a longer name and define nothing.
CYSTITIS = ("Exaggerated expression of inflammatory mediators in vasoactive intestinal polypeptide knockout "
            "(VIP-/-) mice with cyclophosphamide (CYP)-induced cystitis. Four binary comparisons were made: "
            "WT control versus CYP treatment (48 h).")


@pytest.mark.parametrize("text, defined", [
    (CYSTITIS, [("CYP", "cyclophosphamide"), ("CYP", "cyclophosphamide")]),
    ("activated by recombinant human tumor necrosis factor (TNF)-alpha or by ectopic expression", []),
    ("expression of PKCalpha, vascular endothelial growth factor (VEGF)-A, VEGF-C, VEGF receptor 2", []),
])
def test_a_definition_whose_bracket_runs_on_into_a_hyphened_word(text, defined):
    doc = spacy.blank("en")(text)
    found = hyphened_definitions(doc, [])
    assert [(text[s:e], text[ls:le]) for s, e, ls, le in found] == defined


def test_a_short_form_defined_before_a_hyphen_is_the_drug_everywhere(pipeline):
    from resmine.nlp import annotate

    document = Document("18483878", "", "text", "", CYSTITIS, [Passage(PassageKind.TEXT, "", 0, len(CYSTITIS))])
    uses = [m for m in next(annotate(pipeline, [document])).mentions if m.text == "CYP"]
    assert [(m.label, m.normalized) for m in uses] == [(Label.DRUG, "cyclophosphamide")] * 2


def test_short_forms_are_told_from_words():
    assert all(map(looks_like_short_form, ["THL", "MmPPOX", "IL2", "NaTDC"]))
    assert not any(map(looks_like_short_form, ["Figure", "Sigma", "see", "50"]))


@pytest.fixture(scope="module")
def plos(pipeline):
    from resmine.nlp import annotate

    (document,) = [d for d in iter_documents([PLOS]) if isinstance(d, Document)]
    return next(annotate(pipeline, [document]))


def _kind_of(document: Document, mention: Mention) -> str:
    passage = fulltext.passage_at(fulltext.passage_index(document.passages), mention.start)
    assert passage is not None
    return str(passage.kind)


def test_a_short_form_defined_in_the_introduction_is_one_drug_in_every_later_passage(plos):
    # "Tetrahydrolipstatin (THL, Figure 1A)" and "... (MmPPOX, also known as compound 7600,
    # Figure 1B)", both in the introduction; before, THL stayed unnamed and MmPPOX was a gene in
    # ten places (the model's guess, use by use)
    for short, name in (("THL", "orlistat"), ("MmPPOX", None)):
        uses = [m for m in plos.mentions if m.text == short]
        assert {m.label for m in uses} == {Label.DRUG}
        if name:
            assert {m.normalized for m in uses} == {name}
        kinds = Counter(_kind_of(plos.document, m) for m in uses)
        assert {"heading", "caption", "table_row", "paragraph"} <= set(kinds)


def test_headings_captions_and_table_cells_are_read(plos):
    kinds = Counter((_kind_of(plos.document, m), m.label) for m in plos.mentions)
    assert kinds["table_row", Label.GENE] >= 25  # LipC ... Cut6, one per row (35 today)
    assert kinds["caption", Label.GENE] >= 20 and kinds["caption", Label.DRUG] >= 10
    assert kinds["heading", Label.DRUG] >= 5  # "Inhibition by MmPPOX and THL"


# --- the sample tool ------------------------------------------------------------------------

TEXT = "EGFR binds erlotinib.\nTable 1 Doses.\nEGFR\t5 mg"


def _document() -> Document:
    passages = [Passage(PassageKind.PARAGRAPH, "Results", 0, 21), Passage(PassageKind.CAPTION, "Results", 22, 36),
                Passage(PassageKind.TABLE_ROW, "Results", 37, 46, cells=((37, 41), (42, 46)))]
    return Document("d1", "x", "jats", "", TEXT, passages)


def _mentions() -> list[Mention]:
    return [Mention("d1", 0, 4, "EGFR", Label.GENE, "EGFR", "lexicon"),
            Mention("d1", 11, 20, "erlotinib", Label.DRUG, "erlotinib", "lexicon"),
            Mention("d1", 37, 41, "EGFR", Label.GENE, "EGFR", "lexicon"),
            Mention("d1", 11, 20, "erlotinib", Label.MUTATION, "", "lexicon")]


def test_units_carry_their_passage_kind_and_sentence():
    mentions, sentences = fulltext.document_units(_document(), [(0, 21), (22, 36), (37, 46)], _mentions())
    assert [(u.kind, u.sentence) for u in mentions] == [
        ("paragraph", (0, 21)), ("paragraph", (0, 21)), ("table_row", (37, 46))]
    assert [u.kind for u in sentences] == ["paragraph", "caption", "table_row"]
    rows = list(fulltext.mention_rows(mentions, {"d1": TEXT}, Counter(u.kind for u in mentions)))
    assert rows[1]["sentence"] == "EGFR binds [[erlotinib]]." and rows[1]["label"] == "CHEMICAL"
    assert rows[2]["sentence"] == "[[EGFR]] | 5 mg" and rows[0]["kind_total"] == "2"


def test_the_sample_is_seeded_and_spread_over_kinds():
    units = [fulltext.Unit("d", kind, "", k, k + 1, (k, k + 1)) for k, kind in
             enumerate(["paragraph"] * 50 + ["caption"] * 5 + ["heading"] * 2)]
    drawn = fulltext.stratified_sample(units, 12, seed=3)
    assert drawn == fulltext.stratified_sample(units, 12, seed=3)
    assert drawn != fulltext.stratified_sample(units, 12, seed=4)
    assert Counter(u.kind for u in drawn) == {"paragraph": 5, "caption": 5, "heading": 2}
    assert drawn == sorted(drawn, key=lambda u: u.start)
    assert len(fulltext.stratified_sample(units, 100, seed=3)) == 57
    # a unit the pipeline no longer finds leaves the others where they were
    kept = [u for u in units if u not in drawn[:1]]
    assert fulltext.stratified_sample(kept, 11, seed=3) == drawn[1:]


def test_mention_precision_per_kind_and_weighted():
    rows = [{"id": "m1", "kind": "paragraph", "kind_total": "30", "judgement": "y"},
            {"id": "m2", "kind": "paragraph", "kind_total": "30", "judgement": "b"},
            {"id": "m3", "kind": "caption", "kind_total": "10", "judgement": "n"},
            {"id": "m4", "kind": "caption", "kind_total": "10", "judgement": "y"}]
    strict = fulltext.score_mentions(rows)
    assert (strict.overall.hits, strict.overall.total) == (2, 4)
    assert strict.per_kind["paragraph"].value == 0.5 and strict.weighted == pytest.approx(0.5)
    lenient = fulltext.score_mentions(rows, lenient=True)
    assert lenient.per_kind["paragraph"].value == 1.0
    assert lenient.weighted == pytest.approx((30 * 1.0 + 10 * 0.5) / 40)
    with pytest.raises(ValueError, match="row m9"):
        fulltext.score_mentions([{"id": "m9", "kind": "caption", "kind_total": "1", "judgement": ""}])


def test_sentence_recall_counts_each_prediction_once():
    rows = [{"id": "s1", "kind": "table_row", "kind_total": "4", "gold": "GENE:EGFR ; GENE:EGFR ; CHEMICAL:erlotinib",
             "predicted": "GENE:EGFR ; GENE:EGF"},
            {"id": "s2", "kind": "heading", "kind_total": "2", "gold": "-", "predicted": "CHEMICAL:Results"}]
    recall, precision = fulltext.score_sentences(rows)
    assert (recall.overall.hits, recall.overall.total) == (1, 3)
    # weighted: the table row stands for 4 rows, the heading for 2 (their gold: 12 and 0)
    assert recall.weighted == pytest.approx(4 * 1 / (4 * 3)) and precision.weighted == pytest.approx(4 / (4 * 2 + 2))
    assert (precision.overall.hits, precision.overall.total) == (1, 3)
    assert recall.per_kind["heading"].value is None
    with pytest.raises(ValueError, match="row s3"):
        fulltext.score_sentences([{"id": "s3", "kind": "x", "kind_total": "1", "gold": "DISEASE:cancer",
                                   "predicted": "-"}])


def test_sample_command_writes_files_to_judge(tmp_path):
    result = CliRunner().invoke(fulltext.main, ["sample", str(CORRECTION), "-o", str(tmp_path),
                                                "--mentions", "5", "--sentences", "5"])
    assert result.exit_code == 0, result.output
    mentions = fulltext.read_tsv(tmp_path / "mentions.tsv")
    sentences = fulltext.read_tsv(tmp_path / "sentences.tsv")
    # the author correction: "nitric oxide" in its title and in its one paragraph
    assert [(r["kind"], r["text"], r["label"], r["judgement"]) for r in mentions] == [
        ("title", "nitric oxide", "CHEMICAL", ""), ("paragraph", "nitric oxide", "CHEMICAL", "")]
    assert {r["kind"] for r in sentences} == {"title", "paragraph"} and all(not r["gold"] for r in sentences)
    unjudged = CliRunner().invoke(fulltext.main, ["score", str(tmp_path)])
    assert unjudged.exit_code == 1 and "judgement ''" in unjudged.output


def test_the_committed_judged_sample_scores():
    result = CliRunner().invoke(fulltext.main, ["score", str(JUDGED)])
    assert result.exit_code == 0, result.output
    mentions = fulltext.read_tsv(JUDGED / "mentions.tsv")
    sentences = fulltext.read_tsv(JUDGED / "sentences.tsv")
    assert len(mentions) >= 100 and len(sentences) >= 40
    assert len({r["kind"] for r in mentions}) >= 5 and len({r["kind"] for r in sentences}) >= 5
    assert "recall, judged sentences" in result.output
    ratios = fulltext.label_ratios(mentions, sentences)
    assert sum(p.total for p, _ in ratios.values()) == len(mentions)
    assert sum(r.total for _, r in ratios.values()) == sum(
        len(fulltext.parse_entities(r["gold"])) for r in sentences)

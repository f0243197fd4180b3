"""--mode triples: the NER reads only what the relation stage can use, and the triples stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from resmine.engine.local import write_extraction
from resmine.export import read_csv
from resmine.model import Document, Label, Mention, Passage, PassageKind, Provenance
from resmine.ner.components import TRIPLES_MODE_FOCUS, focus_regions, mode_overrides
from resmine.nlp import load_pipeline
from resmine.readers import iter_documents

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def _change(doc_id: str, text: str, word: str) -> Mention:
    start = text.index(word)
    return Mention(doc_id, start, start + len(word), word, Label.MUTATION, word, Provenance.MUTATION_GRAMMAR)


def test_focus_regions_keep_the_window_around_a_change_and_the_context_passages():
    document = next(d for d in iter_documents([FIXTURES / "pmc_oa_jats_bmc_microbiol_with_table.nxml"])
                    if hasattr(d, "passages"))
    text = document.text
    # sentences: the document's paragraphs cut at ". ", as resmine_sentences would
    sentences, start = [], 0
    for cut in (i + 2 for i in range(len(text)) if text.startswith(". ", i)):
        sentences.append((start, cut))
        start = cut
    sentences.append((start, len(text)))
    middle = len(sentences) // 2
    word = text[sentences[middle][0]:sentences[middle][1]].split()[0]
    change = Mention(document.doc_id, sentences[middle][0], sentences[middle][0] + len(word), word,
                     Label.MUTATION, word, Provenance.MUTATION_GRAMMAR)
    regions = focus_regions(document, sentences, [change], context=2)
    covered = [any(lo <= a and b <= hi for lo, hi in regions) for a, b in sentences]
    assert covered[middle - 2: middle + 3] == [True] * 5
    assert not covered[middle - 4] or not covered[middle + 4]  # far sentences are skipped
    for passage in document.passages:
        if passage.kind in ("title", "heading", "caption", "table_row"):
            assert any(lo <= passage.start and passage.end <= hi for lo, hi in regions), passage.kind
    assert regions == sorted(regions) and all(a[1] < b[0] for a, b in zip(regions, regions[1:]))
    # stretches apart by white space alone are one (read as the full text is read)
    assert all(text[a[1]:b[0]].strip() for a, b in zip(regions, regions[1:]))

    def covered_characters(spans):
        return {k for lo, hi in spans for k in range(lo, hi) if not text[k].isspace()}

    context = [(p.start, p.end) for p in document.passages if p.kind in ("title", "heading", "caption", "table_row")]
    assert covered_characters(focus_regions(document, sentences, [], context=2)) == covered_characters(context)


def test_mode_overrides():
    assert mode_overrides("full") == {}
    assert mode_overrides("triples") == {"components.resmine_ner.focus_sentences": TRIPLES_MODE_FOCUS,
                                         "resmine.only_documents_with_changes": True}
    with pytest.raises(ValueError):
        mode_overrides("fast")


def test_triples_mode_loses_no_triple_on_the_bundled_corpus(tmp_path):
    full, fast = tmp_path / "full", tmp_path / "fast"
    full.mkdir()
    fast.mkdir()
    docs = [ROOT / "corpus" / "docs"]
    write_extraction(docs, full, load_pipeline(), report=lambda line: None)
    write_extraction(docs, fast, load_pipeline(overrides=mode_overrides("triples")), report=lambda line: None)
    assert (fast / "triples.csv").read_bytes() == (full / "triples.csv").read_bytes()
    assert (fast / "evidence.csv").read_bytes() == (full / "evidence.csv").read_bytes()
    # the NER read less: far from any change, only the dictionaries' mentions are left
    assert len(read_csv(fast / "mentions.csv")) < len(read_csv(full / "mentions.csv"))


def test_triples_mode_leaves_documents_without_a_change_unread(tmp_path):
    """A PubMed abstract with no variant or alteration (a real one of the fixtures) is listed as
    processed and gets no mention; one with a change is read."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "book.xml").write_bytes((FIXTURES / "efetch_pubmed_book_article.xml").read_bytes())
    (docs / "statement.txt").write_text("The ALK G1202R mutation confers resistance to crizotinib.\n")
    out = tmp_path / "out"
    out.mkdir()
    nlp = load_pipeline(overrides=mode_overrides("triples"))
    assert not nlp.get_pipe("resmine_mutations").holds_change(
        next(d for d in iter_documents([docs / "book.xml"])))
    write_extraction([docs], out, nlp, report=lambda line: None)
    documents = (out / "documents.txt").read_text().split()
    mentioned = {row["doc_id"] for row in read_csv(out / "mentions.csv")}
    assert len(documents) == 2 and mentioned == {"statement"}
    assert [row["mutation"] for row in read_csv(out / "triples.csv")] == ["G1202R"]


def test_a_config_without_the_resmine_section_still_takes_the_mode(tmp_path):
    text = (ROOT / "models" / "pipeline.cfg").read_text(encoding="utf-8")
    start = text.index("[resmine]")
    config = tmp_path / "old.cfg"
    config.write_text(text[:start] + text[text.index("[nlp]"):], encoding="utf-8")
    assert load_pipeline(config).config["resmine"]["only_documents_with_changes"] is False
    assert load_pipeline(config, mode_overrides("triples")).config["resmine"]["only_documents_with_changes"] is True


def _text_document(text: str) -> Document:
    return Document("t", "t.txt", "txt", "", text, [Passage(PassageKind.TEXT, "", 0, len(text))])


def _extract_in_both_modes(tmp_path: Path, texts: dict[str, str]) -> dict[str, Path]:
    """``resmine extract`` of the text files ``texts`` (name -> text) in --mode full and
    --mode triples: the output folder of each mode."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in texts.items():
        (docs / f"{name}.txt").write_text(text)
    outputs = {}
    for mode in ("full", "triples"):
        out = tmp_path / mode
        out.mkdir()
        write_extraction([docs], out, load_pipeline(overrides=mode_overrides(mode)), report=lambda line: None)
        outputs[mode] = out
    return outputs


@pytest.mark.parametrize("text, linkable", [
    # sentences of BC5CDR abstracts: an alteration word no gene name can stand next to
    ("Initial potassium loss and hypokalaemia during treatment.", []),
    ("Furthermore, activation or overexpression of Nrf2 inhibited the injury.", ["overexpression"]),
    # a gene before the word, a gene after "of", a hyphenated name
    ("PTEN loss confers resistance to trastuzumab.", ["loss"]),
    ("Loss of PTEN confers resistance to trastuzumab.", ["Loss"]),
    ("K-Ras activation was seen.", ["activation"]),
    # an adjective right before a gene; the same word before a word no gene starts with
    ("Mutant KRAS confers resistance to cisplatin.", ["Mutant"]),
    ("Mutated cells resisted cisplatin.", []),
    ("Loss of the tumour suppressor gene PTEN was seen.", ["Loss"]),
    # a variant of the grammar takes any gene of its context
    ("The V600E mutation confers resistance to vemurafenib.", ["V600E"]),
])
def test_the_pre_filter_keeps_the_changes_a_gene_could_take(text, linkable):
    nlp = load_pipeline(overrides=mode_overrides("triples"))
    variants = nlp.get_pipe("resmine_mutations")
    document = _text_document(text)
    found = variants.mentions_in(document)
    assert [m.text for m in variants.linkable_changes(document, found)] == linkable


def test_a_document_whose_changes_no_gene_can_take_is_left_unread(tmp_path):
    outputs = _extract_in_both_modes(tmp_path, {
        "diuretic": "Initial potassium loss and hypokalaemia during treatment with hydrochlorothiazide were "
                    "followed for 4 weeks.\n",
        "statement": "PTEN loss confers resistance to trastuzumab in HER2-positive cells.\n",
        # a change a gene takes, and no drug the dictionaries name: no row can be written
        "no_drug": "BRAF V600E mutations were found in 40% of the melanomas.\n"})
    mentioned = {row["doc_id"] for row in read_csv(outputs["triples"] / "mentions.csv")}
    assert mentioned == {"statement"}
    assert {row["doc_id"] for row in read_csv(outputs["full"] / "mentions.csv")} == {"diuretic", "statement", "no_drug"}
    assert (outputs["triples"] / "triples.csv").read_bytes() == (outputs["full"] / "triples.csv").read_bytes()
    assert [row["gene"] for row in read_csv(outputs["triples"] / "triples.csv")] == ["PTEN"]


# BC5CDR train, PMID 8955532 (title and abstract): a gene takes the alteration ("activation of
# bradykinin B2 receptors") and drugs are named (phenylephrine, Hoe-140), but no effect is.
BRADYKININ = (
    "Role of activation of bradykinin B2 receptors in disruption of the blood-brain barrier during acute "
    "hypertension.\nCellular mechanisms which account for disruption the blood-brain barrier during acute "
    "hypertension are not clear. The goal of this study was to determine the role of synthesis/release of "
    "bradykinin to activate B2 receptors in disruption of the blood-brain barrier during acute hypertension. "
    "Permeability of the blood-brain barrier was quantitated by clearance of fluorescent-labeled dextran before "
    "and during phenylephrine-induced acute hypertension in rats treated with vehicle and Hoe-140 (0.1 microM). "
    "Phenylephrine infusion increased arterial pressure, arteriolar diameter and clearance of fluorescent "
    "dextran by a similar magnitude in both groups. These findings suggest that disruption of the blood-brain "
    "barrier during acute hypertension is not related to the synthesis/release of bradykinin to activate B2 "
    "receptors.\n")
# corpus/docs, PMID 34058699, its title: a specific change and two drugs, no effect word; the
# classifier reads the treatment as a sensitivity (evidence.csv of `make run`)
TREATED_FOR = ("Treatment with encorafenib and cetuximab of a non-anti-epidermal growth factor receptor-naive "
               "patient for BRAF V600E-mutated metastatic colon cancer.")


def test_a_document_no_row_could_be_read_from_is_left_unread(tmp_path):
    """--mode triples leaves unread a document with a change a gene takes and a drug but no
    effect cue (the rules pair nothing, the classifier decides specific changes only); --mode
    full reads it and writes no row from it either."""
    outputs = _extract_in_both_modes(tmp_path, {"bradykinin": BRADYKININ, "treated_for": TREATED_FOR + "\n"})
    assert {row["doc_id"] for row in read_csv(outputs["full"] / "mentions.csv")} == {"bradykinin", "treated_for"}
    assert {row["doc_id"] for row in read_csv(outputs["triples"] / "mentions.csv")} == {"treated_for"}
    assert (outputs["triples"] / "evidence.csv").read_bytes() == (outputs["full"] / "evidence.csv").read_bytes()
    assert {(row["doc_id"], row["mutation"]) for row in read_csv(outputs["triples"] / "evidence.csv")} == {
        ("treated_for", "V600E")}


def test_could_hold_evidence_needs_an_effect_cue_unless_the_classifier_or_a_table_reads():
    from resmine.relations import RelationRules, could_hold_evidence

    rules = RelationRules.load()
    model = load_pipeline().get_pipe("resmine_relations").model.get()
    treated = _text_document(TREATED_FOR)
    variant = _change("t", TREATED_FOR, "V600E")
    assert could_hold_evidence(treated, [variant], rules, model)  # the classifier decides a variant
    assert not could_hold_evidence(treated, [variant], rules)  # the rules alone need a cue
    title = BRADYKININ.split("\n")[0]
    start = title.index("activation")
    alteration = Mention("t", start, start + len("activation"), "activation", Label.ALTERATION, "activation",
                         Provenance.ALTERATION_WORDS)
    assert not could_hold_evidence(_text_document(title), [alteration], rules, model)
    said = title[:-1] + " confers resistance to phenylephrine."
    assert could_hold_evidence(_text_document(said), [alteration], rules, model)
    # a table row is read by its columns (a potency column needs no effect word)
    row = Document("t", "t.txt", "txt", "", title, [Passage(PassageKind.TABLE_ROW, "", 0, len(title))])
    assert could_hold_evidence(row, [alteration], rules, model)


# CIViC train EID1322 (read part): the drug is a code no dictionary lists; only the statistical
# NER names it, and the relation stage pairs it under its own text
CODE_NAMED = ("The endometrial cancer cell lines, AN3CA and MFE296, which carry the N550K FGFR2 mutation, were "
              "found to be sensitive to FGFR inhibition with PD174074 (10 to 40x more sensitive than cell lines "
              "with wild type FGFR2.).")


def test_a_drug_named_only_by_a_code_lets_the_document_through(tmp_path):
    outputs = _extract_in_both_modes(tmp_path, {"code": CODE_NAMED + "\n"})
    assert (outputs["triples"] / "triples.csv").read_bytes() == (outputs["full"] / "triples.csv").read_bytes()
    assert {(row["gene"], row["mutation"], row["drug"]) for row in read_csv(outputs["triples"] / "triples.csv")} == {
        ("FGFR2", "N550K", "pd174074")}


def test_has_unnamed_code():
    from resmine.lexicons.codes import has_unnamed_code

    text = "Ba/F3 cells with FLT3 D835V were sensitive to both AS602868 and AG1296."
    named = [(text.index("FLT3"), text.index("FLT3") + 4), (text.index("D835V"), text.index("D835V") + 5)]
    assert has_unnamed_code(text, named)
    codes = [(text.index(code), text.index(code) + len(code)) for code in ("AS602868", "AG1296")]
    assert not has_unnamed_code(text, named + codes)  # every code-like word is named
    # near misses: no digit, lower case inside, a single capital
    assert not has_unnamed_code("EGFR inhibitor in Erlotinib-treated cells and T cells", [(0, 4)])


def test_the_ner_focus_takes_the_pre_filters_linkable_changes_without_judging_them_again(monkeypatch):
    """The pre-filter judged the changes of a document it lets through; the NER's focus reads
    that judgement. A Doc the pre-filter did not see is judged by the NER itself, the same way."""
    import resmine.ner.components
    from resmine.nlp import annotate
    from resmine.nlp.doc_state import mentions_of

    nlp = load_pipeline(overrides=mode_overrides("triples"))
    # sentences of BC5CDR abstracts (the cases above, the second with a drug and an effect) and a
    # statement: two are read
    documents = [_text_document(text) for text in (
        "Initial potassium loss and hypokalaemia during treatment.",
        "Furthermore, activation or overexpression of Nrf2 conferred resistance to cisplatin.",
        "Loss of PTEN confers resistance to trastuzumab.")]
    judged: list[int] = []
    real = resmine.ner.components.linkable_changes
    monkeypatch.setattr(resmine.ner.components, "linkable_changes", lambda *a: judged.append(1) or real(*a))
    read = [part.mentions for part in annotate(nlp, documents)]
    assert judged == [] and [bool(found) for found in read] == [False, True, True]
    alone = []
    for document in documents[1:]:
        doc = nlp.make_doc(document.text)
        doc.user_data["document"] = document
        alone.append(mentions_of(nlp(doc)).sorted())
    assert len(judged) == 2 and alone == read[1:]


def test_the_lexicon_component_keeps_the_pre_filters_matches_without_matching_again():
    """The pre-filter reads a whole group of documents before the pipeline reads the first, so
    the lexicon's cache of recent matches no longer holds them: its own hits are handed over."""
    from resmine.nlp.doc_state import DICTIONARY_HITS, LEXICON_MATCHES

    nlp = load_pipeline(overrides=mode_overrides("triples"))
    variants = nlp.get_pipe("resmine_mutations")
    document = _text_document("Loss of PTEN confers resistance to trastuzumab.")
    matched = variants.lexicon_matches(document)
    assert matched and matched == variants.dictionary_hits(document)[:len(matched)]

    def lexicon_hits(handed: list | None) -> list:
        doc = nlp.make_doc(document.text)
        doc.user_data["document"] = document
        if handed is not None:
            doc.user_data[LEXICON_MATCHES], doc.user_data[DICTIONARY_HITS] = handed, variants.dictionary_hits(document)
        return nlp.get_pipe("resmine_lexicon")(doc)._.resmine_lexicon_hits

    handed: list = []  # not what the lexicon would find: the component must not have matched
    assert lexicon_hits(handed) is handed
    assert lexicon_hits(None) == matched

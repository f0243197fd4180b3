"""Species context (resmine.mentions.species) and gene full names, on real abstracts cut from
the shared corpora (tests/fixtures/ner/corpora/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resmine.lexicons import load_lexicon
from resmine.mentions.species import (
    MIN_RODENT_CUES, SpeciesCues, rodent_gene, rodent_genes_unnamed, rodent_style, species_cues,
)
from resmine.model import Document, Label, Mention, Provenance
from resmine.tools.ner.corpora import NLMGENE_TYPES, load_pubtator, load_split

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "fixtures" / "ner" / "corpora"
NAMES = ROOT / "tests" / "fixtures" / "ner" / "gene_names_nlmgene.PubTator"
MOUSE_STUDY = "9624006"  # "mice lacking Mxi1": a knockout study, no human named
HUMAN_STUDY_MICE_ONCE = "8159699"  # human coproporphyrinogen oxidase; "murine" once


@pytest.fixture(scope="module")
def gnormplus():
    return {item.doc_id: item for item in load_split(CORPORA, "gnormplus-train")}


@pytest.fixture(scope="module")
def names():
    return {item.doc_id: item for item in load_pubtator(NAMES, NLMGENE_TYPES)}


@pytest.mark.parametrize("surface,symbol,expected", [
    ("Egfr", "EGFR", True), ("Mxi1", "MXI1", True), ("Bcl-2", "BCL2", True),
    ("EGFR", "EGFR", False), ("egfr", "EGFR", False), ("mxi1", "MXI1", False),
    ("p53", "TP53", False), ("Myc", "MYCN", False), ("Ink4a", "CDKN2A", False),
    ("Raf", "FPLX:RAF", False), ("Cat", "Cat", False),
])
def test_rodent_style_is_the_symbol_in_rodent_case(surface, symbol, expected):
    assert rodent_style(surface, symbol) is expected


def test_a_knockout_mouse_study_is_a_rodent_study(gnormplus):
    cues = species_cues(gnormplus[MOUSE_STUDY].text)
    assert cues.rodent >= MIN_RODENT_CUES and cues.human == 0 and cues.rodent_study()


def test_a_human_study_that_mentions_mice_once_is_not(gnormplus):
    cues = species_cues(gnormplus[HUMAN_STUDY_MICE_ONCE].text)
    assert cues.rodent == 1 and cues.human > 1 and not cues.rodent_study()


def test_a_study_naming_mice_once_and_no_human_is_not_a_rodent_study(names):
    # "LPS (4 mg/kg, i.p.)" in mice, named once: below the threshold, genes stay human.
    cues = species_cues(names["23474308"].text)
    assert cues == SpeciesCues(rodent=1, human=0) and not cues.rodent_study()


def test_human_cells_in_mice_are_not_a_rodent_study():
    # BioRED train 18593936 (shared/data/corpora/biored/Train.PubTator), one sentence: human
    # KU7 bladder cancer cells in mice; their Sp1, Sp3 and Sp4 are human genes.
    text = ("Curcumin also decreased bladder tumor growth in athymic nude mice bearing KU7 cells as "
            "xenografts and this was accompanied by decreased Sp1, Sp3, and Sp4 protein levels in tumors.")
    cues = species_cues(f"{text} {text}")
    assert cues.rodent >= MIN_RODENT_CUES and cues.human == 0 and cues.xenograft and not cues.rodent_study()


def _gene(doc_id: str, text: str, start: int, end: int, symbol: str) -> Mention:
    return Mention(doc_id, start, end, text[start:end], Label.GENE, symbol, Provenance.LEXICON)


def test_rodent_genes_lose_the_human_symbol_only_in_a_rodent_study(gnormplus):
    mouse, human = gnormplus[MOUSE_STUDY], gnormplus[HUMAN_STUDY_MICE_ONCE]
    mxi1 = _gene(mouse.doc_id, mouse.text, 8, 12, "MXI1")
    max_gene = _gene(mouse.doc_id, mouse.text, 282, 285, "MAX")
    family = Mention(mouse.doc_id, 109, 112, "Mad", Label.GENE, "FPLX:MAD", Provenance.LEXICON)
    out = rodent_genes_unnamed([mxi1, max_gene, family], species_cues(mouse.text))
    # no human named: every gene symbol is the mouse gene ("Max" as much as "Mxi1"); families stay
    assert [m.normalized for m in out] == ["", "", "FPLX:MAD"]
    assert [(m.start, m.end, m.label) for m in out] == [(8, 12, Label.GENE), (282, 285, Label.GENE),
                                                        (109, 112, Label.GENE)]
    start = human.text.index("coproporphyrinogen oxidase")
    cpox = _gene(human.doc_id, human.text, start, start + len("coproporphyrinogen oxidase"), "CPOX")
    assert rodent_genes_unnamed([cpox], species_cues(human.text)) == [cpox]


def test_a_rodent_study_that_names_humans_unnames_rodent_case_only():
    cues = SpeciesCues(rodent=5, human=2)
    written = {"Egfr": "EGFR", "EGFR": "EGFR", "epidermal growth factor receptor": "EGFR"}
    kept = {text for text, symbol in written.items()
            if not rodent_gene(Mention("d", 0, len(text), text, Label.GENE, symbol, Provenance.LEXICON), cues)}
    assert kept == {"EGFR", "epidermal growth factor receptor"}
    assert not rodent_gene(Mention("d", 0, 4, "Egfr", Label.GENE, "EGFR", Provenance.LEXICON),
                           SpeciesCues(rodent=5, human=2, xenograft=1))


def test_the_pipeline_unnames_mxi1_in_the_mouse_study_and_keeps_the_human_gene(gnormplus):
    from resmine.nlp import annotate, load_pipeline

    nlp = load_pipeline(without_relations=True)
    assert "resmine_species" in nlp.pipe_names
    documents = [Document(doc_id, "", "text", "", gnormplus[doc_id].text)
                 for doc_id in (MOUSE_STUDY, HUMAN_STUDY_MICE_ONCE)]
    mouse, human = (annotated.mentions for annotated in annotate(nlp, documents))
    mxi1 = [m for m in mouse if m.label == Label.GENE and m.text.lower() == "mxi1"]
    assert mxi1 and all(m.normalized == "" for m in mxi1)
    assert "CPOX" in {m.normalized for m in human if m.label == Label.GENE}
    off = load_pipeline(overrides={"components.resmine_species.min_rodent_cues": 1000}, without_relations=True)
    mouse_off = next(annotate(off, documents[:1])).mentions
    assert {m.normalized for m in mouse_off if m.text.lower() == "mxi1"} == {"MXI1"}


def test_full_names_and_a_full_name_inside_a_longer_name(names):
    lexicon = load_lexicon()
    pten = names["23474308"].text
    hits = {(h.text, h.normalized) for h in lexicon.match(pten) if h.label == "GENE"}
    # British spelling of PTEN's approved name, inside its longer old name "... deleted on chromosome ten"
    assert ("phosphatase and tensin homologue", "PTEN") in hits
    assert ("glycogen synthase kinase 3 beta", "GSK3B") in hits
    igf = names["25693948"].text
    start = igf.index("insulin-like growth factor-1 receptor")
    at = [(h.text, h.normalized) for h in lexicon.match(igf) if h.start <= start < h.end]
    # "insulin-like growth factor-1" (IGF1) is inside the receptor's name: the receptor wins
    assert at == [("insulin-like growth factor-1 receptor", "IGF1R")]


@pytest.mark.parametrize("text", [
    "Mice, MICE and mouse-derived xMice; Rats rat rats' RATTUS norvegicus humans Human-derived Patient-derived PDX-1 "
    "pdxs SCIDs scid; women/men menu NSG mice nude MICE Xenografts xenograft_1 murine2 Mus musculus mus  musculus",
    "Ratios of rodents to ROdents, in Women and children (volunteers); Homo sapiens, homo-sapiens.",
    "Non-ASCII: μmice, mice, Mäuse, rats, Patients, patientś.",
])
def test_cues_are_counted_in_lower_cased_text_as_in_the_text_with_case_folding(text):
    from resmine.mentions.species import HUMAN_WORD_RE, RODENT_WORD_RE, XENOGRAFT_RE

    expected = SpeciesCues(*(len(words.findall(text)) for words in (RODENT_WORD_RE, HUMAN_WORD_RE, XENOGRAFT_RE)))
    assert species_cues(text) == expected and expected.rodent >= 2

"""The relation classifier: CIViC statements as training data, candidates across sentences,
the stored model, the rules-first decision and a training run on real CIViC train rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resmine.model import Document, Passage, PassageKind
from resmine.nlp import annotate, load_pipeline
from resmine.paths import repo_root, shared_dir
from resmine.relations import RelationModel, RelationRules, document_view, extract_evidence
from resmine.relations.candidates import unit_candidates
from resmine.relations.classifier import NONE
from resmine.relations.learned import candidate_rows
from resmine.relations.reading import read_unit
from resmine.tools.relations.civic import NOT_SUPPORTS, POINT, SUPPORTS, TRAIN_FILE, read_civic
from resmine.tools.splits import is_tune

FIXTURE = Path(__file__).parent / "fixtures" / "civic" / "civic_train_sample.tsv"
BIORED_SAMPLE = Path(__file__).parent / "fixtures" / "relations" / "biored_train_15970799.PubTator"


@pytest.fixture(scope="module")
def mention_nlp():
    return load_pipeline(without_relations=True)


def _read(nlp, text: str):
    document = Document("d", "", "text", "", text, [Passage(PassageKind.PARAGRAPH, "", 0, len(text))])
    annotated = next(annotate(nlp, [document]))
    return document, annotated.sentences, annotated.mentions


SHIPPED = "shipped"


def _evidence(nlp, text: str, model: RelationModel | str | None = SHIPPED):
    """The evidence rows of ``text`` read by ``nlp``, with the cue tables and ``model``: the
    shipped classifier (default), another one, or None (the rules alone)."""
    document, sentences, mentions = _read(nlp, text)
    if model == SHIPPED:
        model = RelationModel.load(repo_root() / "models" / "relations")
    return extract_evidence(document, sentences, mentions, RelationRules.load(), model)


def test_civic_statements_and_their_labels():
    statements = {s.doc_id: s for s in read_civic(FIXTURE, (SUPPORTS, NOT_SUPPORTS)).statements}
    assert sorted(statements) == ["EID1589", "EID231", "EID7498", "EID786", "EID86"]  # not the Prognostic item
    assert statements["EID1589"].triples() == {("EID1589", "BRAF", "v600e", "vemurafenib", "sensitivity"),
                                               ("EID1589", "BRAF", "v600e", "panitumumab", "sensitivity")}
    assert statements["EID86"].relation == "no_effect"  # Does Not Support
    assert statements["EID7498"].category == POINT and statements["EID7498"].citation_id
    assert read_civic(FIXTURE).statements[0].doc_id == "EID786"  # Supports only by default


def test_the_tune_split_is_frozen_by_citation():
    assert is_tune("21575866") == is_tune("21575866")
    train = read_civic(shared_dir() / "data" / "corpora" / "civic" / TRAIN_FILE, (SUPPORTS, NOT_SUPPORTS))
    citations = {s.citation_id for s in train.statements}
    share = sum(map(is_tune, citations)) / len(citations)
    assert 0.12 < share < 0.28  # TUNE_SHARE 0.2 of the citations


def test_a_drug_of_the_next_sentence_is_a_candidate(mention_nlp):
    text = ("A patient with head and neck squamous carcinoma underwent genomic profiling that identified an "
            "activating MET R1004G mutation. The patient showed a rapid response to the treatment of crizotinib.")
    document, sentences, mentions = _read(mention_nlp, text)
    view = document_view(document, sentences, mentions)
    reading = read_unit(view, view.units[0], RelationRules.load())
    found = {(c.mutation.normalized, c.gene.normalized, c.drug.normalized, c.distance)
             for c in unit_candidates(view, reading)}
    assert ("R1004G", "MET", "crizotinib", 1) in found
    names = next(names for candidate, names in candidate_rows(view, reading)
                 if candidate.drug.normalized == "crizotinib" and candidate.mutation.normalized == "R1004G")
    assert "distance=1" in names and "drug_sentence=response" in names


def _model(weights: dict[str, list[float]], threshold: float = 0.5) -> RelationModel:
    return RelationModel(classes=[NONE, "resistance", "sensitivity"], weights=weights,
                         intercept=[2.0, 0.0, 0.0], threshold=threshold)


def test_stored_model_round_trip_and_decision(tmp_path):
    model = _model({"distance=1": [0.0, 0.0, 5.0]})
    model.calibration_x, model.calibration_y = [0.2, 0.9], [0.1, 0.6]
    loaded = RelationModel.load(Path(model.save(tmp_path)).parent)
    assert loaded.decide(["bias"]).relation == NONE
    decision = loaded.decide(["distance=1"])
    assert decision.relation == "sensitivity" and decision.probability > 0.9
    assert decision.confidence == pytest.approx(0.6)  # calibrated, clipped at the last point
    assert json.loads((tmp_path / "model.json").read_text())["classes"][0] == NONE
    with pytest.raises(ValueError, match="cannot read relation model"):
        RelationModel.load(tmp_path / "missing")


def test_the_rules_read_first_and_the_model_adds_what_they_miss(mention_nlp):
    text = ("Whole genome sequencing of a case of colon carcinoma revealed a G724S mutation in the EGFR gene. "
            "In-vitro, this mutation was shown to be oncogenic and sensitive to Cetuximab.")
    document, sentences, mentions = _read(mention_nlp, text)
    rules = RelationRules.load()
    by_rules = extract_evidence(document, sentences, mentions, rules)
    assert ("EGFR", "G724S", "cetuximab") not in {(e.gene, e.mutation, e.drug) for e in by_rules}
    model = _model({"distance=1": [0.0, 0.0, 5.0]})
    by_model = extract_evidence(document, sentences, mentions, rules, model)
    added = [e for e in by_model if (e.gene, e.mutation, e.drug) == ("EGFR", "G724S", "cetuximab")]
    assert [(e.relation, e.tier, e.negated) for e in added] == [("sensitivity", "B", False)]
    assert {(e.gene, e.mutation, e.drug, e.relation) for e in by_rules} <= \
        {(e.gene, e.mutation, e.drug, e.relation) for e in by_model}
    # a model that never decides leaves the rules' reading alone
    assert extract_evidence(document, sentences, mentions, rules, _model({})) == by_rules
    # and so does one whose calibration says such decisions were never right
    never_right = _model({"distance=1": [0.0, 0.0, 5.0]})
    never_right.calibration_x, never_right.calibration_y = [0.0, 1.0], [0.0, 0.0]
    assert extract_evidence(document, sentences, mentions, rules, never_right) == by_rules


def test_train_relations_on_real_civic_rows(tmp_path):
    from resmine.tools.relations.train import train_relations

    civic = tmp_path / "civic"
    civic.mkdir()
    (civic / "civic_2021-08-01_train.tsv").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    (civic / "civic_2021-08-01_dev.tsv").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    lines: list[str] = []
    model = train_relations(civic, tmp_path / "model", None, c=1.0, echo=lines.append, biored=BIORED_SAMPLE)
    assert (tmp_path / "model" / "model.json").is_file()
    assert any(line.startswith("BioRED: 1 abstracts") and "none 4" in line for line in lines)
    assert set(model.classes) >= {NONE, "sensitivity"}
    assert any(line.startswith("train:") for line in lines)
    assert any("dev    point mutations" in line for line in lines)
    assert model.meta["scores"]["dev"]["rules"]["point mutations"]["tp"] >= 0


def test_biored_abstracts_teach_none_where_biored_relates_nothing(mention_nlp):
    from resmine.tools.relations.biored import read_biored
    from resmine.tools.relations.train import biored_examples

    documents = read_biored(BIORED_SAMPLE)
    annotated = list(annotate(mention_nlp, [d.document for d in documents]))
    features, labels, outcome = biored_examples(documents, annotated, RelationRules.load())
    # SLCO1B1 haplotypes and statins: BioRED relates the statins to the gene and its variants
    # (those candidates are left out: BioRED gives no direction); a chemical BioRED relates to
    # none of them pairs with a variant as a `none` example
    assert labels == [NONE] * 4 and len(features) == 4 and outcome["none"] == 4
    assert outcome["left out: related in BioRED (no direction)"] == 29


def test_a_drug_of_another_sentence_does_not_undo_what_a_sentence_says(mention_nlp):
    # CIViC dev EID of FLT3 Y842C (civic_2021-08-01_dev.tsv): three sentences, the last naming
    # sorafenib and lestaurtinib again; the classifier's cross-sentence guesses for the drugs of
    # the second sentence must not contradict what that sentence reads.
    text = ("The authors used saturation mutagenesis of FLT3/ITD followed by selection of transfected cells "
            "in FLT3 TKI. The FLT3/ITD Y842C mutation produced high-level resistance to KW2449, sorafenib, "
            "sunitinib and AGS324 in vitro but remained sensitive to lestaurtinib and midostaurin. Balb/c mice "
            "transplanted with the FLT3/ITD Y842C mutation confirmed resistance to sorafenib in vivo but not "
            "to lestaurtinib.")
    rows = _evidence(mention_nlp, text)
    read = {(e.drug, e.relation) for e in rows if e.mutation == "Y842C" and not e.negated}
    assert {("kw2449", "resistance"), ("lestaurtinib", "sensitivity")} <= read
    assert ("kw2449", "sensitivity") not in read and ("midostaurin", "resistance") not in read


def test_a_drug_of_another_sentence_takes_the_effect_its_own_sentence_gives_it(mention_nlp):
    # EID1533 (CIViC dev): the model decides the pair is a statement (here: any pair one sentence
    # apart is sensitivity); "vemurafenib resistant" next to the drug says which relation.
    text = ("A 26-year old patient presented with vemurafenib resistant BRAF-mutated (V600E) cutaneous "
            "melanoma. A GNAQ (Q209P) mutation was identified as unanimously present in all five tumors.")
    rows = _evidence(mention_nlp, text, _model({"distance=1": [0.0, 0.0, 5.0]}))
    assert {(e.gene, e.mutation, e.drug, e.relation) for e in rows if e.gene == "GNAQ"} == {
        ("GNAQ", "Q209P", "vemurafenib", "resistance")}


def test_a_drug_read_in_its_own_sentence_is_not_read_otherwise_by_the_next(mention_nlp):
    # EID34 (CIViC train): the second sentence's candidates include the first sentence's drugs;
    # what the first sentence says of them (not sensitive: resistance) stands.
    text = ("The melanoma cell line WM3211, which harbors the KIT L576P mutation, is not sensitive to imatinib, "
            "nilotinib, and sorafenib. Molecular modeling indicated the L576P mutation alters the conformation "
            "of KIT and reduces the binding affinity of imatinib.")
    rows = _evidence(mention_nlp, text)
    assert {(r.drug, r.relation) for r in rows if not r.negated} == {
        ("imatinib", "resistance"), ("nilotinib", "resistance"), ("sorafenib", "resistance")}


def test_a_drug_the_population_is_refractory_to_is_its_history_not_the_changes_effect(mention_nlp):
    # EID7498 (CIViC train): "platinum-refractory" says what the patient had received before;
    # the change's statement is the response to crizotinib of the next sentence.
    text = ("A patient with platinum-refractory oral cavity head and neck squamous carcinoma underwent "
            "comprehensive genomic profiling that identified an activating MET R1004G mutation. The patient "
            "showed a rapid response to the treatment of crizotinib.")
    rows = _evidence(mention_nlp, text)
    read = {(e.gene, e.mutation, e.drug, e.relation) for e in rows if not e.negated}
    assert ("MET", "R1004G", "crizotinib", "sensitivity") in read
    assert not any(drug == "platinum" for _, _, drug, _ in read)


def test_a_drug_of_another_sentence_named_as_the_populations_history_is_no_candidate(mention_nlp):
    # EID1591 (CIViC train): the trial's population is refractory to radioactive iodine; a model
    # that takes any pair one sentence apart still gives the change nothing with it.
    text = ("Open-label non-randomised phase 2 trial in patients with recurrent or metastatic papillary "
            "thyroid cancer refractory to radioactive iodine. All patients had the BRAF V600E mutation.")
    assert any(m.normalized == "iodine" for m in _read(mention_nlp, text)[2])
    rows = _evidence(mention_nlp, text, _model({"distance=1": [0.0, 0.0, 5.0]}))
    assert [(e.gene, e.mutation, e.drug) for e in rows if e.drug == "iodine"] == []


def test_an_activation_in_a_sentence_with_a_specific_change_is_its_mechanism(mention_nlp):
    # EID90 (CIViC train): the activation of RAS-GTP is how the change acts, no alteration of
    # its own, and no change between NF1 loss and its effect; EID733 (CIViC train): with a
    # gene-level change, an activation stays read in its unit, but a family's (PI3K) is then
    # the change's pathway and gives no row (thirteenth round, relations._drop_family_activation).
    model = RelationModel.load(repo_root() / "models" / "relations")
    with_change = ("In the setting of BRAF(V600E), NF1 loss resulted in elevated activation of RAS-GTP and "
                   "resistance to RAF inhibitors.")
    document, sentences, mentions = _read(mention_nlp, with_change)
    assert any(m.normalized == "activation" for m in mentions)
    rows = extract_evidence(document, sentences, mentions, RelationRules.load(), model)
    assert [e.gene for e in rows if e.mutation == "activation"] == []
    assert ("NF1", "loss", "raf inhibitor", "resistance") in {(e.gene, e.mutation, e.drug, e.relation) for e in rows}
    alone = ("In this study a gefitinib-sensitive cell-line (HCC827), acquired gefitinib resistance (HCC827 GR) "
             "by a focal amplification of MET.  Resistance was conferred by the MET amplification driving ERBB3 "
             "(HER3)-dependent activation of PI3K.")
    document, sentences, mentions = _read(mention_nlp, alone)
    rows = extract_evidence(document, sentences, mentions, RelationRules.load(), model)
    read = {(e.mutation, e.drug, e.relation) for e in rows}
    assert ("amplification", "gefitinib", "resistance") in read
    assert ("activation", "gefitinib", "resistance") not in read


def test_a_drug_in_an_aside_after_a_change_belongs_to_that_change_only(mention_nlp):
    # EID4521 (CIViC train): the bracket describes BRAF V600E, the cells' background; the
    # resistance is E17K's, to vemurafenib, not to the class of the aside.
    text = ("An in vitro study of M229 (a human melanoma cell line) endogenously expressing wildtype AKT3 and "
            "BRAF V600E (a known BRAF inhibitor sensitizing mutation) found that cells virally induced to stably "
            "over-express AKT3 E17K were significantly more resistant to BRAF inhibition via vemurafenib than "
            "cells transduced with empty vectors (40% vs 20% survival, p = .0033).")
    document, sentences, mentions = _read(mention_nlp, text)
    assert any(m.normalized == "braf inhibitor" for m in mentions)
    rows = extract_evidence(document, sentences, mentions, RelationRules.load())
    read = {(e.gene, e.mutation, e.drug, e.relation) for e in rows if not e.negated}
    assert ("AKT3", "E17K", "vemurafenib", "resistance") in read
    assert not any(m == "E17K" and d == "braf inhibitor" for _, m, d, _ in read)


def test_a_change_the_clause_makes_an_exception_of_takes_its_own_or_the_opposite_effect(mention_nlp):
    # EID1974 and EID4364 (CIViC train).
    text = ("Except for the imatinib-resistant V658A mutation, all the other PDGFRA mutations were sensitive to "
            "both imatinib and crenolanib.")
    document, sentences, mentions = _read(mention_nlp, text)
    rows = extract_evidence(document, sentences, mentions, RelationRules.load())
    assert {(e.drug, e.relation) for e in rows if e.mutation == "V658A" and not e.negated} == {
        ("imatinib", "resistance")}
    text = "The authors conclude that bosutinib is effective across all BCR-ABL mutations observed except T315I."
    document, sentences, mentions = _read(mention_nlp, text)
    rows = extract_evidence(document, sentences, mentions, RelationRules.load())
    assert {(e.drug, e.relation) for e in rows if e.mutation == "T315I"} == {("bosutinib", "resistance")}


def test_a_change_listed_with_a_populations_genotype_is_part_of_it(mention_nlp):
    # EID6262 (CIViC train): V600K, listed with V600E after "patients harboring", is the
    # patients' genotype too; the resistance is the progressive tumours' NRAS mutations'.
    text = ("In a retrospective study of 44 relapsed melanoma patients harboring BRAF V600E or V600K (known BRAF "
            "inhibitor sensitizing mutations), MAPK pathway reactivation mechanisms were implicated in acquired "
            "resistance to BRAF inhibitor (vemurafenib or dabrafenib) monotherapy. The following MAPK pathway "
            "variants were found in progressive tumors: NRAS mutations (G12D, G12R, G13R, Q61K) in 13/71 (18%) "
            "of progressive tumors.")
    rows = _evidence(mention_nlp, text, model=None)
    assert {(e.mutation, e.relation) for e in rows if e.mutation in ("V600E", "V600K")} & {
        ("V600E", "resistance"), ("V600K", "resistance")} == set()


def test_a_change_the_cells_contain_is_their_genotype_not_the_cause(mention_nlp):
    # EID1763 (CIViC train): L858R is the background of the cells in which D761Y gives resistance.
    text = ("D761Y as a secondary mutation was reported to be associated with resistance to gefitinib and erlotinib "
            "in NSCLC cells that contain the L858R-EGFR mutation. This mutation combination was observed in a "
            "single patient with lung cancer and specifically in a metastatic brain lesion following gefitinib "
            "treatment.")
    rows = _evidence(mention_nlp, text)
    read = {(e.mutation, e.drug, e.relation) for e in rows if not e.negated}
    assert ("D761Y", "gefitinib", "resistance") in read
    assert not any(m == "L858R" and r == "resistance" for m, _, r in read)


def test_what_a_study_measured_is_no_finding(mention_nlp):
    # EID2451 (CIViC train): "a study of imatinib sensitivity" names what was measured; the finding
    # is the last sentence's resistance.
    text = ("In an in vitro study of imatinib sensitivity, KIT D816V was cloned into a plasmid by site-directed "
            "mutagenesis of KIT WT cDNA. Chinese hamster ovary cells were transiently transfected with the "
            "plasmid. Cells expressing KIT D816V were resistant to imatinib up to 10 umol/L.")
    rows = _evidence(mention_nlp, text)
    assert {(e.mutation, e.drug, e.relation) for e in rows if not e.negated} == {("D816V", "imatinib", "resistance")}


@pytest.mark.parametrize("text, mutation, gene", [
    # EID7616 (CIViC train): "MEK" of "MEK inhibitor" is the drug's target; V600R of the next
    # sentence is BRAF's, the gene the text names.
    ("The efficacy of BRAF inhibitor and/or MEK inhibitor in patients with melanoma harboring BRAF "
     "nonV600E/K mutations was evaluated. Treated with MEK inhibitor monotherapy, response rate were 100% "
     "(1/1) for L597. Treated with BRAF inhibitor and MEK inhibitor combination therapy, response rate "
     "were 55% (16/29) for V600R.", "V600R", "BRAF"),
    # EID1362 (CIViC train): "mTOR" of "PI3K/mTOR inhibition" is the drug's target; the H1047R of
    # the next sentence stays PIK3CA's.
    ("Two head and neck cancer cell lines with PIK3CA H1047R mutation were more sensitive to PI3K/mTOR "
     "inhibition with BEZ-235 (NVP-BEZ235, Dactolisib) than two wild type cell lines in vitro. One cell "
     "line with H1047R mutation was also found to be sensitive to BEZ-235 in vivo.", "H1047R", "PIK3CA"),
    # EID2886 (CIViC train): D820Y is KIT's, the gene the study screened, not GNAQ's, which no
    # patient had a mutation in.
    ("FFPE tumor specimens from 295 melanoma patients were screened for KIT amplification and mutation. Of "
     "these, 51 patients had variants in KIT and 28 of these were treated with imatinib mesylate. None of "
     "the patients had mutations in BRAF, NRAS, or GNAQ. Two patients achieved a durable complete "
     "response. One patient harboring a somatic D820Y mutation displayed Imatinib mesylate–resistance and "
     "disease progression.", "D820Y", "KIT"),
])
def test_a_gene_a_later_sentence_inherits_is_one_the_text_names_for_it(mention_nlp, text, mutation, gene):
    rows = _evidence(mention_nlp, text, model=None)
    assert {e.gene for e in rows if e.mutation == mutation} == {gene}


def test_an_internal_tandem_duplication_is_the_class_civic_calls_itd(mention_nlp):
    # EID7369 (CIViC train): "FLT3-ITD" names FLT3's internal tandem duplication, filed as ITD.
    text = ("In a preclinical trial, multiple experiments testing the effectiveness of ponatinib on the mutation "
            "FLT3-ITD in acute myeloid leukemia (AML) were conducted. Ponatinib was very effective in targeting "
            "the FLT3-ITD mutation in MV4-11 cell lines.")
    rows = _evidence(mention_nlp, text)
    assert ("FLT3", "ITD", "ponatinib", "sensitivity") in {(e.gene, e.mutation, e.drug, e.relation) for e in rows}


@pytest.mark.parametrize("text, gene, change, drug, relation", [
    # EID888, EID1493 (CIViC train): "TOP1 gain", "PTEN LOH" name a copy gain and a loss.
    ("Biopsies of 40 patients treated with oxaliplatin were tested by FISH. MYC gain was associated with "
     "objective response to oxaliplatin.", "MYC", "amplification", "oxaliplatin", "sensitivity"),
    ("Tumours were tested for RB1 LOH. Patients with RB1 LOH were resistant to palbociclib.",
     "RB1", "loss", "palbociclib", "resistance"),
    # EID808 (CIViC train): "mRNA levels of DEFA1" are the gene's expression.
    ("Serum protein levels of ABCB1 were associated with response to paclitaxel in breast cancer.",
     "ABCB1", "expression", "paclitaxel", "sensitivity"),
    # EID1118 (CIViC train): an expression "knocked-down" is the gene's underexpression.
    ("HeLa cells with MYC expression knocked-down were more sensitive to cisplatin.",
     "MYC", "underexpression", "cisplatin", "sensitivity"),
])
def test_a_gene_gain_loh_and_levels_are_its_classes(mention_nlp, text, gene, change, drug, relation):
    rows = _evidence(mention_nlp, text)
    assert (gene, change, drug, relation) in {(e.gene, e.mutation, e.drug, e.relation) for e in rows}


def test_a_lowered_expression_takes_the_opposite_of_the_effect_its_lowering_had(mention_nlp):
    # EID899 (CIViC train): "Downregulation of ZEB1 expression ... led to enhanced sensitivity"
    # files ZEB1 expression as resistance; an expression not lowered keeps the effect read.
    text = "Downregulation of SOX2 expression in glioma cell lines led to enhanced sensitivity to temozolomide."
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("SOX2", "expression", "temozolomide", "resistance") in rows
    assert ("SOX2", "expression", "temozolomide", "sensitivity") not in rows
    text = "SOX2 expression in glioma cell lines was associated with sensitivity to temozolomide."
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("SOX2", "expression", "temozolomide", "sensitivity") in rows


def test_changes_named_back_as_a_set_are_the_changes_named_before(mention_nlp):
    # EID1974 (CIViC train): "all the other mutations" are the listed changes two sentences
    # back, but for the exception its own sentence names.
    text = ("Five PDGFRA Mutations (P577S, V658A, R841K, H845Y, and G853D) resulted in strong autophosphorylation "
            "of PDGFRA. Crenolanib showed higher potency than imatinib in inhibiting the kinase activity of PDGFRA. "
            "Except for the imatinib-resistant V658A mutation, all the other mutations were sensitive to both "
            "imatinib and crenolanib.")
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert {("PDGFRA", change, drug, "sensitivity") for change in ("P577S", "R841K", "H845Y", "G853D")
            for drug in ("imatinib", "crenolanib")} <= rows
    assert ("PDGFRA", "V658A", "imatinib", "resistance") in rows
    assert ("PDGFRA", "V658A", "imatinib", "sensitivity") not in rows
    # without a determiner that names them back, a class word is no set of earlier changes
    text = ("Five PDGFRA Mutations (P577S, V658A, R841K, H845Y, and G853D) resulted in strong autophosphorylation "
            "of PDGFRA. PDGFRA mutations were sensitive to imatinib.")
    assert not any(e.mutation == "P577S" for e in _evidence(mention_nlp, text))


def test_a_sentence_that_opens_with_the_cells_described_before_lends_them_every_drug(mention_nlp):
    # EID1627 (CIViC dev), shortened
    text = ("Among the alterations, one cell line harbored a PTEN allele deletion and R130* mutation. This cell "
            "line harbored the lowest IC50 values to both perifosine and temsirolimus.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.tier) for e in _evidence(mention_nlp, text, model=None)}
    assert {("PTEN", "R130*", drug, "sensitivity", "B") for drug in ("perifosine", "temsirolimus")} <= rows
    # without the cells named back, two drugs of the next sentence are no statement of the change
    text = ("Among the alterations, one cell line harbored a PTEN allele deletion and R130* mutation. Perifosine "
            "and temsirolimus showed the lowest IC50 values in other lines.")
    assert not any(e.mutation == "R130*" for e in _evidence(mention_nlp, text, model=None))


def test_a_fusion_word_after_two_hyphened_genes_is_the_kinase_partners(mention_nlp):
    # EID4861 (CIViC dev): "FGFR2-CCDC6" is no fusion the grammar names (an unlisted partner);
    # its "fusions" are FGFR2's, the kinase side, not CCDC6's.
    text = ("Phase 1 study of pan-FGFR inhibitor JNJ-42756493 in patients with solid tumors. Among 23 patients "
            "with FGFR pathway aberrations, 4 partial responses as well as 16 with stable disease were seen. "
            "Tumor shrinkage was observed in a patient with adrenal carcinoma and FGFR3-TACC3/FGFR2-CCDC6 fusions.")
    rows = _evidence(mention_nlp, text, model=None)
    genes = {e.gene for e in rows if e.mutation == "fusion"}
    assert "FGFR2" in genes and "CCDC6" not in genes


def test_a_drug_class_restated_by_a_named_drug_of_its_row_gives_no_row_of_its_own(mention_nlp):
    # EID6261 (CIViC train): "BRAF inhibition by vemurafenib" names one treatment, vemurafenib.
    # Without the statement's aside "(a known BRAF inhibitor sensitizing mutation)": with it V600E
    # takes no resistance at all (eleventh round, test_relations.py), and no row is left to look at.
    text = ("An in vitro study of M229 (a human melanoma cell line) endogenously expressing wildtype AKT3 and BRAF "
            "V600E found that cells induced to stably over-express "
            "AKT3 (via viral transduction of additional copies of wild type AKT3) were significantly more resistant "
            "to BRAF inhibition by vemurafenib than cells transduced with empty vectors (30% vs 20% survival, "
            "p = .0064).")
    drugs = {e.drug for e in _evidence(mention_nlp, text)}
    assert "vemurafenib" in drugs and "braf inhibitor" not in drugs


def test_a_class_of_other_drugs_keeps_its_row(mention_nlp):
    # seed 000 (corpus/gold): "two other unrelated ALK inhibitors" are drugs beside crizotinib.
    text = ("Similarly to the imatinib story, two recent reports have discovered secondary mutations in the "
            "kinase domain of the ALK gene that appear to be responsible for resistance to crizotinib and also "
            "to two other unrelated ALK inhibitors.")
    assert {"crizotinib", "alk inhibitor"} <= {e.drug for e in _evidence(mention_nlp, text)}


@pytest.mark.parametrize("text,triple", [
    # EID7246 (CIViC train): "The patient" of the second sentence is the one whose FGFR1
    # amplification the first names; the response to pazopanib is that genotype's.
    ("Case report in a HR positive, Her2/neu negative breast cancer patient harboring an FGFR1 "
     "amplification. The patient responded to treatment to Pazopanib - including a near CR of brain "
     "metastases. Duration of Treatment or median PFS was not reported at the time of publication.",
     ("FGFR1", "amplification", "pazopanib", "sensitivity")),
    # EID1282 (CIViC train): "progressed on crizotinib" is the ALK-positive population's history;
    # the response of the next sentence is alectinib's, the drug the trial tested.
    ("In this Phase II trial of 87 patients (NCT01871805), alectinib was assayed for safety and efficacy "
     "in ALK positive NSCLC that had progressed on crizotinib. Of 69 patients with measurable disease, 35 "
     "achieved objective response, with median duration of response 13.5 months.",
     ("ALK", "fusion", "alectinib", "sensitivity")),
    # EID698 (CIViC dev): the RET inhibitor is vandetanib, one drug; KIF5B-RET is as specific as a
    # point mutation.
    ("A case study of a patient with EGFR, KRAS, BRAF, HER2, ALK, ROS1 and MET negative adenocarcinoma of "
     "the lung. FISH analysis revealed a KIF5B-RET fusion. The RET inhibitor Vandetanib led to remission in "
     "the patient.",
     ("RET", "fusion", "vandetanib", "sensitivity")),
    # EID1868 (CIViC dev): the response is two sentences after the treatment; the sentence
    # between names no change, drug or effect.
    ("One patient with SQSTM1-NTRK1 was treated with entrectinib in a phase 1 study. The patient had "
     "resolution of prior dyspnea and pain within 3 weeks. CT scans showed a partial response and complete "
     "resolution of brain metastases.",
     ("NTRK1", "fusion", "entrectinib", "sensitivity")),
])
def test_a_later_sentences_drug_and_outcome_go_to_the_genotype_described_before(mention_nlp, text, triple):
    rows = _evidence(mention_nlp, text, model=None)
    assert {(e.gene, e.mutation, e.drug, e.relation) for e in rows if not e.negated} == {triple}


def test_the_classifier_adds_no_other_relation_to_a_change_and_drug_the_rules_read(mention_nlp):
    # EID1365 (CIViC train): the last sentence's M918T is read by the rules with the sorafenib of
    # the sentence before; the classifier, scoring the same change with the first sentence's
    # sorafenib, gave it that sentence's sensitivity as a second row of its own.
    text = ("In a phase 2 clinical trial of sorafenib in patients with hereditary or sporadic advanced medullary "
            "thyroid cancer, 10 out of 12 patients genotyped in arm B (sporadic MTC) tested positive for RET "
            "mutations. In response to sorafenib, 8 patients with RET M918T mutations had stable disease, 1 RET "
            "M918T mutant had partial response, and 1 patient with a RET C634R mutation had stable disease. Prior "
            "to study entry, all patients with RET M918T mutations had progressive disease or were newly diagnosed.")
    last = text.index("Prior to study entry")
    rows = _evidence(mention_nlp, text)
    assert ("M918T", "sorafenib", "sensitivity", "A") in {(e.mutation, e.drug, e.relation, e.tier) for e in rows}
    assert not any(e.sentence_start == last and e.relation == "sensitivity" for e in rows)
    # near miss, EID717: the rules read S492R with cetuximab only; the classifier's panitumumab of
    # the next sentence is a pair they did not read, and stays
    text = ("In-vitro studies found this mutation to confer resistance to cetuximab. 2 of 10 patients studied also "
            "harbored EGFR S492R and were resistant to cetuximab therapy. Panitumumab was still active in-vitro "
            "and in one patient.")
    read = {(e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert {("S492R", "cetuximab", "resistance"), ("S492R", "panitumumab", "sensitivity")} <= read


def test_a_treatment_named_after_the_genotype_takes_the_outcome_written_after_it(mention_nlp):
    # EID1528 (CIViC train): genotype, then the treatment, then its outcome, one sentence each
    text = ("A 25-year-old Caucasian male presented with a second relapse of B-ALL. RNA sequencing revealed FLT3 "
            "overexpression (also confirmed by IHC). The patient was treated with 22 days of sunitinib, permitting "
            "the patient to undergo a bone marrow transplant. A bone marrow biopsy showed complete clearance by "
            "variant allele frequency and the patient remains in remission 4-years post matched-unrelated donor "
            "allograft.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("FLT3", "overexpression", "sunitinib", "sensitivity", False) in rows
    # near miss (the same text, hand-changed): the outcome follows another drug
    text = text.replace("A bone marrow biopsy showed", "After a course of imatinib, a bone marrow biopsy showed")
    assert not any(e.drug == "sunitinib" for e in _evidence(mention_nlp, text))


def test_the_treatment_named_again_with_its_outcome_takes_it(mention_nlp):
    # EID5954 (CIViC train): the genotype's sentence names the treatment, the next names it again
    # with its outcome; the chemotherapy the treatment followed takes none
    text = ("A patient with anaplastic thyroid carcinoma harboring ALK rearrangement received crizotinib after "
            "chemotherapy for pulmonary recurrence. Crizotinib showed confirmed response of more than 90% by tumor "
            "volume, and her response has been stable on follow-up.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert rows == {("ALK", "fusion", "crizotinib", "sensitivity", False)}
    # near miss (EID993, CIViC train): the sentence naming the drug again names a gene, another group
    text = ("KRAS mutation status was assessed in 394 tumor samples from colorectal cancer patients who were "
            "randomly assigned to receive cetuximab plus best supportive care or best supportive care alone. In "
            "patients with wild-type K-ras tumors, treatment with cetuximab as compared with supportive care alone "
            "significantly improved overall survival.")
    assert not _evidence(mention_nlp, text)


def test_patients_resistant_to_one_drug_and_given_another_have_it_as_their_history(mention_nlp):
    # EID7948 (CIViC train): the imatinib resistance selected the patients dasatinib was given to
    text = ("Prior to dasatinib treatment, one imatinib-resistant patient with chronic myeloid leukemia in chronic "
            "phase had the BCR-ABL1 fusion with the S438C, K466E, and K466R secondary variants in 6/10, 1/10. and "
            "1/10 bacterial clones generated using peripheral blood RNA. They had no best hematologic and no best "
            "cytogenetic responses to dasatinib which were poor compared to responses in patients with unmutated "
            "BCR-ABL1.")
    assert not any(e.drug == "imatinib" for e in _evidence(mention_nlp, text))
    # near miss (EID7033, CIViC train): no other drug, the resistance is the changes'
    text = "In a phase II study of 60 imatinib-resistant patients with BCR-ABL mutations, 4 had V379I mutations."
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("ABL1", "V379I", "imatinib", "resistance", False) in rows
    # near miss (hand-written): another drug four sentences on, in a longer text, is no drug tested on them
    text += " Samples were sequenced. Clones were counted. Results were confirmed. Dasatinib is another inhibitor."
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("ABL1", "V379I", "imatinib", "resistance", False) in rows


def test_a_change_found_in_what_became_resistant_takes_the_resistance_before_it(mention_nlp):
    # EID7820 (CIViC train): the resistance in one sentence, the change found in the next
    text = ("One chronic myeloid leukemia patient in chronic phase had a partial best cytogenetic response to "
            "imatinib but became resistant. Bacterial clones generated using peripheral blood RNA revealed the "
            "BCR-ABL1 fusion with the D363G secondary variant in 2/10 clones.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("ABL1", "D363G", "imatinib", "resistance", False) in rows
    # EID6217 (CIViC train): two sentences on, past one that names no drug and no effect
    text = ("In an in vitro study, stochastic mutations in the ABL1 region of a stably expressed p210 BCR-ABL fusion "
            "were generated in Ba/F3 cell lines from five independently derived, mutagenized libraries. "
            "Dasatinib resistant subclones were identified using 50 nM dasatinib in liquid culture. 201 individual "
            "clones were identified representing 10 different mutations at 6 different residues. 1 of these clones "
            "had an F317I mutation.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("ABL1", "F317I", "dasatinib", "resistance", False) in rows
    # near miss (EID7820 hand-changed): a lower response rate is a comparison, nothing that became resistant
    text = ("Chronic myeloid leukemia patients in accelerated phase had a lower rate of cytogenetic response to "
            "imatinib. Bacterial clones generated using peripheral blood RNA revealed the BCR-ABL1 fusion with the "
            "D363G secondary variant in 2/10 clones.")
    assert not any(e.relation == "resistance" for e in _evidence(mention_nlp, text))
    # near miss (EID7820 hand-changed): a gene-level change after it is a genotype reported beside it
    text = ("One patient with colorectal cancer became resistant to cetuximab. Sequencing revealed a frameshift "
            "mutation in APC.")
    assert not _evidence(mention_nlp, text)


def test_an_alteration_word_inside_an_exon_class_is_no_change_of_its_own(mention_nlp):
    # EID413 (CIViC train): the "deletions" of "exon 19 deletions" gave "deletion" rows beside the class's
    text = ("NSCLC patients with exon 19 deletions in EGFR had longer overall survival than patients with an L858R "
            "mutation when treated with gefitinib or erlotinib (38 versus 17 months; P = 0.04).")
    changes = {e.mutation for e in _evidence(mention_nlp, text) if not e.negated}
    assert "exon 19 deletion" in changes and "deletion" not in changes


def test_a_populations_earlier_treatment_is_not_lent_to_the_sentences_after_it(mention_nlp):
    # EID6377 (CIViC train): imatinib is what the patients failed before the trial's regorafenib
    text = ("This phase II clinical trial of regorafenib (NCT01068769) examined the long term safety and efficacy of "
            "regorafenib in patients with metastatic and/or unresectable gastrointestinal stromal tumors (GISTs) who "
            "failed previous treatments with imatinib. Patients whose GISTs harbored KIT exon 11 mutations (n=19) "
            "experienced higher rates of clinical benefit (defined as complete response, partial response, or stable "
            "disease lasting >16 weeks) than patients whose GISTs harbored KIT exon 9 mutations.")
    assert not any(e.drug == "imatinib" for e in _evidence(mention_nlp, text))
    # near miss (hand-changed): imatinib as the trial's own treatment is lent
    text = text.replace(" who failed previous treatments with imatinib", "").replace("of regorafenib", "of imatinib")
    assert any(e.drug == "imatinib" and e.mutation == "exon 11 mutation" for e in _evidence(mention_nlp, text))


def test_the_drug_a_population_progressed_on_is_its_history_and_the_trials_drug_takes_the_outcome(mention_nlp):
    # EID1282 (CIViC train): crizotinib is the history the history cue names, alectinib the treatment
    text = ("In this Phase II trial of 87 patients (NCT01871805), alectinib was assayed for safety and efficacy in ALK "
            "positive NSCLC that had progressed on crizotinib. Of 69 patients with measurable disease, 35 achieved "
            "objective response, with median duration of response 13.5 months.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert rows == {("ALK", "fusion", "alectinib", "sensitivity", False)}
    # near miss (CIViC train EID1394): a change found when resistance developed keeps it
    text = ("A patient was found to harbor EGFR T790M and S768I mutations when acquired resistance developed after 8 "
            "years of erlotinib treatment.")
    assert any(e.drug == "erlotinib" and e.relation == "resistance" for e in _evidence(mention_nlp, text))


def test_no_patient_achieving_a_response_gives_the_change_resistance(mention_nlp):
    # EID1180 (CIViC train): gave sensitivity ("benefit to treatment" read, the negated response not)
    text = ("12 patients with KRAS G13D mutant, metastatic colorectal cancer were treated with single agent cetuximab "
            "in a prospective phase II study. The primary endpoint of the trial was 4-month progression-free "
            "survival, with a benefit to treatment evaluated to be 50% of patients were progression free at this "
            "point. None of 12 patients achieved response by RECIST 1.1 criteria and three patients (25%) were "
            "progression-free at 4 months.")
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text) if not e.negated}
    assert ("KRAS", "G13D", "cetuximab", "resistance") in rows


def test_a_negation_in_the_genotypes_sentence_after_it_does_not_negate_the_next_sentences_outcome(mention_nlp):
    # EID1724 (CIViC train): "without" negates the other genes' alterations, not E384X
    text = ("An ERRFI1 (E384X) was detected in a patient with metastatic, recurrent/refractory cholangiocarcinoma "
            "(allelic fraction 11%) without any mutations or amplifications in other EGFR signaling members such "
            "as EGFR and BRAF. The patient was treated with erlotinib 150 mg orally/daily. After 3 months, RECIST "
            "v1.1 partial response evidenced by a decrease of 58% in the sum of largest diameters was observed.")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("ERRFI1", "E384*", "erlotinib", "sensitivity", False) in rows
    assert ("EGFR", "amplification", "erlotinib", "sensitivity", True) in rows
    # near miss (hand-changed): a negation before the change still negates it
    text = "No ERRFI1 (E384X) was detected in a patient with metastatic cholangiocarcinoma." + text[text.index(" The patient"):]
    assert {(e.mutation, e.negated) for e in _evidence(mention_nlp, text)} == {("E384*", True)}


def test_a_negation_of_an_earlier_clause_does_not_negate_the_statement_after_it(mention_nlp):
    # EID1385 (CIViC train): "did not" ends its own clause ("while 41 did not, and ...")
    text = ("A subgroup of HER2-positive breast cancer patients that received first-line trastuzumab treatment were "
            "assessed for PTEN loss via IHC of FFPE samples. 46 samples showed PTEN loss while 41 did not, and PTEN "
            "loss alone was found to be significantly associated with resistance to trastuzumab (p=0.028) and "
            "shorter overall survival (p=0.008).")
    rows = {(e.gene, e.mutation, e.drug, e.relation, e.negated) for e in _evidence(mention_nlp, text)}
    assert ("PTEN", "loss", "trastuzumab", "resistance", False) in rows
    # near miss (hand-changed): a negation right before the statement, no clause between, still counts
    text = "No PTEN loss was found to be significantly associated with resistance to trastuzumab."
    assert {(e.mutation, e.negated) for e in _evidence(mention_nlp, text)} == {("loss", True)}


def test_refractory_before_the_disease_it_qualifies_is_no_effect(mention_nlp):
    # EID6046 (CIViC train): the patients' refractory CRC is their state; the trial's outcome is
    # the next sentence's
    text = ("In a Phase Ib Dose-Escalation Study of Encorafenib and Cetuximab, Twenty-six patients with refractory "
            "BRAF V600 mutant metastatic CRC (mCRC) were treated with a selective RAF kinase inhibitor (encorafenib) "
            "plus a monoclonal antibody targeting EGFR (cetuximab).  Confirmed overall response rates of 19% were "
            "observed and median progression-free survival was 3.7 months.")
    read = {(e.drug, e.relation) for e in _evidence(mention_nlp, text) if not e.negated}
    assert read == {("encorafenib", "sensitivity"), ("cetuximab", "sensitivity")}


def test_refractory_to_a_drug_is_still_read():
    from resmine.relations.units import _without_disease_states

    rules = RelationRules.load()
    # near miss (hand-written): "refractory to" names the drug the disease did not answer
    text = "GIST with the D842V mutation was refractory to imatinib."
    assert [(text[c.start:c.end], c.value) for c in _without_disease_states(rules.find(rules.cues, text), text)] == [
        ("refractory", "resistance")]


def test_a_change_called_a_known_sensitizing_one_is_the_background(mention_nlp):
    # EID8364 (CIViC train): the RKO cells' V600E is named as known to sensitize; the resistance is
    # the cells', which H1047R explains
    text = ("Resistance of RKO cells, which harbor BRAF V600E (a known vemurafenib sensitizing mutation) and PIK3CA "
            "H1047R, to vemurafenib monotherapy was abrogated by the addition of pan-AKT inhibitor MK-2206 in vitro "
            "and in vivo.")
    assert not any(e.mutation == "V600E" and e.relation == "resistance" for e in _evidence(mention_nlp, text))
    # near miss (hand-changed): an aside that names no sensitizing change leaves the reading alone
    text = text.replace("(a known vemurafenib sensitizing mutation)", "(a known resistance mutation)")
    assert any(e.mutation == "V600E" and e.relation == "resistance" for e in _evidence(mention_nlp, text))


def test_an_unmutated_fusion_a_comparison_refers_to_takes_no_row(mention_nlp):
    # EID1352 (CIViC train, citation 22277784): the sensitization is the G1202R variant's; the
    # wild-type fusion is what its IC50 is compared with (sixteenth round)
    text = ("EML4-ALK variant 1 with G1202R mutation was expressed in Ba/F3 and subject to 17-AAG. IC50 for cell "
            "number in response to 17-AAG was 33.4 nM, in contrast to IC50 for EML4-ALK wild-type, which was 98.9 "
            "nM, suggesting sensitization of this variant to HSP90 inhibition.")
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("ALK", "G1202R", "tanespimycin", "sensitivity") in rows
    assert not any(mutation == "fusion" for _, mutation, _, _ in rows)
    # EID4718 (CIViC train, citation 16775234): "unmutated BCR-ABL1" is the reference group
    text = ("Prior to dasatinib treatment, one imatinib-resistant patient with acute lymphoblastic leukemia had the "
            "BCR-ABL1 fusion with the E255K secondary variant in 3/12 bacterial clones generated using peripheral "
            "blood RNA. They had no best hematologic and no best cytogenetic responses to dasatinib which were worse "
            "compared to responses in patient with unmutated BCR-ABL1.")
    assert not any(e.mutation == "fusion" for e in _evidence(mention_nlp, text))


def test_a_wild_type_fusion_without_a_comparison_is_a_change(mention_nlp):
    # near miss, EID440 (CIViC train, citation 22277784): the wild-type fusion is what is amplified
    text = ("Amplification of wild-type EML4-ALK in the non-small cell lung carcinoma cell line, H3122, caused "
            "resistance to crizotinib.")
    assert ("ALK", "fusion", "crizotinib", "resistance") in {
        (e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}


def test_the_objective_response_rate_after_a_treatment_is_its_outcome(mention_nlp):
    # EID7286 (CIViC train, citation 30413378): "ORR was N%" is the outcome of the treatment the
    # sentence before names (sixteenth round)
    text = ("In a phase 2 trial, patients with NSCLC with ALK fusion received lorlatinib. In treatment-naive "
            "patients, ORR was 90.0% In patients with at least one previous ALK tyrosine kinase inhibitor, ORR were "
            "achieved in 47.0%.In patients who had only received crizotinib ORR was achieved in 69.5%.")
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("ALK", "fusion", "lorlatinib", "sensitivity") in rows


def test_a_sentence_naming_the_treated_populations_class_again_is_still_about_it(mention_nlp):
    # EID4849 (CIViC train, citation 27825616): "34 were RET-positive" names the treated population
    # again; the outcome after it is the treatment's (sixteenth round)
    text = ("In this open-label, multicentre, phase 2 trial (LURET), patients with advanced RET-rearranged NSCLC "
            "continuously received 300 mg of oral vandetanib daily. 1536 patients with EGFR mutation-negative NSCLC "
            "were screened,, 34 were RET-positive (2%), 19 were enrolled and 17 patients were eligible for primary "
            "analysis. 9 patients (53%) achieved and objective response, in the intention to treat population of 19 "
            "patients, 9 patients (47% achieved an OR.")
    rows = {(e.gene, e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("RET", "fusion", "vandetanib", "sensitivity") in rows
    # near misses (hand-changed): the sentence between names another class, or the same class of
    # another gene: another group
    for other in ("34 were KRAS-mutant", "34 were ALK-rearranged"):
        assert not any(e.drug == "vandetanib" and e.gene == "RET"
                       for e in _evidence(mention_nlp, text.replace("34 were RET-positive", other)))


def test_the_reference_drug_of_a_comparison_is_no_drug_of_the_change(mention_nlp):
    # EID1341 (CIViC train, citation 24675041): "double the potency as crizotinib" names the
    # reference ceritinib is measured against, as "than crizotinib" does (nineteenth round)
    text = ("The crizotinib-resistant MGH045 cell line with EML4-ALK L1196M was treated with crizotinib or ceritinib. "
            "Ceritinib inhibited Ba/F3 cells expressing EML4-ALK L1196M slightly stronger than ALK wild-type, but "
            "approximately double the potency as crizotinib, indicating ceritinib sensitivity in Ba/F3 EML4-ALK "
            "L1196M cells.")
    rows = {(e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("L1196M", "ceritinib", "sensitivity") in rows
    assert ("L1196M", "crizotinib", "sensitivity") not in rows
    # EID1291 (CIViC train, citation 25228534): the reference of the next sentence ("about 6x lower
    # than that for crizotinib") is no classifier candidate of the change either
    text = ("EML4-ALK V1180L and EML4-ALK wild-type were ectopically expressed in Ba/F3 cells, and brigatinib "
            "showed strong activity against both variants. The IC50 for brigatinib against EML4-ALK wild-type was "
            "0.95, which is about 3x higher than the IC50 that was observed for alectinib, but about 6x lower than "
            "that for crizotinib.")
    rows = {(e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("V1180L", "brigatinib", "sensitivity") in rows
    assert not any(drug == "crizotinib" for _mutation, drug, _relation in rows)


def test_a_drug_named_after_as_without_a_comparison_is_still_read(mention_nlp):
    # near miss of the test above (hand-changed from EID1341): "the potency of crizotinib" is no
    # comparison's reference
    text = ("Ceritinib inhibited Ba/F3 cells expressing EML4-ALK L1196M slightly stronger than ALK wild-type, but "
            "approximately double the potency of crizotinib, indicating sensitivity in Ba/F3 EML4-ALK L1196M cells.")
    rows = {(e.mutation, e.drug, e.relation) for e in _evidence(mention_nlp, text)}
    assert ("L1196M", "crizotinib", "sensitivity") in rows

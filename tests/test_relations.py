"""Relation extraction on hand-written statements (not taken from any gold or evaluation text)."""

import re

import pytest

from resmine.model import Document, Mention, Passage
from resmine.nlp.sentences import split_sentences
from resmine.paths import models_dir
from resmine.relations import RelationRules, extract_evidence, join_line_breaks

RULES = RelationRules.load()


def mention(text, surface, label, normalized, source="lexicon", occurrence=0):
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    start = starts[occurrence]
    return Mention("d", start, start + len(surface), surface, label, normalized, source)


def run(text, mentions, passages=None):
    passages = passages or [Passage("paragraph", "", 0, len(text))]
    document = Document("d", "test", "txt", "", text, passages)
    rows = extract_evidence(document, split_sentences(text, passages), mentions, RULES)
    return sorted((r.gene, r.mutation, r.drug, r.relation, r.tier, r.negated) for r in rows)


def test_one_sentence_statement_is_tier_a():
    text = "Cells carrying ALK G1202R were resistant to lorlatinib."
    rows = run(text, [
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "G1202R", "MUTATION", "G1202R", "mutation_grammar"),
        mention(text, "lorlatinib", "DRUG", "lorlatinib"),
    ])
    assert rows == [("ALK", "G1202R", "lorlatinib", "resistance", "A", False)]


def test_respectively_pairs_in_order_with_each_drugs_own_cue():
    text = ("In EGFR, the L858R and T790M mutations predicted response to gefitinib and "
            "resistance to erlotinib, respectively.")
    rows = run(text, [
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "L858R", "MUTATION", "L858R", "mutation_grammar"),
        mention(text, "T790M", "MUTATION", "T790M", "mutation_grammar"),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
        mention(text, "erlotinib", "DRUG", "erlotinib"),
    ])
    assert rows == [
        ("EGFR", "L858R", "gefitinib", "sensitivity", "B", False),
        ("EGFR", "T790M", "erlotinib", "resistance", "B", False),
    ]


def test_negated_statement_is_flagged():
    text = "Cells with the KRAS G12C mutation were not resistant to sotorasib."
    rows = run(text, [
        mention(text, "KRAS", "GENE", "KRAS"),
        mention(text, "G12C", "MUTATION", "G12C", "mutation_grammar"),
        mention(text, "sotorasib", "DRUG", "sotorasib"),
    ])
    assert rows == [("KRAS", "G12C", "sotorasib", "resistance", "A", True)]


@pytest.mark.parametrize("text,gene,change,drug,relation,negated", [
    # EID757 (CIViC train), shortened
    ("One patient with BRAF V600E mutated melanoma (with no detected PI3K pathway deregulation) had a "
     "partial response on treatment with pictilisib.", "BRAF", "V600E", "pictilisib", "sensitivity", False),
    ("Cells with KRAS G12C (not G12D) were not resistant to sotorasib.", "KRAS", "G12C", "sotorasib", "resistance", True),
    # EID4777 (CIViC train), shortened: the "never" lies before the change, in the clause
    ("In a retrospective study, a patient, who never smoked, with POLD1 deleterious E374K mutation, "
     "treated with pembrolizumab monotherapy, was associated with a durable clinical benefit.",
     "POLD1", "E374K", "pembrolizumab", "sensitivity", False),
    ("A patient with POLD1 E374K, who never responded, was treated with pembrolizumab.",
     "POLD1", "E374K", "pembrolizumab", "sensitivity", True),
])
def test_a_negation_in_a_bracketed_aside_or_a_clause_about_the_patient_does_not_negate_the_statement(
        text, gene, change, drug, relation, negated):
    rows = run(text, [
        mention(text, gene, "GENE", gene),
        mention(text, change, "MUTATION", change, "mutation_grammar"),
        mention(text, drug, "DRUG", drug),
    ])
    assert rows == [(gene, change, drug, relation, "A", negated)]


def test_a_mutation_that_does_not_change_the_response_gives_no_effect():
    # Issue 16 item 5: "does not confer resistance" asserts the drug works as without it.
    text = "The KRAS G12C mutation did not confer resistance to sotorasib."
    rows = run(text, [
        mention(text, "KRAS", "GENE", "KRAS"),
        mention(text, "G12C", "MUTATION", "G12C", "mutation_grammar"),
        mention(text, "sotorasib", "DRUG", "sotorasib"),
    ])
    assert rows == [("KRAS", "G12C", "sotorasib", "no_effect", "A", False)]
    # across a line break, as a PDF's text gives it (review seed wording, corpus/gold no_effect)
    assert cue_values("mutations in particular domains of K-RAS do\nnot predict resistance") == [
        ("not predict resistance", "no_effect")]


def test_gene_level_alteration_needs_its_gene_and_is_tier_c():
    text = "Amplification of the MET gene causes resistance to gefitinib. Amplification is common."
    rows = run(text, [
        mention(text, "MET", "GENE", "MET"),
        mention(text, "Amplification", "MUTATION", "amplification", "alteration_words"),
        mention(text, "Amplification", "MUTATION", "amplification", "alteration_words", 1),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
    ])
    assert rows == [("MET", "amplification", "gefitinib", "resistance", "C", False)]


def test_drug_from_the_previous_sentence_gives_tier_b():
    text = "Patients received osimertinib. At progression, EGFR C797S conferred resistance."
    rows = run(text, [
        mention(text, "osimertinib", "DRUG", "osimertinib"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "C797S", "MUTATION", "C797S", "mutation_grammar"),
    ])
    assert rows == [("EGFR", "C797S", "osimertinib", "resistance", "B", False)]


def test_sentence_without_effect_cue_yields_nothing():
    text = "EGFR T790M was detected in a patient treated with osimertinib."
    rows = run(text, [
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "T790M", "MUTATION", "T790M", "mutation_grammar"),
        mention(text, "osimertinib", "DRUG", "osimertinib"),
    ])
    assert rows == []


def test_table_row_reads_caption_and_effect_column_header():
    caption = "Table 4: ALK variants tested with lorlatinib"
    header = "Variant\tIC50 (nM)\tResponse to lorlatinib"
    row = "G1202R\t80\tSensitive"
    text = f"{caption}\n{header}\n{row}"
    h0 = len(caption) + 1
    r0 = h0 + len(header) + 1
    cells = []
    cursor = r0
    for part in row.split("\t"):
        cells.append((cursor, cursor + len(part)))
        cursor += len(part) + 1
    passages = [
        Passage("heading", "", 0, len(caption)),
        Passage("heading", caption, h0, h0 + len(header)),
        Passage("table_row", caption, r0, len(text), tuple(cells), tuple(header.split("\t")), caption),
    ]
    rows = run(text, [
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "lorlatinib", "DRUG", "lorlatinib"),
        mention(text, "lorlatinib", "DRUG", "lorlatinib", occurrence=1),
        mention(text, "G1202R", "MUTATION", "G1202R", "mutation_grammar"),
    ], passages)
    assert rows == [("ALK", "G1202R", "lorlatinib", "sensitivity", "A", False)]


def test_line_break_hyphenation_is_joined_without_moving_offsets():
    text = "confers resis-\ntance to drugs"
    joined = join_line_breaks(text)
    assert len(joined) == len(text)
    assert joined.startswith("confers resistance")
    assert joined.index("to drugs") == text.index("to drugs")


def test_a_change_that_marks_a_phenotype_is_no_cause():
    text = ("In crizotinib resistance, EMT is characterized by the upregulation of vimentin. "
            "Upregulation of AXL confers resistance to crizotinib.")
    rows = run(text, [
        mention(text, "crizotinib", "DRUG", "crizotinib"),
        mention(text, "upregulation", "MUTATION", "overexpression", "alteration_words"),
        mention(text, "vimentin", "GENE", "VIM", "ner"),
        mention(text, "Upregulation", "MUTATION", "overexpression", "alteration_words"),
        mention(text, "AXL", "GENE", "AXL"),
        mention(text, "crizotinib", "DRUG", "crizotinib", occurrence=1),
    ])
    assert rows == [("AXL", "overexpression", "crizotinib", "resistance", "C", False)]


def cue_values(text):
    return [(text[c.start:c.end], c.value) for c in RULES.find(RULES.cues, text)]


# Outcome words of clinical and cell-line reports (issue 16): sentences from CIViC *train*
# (../shared/data/corpora/civic/civic_2021-08-01_train.tsv, evidence ids as named).
def test_outcome_words_are_effect_cues():
    # EID17
    assert ("remission", "sensitivity") in cue_values(
        "In one patient with S214C mutation, the use of sorafenib has led to more than 5 years of "
        "survival and near remission.")
    # EID20
    assert ("effectively", "sensitivity") in cue_values(
        "TG101348 effectively inhibits STAT5 signaling in JAK2 V617F cells.")
    # EID729
    assert ("shorter overall survival", "resistance") in cue_values(
        "High expression of ERBB3 (her3) was associated with shorter overall survival (OS) from "
        "Cetuximab treatment in patients with metastatic colorectal cancer.")
    # EID2098 (CIViC dev)
    assert ("greater risk of progression", "resistance") in cue_values(
        "the presence of a PIK3CA mutation was associated with a greater risk of progression")
    # EID4121
    assert ("progressive disease", "resistance") in cue_values(
        "This patient experienced progressive disease and a progression free survival of 1.6 months.")
    # EID1908: a trial's outcome; not a falling one ("reduced disease control rate", EID848)
    assert ("disease control", "sensitivity") in cue_values(
        "In the subgroup of FGFR1-amplified NSCLC, 36 patients were treated at doses >100mg and disease control "
        "was achieved in 50% of patients")
    assert ("disease control", "sensitivity") not in cue_values(
        "High vIII expression was associated with reduced disease control rate (DCR)")
    # CIViC dev EID1730: an outcome; "until disease progression" (a treatment's length) is none
    assert ("had disease progression", "resistance") in cue_values(
        "3 out of 3 patients expressing high tumor SGK1 mRNA had disease progression as best response")
    assert not cue_values("41 patients received 50 mg afatinib once-daily until disease progression")
    # EID1735: a synergy of the drugs in the genotype's cells
    assert ("synergistic", "sensitivity") in cue_values(
        "A high throughput compound screen identified synergistic combinations in CCNE1 amplified high grade "
        "serous ovarian carcinoma, including dinaciclib and AKT inhibitors")
    # EID857
    assert ("did not show a benefit", "resistance") in cue_values(
        "28 patients with RSF1 amplification did not show a benefit from adjuvant tamoxifen compared to placebo")


def test_a_shorter_progression_free_survival_or_pfs_is_resistance():
    # EID6403, EID1281 (CIViC train): the survival words may be hyphenated or abbreviated.
    assert cue_values("the 6 patients with either BRAF V600E or D594K had reduced progression-free survival") == [
        ("reduced progression-free survival", "resistance")]
    assert cue_values("was predictive of a significantly shorter PFS under treatment with EGFR-TKI") == [
        ("shorter PFS", "resistance")]
    assert cue_values("longer OS") == [("longer OS", "sensitivity")]
    assert cue_values("a longer osteotomy") == []


def test_a_favourable_survival_is_sensitivity():
    # CIViC train EID4599, EID4628 (eleventh round), hand-written in their shape
    assert cue_values("Patients with FGFR2 fusions treated with pemigatinib had a similarly favorable overall "
                      "survival.") == [("favorable overall survival", "sensitivity")]
    assert cue_values("a favourable OS") == [("favourable OS", "sensitivity")]
    # CIViC train EID6377, hand-written in its shape: three words between
    assert cue_values("treated with pemigatinib had improved median progression free survival") == [
        ("improved median progression free survival", "sensitivity")]
    # near miss (hand-written): a favourable prognosis names no survival under a treatment
    assert cue_values("FGFR2 fusions carry a favorable prognosis.") == []


def test_a_higher_ic50_is_resistance_and_a_lower_one_sensitivity():
    # EID6210, EID1118 (CIViC train)
    assert cue_values("The L248R variants was associated with higher dasatinib IC50 of 16 nM") == [
        ("higher dasatinib IC50", "resistance")]
    assert ("lower IC50", "sensitivity") in cue_values("SW1990 cells with CIP2A expression knocked-down displayed "
                                                       "lower IC50 (p=.024)")


def test_none_of_the_patients_achieving_a_response_is_resistance():
    # CIViC train EID1180 (ninth round): the negation inside the cue is no negation of the row
    assert cue_values("None of 12 patients achieved response by RECIST 1.1 criteria") == [
        ("None of 12 patients achieved response", "resistance")]
    # near miss (hand-written): "none of" without an outcome is a plain negation, no cue
    assert cue_values("None of the patients had mutations in BRAF.") == []


def test_being_less_susceptible_is_resistance():
    # CIViC train EID1288 (eleventh round), hand-written in its shape: "less susceptible" beats
    # the sensitivity row's "susceptible", as "reduced sensitivity" beats "sensitivity"
    assert cue_values("The G1202R mutation made the cells markedly less susceptible to lorlatinib.") == [
        ("less susceptible", "resistance")]
    assert cue_values("The cells were susceptible to lorlatinib.") == [("susceptible", "sensitivity")]


def test_having_no_response_is_resistance():
    # CIViC train EID3820, EID4718, EID7948 (eleventh round), hand-written in their shape: both
    # "no" of "no X and no Y responses" lie inside the cue, so neither negates the row
    assert cue_values("The two patients had no molecular and no cytogenetic responses to nilotinib.") == [
        ("had no molecular and no cytogenetic responses", "resistance")]
    assert cue_values("One patient showed no response to sorafenib.") == [("showed no response", "resistance")]
    # near miss (hand-written): a "no" that is no finding of the patients is no cue of its own
    assert cue_values("No response data were available for sorafenib.") == [("response", "sensitivity")]


def test_a_response_a_comparison_refers_to_is_no_outcome():
    # CIViC train EID3817 (ninth round): the wild-type patients' response rates are the reference
    from resmine.relations.units import _without_reference_responses

    def cues(text):
        return [(text[c.start:c.end], c.value) for c in _without_reference_responses(RULES.find(RULES.cues, text), text)]

    assert cues("Of patients with F359V, 5/7 had MaHRs which was comparable to response rates among wild type "
                "patients, and 1/7 had MCyRs which which was lower than response rates among wild type patients.") == [
        ("lower than response", "resistance")]
    # near miss (hand-written): a response that is the finding stays
    assert cues("Of patients with F359V, 5/7 had a response comparable to wild type patients.") == [
        ("response", "sensitivity")]


def test_a_higher_concentration_required_is_resistance():
    # CIViC train EID2463, EID1294, EID1287 (ninth round)
    assert cue_values("Cells expressing PDGFRA D842V required 10-20 fold higher concentrations of imatinib") == [
        ("required 10-20 fold higher concentrations", "resistance")]
    assert cue_values("In cell lines overexpressing Sirt1, higher concentrations of nicotinamide were required") == [
        ("higher concentrations of nicotinamide were required", "resistance")]
    assert ("higher concentration of crizotinib was required", "resistance") in cue_values(
        "About 50 fold higher concentration of crizotinib was required to inhibit Ba/F3 cells")
    # near miss (hand-written): a higher dose given is no finding
    assert cue_values("Patients received a higher dose of imatinib.") == []


def test_sensitize_is_a_cue_but_a_sensitizing_mutation_describes_one():
    # EID700 (CIViC dev), EID3724 (CIViC train)
    assert cue_values("HRAS mutations (Q61L, Q61R and G12V) sensitized cell lines toward MEK inhibitors") == [
        ("sensitized", "sensitivity")]
    assert cue_values("cells sensitise or sensitize to it") == [("sensitise", "sensitivity"), ("sensitize", "sensitivity")]
    assert cue_values("BRAF V600E (a known BRAF inhibitor sensitizing mutation)") == []


def test_not_sensitive_is_resistance_for_every_drug_of_the_list_and_the_next_sentence_adds_none():
    # EID34 (CIViC train)
    text = ("The melanoma cell line WM3211, which harbors the KIT L576P mutation, is not sensitive to imatinib, "
            "nilotinib, and sorafenib. Modeling indicated the L576P mutation reduces the binding of imatinib.")
    rows = run(text, [
        mention(text, "KIT", "GENE", "KIT"),
        mention(text, "L576P", "MUTATION", "L576P", "mutation_grammar"),
        mention(text, "imatinib", "DRUG", "imatinib"),
        mention(text, "nilotinib", "DRUG", "nilotinib"),
        mention(text, "sorafenib", "DRUG", "sorafenib"),
        mention(text, "L576P", "MUTATION", "L576P", "mutation_grammar", occurrence=1),
        mention(text, "imatinib", "DRUG", "imatinib", occurrence=1),
    ])
    assert {r[:4] for r in rows} == {("KIT", "L576P", d, "resistance") for d in ("imatinib", "nilotinib", "sorafenib")}


def test_a_count_after_a_listed_change_keeps_the_list_whole():
    # EID4472 (CIViC train), shortened
    text = ("Patients harboring BRAF G466A (n=1), G469A (n=2), D594G (n=1), or V600E (n=2) mutations "
            "were reported to be non-responders to cetuximab.")
    rows = run(text, [
        mention(text, "BRAF", "GENE", "BRAF"),
        *(mention(text, change, "MUTATION", change, "mutation_grammar") for change in ("G466A", "G469A", "D594G", "V600E")),
        mention(text, "cetuximab", "DRUG", "cetuximab"),
    ])
    # (G466A, right after "Patients harboring", is the population's genotype: no resistance)
    assert {r[1] for r in rows if r[2:4] == ("cetuximab", "resistance")} >= {"G469A", "D594G", "V600E"}


def test_the_exon_written_before_a_listed_change_keeps_the_list_whole():
    text = ("The FDA approved erlotinib for patients whose tumors have EGFR exon 19 deletions or "
            "exon 21 (L858R) substitution mutations.")
    rows = run(text, [
        mention(text, "erlotinib", "DRUG", "erlotinib"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "exon 19 deletions", "ALTERATION", "exon 19 deletion", "alteration_words"),
        mention(text, "L858R", "MUTATION", "L858R", "mutation_grammar"),
    ])
    assert {r[1] for r in rows} == {"exon 19 deletion", "L858R"}


def test_a_gene_inside_a_drug_class_is_a_changes_gene_only_as_a_last_resort():
    # EID6975 (CIViC train), shortened: MEK in "MEK inhibitor" is nearest, BRAF is the gene.
    text = ("Dabrafenib (BRAF inhibitor) and trametinib (MEK inhibitor) were effective in previously "
            "treated V600E-mutated patients.")
    rows = run(text, [
        mention(text, "Dabrafenib", "DRUG", "dabrafenib"),
        mention(text, "BRAF inhibitor", "DRUG_CLASS", "braf inhibitor"),
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "trametinib", "DRUG", "trametinib"),
        mention(text, "MEK inhibitor", "DRUG_CLASS", "mek inhibitor"),
        mention(text, "MEK", "GENE", "FPLX:MEK"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
    ])
    assert {r[0] for r in rows if r[1] == "V600E"} == {"BRAF"}


def test_all_of_which_makes_every_change_before_it_the_subject():
    # hand-written, after the crizotinib guide's gatekeeper sentence (corpus/gold)
    text = ("KIT T670I resembles the EGFR T790M and PDGFRA T674I changes, all of which confer "
            "resistance to imatinib.")
    rows = run(text, [
        mention(text, "KIT", "GENE", "KIT"),
        mention(text, "T670I", "MUTATION", "T670I", "mutation_grammar"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "T790M", "MUTATION", "T790M", "mutation_grammar"),
        mention(text, "PDGFRA", "GENE", "PDGFRA"),
        mention(text, "T674I", "MUTATION", "T674I", "mutation_grammar"),
        mention(text, "imatinib", "DRUG", "imatinib"),
    ])
    assert {r[:2] for r in rows} == {("KIT", "T670I"), ("EGFR", "T790M"), ("PDGFRA", "T674I")}


def test_drugs_of_one_written_list_pair_with_the_changes_before_them():
    # EID700 (CIViC dev), shortened
    text = "HRAS Q61L sensitized cell lines toward MEK inhibitors (AZD6244/selumetinib, MEK162 and PD0325901)."
    rows = run(text, [
        mention(text, "HRAS", "GENE", "HRAS"),
        mention(text, "Q61L", "MUTATION", "Q61L", "mutation_grammar"),
        mention(text, "MEK inhibitors", "DRUG_CLASS", "mek inhibitor"),
        mention(text, "AZD6244", "DRUG", "selumetinib"),
        mention(text, "selumetinib", "DRUG", "selumetinib"),
        mention(text, "MEK162", "DRUG", "mek162"),
        mention(text, "PD0325901", "DRUG", "mirdametinib"),
    ])
    assert {r[2] for r in rows} == {"selumetinib", "mek162", "mirdametinib"}


def test_a_lower_rate_of_response_is_resistance():
    # EID2008, EID2009 (CIViC train)
    assert cue_values("patients with KRAS mutations had a lower frequency of partial response") == [
        ("lower frequency of partial response", "resistance")]
    assert cue_values("those with KRAS codon 12 mutations were less likely to have a positive response") == [
        ("less likely to have a positive response", "resistance")]


def test_a_negated_outcome_word_is_read_as_its_opposite():
    # EID4472 (CIViC train): "non-responders" is no response; "not effective" no sensitivity.
    assert cue_values("patients harboring BRAF D594G mutations were reported to be non-responders "
                      "to cetuximab") == [("non-responders", "resistance")]
    assert cue_values("the drug was not effective in these cells") == [("not effective", "resistance")]


def test_a_class_that_names_the_drug_after_it_gives_no_triple_of_its_own():
    # EID271 (CIViC train): "the tyrosine kinase inhibitor dasatinib" is dasatinib's statement.
    text = ("In 3T3 fibroblasts expressing the DDR2 L63V mutation have to be sensitive to the "
            "tyrosine kinase inhibitor dasatinib.")
    rows = run(text, [
        mention(text, "DDR2", "GENE", "DDR2"),
        mention(text, "L63V", "MUTATION", "L63V", "mutation_grammar"),
        mention(text, "tyrosine kinase inhibitor", "DRUG_CLASS", "tyrosine kinase inhibitor"),
        mention(text, "dasatinib", "DRUG", "dasatinib"),
    ])
    assert rows == [("DDR2", "L63V", "dasatinib", "sensitivity", "A", False)]


def test_a_class_that_names_a_drug_names_it_wherever_written_in_the_unit():
    # EID6268 (CIViC train), shortened
    text = ("In patients harboring BRAF V600E (a known BRAF inhibitor sensitizing mutation), PREX2 R172I "
            "was associated with acquired resistance to BRAF inhibitor (vemurafenib) monotherapy.")
    rows = run(text, [
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
        mention(text, "BRAF inhibitor", "DRUG_CLASS", "braf inhibitor"),
        mention(text, "PREX2", "GENE", "PREX2"),
        mention(text, "R172I", "MUTATION", "R172I", "mutation_grammar"),
        mention(text, "BRAF inhibitor", "DRUG_CLASS", "braf inhibitor", occurrence=1),
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
    ])
    assert [r[:4] for r in rows] == [("PREX2", "R172I", "vemurafenib", "resistance")]


def test_the_fusion_a_change_lies_in_yields_to_the_change():
    text = "Ba/F3 cells expressing CD74-ROS1 G2032R were resistant to crizotinib."
    rows = run(text, [
        mention(text, "CD74-ROS1", "MUTATION", "fusion", "mutation_grammar"),
        mention(text, "CD74", "GENE", "CD74"),
        mention(text, "ROS1", "GENE", "ROS1"),
        mention(text, "G2032R", "MUTATION", "G2032R", "mutation_grammar"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
    ])
    assert [r[:4] for r in rows] == [("ROS1", "G2032R", "crizotinib", "resistance")]


def test_a_class_written_as_the_drugs_head_noun_restates_it():
    text = "The ERCC2 K751Q variant was correlated with a lower response to cisplatin chemotherapy."
    rows = run(text, [
        mention(text, "ERCC2", "GENE", "ERCC2"),
        mention(text, "K751Q", "MUTATION", "K751Q", "mutation_grammar"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
        mention(text, "chemotherapy", "DRUG_CLASS", "chemotherapy"),
    ])
    assert [r[:4] for r in rows] == [("ERCC2", "K751Q", "cisplatin", "resistance")]


def test_a_mutation_acquired_under_treatment_reads_as_resistance():
    # EID2934 (CIViC train): a change acquired while the drug was given is how resistance shows.
    text = ("A biopsy of a crizotinib-resistant tumor showed an acquired G2032R mutation in the "
            "ROS1 kinase domain.")
    assert ("acquired", "resistance") in cue_values(text)
    assert ("at disease progression", "resistance") in cue_values(
        "cfDNA panel sequencing was performed in 10 patients at disease progression.")


def test_a_change_named_in_addition_to_another_states_nothing_and_takes_no_drug():
    # EID1475 (CIViC dev): the effect is NRAS Q61K's; BRAF V600E is the cell lines' background.
    text = ("NRAS Q61K, in addition to the BRAF V600E mutation was associated with resistance to "
            "vemurafenib but sensitivity to selumetinib in vitro.")
    rows = run(text, [
        mention(text, "NRAS", "GENE", "NRAS"),
        mention(text, "Q61K", "MUTATION", "Q61K", "mutation_grammar"),
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
        mention(text, "selumetinib", "DRUG", "selumetinib"),
    ])
    assert [r[:4] for r in rows if r[0] == "BRAF"] == []


def test_a_change_in_the_phrase_after_the_effect_is_the_background():
    # Written after the pattern of the review seed's cyclin D1 passage (corpus/gold negative):
    # the resistance is the amplification's, not the cells' KRAS G12D.
    text = "MET amplification mediates gefitinib resistance in lung cancer cells with KRAS G12D."
    rows = run(text, [
        mention(text, "MET", "GENE", "MET"),
        mention(text, "amplification", "ALTERATION", "amplification", "alteration_words"),
        mention(text, "KRAS", "GENE", "KRAS"),
        mention(text, "G12D", "MUTATION", "G12D", "mutation_grammar"),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
    ])
    assert [r[:4] for r in rows] == [("MET", "amplification", "gefitinib", "resistance")]


def test_the_reference_group_of_a_comparison_states_nothing():
    # EID4275 (CIViC dev), shortened: the effect is the insertion's; L858R/T790M are the reference.
    text = ("A Ba/F3 cell line expressing EGFR D770_N771insSVD demonstrated reduced sensitivity to "
            "erlotinib treatment, comparable to Ba/F3 cells expressing EGFR L858R and T790M co-mutation.")
    rows = run(text, [
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "D770_N771insSVD", "MUTATION", "D770_N771insSVD", "mutation_grammar"),
        mention(text, "erlotinib", "DRUG", "erlotinib"),
        mention(text, "EGFR", "GENE", "EGFR", occurrence=1),
        mention(text, "L858R", "MUTATION", "L858R", "mutation_grammar"),
        mention(text, "T790M", "MUTATION", "T790M", "mutation_grammar"),
    ])
    assert [r[:4] for r in rows] == [("EGFR", "D770_N771insSVD", "erlotinib", "resistance")]


def test_a_gene_before_the_effect_makes_the_change_after_it_the_background():
    # The subject need not be a change mention: "increased AXL expression" is no mention here.
    text = "Increased AXL expression can mediate erlotinib resistance in EGFR L858R mutant cells."
    rows = run(text, [
        mention(text, "AXL", "GENE", "AXL"),
        mention(text, "erlotinib", "DRUG", "erlotinib"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "L858R", "MUTATION", "L858R", "mutation_grammar"),
    ])
    assert rows == []


def test_a_class_followed_by_an_example_is_the_examples_statement():
    text = "The ALK G1202R mutation confers resistance to ALK inhibitors, including crizotinib."
    rows = run(text, [
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "G1202R", "MUTATION", "G1202R", "mutation_grammar"),
        mention(text, "ALK inhibitors", "DRUG_CLASS", "alk inhibitor"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
    ])
    assert [r[:4] for r in rows] == [("ALK", "G1202R", "crizotinib", "resistance")]


def test_the_class_word_after_specific_changes_is_their_head_not_a_statement():
    text = "Cells expressing the T315I or E255K BCR mutations were resistant to imatinib."
    rows = run(text, [
        mention(text, "T315I", "MUTATION", "T315I", "mutation_grammar"),
        mention(text, "E255K", "MUTATION", "E255K", "mutation_grammar"),
        mention(text, "BCR", "GENE", "BCR"),
        mention(text, "mutations", "MUTATION", "mutation", "alteration_words"),
        mention(text, "imatinib", "DRUG", "imatinib"),
    ])
    assert [r[:4] for r in rows] == [("BCR", "E255K", "imatinib", "resistance"),
                                     ("BCR", "T315I", "imatinib", "resistance")]


def test_a_change_named_only_as_the_patients_genotype_takes_no_resistance():
    # EID1533 (CIViC dev), shortened: the resistance is explained by GNAQ Q209P, not by BRAF V600E.
    text = ("A patient presented with vemurafenib resistant BRAF-mutated (V600E) cutaneous melanoma. "
            "A GNAQ Q209P mutation conferred resistance to vemurafenib in his tumours.")
    rows = run(text, [
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
        mention(text, "GNAQ", "GENE", "GNAQ"),
        mention(text, "Q209P", "MUTATION", "Q209P", "mutation_grammar"),
        mention(text, "vemurafenib", "DRUG", "vemurafenib", occurrence=1),
    ])
    assert [r[:4] for r in rows] == [("GNAQ", "Q209P", "vemurafenib", "resistance")]


def test_a_statement_that_borrows_a_drug_of_a_list_borrows_the_list():
    # EID1905 (CIViC dev), shortened: the acquired mutation is resistance to the three drugs.
    text = ("Phase 1b study of vemurafenib, cetuximab and irinotecan in colorectal cancer patients. "
            "One patient had an acquired ARAF S490T mutation.")
    rows = run(text, [
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
        mention(text, "cetuximab", "DRUG", "cetuximab"),
        mention(text, "irinotecan", "DRUG", "irinotecan"),
        mention(text, "ARAF", "GENE", "ARAF"),
        mention(text, "S490T", "MUTATION", "S490T", "mutation_grammar"),
    ])
    assert [r[:5] for r in rows] == [("ARAF", "S490T", d, "resistance", "B")
                                     for d in ("cetuximab", "irinotecan", "vemurafenib")]


def test_an_approval_for_patients_with_a_change_is_sensitivity():
    # EID2996 (CIViC train)
    assert ("approved in the US for", "sensitivity") in cue_values(
        "Afatinib has been approved in the US for the first-line treatment of patients with "
        "metastatic non-small-cell lung cancer who have tumours with EGFR exon 19 deletions.")


def test_a_change_takes_the_one_drug_and_effect_of_the_next_sentence():
    # EID1603 (CIViC dev; the issue's example), shortened.
    text = ("Genomic profiling of the cystectomy specimen identified an FGFR3 S249C mutation. "
            "Pazopanib was initiated on the basis of these findings and a partial response was achieved.")
    rows = run(text, [
        mention(text, "FGFR3", "GENE", "FGFR3"),
        mention(text, "S249C", "MUTATION", "S249C", "mutation_grammar"),
        mention(text, "Pazopanib", "DRUG", "pazopanib"),
    ])
    assert rows == [("FGFR3", "S249C", "pazopanib", "sensitivity", "B", False)]


def test_line_break_joining_pads_after_the_whole_word():
    # two breaks in one word, a break before the text's end, hyphens that are no break
    assert join_line_breaks("re-\nsis-\ntance to X") == "resistance     to X"
    assert join_line_breaks("EGFR-\nTKI and ab-\n") == "EGFR-\nTKI and ab-\n"
    assert join_line_breaks("a-\nb") == "ab  "
    assert join_line_breaks("no break") == "no break"


def test_a_readout_the_effect_was_determined_by_is_no_change():
    # EID3733 (CIViC train), with a drug class added to the method sentence as in dev's EID4286:
    # "AKT phosphorylation" is what was measured, it causes nothing.
    text = ("In an in vitro study, a RKO cell line expressing BRAF V600E and PIK3CA H1047R co-mutation "
            "demonstrated reduced sensitivity to vemurafenib treatment. Resistance to BRAF inhibitors was "
            "determined by assessing cellular proliferation and AKT phosphorylation.")
    rows = run(text, [
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
        mention(text, "PIK3CA", "GENE", "PIK3CA"),
        mention(text, "H1047R", "MUTATION", "H1047R", "mutation_grammar"),
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
        mention(text, "BRAF inhibitors", "DRUG_CLASS", "braf inhibitor"),
        mention(text, "AKT", "GENE", "FPLX:AKT"),
        mention(text, "phosphorylation", "ALTERATION", "activation", "alteration_words"),
    ])
    assert not [r for r in rows if r[0] == "FPLX:AKT"]
    assert ("marker" in {c.value for c in RULES.find(RULES.modifiers, "Sensitivity was determined by assessing "
                                                                  "EGFR auto-phosphorylation.", 0)})


def test_decreased_levels_of_a_phosphorylation_after_a_drug_are_its_effect_not_a_change():
    # Hand-written after dev's EID4589: the phosphorylation measured falls under the drug, the
    # pharmacodynamic readout of a response; the statement is the mutation's.
    text = ("Tumors with KIT D820Y responded to regorafenib, and biopsies showed reduced levels of "
            "KIT phosphorylation in response to regorafenib.")
    rows = run(text, [
        mention(text, "KIT", "GENE", "KIT"),
        mention(text, "D820Y", "MUTATION", "D820Y", "mutation_grammar"),
        mention(text, "regorafenib", "DRUG", "regorafenib"),
        mention(text, "KIT", "GENE", "KIT", occurrence=1),
        mention(text, "phosphorylation", "ALTERATION", "activation", "alteration_words"),
        mention(text, "regorafenib", "DRUG", "regorafenib", occurrence=1),
    ])
    assert {r[:4] for r in rows} == {("KIT", "D820Y", "regorafenib", "sensitivity")}


def test_a_drug_inhibiting_a_phosphorylation_is_its_effect_not_a_change():
    # EID7379 (CIViC train), shortened
    text = ("The AML cell line Kasumi-1 with c-KIT N822K mutation was treated with ponatinib, which effectively "
            "inhibits both KIT phosphorylation and viability.")
    rows = run(text, [
        mention(text, "KIT", "GENE", "KIT"),
        mention(text, "N822K", "MUTATION", "N822K", "mutation_grammar"),
        mention(text, "ponatinib", "DRUG", "ponatinib"),
        mention(text, "KIT", "GENE", "KIT", occurrence=1),
        mention(text, "phosphorylation", "ALTERATION", "activation", "alteration_words"),
    ])
    assert {r[:4] for r in rows} == {("KIT", "N822K", "ponatinib", "sensitivity")}


def test_a_treatment_without_an_effect_takes_the_outcome_of_the_next_sentence():
    # Hand-written after dev's EID7302/EID7763: the sentence names the change and the drugs, the
    # next one (no change, no drug of its own) says how the treatment went.
    text = ("Patients with colorectal cancer with HER2 amplification received trastuzumab. "
            "Tumor regression was seen in a third of them.")
    rows = run(text, [
        mention(text, "HER2", "GENE", "ERBB2"),
        mention(text, "amplification", "ALTERATION", "amplification", "alteration_words"),
        mention(text, "trastuzumab", "DRUG", "trastuzumab"),
    ])
    assert [r[:4] for r in rows] == [("ERBB2", "amplification", "trastuzumab", "sensitivity")]
    # a signalling state (the drug's target described) takes no outcome
    text = "Antiandrogens such as bicalutamide suppress AR activation. Tumor regression followed."
    rows = run(text, [
        mention(text, "Antiandrogens", "DRUG_CLASS", "antiandrogen"),
        mention(text, "bicalutamide", "DRUG", "bicalutamide"),
        mention(text, "AR", "GENE", "AR"),
        mention(text, "activation", "ALTERATION", "activation", "alteration_words"),
    ])
    assert rows == []
    # the next sentence names a drug of its own: its outcome is that drug's
    text = ("Patients with HER2 amplification received trastuzumab. Tumor regression was seen "
            "with lapatinib.")
    rows = run(text, [
        mention(text, "HER2", "GENE", "ERBB2"),
        mention(text, "amplification", "ALTERATION", "amplification", "alteration_words"),
        mention(text, "trastuzumab", "DRUG", "trastuzumab"),
        mention(text, "lapatinib", "DRUG", "lapatinib"),
    ])
    assert ("ERBB2", "amplification", "trastuzumab") not in {r[:3] for r in rows}


def test_a_decrease_in_tumour_size_is_a_response():
    # EID1220 and EID1565 (CIViC train): the size of a tumour or lesion falling under a drug.
    assert ("reductions in tumor size", "sensitivity") in cue_values(
        "Of those 22 patients with mutant KRAS, 8 saw reductions in tumor size ranging from 6-52%.")
    assert ("reduction in size", "sensitivity") in cue_values(
        "A 40% reduction in size of contrast enhancing lesion was seen.")
    assert not [v for t, v in cue_values("The cells were reduced in number.") if v == "sensitivity"]
    # EID7496 (CIViC train): the tumour's burden named after the falling word
    assert ("reduced tumour burden", "sensitivity") in cue_values(
        "Treatment with larotrectinib resulted in reduced tumour burden for all patients with NTRK fusions.")
    # EID1570 (CIViC train): metastases, lesions or nodules falling
    assert ("decrease in intracranial metastases", "sensitivity") in cue_values(
        "Imaging revealed a 90% decrease in extracranial and 19% decrease in intracranial metastases with no new "
        "metastases and no progressing sites at 6 weeks.")
    # near miss (hand-written): a decrease in the number of patients with metastases is no tumour falling
    assert not [v for t, v in cue_values("A decrease in patients with brain metastases was seen.") if v == "sensitivity"]


def test_better_survival_is_a_response():
    # EID822 (CIViC train)
    assert ("better survival", "sensitivity") in cue_values(
        "Temozolomide treatment led to better survival in patients with the rs16906252 T genotype.")


def test_a_change_without_drug_or_effect_takes_the_next_sentences_outcome_of_the_context_drug():
    # Hand-written after dev's EID6045: the trial's drug is named first, the change then, the
    # outcome last, in a sentence without change or drug.
    text = ("In a phase 2 study of vemurafenib in thyroid cancer, seven patients were enrolled. "
            "All patients had BRAF V600E mutations. One complete response was observed.")
    mentions = [
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
    ]
    assert [r[:4] for r in run(text, mentions)] == [("BRAF", "V600E", "vemurafenib", "sensitivity")]
    # a gene-level change does not (tune, models/README.md)
    text = text.replace("BRAF V600E mutations", "BRAF amplification")
    assert run(text, [mention(text, "vemurafenib", "DRUG", "vemurafenib"), mention(text, "BRAF", "GENE", "BRAF"),
                      mention(text, "amplification", "ALTERATION", "amplification", "alteration_words")]) == []


def test_a_silenced_specific_change_has_the_opposite_effect():
    # Hand-written after dev's EID1537: silencing the mutant restores sensitivity, so the mutant
    # itself gives resistance. A silenced gene-level change mimics its loss (EID1471, train:
    # "NF1 knockdown was still associated with residual resistance"): read as written.
    text = "Using GNAQ (Q209P) siRNA in the cells, sensitivity to PLX4720 was increased."
    rows = run(text, [
        mention(text, "GNAQ", "GENE", "GNAQ"),
        mention(text, "Q209P", "MUTATION", "Q209P", "mutation_grammar"),
        mention(text, "PLX4720", "DRUG", "plx-4720"),
    ])
    assert [r[:4] for r in rows] == [("GNAQ", "Q209P", "plx-4720", "resistance")]
    text = "NF1 loss by siRNA knockdown was associated with resistance to vemurafenib."
    rows = run(text, [
        mention(text, "NF1", "GENE", "NF1"),
        mention(text, "loss", "ALTERATION", "loss", "alteration_words"),
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
    ])
    assert [r[:4] for r in rows] == [("NF1", "loss", "vemurafenib", "resistance")]


def test_poor_and_favourable_outcome_words_are_effect_cues():
    # CIViC train EID135, EID250; CIViCmine training sentences (read part)
    assert cue_values("KRAS mutations were significantly associated with lack of response to cetuximab") == [
        ("lack of response", "resistance")]
    assert cue_values("Patients who harbor KRAS mutation have low response rate to cetuximab.") == [
        ("low response", "resistance")]
    assert cue_values("EGFR mutations predict a favorable outcome with Tarceva therapy.") == [
        ("favorable outcome", "sensitivity")]
    # "poor prognosis" names no response to a drug
    assert cue_values("a poor prognosis subset of patients") == []


def test_a_reported_objective_response_rate_is_an_effect_cue():
    # CIViC train EID7286 (citation 30413378) and EID4862 (27876675): the abbreviation of the
    # objective response rate with its value, as "the response rate was N%" is read
    assert ("ORR was 90", "sensitivity") in cue_values("In treatment-naive patients, ORR was 90.0% In patients")
    assert ("ORR was 18", "sensitivity") in cue_values(
        "The ORR was 18% (4 PR in 22 patients) in KRAS wild-type versus 24% (six PR in 25 patients) in KRAS-mutant "
        "NSCLC.")
    # near miss: the abbreviation named, no rate reported
    assert cue_values("The primary endpoint was ORR by independent review.") == []


def test_in_response_to_after_an_outcome_only_introduces_the_drug():
    from resmine.relations.units import _without_introducing_responses

    def unit_cue_values(text):
        return [(text[c.start:c.end], c.value)
                for c in _without_introducing_responses(RULES.find(RULES.cues, text), text)]

    # CIViC train EID1352: the regression is the outcome, "in response to" names what it followed
    # (as in "associated with progressive disease in response to erlotinib monotherapy")
    assert unit_cue_values("Patients with greater than 50% regression in response to HDCT received surgery.") == [
        ("regression", "sensitivity")]
    # near miss, CIViC train EID2799: no outcome before it, the "response" stays a cue
    assert unit_cue_values("IC50 for cell number in response to 17-AAG was 33.4 nM.") == [
        ("response", "sensitivity")]


def test_treatment_stopped_because_of_disease_progression_is_resistance():
    # a BC5CDR train abstract (PMID 11745184); the form of CIViC dev EID1770's "31 discontinued
    # treatment due to disease progression"
    assert ("because of disease progression", "resistance") in cue_values(
        "Most patients (57%) stopped treatment because of disease progression.")
    # near miss, CIViC train EID1367: stopped for its side effects, no outcome of the drug
    assert not any(value == "resistance" for _, value in cue_values(
        "She was treated with crizotinib at 250 mg twice daily but discontinued due to adverse response."))


def test_a_decreased_cytotoxicity_of_the_drug_is_resistance():
    # hand-written in the wording of CIViC dev EID940 (no shared training text has one)
    assert cue_values("higher expression was correlated with decreased cytotoxicity of the drug") == [
        ("decreased cytotoxicity", "resistance")]
    # near miss, a BioRED train abstract: a list stands between, the falling word is another noun's
    assert not any(value == "resistance" for _, value in cue_values(
        "dexrazoxane neither reduced myelosuppression, weight loss, nor the in vitro cytotoxicity from doxorubicin"))


def test_a_genes_mrna_expression_is_the_genes():
    # hand-written in the wording of CIViC dev EID1729 (read there)
    text = "SGK1 mRNA expression was elevated in cell lines which were resistant to alpelisib."
    rows = run(text, [
        mention(text, "SGK1", "GENE", "SGK1"),
        mention(text, "expression", "MUTATION", "overexpression", "alteration_words"),
        mention(text, "alpelisib", "DRUG", "alpelisib"),
    ])
    assert rows == [("SGK1", "overexpression", "alpelisib", "resistance", "C", False)]
    # near miss: another word than the ones a gene's alteration may be written past
    text = "SGK1 inhibitor-induced expression was elevated in cell lines which were resistant to alpelisib."
    rows = run(text, [
        mention(text, "SGK1", "GENE", "SGK1"),
        mention(text, "expression", "MUTATION", "overexpression", "alteration_words"),
        mention(text, "alpelisib", "DRUG", "alpelisib"),
    ])
    assert rows == []


def test_time_to_treatment_failure_names_an_endpoint():
    # CIViC train EID529: the trial's endpoints, not its outcome
    assert not any(value == "resistance" for _, value in cue_values(
        "demonstrated improved overall survival, response rate, response duration, time to progression, and time "
        "to treatment failure for patients who received trastuzumab"))
    # near miss, CIViC train EID5989: a treatment failure that happened
    assert ("treatment failure", "resistance") in cue_values(
        "silencing of ASS1 contributes to treatment failure and clinical relapse in ovarian cancer")


def test_a_remission_named_as_a_point_in_time_is_no_outcome():
    from resmine.relations.units import _without_time_points

    def unit_cue_values(text):
        return [(text[c.start:c.end], c.value) for c in _without_time_points(RULES.find(RULES.cues, text), text)]

    # hand-written (no shared training text names a remission so): the time a sample was taken
    assert unit_cue_values("The allele frequency was low at the time of remission and rose at relapse.") == []
    assert unit_cue_values("The mutation was found after post-remission therapy with cytarabine.") == []
    assert unit_cue_values("Samples were taken at complete remission.") == []
    # near miss, a BioRED train abstract: a remission the treatment brought about stays an outcome
    assert unit_cue_values("five of the seven went into complete remission after one or two courses of "
                           "AraG/VP/CPM") == [("complete remission", "sensitivity")]


def test_chemoresistance_and_chemosensitivity_are_effect_cues():
    # CIViCmine training sentences (read part)
    assert cue_values("IL7 expression correlated to the extent of chemoresistance to cisplatin") == [
        ("chemoresistance", "resistance")]
    assert cue_values("leading to enhanced chemosensitivity to etoposide") == [("chemosensitivity", "sensitivity")]
    assert cue_values("chemo-resistant cells") == [("chemo-resistant", "resistance")]


def test_predicting_a_response_or_a_benefit_is_sensitivity_unless_a_poor_one():
    # CIViCmine training sentences (read part)
    assert cue_values("activating mutation of EGFR is a strong predictor of efficacy for TKI") == [
        ("predictor of efficacy", "sensitivity")]
    assert cue_values("mutation which predicts TKI treatment response") == [
        ("predicts TKI treatment response", "sensitivity")]
    assert cue_values("the BRAF V600E mutation, which predicts benefit from vemurafenib") == [
        ("predicts benefit", "sensitivity")]
    # a poor response predicted stays resistance; predicting resistance is resistance
    assert cue_values("KRAS mutation predicts poor response to cetuximab") == [("poor response", "resistance")]
    assert ("resistance", "resistance") in cue_values("T790M predicts resistance to gefitinib")


def test_an_alteration_adjective_right_before_a_gene_is_that_genes_alteration():
    # CIViCmine training sentence (read part): "express oncogenic mutant KRAS that ... conferring resistance"
    text = "Cells expressing mutant KRAS are resistant to cisplatin."
    rows = run(text, [
        mention(text, "mutant", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "KRAS", "GENE", "KRAS"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ])
    assert rows == [("KRAS", "mutation", "cisplatin", "resistance", "C", False)]
    # a noun does not qualify the word after it: "mutation KRAS" links no gene
    text = "The mutation KRAS cells are resistant to cisplatin."
    assert run(text, [
        mention(text, "mutation", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "KRAS", "GENE", "KRAS"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ]) == []


def test_a_gene_after_of_and_its_head_noun_phrase_is_the_alterations():
    # CIViCmine training sentence (read part): "Overexpression of the antiapoptotic protein Bcl-2 ..."
    text = "Overexpression of the antiapoptotic protein Bcl-2 is associated with resistance to cisplatin."
    rows = run(text, [
        mention(text, "Overexpression", "ALTERATION", "overexpression", "alteration_words"),
        mention(text, "Bcl-2", "GENE", "BCL2"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ])
    assert rows == [("BCL2", "overexpression", "cisplatin", "resistance", "C", False)]
    # as far, without a head noun before the gene, the gene is not the alteration's
    text = "Overexpression of the antiapoptotic signals and Bcl-2 is associated with resistance to cisplatin."
    assert run(text, [
        mention(text, "Overexpression", "ALTERATION", "overexpression", "alteration_words"),
        mention(text, "Bcl-2", "GENE", "BCL2"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ]) == []


def test_a_change_written_in_a_fusion_is_the_kinase_partners():
    # EID441 (CIViC train): the change lies in the fusion's kinase, ALK, not in EML4
    text = ("The G1202R mutation in the EML4-ALK fusion was found to confer resistance to crizotinib "
            "in Ba/F3 cells.")
    rows = run(text, [  # the mentions the pipeline finds
        mention(text, "G1202R", "MUTATION", "G1202R", "mutation_grammar"),
        mention(text, "mutation", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "EML4", "GENE", "EML4"),
        mention(text, "EML4-ALK", "ALTERATION", "fusion", "mutation_grammar"),
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "fusion", "ALTERATION", "fusion", "alteration_words"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
    ])
    assert rows == [("ALK", "G1202R", "crizotinib", "resistance", "A", False)]


def test_titles_under_a_reference_list_state_nothing():
    # the crizotinib seed (../shared/seeds/003_68aadfb59468727a.txt): a cited title under "References"
    heading = "References\n\n"
    title = ("- 1. Epithelial-mesenchymal transition leads to crizotinib resistance in H2228 lung "
             "cancer cells with EML4-ALK translocation - PMC [pmc.ncbi.nlm.nih.gov]")
    text = heading + title
    mentions = [
        mention(text, "crizotinib", "DRUG", "crizotinib"),
        mention(text, "EML4", "GENE", "EML4"),
        mention(text, "EML4-ALK", "ALTERATION", "fusion", "mutation_grammar"),
        mention(text, "ALK", "GENE", "ALK", occurrence=0),
    ]
    as_section = [Passage("heading", "References", 0, len("References")),
                  Passage("paragraph", "References", len(heading), len(text))]
    assert run(text, mentions, as_section) == []
    as_body = [Passage("heading", "Mechanisms", 0, len("References")),
               Passage("paragraph", "Mechanisms", len(heading), len(text))]
    assert [r[:4] for r in run(text, mentions, as_body)] == [("ALK", "fusion", "crizotinib", "resistance")]


def test_a_gene_level_alteration_names_its_genes_by_example():
    # the ceritinib seed (../shared/seeds/004_6ba3e53289bda641.txt), drug class added to the sentence
    text = ("The activation of other receptor tyrosine kinases, such as MET and FGFR3, has also been "
            "described as a mechanism of resistance to ALK inhibitors.")
    rows = run(text, [
        mention(text, "activation", "ALTERATION", "activation", "alteration_words"),
        mention(text, "MET", "GENE", "MET"),
        mention(text, "FGFR3", "GENE", "FGFR3"),
        mention(text, "ALK inhibitors", "DRUG_CLASS", "alk inhibitor"),
    ])
    assert [r[:4] for r in rows] == [("FGFR3", "activation", "alk inhibitor", "resistance"),
                                     ("MET", "activation", "alk inhibitor", "resistance")]


def test_a_gene_level_alteration_in_a_part_of_the_protein_is_the_owners():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened
    text = ("Two reports discovered secondary mutations in the kinase domain of the ALK gene that appear "
            "to be responsible for resistance to crizotinib.")
    rows = run(text, [
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
    ])
    assert [r[:4] for r in rows] == [("ALK", "mutation", "crizotinib", "resistance")]


def test_a_gene_written_inside_an_expression_change_is_its_gene():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt)
    text = "Pre-clinical data suggests that increased cyclin D1 expression can mediate BRAF inhibitor resistance."
    rows = run(text, [
        mention(text, "increased cyclin D1 expression", "ALTERATION", "overexpression", "alteration_words"),
        mention(text, "cyclin D1", "GENE", "CCND1"),
        mention(text, "BRAF inhibitor", "DRUG_CLASS", "braf inhibitor"),
    ])
    assert [r[:4] for r in rows] == [("CCND1", "overexpression", "braf inhibitor", "resistance")]


def test_a_drug_whose_suffix_is_left_to_the_next_shares_its_cue():
    # the ceritinib seed (../shared/seeds/004_6ba3e53289bda641.txt), markdown emphasis as written
    text = ("P-gp overexpression has been identified in approximately 27% of crizotinib- or "
            "**ceritinib**-resistant patient samples in one study.")
    rows = run(text, [
        mention(text, "P-gp", "GENE", "ABCB1"),
        mention(text, "overexpression", "ALTERATION", "overexpression", "alteration_words"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
        mention(text, "ceritinib", "DRUG", "ceritinib"),
    ])
    assert [r[:4] for r in rows] == [("ABCB1", "overexpression", "ceritinib", "resistance"),
                                     ("ABCB1", "overexpression", "crizotinib", "resistance")]


def test_the_changes_enumerated_after_a_cue_share_it():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened
    text = ("Many mechanisms of resistance to trastuzumab have been discovered, including somatic events "
            "such as the co-amplification of oncogenes (e.g., MYC), deletions in tumor suppressor genes "
            "(e.g., PTEN).")
    rows = run(text, [
        mention(text, "trastuzumab", "DRUG", "trastuzumab"),
        mention(text, "co-amplification", "ALTERATION", "amplification", "alteration_words"),
        mention(text, "MYC", "GENE", "MYC"),
        mention(text, "deletions", "ALTERATION", "deletion", "alteration_words"),
        mention(text, "PTEN", "GENE", "PTEN"),
    ])
    assert [r[:4] for r in rows] == [("MYC", "amplification", "trastuzumab", "resistance"),
                                     ("PTEN", "deletion", "trastuzumab", "resistance")]


def test_a_change_carried_by_the_patients_is_their_genotype_not_the_cause():
    # EID6262 (CIViC train), shortened
    text = ("In a study of 44 relapsed melanoma patients harboring BRAF V600E, MAPK pathway reactivation "
            "mechanisms were implicated in acquired resistance to vemurafenib. NRAS mutations (Q61K) "
            "were found in progressive tumors.")
    rows = run(text, [
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
        mention(text, "NRAS", "GENE", "NRAS"),
        mention(text, "Q61K", "MUTATION", "Q61K", "mutation_grammar"),
    ])
    assert ("BRAF", "V600E") not in [r[:2] for r in rows]


def test_a_change_named_as_a_genotype_in_its_sentence_takes_no_resistance():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened: V600E is also named
    # as a cause elsewhere, but here it is the patients' genotype
    text = ("BRAF V600E causes a 500-fold increase in activity. MEK1 C121S conferred resistance to "
            "selumetinib. New strategies are needed to treat patients with melanomas carrying the BRAF "
            "V600E mutation in whom resistance to vemurafenib develops.")
    rows = run(text, [
        mention(text, "BRAF", "GENE", "BRAF"),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar"),
        mention(text, "MEK1", "GENE", "MAP2K1"),
        mention(text, "C121S", "MUTATION", "C121S", "mutation_grammar"),
        mention(text, "selumetinib", "DRUG", "selumetinib"),
        mention(text, "BRAF", "GENE", "BRAF", occurrence=1),
        mention(text, "V600E", "MUTATION", "V600E", "mutation_grammar", occurrence=1),
        mention(text, "vemurafenib", "DRUG", "vemurafenib"),
    ])
    assert [r[:4] for r in rows] == [("MAP2K1", "C121S", "selumetinib", "resistance")]


def test_a_change_without_a_gene_takes_the_gene_its_section_heading_names():
    # the crizotinib seed (../shared/seeds/003_68aadfb59468727a.txt), shortened
    heading = "Secondary Mutations in the ALK Kinase Domain:\n\n"
    body = ("The L1196M mutation is analogous to the T315I mutation in ABL. Other mutations, such as "
            "G1202R, were found in crizotinib-resistant patients.")
    text = heading + body
    passages = [Passage("heading", "Secondary Mutations in the ALK Kinase Domain", 0, len(heading) - 2),
                Passage("paragraph", "Secondary Mutations in the ALK Kinase Domain", len(heading), len(text))]
    rows = run(text, [
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "L1196M", "MUTATION", "L1196M", "mutation_grammar"),
        mention(text, "T315I", "MUTATION", "T315I", "mutation_grammar"),
        mention(text, "ABL", "GENE", "ABL1"),
        mention(text, "G1202R", "MUTATION", "G1202R", "mutation_grammar"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
    ], passages)
    assert ("ALK", "G1202R", "crizotinib", "resistance") in [r[:4] for r in rows]


def test_a_respective_drug_class_is_not_inherited_by_a_later_sentence():
    # the crizotinib seed (../shared/seeds/003_68aadfb59468727a.txt), shortened
    text = ("The L1196M mutation in ALK is analogous to the T315I mutation in ABL, both of which confer "
            "resistance to their respective TKIs. Other mutations, such as G1269A, also hinder drug binding "
            "and confer resistance.")
    rows = run(text, [
        mention(text, "L1196M", "MUTATION", "L1196M", "mutation_grammar"),
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "T315I", "MUTATION", "T315I", "mutation_grammar"),
        mention(text, "ABL", "GENE", "ABL1"),
        mention(text, "TKIs", "DRUG_CLASS", "tki"),
        mention(text, "G1269A", "MUTATION", "G1269A", "mutation_grammar"),
    ])
    assert "G1269A" not in [r[1] for r in rows]


def test_a_gene_level_change_takes_the_effect_of_a_next_sentence_that_names_it_back():
    # the ceritinib seed (../shared/seeds/004_6ba3e53289bda641.txt), shortened
    first = "This can occur through upregulation of NRG1, which activates the HER3 signaling axis."
    text = first + " This bypass mechanism can lead to cross-resistance to multiple ALK TKIs."
    mentions = [
        mention(text, "upregulation", "ALTERATION", "overexpression", "alteration_words"),
        mention(text, "NRG1", "GENE", "NRG1"),
        mention(text, "HER3", "GENE", "ERBB3"),
        mention(text, "ALK TKIs", "DRUG_CLASS", "alk tki"),
    ]
    assert [r[:4] for r in run(text, mentions)] == [("NRG1", "overexpression", "alk tki", "resistance")]
    plain = first + " It can lead to cross-resistance to multiple ALK TKIs."  # not named back
    mentions = [
        mention(plain, "upregulation", "ALTERATION", "overexpression", "alteration_words"),
        mention(plain, "NRG1", "GENE", "NRG1"),
        mention(plain, "HER3", "GENE", "ERBB3"),
        mention(plain, "ALK TKIs", "DRUG_CLASS", "alk tki"),
    ]
    assert run(plain, mentions) == []


def test_a_sentence_borrows_no_drug_from_another_paragraph():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened: a new paragraph, a new topic
    first = "Inhibitors of MEK are now being tested in patients with BRAF inhibitor resistance.\n\n"
    second = "The example of reversion of BRCA2 mutations is an instance of therapeutic resistance."
    text = first + second
    passages = [Passage("paragraph", "", 0, len(first) - 2), Passage("paragraph", "", len(first), len(text))]
    mentions = [
        mention(text, "MEK", "GENE", "FPLX:MEK"),
        mention(text, "BRAF inhibitor", "DRUG_CLASS", "braf inhibitor"),
        mention(text, "reversion", "ALTERATION", "reversion", "alteration_words"),
        mention(text, "BRCA2", "GENE", "BRCA2"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
    ]
    assert run(text, mentions, passages) == []
    one = [Passage("paragraph", "", 0, len(text))]  # the same sentences as one paragraph do borrow
    assert run(text, mentions, one)


def test_a_substance_the_body_regulates_is_no_therapy():
    # the shape of BioRED training sentences ("… influences insulin sensitivity and glucose homeostasis")
    text = "The PPARG P12A variant increased insulin sensitivity, and the KRAS G12C variant increased cisplatin sensitivity."
    rows = run(text, [
        mention(text, "PPARG", "GENE", "PPARG"),
        mention(text, "P12A", "MUTATION", "P12A", "mutation_grammar"),
        mention(text, "insulin", "DRUG", "insulin human"),
        mention(text, "KRAS", "GENE", "KRAS"),
        mention(text, "G12C", "MUTATION", "G12C", "mutation_grammar"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ])
    assert [(gene, change, drug) for gene, change, drug, *_ in rows] == [("KRAS", "G12C", "cisplatin")]
    assert "insulin human" in RULES.not_therapies and "cisplatin" not in RULES.not_therapies


def test_an_amino_acid_named_in_a_substitution_is_no_therapy():
    # the shape of BioRED training abstracts (PMID 18681856: "resulting in the substitution of
    # methionine ... by threonine"), with a treatment beside it
    text = ("The TSHR M453T change, a substitution of methionine by threonine, increased sensitivity "
            "to levothyroxine and to methionine.")
    rows = run(text, [
        mention(text, "TSHR", "GENE", "TSHR"),
        mention(text, "M453T", "MUTATION", "M453T", "mutation_grammar"),
        mention(text, "methionine", "DRUG", "methionine"),
        mention(text, "levothyroxine", "DRUG", "levothyroxine"),
    ])
    drugs = {drug for _gene, _change, drug, *_ in rows}
    assert "levothyroxine" in drugs and "methionine" not in drugs
    assert {"methionine", "histidine", "l-glutamine"} <= RULES.not_therapies


def test_an_item_of_the_reference_list_states_nothing():
    # EID303 (CIViC train), shortened, as a paragraph of a section and as the title of a cited
    # paper under a reference-list heading.
    heading_end = len("References")
    body = "Ba/F3 cells harboring the KIT L576P mutation are sensitive to nilotinib."

    def rows_in(section):
        text = section.ljust(heading_end) + "\n" + body
        start = text.index(body)
        return run(text, [
            mention(text, "KIT", "GENE", "KIT"),
            mention(text, "L576P", "MUTATION", "L576P", "mutation_grammar"),
            mention(text, "nilotinib", "DRUG", "nilotinib"),
        ], passages=[Passage("heading", section, 0, len(section)), Passage("paragraph", section, start, len(text))])

    assert [r[:4] for r in rows_in("Results")] == [("KIT", "L576P", "nilotinib", "sensitivity")]
    assert rows_in("References") == []
    assert rows_in("5. Literature Cited") == []


def test_a_status_population_takes_the_effect_of_its_treatment_but_no_resistance():
    # EID7647 (CIViC train): the status of the patients and the next sentence's outcome.
    text = ("In a phase 1 trial, patients with HER2-positive gastric cancer were treated with Trastuzumab "
            "Deruxtecan (DS-8201a). The response rate was 43.2% (19/44).")
    rows = run(text, [
        mention(text, "HER2", "GENE", "ERBB2"),
        mention(text, "positive", "ALTERATION", "amplification", "gene_status"),
        mention(text, "Trastuzumab Deruxtecan", "DRUG", "trastuzumab deruxtecan"),
    ])
    assert [r[:4] for r in rows] == [("ERBB2", "amplification", "trastuzumab deruxtecan", "sensitivity")]
    # EID1279 (CIViC train), shortened: the resistance is the population's earlier treatment.
    text = ("Alectinib was assessed in ALK-positive NSCLC that had progressed or been resistant to "
            "crizotinib treatment.")
    status = [mention(text, "Alectinib", "DRUG", "alectinib"), mention(text, "ALK", "GENE", "ALK"),
              mention(text, "crizotinib", "DRUG", "crizotinib")]
    assert run(text, status + [mention(text, "positive", "ALTERATION", "fusion", "gene_status")]) == []
    # a gene's fusion word is the drugs' target as a status is; another class keeps the cue's relation
    assert run(text, status + [mention(text, "positive", "ALTERATION", "fusion", "alteration_words")]) == []
    assert [r[:4] for r in run(text, status + [mention(text, "positive", "ALTERATION", "amplification",
                                                       "alteration_words")])][-1:] == [
        ("ALK", "amplification", "crizotinib", "resistance")]


def test_a_population_genotype_takes_no_resistance_another_gene_level_change_explains():
    # EID1135 (CIViC train), shortened: the resistance is DDX43's overexpression, written as a
    # gene-level change; the cell lines' GNAQ Q209L is their genotype.
    text = ("MEK inhibitor-resistant (selumetinib) uveal melanoma cell lines were created from two GNAQ Q209L "
            "mutant cell lines. Overexpression of DDX43 mediated RAS-induced selumetinib resistance.")
    base = [
        mention(text, "selumetinib", "DRUG", "selumetinib"),
        mention(text, "GNAQ", "GENE", "GNAQ"),
        mention(text, "Q209L", "MUTATION", "Q209L", "mutation_grammar"),
        mention(text, "DDX43", "GENE", "DDX43"),
        mention(text, "selumetinib", "DRUG", "selumetinib", occurrence=1),
    ]
    overexpression = mention(text, "Overexpression", "ALTERATION", "overexpression", "alteration_words")
    assert [r[:4] for r in run(text, base + [overexpression])] == [
        ("DDX43", "overexpression", "selumetinib", "resistance")]
    assert ("GNAQ", "Q209L", "selumetinib", "resistance") in [r[:4] for r in run(text, base)]


def test_a_change_in_a_fusion_is_the_three_prime_partners():
    # CIViC train EID442: the change lies in ALK's kinase, the fusion's 3' partner.
    from resmine.relations import document_view
    from resmine.relations.reading import read_unit

    text = "The L1196M mutation in the EML4-ALK fusion was found to confer resistance to crizotinib in Ba/F3 cells."
    mentions = [
        mention(text, "L1196M", "MUTATION", "L1196M", "mutation_grammar"),
        mention(text, "EML4", "GENE", "EML4"),
        mention(text, "EML4-ALK", "ALTERATION", "fusion", "mutation_grammar"),
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
    ]
    passages = [Passage("paragraph", "", 0, len(text))]
    document = Document("d", "test", "txt", "", text, passages)
    view = document_view(document, split_sentences(text, passages), mentions)
    reading = read_unit(view, view.units[0], RULES)
    assert [(m.text, g.normalized) for m, g in reading.linked] == [("L1196M", "ALK"), ("EML4-ALK", "ALK")]


def test_a_fusion_is_its_kinase_partners_whichever_side_it_is_written():
    # CIViC train EID1851: FGFR2 is the kinase of FGFR2-BICC1 (written first); the fusion word
    # after the name is the same fusion's.
    from resmine.relations import document_view
    from resmine.relations.reading import read_unit

    text = ("Expression of the FGFR2-BICC1 fusion kinase in NIH3T3 cells demonstrated transforming ability "
            "that was effectively suppressed with the FGFR kinase inhibitors BGJ398 and PD173074.")
    mentions = [
        mention(text, "FGFR2", "GENE", "FGFR2"),
        mention(text, "FGFR2-BICC1", "ALTERATION", "fusion", "mutation_grammar"),
        mention(text, "BICC1", "GENE", "BICC1"),
        mention(text, "fusion", "ALTERATION", "fusion", "alteration_words"),
        mention(text, "BGJ398", "DRUG", "infigratinib"),
    ]
    passages = [Passage("paragraph", "", 0, len(text))]
    document = Document("d", "test", "txt", "", text, passages)
    view = document_view(document, split_sentences(text, passages), mentions)
    reading = read_unit(view, view.units[0], RULES)
    assert [(m.text, g.normalized) for m, g in reading.linked] == [("FGFR2-BICC1", "FGFR2"), ("fusion", "FGFR2")]


def test_her2_overexpression_is_named_as_its_clinical_status():
    # CIViC dev EID1561, first sentence: CIViC files HER2 overexpression as ERBB2 AMPLIFICATION
    # (gene_status.tsv); another gene's overexpression keeps its name.
    text = ("In a panel of 47 breast cancer cell lines, HER2 overexpressing cells were among those more "
            "sensitive to CDK4/6 inhibitor Palbociclib (PD0332991).")

    def rows_of(symbol):
        return [r[:4] for r in run(text, [
            mention(text, "HER2", "GENE", symbol),
            mention(text, "overexpressing", "ALTERATION", "overexpression", "alteration_words"),
            mention(text, "Palbociclib", "DRUG", "palbociclib"),
        ])]

    assert rows_of("ERBB2") == [("ERBB2", "amplification", "palbociclib", "sensitivity")]
    assert rows_of("EGFR") == [("EGFR", "overexpression", "palbociclib", "sensitivity")]


def test_the_drug_of_a_leading_analogy_is_not_the_statements_and_other_members_share_the_cue():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt)
    text = ("Similarly to the imatinib story, two recent reports have discovered secondary mutations in the "
            "kinase domain of the ALK gene that appear to be responsible for resistance to crizotinib and "
            "also to two other unrelated ALK inhibitors.")
    rows = run(text, [
        mention(text, "imatinib", "DRUG", "imatinib"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "ALK", "GENE", "ALK", occurrence=0),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
        mention(text, "ALK inhibitors", "DRUG_CLASS", "alk inhibitor"),
    ])
    assert [r[:4] for r in rows] == [("ALK", "mutation", "alk inhibitor", "resistance"),
                                     ("ALK", "mutation", "crizotinib", "resistance")]


def test_a_reversion_to_a_normal_allele_is_the_genes_and_loss_of_the_mutant_allele_is_a_reversion():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt)
    from resmine.mutations.classes import alteration_classes

    text = ("Moreover, in two of five patients with ovarian carcinoma whose tumors had become resistant to "
            "cisplatin, genetic reversion to a normal BRCA2 allele was found in one resistant tumor and "
            "selection for loss of the mutant BRCA2 allele was found in another one.")
    words = [(w.text, w.normalized) for w in alteration_classes(text)]
    assert ("loss of the mutant", ("reversion",)) in words and not any(n == ("loss",) for _, n in words)
    rows = run(text, [
        mention(text, "cisplatin", "DRUG", "cisplatin"),
        mention(text, "reversion", "ALTERATION", "reversion", "alteration_words"),
        mention(text, "BRCA2", "GENE", "BRCA2", occurrence=0),
        mention(text, "loss of the mutant", "ALTERATION", "reversion", "alteration_words"),
        mention(text, "BRCA2", "GENE", "BRCA2", occurrence=1),
    ])
    assert {r[:4] for r in rows} == {("BRCA2", "reversion", "cisplatin", "resistance")}


def test_a_gene_reactivated_through_secondary_mutations_is_a_reversion_that_the_carried_mutations_yield_to():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), line breaks as written
    from resmine.mutations.classes import alteration_classes

    text = ("Sakai et al. (2008) found that breast cancer and pancreatic cancer cell lines carrying BRCA2 "
            "mutations and that had developed therapeu-\ntic resistance to either cisplatin or the PARP "
            "inhibitor AG14361 were found to have re-activated BRCA2 through the develop-\nment of secondary "
            "intragenic mutations.")
    assert ("re-activated", ("reversion",)) in [(w.text, w.normalized) for w in alteration_classes(text)]
    rows = run(text, [
        mention(text, "BRCA2", "GENE", "BRCA2", occurrence=0),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words", occurrence=0),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
        mention(text, "PARP inhibitor", "DRUG_CLASS", "parp inhibitor"),
        mention(text, "AG14361", "DRUG", "ag14361"),
        mention(text, "re-activated", "ALTERATION", "reversion", "alteration_words"),
        mention(text, "BRCA2", "GENE", "BRCA2", occurrence=1),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words", occurrence=1),
    ])
    assert {r[:4] for r in rows} == {("BRCA2", "reversion", "ag14361", "resistance"),
                                     ("BRCA2", "reversion", "cisplatin", "resistance")}


def test_a_phrase_defined_by_a_bracket_of_drugs_names_them_back_and_its_exons_head_one_list():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), two paragraphs shortened
    first = ("Two approaches have been taken: (i) antibodies that compete with the ligand binding (Erbitux, "
             "Panitumumab), (ii) small molecules that compete for ATP binding in the kinase domain of the "
             "receptor (erlotinib, gefitinib), with activity in a subset of patients with NSCLC.")
    second = ("In the case of the small molecules, genomic sequencing of responding tumors demonstrated distinct "
              "mutations in the kinase domain of the EGF receptor, most often in exons 19 and 21.")
    text = first + "\n\n" + second
    passages = [Passage("paragraph", "", 0, len(first)), Passage("paragraph", "", len(first) + 2, len(text))]
    rows = run(text, [
        mention(text, "Erbitux", "DRUG", "cetuximab"),
        mention(text, "Panitumumab", "DRUG", "panitumumab"),
        mention(text, "erlotinib", "DRUG", "erlotinib"),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "EGF receptor", "GENE", "EGFR"),
        mention(text, "exons 19 and 21", "ALTERATION", "exon 19 mutation", "mutation_grammar"),
        mention(text, "exons 19 and 21", "ALTERATION", "exon 21 mutation", "mutation_grammar"),
    ], passages)
    assert [r[:4] for r in rows] == [("EGFR", f"exon {n} mutation", drug, "sensitivity")
                                     for n in (19, 21) for drug in ("erlotinib", "gefitinib")]


def test_a_one_word_phrase_defined_by_a_bracket_names_nothing_back():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt): "these antibodies" is the class
    from resmine.relations.anaphora import named_back_drugs

    text = ("(i) antibodies that compete with the ligand binding (Erbitux, Panitumumab). K-RAS is associated "
            "with clinical resistance to these antibodies.")
    drugs = [mention(text, "Erbitux", "DRUG", "cetuximab"), mention(text, "Panitumumab", "DRUG", "panitumumab")]
    assert named_back_drugs(drugs, text) == []


def test_a_sentence_without_a_drug_gives_no_effect_to_the_drug_before_it():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened
    text = ("An activating mutation in K-RAS is associated with clinical resistance to anti-EGFR antibodies. "
            "In an interesting exception, mutations in particular domains of K-RAS do not predict resistance.")
    rows = run(text, [
        mention(text, "mutation", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "K-RAS", "GENE", "KRAS", occurrence=0),
        mention(text, "anti-EGFR antibodies", "DRUG_CLASS", "anti-egfr antibody"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "K-RAS", "GENE", "KRAS", occurrence=1),
    ])
    assert [r[:4] for r in rows] == [("KRAS", "mutation", "anti-egfr antibody", "no_effect"),
                                     ("KRAS", "mutation", "anti-egfr antibody", "resistance")]


def test_these_mutations_take_the_gene_and_named_back_drugs_of_the_sentences_before():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened
    first = ("(ii) small molecules that compete for ATP binding in the kinase domain of the receptor "
             "(erlotinib, gefitinib), with activity in a subset of patients with NSCLC.")
    second = ("In the case of the small molecules, sequencing demonstrated distinct mutations in the kinase "
              "domain of the EGF receptor. These mutations enhance ATP binding, and enhanced sensitivity to the "
              "inhibitors.")
    text = first + "\n\n" + second
    passages = [Passage("paragraph", "", 0, len(first)), Passage("paragraph", "", len(first) + 2, len(text))]
    rows = run(text, [
        mention(text, "erlotinib", "DRUG", "erlotinib"),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
        mention(text, "EGF receptor", "GENE", "EGFR"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words", occurrence=1),
    ], passages)
    assert [r[:4] for r in rows] == [("EGFR", "mutation", "erlotinib", "sensitivity"),
                                     ("EGFR", "mutation", "gefitinib", "sensitivity")]


def test_a_drugs_efficacy_in_patients_with_a_fusion_is_sensitivity_and_its_class_restates_it():
    # the crizotinib seed (../shared/seeds/003_68aadfb59468727a.txt) and the review seed (000)
    text = ("Crizotinib, a first-generation tyrosine kinase inhibitor (TKI), has revolutionized the treatment of "
            "non-small cell lung cancer (NSCLC) harboring anaplastic lymphoma kinase (ALK) gene rearrangements.")
    rows = run(text, [
        mention(text, "Crizotinib", "DRUG", "crizotinib"),
        mention(text, "tyrosine kinase inhibitor", "DRUG_CLASS", "tki"),
        mention(text, "anaplastic lymphoma kinase", "GENE", "ALK"),
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "rearrangements", "ALTERATION", "fusion", "alteration_words"),
    ])
    assert [r[:4] for r in rows] == [("ALK", "fusion", "crizotinib", "sensitivity")]
    text = ("Crizotinib is a small molecule ALK inhibitor which has showed excellent clinical\nresults in "
            "patients whose lung tumors carry the ALK gene fusion.")
    rows = run(text, [
        mention(text, "Crizotinib", "DRUG", "crizotinib"),
        mention(text, "ALK inhibitor", "DRUG_CLASS", "alk inhibitor"),
        mention(text, "ALK", "GENE", "ALK", occurrence=1),
        mention(text, "fusion", "ALTERATION", "fusion", "alteration_words"),
    ])
    assert [r[:4] for r in rows] == [("ALK", "fusion", "crizotinib", "sensitivity")]


def test_genes_in_a_square_bracket_with_citations_are_the_alterations_examples():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened
    text = ("Many mechanisms of resistance to trastuzumab have been discovered, including the activation of "
            "downstream signaling pathways [AKT (Nahta and O'Regan, 2010), SRC (Zhang et al., 2011), PKA "
            "(Gu et al., 2009)].")
    rows = run(text, [
        mention(text, "trastuzumab", "DRUG", "trastuzumab"),
        mention(text, "activation", "ALTERATION", "activation", "alteration_words"),
        mention(text, "AKT", "GENE", "FPLX:AKT"),
        mention(text, "SRC", "GENE", "SRC"),
    ])
    assert [r[:4] for r in rows] == [("SRC", "activation", "trastuzumab", "resistance")]


def test_a_semicolon_inside_a_citation_bracket_breaks_no_clause():
    # the review seed (../shared/seeds/000_0792c4f2a95b5666.txt), shortened
    text = ("Many mechanisms of resistance to trastuzumab have been discovered, including deletions in tumor "
            "suppressor genes (e.g., PTEN; Christodoulou et al., 2009), mutations in components of HER "
            "signaling (e.g., PIK3CA (Kataoka et al., 2010)).")
    rows = run(text, [
        mention(text, "trastuzumab", "DRUG", "trastuzumab"),
        mention(text, "deletions", "ALTERATION", "deletion", "alteration_words"),
        mention(text, "PTEN", "GENE", "PTEN"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "PIK3CA", "GENE", "PIK3CA"),
    ])
    assert [r[:4] for r in rows] == [("PIK3CA", "mutation", "trastuzumab", "resistance"),
                                     ("PTEN", "deletion", "trastuzumab", "resistance")]


def test_cue_scan_on_lower_case_text_finds_what_case_folding_finds():
    """``RelationRules.find`` reads ASCII text lower-cased and tries each row only at the words
    it can open with; the rows it finds are those of each row's own case-folding pattern over
    the whole text (a copy of a table is not one the rules compiled a scan for: it is read row
    by row with case folding)."""
    texts = ["NSCLC Patients With EGFR T790M Were RESISTANT to Gefitinib but Remained Sensitive to osimertinib.",
             "It is thought that L858R may not confer resistance; Crizotinib-resistant cells.",
             "Cells were sensitive to Lorlatinib (IC50 ≈ 10 nM) — but not to Ceritinib.",  # not ASCII: case folding
             "No cue at all in this sentence.",
             # rows that open without a word boundary (no openings: scanned where their word is)
             "Imatinib-resistant or -intolerant patients; platinum-refractory disease; gefitinib-sensitive parental cells."]
    for text in texts:
        for table in (RULES.cues, RULES.modifiers):
            assert RULES.find(table, text) == RULES.find(list(table), text)
    assert RULES.find(RULES.cues, texts[0])  # the test reads cues, not only empty lists
    assert {c.value for c in RULES.find(RULES.cues, texts[-1])} == {"history"}


def test_a_table_row_whose_alternatives_open_at_a_word_opens_with_the_boundary_itself():
    """A row written "(?:\\bA|\\bB)" has no openings for ``rules._row_openings`` (it looks at
    how a row opens), and every text is then scanned with it, at every position. Such a row is
    written "\\b(?:A|B)" (same matches)."""
    for table in ("cues.tsv", "modifiers.tsv"):
        rows = [line.split("\t")[0] for line in (models_dir() / "rules" / "relations" / table).read_text(
            encoding="utf-8").splitlines() if line and not line.startswith("#")][1:]  # the header row first
        assert rows and not [row for row in rows if row.startswith("(?:\\b")], table


@pytest.mark.parametrize("source,openings", [
    (r"\bresist(?:ant|ance)?\b", {"res"}),
    (r"\bre(?:sist|fract)", {"res", "ref"}),  # through a group
    (r"\b(?:did|do|does) not respond", {"did", "do", "doe"}),  # a whole short word
    (r"\b(?:tumou?r )?(?:regression|shrinkage)\b", {"tum", "reg", "shr"}),  # an optional group
    (r"\b(?<!time to )(?:treatment|clinical) failure", {"tre", "cli"}),  # after a lookbehind
    (r"\brelapsed\b|\brefractory", {"rel", "ref"}),  # top-level alternatives
    (r"\bre?sist", None), (r"\bno", None),  # the word may be longer: "nor" is not filed under "no"
    (r"\b(?:ab)+cd", None), (r"-(?<=\w-)refractory", None), (r"(?:\bA|\bB)".lower(), None),
    (r"\bresistant|sensitive", None),  # one alternative not at a word
])
def test_a_rows_openings_are_the_words_its_matches_can_start_with(source, openings):
    from resmine.relations.rules import _row_openings

    assert _row_openings(source) == (None if openings is None else frozenset(openings))


@pytest.mark.parametrize("source,words", [
    (r"-(?<=\w-)refractory\b", {"refractory"}),
    (r"[\s-](?<=\w[\s-])(?<!\bmore[\s-])sensitive\s+cells", {"sensitive"}),  # not inside a lookbehind
    (r"-(?:resistant|intolerant)\b|r(?<=\wr)esistant", {"resistant", "intolerant", "esistant"}),
    (r"-(?:resistant)?\s+cells", {"cells"}), (r"-(?:res|sen)\b", None), (r"-refractor(?:y|ies)", {"refractor"}),
    (r"-refractory?", {"refractor"}),  # the quantified letter is left out
])
def test_a_rows_required_words_are_in_every_match(source, words):
    from resmine.relations.rules import _required_words

    assert _required_words(source) == (None if words is None else frozenset(words))
    if words:
        for match in re.finditer(source, "x-refractory, x-refractories, x resistant or -intolerant, a sensitive cells -res"):
            assert any(word in match.group() for word in words)


def test_refractory_as_a_populations_history_is_no_effect_cue():
    # CIViC train EID7498, EID1591 (a population's earlier treatment); a change's own
    # refractoriness stays resistance.
    assert ("platinum-refractory", "history") not in cue_values("A patient with platinum-refractory carcinoma.")
    assert ("-refractory", "history") in cue_values("A patient with platinum-refractory carcinoma.")
    assert ("cancer refractory to", "history") in cue_values(
        "patients with metastatic papillary thyroid cancer refractory to radioactive iodine")
    assert ("relapsed or refractory", "history") in cue_values("17 relapsed or refractory AML patients")
    assert ("refractory", "resistance") in cue_values("Tumors with the D816V mutation were refractory to imatinib.")
    # CIViC train EID4364: resistant or intolerant to the earlier drug is the population's history
    assert ("-resistant or -intolerant", "history") in cue_values(
        "In this retrospective study, imatinib-resistant or -intolerant patients, with chronic phase CML")
    # CIViC train EID6377, EID4144 (ninth round): the treatments the population failed before
    assert ("who failed previous treatments with", "history") in cue_values(
        "patients with metastatic and/or unresectable gastrointestinal stromal tumors (GISTs) who failed previous "
        "treatments with imatinib.")
    assert ("after failure of", "history") in cue_values("Patients treated with regorafenib after failure of imatinib.")
    # near miss (CIViC train EID5840): a drug failing its endpoint is no population's history
    assert cue_values("Everolimus failed to meet its enpoint.") == []
    # CIViC train EID1282: the drug the population progressed on; a change's own progression stays resistance
    assert ("that had progressed on", "history") in cue_values("in ALK positive NSCLC that had progressed on crizotinib.")
    assert ("progressed on", "resistance") in cue_values("The patient progressed on erlotinib after 8 months.")
    # near miss (a CIViCmine training sentence, read part): without "had", a change found at progression
    assert ("progressed on", "resistance") in cue_values(
        "The ALK-G1123S mutation was identified in an NSCLC patient who progressed on ceritinib treatment")


def test_the_measured_property_of_a_study_is_a_topic_cue():
    # CIViC train EID2451, EID1345, EID2628.
    assert ("study of imatinib sensitivity", "topic") in cue_values("In an in vitro study of imatinib sensitivity, ...")
    assert ("assessed for ceritinib sensitivity", "topic") in cue_values(
        "Ba/F3 cells expressing EML4-ALK were assessed for ceritinib sensitivity.")
    assert ("resistant", "resistance") in cue_values("Cells expressing KIT D816V were resistant to imatinib.")
    # CIViC train EID1346 (eighth round); near miss, EID1346 too: tested for a mutation, no topic
    assert ("tested for crizotinib sensitivity", "topic") in cue_values(
        "In Ba/F3 cells, EML4-ALK variant 3 with C1156Y was introduced and tested for crizotinib sensitivity.")
    assert cue_values("80 progressed tumors were tested for ALK mutations, and 6 mutant ALK variants were found.") == []
    # CIViC train EID6303: what a study related the genotype to, no finding of it
    assert cue_values("It assessed the relationship between BRAF mutation status in primary tumors and response to "
                      "oxaliplatin-based first-line therapy") == [
        ("relationship between BRAF mutation status in primary tumors and response to", "topic")]


def test_a_drug_sensitive_parental_cell_line_is_history():
    # CIViC train EID733, EID1289: the line's sensitivity before the resistance was acquired.
    assert ("-sensitive cell-line", "history") in cue_values(
        "In this study a gefitinib-sensitive cell-line (HCC827), acquired gefitinib resistance")
    assert (" sensitive EML4-ALK containing H3122 NSCLC cell line", "history") in cue_values(
        "Passaging of the alectinib sensitive EML4-ALK containing H3122 NSCLC cell line with alectinib")
    # a comparison of cell lines stays an effect
    assert ("history" not in {v for _, v in cue_values(
        "were more sensitive to BEZ-235 than two cell lines with wild-type PIK3CA")})


def test_definitions_found_before_a_that_are_those_of_the_whole_scan():
    """``anaphora._definitions`` looks for a definition only before a "that" or "which": on the
    three seed documents it finds what the expression's own scan finds, where it finds it."""
    from resmine.paths import shared_dir
    from resmine.relations.anaphora import _DEFINITION, _definitions

    texts = [join_line_breaks(p.read_text(encoding="utf-8")) for p in sorted((shared_dir() / "seeds").glob("*.txt"))]
    assert len(texts) == 3
    assert sum(1 for text in texts for _ in _DEFINITION.finditer(text)) > 0
    for text in texts:
        assert [m.span() for m in _definitions(text)] == [m.span() for m in _DEFINITION.finditer(text)]


def test_a_participle_takes_the_gene_it_is_said_of_when_the_unit_names_a_drug():
    # CIViC train EID457 (eleventh round), hand-written in its shape: "GENE was overexpressed"
    text = "When MYC was strongly overexpressed, the cells were resistant to the cytotoxic effects of cisplatin."
    found = [
        mention(text, "MYC", "GENE", "MYC"),
        mention(text, "overexpressed", "ALTERATION", "overexpression", "alteration_words"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ]
    assert run(text, found) == [("MYC", "overexpression", "cisplatin", "resistance", "C", False)]
    # near miss (hand-written, the shape of EID7430): with no drug in the sentence the condition
    # names no gene, so it borrows no treatment from the sentence before
    text = "The line was treated with cisplatin. The mutant induces resistance when BAX is down-regulated."
    found = [
        mention(text, "BAX", "GENE", "BAX"),
        mention(text, "down-regulated", "ALTERATION", "underexpression", "alteration_words"),
        mention(text, "cisplatin", "DRUG", "cisplatin"),
    ]
    assert run(text, found) == []


def test_the_drugs_a_comparison_is_made_against_take_no_effect():
    # CIViC train EID713, EID722 (eleventh round), hand-written in their shape: the reference
    # drugs after "than", the one listed with it too
    text = "Cells with the FGFR3 K650E mutation were more sensitive to erdafitinib than to dovitinib or ponatinib."
    found = [
        mention(text, "FGFR3", "GENE", "FGFR3"),
        mention(text, "K650E", "MUTATION", "K650E", "mutation_grammar"),
        mention(text, "erdafitinib", "DRUG", "erdafitinib"),
        mention(text, "dovitinib", "DRUG", "dovitinib"),
        mention(text, "ponatinib", "DRUG", "ponatinib"),
    ]
    assert run(text, found) == [("FGFR3", "K650E", "erdafitinib", "sensitivity", "A", False)]
    # near miss (hand-written): with no other drug the one after "than" stays the statement's
    text = "In cells with the FGFR3 K650E mutation, resistance was higher than with dovitinib."
    found = [
        mention(text, "FGFR3", "GENE", "FGFR3"),
        mention(text, "K650E", "MUTATION", "K650E", "mutation_grammar"),
        mention(text, "dovitinib", "DRUG", "dovitinib"),
    ]
    assert run(text, found) == [("FGFR3", "K650E", "dovitinib", "resistance", "A", False)]


def test_a_change_the_text_calls_known_sensitizing_takes_no_resistance():
    # CIViC train EID6317, EID6261 (eleventh round), hand-written in their shape: the only change
    # named is the cells' background, the resistance that of what they were made to express
    text = ("A451 cells carrying EGFR L858R (a known erlotinib sensitizing mutation) that were made to express "
            "extra copies of wild type MET were more resistant to erlotinib.")
    found = [
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "L858R", "MUTATION", "L858R", "mutation_grammar"),
        mention(text, "erlotinib", "DRUG", "erlotinib"),
        mention(text, "MET", "GENE", "MET"),
        mention(text, "erlotinib", "DRUG", "erlotinib", occurrence=1),
    ]
    assert run(text, found) == []
    # near miss (hand-written): without the aside the change keeps its resistance
    text = "A451 cells carrying EGFR L858R were more resistant to erlotinib."
    found = [
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "L858R", "MUTATION", "L858R", "mutation_grammar"),
        mention(text, "erlotinib", "DRUG", "erlotinib"),
    ]
    assert run(text, found) == [("EGFR", "L858R", "erlotinib", "resistance", "A", False)]


def test_a_drug_resistant_disease_is_the_population_history_when_another_drug_is_tested():
    # CIViC train EID1352, EID1845 (thirteenth round), hand-written in their shape: "DRUG-resistant"
    # before the disease it qualifies says how the tumour was selected, as before patients or cells
    text = ("The G719A mutation of EGFR was found in a woman with a gemcitabine-resistant metastatic NSCLC. "
            "Cells expressing EGFR G719A were sensitive to afatinib.")
    found = [
        mention(text, "G719A", "MUTATION", "G719A", "mutation_grammar"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "gemcitabine", "DRUG", "gemcitabine"),
        mention(text, "EGFR", "GENE", "EGFR", occurrence=1),
        mention(text, "G719A", "MUTATION", "G719A", "mutation_grammar", occurrence=1),
        mention(text, "afatinib", "DRUG", "afatinib"),
    ]
    assert [r[:4] for r in run(text, found)] == [("EGFR", "G719A", "afatinib", "sensitivity")]
    # a drug class before "resistant" too ("a chemotherapy-resistant advanced NSCLC")
    text = ("The G719A mutation of EGFR was found in a woman with a chemotherapy-resistant advanced NSCLC. "
            "Cells expressing EGFR G719A were sensitive to afatinib.")
    found = [
        mention(text, "G719A", "MUTATION", "G719A", "mutation_grammar"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "chemotherapy", "DRUG_CLASS", "chemotherapy"),
        mention(text, "EGFR", "GENE", "EGFR", occurrence=1),
        mention(text, "G719A", "MUTATION", "G719A", "mutation_grammar", occurrence=1),
        mention(text, "afatinib", "DRUG", "afatinib"),
    ]
    assert [r[:4] for r in run(text, found)] == [("EGFR", "G719A", "afatinib", "sensitivity")]
    # near miss (hand-written): with no other drug the resistance stays the change's
    text = "The G719A mutation of EGFR was found in a woman with a gemcitabine-resistant metastatic NSCLC."
    found = [
        mention(text, "G719A", "MUTATION", "G719A", "mutation_grammar"),
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "gemcitabine", "DRUG", "gemcitabine"),
    ]
    assert [r[:4] for r in run(text, found)] == [("EGFR", "G719A", "gemcitabine", "resistance")]


def test_a_family_activation_is_the_pathway_of_the_documents_change_not_a_variant():
    # CIViC train EID1194, EID733, EID1284, EID7402 (thirteenth round), hand-written in their shape:
    # the document names a fusion; the family's activation is how it signals
    text = ("The HCC827 cell line carries an EGFR E746_A750del mutation. "
            "Sustained MEK activation was associated with resistance to gefitinib in these cells.")
    found = [
        mention(text, "EGFR", "GENE", "EGFR"),
        mention(text, "E746_A750del", "MUTATION", "E746_A750del", "mutation_grammar"),
        mention(text, "MEK", "GENE", "FPLX:MEK"),
        mention(text, "activation", "ALTERATION", "activation", "alteration_words"),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
    ]
    assert not [r for r in run(text, found) if r[0] == "FPLX:MEK"]
    # near miss (hand-written): alone, a family's activation keeps its row
    text = "Sustained MEK activation was associated with resistance to gefitinib in these cells."
    found = [
        mention(text, "MEK", "GENE", "FPLX:MEK"),
        mention(text, "activation", "ALTERATION", "activation", "alteration_words"),
        mention(text, "gefitinib", "DRUG", "gefitinib"),
    ]
    assert [r[:2] for r in run(text, found)] == [("FPLX:MEK", "activation")]


def test_a_cue_written_with_its_own_drug_is_not_another_drugs():
    # CIViC train EID2943, EID1322 (thirteenth round), hand-written in their shape: "sensitivity to
    # erdafitinib" governs erdafitinib; dovitinib, nearer to it than to its own "resistance", keeps
    # the resistance written for it
    text = ("Preclinical data support resistance of the FGFR3 K650E kinase domain mutation, in particular, "
            "to dovitinib and sensitivity to erdafitinib.")
    found = [
        mention(text, "FGFR3", "GENE", "FGFR3"),
        mention(text, "K650E", "MUTATION", "K650E", "mutation_grammar"),
        mention(text, "dovitinib", "DRUG", "dovitinib"),
        mention(text, "erdafitinib", "DRUG", "erdafitinib"),
    ]
    assert [r[:4] for r in run(text, found)] == [("FGFR3", "K650E", "dovitinib", "resistance"),
                                                 ("FGFR3", "K650E", "erdafitinib", "sensitivity")]
    # near miss (hand-written): two drugs of one list share the cue written for the first
    text = "Cells with the FGFR3 K650E mutation showed sensitivity to erdafitinib and infigratinib."
    found = [
        mention(text, "FGFR3", "GENE", "FGFR3"),
        mention(text, "K650E", "MUTATION", "K650E", "mutation_grammar"),
        mention(text, "erdafitinib", "DRUG", "erdafitinib"),
        mention(text, "infigratinib", "DRUG", "infigratinib"),
    ]
    assert [r[:4] for r in run(text, found)] == [("FGFR3", "K650E", "erdafitinib", "sensitivity"),
                                                 ("FGFR3", "K650E", "infigratinib", "sensitivity")]


def test_a_qualifier_between_a_gene_and_its_alteration_word_keeps_them_together():
    # CIViC train EID796, EID1694 (thirteenth round), hand-written in their shape: "germline",
    # "somatic", "missense", "activating", "inactivating", "truncating" stand between a gene and
    # the alteration word it qualifies
    text = ("In 40 patients with gastric cancer treated with lapatinib, ERBB2 somatic mutation was "
            "associated with improved response rate.")
    found = [
        mention(text, "lapatinib", "DRUG", "lapatinib"),
        mention(text, "ERBB2", "GENE", "ERBB2"),
        mention(text, "mutation", "ALTERATION", "mutation", "alteration_words"),
    ]
    assert [r[:4] for r in run(text, found)] == [("ERBB2", "mutation", "lapatinib", "sensitivity")]
    # near miss (hand-written): another word between is still no qualifier of the change
    text = ("In 40 patients with gastric cancer treated with lapatinib, ERBB2 testing for mutation was "
            "associated with improved response rate.")
    found = [
        mention(text, "lapatinib", "DRUG", "lapatinib"),
        mention(text, "ERBB2", "GENE", "ERBB2"),
        mention(text, "mutation", "ALTERATION", "mutation", "alteration_words"),
    ]
    assert run(text, found) == []


def test_a_drug_named_by_its_regimen_is_the_context_drug_not_the_class():
    # CIViC train EID1694 (thirteenth round), hand-written in its shape: "cisplatin chemotherapy"
    # names cisplatin; the next sentence's change borrows the drug, not the class
    text = ("Responders and non-responders to cisplatin chemotherapy were sequenced. "
            "Of the responders, 20% had ERBB2 mutations, which were associated with response.")
    found = [
        mention(text, "cisplatin", "DRUG", "cisplatin"),
        mention(text, "chemotherapy", "DRUG_CLASS", "chemotherapy"),
        mention(text, "ERBB2", "GENE", "ERBB2"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
    ]
    assert [r[:4] for r in run(text, found)] == [("ERBB2", "mutation", "cisplatin", "sensitivity")]
    # near miss (hand-written): a list of a drug and a class lends both
    text = ("Patients received cisplatin and chemotherapy. "
            "ERBB2 mutations were associated with response.")
    found = [
        mention(text, "cisplatin", "DRUG", "cisplatin"),
        mention(text, "chemotherapy", "DRUG_CLASS", "chemotherapy"),
        mention(text, "ERBB2", "GENE", "ERBB2"),
        mention(text, "mutations", "ALTERATION", "mutation", "alteration_words"),
    ]
    assert sorted(r[2] for r in run(text, found)) == ["chemotherapy", "cisplatin"]


def test_a_bare_mutation_refers_back_to_the_one_exon_class_the_document_names():
    # CIViC train EID1219, EID993 (fourteenth round), hand-written in their shape: the class is
    # named once ("mutations in NRAS exon 3"), the effect later with the bare "NRAS-mutated"
    text = ("Somatic mutations in NRAS exon 3 were found in 40 of 120 melanomas. "
            "Patients with NRAS mutated tumours did not respond to binimetinib.")
    mentions = [
        mention(text, "mutations in NRAS exon 3", "ALTERATION", "exon 3 mutation", "mutation_grammar"),
        mention(text, "NRAS", "GENE", "NRAS"),
        mention(text, "NRAS", "GENE", "NRAS", occurrence=1),
        mention(text, "mutated", "ALTERATION", "mutation", "alteration_words"),
        mention(text, "binimetinib", "DRUG", "binimetinib"),
    ]
    assert [r[:4] for r in run(text, mentions)] == [("NRAS", "exon 3 mutation", "binimetinib", "resistance")]
    # near miss: two exon classes named, the bare mutation could be either: it stays a mutation
    text2 = text.replace("were found", "or in NRAS exon 2 were found")
    mentions2 = [
        mention(text2, "mutations in NRAS exon 3", "ALTERATION", "exon 3 mutation", "mutation_grammar"),
        mention(text2, "NRAS exon 2", "ALTERATION", "exon 2 mutation", "mutation_grammar"),
        mention(text2, "NRAS", "GENE", "NRAS", occurrence=2),
        mention(text2, "mutated", "ALTERATION", "mutation", "alteration_words"),
        mention(text2, "binimetinib", "DRUG", "binimetinib"),
    ]
    assert [r[:4] for r in run(text2, mentions2)] == [("NRAS", "mutation", "binimetinib", "resistance")]


def _fusion_rows(change_sentence: str, change: str) -> set[tuple[str, str]]:
    text = ("Patients with ALK fusions responded to crizotinib. " + change_sentence)
    return {r[:2] for r in run(text, [
        mention(text, "ALK fusions", "ALTERATION", "fusion", "mutation_grammar"),
        mention(text, "ALK", "GENE", "ALK"),
        mention(text, "crizotinib", "DRUG", "crizotinib"),
        mention(text, "brigatinib", "DRUG", "brigatinib"),
        mention(text, change, "MUTATION", change, "mutation_grammar"),
    ])}


def test_a_fusion_yields_to_a_change_the_text_names_as_arising_in_it():
    # hand-written: the change is written as one of the fusion, so the fusion is its background
    rows = _fusion_rows("Cells with the EML4-ALK G1202R were resistant to crizotinib but sensitive to "
                        "brigatinib.", "G1202R")
    assert ("ALK", "G1202R") in rows and ("ALK", "fusion") not in rows


def test_a_fusion_named_beside_a_change_without_a_link_keeps_its_row():
    # the near miss: the same change, named on its own after the population's fusion
    rows = _fusion_rows("Cells with G1202R were resistant to crizotinib but sensitive to brigatinib.", "G1202R")
    assert ("ALK", "G1202R") in rows and ("ALK", "fusion") in rows


def test_the_treatment_named_again_with_its_dose_does_not_stop_the_outcome_look_ahead():
    # CIViC train EID1273 (26938871): the treatment sentence, one naming nothing, the drug named
    # again with its dose and no effect, then the outcome, three sentences after the treatment.
    text = ("In this case study of a critically ill 29 year old male nonsmoker with advanced metastatic "
            "ALK-positive NSCLC, alectinib (CH5424802), was administered as first line treatment. Where most "
            "clinical trials only admit patients with Eastern Cooperative Oncology Performance status (PS) of 0 "
            "or 1, this patient had PS 4 due to respiratory failure, multiple bone metastases and complications "
            "from disseminated intravascular coagulation (DIC). Administration of alectinib at 300 mg twice daily "
            "was followed by marked improvement seen in tests associated with DIC, pulmonary metastasis and "
            "change in PS from 4 to 0. Further improvements after a couple of months suggested a rapid complete "
            "response.")

    def mentions(text):
        return [
            mention(text, "ALK", "GENE", "ALK"),
            mention(text, "positive", "ALTERATION", "fusion", "alteration_words"),
            mention(text, "alectinib", "DRUG", "alectinib"),
            mention(text, "CH5424802", "DRUG", "alectinib"),
            mention(text, "alectinib", "DRUG", "alectinib", occurrence=1),
        ]

    assert [r[:4] for r in run(text, mentions(text))] == [("ALK", "fusion", "alectinib", "sensitivity")]
    # near miss: the drug named again without a dose may be another statement about it: the
    # look-ahead stops there, as before
    text = text.replace(" at 300 mg twice daily", "")
    assert run(text, mentions(text)) == []


def test_a_genes_overexpression_yields_to_its_amplification():
    # CIViC train EID744 (26537256): the high expression is what the amplification makes; one
    # variant written twice
    text = ("The drug CBL0137 (a drug that interacts with SSRP1 aka FACT) exhibited a synergistic effect with "
            "standard chemotherapy (cyclophosphamide, etoposide, cisplatin, vincristine, etc.) by blocking repair "
            "of DNA damage caused by genotoxic drugs, thus creating a synthetic lethal environment in "
            "MYCN-amplified neuroblastoma cells. High MYCN expression was found to sensitize neuroblastoma cells "
            "to CBL0137.")

    def mentions(text):
        return [
            mention(text, "CBL0137", "DRUG", "cbl0137"),
            mention(text, "cisplatin", "DRUG", "cisplatin"),
            mention(text, "MYCN", "GENE", "MYCN"),
            mention(text, "amplified", "ALTERATION", "amplification", "alteration_words"),
            mention(text, "MYCN", "GENE", "MYCN", occurrence=1),
            mention(text, "High MYCN expression", "ALTERATION", "overexpression", "alteration_words"),
            mention(text, "CBL0137", "DRUG", "cbl0137", occurrence=1),
        ]

    rows = {r[:4] for r in run(text, mentions(text))}
    assert ("MYCN", "amplification", "cbl0137", "sensitivity") in rows
    assert not {r for r in rows if r[1] == "overexpression"}
    # near miss: the amplification not named (no mention of it), the overexpression is the variant
    rows = {r[:4] for r in run(text, [m for m in mentions(text) if m.normalized != "amplification"])}
    assert ("MYCN", "overexpression", "cbl0137", "sensitivity") in rows


def test_a_genes_plain_expression_yields_to_its_directed_expression():
    # CIViC train EID1118 (26894380): the knock-down says which way the same expression goes
    text = ("Researchers studied the effect of CIP2A expression in relation to gemcitabine sensitivity via SW1990 "
            "cell lines. SW1990 cells with CIP2A expression knocked-down displayed lower IC50 (p=.024), indicating "
            "a sensitivity to gemcitabine.")

    def mentions(second):
        return [
            mention(text, "CIP2A", "GENE", "CIP2A"),
            mention(text, "expression", "ALTERATION", "expression", "alteration_words"),
            mention(text, "gemcitabine", "DRUG", "gemcitabine"),
            mention(text, "CIP2A", "GENE", "CIP2A", occurrence=1),
            mention(text, "expression", "ALTERATION", second, "alteration_words", occurrence=1),
            mention(text, "gemcitabine", "DRUG", "gemcitabine", occurrence=1),
        ]

    assert {r[:4] for r in run(text, mentions("underexpression"))} == {
        ("CIP2A", "underexpression", "gemcitabine", "sensitivity")}
    # near miss: no directed class named, the plain expression row stays
    assert ("CIP2A", "expression", "gemcitabine", "sensitivity") in {r[:4] for r in run(text, mentions("expression"))}


def test_a_drug_of_the_populations_treatment_history_does_not_stop_the_outcome_look_ahead():
    # CIViC train EID8850 (32846060): the drug named in the outcome's sentence is what the
    # patients had before ("who had previously received"), not another treatment
    text = ("Patients with RET-fusion positive non-small cell lung cancer were enrolled in this phase 1-2 trial of "
            "RET inhibitor selpercatinib. Among 105 consecutively enrolled patients who had previously received "
            "at least platinum-based chemotherapy, the percentage with an objective response was 64% (95% "
            "confidence interval [CI], 54 to 73).")

    def mentions(text):
        return [
            mention(text, "RET", "GENE", "RET"),
            mention(text, "fusion", "ALTERATION", "fusion", "alteration_words"),
            mention(text, "RET", "GENE", "RET", occurrence=1),
            mention(text, "RET inhibitor", "DRUG_CLASS", "ret inhibitor"),
            mention(text, "selpercatinib", "DRUG", "selpercatinib"),
            mention(text, "platinum-based chemotherapy", "DRUG_CLASS", "platinum chemotherapy"),
        ]

    assert ("RET", "fusion", "selpercatinib", "sensitivity") in [r[:4] for r in run(text, mentions(text))]
    # near miss: without the history words the other drug is another treatment; the look-ahead
    # stops there, as before
    text = text.replace("who had previously received", "who then received")
    assert run(text, mentions(text)) == []


def test_a_sentence_naming_only_the_populations_earlier_treatments_is_passed_over():
    # CIViC train EID961 (22418700): the population, a sentence of its earlier treatments
    # ("All patients were previously treated with"), the trial's treatment, its outcome
    text = ("A phase II study involving adult female patients, >=18 years, with stage IIIB or IV HER2-positive (by "
            "IHC and/or in situ fluorescence) metastatic breast cancer. All patients were previously treated with "
            "trastuzumab and a median of three chemotherapy lines. 41 patients received 50 mg afatinib once-daily "
            "until disease progression and the primary endpoint was objective response rate. 4 patients (10% of "
            "41 treated; 11% of evaluable patients) had partial response and 15 patients (37% of 41) had stable "
            "disease as best response.")

    def mentions(text):
        return [
            mention(text, "HER2", "GENE", "ERBB2"),
            mention(text, "positive", "ALTERATION", "amplification", "alteration_words"),
            mention(text, "trastuzumab", "DRUG", "trastuzumab"),
            mention(text, "afatinib", "DRUG", "afatinib"),
        ]

    assert [r[:4] for r in run(text, mentions(text))] == [("ERBB2", "amplification", "afatinib", "sensitivity")]
    # near miss: a sentence naming the drug without the history words is the treatment itself,
    # whose outcome does not follow it: nothing is read, as before
    text = text.replace("were previously treated with", "were then treated with")
    assert run(text, mentions(text)) == []

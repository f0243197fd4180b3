"""Pure functions behind resmine's spaCy components: abbreviations and gene families."""

from resmine.lexicons import load_lexicon
from resmine.model import Mention
from resmine.mentions.abbreviations import propagate_abbreviations
from resmine.mentions.families import specialise_families


def _m(start, end, text, label, normalized, source="lexicon"):
    return Mention("d", start, end, text, label, normalized, source)


def test_short_form_takes_the_long_forms_entity_even_over_another_label():
    text = "pretreatment with phenobarbital (PB) and later PB alone"
    long_form = _m(18, 31, "phenobarbital", "DRUG", "phenobarbital")
    wrong = _m(47, 49, "PB", "GENE", "PBX")  # what a dictionary might say about "PB"
    out = propagate_abbreviations([long_form, wrong], [(33, 35, 18, 31), (47, 49, 18, 31)], text)
    short_forms = sorted((m.start, m.label, m.normalized, m.source) for m in out if m.text == "PB")
    assert short_forms == [(33, "DRUG", "phenobarbital", "abbreviation"),
                           (47, "DRUG", "phenobarbital", "abbreviation")]


def test_unnamed_short_form_gets_the_long_forms_name():
    text = "glucocorticoid receptor (GR) binds"
    out = propagate_abbreviations(
        [_m(0, 23, "glucocorticoid receptor", "GENE", "NR3C1", "ner"), _m(25, 27, "GR", "GENE", "", "ner")],
        [(25, 27, 0, 23)], text)
    assert [(m.text, m.normalized) for m in out if m.text == "GR"] == [("GR", "NR3C1")]


def test_a_long_form_that_is_no_entity_vetoes_a_dictionary_short_form_unless_it_reads_like_a_protein():
    text = "castration resistant prostate cancer (CRPC) and Klech-like ECH-associated protein 1 (Keap1)"
    crpc = _m(38, 42, "CRPC", "GENE", "CRPC")
    keap1 = _m(85, 90, "Keap1", "GENE", "KEAP1")
    out = propagate_abbreviations([crpc, keap1], [(38, 42, 0, 36), (85, 90, 48, 83)], text)
    assert out == [keap1]
    # a disease's short form goes even when the model agrees with the dictionary ...
    confirmed = _m(38, 42, "CRPC", "GENE", "CRPC", "lexicon+ner")
    assert propagate_abbreviations([confirmed], [(38, 42, 0, 36)], text) == []
    # ... any other entity-less long form vetoes only what the dictionary alone says
    text = "reduced folate carrier (RFC) uptake"
    rfc = _m(24, 27, "RFC", "GENE", "SLC19A1", "lexicon+ner")
    assert propagate_abbreviations([rfc], [(24, 27, 0, 22)], text) == [rfc]


def test_a_long_form_cut_out_of_a_longer_drug_name_still_defines_its_short_form():
    # BC5CDR dev (read part) 10027919: the detector's long form is "oxacalcitriol", inside "22-oxacalcitriol"
    text = "A new vitamin D analogue, 22-oxacalcitriol (OCT), has been shown. the effects of OCT on serum PTH"
    drug = _m(26, 42, "22-oxacalcitriol", "DRUG", "maxacalcitol", "lexicon+ner")
    assert text[29:42] == "oxacalcitriol" and text[44:47] == "OCT" and text[81:84] == "OCT"
    out = propagate_abbreviations([drug], [(44, 47, 29, 42), (81, 84, 29, 42)], text)
    assert sorted((m.start, m.label, m.normalized) for m in out if m.text == "OCT") == [
        (44, "DRUG", "maxacalcitol"), (81, "DRUG", "maxacalcitol")]
    # a drug name the dictionary alone gives around the long form overrides no short form the
    # model confirmed (GNormPlus train 10880513)
    text = "human interleukin-6 (IL-6), a known growth factor"
    drug = _m(0, 19, "human interleukin-6", "DRUG", "human interleukin-6")
    gene = _m(21, 25, "IL-6", "GENE", "IL6", "lexicon+ner")
    assert propagate_abbreviations([drug, gene], [(21, 25, 6, 19)], text) == [drug, gene]


def test_a_long_form_of_nomenclature_words_before_a_drug_is_one_drug_with_its_short_form():
    # BC5CDR dev (read part) 12109865 and 19211690 (BC5CDR train, read part)
    text = "selected patients. Low-molecular-weight heparin (LMWH) offers advantages. the use of LMWH in"
    heparin = _m(40, 47, "heparin", "DRUG", "heparin", "lexicon+ner")
    assert text[19:47] == "Low-molecular-weight heparin" and text[49:53] == "LMWH" and text[85:89] == "LMWH"
    out = propagate_abbreviations([heparin], [(49, 53, 19, 47), (85, 89, 19, 47)], text)
    assert sorted((m.text, m.label) for m in out) == [
        ("LMWH", "DRUG"), ("LMWH", "DRUG"), ("Low-molecular-weight heparin", "DRUG")]
    # an adjective before the drug is no part of its name
    text = "In Dahl rats, high-salt (HS) diet increases BP"
    salt = _m(19, 23, "salt", "DRUG", "sodium chloride", "lexicon+ner")
    assert text[14:23] == "high-salt" and text[25:27] == "HS"
    assert propagate_abbreviations([salt], [(25, 27, 14, 23)], text) == [salt]


def test_a_receptors_short_form_is_no_drug_though_its_ligand_is():
    # BC5CDR dev (read part) 11860495
    text = "PREGS is a potent positive modulator of N-methyl-d-aspartate receptors (NMDARs) and a negative"
    ligand = _m(40, 60, "N-methyl-d-aspartate", "DRUG", "n-methyl-d-aspartate", "lexicon+ner")
    gene = _m(72, 78, "NMDARs", "GENE", "FPLX:GRIN")
    assert text[40:70] == "N-methyl-d-aspartate receptors" and text[72:78] == "NMDARs"
    assert propagate_abbreviations([ligand, gene], [(72, 78, 40, 70)], text) == [ligand, gene]


def test_a_short_form_the_model_alone_took_for_a_chemical_goes_when_its_long_form_names_none():
    # BC5CDR dev (read part) 20394767 and 16867021
    text = "In contrast, the fear-potentiated startle (FPS) is suggested. tested in either LES or FPS."
    assert text[17:41] == "fear-potentiated startle" and text[43:46] == "FPS" and text[86:89] == "FPS"
    guesses = [_m(43, 46, "FPS", "DRUG", "", "ner"), _m(86, 89, "FPS", "DRUG", "", "ner_repeat")]
    assert propagate_abbreviations(guesses, [(43, 46, 17, 41), (86, 89, 17, 41)], text) == []
    # a long form that reads like a compound the dictionaries miss keeps it
    text = "(R)-alpha-methylhistamine (RAMH) (5 microg i.c.v.)"
    ramh = _m(27, 31, "RAMH", "DRUG", "", "ner")
    assert text[27:31] == "RAMH"
    assert propagate_abbreviations([ramh], [(27, 31, 0, 25)], text) == [ramh]


def test_a_name_in_brackets_after_a_named_drug_is_that_drug_where_the_detector_paired_nothing():
    # BC5CDR dev (read part) 9067481; BC5CDR train (read part) 10835440; BioRED-like gene case
    text = "the hepatotoxic effects of carbon tetrachloride (CCl4). CCl4 given; nimodipine (n=101)"
    ccl4 = _m(27, 47, "carbon tetrachloride", "DRUG", "carbon tetrachloride", "lexicon+ner")
    nimodipine = _m(68, 78, "nimodipine", "DRUG", "nimodipine", "lexicon+ner")
    assert text[49:53] == "CCl4" and text[56:60] == "CCl4" and text[68:78] == "nimodipine"
    out = propagate_abbreviations([ccl4, nimodipine], [], text)
    assert sorted((m.start, m.text, m.normalized) for m in out if m.source == "abbreviation") == [
        (49, "CCl4", "carbon tetrachloride"), (56, "CCl4", "carbon tetrachloride")]
    # not over a gene, nor after a drug no dictionary names
    text = "known to produce less interleukin-10 (IL-10), and N-acetyl-beta-D-glucosaminidase (NAG) activity"
    il10 = _m(22, 36, "interleukin-10", "DRUG", "ilodecakin")
    gene = _m(38, 43, "IL-10", "GENE", "IL10", "lexicon+ner")
    nag = _m(50, 81, "N-acetyl-beta-D-glucosaminidase", "DRUG", "", "ner")
    assert text[38:43] == "IL-10" and text[50:81] == "N-acetyl-beta-D-glucosaminidase"
    assert propagate_abbreviations([il10, gene, nag], [], text) == [il10, gene, nag]


def test_a_short_form_inside_a_longer_short_form_of_a_drug_is_part_of_it():
    # BC5CDR dev (read part) 2569282: the detector pairs "MED" with "medetomidine", the bracket
    # after dexmedetomidine gives "D-MED"
    text = "agonist dexmedetomidine (D-MED) is capable. treatment with D-MED prevents; L-isomer of medetomidine"
    dex = _m(8, 23, "dexmedetomidine", "DRUG", "dexmedetomidine", "lexicon+ner")
    med = _m(87, 99, "medetomidine", "DRUG", "medetomidine", "lexicon+ner")
    assert text[25:30] == "D-MED" and text[59:64] == "D-MED"
    pairs = [(27, 30, 87, 99), (61, 64, 87, 99)]
    out = propagate_abbreviations([dex, med], pairs, text)
    assert sorted((m.text, m.normalized) for m in out if m.source == "abbreviation") == [
        ("D-MED", "dexmedetomidine"), ("D-MED", "dexmedetomidine")]


def test_a_drug_name_vetoed_where_it_is_defined_is_vetoed_at_every_use_but_a_gene_is_not():
    text = "bleeding from disseminated intravascular coagulation (DIC); DIC resolved. tumour suppressor (TSP) and TSP"
    #       the definition: dictionary only        a later use: the model agrees with the dictionary
    defined = _m(54, 57, "DIC", "DRUG", "dacarbazine")
    used = _m(60, 63, "DIC", "DRUG", "dacarbazine", "lexicon+ner")
    gene_defined = _m(93, 96, "TSP", "GENE", "THBS1")
    gene_used = _m(102, 105, "TSP", "GENE", "THBS1", "lexicon+ner")
    assert [text[m.start:m.end] for m in (defined, used, gene_defined, gene_used)] == ["DIC", "DIC", "TSP", "TSP"]
    pairs = [(54, 57, 14, 52), (60, 63, 14, 52), (93, 96, 75, 91), (102, 105, 75, 91)]
    assert propagate_abbreviations([defined, used, gene_defined, gene_used], pairs, text) == [gene_used]
    # where the model took the defined short form for a drug, no use of it is vetoed
    agreed = _m(54, 57, "DIC", "DRUG", "dacarbazine", "lexicon+ner")
    assert propagate_abbreviations([agreed, used], pairs[:2], text) == [agreed, used]


def test_family_takes_the_one_member_the_document_names():
    members = load_lexicon().family_members
    assert {"BRAF", "RAF1", "ARAF"} <= members["FPLX:RAF"]
    one = [_m(0, 3, "RAF", "GENE", "FPLX:RAF"), _m(10, 14, "BRAF", "GENE", "BRAF")]
    assert [m.normalized for m in specialise_families(one, members)] == ["BRAF", "BRAF"]
    two = one + [_m(20, 24, "CRAF", "GENE", "RAF1")]
    assert [m.normalized for m in specialise_families(two, members)] == ["FPLX:RAF", "BRAF", "RAF1"]
    none = [_m(0, 3, "MEK", "GENE", "FPLX:MEK"), _m(10, 14, "BRAF", "GENE", "BRAF")]
    assert specialise_families(none, members)[0].normalized == "FPLX:MEK"


def test_ambiguous_name_takes_the_one_candidate_the_document_names():
    lexicon = load_lexicon()
    assert lexicon.gene_candidates("p62") == {"SQSTM1", "IGF2BP2"}  # HGNC aliases of both
    assert lexicon.normalize_gene("p62", any_case=True) is None  # never named blind
    assert lexicon.gene_candidates("EGFR") == frozenset()
    p62 = _m(0, 3, "p62", "GENE", "", "ner")
    with_sqstm1 = [p62, _m(10, 16, "SQSTM1", "GENE", "SQSTM1")]
    out = specialise_families(with_sqstm1, lexicon.family_members, lexicon.gene_candidates)
    assert [m.normalized for m in out] == ["SQSTM1", "SQSTM1"]
    alone = specialise_families([p62, _m(10, 14, "EGFR", "GENE", "EGFR")], lexicon.family_members,
                                lexicon.gene_candidates)
    assert alone[0].normalized == ""  # nothing in the document decides


def test_a_disease_long_form_vetoes_its_short_form_except_the_gene_named_after_it():
    text = "X-linked adrenoleukodystrophy (ALD): the ALD gene in ALD patients"
    long_form = (0, text.index(" (ALD)"))
    uses = [i for i in range(len(text)) if text.startswith("ALD", i)]
    mentions = [_m(u, u + 3, "ALD", "GENE", "ABCD1", "lexicon+ner") for u in uses]
    mentions.append(_m(9, long_form[1], "adrenoleukodystrophy", "GENE", "ABCD1", "ner"))
    out = propagate_abbreviations(mentions, [(u, u + 3, *long_form) for u in uses], text)
    assert [(m.start, m.text) for m in out] == [(uses[1], "ALD")]  # "the ALD gene"


def test_an_ambiguous_name_nothing_found_is_a_gene_where_the_document_names_one_candidate():
    from resmine.mentions.families import ambiguous_names_in_context

    lexicon = load_lexicon()
    text = "mineralocorticoid receptor signalling; the GR and p62 levels; gr"
    hits = lexicon.ambiguous_gene_hits(text)
    assert [text[s:e] for s, e, _ in hits] == ["GR", "p62"]  # not the lower-case "gr"
    named = [_m(0, 26, "mineralocorticoid receptor", "GENE", "NR3C2"), _m(100, 104, "GSR", "GENE", "GSR")]
    added = ambiguous_names_in_context("d", text, named, hits)
    assert [(m.text, m.normalized, m.source) for m in added] == [("GR", "GSR", "lexicon_context")]
    assert ambiguous_names_in_context("d", text, named[:1], hits) == []  # no candidate named


def test_ambiguous_names_are_whole_words_of_letters_and_digits_written_like_a_symbol():
    lexicon = load_lexicon()
    # after punctuation, an underscore and a hyphen; not inside a longer word, not in lower case
    text = "GR, p62/gr_GR Gr gr \u03b1GR GRs P62 Mr-GR"
    assert [text[s:e] for s, e, _ in lexicon.ambiguous_gene_hits(text)] == ["GR", "p62", "GR", "P62", "GR"]


def test_a_short_form_replaces_the_unnamed_model_span_around_it():
    text = "glucocorticoid receptor (GR) ... GR lacking hormone"
    long_form = _m(0, 23, "glucocorticoid receptor", "GENE", "NR3C1", "ner")
    guess = _m(33, 51, "GR lacking hormone", "GENE", "", "ner")
    out = propagate_abbreviations([long_form, guess], [(25, 27, 0, 23), (33, 35, 0, 23)], text)
    assert sorted((m.text, m.normalized) for m in out) == [
        ("GR", "NR3C1"), ("GR", "NR3C1"), ("glucocorticoid receptor", "NR3C1")]


def test_lexicon_component_reads_systematic_names_and_widens_drug_hits():
    from resmine.model import Document
    from resmine.nlp import annotate, load_pipeline

    text = "Cells were treated with 3'-azido-2',3'-deoxythymidine or propyl p-hydroxycinnamate for 2 h."
    annotated = next(annotate(load_pipeline(), [Document("d", "", "text", "", text)]))
    drugs = [(m.text, m.normalized) for m in annotated.mentions if m.label == "DRUG"]
    assert drugs == [("3'-azido-2',3'-deoxythymidine", "3'-azido-2',3'-deoxythymidine"),
                     ("propyl p-hydroxycinnamate", "propyl p-hydroxycinnamate")]


def test_a_genes_status_names_the_class_its_test_detects():
    # CIViC train statements (gene_status.tsv): EID7647 "HER2-positive" is ERBB2's amplification,
    # EID4849 "RET-positive" a RET fusion, EID2480 "CD117-positive (i.e. KIT-positive)" KIT's
    # expression; EID7246 "Her2/neu negative" names no change.
    from resmine.mentions.variants import status_mentions

    def statuses(text):
        return [(m.text, m.normalized, m.source) for m in status_mentions("d", text, load_lexicon())]

    assert statuses("patients with HER2-positive gastric cancer") == [("positive", "amplification", "gene_status")]
    assert statuses("34 were RET-positive (2%)") == [("positive", "fusion", "gene_status")]
    assert statuses("CD117-positive (i.e. KIT-positive) GISTs") == [("positive", "expression", "gene_status")] * 2
    assert statuses("Of the 12 patients, 3 were ALK+ by FISH") == [("+", "fusion", "gene_status")]
    assert statuses("a HR positive, Her2/neu negative breast cancer patient") == []  # HR: no gene; negative: no change
    assert statuses("TLK2-high breast cancer cells") == [("high", "overexpression", "gene_status")]
    assert statuses("tumours were positive for the marker; a positive correlation") == []


def test_a_gene_inside_an_inherited_deficiencys_name_is_no_gene_mention_but_its_short_form_elsewhere_is():
    from resmine.mentions.model_entities import without_genes_in_inherited_diseases
    from resmine.model import Document
    from resmine.nlp import annotate, load_pipeline

    # BioRED dev 15086325 (read part): BioRED annotates the disease, not the gene in its name;
    # "FV activity" is the gene, and "TRAF2 deficiency in B lymphocytes" (22711886) is no disease
    text = ("Molecular defects in two Chinese pedigrees with inherited factor V (FV) deficiency. The "
            "proband was diagnosed as inherited coagulation FV deficiency by severely reduced plasma "
            "levels of FV activity and antigen.")
    annotated = next(annotate(load_pipeline(), [Document("d", "", "text", "", text)]))
    genes = [(m.start, m.text) for m in annotated.mentions if m.label == "GENE"]
    assert genes == [(text.index("FV activity"), "FV")]
    mice = "TRAF2 deficiency in B lymphocytes; congenital antithrombin deficiency"
    at = mice.index("antithrombin")
    found = [_m(0, 5, "TRAF2", "GENE", "TRAF2"), _m(at, at + 12, "antithrombin", "GENE", "SERPINC1")]
    assert [m.text for m in without_genes_in_inherited_diseases(found, mice)] == ["TRAF2"]
    assert len(without_genes_in_inherited_diseases(found, mice, "gnormplus")) == 2


def test_a_gene_name_cut_before_its_isoform_letter_is_no_gene_mention_but_a_genotype_stays():
    import re

    from resmine.mentions.model_entities import without_cut_gene_names

    # BioRED dev 23651211 (read part): "TCF" of "TCF-4J" is a cut name; BioRED train's
    # "IL1B-511CC" is the gene with a genotype written on it
    text = "more than 2.0-fold in TCF-4J compared with TCF-4K expressing cells; IL1B-511CC carriers"
    found = [_m(m.start(), m.end(), m.group(), "GENE", "TCF4" if m.group() == "TCF" else m.group())
             for m in re.finditer(r"TCF|IL1B", text)]
    assert [m.text for m in without_cut_gene_names(found, text)] == ["IL1B"]


def test_a_chromosome_band_is_no_gene_mention_but_the_symbol_it_looks_like_is():
    import re

    from resmine.mentions.model_entities import without_chromosome_bands

    # BioRED dev 6086495 (read part): "p21" of "in the p21 region"; GNormPlus train's read part:
    # "t(2;6)(q31;p21.3)", "chromosome 2p15-p16"; NLM-Gene's "increased expression of p21."
    text = ("the gene is located on the short arm of the X chromosome, in the p21 region; t(2;6)(q31;p21.3); "
            "chromosome 2p15-p16; increased expression of p21. p16 and p21 were induced")
    found = [_m(m.start(), m.end(), m.group(), "GENE", m.group()) for m in re.finditer(r"(?<![\w.])p\d\d\b", text)]
    assert len(found) == 6
    kept = [(m.start, m.text) for m in without_chromosome_bands(found, text)]
    assert kept == [(text.index("p21. "), "p21"), (text.index("p16 and"), "p16"), (text.index("p21 were"), "p21")]


def test_a_codon_is_no_gene_mention_but_a_symbol_of_three_bases_is():
    import re

    from resmine.mentions.model_entities import without_codons

    # BioRED dev 21042587 (read part): "replacing an arginine (CGA) by a stop (TGA)"; BioRED train's
    # read part: "the angiotensinogen (AGT) gene", "(GCG)6(GCA)3GCG", "CAT C262T"
    text = ("replacing an arginine (CGA) by a stop (TGA) at amino-acid 469; the angiotensinogen (AGT) gene; "
            "the normal (GCG)6(GCA)3GCG sequence; the CAT C262T SNP")
    found = [_m(m.start(), m.end(), m.group(), "GENE", m.group()) for m in re.finditer(r"CGA|AGT|GCG|GCA|CAT", text)]
    assert [m.text for m in without_codons(found, text)] == ["AGT", "CAT"]

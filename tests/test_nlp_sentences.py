from resmine.model import Passage
from resmine.nlp.sentences import split_sentences, split_text


def spans_text(text, spans):
    return [text[s:e] for s, e in spans]


def test_splits_after_period_before_capital():
    text = "EGFR is mutated. Resistance follows. 3 patients relapsed."
    assert spans_text(text, split_text(text)) == [
        "EGFR is mutated.", "Resistance follows.", "3 patients relapsed."
    ]


def test_keeps_abbreviations_and_initials_inside_a_sentence():
    text = "As shown by Smith et al. (2010) and in Fig. 2, e.g. Gefitinib works. J. Doe agreed."
    assert spans_text(text, split_text(text)) == [
        "As shown by Smith et al. (2010) and in Fig. 2, e.g. Gefitinib works.",
        "J. Doe agreed.",
    ]


def test_hard_line_breaks_stay_inside_sentences_and_decimals_do_not_split():
    text = "The IC50 was 1.5 nM in\ncells with the mutation. Next one."
    assert spans_text(text, split_text(text)) == [
        "The IC50 was 1.5 nM in\ncells with the mutation.", "Next one."
    ]


def test_sentences_never_cross_passages_and_rows_stay_whole():
    text = "Heading\nFirst. Second.\nL1196M\tGatekeeper. Residue\t7%"
    passages = [
        Passage("heading", "", 0, 7),
        Passage("paragraph", "Heading", 8, 22),
        Passage("table_row", "Heading", 23, len(text)),
    ]
    assert spans_text(text, split_sentences(text, passages)) == [
        "Heading", "First.", "Second.", "L1196M\tGatekeeper. Residue\t7%"
    ]


def test_citation_marks_after_the_period_do_not_hide_a_boundary():
    text = "It confers resistance.^{[4][10]} Interestingly, others do.[\\[3\\]](#) **Next** one."
    assert spans_text(text, split_text(text)) == [
        "It confers resistance.^{[4][10]}", "Interestingly, others do.[\\[3\\]](#)", "**Next** one."
    ]


def test_a_mutation_ending_in_a_capital_letter_ends_a_sentence():
    text = "Resistance arose with V1180L. Interestingly, I1171T did not."
    assert spans_text(text, split_text(text)) == ["Resistance arose with V1180L.", "Interestingly, I1171T did not."]

"""Misspelt names of targeted drugs (``resmine.lexicons.spelling``): the issue's EID274
("Gefinitib has been shown to be effective …", CIViC) and CIViCmine's "vemurafinib"."""

from __future__ import annotations

from resmine.lexicons import load_lexicon
from resmine.lexicons.spelling import edit_distance, misspelt_drug_hits, nearest_drug


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit_and_stops_at_its_limit():
    assert edit_distance("gefitinib", "gefitinib", 2) == 0
    assert edit_distance("erlotnib", "erlotinib", 2) == 1  # a letter left out
    assert edit_distance("gefitnib", "gefitinib", 2) == 1
    assert edit_distance("abcd", "abdc", 2) == 1  # neighbours swapped
    assert edit_distance("gefinitib", "gefitinib", 2) == 2
    assert edit_distance("imatinib", "sorafenib", 2) == 3  # past the limit: limit + 1


def test_a_misspelt_kinase_inhibitor_is_read_as_the_dictionary_drug():
    lexicon = load_lexicon()
    text = "Gefinitib has been shown to be effective; so were vemurafinib and erlotnib."
    hits = misspelt_drug_hits(text, lexicon.match(text), lexicon)
    assert [(h.text, h.label, h.normalized) for h in hits] == [
        ("Gefinitib", "DRUG", "gefitinib"), ("vemurafinib", "DRUG", "vemurafenib"), ("erlotnib", "DRUG", "erlotinib")]


def test_known_names_other_words_and_ties_are_left_alone():
    lexicon = load_lexicon()
    # spelt right: the dictionary's own hit; not an -ib/-mab word; too short
    text = "Gefitinib and the inhibitor; crib and Ibib."
    assert misspelt_drug_hits(text, lexicon.match(text), lexicon) == []
    names = {"axitinib": "axitinib", "afatinib": "afatinib"}
    assert nearest_drug("axatinib", names, 2) is None  # one edit from both: no guess
    assert nearest_drug("bxitinib", names, 2) is None  # another first letter
    # a well-formed INN name two edits from a listed drug is a drug the dictionary lacks, not a misspelling
    assert nearest_drug("afutinib", {"axitinib": "axitinib"}, 1) is None
    assert nearest_drug("afutinib", {"axitinib": "axitinib"}, 2) == "axitinib"

"""Repeated words cached by the tokenizers outside annotate's memory zones
(resmine.nlp.token_cache): the same tokens, the same mentions, bounded in number."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from resmine.model import Document
from resmine.nlp import annotate, load_pipeline
from resmine.nlp.token_cache import keep_repeated_words, kept_words
from resmine.readers.pubtator import read_pubtator

# BC5CDR train's first three abstracts (tests/fixtures/readers/README.md)
ABSTRACTS = [d for d in read_pubtator(Path(__file__).parent / "fixtures" / "readers" / "bc5cdr_train_first3.PubTator.txt")
             if isinstance(d, Document)]
TEXTS = [d.text for d in ABSTRACTS]


def _tokens(nlp, texts):
    with nlp.memory_zone():
        return [[(t.text, t.whitespace_) for t in nlp.make_doc(text)] for text in texts]


def test_repeated_words_are_kept_and_words_seen_once_are_not():
    nlp = spacy.blank("en")
    keep_repeated_words(nlp, TEXTS)
    words = [w for text in TEXTS for w in text.split()]
    assert "the" in kept_words(nlp) and "the" in nlp.vocab  # a lexeme for good, outside any zone
    once = next(w for w in words if words.count(w) == 1 and w.isalpha() and w not in nlp.vocab)
    assert once not in kept_words(nlp)
    assert kept_words(nlp) == {w for w in words if words.count(w) >= 2}


def test_the_tokens_are_the_same_with_the_words_kept():
    kept = spacy.blank("en")
    keep_repeated_words(kept, TEXTS)
    assert _tokens(kept, TEXTS) == _tokens(spacy.blank("en"), TEXTS)


def test_at_most_limit_words_are_kept_and_none_inside_a_zone():
    nlp = spacy.blank("en")
    with nlp.memory_zone():
        keep_repeated_words(nlp, TEXTS)
    assert not kept_words(nlp)
    keep_repeated_words(nlp, TEXTS, limit=10)
    keep_repeated_words(nlp, TEXTS, limit=10)  # a second group: no room left
    assert len(kept_words(nlp)) == 10
    assert "the" in kept_words(nlp)  # most repeated first


def test_annotate_keeps_the_repeated_words_of_both_tokenizers_and_finds_the_same_mentions():
    nlp = load_pipeline()
    none = load_pipeline(overrides={"resmine.tokenizer_cache_words": 0})
    kept = [part.mentions for part in annotate(nlp, ABSTRACTS)]
    assert kept == [part.mentions for part in annotate(none, ABSTRACTS)]
    assert "the" in kept_words(nlp) and "the" in kept_words(nlp.get_pipe("resmine_ner").ner_nlp)
    assert not kept_words(none) and not kept_words(none.get_pipe("resmine_ner").ner_nlp)


@pytest.mark.parametrize("special_cases", [True, False])  # False: as the NER model's tokenizer
def test_every_kept_word_is_cached_even_after_a_special_case_and_beyond_spacys_default_cap(special_cases):
    """A kept word read in a zone never reaches the tokenizer's affix expressions: spaCy found it
    in its cache. (One call for all words joined cached none after the first special case, "e.g."
    here, and spaCy's default cap of 10,000 words stopped the cache before our limit.)"""
    nlp = spacy.blank("en")
    if not special_cases:
        nlp.tokenizer.rules = {}
    nlp.tokenizer.max_cache_size = 5  # as if the cap were filled at load time
    searched: list[str] = []
    prefix_search = nlp.tokenizer.prefix_search

    def counted(text):
        searched.append(text)
        return prefix_search(text)

    nlp.tokenizer.prefix_search = counted  # set before any word is cached: setting it empties the cache
    texts = ["e.g. e.g. " + text for text in TEXTS]
    keep_repeated_words(nlp, texts)
    assert "e.g." in kept_words(nlp) and len(kept_words(nlp)) > 5
    searched.clear()
    with nlp.memory_zone():
        for word in kept_words(nlp):
            nlp.make_doc(word)
    assert searched == []
    with nlp.memory_zone():
        nlp.make_doc("carboxyhemoglobinemia")  # a word never kept goes through the expressions
    assert searched

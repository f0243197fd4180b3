"""Repeated words cached by the tokenizers outside annotate's memory zones
(resmine.nlp.token_cache): the same tokens, the same mentions, bounded in number."""

from __future__ import annotations

from pathlib import Path

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

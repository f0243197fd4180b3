"""The tokenizer of resmine's NER models: whitespace, then every punctuation mark on its own.

Biomedical entity boundaries fall inside what English tokenizers keep whole: "IL-2" in
"IL-2-induced", "EGFR" in "EGFR/HER2", "Ca2+" next to a bracket. Splitting every non-word
character keeps 99%+ of the training corpora's entity boundaries on token boundaries (see
``resmine eval-ner``, which reports the misaligned ones), and the statistical model learns
from the rest. Letters and digits are never split: "BRCA1", "V600E", "AZD9291" stay one token.

Registered as ``resmine.biomedical_tokenizer.v1`` so a model's ``config.cfg`` names it::

    [nlp.tokenizer]
    @tokenizers = "resmine.biomedical_tokenizer.v1"
    prefix_chars = 1
    suffix_chars = 3

``prefix_chars`` / ``suffix_chars`` set how many characters the model's ``PREFIX`` and
``SUFFIX`` token attributes hold (spaCy's defaults, 1 and 3, when not given): the hashed
embeddings of ``ner.cfg`` read them, and longer affixes ("CYP", "-tinib", "-azole") are
character-level evidence for a name the model never saw, at no cost in speed.
"""

from __future__ import annotations

import re

from spacy.attrs import PREFIX, SUFFIX
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

_PUNCT = r"[^\w\s]|_"


def biomedical_tokenizer(nlp: Language) -> Tokenizer:
    """A spaCy Tokenizer splitting whitespace and isolating each punctuation character."""
    return Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=re.compile(rf"^(?:{_PUNCT})").search,
        suffix_search=re.compile(rf"(?:{_PUNCT})$").search,
        infix_finditer=re.compile(_PUNCT).finditer,
    )


def set_affix_widths(nlp: Language, prefix_chars: int, suffix_chars: int) -> None:
    """Make ``PREFIX``/``SUFFIX`` the first ``prefix_chars`` / last ``suffix_chars`` characters,
    for the words this vocabulary will meet and the few it already holds (tokenizer exceptions)."""
    if prefix_chars < 1 or suffix_chars < 1:
        raise ValueError(f"affix widths must be at least 1, not {prefix_chars} and {suffix_chars}")
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # missing from spaCy's stubs
    getters[PREFIX] = lambda string: string[:prefix_chars]
    getters[SUFFIX] = lambda string: string[-suffix_chars:]
    for lexeme in nlp.vocab:
        lexeme.prefix_ = lexeme.orth_[:prefix_chars]
        lexeme.suffix_ = lexeme.orth_[-suffix_chars:]


@registry.tokenizers("resmine.biomedical_tokenizer.v1")
def create_biomedical_tokenizer(prefix_chars: int = 1, suffix_chars: int = 3):
    def create(nlp: Language) -> Tokenizer:
        if (prefix_chars, suffix_chars) != (1, 3):  # spaCy's own widths: leave its getters be
            set_affix_widths(nlp, prefix_chars, suffix_chars)
        return biomedical_tokenizer(nlp)

    return create

"""Repeated words kept in a tokenizer's cache across memory zones.

``annotate_windows`` reads each group of documents in a spaCy memory zone, so that the
vocabulary does not keep every new word for good. But spaCy (3.8) caches no tokenization made
inside a zone (``Tokenizer._save_cached`` returns when ``vocab.in_memory_zone``): there, every
word of every document goes through the tokenizer's prefix, suffix and infix expressions again,
"the" as often as it occurs. A word tokenized outside a zone is cached for good, with its
lexemes, and a zone finds it in the cache. So before a group is read, the words it repeats are
tokenized once outside the zone, up to a fixed number of words per tokenizer: memory stays
bounded, and the first groups of a run fill the cache with its common words. The tokens are
the same either way: a cached word is split as it was split the first time.

Two limits of spaCy's cache are met here. It holds ``max_cache_size`` words (10,000 by default,
much of it filled at load time by the dictionaries' patterns), so each tokenizer's cap is raised
by the words kept. And a tokenizer call caches no word after the first that meets a special
case ("e.g.", "vs."): one call for the group's words joined by spaces cached only those before
the first such word. A tokenizer with special cases tokenizes each word that may meet one by a
call of its own, and the words of letters and digits alone in one call (a call costs what some
15 words do: 0.45-0.56 -> 0.34-0.38 CPU s for the 11,997 repeated words of 800 abstracts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from spacy.language import Language

# The most words a tokenizer keeps cached this way (``[resmine] tokenizer_cache_words``): each
# is a cache entry and a lexeme or a few, some hundred bytes.
TOKENIZER_CACHE_WORDS = 50_000
# A word a group holds once is left to the zone: tokenizing it outside costs what reading it does.
MIN_REPEATS = 2

# The words each Language's tokenizer keeps cached; a pipeline reused by many runs (a Dask
# worker reading shard after shard) keeps one count.
_KEPT: WeakKeyDictionary[Language, set[str]] = WeakKeyDictionary()


def keep_repeated_words(nlp: Language, texts: Iterable[str], limit: int = TOKENIZER_CACHE_WORDS) -> None:
    """Tokenize with ``nlp``'s tokenizer, outside any memory zone, the words (runs of
    non-space characters, as the tokenizer cuts its text first) that ``texts`` hold at least
    :data:`MIN_REPEATS` times, most repeated first, until ``nlp`` keeps ``limit`` words. Inside
    a zone it does nothing: what is tokenized there is not cached."""
    if nlp.vocab.in_memory_zone:  # type: ignore[attr-defined]  # missing from spaCy's stubs
        return
    kept = _KEPT.setdefault(nlp, set())
    room = limit - len(kept)
    if room <= 0:
        return
    counts = Counter(word for text in texts for word in text.split())
    new = [word for word, n in counts.most_common() if n >= MIN_REPEATS and word not in kept][:room]
    if not new:
        return
    tokenizer = nlp.tokenizer
    if not kept and hasattr(tokenizer, "max_cache_size"):
        tokenizer.max_cache_size += limit
    # not make_doc: no max_length to mind
    rules = getattr(tokenizer, "rules", None)
    if rules:
        plain: list[str] = []
        others: list[str] = []
        for word in new:
            (plain if _meets_no_special_case(word, rules) else others).append(word)
        tokenizer(" ".join(plain))
        for word in others:
            tokenizer(word)
    else:  # no special cases: one call for all (a call costs what some 15 words do)
        tokenizer(" ".join(new))
    kept.update(new)


def _meets_no_special_case(word: str, rules: dict) -> bool:
    """Whether tokenizing ``word`` cannot meet a special case, so that a call of many such words
    caches them all: ASCII letters and digits (no prefix or suffix of spaCy's English rules is
    a letter; a number's unit split off leaves a number) that are no special case themselves
    ("cannot", "10am" are). Only the caching depends on it: a word is split the same either way."""
    return word.isascii() and word.isalnum() and word not in rules


def kept_words(nlp: Language) -> frozenset[str]:
    """The words :func:`keep_repeated_words` had ``nlp``'s tokenizer keep."""
    return frozenset(_KEPT.get(nlp, ()))


__all__ = ["MIN_REPEATS", "TOKENIZER_CACHE_WORDS", "keep_repeated_words", "kept_words"]

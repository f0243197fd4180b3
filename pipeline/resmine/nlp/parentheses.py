"""The parenthesised spans scispaCy's abbreviation detector reads, found in time and memory
linear in the document.

scispaCy's ``AbbreviationDetector`` finds candidate definitions with a spaCy ``Matcher`` on
``( any+ )``; a Matcher returns *every* match, so each "(" pairs with every later ")" of the
document: a 1 MB review (≈ 200,000 tokens, thousands of parentheses) gave millions of matches,
2.4 GB and 47 s, all but a few thrown away by the detector's own filter, which keeps only
matches with at most :data:`MAX_INSIDE` tokens between the brackets.
:class:`ParenthesisMatcher` returns exactly the matches the filter can keep, in the Matcher's
order, so the detector's definitions are unchanged.

:class:`DefinitionMatcher` adds the definitions scispaCy's pattern cannot see, whose short form
is followed by a remark inside the brackets: "Tetrahydrolipstatin (THL, Figure 1A)",
"5-methoxy-...-one (MmPPOX, also known as compound 7600, Figure 1B)", "(THL; Orlistat)". Full
texts write them so when they point at a figure or give a synonym, and a short form left
undefined is read by the model use by use (in one PLoS One article, MmPPOX was a drug in one
sentence and a gene in the next).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

import numpy
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.vocab import Vocab

# The marks after which a bracket goes on with a remark on the short form before them.
REMARK_SEPARATORS = (",", ";")
# A short form written before a remark has at most this many tokens ("THL", "NF - kB").
MAX_SHORT_FORM_TOKENS = 3

# scispaCy's filter_matches drops a match with more than 8 tokens between its brackets.
MAX_INSIDE = 8


class ParenthesisMatcher:
    """Called like the detector's ``Matcher``: ``(match_id, start, end)`` for every "(" ... ")"
    token span with 1 to ``max_inside`` tokens inside (brackets included in the span), ordered
    as spaCy's Matcher orders them: by end, then the later start first."""

    def __init__(self, vocab: Vocab, max_inside: int = MAX_INSIDE, key: str = "parenthesis") -> None:
        self.max_inside = max_inside
        self.match_id = vocab.strings.add(key)
        self.open_orth = vocab.strings.add("(")
        self.close_orth = vocab.strings.add(")")

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return self.bracket_matches(doc.to_array("ORTH")) if len(doc) else []

    def bracket_matches(self, orth: numpy.ndarray) -> list[tuple[int, int, int]]:
        """The matches in a Doc whose tokens' ``ORTH`` values are ``orth``."""
        opens = numpy.flatnonzero(orth == self.open_orth)
        closes = numpy.flatnonzero(orth == self.close_orth)
        spans: list[tuple[int, int]] = []
        for close in closes.tolist():
            # the opens 2..max_inside+1 tokens before this ")", later ones first
            low = numpy.searchsorted(opens, close - self.max_inside - 1)
            high = numpy.searchsorted(opens, close - 1)
            spans.extend((start, close + 1) for start in reversed(opens[low:high].tolist()))
        return [(self.match_id, start, end) for start, end in spans]


def looks_like_short_form(text: str) -> bool:
    """Whether ``text`` reads as an abbreviation rather than a word ("THL", "MmPPOX", "IL2",
    not "Figure", "Sigma", "see"): two capitals, or a capital and a digit. A bracket that
    goes on after a comma is more often a citation or a list than a definition, so only
    abbreviation-like words start one."""
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 or (capitals == 1 and any(c.isdigit() for c in text))


class Words(Protocol):
    """A document's words by index: a list of them, or what reads them when asked for."""

    def __len__(self) -> int: ...
    def __getitem__(self, k: int, /) -> str: ...


def remark_definitions(words: Words, match_id: int, opens: Iterable[int] | None = None) -> list[tuple[int, int, int]]:
    """``(match_id, start, end)`` for each "( SF ," or "( SF ;" whose SF (1 to
    :data:`MAX_SHORT_FORM_TOKENS` tokens) starts with a word that looks like a short form: the separator stands where
    the detector expects the closing bracket, so the detector reads SF as it reads "(SF)".
    ``opens``: the indices of the "(" of ``words`` in order, when the caller knows them."""
    found = []
    for start in (k for k in range(len(words)) if words[k] == "(") if opens is None else opens:
        for size in range(1, MAX_SHORT_FORM_TOKENS + 1):
            end = start + size + 1
            if end >= len(words) or words[end - 1] in ("(", ")", *REMARK_SEPARATORS):
                break
            if words[end] in REMARK_SEPARATORS:
                if looks_like_short_form(words[start + 1]):  # its first word: "(Figure 2A, B)" is none
                    found.append((match_id, start, end + 1))
                break
    return found


class _TokenTexts:
    """The texts of a Doc's tokens, each read from the strings when asked for: the remarks after
    a bracket need a few words per "(", and a Token object made for every word of the document
    cost more than the rest of the detector's matching."""

    def __init__(self, orth: numpy.ndarray, strings: StringStore) -> None:
        self.orth = orth
        self.strings = strings

    def __len__(self) -> int:
        return len(self.orth)

    def __getitem__(self, k: int) -> str:
        return self.strings[int(self.orth[k])]


class DefinitionMatcher(ParenthesisMatcher):
    """:class:`ParenthesisMatcher`'s matches, then :func:`remark_definitions`. The detector
    keeps the first definition of each short form in this order, so a plain "(SF)" still wins
    over a bracket with a remark."""

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        orth = doc.to_array("ORTH")
        opens = numpy.flatnonzero(orth == self.open_orth).tolist()
        return self.bracket_matches(orth) + remark_definitions(_TokenTexts(orth, doc.vocab.strings), self.match_id,
                                                               opens)


# "cyclophosphamide (CYP)-induced cystitis": a definition whose closing bracket runs on into a
# hyphened word. The pipeline's tokenizer keeps "CYP)-induced" as one token, so the detector's
# "( SF )" never sees the short form, nor its matcher the other uses written so (read in BioRED
# train's read part, eleventh session: ten uses of CYP, none a drug).
# The word after the hyphen says what the thing defined does or undergoes ("-induced",
# "-treated", "-mediated"): a lower-case word of three letters or more and no Greek letter's
# name; "tumor necrosis factor (TNF)-alpha" and "(VEGF)-A" cut a short form out of a longer name.
_HYPHENED_DEFINITION = re.compile(r"(?<=\s)\((?P<short>[^\W\d_][\w-]{1,8})\)-"
                                  r"(?!(?:alpha|beta|gamma|delta|epsilon|kappa)\b)(?=[a-z]{3})")


def hyphened_definitions(doc: Doc, known: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """``(short_start, short_end, long_start, long_end)`` for each definition written
    "long form (SF)-word" (:data:`_HYPHENED_DEFINITION`) whose short form and long form the
    detector did not define (``known``, the same tuples), and for every other use of that
    short form as a word of its own. The long form is found as the detector finds it: within
    as many words before the bracket as its short form allows, by Schwartz and Hearst's
    algorithm (scispaCy's ``find_abbreviation``, with its filter on the short form)."""
    from scispacy.abbreviation import find_abbreviation, short_form_filter

    text = doc.text
    defined_short = {text[s:e] for s, e, _, _ in known}
    defined_long = {text[s:e] for _, _, s, e in known}
    found: list[tuple[int, int, int, int]] = []
    for match in _HYPHENED_DEFINITION.finditer(text):
        short = match["short"]
        bracket = doc.char_span(match.start(), match.start() + 1)
        if short in defined_short or bracket is None:
            continue
        if not short_form_filter(_ShortForm(short)):
            continue
        max_words = min(len(short) + 5, len(short) * 2)
        candidate = doc[max(bracket.start - max_words, 0):bracket.start]
        _, long = find_abbreviation(candidate, _ShortForm(short))
        if long is None or not len(long) or long.text in defined_long:
            continue
        defined_short.add(short)
        defined_long.add(long.text)
        for use in re.finditer(r"(?<!\w)" + re.escape(short) + r"(?!\w)", text):
            found.append((use.start(), use.end(), long.start_char, long.end_char))
    return found


class _ShortForm(list):
    """A short form cut out of a token, read by scispaCy's functions as they read a Span: its
    ``text`` and its words (one)."""

    def __init__(self, text: str) -> None:
        super().__init__([_Word(text)])
        self.text = text


class _Word:
    def __init__(self, text: str) -> None:
        self.text = text

    def __len__(self) -> int:
        return len(self.text)

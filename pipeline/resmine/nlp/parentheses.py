"""The parenthesised spans scispaCy's abbreviation detector reads, found in time and memory
linear in the document.

scispaCy's ``AbbreviationDetector`` finds candidate definitions with a spaCy ``Matcher`` on
``( any+ )``; a Matcher returns *every* match, so each "(" pairs with every later ")" of the
document: a 1 MB review (≈ 200,000 tokens, thousands of parentheses) gave millions of matches,
2.4 GB and 47 s, all but a few thrown away by the detector's own filter, which keeps only
matches with at most :data:`MAX_INSIDE` tokens between the brackets.
:class:`ParenthesisMatcher` returns exactly the matches the filter can keep, in the Matcher's
order, so the detector's definitions are unchanged.
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc
from spacy.vocab import Vocab

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
        if not len(doc):
            return []
        orth = doc.to_array("ORTH")
        opens = numpy.flatnonzero(orth == self.open_orth)
        closes = numpy.flatnonzero(orth == self.close_orth)
        spans: list[tuple[int, int]] = []
        for close in closes.tolist():
            # the opens 2..max_inside+1 tokens before this ")", later ones first
            low = numpy.searchsorted(opens, close - self.max_inside - 1)
            high = numpy.searchsorted(opens, close - 1)
            spans.extend((start, close + 1) for start in reversed(opens[low:high].tolist()))
        return [(self.match_id, start, end) for start, end in spans]

"""Dictionary and grammar features for the statistical NER, one string per token.

The NER's embedding layer hashes each token's ``TAG`` alongside its spelling, so what the
dictionaries and the mutation grammar say about a token becomes an input the network can weigh
against context: ``G`` inside a gene-dictionary hit, ``D`` a drug, ``C`` a drug class, ``M`` a
mutation, ``-`` nothing. The dictionaries are built from HGNC, NCBI Gene, DrugBank and friends
(``resmine lexicon build``), never from the NER corpora.

The code also carries an *annotation convention*: the training corpora draw entity boundaries
differently (BC2GM: "p53 protein", "IL-2 receptor alpha"; BioRED: "p53"; BC5CDR annotates no
genes, BioRED annotates chemical classes such as "androgens"). Each training text is tagged
with its corpus, and the code gets that corpus' letter (``G5``, ``Db``), so the model learns
the three styles side by side instead of averaging them. At run time one convention is
chosen: the model config's default (``biored``, the PubTator style: shortest name, one
concept), or per document through ``Doc.user_data["ner_convention"]``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from resmine.lexicons import LexiconHit

NONE = "-"
_CODES = {"GENE": "G", "DRUG": "D", "DRUG_CLASS": "C"}
MUTATION_CODE = "M"
# A training Doc's user_data names its corpus' convention under this key.
CONVENTION_KEY = "ner_convention"
# resmine_ner hands the spans it already knows to the features under this key (see
# resmine.ner.components): the text is not matched twice.
FEATURE_SPANS_KEY = "resmine_feature_spans"
FeatureSpan = tuple[int, int, str]  # start, end, code
CONVENTIONS = {"bc2gm": "2", "bc5cdr": "5", "biored": "b", "nlmgene": "n", "gnormplus": "g"}


def convention_suffix(convention: str | None) -> str:
    """The letter appended to each code for ``convention`` ("" for none: untagged models)."""
    if not convention:
        return ""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown NER convention {convention!r}; known: {', '.join(CONVENTIONS)}")
    return CONVENTIONS[convention]


def spans_from_hits(hits: Iterable[LexiconHit], variants: Iterable[tuple[int, int]]) -> list[FeatureSpan]:
    """Coded spans of the dictionary's hits, then of the grammar's variants (in that order of
    precedence)."""
    spans = [(h.start, h.end, _CODES[h.label]) for h in hits]
    return spans + [(start, end, MUTATION_CODE) for start, end in variants]


def token_features(token_starts: list[int], token_ends: list[int], spans: Iterable[FeatureSpan]) -> list[str]:
    """The feature code of each token (``token_starts``/``token_ends`` are character offsets,
    sorted). A token touched by several spans keeps the code of the first."""
    codes = [NONE] * len(token_starts)
    for start, end, code in spans:
        first = bisect_right(token_ends, start)  # first token ending after the span starts
        last = bisect_left(token_starts, end)  # tokens starting before the span ends
        for i in range(first, last):
            if codes[i] == NONE:
                codes[i] = code
    return codes

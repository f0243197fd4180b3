"""The pre-filter of ``--mode triples``: which changes a triple could be read from.

Every triple needs a variant or alteration linked to a gene (:func:`resmine.relations.reading.read_unit`).
A variant of the mutation grammar may take any gene of its context; an alteration *word*
("loss", "activation", "overexpression") only a gene written right before it or after "of"/"in"
(:func:`resmine.relations.genes.adjacent_gene_ends`). Before any gene is found, the
dictionaries say which words could end a gene name, whichever stage would find it: a
dictionary term (its last unit), a name the statistical NER bounds and the dictionary names
(the same units, a plural or a trailing "protein", "gene", ...; see
:func:`resmine.mentions.model_entities.normalize_gene_entity`), or a short form the document
defines in brackets. "Weight loss", "hearing loss", "the activation" can take no gene: a document
whose changes are all of that kind holds no triple, and the NER reads only around the others.
"""

from __future__ import annotations

from collections.abc import Iterable

from resmine.lexicons import HYPHENS, TOKEN_RE, Lexicon, fold_token, split_units
from resmine.mentions.model_entities import GENE_HEADS, GENE_TAILS
from resmine.model import CHANGE_LABELS, Document, Label, Mention, PassageKind, Provenance
from resmine.relations.genes import adjacent_gene_places, is_gene_level

# The most characters of the text around an alteration word read for a name ending or starting there.
_NAME_LOOKBACK = 80
# "phospho-AKT", "p-ERK": the NER's name of a gene may start so (model_entities._PHOSPHO).
_PHOSPHO = frozenset({"phospho", "p"})


def linkable_changes(document: Document, mentions: Iterable[Mention], lexicon: Lexicon) -> list[Mention]:
    """The changes of ``mentions`` (variants and alterations) the relation stage could link to
    a gene, whatever genes the later stages find."""
    text = document.text
    rows = [(p.start, p.end) for p in document.passages if p.kind == PassageKind.TABLE_ROW]
    words: _GeneWords | None = None
    out = []
    for mention in mentions:
        if mention.label not in CHANGE_LABELS:
            continue
        if (mention.source != Provenance.ALTERATION_WORDS or not is_gene_level(mention.normalized)
                or any(lo <= mention.start < hi for lo, hi in rows)):
            out.append(mention)  # the grammar's, an allele word, a table row's: any gene may do
            continue
        ends, starts = adjacent_gene_places(mention, text)
        words = words or _GeneWords(text, lexicon)
        if (any(words.could_end(unit) for end in ends for unit in _last_units(text, end))
                or any(words.could_start(unit) for start in starts for unit in _first_units(text, start))):
            out.append(mention)
    return out


class _GeneWords:
    """Whether a folded unit could start or end a gene mention in a text."""

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.starts, self.ends = lexicon.gene_name_edges()
        self.short_forms = _bracketed_words(text)

    def could_end(self, unit: str) -> bool:
        if unit in self.ends or unit in GENE_TAILS or unit in self.short_forms:
            return True
        return len(unit) > 2 and unit.endswith("s") and unit[:-1] in self.ends  # "ARs", "RTKs"

    def could_start(self, unit: str) -> bool:
        return unit in self.starts or unit in GENE_HEADS or unit in _PHOSPHO or unit in self.short_forms


def _bracketed_words(text: str) -> frozenset[str]:
    """Folded words inside brackets and right before them: the short forms a definition
    ("long form (SF)", "SF (long form)") may give a gene."""
    words: set[str] = set()
    start = text.find("(")
    while start != -1:
        close = text.find(")", start)
        inside = text[start + 1: close if close != -1 and close - start < _NAME_LOOKBACK else start + _NAME_LOOKBACK]
        words.update(fold_token(m.group()) for m in TOKEN_RE.finditer(inside))
        words.update(split_units(inside, fold=True))  # hyphens merged: "PKC-alpha" → "pkcalpha"
        before = list(TOKEN_RE.finditer(text[max(0, start - _NAME_LOOKBACK):start]))
        if before:
            words.add(fold_token(before[-1].group()))
        start = text.find("(", start + 1)
    return frozenset(words)


def _last_units(text: str, end: int) -> list[str]:
    """The units a name ending at ``end`` may end with: its last token, and that token merged
    with the hyphen-joined tokens before it ("Ras", "K-Ras" → "ras", "kras"), as the dictionary's
    keys join them."""
    tokens = list(TOKEN_RE.finditer(text, max(0, end - _NAME_LOOKBACK), end))
    if not tokens or tokens[-1].end() != end:
        return []
    units = [fold_token(tokens[-1].group())]
    k = len(tokens) - 1
    while (k >= 2 and tokens[k - 1].group() in HYPHENS and tokens[k - 2].end() == tokens[k - 1].start()
           and tokens[k - 1].end() == tokens[k].start() and tokens[k - 2].group()[0].isalnum()):
        units.append(fold_token(tokens[k - 2].group()) + units[-1])
        k -= 2
    return units


def _first_units(text: str, start: int) -> list[str]:
    """The units a name starting at ``start`` may start with: its first token, and that token
    merged with the hyphen-joined tokens after it ("K-Ras" → "k", "kras")."""
    tokens = list(TOKEN_RE.finditer(text, start, min(len(text), start + _NAME_LOOKBACK)))
    if not tokens or tokens[0].start() != start:
        return []
    units = [fold_token(tokens[0].group())]
    k = 0
    while (k + 2 < len(tokens) and tokens[k + 1].group() in HYPHENS and tokens[k].end() == tokens[k + 1].start()
           and tokens[k + 1].end() == tokens[k + 2].start() and tokens[k].group()[0].isalnum()
           and tokens[k + 2].group()[0].isalnum()):
        units.append(units[-1] + fold_token(tokens[k + 2].group()))
        k += 2
    return units


__all__ = ["linkable_changes"]

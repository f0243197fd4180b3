"""Variants and gene-level alterations as mentions.

The mutation grammar (:func:`resmine.mutations.extract_mutations`) gives specific variants,
``MUTATION`` mentions ("V600E", "c.2573T>G", "rs121434568"), and the classes it reads from
the grammar ("exon 19 deletion", "codon 12", a fusion name such as "EML4-ALK"), ``ALTERATION``
mentions; the alteration table (:func:`resmine.mutations.extract_alteration_classes`) gives
gene-level change words ("amplification", "mutation"), ``ALTERATION`` too, and so does a
gene's status written after a name the lexicon names ("HER2-positive": ERBB2's amplification;
:func:`resmine.mutations.classes.status_class`). A gene written inside a variant ("BRAF" in
"BRAFV600E") is a ``GENE`` mention with exact offsets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from resmine.lexicons import Lexicon
from resmine.model import Label, Mention, Passage, Provenance
from resmine.mutations import MutationMatch, extract_alteration_classes, extract_mutations
from resmine.mutations.classes import gene_statuses, status_class

# Grammar kinds that name a class of change rather than one variant.
CLASS_KINDS = frozenset({"class", "fusion"})


def variant_mentions(doc_id: str, text: str, lexicon: Lexicon, passages: Sequence[Passage] = ()) -> list[Mention]:
    """``passages``: where the alteration words scoped to one passage kind may be read."""
    matches = [(m, Provenance.MUTATION_GRAMMAR) for m in extract_mutations(text)]
    matches += [(m, Provenance.ALTERATION_WORDS) for m in extract_alteration_classes(text, passages)]
    return [mention for match, source in matches for mention in _mentions_of(doc_id, match, source, lexicon)] + \
        status_mentions(doc_id, text, lexicon)


def status_mentions(doc_id: str, text: str, lexicon: Lexicon) -> list[Mention]:
    """The status words after a gene's name as the class they name for that gene ("HER2-positive":
    ``amplification`` at "positive"; "ALK+": ``fusion`` at "+"); none for a name the lexicon
    does not name as a gene or a status that names no class ("HER2-negative")."""
    out = []
    for status in gene_statuses(text):
        symbol = lexicon.normalize_gene(status.name)
        named = status_class(status.status, symbol) if symbol else None
        if named:
            out.append(Mention(doc_id, status.start, status.end, text[status.start:status.end], Label.ALTERATION,
                               named, Provenance.GENE_STATUS))
    return out


def _mentions_of(doc_id: str, match: MutationMatch, source: Provenance, lexicon: Lexicon) -> Iterator[Mention]:
    label = Label.ALTERATION if match.kind in CLASS_KINDS else Label.MUTATION
    for form in match.normalized:
        yield Mention(doc_id, match.start, match.end, match.text, label, form, source)
    if match.gene_text and match.gene_start is not None and match.gene_end is not None and match.kind != "fusion":
        symbol = lexicon.normalize_gene(match.gene_text)
        if symbol:
            yield Mention(doc_id, match.gene_start, match.gene_end, match.gene_text, Label.GENE, symbol,
                          Provenance.MUTATION_GRAMMAR)

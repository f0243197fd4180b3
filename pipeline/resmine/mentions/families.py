"""Gene mentions that name a group, resolved by the document: a family ("RAF") to the one
member the document names ("BRAF"), an ambiguous name ("p62") to its one named candidate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from resmine.lexicons import Coverage
from resmine.model import Label, Mention, Provenance


def specialise_families(mentions: list[Mention], members: dict[str, set[str]],
                        candidates: Callable[[str], frozenset[str]] = lambda text: frozenset()) -> list[Mention]:
    """Gene mentions that name a group take the one gene of that group the document also
    names: a family (``FPLX:...``) its member (a text about HDAC1 that says "HDAC" means
    HDAC1), an unnamed gene with an ambiguous name (``candidates``, the lexicon's mode ``a``)
    its candidate (a text that names SQSTM1 means it by "p62"). With no such gene named, or
    several, the mention stays as it was."""
    named = {m.normalized for m in mentions if m.label == Label.GENE and m.normalized
             and not m.normalized.startswith("FPLX:")}
    out = []
    for mention in mentions:
        if mention.label == Label.GENE and not mention.normalized:
            group: frozenset[str] | set[str] = candidates(mention.text) & named
        elif mention.label == Label.GENE and mention.normalized.startswith("FPLX:"):
            group = members.get(mention.normalized, set()) & named
        else:
            group = set()
        if len(group) == 1:
            mention = replace(mention, normalized=next(iter(group)))
        out.append(mention)
    return out


def ambiguous_names_in_context(doc_id: str, text: str, mentions: list[Mention],
                               hits: list[tuple[int, int, frozenset[str]]]) -> list[Mention]:
    """New gene mentions for ambiguous names (``hits``: offsets and candidate genes) that
    nothing else found, where the document names exactly one candidate elsewhere: in a text
    about the mineralocorticoid receptor (NR3C2), "MR" is NR3C2."""
    named = {m.normalized for m in mentions if m.label == Label.GENE and m.normalized}
    taken = Coverage(len(text), ((m.start, m.end) for m in mentions))
    out = []
    for start, end, candidates in hits:
        chosen = candidates & named
        if len(chosen) == 1 and not taken.overlaps(start, end):
            out.append(Mention(doc_id, start, end, text[start:end], Label.GENE, next(iter(chosen)), Provenance.LEXICON_CONTEXT))
    return out

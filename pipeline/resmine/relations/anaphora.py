"""Drugs named back by a phrase the document defined with them: "(ii) small molecules that
compete for ATP binding in the kinase domain of the receptor (erlotinib, gefitinib)" ...
"In the case of the small molecules, genomic sequencing of responding tumors ..." (the review
seed, ../shared/seeds/000_0792c4f2a95b5666.txt). The later "the small molecules" is each drug
of the bracket, a mention per drug on the phrase's span, read like any drug of its sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from resmine.model import Label, Mention

# A plural noun phrase of two words, a relative clause about it without clause punctuation, and
# a bracket: the definition. One word ("antibodies that compete with the ligand binding
# (Erbitux, Panitumumab)") names no set a later "these antibodies" surely means: the same seed
# goes on with "The anti-EGFR antibodies ... these antibodies", the class, not the two drugs.
_DEFINITION = re.compile(
    r"\b(?P<phrase>[a-z][a-z-]+\s+[a-z][a-z-]*s)\s+(?:that|which)\s+[^.;:()\[\]]{0,150}?\((?P<list>[^()]{1,150})\)")
# The definition is looked for only around a "that" or "which": as one scan, its expression
# (two words first) was tried at every word of the text, a seventh of the relation stage. Its
# phrase starts at most this many characters before the "that".
_RELATIVE = re.compile(r"\s(?:that|which)\s")
_PHRASE_LOOKBACK = 100
_PHRASE_BEFORE = re.compile(r"\b[a-z][a-z-]+\s+[a-z][a-z-]*s\s+\Z")  # searched up to the "that"
# What may stand between the drugs of the bracket: commas, "and", "or".
_LIST_GAP = re.compile(r"[\s,]*(?:(?:and|or)\s+)?")


def _bracket_drugs(drugs: Sequence[Mention], text: str, start: int, end: int) -> list[Mention]:
    """The drugs of the bracket [start, end) when it holds nothing else, else none."""
    inside = sorted((d for d in drugs if start <= d.start and d.end <= end), key=lambda d: d.start)
    position = start
    for drug in inside:
        if drug.start < position:
            continue  # another name on the same span
        if not _LIST_GAP.fullmatch(text, position, drug.start):
            return []
        position = drug.end
    return inside if inside and _LIST_GAP.fullmatch(text, position, end) else []


def named_back_drugs(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """The drug mentions of each later "the/these/those PHRASE" whose phrase a definition
    (:data:`_DEFINITION`) gave its bracket of drugs; ``text`` with line breaks joined."""
    drugs = [m for m in mentions if m.label == Label.DRUG]
    if not drugs:
        return []
    found: list[Mention] = []
    for definition in _definitions(text):
        members = _bracket_drugs(drugs, text, definition.start("list"), definition.end("list"))
        if not members:
            continue
        words = definition.group("phrase").split()
        back = re.compile(r"\b(?:the|these|those)\s+" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
        for use in back.finditer(text, definition.end()):
            found += [Mention(member.doc_id, use.start(), use.end(), text[use.start():use.end()], Label.DRUG,
                              member.normalized, member.source) for member in members]
    return found


def _definitions(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`_DEFINITION` in ``text``, in order and apart, as its ``finditer``
    gives them, looked for only where a "that" or "which" is."""
    position = 0
    for relative in _RELATIVE.finditer(text):
        if relative.start() < position:
            continue
        phrase = _PHRASE_BEFORE.search(text, max(position, relative.start() - _PHRASE_LOOKBACK), relative.start() + 1)
        definition = None if phrase is None else _DEFINITION.match(text, phrase.start())
        if definition is not None:
            position = definition.end()
            yield definition


def with_named_back_drugs(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` (sorted by (start, end)) with :func:`named_back_drugs` added, in order."""
    extra = named_back_drugs(mentions, text)
    return sorted(mentions + extra, key=lambda m: (m.start, m.end)) if extra else mentions

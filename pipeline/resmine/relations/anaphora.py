"""Drugs named back by a phrase the document defined with them: "(ii) small molecules that
compete for ATP binding in the kinase domain of the receptor (erlotinib, gefitinib)" ...
"In the case of the small molecules, genomic sequencing of responding tumors ..." (the review
seed, ../shared/seeds/000_0792c4f2a95b5666.txt). The later "the small molecules" is each drug
of the bracket, a mention per drug on the phrase's span, read like any drug of its sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from resmine.model import Label, Mention, Provenance

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


# Specific changes named back as a set: "all the other mutations", "these variants", "both
# mutants", "the remaining mutations". The determiner says the phrase means changes already named.
_CHANGES_NAMED_BACK = re.compile(
    r"\b(?:(?:all|each|both)\s+(?:of\s+)?(?:the\s+)?(?:other|remaining)|the\s+(?:other|remaining)|these|those|both)"
    r"\s+(?:[\w-]+\s+)?(?:mutations|mutants|variants)\b", re.IGNORECASE)
# How far back the changes named back are looked for: the nearest of the two preceding
# sentences that names one.
BACK_SENTENCES = 2


def named_back_changes(mentions: Sequence[Mention], text: str,
                       sentences: Sequence[tuple[int, int]]) -> list[Mention]:
    """A mention of each specific change of the nearest preceding sentence that names one
    (:data:`BACK_SENTENCES`) on every phrase that names
    changes back as a set (:data:`_CHANGES_NAMED_BACK`), but for the changes the phrase's own
    sentence names ("Five PDGFRA Mutations (P577S, V658A, R841K, H845Y, and G853D) resulted in
    strong autophosphorylation of PDGFRA. ... Except for the imatinib-resistant V658A mutation,
    all the other mutations were sensitive to both imatinib and crenolanib": the other four,
    CIViC train EID1974). ``mentions`` sorted by start; ``sentences`` in order."""
    changes = [m for m in mentions if m.label == Label.MUTATION and m.source == Provenance.MUTATION_GRAMMAR]
    if not changes:
        return []
    found: list[Mention] = []
    for index in range(1, len(sentences)):
        start, end = sentences[index]
        uses = list(_CHANGES_NAMED_BACK.finditer(text, start, end))
        if not uses:
            continue
        earlier = next((named for named in ([m for m in changes if lo <= m.start < hi]
                                            for lo, hi in reversed(sentences[max(0, index - BACK_SENTENCES):index]))
                        if named), [])
        own = {m.normalized for m in changes if start <= m.start < end}
        members = [m for m in earlier if m.normalized not in own]
        for use in uses:
            found += [Mention(member.doc_id, use.start(), use.end(), text[use.start():use.end()], Label.MUTATION,
                              member.normalized, member.source) for member in members]
    return found


def with_named_back_changes(mentions: list[Mention], text: str,
                            sentences: Sequence[tuple[int, int]]) -> list[Mention]:
    """``mentions`` (sorted by (start, end)) with :func:`named_back_changes` added, in order."""
    extra = named_back_changes(mentions, text, sentences)
    return sorted(mentions + extra, key=lambda m: (m.start, m.end)) if extra else mentions

"""Gene attachment: which gene a mutation or gene-level alteration belongs to, the document's
dominant gene, and the gene-level changes that describe a state rather than cause one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from resmine.model import Label, Mention, Provenance
from resmine.relations.rules import Cue

# Characters between a gene-level alteration word and its gene ("amplification of the MET gene").
ALTERATION_GENE_WINDOW = 24
# Characters between a gene and the alteration word after it: room for "fusion", "gene",
# "signaling", "pathway" or "protein" ("ALK fusion protein amplification"), no more.
ADJACENT_GENE_GAP = 12
# Characters between a gene and the specific mutation written right after it: none
# ("BRAFV600E") or one space or hyphen ("BRAF V600E", "BRAF-V600E").
GENE_MUTATION_GAP = 1
# Characters from the end of a "marker" cue to the gene-level change it introduces
# ("characterized by the upregulation of vimentin"): a short phrase, not the next clause.
MARKER_WINDOW = 60

# Genotypes named without a position that still compare one allele with another (tier A/B).
_ALLELE_WORDS = frozenset({"wild-type"})
# Class names that say "an inhibitor of the statement's own target" without naming it.
_UNNAMED_TARGET_CLASSES = {"tki": "tki", "kinase inhibitor": "inhibitor"}
# What may sit between a gene and the alteration word after it ("ALK fusion gene amplification").
_ADJACENT_GENE_JOIN = re.compile(r"[\s\-]*(?:fusion |gene |signaling |pathway |protein )*[\s\-]*")
# What may sit between a mutation and its gene after it: "the T790M mutation in EGFR",
# "codon 121 in the downstream kinase MEK1".
_MUTATION_IN_GENE = re.compile(
    r"[\s\"”']*(?:\w+[\s\"”']+){0,2}(?:(?:mutation|mutant|substitution|variant)s?\s+)?"
    r"(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
)


def is_gene_level(mutation: str) -> bool:
    return mutation not in _ALLELE_WORDS and not any(ch.isdigit() for ch in mutation)


def _dominant_gene(mentions: Sequence[Mention]) -> Mention | None:
    genes = [m for m in mentions if m.label == Label.GENE and not m.normalized.startswith("FPLX:")]
    if not genes:
        return None
    symbol, _ = Counter(m.normalized for m in genes).most_common(1)[0]
    return next(m for m in genes if m.normalized == symbol)


def _gene_specific_class(drug: str, gene: str) -> str:
    """A bare "TKI" in a statement about a gene's mutation is that gene's TKI ("alk tki")."""
    head = _UNNAMED_TARGET_CLASSES.get(drug)
    if head is None or gene.startswith("FPLX:"):
        return drug
    return f"{gene.lower()} {head}"


def _marks_a_phenotype(mutation: Mention, markers: list[Cue]) -> bool:
    """A gene-level change just after "characterized by", "markers such as" (MARKER_WINDOW)
    describes a state, it does not cause one."""
    return mutation.source != Provenance.MUTATION_GRAMMAR and is_gene_level(mutation.normalized) and any(
        mutation.start - MARKER_WINDOW <= cue.end <= mutation.start for cue in markers
    )


_GENE_THEN_OF = re.compile(r"\s+(?:of|in)\s")


def adjacent_gene_places(mutation: Mention, text: str) -> tuple[list[int], list[int]]:
    """Where a gene :func:`_adjacent_gene` would take for ``mutation`` may end (before it) and
    may start (after it, past "of"/"in"), whatever genes the document holds: what the
    pre-filter of ``--mode triples`` asks (:mod:`resmine.nlp.focus`)."""
    ends = [end for end in range(max(0, mutation.start - ADJACENT_GENE_GAP), mutation.start + 1)
            if end > 0 and not text[end - 1].isspace()
            and _ADJACENT_GENE_JOIN.fullmatch(text, end, mutation.start)]
    starts: list[int] = []
    joint = _GENE_THEN_OF.match(text, mutation.end)
    if joint:
        last = min(len(text), mutation.end + ALTERATION_GENE_WINDOW)
        # a name starts at a word, or inside one where a tokenizer splits it ("5mg": digits, letters)
        starts = [start for start in range(joint.end(), last + 1)
                  if start < len(text) and not text[start].isspace()
                  and (not text[start - 1].isalnum() or text[start - 1].isdigit() != text[start].isdigit())]
    return ends, starts


def _adjacent_gene(mutation: Mention, genes: list[Mention], text: str) -> Mention | None:
    """The gene written right before a gene-level alteration, or just after it with "of"/"in"."""
    before = [g for g in genes if g.end <= mutation.start and mutation.start - g.end <= ADJACENT_GENE_GAP
              and _ADJACENT_GENE_JOIN.fullmatch(text[g.end:mutation.start])]
    if before:
        return before[-1]
    after = [g for g in genes if g.start >= mutation.end and g.start - mutation.end <= ALTERATION_GENE_WINDOW
             and _GENE_THEN_OF.match(text[mutation.end:g.start])]
    return after[0] if after else None


def _fusion_partner_after(gene: Mention, genes: list[Mention], text: str) -> Mention:
    """The 3' partner when ``gene`` is the 5' partner of a fusion written with a hyphen ("the
    L1196M mutation in the EML4-ALK fusion" is ALK's, the kinase the change lies in), else
    ``gene``."""
    if gene.end < len(text) and text[gene.end] in "-–":
        partner = next((g for g in genes if g.start == gene.end + 1), None)
        if partner is not None:
            return partner
    return gene


def _specific_gene(
    mutation: Mention,
    genes: list[Mention],
    text: str,
    context_gene: Mention | None,
    dominant_gene: Mention | None,
) -> Mention | None:
    """The gene of a specific mutation, by the order of step 2 of the package docstring."""
    for gene in genes:  # written inside or right before the mutation: "BRAF V600E", "BRAFV600E"
        if gene.end <= mutation.start and mutation.start - gene.end <= GENE_MUTATION_GAP or (
            gene.start >= mutation.start and gene.end <= mutation.end
        ):
            return gene
    for gene in genes:  # "the T790M mutation in EGFR", "codon 121 in the downstream kinase MEK1"
        if gene.start >= mutation.end and _MUTATION_IN_GENE.fullmatch(text[mutation.end:gene.start]):
            return _fusion_partner_after(gene, genes, text)
    before = [g for g in genes if g.end <= mutation.start]
    if before:
        return before[-1]
    if context_gene is not None:
        return context_gene
    after = [g for g in genes if g.start >= mutation.end]
    if after:
        return after[0]
    return dominant_gene

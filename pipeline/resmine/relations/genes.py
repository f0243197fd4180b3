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
# "signaling", "pathway", "protein" or a qualifier ("ALK fusion protein amplification", "PIK3CA
# inactivating mutation"), no more.
ADJACENT_GENE_GAP = 14
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
# What may sit between a gene and the alteration word after it ("ALK fusion gene amplification"),
# also a word that qualifies the change ("MET germline mutation", "ERBB2 missense mutations",
# read in CIViC train EID796, EID1694, thirteenth round).
# A short form in brackets followed by "gene" is the gene: "anaplastic lymphoma kinase (ALK) gene
# rearrangements" (any bracket, "Livin (BIRC7) overexpression", read CIViC's amplifications as
# overexpression on train: EID661). "SGK1 mRNA expression": the molecule measured (read in CIViC
# dev EID1729).
_ADJACENT_GENE_JOIN = re.compile(r"(?:\)\s+gene\s+)?[\s\-]*(?:fusion |gene |signaling |pathway |protein |mRNA "
                                  r"|germline |somatic |missense |activating |inactivating |truncating )*[\s\-]*")
# What may sit between a mutation and its gene after it: "the T790M mutation in EGFR",
# "codon 121 in the downstream kinase MEK1".
_MUTATION_IN_GENE = re.compile(
    r"[\s\"”']*(?:\w+[\s\"”']+){0,2}(?:(?:mutation|mutant|substitution|variant)s?\s+)?"
    r"(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
)


# An alteration written as an adjective ("mutant", "mutated", "amplified", "rearranged") may
# stand right before its gene: "mutant KRAS confers resistance", "cells with amplified MET".
# A noun ("mutation KRAS") never does.
_ADJECTIVE_ENDINGS = ("ant", "ed")
_ADJECTIVE_THEN_GENE = re.compile(r"[ -]")


def _gene_right_after(mutation: Mention, text: str) -> int | None:
    """Where a gene qualified by the adjective ``mutation`` would start, or None."""
    if not mutation.text.lower().endswith(_ADJECTIVE_ENDINGS):
        return None
    joint = _ADJECTIVE_THEN_GENE.match(text, mutation.end)
    return joint.end() if joint else None


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


# "genetic reversion to a normal BRCA2 allele": a reversion names its gene as what it goes back to.
_GENE_THEN_OF = re.compile(r"\s+(?:of|in|to\s+(?:an?|the)\s+(?:normal|wild[- ]type|functional))\s")
# A gene after "of"/"in" may follow its head noun phrase, beyond ALTERATION_GENE_WINDOW: "loss of
# the tumour suppressor gene PTEN", "overexpression of the antiapoptotic protein Bcl-2",
# "amplification of the receptor tyrosine kinase MET".
_GENE_AFTER_HEAD_NOUN = re.compile(
    r"\s+(?:of|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:protein|gene|kinase|receptor|suppressor|oncogene|enzyme|transporter|phosphatase)\s+"
)
# A part of the protein between an alteration and its gene, which may then lie further than
# ALTERATION_GENE_WINDOW: "mutations in the kinase domain of the ALK gene", "mutations in
# particular domains of K-RAS", "mutations in the ATP-binding pocket of EGFR".
_PROTEIN_PART_OF = re.compile(
    r"\s+(?:of|in|within)\s+(?:the\s+|its\s+|particular\s+|specific\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:domains?|regions?|loops?|pockets?|sites?|exons?\s+\d+)\s+(?:of|in)\s+(?:the\s+)?", re.IGNORECASE)


def adjacent_gene_places(mutation: Mention, text: str) -> tuple[list[int], list[int]]:
    """Where a gene :func:`_adjacent_gene` would take for ``mutation`` may end (before it) and
    may start (after it, past "of"/"in"), whatever genes the document holds: what the
    pre-filter of ``--mode triples`` asks (:mod:`resmine.nlp.focus`)."""
    ends = [end for end in range(max(0, mutation.start - ADJACENT_GENE_GAP), mutation.start + 1)
            if end > 0 and not text[end - 1].isspace()
            and _ADJACENT_GENE_JOIN.fullmatch(text, end, mutation.start)]
    predicated = _predicate_gene_end(mutation, text)
    if predicated is not None:
        ends.append(predicated)
    starts: list[int] = []
    right_after = _gene_right_after(mutation, text)
    if right_after is not None:
        starts.append(right_after)
    headed = _GENE_AFTER_HEAD_NOUN.match(text, mutation.end)
    if headed:
        starts.append(headed.end())
    joint = _PROTEIN_PART_OF.match(text, mutation.end) or _GENE_THEN_OF.match(text, mutation.end)
    if joint:
        last = min(len(text), max(joint.end(), mutation.end + ALTERATION_GENE_WINDOW))
        # a name starts at a word, or inside one where a tokenizer splits it ("5mg": digits, letters)
        starts += [start for start in range(joint.end(), last + 1)
                   if start < len(text) and not text[start].isspace()
                   and (not text[start - 1].isalnum() or text[start - 1].isdigit() != text[start].isdigit())]
    return ends, starts


# A participle alteration said of the gene before it: "when AURK-A was overexpressed", "c-MET
# was overexpressed in 21 of 48 resistant samples" (read in CIViC train EID457, EID1581): the
# verb "be" and at most an adverb between them ("were stably amplified").
_PREDICATE_BEFORE = re.compile(r"\s+(?:is|are|was|were|been|being)\s+(?:[a-z]+ly\s+)?\Z", re.IGNORECASE)
# Characters looked back for that predicate: " were constitutively " is 21.
PREDICATE_CHARS = 24


def _predicate_gene_end(mutation: Mention, text: str) -> int | None:
    """Where the gene ``mutation`` is predicated of would end ("AURK-A| was overexpressed"), or
    None when ``mutation`` is no participle or no "be" stands right before it."""
    if not mutation.text.lower().endswith("ed"):
        return None
    lo = max(0, mutation.start - PREDICATE_CHARS)
    predicate = _PREDICATE_BEFORE.search(text[lo:mutation.start])
    return lo + predicate.start() if predicate else None


def predicated_gene(mutation: Mention, genes: list[Mention], text: str) -> Mention | None:
    """The gene a participle alteration is said of (:data:`_PREDICATE_BEFORE`), or None."""
    end = _predicate_gene_end(mutation, text)
    return next((g for g in genes if g.end == end), None) if end is not None else None


def _adjacent_gene_before(mutation: Mention, genes: list[Mention], text: str) -> Mention | None:
    """The gene written right before a gene-level alteration ("ALK fusion gene amplification")."""
    before = [g for g in genes if g.end <= mutation.start and mutation.start - g.end <= ADJACENT_GENE_GAP
              and _ADJACENT_GENE_JOIN.fullmatch(text[g.end:mutation.start])]
    return before[-1] if before else None


def _adjacent_gene(mutation: Mention, genes: list[Mention], text: str) -> Mention | None:
    """The gene written inside a gene-level alteration ("increased cyclin D1 expression"), right
    before it, right after it when the alteration is an adjective ("mutant KRAS"), or just after
    it with "of"/"in", also past a part of the protein ("in the kinase domain of the ALK gene")
    or a head noun phrase ("loss of the tumour suppressor gene PTEN")."""
    inside = next((g for g in genes if mutation.start <= g.start and g.end <= mutation.end), None)
    if inside is not None:
        return inside
    before = _adjacent_gene_before(mutation, genes, text)
    if before is not None:
        return before
    right_after = _gene_right_after(mutation, text)
    qualified = next((g for g in genes if g.start == right_after), None)
    if qualified is not None:
        return qualified
    part = _PROTEIN_PART_OF.match(text, mutation.end)
    if part is not None:  # the gene whose part it is: right after "... domain of the"
        owner = next((g for g in genes if g.start == part.end()), None)
        if owner is not None:
            return owner
    after = [g for g in genes if g.start >= mutation.end and g.start - mutation.end <= ALTERATION_GENE_WINDOW
             and _GENE_THEN_OF.match(text[mutation.end:g.start])]
    if after:
        return after[0]
    headed = _GENE_AFTER_HEAD_NOUN.match(text, mutation.end)
    return next((g for g in genes if headed and g.start == headed.end()), None)


# After a gene-level alteration word, "of"/"in" a class of genes and the members it introduces:
# "activation of other receptor tyrosine kinases, such as MET and FGFR3", "deletions in tumor
# suppressor genes (e.g., PTEN", "upregulation of EGFR ligands such as amphiregulin", or in a
# square bracket, "activation of downstream signaling pathways [AKT (...), SRC (...)]". The class
# phrase holds no sentence or clause punctuation and at most EXAMPLES_LEAD_CHARS characters.
EXAMPLES_LEAD_CHARS = 100
_EXAMPLES_LEAD = re.compile(
    r"\s+(?:of|in)\s+[^.;:()\[\]]{0,%d}?(?:[\s,(]*\b(?:such\s+as|e\.g\.,?|including|in\s+particular|"
    r"particularly|namely)\s+|\s*\[\s*)" % EXAMPLES_LEAD_CHARS, re.IGNORECASE)
# Between two members of that list: "PDGFRβ, IGF-1R, and COT", "amphiregulin and heparin-binding
# EGF-like growth factor (HB-EGF)" (a short form in brackets is the same member again).
# A member's citation may follow it: "[AKT (Nahta and O'Regan, 2010), SRC (Zhang et al., 2011), ...]".
_MEMBER_GAP = re.compile(r"\s*(?:\([^()]{0,80}\d{4}[a-z]?\)\s*)?(?:,\s*)?(?:(?:and|or)\s+)?\(?\s*")


def _listed_genes(alteration: Mention, genes: list[Mention], text: str) -> list[Mention]:
    """The genes a gene-level alteration names by example (:data:`_EXAMPLES_LEAD`), in order, one
    per symbol; none when the alteration introduces no list. Gene families (FamPlex names) are
    no member: they have no one symbol."""
    lead = _EXAMPLES_LEAD.match(text, alteration.end)
    if lead is None:
        return []
    members: list[Mention] = []
    position = lead.end()
    for gene in (g for g in genes if g.start >= lead.end()):
        if gene.start > position and not _MEMBER_GAP.fullmatch(text, position, gene.start):
            break
        if not gene.normalized.startswith("FPLX:") and all(m.normalized != gene.normalized for m in members):
            members.append(gene)
        position = max(position, gene.end)
    return members


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

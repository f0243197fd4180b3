"""What the text around a match says: a "p."/"c." prefix, a gene glued to the change, the kind.

The rule patterns (:mod:`resmine.mutations.patterns`) match a change on its own; these helpers
look left and right of the match, in Python and only for the few matches there are, to decide
what the patterns cannot cheaply say: whether "p." or "c." stands before it, whether the token
it is glued to is a gene symbol ("BRAFV600E") or some other name ("PDE10A", "HEK293T"), and
whether a change written with A, C, G, T only ("G12C", "C677T") is a protein or a DNA change.
The handlers (:mod:`resmine.mutations.handlers`) call them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from resmine.mutations.residues import AA3
from resmine.mutations.rulefiles import is_false_friend

GENE_SHAPE = re.compile(r"[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\Z|[A-Z]{1,6}\d{1,2}[A-Z]?\Z")
MUTATION_SHAPE = re.compile(r"[A-Z]\d+[A-Z*]\Z")
GENE_MIN_LEN = 2  # characters in a gene symbol written before a change or in a fusion ("AR")
GENE_MAX_LEN = 10  # ... and at the most ("TMPRSS2", "BAIAP2L1")
# from this position on, a change written with A, C, G, T only is read as DNA ("C3801T")
NUCLEOTIDE_POSITION = 1000


def read_back(pattern: re.Pattern[str], text: str, end: int, window: int) -> re.Match[str] | None:
    """``pattern`` searched in the ``window`` characters before ``end``: what a rule found from
    a literal reads back to its left (its pattern is anchored at the end when it must end at ``end``)."""
    return pattern.search(text, max(0, end - window), end)


def alnum_before(text: str, i: int) -> bool:
    """Whether a letter or digit stands right before position ``i``."""
    return i > 0 and text[i - 1].isalnum()


def word_end(text: str, i: int) -> int:
    """Where the run of letters and digits starting at ``i`` ends."""
    n = len(text)
    while i < n and text[i].isalnum():
        i += 1
    return i


# --------------------------------------------------------------------------------------------
# "p." / "c." before a change

PREFIX_LEFT = re.compile(r"(?<![A-Za-z0-9])(?P<p>[pcgmr])\.\s?(?P<o>\()?\Z")
_PREFIX_WINDOW = 4  # characters before a change that "p. (" can take


def prefix_left(text: str, s: int) -> tuple[int, str | None, bool]:
    """A "p." / "c." / "p.(" written right before position ``s``: (new start, letter, opened)."""
    if s >= 2 and text[s - 1] in ".( ":
        m = read_back(PREFIX_LEFT, text, s, _PREFIX_WINDOW)
        if m:
            return m.start(), m.group("p"), bool(m.group("o"))
    return s, None, False


# --------------------------------------------------------------------------------------------
# a protein domain written glued before the change

# Lower-case domain prefixes of viral protein nomenclature: HBV reverse transcriptase changes
# are written "rtA181T", "rtM204V/I" (the rt numbering of the polymerase's RT domain), surface
# antigen changes "sG145R", "sP120T" (the S domain's numbering). Lower case, so never a gene
# symbol; "rtTA2S" (a transactivator) does not end in a change, and a position after a prefix
# has two digits at least ("sT2L" is no change).
DOMAIN_PREFIXES = ("rt", "s")
DOMAIN_MIN_POSITION_DIGITS = 2


def domain_prefix(text: str, start: int) -> int | None:
    """Where a domain prefix glued before position ``start`` begins ("rt" of "rtA181T"), or None.
    The prefix says which protein; it is not part of the change's span."""
    for prefix in DOMAIN_PREFIXES:
        j = start - len(prefix)
        if j >= 0 and text.startswith(prefix, j) and not alnum_before(text, j):
            return j
    return None


# --------------------------------------------------------------------------------------------
# a gene written against the change

GREEK_TAIL = re.compile(r"[A-Za-z0-9]*(?:alpha|beta|gamma|delta|epsilon)\Z")
_GREEK_NAME_MAX = 5  # "alpha", "gamma": a token no longer than a Greek letter's name is no gene
# histones (H3K27M) and antibody variable domains (VHY101F): short prefixes that may be glued
GLUE_SHORT_OK = frozenset({"H3", "H4", "H1", "H2A", "H2B", "VH", "VL"})
_GLUED_GENE_MIN_LEN = 3  # a shorter token glued to a change is a gene only in GLUE_SHORT_OK
# a change glued to a word, or after "GENE-", needs a position of two digits or more: with one
# digit the whole is some other name ("PDE1A")
_MIN_GLUED_POSITION_DIGITS = 2

GenePrefix = tuple[str | None, int | None, int | None, bool]


def gene_prefix(text: str, start: int, pos_digits: int) -> GenePrefix:
    """The gene symbol written against a mutation ("BRAFV600E", "BRAF-V600E", "BRAF:V600E").

    Returns (gene_text, gene_start, gene_end, accepted): accepted is False when the mutation is
    glued to a token that is not a gene symbol (then it is part of some other name: "PDE10A",
    "RAD51C", "HEK293T").
    """
    if start == 0:
        return None, None, None, True
    prev = text[start - 1]
    if prev.isalnum():
        j = start - 1
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        token = text[j:start]
        if j > 0 and text[j - 1] in "-/_":
            return None, None, None, False
        if j > 0 and text[j - 1] == "." and not (j > 1 and text[j - 2].isdigit()):
            return None, None, None, False
        if pos_digits < _MIN_GLUED_POSITION_DIGITS:
            return None, None, None, False
        if GREEK_TAIL.match(token):
            return (token if len(token) > _GREEK_NAME_MAX and token[0] != "a" else None), j, start, True
        glued_gene = _GLUED_GENE_MIN_LEN <= len(token) <= GENE_MAX_LEN and GENE_SHAPE.match(token)
        if token in GLUE_SHORT_OK or glued_gene:
            if is_false_friend(text[j:word_end(text, start)]):
                return None, None, None, False
            return token, j, start, True
        return None, None, None, False
    if prev in "-:" and start >= 2 and text[start - 2].isalnum():
        if pos_digits < _MIN_GLUED_POSITION_DIGITS:
            return None, None, None, False
        j = start - 1
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        token = text[j:start - 1]
        if j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-/"):
            return None, None, None, True
        gene_shaped = GENE_MIN_LEN <= len(token) <= GENE_MAX_LEN and GENE_SHAPE.match(token)
        if gene_shaped and not MUTATION_SHAPE.match(token):
            return token, j, start - 1, True
        return None, None, None, True
    return None, None, None, True


# --------------------------------------------------------------------------------------------
# protein or DNA: a change written with A, C, G, T only

ONE_TO_THREE = {one: three for three, one in AA3.items() if one in "ACGT"}
PROTEIN_NEAR = re.compile(r"\bamino[\s-]acid\b|\bresidue|\bcodon\b")
NUCLEOTIDE_NEAR = re.compile(
    r"nucleotide|\bbp\b|cDNA|mtDNA|promoter|\bintron|\(p\.|\bp\.[A-Z]|polymorphism|transition|transversion|"
    r"\bSNPs?\b|\balleles?\b"
)
GENE_BEFORE = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\s\Z")
_NUCLEOTIDE_WORDS_BEFORE = 60  # characters before the change searched for nucleotide words
_NUCLEOTIDE_WORDS_AFTER = 40  # characters after it, likewise
_PROTEIN_WORDS_BEFORE = 40  # characters before it searched for protein words or a gene symbol
_GENE_BEFORE_MAX_POSITION = 400  # a gene symbol before it says "protein" only below this position


_THREE_LETTER_RESIDUE = re.compile(rf"\b({'|'.join(sorted(ONE_TO_THREE.values()))})[\s-]?\(?([0-9]+)\b")


# A few texts: the pipeline reads one document at a time, and the cache holds the text itself.
@lru_cache(maxsize=2)
def three_letter_residues(text: str) -> frozenset[tuple[str, str]]:
    """Every ("Gly", "12") written in ``text`` as "Gly12", "Gly 12", "Gly-(12": one scan per
    text rather than one per change, which was quadratic in a long document."""
    return frozenset((match[1], match[2]) for match in _THREE_LETTER_RESIDUE.finditer(text))


def acgt_kind(text: str, start: int, end: int, pos: int) -> str:
    """Protein or DNA for a one-letter change written only with A, C, G, T ("C677T", "G12C").

    DNA unless the words around it are about proteins ("KRAS G12C", "amino acid A146T", the same
    residue written "Gly12" elsewhere) and none are about nucleotides.
    """
    if pos >= NUCLEOTIDE_POSITION:
        return "dna"
    if NUCLEOTIDE_NEAR.search(text, max(0, start - _NUCLEOTIDE_WORDS_BEFORE), end + _NUCLEOTIDE_WORDS_AFTER):
        return "dna"
    wt3 = ONE_TO_THREE.get(text[start])
    if wt3 and (wt3, str(pos)) in three_letter_residues(text):
        return "protein"  # the same residue is written with its three-letter code elsewhere
    before = max(0, start - _PROTEIN_WORDS_BEFORE)
    if PROTEIN_NEAR.search(text, before, start) or (
        pos < _GENE_BEFORE_MAX_POSITION and GENE_BEFORE.search(text, before, start)
    ):
        return "protein"
    return "dna"


# --------------------------------------------------------------------------------------------
# words after a change that say it is none

# "5-HT2 receptor", "G1 phase": after a one-digit position, the change names something else
SINGLE_DIGIT_BLOCK = re.compile(
    r"[\s-]*(?:receptor|receptors|cells?|domain|family|subunit|complex|phase|checkpoint|"
    r"transition|antagonist|agonist|antibod|diabetes|promoter|site|sites|box|motif|isoform)",
    re.I,
)
# "Met326Met genotype", "G1359G/A": the same residue twice is a genotype
GENOTYPE_AFTER = re.compile(r"/|.{0,40}?\bgenotypes?\b|[\s/]*(?:\w+\s)?(?:homozygo|carriers?)", re.I)

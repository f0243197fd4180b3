"""Gates: cheap tests on the whole text that say whether a rule can match at all.

Most texts hold no mutation, and most rules cannot match a given text: a gate (substring tests,
a few small regular expressions) lets :mod:`resmine.mutations.engine` skip a rule's pass over
the text. Single characters (``">" in t``) cost a fraction of a microsecond; each gate is far
cheaper than a pass. :class:`Facts` computes what several gates ask (where three-letter codes
and residue names start, whether an insertion/deletion follows a digit) at most once per text;
the gates themselves, one per rule, stand in the rule table (:mod:`resmine.mutations.rules`).
The positions :class:`Facts` finds also serve as *anchors*: rules that begin with a residue are
tried only there instead of over the whole text.
"""

from __future__ import annotations

import re

from resmine.mutations.context import read_back
from resmine.mutations.patterns import A3, CODE_LEN, GENOTYPE_BEFORE

CODE_DIGIT_AT = re.compile(r"[\s(-]?\d")
# residue names: found from their ending (a literal, fast to search for), then checked backwards
_INE_NAMES = ("alan", "argin", "asparag", "cyste", "glutam", "glyc", "histid", "leuc", "lys", "methion",
              "prol", "ser", "threon", "tyros", "val")
NAME_INE = re.compile("ine(?:" + "|".join(f"(?<=[{n[0].upper()}{n[0]}]{n[1:]}ine)" for n in _INE_NAMES) + ")")
NAME_OTHER = re.compile(r"(?:[Aa]spart|[Gg]lutam)(?:ic acid|ate)|[Tt]ryptophan")
INDEL_DIGIT = tuple(re.compile(rf"{op}(?:(?<=\d{op})|(?<=\d[A-Z]{op}))") for op in ("del", "ins", "dup"))
CODON3_GATE = re.compile(r"\(\d+\)[ACGT]")
DBARE_GATE = re.compile(r"[ACGT](?:(?<=\d[ACGT])|(?<=\d[\s,(][ACGT])|(?<=\d, [ACGT])|(?<=\d \([ACGT]))(?![a-z])")
CODE_ANY = re.compile(rf"{A3}(?![a-z])")
DBARE_OP_GATES = tuple(re.compile(rf"{op}(?<=\d {op})") for op in ("del", "ins", "dup", "Del", "Ins", "Dup")) + tuple(
    re.compile(rf"{op}(?<=\d{op})") for op in ("Del", "Ins", "Dup")) + (
    re.compile(r"kb(?:(?<=\dkb)|(?<=\d kb))"), re.compile(r"N (?<=\dN )"))
# Gates of the prose and genotype rules: a few words first (a substring test is a fast pass over
# the text; a pattern's pass is slower), then one small pattern only where they stand
# a position written in words ("at codon 12", "at amino acid position 229", "at nucleotide 3916"):
# computed once, shared by the rules that need one
POSITION_WORDS = ("codon", "position", "residue", "amino acid", "amino-acid", "nucleotide")
# "genotypes", "homozygotes", "heterozygous"; "carrier(s)", also after one allele
GENOTYPE_WORDS = ("genotype", "homozyg", "heterozyg", "carrier")
# a text about genotypes names them: the gate of a genotype glued to a position with no word after it
GENOTYPE_TOPIC = ("genotyp", "homozyg", "heterozyg", "allele", "polymorph")
_GENOTYPE_LOOKBACK = 30  # characters before a genotype word that can hold "IVS10+1234 GA+GG "
# where a base written before the word that joins it to the new base starts: a letter ("C to T",
# "A was replaced by"; found from the capital) or a name ("cytosine to guanine": every base name
# ends in "ine", a literal, found from its ending and read back to the word's start)
BASE_LETTER_LINK = re.compile(r"[ACGT](?<![A-Za-z0-9][ACGT]) (?=(?:to|by|with|was|is) )")
# or a one-letter residue (or base) before "to" / "-to-": "R to G mutation at position 76",
# "C-to-T" (found from the literal link, a fast search; the letter starts one character before)
LETTER_TO_LINKS = (re.compile(r" to (?<=(?<![A-Za-z0-9])[A-Z] to )"), re.compile(r"-to-(?<=(?<![A-Za-z0-9])[A-Z]-to-)"))
BASE_NAME_LINK = re.compile(r"ine (?=(?:to|by|with|was|is) )")
# a residue at a position: "arginine at amino acid position 229 by glycine"
AT_POSITION = re.compile(r" at (?:the )?(?:position|amino|residue|codon)")
VERBS = ("replaced", "substituted", "mutated", "changed", "converted")  # prose: "was replaced with"


def _word_start(text: str, position: int) -> int:
    """Where the run of letters holding ``position`` begins."""
    while position > 0 and text[position - 1].isalpha():
        position -= 1
    return position


class Facts:
    """Facts about one text, computed at most once and shared by the gates."""

    __slots__ = ("t", "_code_digit", "_names", "_indel", "_arrow", "_code_starts", "_name_starts", "_base_starts",
                 "_positions", "_genotype_starts", "_dashes", "_substitution_of")
    t: str
    _code_digit: bool | None
    _names: bool | None
    _indel: bool | None
    _arrow: bool | None
    _code_starts: list[int] | None
    _name_starts: list[int] | None
    _base_starts: list[int] | None
    _positions: bool | None
    _genotype_starts: list[int] | None
    _dashes: bool | None
    _substitution_of: bool | None

    def __init__(self, t: str) -> None:
        self.t = t
        self._code_digit = self._names = self._indel = self._arrow = None
        self._code_starts = self._name_starts = self._base_starts = None
        self._positions = self._genotype_starts = self._dashes = self._substitution_of = None

    @property
    def code_digit(self) -> bool:  # "Val600", "Cys 23", "Gly(388"
        if self._code_digit is None:
            t = self.t
            self._code_digit = any(CODE_DIGIT_AT.match(t, i + CODE_LEN) for i in self.code_starts)
        return self._code_digit

    @property
    def names(self) -> bool:  # a residue written as a word ("valine")
        if self._names is None:
            t = self.t
            self._names = NAME_INE.search(t) is not None or (
                ("spart" in t or "lutam" in t or "ryptophan" in t) and NAME_OTHER.search(t) is not None
            )
        return self._names

    @property
    def code_starts(self) -> list[int]:
        if self._code_starts is None:
            self._code_starts = [m.start() for m in CODE_ANY.finditer(self.t)]
        return self._code_starts

    @property
    def name_starts(self) -> list[int]:
        """Where residue names begin ("aspartic acid" at its "a")."""
        if self._name_starts is None:
            starts: set[int] = set()
            if self.names:
                t = self.t
                other = NAME_OTHER.finditer(t) if ("spart" in t or "lutam" in t or "ryptophan" in t) else ()
                starts.update(_word_start(t, m.start()) for m in (*NAME_INE.finditer(t), *other))
            self._name_starts = sorted(starts)
        return self._name_starts

    @property
    def dashes(self) -> bool:  # an arrow or a run of dashes: "A34-->E", "272gly----stop"
        if self._dashes is None:
            t = self.t
            self._dashes = "->" in t or "--" in t or "→" in t
        return self._dashes

    @property
    def substitution_of(self) -> bool:  # "substitution of glutamic acid for valine", "substitution of G6410 by T"
        if self._substitution_of is None:
            t = self.t
            self._substitution_of = "ubstitution of" in t or "eplacement of" in t
        return self._substitution_of

    @property
    def positions(self) -> bool:  # a position written in words: "at codon 12", "at nucleotide 3916"
        if self._positions is None:
            self._positions = self.has(*POSITION_WORDS)
        return self._positions

    @property
    def genotype_starts(self) -> list[int]:
        """Where a genotype at a position, right before a genotype word, begins ("-3279 AC genotype"):
        the words are found by substring search and the genotype read back from each."""
        if self._genotype_starts is None:
            t = self.t
            starts = set()
            for word in GENOTYPE_WORDS:
                k = t.find(word)
                while k > 0:
                    # the genotype ends with a capital right before the space: "-3279 AC genotype"
                    if k > 1 and t[k - 2].isupper():
                        m = read_back(GENOTYPE_BEFORE, t, k, _GENOTYPE_LOOKBACK)
                        if m is not None:
                            starts.add(m.start())
                    k = t.find(word, k + 1)
            self._genotype_starts = sorted(starts)
        return self._genotype_starts

    @property
    def base_starts(self) -> list[int]:
        """Where a base joined to another by a word begins ("C to T", "cytosine to guanine")."""
        if self._base_starts is None:
            t = self.t
            starts = {m.start() for m in BASE_LETTER_LINK.finditer(t)}
            starts.update(m.start() - 1 for link in LETTER_TO_LINKS for m in link.finditer(t))
            starts.update(_word_start(t, m.start()) for m in BASE_NAME_LINK.finditer(t))
            self._base_starts = sorted(starts)
        return self._base_starts

    def residue_starts(self) -> list[int]:
        return sorted(set(self.code_starts) | set(self.name_starts)) if self.names else self.code_starts

    @property
    def indel(self) -> bool:
        if self._indel is None:
            t = self.t
            self._indel = any(p.search(t) is not None for p in INDEL_DIGIT)
        return self._indel

    @property
    def arrow(self) -> bool:
        if self._arrow is None:
            t = self.t
            self._arrow = ">" in t or "→" in t or "⟶" in t or "⇒" in t or "----" in t
        return self._arrow

    def has(self, *subs: str) -> bool:
        t = self.t
        for sub in subs:
            if sub in t:
                return True
        return False

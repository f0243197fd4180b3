"""The tmVar-level mutation grammar: regular expressions over residues, positions and HGVS.

Every rule is a compiled regular expression, a small function that checks the context and builds
the normal form, and a cheap *gate* (substring tests) that says whether the rule can match the
text at all. :func:`scan` runs the rules whose gate is open, then keeps the longest
non-overlapping candidates. Nothing here is learned from a corpus: the notations are those of
the HGVS recommendations and the variants of them that the tmVar annotation guideline describes.

Speed: every pattern starts with a literal or a character class, never with an optional group
or a look-behind, so that ``re`` can skip ahead in C to the positions where a match can start;
prefixes ("p.", "c.") and left word boundaries are checked in Python on the few matches.

Normal forms
------------
protein  one-letter, no ``p.``: ``V600E``, ``R213*``, ``E746_A750del``, ``L747_P753delinsS``,
         ``T1151ins``, ``L100fs``, ``L100Pfs*5``; several when alternatives are written
         (``F1174C/L`` -> ``F1174C``, ``F1174L``).
dna      as written without spaces, arrows written as ``>``: ``c.2573T>G``, ``IVS8+4A>G``.
snp      ``rs`` + digits.
class    ``exon 19 deletion``, ``exon 20 insertion``, ``codon 12``.
fusion   ``fusion`` (partners in ``gene_text``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable

from resmine.mutations.residues import (
    AA1_CLASS,
    AA3,
    AA3_RE,
    AA_NAME_RE,
    TER_RE,
    aa_to_one,
    residues_to_one,
)
from resmine.mutations.rulefiles import fusion_lists as _fusion_lists
from resmine.mutations.rulefiles import is_false_friend

# --------------------------------------------------------------------------------------------
# candidates


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    normalized: tuple[str, ...]
    kind: str
    gene_text: str | None = None
    gene_start: int | None = None
    gene_end: int | None = None
    prio: int = 5  # lower wins among equally long candidates
    prose: bool = False  # mostly natural language ("substitution of X for Y at N"): not tmVar style
    guessed: bool = False  # kind guessed from context (a change written with A, C, G, T only)


# --------------------------------------------------------------------------------------------
# building blocks

A1 = AA1_CLASS
A3 = AA3_RE
AN = AA_NAME_RE
ONE_TO_THREE = {one: three for three, one in AA3.items() if one in "ACGT"}
NT = "[ACGT]"
NTL = "[ACGTacgt]"
ARROW = r"(?:-{1,4}>|-{2,4}(?=\s?[ACGTacgt])|>|→|⟶|⇒)"
GENE_SHAPE = re.compile(r"[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\Z|[A-Z]{1,6}\d{1,2}[A-Z]?\Z")
MUTATION_SHAPE = re.compile(r"[A-Z]\d+[A-Z*]\Z")
END = r"(?![A-Za-z0-9])"
CLEAN_ARROW = re.compile(r"-{1,4}>|-{4}|→|⟶|⇒|greaterthan")


def _c(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags)


def _alnum_before(text: str, i: int) -> bool:
    return i > 0 and text[i - 1].isalnum()


def _clean(s: str) -> str:
    return CLEAN_ARROW.sub(">", "".join(s.split()))


PAREN_SUB = re.compile(r"\(([ACGTacgt]{1,3}>[ACGTacgt]{1,3})\)")
LOWER_SUB = re.compile(r"(?<![A-Za-z])([acgt])>([acgt])(?![A-Za-z])")


DASH_SUB = re.compile(r"(?<=[ACGTacgt])-{2,3}(?=[ACGTacgt])")
PAREN_DASH = re.compile(r"\(([ACGTacgt])-([ACGTacgt])\)")
OP_CASE = re.compile(r"(?<=[\d\]])(Del|Ins|Dup)")


def _dna_norm(span: str) -> str:
    """DNA normal form: as written, without spaces and commas, arrows as ">", "(G>A)" as "G>A",
    lower-case bases of a substitution in upper case, "Del"/"Ins" as "del"/"ins"."""
    out = _clean(span).replace(",", "")
    if "--" in out:
        out = DASH_SUB.sub(">", out)
    if "(" in out:
        out = PAREN_DASH.sub(r"\1>\2", out)
        out = PAREN_SUB.sub(r"\1", out)
    if "D" in out or "I" in out:
        out = OP_CASE.sub(lambda m: m.group(1).lower(), out)
    if ">" in out:
        out = LOWER_SUB.sub(lambda m: f"{m.group(1).upper()}>{m.group(2).upper()}", out)
    return out


def _is_nt(s: str) -> bool:
    return bool(s) and all(ch in "ACGT" for ch in s)


PREFIX_LEFT = re.compile(r"(?<![A-Za-z0-9])(?P<p>[pcgmr])\.\s?(?P<o>\()?\Z")


def _prefix_left(text: str, s: int) -> tuple[int, str | None, bool]:
    """A "p." / "c." / "p.(" written right before position ``s``: (new start, letter, opened)."""
    if s >= 2 and text[s - 1] in ".( " :
        m = PREFIX_LEFT.search(text, max(0, s - 4), s)
        if m:
            return m.start(), m.group("p"), bool(m.group("o"))
    return s, None, False


# --------------------------------------------------------------------------------------------
# protein rules

# V600E, p.V600E, p.(V600E), R213*, R213X, S133stop, F1174C/L, c.G1714A, BRAFV600E
R_SUB1 = _c(
    rf"(?P<w>{A1})(?P<pos>-?[1-9]\d{{0,6}}+)(?P<sp> )?(?P<m>{TER_RE}|{A1}|X|\*)"
    rf"(?P<alt>(?:/{A1}(?![A-Za-z0-9]))+)?(?P<cp>\))?{END}"
)

# Val600Glu, p.(Val600Glu), Arg213Ter, Cys 23 Ser, Gly(388)Arg, Ile(146)-->Leu, Glu-7-->Ala,
# Pro-236-Leu, Glu 272 to stop, Cys 23-Ser 23; with names: arginine 150 proline,
# leucine 269 to phenylalanine, Trp-241 was replaced with Ala or Gln
_SUBW_TAIL = (
    rf"(?:(?P<s1>\s|-)?(?P<pos>-?[1-9]\d{{0,4}})(?![\d.])|\((?P<posb>[1-9]\d{{0,4}})\))"
    rf"(?P<chain>-(?:alpha|beta|gamma|delta)'?(?=\s(?:was|is|were|with|by|into)\s))?"
    rf"(?P<link>\s?(?:{ARROW}|-?to-?)\s?|\s(?:was|is|were)\s(?:mutated|changed|replaced|substituted|converted)"
    rf"\s(?:to|with|by|into)\s|\s(?:with|by|into)\s|-|\s)?"
    rf"(?P<m>{TER_RE}|{A3}|{AN}|X\b|\*)(?P<rep>\s?\d+)?"
    rf"(?P<more>(?:(?:,\s?|,?\s(?:or|and)\s)(?:{A3}|{AN})(?![a-z])(?!\s?-?\s?\d))*)"
    rf"(?P<cp>\))?(?![A-Za-z0-9])"
)
R_SUBW3 = _c(rf"(?P<w>{A3}){_SUBW_TAIL}")
R_SUBWN = _c(rf"(?P<w>{AN}){_SUBW_TAIL}")

# A34----E34, A34-->E
R_SUB_ARROW1 = _c(rf"(?P<w>{A1})(?P<pos>[1-9]\d{{0,4}})\s?(?:-{{1,4}}>|-{{2,4}}|→)\s?(?P<m>{A1})(?P<pos2>\d+)?{END}")

LIST_ITEM = re.compile(rf"({A3}|{AN})[\s-]?(\d+)")
LIST_MT = re.compile(rf"{A3}|{AN}")


def _prose_patterns(res: str) -> dict[str, re.Pattern]:
    """The prose rules for a residue alternation: codes only (fast) or codes and names."""
    return {
        # Arg79, Arg109, and Arg112 in P450cam were replaced with Lys, Gln, and Met
        "list_replaced": _c(
            rf"(?P<wts>{res}[\s-]?[1-9]\d{{0,4}}(?:(?:,\s|,?\sand\s){res}[\s-]?[1-9]\d{{0,4}})+)"
            rf"(?:\s(?:in|of)\s[\w()-]+)?\s(?:were|was)\s(?:individually\s|each\s)?"
            rf"(?:replaced|substituted|mutated|changed|converted)"
            rf"\s(?:with|by|to|into|for)\s(?:the\s(?:corresponding\s)?amino\sacids,?\s)?"
            rf"(?P<mts>{res}(?:(?:,\s|,?\s(?:and|or)\s){res})*)(?P<resp>,?\srespectively)?{END}"
        ),
        # Pro 172 and Gly 131 to Asp
        "pair_to": _c(
            rf"(?P<wts>{res}\s?[1-9]\d{{0,4}}(?:(?:,\s|,?\sand\s){res}\s?[1-9]\d{{0,4}})+)"
            rf"\sto\s(?P<mts>{res})(?P<resp>)(?![a-z])"
        ),
        # His-554 of IIA(Mtl) was mutated to glutamine
        "pverb_far": _c(
            rf"(?P<w>{res})[\s-]?(?P<pos>[1-9]\d{{0,4}})\s(?:of|in)\s[\w()-]+\s(?:was|were|is)\s"
            rf"(?:mutated|changed|replaced|substituted|converted)\s(?:to|with|by|into)\s(?P<m>{A3}|{AN}){END}"
        ),
        # Ser-->Cys substitution at the codon 326; Phe-->Ser at codon 15;
        # methionine-->valine ...; aspartic acid with glycine in codon 506 (prose)
        "parrow_at": _c(
            rf"(?P<w>{res})\s?(?P<link>{ARROW}|-to-|\bto\b|\bwith\b|\bby\b)\s?(?P<m>{A3}|{AN}|{TER_RE})"
            rf"(?:\s(?:substitution|change|mutation|transition|replacement)"
            rf"(?P<loc>\s(?:in|of)\s(?:the\s)?[\w()-]+(?:\s[\w()-]+)?)?)?"
            rf"\s(?:at|in)\s(?:the\s)?(?:codon|position|residue|amino\sacid)\s(?P<pos>[1-9]\d{{0,4}}){END}"
        ),
    }


PROSE_CODES = _prose_patterns(f"(?:{A3})")
PROSE_ALL = _prose_patterns(f"(?:{A3}|{AN})")

# C77/95A: two positions sharing the residues
R_SHARED = _c(rf"/(?<=\d\d/)(?P<pos2>[1-9]\d{{1,4}})(?P<m>{A1}){END}")
SHARED_LEFT = re.compile(rf"(?P<w>{A1})(?P<pos>[1-9]\d{{1,4}})/\Z")

# frameshifts: Y329fs, p.A27fsX132, p. Pro184ArgfsX19, p.Cys817Valfs X15, L100Pfs*5, p.T3708fs3769
_FS_TAIL = (
    rf"(?P<pos>[1-9]\d{{0,4}})(?P<m>{A3}|{A1})?fs"
    rf"(?:\s?(?P<t>\*|X|Ter|ter)\s?(?P<n>\d+)?|(?P<n2>\d+))?(?P<cp>\))?{END}"
)
R_FS1 = _c(rf"(?P<w>{A1}){_FS_TAIL}")
R_FS3 = _c(rf"(?P<w>{A3}){_FS_TAIL}")

# deletions, duplications, insertions: F471del, E746_A750del, Val624-Val625del,
# L747_P753delinsS, D770_N771insSVD, A124ins, p.G204_K247del
_INDEL_TAIL = (
    rf"(?P<pos>[1-9]\d{{0,4}})(?:(?P<rs>_|-|–)(?P<w2>{A3}|{A1})(?P<pos2>[1-9]\d{{0,4}}))?"
    rf"(?P<op>delins|del|dup|ins)(?P<seq>(?:{A3})+|{A1}+|\d+)?(?P<cp>\))?{END}"
)
R_PINDEL1 = _c(rf"(?P<w>{A1}){_INDEL_TAIL}")
R_PINDEL3 = _c(rf"(?P<w>{A3}){_INDEL_TAIL}")

# 1151Tins (position written first)
R_PINS_POSFIRST = _c(rf"(?P<pos>[1-9]\d{{1,4}})(?P<w>{A1})ins(?P<seq>{A1}*){END}")

# AFF344-345ins (a run of residues, then the range)
R_PINS_RUN = _c(rf"(?P<run>{A1}{{2,}})(?P<pos>[1-9]\d{{0,4}})[-_](?P<pos2>[1-9]\d{{0,4}})(?P<op>ins|del|dup){END}")

# delE746-A750, del E746_A750, ΔE746-A750
R_PDEL_PREFIX = _c(
    rf"(?:del|Δ|Delta)\s?(?P<w>{A3}|{A1})(?P<pos>[1-9]\d{{0,4}})[-_–](?P<w2>{A3}|{A1})(?P<pos2>[1-9]\d{{0,4}}){END}"
)

# substitution of glutamic acid for valine at 600 (prose)
R_PSUBST_FOR = _c(
    rf"[SsRr](?:ubstitution|eplacement)\sof\s(?:an?\s)?(?P<m>{A3}|{AN})(?:\sresidue)?\sfor\s(?:the\s)?(?P<w>{A3}|{AN})"
    rf"(?:\s(?:at|in)\s(?:(?:the\s)?(?:codon|position|residue|amino\sacid)\s)?|[\s-]?)(?P<pos>[1-9]\d{{0,4}}){END}"
)

# residue 300 from alanine to aspartic acid (prose)
R_PFROM = _c(
    rf"(?:residue|position|codon|amino\sacid)\s(?P<pos>[1-9]\d{{0,4}})\sfrom\s(?P<w>{A3}|{AN})\s(?:to|{ARROW})\s(?P<m>{A3}|{AN}|{TER_RE}){END}"
)

# Glu-->Ala (no position)
R_PARROW = _c(rf"(?P<w>{A3})\s?{ARROW}\s?(?P<m>{A3}|{TER_RE}){END}")

# ΔF508, delta F508, deltaF508 (CFTR-style in-frame deletion of one residue)
R_DELTA_RES = _c(rf"(?:Delta|delta|Δ|del)\s?(?P<w>{A1})(?P<pos>[1-9]\d{{1,4}}){END}")

# codon 72 (Arg-->Pro), codon 12 Gly>Val
R_CODON_AA = _c(
    rf"[Cc]odon\s?(?P<pos>[1-9]\d{{0,4}}),?\s?\(?(?P<w>{A3})\s?{ARROW}\s?(?P<m>{A3}|{TER_RE})\)?{END}"
)

# p.[D448H;H294Q]: several protein changes on one allele
R_PBRACKET = _c(
    rf"p\.\[(?P<body>(?:{A1}|{A3})[1-9]\d{{0,4}}(?:{A1}|{A3}|\*|X)(?:;\s?(?:{A1}|{A3})[1-9]\d{{0,4}}(?:{A1}|{A3}|\*|X))+)\]"
)

# --------------------------------------------------------------------------------------------
# DNA rules

DPOS = r"(?:[-+*]\s?)?\d+(?:\s?[-+]\s?(?:\d+|\?))?"
DRANGE = rf"{DPOS}(?:\s?(?:_|-|\.\.\.?)\s?{DPOS})?"
SUB = rf"(?P<a>{NTL})\s?(?:{ARROW}|/|\sgreater\sthan\s)\s?(?P<b>{NTL})"
DCHANGE = (
    rf"(?:\s?\(?{SUB}\)?"
    rf"|\s?[Dd]el(?:ins{NT}+|{NT}+ins{NT}+|\s?{NT}+(?![a-z])|\d+)?(?:ins{NT}+)?(?:\s?\d+\s?(?:bp|nt))?"
    rf"|\s?[Ii]ns(?:{NT}+|\d+|\({NT}+\)|\s?\d+\s?(?:bp|nt))?"
    rf"|\s?[Dd]up(?:{NT}+|\d+)?"
    rf"|\s?inv(?:{NT}+|\d+)?"
    rf"|(?P<one>{NT})(?![\w>/]))"
)

# c.2573T>G, c.1402-1C > G, c. *469 C>A, c.609+28_610-16del, c.304ins(GCG), g.80_87delT,
# c.[742_743delAAinsT;746_747delCA], g11311delT
_HGVS_BODY = (
    rf"(?P<body>{DRANGE}{DCHANGE}"
    rf"|\[[^\]\n]{{3,80}}\](?:\+\[[^\]\n]{{3,80}}\])?"
    rf"|{DRANGE}(?P<bare>\s?(?:del|dup|ins)(?:[ACGT]+|\d+)?)?){END}"
)
# the match starts at the dot (a literal: fast to find); the handler adds the letter before it
R_HGVS = _c(rf"(?P<pfx>\.(?<=[cgmnr]\.)\s?){_HGVS_BODY}")


# 677C>T, 677 C>T, -308G>A, 2398+1G>C, -369 (C>G), -491A/T, -924, A/G, 962 G-A, -491 A to T,
# 1494del6, -134delA, 1067 del A, 1067-1068 ins 5 bp, 2172_2173insCCCC, 899dupC, 1729 + 55del4,
# 3849+10kbC>T, -611 (-T), -603/604 (GA>AG), -6054 deletion/ATT
R_DBARE = _c(
    rf"(?P<pos>[-+*\d](?<![A-Zabd-fh-z0-9_.,/][*\d])(?<![.,/+\-][-+])(?:(?<=\d)\d*+|\d++)(?:\s?[-+_/]\s?\d++(?:\.\d+\s?kb|\s?kb)?)?(?:_\d++)?)"
    rf"(?:(?P<sub>(?:,\s|\s?\(|\s)?{NT}\s?(?:{ARROW}|/|-|\sto\s)\s?{NT}\)?|\s?{NT}{{2,}}\s?{ARROW}\s?{NT}{{1,}}"
    rf"|(?P<one>(?<=\d[-+]\d)|(?<=\d[-+]\d\d)|(?<=\d\s[-+]\s\d)|(?<=\d\s[-+]\s\d\d)|(?<=\d[-+]\d\d\d))\s?{NT}(?![\w>/])"
    rf"|\s\({NT}{{2,}}>{NT}{{2,}}\)|\s\(-{NT}+\)|,?\s(?:deletion|insertion)/{NT}+)"
    rf"|(?P<del>\s?[Dd]el(?:ins{NT}+|{NT}+ins{NT}+|{NT}+|\d+|\s{NT}{{1,4}}(?![\w])|\s\d+\s?bp)?"
    rf"|\s?[Ii]ns(?:{NT}+|\d+|\({NT}+\)|\s\d+\s?bp)?|\s?[Dd]up(?:{NT}+|\d+)?|\s\d+N\s(?:ins/)?del))"
    rf"(?![A-Za-z0-9>])"
)

# IVS8+4 A>G, IVS-II-1(G>A), IVS10+1, g-->t, IVS1-23T, IVS9+459, A/G, IVSI-1 (G-->A),
# IVS46: del T -39...-46, IVS 9 del[-7:-4], IVS7-151_152delGA
R_IVS = _c(
    rf"IVS\s?(?:-?\d+|-?[IVX]+(?:-[IVX]+)?)(?:\s?[-+]\s?\d+)?(?:_(?:IVS\d+)?[-+]?\d+)?"
    rf"(?:(?:,\s?|\s?\(|\s)?{NTL}\s?(?:{ARROW}|/)\s?{NTL}\)?"
    rf"|\({NTL}-{NTL}\)"
    rf"|\s?(?:\+\s?)?\d*{NT}(?![\w>/])"
    rf"|(?::\s?|\s)?del\s?(?:{NT}+(?:\s[-+]\d+\.{{2,3}}[-+]\d+)?|\[[-+:\d]{{2,12}}\]|\d+)"
    rf"|\s?(?:ins|dup)(?:{NT}+|\d+)?)"
    rf"(?![A-Za-z0-9>])"
)

# Ex2+860G>C, intron 2, -352G-->A
R_INTRON_PFX = _c(rf"(?:Ex|In|IVS|exon|intron)\s?\d+(?:,\s?)?[-+]\s?\d+\s?{NT}\s?(?:{ARROW}|/)\s?{NT}{END}")

# C-->T transition at nucleotide 677, (G --> C) substitution at position 1201,
# A > G at nucleotide 313, G>A substitution at nucleotide +1 of intron 2, (TAC-->AA) at codon 329
R_DNL = _c(
    rf"[(ACGT](?<![\w/][(ACGT])(?<=(?P<a0>.))(?P<a>{NT}{{0,3}})\s?{ARROW}\s?(?P<b>{NT}{{1,3}})\)?"
    rf"(?:\s(?:transition|transversion|substitution|change|mutation))?\s(?:at|in)\s(?:the\s)?"
    rf"(?:(?:(?:nucleotide|position|cDNA\sbase|base|nt|codon)\s)(?P<pos>(?:c\.)?[-+]?\d+)|(?P<pos2>(?:c\.)?[-+]?\d+)\sposition)"
    rf"(?:\sof\s(?:intron|exon)\s\d+)?{END}"
)

# nucleotide 654 mutation (C-->T), codon 91 (C-->T), nucleotide 5215G>A, codon 26, GAG-->GCG,
# codon (CD)26 GAG-->GAA, codon 787 CAG/CAA
R_DPOS_FIRST = _c(
    rf"(?:nucleotide|nt|position|codon)\s?(?:\(CD\)\s?)?(?P<pos>[-+]?\d+)(?:\smutation)?"
    rf"(?:,?\s\(?|\s?\(?)(?P<a>{NT}{{1,3}})\s?(?:{ARROW}|/)\s?(?P<b>{NT}{{1,3}})\)?{END}"
)

# CAC(3543)TAC
R_CODON3 = _c(rf"(?P<a>{NT}{{3}})\((?P<pos>\d+)\)(?P<b>{NT}{{3}}){END}")

# 1978(TATC)(1-2)  (repeat-count variants)
R_REPEAT = _c(rf"\d+\({NT}{{2,}}\)\(\d+-\d+\)")

# delTTCA, dup24bp, ins/del 6 bp, del14b_17b, del-(439-443); Tdel219; AGCTCCTCCTTCTC/-
R_DWORD_DEL = _c(rf"del(?:{NT}{{2,}}|\d+\s?bp|\d+b_\d+b|-\(\d+-\d+\)){END}")
R_DWORD_INSW = _c(rf"ins(?:{NT}{{2,}}|\d+\s?bp|/del\s?\d+\s?bp){END}")
R_DWORD_DUP = _c(rf"dup(?:{NT}{{2,}}|\d+\s?bp){END}")
R_DWORD_NT = _c(rf"{NT}(?:del\d+|{NT}{{2,}}/-){END}")
R_DWORD_INS = _c(rf"-/{NT}{{3,}}{END}")

# Delta32 (CCR5)
R_DELTA = _c(r"(?:Delta|Δ)\s?(?P<n>\d{2,})(?![\d\w(])")

# beta-globin codon notation: CD6 -G, CD 41/42 (-TTCT), codons 130/131 + GCCT, CD17 (A>T)
R_CD = _c(
    rf"(?:CDs?|[Cc]odons?)\s?(?P<pos>\d+(?:\s?/\s?\d+)?)(?:\s?\(\s?[-+]\s?{NT}+\s?\)|\s[-+]{NT}+|\s?\({NT}{{1,3}}\s?{ARROW}\s?{NT}{{1,3}}\))(?![\w>])"
)

# C>T, G > C, A-->G (no position)
R_DSUB_BARE = _c(rf"(?P<a>{NT})\s?{ARROW}\s?(?P<b>{NT})(?![\w>/])")

# G/C, C/T: only when the context says allele / polymorphism
R_DSLASH = _c(rf"/(?<=(?P<a>{NT})/)(?P<b>{NT})(?P<at>\([-+]?\d+\))?(?![\w/])")
SLASH_AFTER = re.compile(
    r"\s(?:(?:single[\s-]nucleotide\s)?polymorphism|substitution|SNP|transition|transversion|"
    r"variant|allele|alleles|change|mutation|resulting|in\sexon|in\sintron|polymorphic)"
)
SLASH_BEFORE = re.compile(r"rs\d+,\s?\Z")

# --------------------------------------------------------------------------------------------
# SNP ids

R_RS = _c(r"rs\s?\d{2,}(?P<chg>:?[ACGT]>[ACGT])?(?![\w])")
R_SS = _c(r"ss\d{5,}(?P<chg>)(?![\w])")
R_RS_WORDS = _c(r"reference\sSNP\s(?:\(refSNP\)\s)?(?:no\.|number|ID|id|#)?\s?(?P<n>\d{3,})\b")

# --------------------------------------------------------------------------------------------
# class rules (kind "class"): exon-level, codon-level

R_EXON = _c(
    r"[Ee]x(?:on)?[\s-]?(?P<n>\d{1,2})\s(?:in-frame\s|small\s)?(?P<op>deletion|insertion|duplication|"
    r"skipping|del|ins|dup)(?:s|ions)?\b"
)
R_EXON_AFTER = _c(r"(?P<op>deletion|insertion|duplication)s?\s(?:in|of|within)\s(?:the\s)?[Ee]xon\s(?P<n>\d{1,2})\b")
R_EXON_SHORT = _c(r"(?P<n>19|20)(?:(?P<op>del|ins)\b|\b(?<=(?:del|Del|ins|Ins)\d\d))")
R_CODON = _c(r"[Cc]odons?\s(?P<n>[1-9]\d{0,3})(?P<more>(?:(?:\s?/\s?|,\s?|\s(?:and|or)\s|-)[1-9]\d{0,3})*)(?![\d\w])")
# G12, G12/G13, R132 followed by a mutation word
R_CODON_RES = _c(
    rf"(?P<w>{A1})(?P<pos>[1-9]\d{{1,3}})(?P<more>(?:/{A1}?[1-9]\d{{1,3}})*)"
    r"(?=\s(?:mutation|mutations|mutant|mutants|mutated|hotspot|codon|substitution|substitutions|"
    r"variant|variants|alteration|alterations)\b)"
)

# --------------------------------------------------------------------------------------------
# fusions: EML4-ALK, BCR–ABL1, KIF5B-RET, TMPRSS2:ERG

# the match starts at the separator (rare characters: fast to find); the handler reads the
# first partner backwards
R_FUSION = _c(
    r"(?P<d>[-–—‒/:](?<=[A-Za-z0-9][-–—‒/:]):?)(?P<b>[A-Z][A-Za-z0-9]{1,9}+)(?![A-Za-z0-9])(?!-[A-Z0-9])"
)
FUSION_CONTEXT = re.compile(r"[\s-]*(?:gene\s|genes\s)?(?:fusion|rearrange|translocation|chimer)", re.I)
FUSION_BLOCK = re.compile(r"[\s-]*(?:\w+[\s-]+)?(?:inhibit|TKI|blockade|pathway|signal|axis|cascade)", re.I)

# --------------------------------------------------------------------------------------------
# context helpers

GREEK_TAIL = re.compile(r"[A-Za-z0-9]*(?:alpha|beta|gamma|delta|epsilon)\Z")
# histones (H3K27M) and antibody variable domains (VHY101F): short prefixes that may be glued
GLUE_SHORT_OK = frozenset({"H3", "H4", "H1", "H2A", "H2B", "VH", "VL"})


def _word_end(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isalnum():
        i += 1
    return i


def _gene_prefix(text: str, start: int, pos_digits: int):
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
        if pos_digits < 2:
            return None, None, None, False
        if GREEK_TAIL.match(token):
            return (token if len(token) > 5 and token[0] != "a" else None), j, start, True
        if token in GLUE_SHORT_OK or (3 <= len(token) <= 10 and GENE_SHAPE.match(token)):
            if is_false_friend(text[j:_word_end(text, start)]):
                return None, None, None, False
            return token, j, start, True
        return None, None, None, False
    if prev in "-:" and start >= 2 and text[start - 2].isalnum():
        if pos_digits < 2:
            return None, None, None, False
        j = start - 1
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        token = text[j:start - 1]
        if j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-/"):
            return None, None, None, True
        if 2 <= len(token) <= 10 and GENE_SHAPE.match(token) and not MUTATION_SHAPE.match(token):
            return token, j, start - 1, True
        return None, None, None, True
    return None, None, None, True


PROTEIN_NEAR = re.compile(r"\bamino[\s-]acid\b|\bresidue|\bcodon\b")
NUCLEOTIDE_NEAR = re.compile(
    r"nucleotide|\bbp\b|cDNA|mtDNA|promoter|\bintron|\(p\.|\bp\.[A-Z]|polymorphism|transition|transversion|"
    r"\bSNPs?\b|\balleles?\b"
)
GENE_BEFORE = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\s\Z")


def _acgt_kind(text: str, start: int, end: int, pos: int) -> str:
    """Protein or DNA for a one-letter change written only with A, C, G, T ("C677T", "G12C").

    DNA unless the words around it are about proteins ("KRAS G12C", "amino acid A146T", the same
    residue written "Gly12" elsewhere) and none are about nucleotides.
    """
    if pos >= 1000:
        return "dna"
    if NUCLEOTIDE_NEAR.search(text, max(0, start - 60), end + 40):
        return "dna"
    wt3 = ONE_TO_THREE.get(text[start])
    if wt3 and re.search(rf"\b{wt3}[\s-]?\(?{pos}\b", text):
        return "protein"  # the same residue is written with its three-letter code elsewhere
    if PROTEIN_NEAR.search(text, max(0, start - 40), start) or (
        pos < 400 and GENE_BEFORE.search(text, max(0, start - 40), start)
    ):
        return "protein"
    return "dna"


SINGLE_DIGIT_BLOCK = re.compile(
    r"[\s-]*(?:receptor|receptors|cells?|domain|family|subunit|complex|phase|checkpoint|"
    r"transition|antagonist|agonist|antibod|diabetes|promoter|site|sites|box|motif|isoform)",
    re.I,
)
GENOTYPE_AFTER = re.compile(r"/|.{0,40}?\bgenotypes?\b|[\s/]*(?:\w+\s)?(?:homozygo|carriers?)", re.I)
PROSE_LINK = re.compile(r"\s(?:was|is|were|with|by|into)\s")
SPLIT_MORE = re.compile(r",?\s(?:or|and)\s|,\s?")

# --------------------------------------------------------------------------------------------
# handlers: (match, text) -> Candidate | None


def h_sub1(m: re.Match, text: str):
    w, pos, mt = m.group("w"), m.group("pos"), m.group("m")
    s, e = m.start(), m.end()
    new_s, pfx, opened = _prefix_left(text, s)
    if m.group("cp") and not opened:
        e -= 1  # a closing parenthesis that is not ours
    if opened and not m.group("cp"):
        new_s, pfx, opened = s, None, False
    if m.group("sp") and pfx != "p":
        return None  # "A469 T" only as "p.A469 T"
    digits = pos.lstrip("-")
    nt_only = _is_nt(w) and _is_nt(mt)
    if len(digits) > (7 if nt_only else 5):
        return None
    if pfx and pfx not in "pc" and not nt_only:
        return None
    gene_text = gene_start = gene_end = None
    guessed = False
    if not pfx:
        gene_text, gene_start, gene_end, ok = _gene_prefix(text, s, len(digits))
        if not ok:
            return None
        if is_false_friend(f"{w}{pos}{mt}"):
            return None
        if len(digits) == 1 and (SINGLE_DIGIT_BLOCK.match(text, e) or (s > 0 and text[s - 1] in "-:")):
            return None
        if pos.startswith("-") and not nt_only and len(digits) > 2:
            return None
    if w == mt and not m.group("alt"):
        if nt_only or GENOTYPE_AFTER.match(text, e) or (s > 0 and text[s - 1] == "/"):
            return None  # "G1359G", "Met326Met genotype": a genotype, not a change
    mt1 = aa_to_one(mt) if len(mt) > 1 else ("*" if mt in "X*" else mt)
    alts = [mt1]
    if m.group("alt"):
        alts += [a for a in m.group("alt").split("/") if a]
    kind = "protein"
    if pfx and pfx in "cgmr":
        kind = "dna"
    elif nt_only and not pfx and not gene_text and (not m.group("alt") or _is_nt(m.group("alt").replace("/", ""))):
        kind = _acgt_kind(text, s, e, int(digits))
        guessed = True
    s = new_s
    if kind == "dna":
        norm = (_dna_norm(text[s:e]),)
    else:
        norm = tuple(f"{w}{pos}{a}" for a in alts)
    if gene_text:
        return Candidate(gene_start, e, norm, kind, gene_text, gene_start, gene_end, prio=2)
    return Candidate(s, e, norm, kind, prio=2, guessed=guessed)


def h_subw(m: re.Match, text: str):
    w = aa_to_one(m.group("w"))
    mt = aa_to_one(m.group("m"))
    pos = m.group("pos") or m.group("posb")
    if w is None or mt is None or pos is None:
        return None
    s, e = m.start(), m.end()
    wt_is_code = len(m.group("w")) == 3
    link = m.group("link") or ""
    if _alnum_before(text, s):
        # "VHTyr101Phe", "alphaAsp60Asn": a code-form change glued to a chain or domain name
        if not (wt_is_code and not link and text[s - 1].isalpha() and m.group("w")[1].islower()):
            return None
    new_s, pfx, opened = _prefix_left(text, s)
    if pfx and pfx != "p":
        new_s, pfx, opened = s, None, False
    # names need an explicit link or a separator; codes may be glued (Val600Glu)
    if not wt_is_code and not link and m.group("s1") is None:
        return None
    if m.group("rep") and (m.group("rep").strip() != pos or len(pos.lstrip("-")) == 1):
        return None  # "His289-Asp260", "Cys2-His2": a pair of residues, not a change
    if re.match(r"-\s?\d", text[e:e + 3]):
        return None  # "Glu-361 to Ser-699": a stretch of residues
    if m.group("cp") and not opened:
        e = m.start("cp")
    if opened and not m.group("cp"):
        new_s = s
    if pos.startswith("-") and not link:
        return None
    if w == mt and (GENOTYPE_AFTER.match(text, e) or (s > 0 and text[s - 1] == "/")):
        return None
    mts = [mt]
    if m.group("more"):
        for part in SPLIT_MORE.split(m.group("more")):
            one = aa_to_one(part.strip()) if part.strip() else None
            if one:
                mts.append(one)
    # "Trp-64 to Phe or Tyr": alternatives only after a "to"-like link
    if len(mts) > 1 and not re.search(r"to|>|with|by|into", link):
        e = m.start("more")
        mts = mts[:1]
    prose = bool(PROSE_LINK.search(link)) or len(mts) > 1
    return Candidate(new_s, e, tuple(f"{w}{pos}{x}" for x in dict.fromkeys(mts)), "protein", prio=3, prose=prose)


def h_sub_arrow1(m: re.Match, text: str):
    """A34----E34, A34-->E"""
    if _alnum_before(text, m.start()) or (m.group("pos2") and m.group("pos2") != m.group("pos")):
        return None
    return Candidate(m.start(), m.end(), (f"{m.group('w')}{m.group('pos')}{m.group('m')}",), "protein", prio=3)


def h_list_replaced(m: re.Match, text: str):
    """Arg79, Arg109, and Arg112 ... were replaced with Lys, Gln, and Met (every pair), or
    ... with Thr, Leu, Ala, and Ser, respectively (pairwise)."""
    if _alnum_before(text, m.start()):
        return None
    wts = [(aa_to_one(a), p) for a, p in LIST_ITEM.findall(m.group("wts"))]
    mts = [aa_to_one(x) for x in LIST_MT.findall(m.group("mts"))]
    if not wts or not mts or any(w is None for w, _ in wts) or any(x is None for x in mts):
        return None
    if m.group("resp"):
        if len(wts) != len(mts):
            return None
        norms = [f"{w}{p}{x}" for (w, p), x in zip(wts, mts)]
    else:
        norms = [f"{w}{p}{x}" for (w, p) in wts for x in mts]
    return Candidate(m.start(), m.end(), tuple(dict.fromkeys(norms)), "protein", prio=3, prose=True)


def h_pverb_far(m: re.Match, text: str):
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}{mt}",), "protein", prio=3, prose=True)


def h_shared(m: re.Match, text: str):
    left = SHARED_LEFT.search(text, max(0, m.start() - 7), m.start() + 1)
    if left is None:
        return None
    s = left.start()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "/"):
        return None
    w, mt = left.group("w"), m.group("m")
    return Candidate(s, m.end(), (f"{w}{left.group('pos')}{mt}", f"{w}{m.group('pos2')}{mt}"), "protein", prio=3)


def _with_prefix_and_gene(m: re.Match, text: str, norm: str, prio: int):
    s, e = m.start(), m.end()
    new_s, pfx, opened = _prefix_left(text, s)
    if m.group("cp") and not opened:
        e -= 1
    if pfx and pfx != "p":
        return None
    if pfx:
        return Candidate(new_s, e, (norm,), "protein", prio=prio)
    gene_text, gene_start, gene_end, ok = _gene_prefix(text, s, len(m.group("pos")))
    if not ok:
        return None
    if gene_text:
        return Candidate(gene_start, e, (norm,), "protein", gene_text, gene_start, gene_end, prio=prio)
    return Candidate(s, e, (norm,), "protein", prio=prio)


def h_fs(m: re.Match, text: str):
    w = aa_to_one(m.group("w"))
    if w is None:
        return None
    mt = aa_to_one(m.group("m")) if m.group("m") else ""
    n = m.group("n") or m.group("n2") or ""
    tail = f"*{n}" if (m.group("t") or n) else ""
    return _with_prefix_and_gene(m, text, f"{w}{m.group('pos')}{mt or ''}fs{tail}", prio=1)


def h_pindel(m: re.Match, text: str):
    w = aa_to_one(m.group("w"))
    if w is None:
        return None
    op = m.group("op")
    seq = m.group("seq") or ""
    if seq and seq.isdigit():
        if op not in ("ins", "del"):
            return None
        seq_one = seq
    else:
        seq_one = residues_to_one(seq)
    if op in ("del", "dup") and seq and not seq.isdigit() and len(m.group("w")) == 1 and _is_nt(seq + m.group("w")):
        return None  # "A123delG" reads as DNA
    norm = f"{w}{m.group('pos')}"
    if m.group("w2"):
        w2 = aa_to_one(m.group("w2"))
        if w2 is None:
            return None
        norm += f"_{w2}{m.group('pos2')}"
    norm += "del" if op == "del" else op + seq_one
    return _with_prefix_and_gene(m, text, norm, prio=1)


def h_pins_posfirst(m: re.Match, text: str):
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
        return None
    return Candidate(m.start(), m.end(), (f"{m.group('w')}{m.group('pos')}ins{m.group('seq')}",), "protein", prio=2)


def h_pins_run(m: re.Match, text: str):
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
        return None
    if _is_nt(m.group("run")):
        return Candidate(m.start(), m.end(), (_clean(m.group(0)),), "dna", prio=3)
    return Candidate(m.start(), m.end(), (m.group(0),), "protein", prio=3)


def h_pdel_prefix(m: re.Match, text: str):
    w, w2 = aa_to_one(m.group("w")), aa_to_one(m.group("w2"))
    if not w or not w2 or _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}_{w2}{m.group('pos2')}del",), "protein", prio=1)


def h_parrow_at(m: re.Match, text: str):
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or _alnum_before(text, m.start()):
        return None
    prose = m.group("link") in ("to", "-to-", "with", "by") or bool(m.group("loc"))
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}{mt}",), "protein", prio=2, prose=prose)


def h_psubst_for(m: re.Match, text: str):
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}{mt}",), "protein", prio=2, prose=True)


def h_parrow(m: re.Match, text: str):
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}>{mt}",), "protein", prio=4)


def h_codon_aa(m: re.Match, text: str):
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}{mt}",), "protein", prio=2)


def h_delta_res(m: re.Match, text: str):
    if _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{m.group('w')}{m.group('pos')}del",), "protein", prio=3)


PB_ITEM = re.compile(rf"({A3}|{A1})(\d+)({A3}|{A1}|\*|X)")


def h_pbracket(m: re.Match, text: str):
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
        return None
    norms = []
    for part in m.group("body").split(";"):
        x = PB_ITEM.fullmatch(part.strip())
        if not x:
            return None
        w = aa_to_one(x.group(1))
        mt = aa_to_one(x.group(3)) if len(x.group(3)) > 1 else x.group(3).replace("X", "*")
        if not w or not mt:
            return None
        norms.append(f"{w}{x.group(2)}{mt}")
    return Candidate(m.start(), m.end(), tuple(norms), "protein", prio=1)


def h_dna_clean(prio: int = 3):
    def handler(m: re.Match, text: str):
        s, e = m.start(), m.end()
        if _alnum_before(text, s) and text[s].isalnum():
            return None
        return Candidate(s, e, (_dna_norm(text[s:e]),), "dna", prio=prio)

    return handler


HGVS_OPS = re.compile(r"del|ins|dup|inv|\[|>|\?_|_\d+[-+]\?")
HGVS_CHANGE_C = re.compile(r"[>/]|del|ins|dup|-->|inv")


def h_hgvs(m: re.Match, text: str):
    s, e = m.start(), m.end()
    if m.group("pfx")[0] == ".":
        s -= 1  # the letter before the dot
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "."):
        return None
    body = m.group("body")
    if not any(ch.isdigit() for ch in body):
        return None
    pfx = m.group("pfx")
    if pfx[0] != "." and not HGVS_CHANGE_C.search(body):
        return None  # "c2403" alone is not a change
    if not (m.group("a") or m.group("one") or HGVS_OPS.search(body)):
        return None
    if m.group("one") and not re.search(r"[-+*]", body):
        return None  # c.1234A alone
    return Candidate(s, e, (_dna_norm(text[s:e]),), "dna", prio=1)


NT_HYPHEN = re.compile(rf"{NT}-{NT}")
NODOT_HEAD = re.compile(r"(?<![A-Za-z0-9])[cgrmn]\d+\Z")
PAIR_SLASH = re.compile(rf"({NT})\s?/\s?({NT})")


def h_dbare(m: re.Match, text: str):
    s, e = m.start(), m.end()
    pos = m.group("pos")
    prio = 3
    if s > 0:
        prev = text[s - 1]
        if pos[0] in "+-":
            if prev in ".,/+-":
                return None
        elif prev in "cg" and pos[0].isdigit() and not _alnum_before(text, s - 1):
            s -= 1  # "c2403T --> C", "g11311delT": HGVS without its dot
            prio = 1
        elif prev.isalnum() or prev in ".,/+-_":
            return None
    if pos[0] in "+-" and s > 0 and text[s - 1].isdigit():
        head = NODOT_HEAD.search(text, max(0, s - 8), s)
        if head:  # "r291-464del": HGVS without its dot
            s, prio = head.start(), 1
    sub = m.group("sub")
    if sub is not None and m.group("one") is not None:
        if (s > 0 and text[s - 1] == "[") or text.startswith("]", e):
            return None  # "[24-14C]": an isotope label
    elif sub is not None:
        sep = sub.strip()
        # "962 G-A": a single hyphen only after a space
        if NT_HYPHEN.search(sep) and not sub.startswith(" "):
            return None
        if sub.startswith(", ") and not pos.startswith(("-", "+")):
            return None
        pair = PAIR_SLASH.search(sep)
        if pair and pair.group(1) == pair.group(2):
            return None  # "-251A/A": a genotype
    else:
        d = m.group("del")
        if d is None:
            return None
        plain = pos.isdigit()
        if d.strip() in ("del", "ins", "dup", "Del", "Ins", "Dup") and plain:
            return None  # "2 del": a bare number with a bare operation
        if d.startswith(" ") and re.fullmatch(r"\s(?:del|ins|dup)\d*", d) and plain:
            return None
    norm = _dna_norm(text[s:e])
    if sub:
        norm = re.sub(rf"({NT})(?:-|to)({NT})\Z", r"\1>\2", norm).replace("(", "").replace(")", "")
    return Candidate(s, e, (norm,), "dna", prio=prio)


def h_dnl(m: re.Match, text: str):
    a0 = m.group("a0")
    a = (a0 if a0 != "(" else "") + m.group("a")
    if not a or len(a) > 3:
        return None
    pos = m.group("pos") or m.group("pos2")
    return Candidate(m.start(), m.end(), (f"{pos}{a}>{m.group('b')}",), "dna", prio=2)


def h_dpos_first(m: re.Match, text: str):
    if _alnum_before(text, m.start()):
        return None
    pos, a, b = m.group("pos"), m.group("a"), m.group("b")
    head = "codon" if m.group(0).lower().startswith("codon") and len(a) == 3 else ""
    return Candidate(m.start(), m.end(), (f"{head}{pos}{a}>{b}",), "dna", prio=2)


def h_codon3(m: re.Match, text: str):
    if _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{m.group('a')}{m.group('pos')}{m.group('b')}",), "dna", prio=2)


def h_delta(m: re.Match, text: str):
    if _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"Delta{m.group('n')}",), "dna", prio=4)


def h_dsub_bare(m: re.Match, text: str):
    s = m.start()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/>-."):
        return None
    return Candidate(s, m.end(), (f"{m.group('a')}>{m.group('b')}",), "dna", prio=5)


def h_dslash(m: re.Match, text: str):
    s, e = m.start() - 1, m.end()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/-."):
        return None
    if m.group("a") == m.group("b"):
        return None
    if m.group("at"):  # "C/T(-13910)": alleles at a position
        return Candidate(s, e, (_dna_norm(text[s:e]),), "dna", prio=4)
    if SLASH_AFTER.match(text, e) or SLASH_BEFORE.search(text, max(0, s - 20), s):
        return Candidate(s, e, (f"{m.group('a')}/{m.group('b')}",), "dna", prio=5)
    return None


def h_rs(m: re.Match, text: str):
    s, e = m.start(), m.end()
    if _alnum_before(text, s):
        return None
    tok = "".join(m.group(0).split())
    if m.group("chg"):
        tok = tok[: -len(m.group("chg"))]
    return Candidate(s, e, (tok,), "snp", prio=1)


def h_rs_words(m: re.Match, text: str):
    return Candidate(m.start(), m.end(), (f"rs{m.group('n')}",), "snp", prio=1)


_EXON_OPS = {"del": "deletion", "ins": "insertion", "dup": "duplication"}


def _exon_op(op: str) -> str:
    op = op.lower()
    return _EXON_OPS.get(op, op)


def h_exon(m: re.Match, text: str):
    if _alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"exon {int(m.group('n'))} {_exon_op(m.group('op'))}",), "class", prio=6)


def h_exon_short(m: re.Match, text: str):
    """ex19del, exon19del, 19del, del19, Ins20"""
    s = m.start()
    op = m.group("op")
    if op:
        for head in ("exon", "ex"):
            if text.startswith(head, s - len(head)):
                s -= len(head)
                break
    else:
        op = text[s - 3:s]
        s -= 3
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "-"):
        return None
    return Candidate(s, m.end(), (f"exon {m.group('n')} {_exon_op(op)}",), "class", prio=6)


def h_codon(m: re.Match, text: str):
    if _alnum_before(text, m.start()):
        return None
    nums = [m.group("n")] + re.findall(r"\d+", m.group("more") or "")
    return Candidate(m.start(), m.end(), tuple(dict.fromkeys(f"codon {n}" for n in nums)), "class", prio=7)


def h_codon_res(m: re.Match, text: str):
    s = m.start()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-./"):
        return None
    if is_false_friend(f"{m.group('w')}{m.group('pos')}"):
        return None
    nums = [m.group("pos")] + re.findall(r"\d+", m.group("more") or "")
    return Candidate(s, m.end(), tuple(dict.fromkeys(f"codon {n}" for n in nums)), "class", prio=7)


def h_fusion(m: re.Match, text: str):
    j = m.start()
    s = j
    while s > 0 and text[s - 1].isalnum():
        s -= 1
    if j - s < 2 or j - s > 10 or not text[s].isupper():
        return None
    if s > 0 and (text[s - 1] in "-/" or text[s - 1].isalnum()):
        return None
    a, b, d = text[s:j], m.group("b"), m.group("d")
    partners, three_prime, stop = _fusion_lists()
    for part in (a, b):
        if not GENE_SHAPE.match(part) or MUTATION_SHAPE.match(part) or part in stop:
            return None
        if sum(ch.isalpha() for ch in part) < 2:
            return None
    if a == b or a.startswith(b) or b.startswith(a):
        return None  # "EPO/EPOR": a ligand and its receptor
    e = m.end()
    if FUSION_BLOCK.match(text, e):
        return None
    context = FUSION_CONTEXT.match(text, e) is not None
    if not context:
        if a not in partners and b not in partners:
            return None  # neither a known fusion partner nor "fusion"/"rearrangement" after it
        if a in three_prime and b in three_prime:
            return None  # "ALK/ROS1-positive": two kinases, alternatives
        if d.strip() == "/" and not (a in partners and b in partners):
            return None  # "PI3K/AKT": a slash joins two known partners ("BCR/ABL") or needs "fusion"
    return Candidate(s, e, ("fusion",), "fusion", f"{a}-{b}", s, e, prio=4)


# --------------------------------------------------------------------------------------------
# gates: cheap tests on the whole text that say whether a rule can match at all. Single
# characters (`">" in t`) cost a fraction of a microsecond; each gate is far cheaper than a pass.

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
VERBS = ("replaced", "substituted", "mutated", "changed", "converted")


class Facts:
    """Facts about one text, computed at most once and shared by the gates."""

    __slots__ = ("t", "_code_digit", "_names", "_indel", "_arrow", "_code_starts", "_name_starts")

    def __init__(self, t: str):
        self.t = t
        self._code_digit = self._names = self._indel = self._arrow = None
        self._code_starts = self._name_starts = None

    @property
    def code_digit(self) -> bool:  # "Val600", "Cys 23", "Gly(388"
        if self._code_digit is None:
            t = self.t
            self._code_digit = any(CODE_DIGIT_AT.match(t, i + 3) for i in self.code_starts)
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
            starts = set()
            if self.names:
                t = self.t
                other = NAME_OTHER.finditer(t) if ("spart" in t or "lutam" in t or "ryptophan" in t) else ()
                for m in (*NAME_INE.finditer(t), *other):
                    j = m.start()
                    while j > 0 and t[j - 1].isalpha():
                        j -= 1
                    starts.add(j)
            self._name_starts = sorted(starts)
        return self._name_starts

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


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Callable
    gate: Callable[[Facts], bool] | None = None
    # "codes" / "names" / "residues": the pattern is tried only where a three-letter code / a
    # residue name / either starts
    # (found by Facts), instead of scanning the whole text
    anchors: str | None = None
    codes_only: re.Pattern | None = None  # faster variant when the text names no residue in words


RULES: list[Rule] = [
    Rule("rs", R_RS, h_rs),
    Rule("ss", R_SS, h_rs, lambda f: "ss" in f.t),
    Rule("rs_words", R_RS_WORDS, h_rs_words, lambda f: "reference SNP" in f.t),
    Rule("sub1", R_SUB1, h_sub1),
    Rule("subw3", R_SUBW3, h_subw, lambda f: f.code_digit, anchors="codes"),
    Rule("subwn", R_SUBWN, h_subw, lambda f: f.names, anchors="names"),
    Rule("sub_arrow1", R_SUB_ARROW1, h_sub_arrow1, lambda f: "->" in f.t or "--" in f.t or "→" in f.t),
    Rule("list_replaced", PROSE_ALL["list_replaced"], h_list_replaced,
         lambda f: (f.code_digit or f.names) and f.has(*VERBS), codes_only=PROSE_CODES["list_replaced"], anchors="residues"),
    Rule("pverb_far", PROSE_ALL["pverb_far"], h_pverb_far, lambda f: (f.code_digit or f.names) and f.has(*VERBS), codes_only=PROSE_CODES["pverb_far"], anchors="residues"),
    Rule("pair_to", PROSE_ALL["pair_to"], h_list_replaced, lambda f: (f.code_digit or f.names) and " to " in f.t, codes_only=PROSE_CODES["pair_to"], anchors="residues"),
    Rule("shared", R_SHARED, h_shared, lambda f: "/" in f.t),
    Rule("fs1", R_FS1, h_fs, lambda f: "fs" in f.t),
    Rule("fs3", R_FS3, h_fs, lambda f: "fs" in f.t and f.code_digit, anchors="codes"),
    Rule("pindel1", R_PINDEL1, h_pindel, lambda f: f.indel),
    Rule("pindel3", R_PINDEL3, h_pindel, lambda f: f.indel and f.code_digit, anchors="codes"),
    Rule("pins_posfirst", R_PINS_POSFIRST, h_pins_posfirst, lambda f: f.indel),
    Rule("pins_run", R_PINS_RUN, h_pins_run, lambda f: f.indel),
    Rule("pdel_prefix", R_PDEL_PREFIX, h_pdel_prefix, lambda f: "Δ" in f.t or "Delta" in f.t or "del" in f.t),
    Rule("parrow_at", PROSE_ALL["parrow_at"], h_parrow_at,
         lambda f: f.has("codon", "position", "residue", "amino acid") and (f.names or f.code_starts), codes_only=PROSE_CODES["parrow_at"], anchors="residues"),
    Rule("psubst_for", R_PSUBST_FOR, h_psubst_for, lambda f: f.has("ubstitution of", "eplacement of")),
    Rule("pfrom", R_PFROM, h_psubst_for, lambda f: " from " in f.t and (f.names or f.code_starts)),
    Rule("parrow", R_PARROW, h_parrow, lambda f: f.arrow and f.code_starts, anchors="codes"),
    Rule("delta_res", R_DELTA_RES, h_delta_res, lambda f: "elta" in f.t or "Δ" in f.t or "del" in f.t),
    Rule("codon_aa", R_CODON_AA, h_codon_aa, lambda f: "odon" in f.t and f.arrow),
    Rule("pbracket", R_PBRACKET, h_pbracket, lambda f: "p.[" in f.t),
    Rule("hgvs", R_HGVS, h_hgvs),
    Rule("dbare", R_DBARE, h_dbare,
         lambda f: DBARE_GATE.search(f.t) is not None or f.indel or any(g.search(f.t) for g in DBARE_OP_GATES)),
    Rule("ivs", R_IVS, h_dna_clean(1), lambda f: "IVS" in f.t),
    Rule("intron_pfx", R_INTRON_PFX, h_dna_clean(1),
         lambda f: ("/" in f.t or f.arrow) and f.has("ntron", "Ex", "IVS")),
    Rule("dnl", R_DNL, h_dnl, lambda f: f.arrow),
    Rule("dpos_first", R_DPOS_FIRST, h_dpos_first,
         lambda f: (f.arrow and f.has("nucleotide", "nt ", "position", "codon")) or ("/" in f.t and "codon" in f.t)),
    Rule("codon3", R_CODON3, h_codon3, lambda f: CODON3_GATE.search(f.t) is not None),
    Rule("repeat", R_REPEAT, h_dna_clean(2), lambda f: ")(" in f.t),
    Rule("dword_del", R_DWORD_DEL, h_dna_clean(3), lambda f: "del" in f.t),
    Rule("dword_insw", R_DWORD_INSW, h_dna_clean(3), lambda f: "ins" in f.t),
    Rule("dword_dup", R_DWORD_DUP, h_dna_clean(3), lambda f: "dup" in f.t),
    Rule("dword_nt", R_DWORD_NT, h_dna_clean(3), lambda f: f.has("del", "/-")),
    Rule("dword_ins", R_DWORD_INS, h_dna_clean(3), lambda f: "-/" in f.t),
    Rule("delta", R_DELTA, h_delta, lambda f: "Delta" in f.t or "Δ" in f.t),
    Rule("cd", R_CD, h_dna_clean(2), lambda f: f.has("CD", "odon")),
    Rule("dsub_bare", R_DSUB_BARE, h_dsub_bare, lambda f: f.arrow),
    Rule("dslash", R_DSLASH, h_dslash, lambda f: "/" in f.t),
    Rule("exon", R_EXON, h_exon, lambda f: f.has("xon", "Ex")),
    Rule("exon_after", R_EXON_AFTER, h_exon, lambda f: "xon" in f.t),
    Rule("exon_short", R_EXON_SHORT, h_exon_short,
         lambda f: ("19" in f.t or "20" in f.t) and f.has("del", "ins", "Del", "Ins", "ex1", "ex2")),
    Rule("codon", R_CODON, h_codon, lambda f: "odon" in f.t),
    Rule("codon_res", R_CODON_RES, h_codon_res),
    Rule("fusion", R_FUSION, h_fusion),
]


def _balance(c: Candidate, text: str) -> None:
    """Drop an unpaired parenthesis at either end of a span ("(338G>A" / "338G>A)")."""
    span = text[c.start:c.end]
    changed = False
    while span.endswith(")") and span.count(")") > span.count("("):
        c.end -= 1
        span = span[:-1]
        changed = True
    while span.startswith("(") and span.count("(") > span.count(")"):
        c.start += 1
        span = span[1:]
        changed = True
    if changed and c.kind == "dna" and not c.gene_text:
        c.normalized = (_dna_norm(span).replace("(", "").replace(")", ""),)


def candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    facts = Facts(text)
    for rule in RULES:
        if rule.gate is not None and not rule.gate(facts):
            continue
        handler = rule.handler
        pattern = rule.pattern if rule.codes_only is None or facts.names else rule.codes_only
        if rule.anchors is None:
            matches = pattern.finditer(text)
        else:
            anchors = rule.anchors
            starts = (facts.code_starts if anchors == "codes" else facts.name_starts if anchors == "names"
                      else facts.residue_starts())
            matches = [m for m in map(pattern.match, [text] * len(starts), starts) if m is not None]
        for m in matches:
            c = handler(m, text)
            if c is not None:
                if c.kind == "dna" or "(" in text[c.start:c.end] or ")" in text[c.start:c.end]:
                    _balance(c, text)
                if c.end > c.start:
                    out.append(c)
    return out


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then rule priority; keep those not overlapping an accepted one."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    starts: list[int] = []  # accepted spans never overlap, so sorted starts give sorted ends
    ends: list[int] = []
    kept = []
    for c in cands:
        i = bisect_left(starts, c.start)
        if i < len(starts) and starts[i] < c.end:
            continue  # an accepted span starts inside this one
        if i > 0 and ends[i - 1] > c.start:
            continue  # the accepted span before this one reaches into it
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


LIST_SEP = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b)\s*(?:and\s|or\s)?\Z")


BARE_ONE_LETTER = re.compile(r"[A-Z]\d+[A-Z]\Z")


def _settle_from_list(kept: list[Candidate], i: int, text: str) -> bool:
    c = kept[i]
    digits = c.normalized[0][1:-1].lstrip("-")
    large = digits.isdigit() and int(digits) >= 1000
    for j in (i - 1, i + 1):
        if not 0 <= j < len(kept):
            continue
        other = kept[j]
        if other.guessed or other.kind not in ("protein", "dna"):
            continue
        a, b = (other, c) if j < i else (c, other)
        if b.start - a.end <= 6 and LIST_SEP.match(text, a.end, b.start):
            if large and not (other.kind == "dna" or BARE_ONE_LETTER.match(text[other.start:other.end])):
                continue
            c.kind = other.kind
            c.guessed = False
            return True
    return False


def _kind_from_context(kept: list[Candidate], text: str) -> None:
    """Settle the kinds guessed for changes written with A, C, G, T only ("G12C", "C677T").

    1. In a list, the kind of a written neighbour: "T877A, H874Y and W741C" (for a position of
       1000 or more only when the neighbour is itself a bare one-letter change: "G1269A and
       G1202R", not "Ile462Val and T3801C").
    2. Then the same change written elsewhere in the text with a settled kind ("p.G12C" ...
       "the G12C KRAS mutation").
    """
    settled: list[Candidate] = []
    changed = True
    while changed:  # "G12A, G12C, G12S": settle along the list
        changed = False
        for i, c in enumerate(kept):
            if c.guessed and c not in settled and _settle_from_list(kept, i, text):
                settled.append(c)
                changed = True
    kinds: dict[str, set[str]] = {}
    for c in kept:
        if (not c.guessed or c in settled) and c.kind in ("protein", "dna"):
            for norm in c.normalized:
                kinds.setdefault(norm, set()).add(c.kind)
    for c in kept:
        if c.guessed and c not in settled:
            seen = kinds.get(c.normalized[0])
            if seen and len(seen) == 1:
                c.kind = next(iter(seen))


def scan(text: str) -> list[Candidate]:
    kept = resolve(candidates(text))
    if any(c.guessed for c in kept):
        _kind_from_context(kept, text)
    return kept

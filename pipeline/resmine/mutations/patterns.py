"""The mutation grammar's regular expressions: building blocks and one compiled pattern per rule.

Each ``R_*`` pattern is what one rule of :mod:`resmine.mutations.rules` searches the text for;
the handler of that rule (:mod:`resmine.mutations.handlers`) then reads the match and its
context. Next to a rule's pattern stand its companions, which its handler applies: the other
half of a change ("C77/" before "95A": ``SHARED_LEFT``), the items of a list (``LIST_ITEM``) and
the words that must or must not follow ("G/C polymorphism": ``SLASH_AFTER``; "EML4-ALK fusion":
``FUSION_CONTEXT``). The patterns are kept together, apart from the Python that judges their
matches, so that the notations the grammar accepts can be read in one place. Nothing here is learned from a
corpus: the notations are those of the HGVS recommendations and the variants of them that the
tmVar annotation guideline describes.

Speed: every pattern starts with a literal or a character class, never with an optional group
or a look-behind, so that ``re`` can skip ahead in C to the positions where a match can start;
prefixes ("p.", "c.") and left word boundaries are checked in Python on the few matches.
"""

from __future__ import annotations

import re

from resmine.mutations.residues import AA1_CLASS, AA3, AA3_RE, AA_NAME_RE, TER_RE

# --------------------------------------------------------------------------------------------
# building blocks

A1 = AA1_CLASS  # a one-letter residue
A3 = AA3_RE  # a three-letter residue code ("Val")
AN = AA_NAME_RE  # a residue written as a word ("valine")
AA3_CODES = tuple(code for code in AA3 if code != "Xaa")
CODE_LEN = 3  # characters in a three-letter residue code
NT = "[ACGT]"
NTL = "[ACGTacgt]"
ARROW = r"(?:-{1,4}>|-{2,4}(?=\s?[ACGTacgt])|>|→|⟶|⇒)"
END = r"(?![A-Za-z0-9])"


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# --------------------------------------------------------------------------------------------
# protein rules

# V600E, p.V600E, p.(V600E), R213*, R213X, S133stop, F1174C/L, c.G1714A, BRAFV600E
R_SUB1 = _c(
    rf"(?P<w>{A1})(?P<pos>-?[1-9]\d{{0,6}}+)(?P<sp> )?(?P<m>{TER_RE}|{A1}|X|\*)"
    rf"(?P<alt>(?:/{A1}(?![A-Za-z0-9]))+)?(?P<cp>\))?{END}"
)

# Val600Glu, p.(Val600Glu), Arg213Ter, Cys 23 Ser, Gly(388)Arg, Ile(146)-->Leu, Glu-7-->Ala,
# Pro-236-Leu, Glu 272 to stop, Cys 23-Ser 23, Gly12Asp/Val (alternatives); with names: arginine 150 proline,
# leucine 269 to phenylalanine, Trp-241 was replaced with Ala or Gln
_SUBW_TAIL = (
    rf"(?:(?P<s1>\s|-)?(?P<pos>-?[1-9]\d{{0,4}})(?![\d.])|\((?P<posb>[1-9]\d{{0,4}})\))"
    rf"(?P<chain>-(?:alpha|beta|gamma|delta)'?(?=\s(?:was|is|were|with|by|into)\s))?"
    rf"(?P<link>\s?(?:{ARROW}|-?to-?)\s?|\s(?:was|is|were)\s(?:mutated|changed|replaced|substituted|converted)"
    rf"\s(?:to|with|by|into)\s|\s(?:with|by|into)\s|-|\s)?"
    rf"(?P<m>{TER_RE}|{A3}|{AN}|X\b|\*)(?P<rep>\s?\d+)?(?P<alt3>(?:/{A3}(?![a-z0-9]))+)?"
    rf"(?P<more>(?:(?:,\s?|,?\s(?:or|and)\s)(?:{A3}|{AN})(?![a-z])(?!\s?-?\s?\d))*)"
    rf"(?P<cp>\))?(?![A-Za-z0-9])"
)
R_SUBW3 = _c(rf"(?P<w>{A3}){_SUBW_TAIL}")
R_SUBWN = _c(rf"(?P<w>{AN}){_SUBW_TAIL}")

# A34----E34, A34-->E
R_SUB_ARROW1 = _c(rf"(?P<w>{A1})(?P<pos>[1-9]\d{{0,4}})\s?(?:-{{1,4}}>|-{{2,4}}|→)\s?(?P<m>{A1})(?P<pos2>\d+)?{END}")

# a codon written after its residue, in parentheses: "arginine (CGA)", "a stop (TGA)"
CODON_PAREN = rf"\({NT}{{3}}\)"

# or its own code: "valine (Val)", "Arginine (R)"
RES_PAREN = rf"(?:{CODON_PAREN}|\((?:{A3}|{A1})\))"

LIST_ITEM = re.compile(rf"({A3}|{AN})[\s-]?(\d+)")
LIST_MT = re.compile(rf"{A3}|{AN}")


def _prose_patterns(res: str) -> dict[str, re.Pattern[str]]:
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
            rf"(?P<w>{res})(?:\s{RES_PAREN})?\s?(?P<link>{ARROW}|-to-|\bto\b|\bwith\b|\bby\b)\s?"
            rf"(?:(?<=[a-z]\s)an?\s)?(?P<m>{A3}|{AN}|{TER_RE})(?:\s{RES_PAREN})?"
            rf"(?:\s(?:substitution|change|mutation|transition|replacement)"
            rf"(?P<loc>\s(?:in|of)\s(?:the\s)?[\w()-]+(?:\s[\w()-]+)?)?)?"
            rf"\s(?:at|in)\s(?:the\s)?(?:codon|position|residue|amino[\s-]acid(?:\sposition)?)\s(?P<pos>[1-9]\d{{0,4}}){END}"
        ),
        # arginine at amino acid position 229 by glycine; the tyrosine codon at amino acid
        # position 67 into a stop; serine at residue 51 was replaced with alanine
        "at_pos_by": _c(
            rf"(?P<w>{res})(?:\s{CODON_PAREN})?(?:\scodon)?\sat\s(?:the\s)?(?:amino[\s-]acid\s)?"
            rf"(?:position|residue|codon|amino[\s-]acid)\s(?P<pos>[1-9]\d{{0,4}})\s"
            rf"(?:(?:was|is)\s(?:replaced|substituted|changed|mutated|converted)\s)?(?:by|to|with|into)\s"
            rf"(?:an?\s)?(?P<m>{res}|{TER_RE})(?:\s{CODON_PAREN})?{END}"
        ),
    }


PROSE_CODES = _prose_patterns(f"(?:{A3})")
PROSE_ALL = _prose_patterns(f"(?:{A3}|{AN})")

# C77/95A: two positions sharing the residues
R_SHARED = _c(rf"/(?<=\d\d/)(?P<pos2>[1-9]\d{{1,4}})(?P<m>{A1}){END}")
SHARED_LEFT = re.compile(rf"(?P<w>{A1})(?P<pos>[1-9]\d{{1,4}})/\Z")

# frameshifts: Y329fs, p.A27fsX132, p.Ile327Argfs*? (no stop codon in the new frame), p. Pro184ArgfsX19, p.Cys817Valfs X15, L100Pfs*5, p.T3708fs3769
_FS_TAIL = (
    rf"(?P<pos>[1-9]\d{{0,4}})(?P<m>{A3}|{A1})?fs"
    rf"(?:\s?(?P<t>\*|X|Ter|ter)\s?(?P<n>\d+|\?)?|(?P<n2>\d+))?(?P<cp>\))?{END}"
)
R_FS1 = _c(rf"(?P<w>{A1}){_FS_TAIL}")
R_FS3 = _c(rf"(?P<w>{A3}){_FS_TAIL}")

# deletions, duplications, insertions: F471del, E746_A750del, Val624-Val625del,
# L747_P753delinsS, D770_N771insSVD, A124ins, p.G204_K247del
_INDEL_TAIL = (
    rf"(?P<pos>[1-9]\d{{0,4}})(?:(?P<rs>_|-|–)(?P<w2>{A3}|{A1})(?P<pos2>[1-9]\d{{0,4}}))?"
    rf"(?P<op>delins|del|dup|ins)(?P<seq>(?:{A3})+(?:Ter)?|{A1}+\*?|\d+)?(?P<cp>\))?{END}"
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

# 272gly----stop, 273ser-->phe: the position first, then residue codes in any case joined by an
# arrow (an older way of writing a change)
_A3_ANY_CASE = "(?i:" + "|".join(sorted(AA3_CODES)) + ")"
R_PPOS_ARROW = _c(
    rf"(?P<pos>[1-9]\d{{0,4}})\s?(?P<w>{_A3_ANY_CASE})\s?(?:-{{2,4}}>?|->|→)\s?(?P<m>{_A3_ANY_CASE}|(?i:stop|ter)){END}"
)

# substitution of G6410 by T, replacement of P484 with R: a one-letter residue or base with its
# position, then the new one (the span is the change; "substitution of" is its context)
R_SUB_BY1 = _c(
    rf"[SsRr](?:ubstitution|eplacement)\sof\s(?:an?\s|the\s)?(?P<w>{A1})(?P<pos>[1-9]\d{{0,6}})\s(?:by|with)\s"
    rf"(?:an?\s)?(?P<m>{A1}){END}"
)

# Glu-->Ala (no position)
R_PARROW = _c(rf"(?P<w>{A3})\s?{ARROW}\s?(?P<m>{A3}|{TER_RE}){END}")

# ΔF508, delta F508, deltaF508 (CFTR-style in-frame deletion of one residue)
R_DELTA_RES = _c(rf"(?:Delta|delta|Δ|del)\s?(?P<w>{A1})(?P<pos>[1-9]\d{{1,4}}){END}")

# codon 72 (Arg-->Pro), codon 12 Gly>Val
R_CODON_AA = _c(
    rf"[Cc]odon\s?(?P<pos>[1-9]\d{{0,4}}),?\s?\(?(?P<w>{A3})\s?{ARROW}\s?(?P<m>{A3}|{TER_RE})\)?{END}"
)

# p.[D448H;H294Q], p.[Ser68Arg;Asn594del]: several protein changes on one allele (HGVS
# allele notation: changes in square brackets, separated by ";")
_PB_CHANGE = rf"(?:{A3}|{A1})[1-9]\d{{0,4}}(?:{A3}|{A1}|\*|X|del|dup)"
# (two alleles, one change each, in trans: p.[Ser73Arg];[Asn603del]; of unknown phase:
# p.[Arg97Gly(;)Arg98Gly])
R_PBRACKET = _c(rf"p\.\[(?P<body>{_PB_CHANGE}(?:(?:;\s?|\];\[|\(;\)){_PB_CHANGE})+)\]")

# HGVS protein forms with no new residue of their own: an extension at the start or at the stop
# codon (p.Met1ext-5, p.Met1Valext-12, p.*110Glnext*17, p.Ter110GlnextTer?), no change
# (p.Cys188=), an unknown consequence at the start codon (p.Met1?), a repeated residue
# (p.Gln18[23]), the residues found at a position, either of them (p.R12[R,X]: a heterozygous
# nonsense change written in brackets); written with "p." (a literal: fast to find), predicted in
# parentheses or not
_PX_ALT = rf"(?:{A3}|Ter|{A1}|X|\*)"
R_PEXTRA = _c(
    rf"p\.(?P<op>\()?(?P<w>{A3}|Ter|{A1}|\*)(?P<pos>[1-9]\d{{0,4}})"
    rf"(?:(?P<m>{A3}|{A1})?ext(?P<ext>-[1-9]\d{{0,3}}|(?:\*|Ter|X)(?:[1-9]\d{{0,3}}|\?))"
    rf"|(?P<syn>=)|(?P<unk>\?)|\[(?P<rep>[1-9]\d{{0,2}}(?:_[1-9]\d{{0,2}})?)\]"
    rf"|\[(?P<alts>{_PX_ALT}(?:,\s?{_PX_ALT})+)\])(?P<cp>\))?(?![A-Za-z0-9=?\[])"
)

# --------------------------------------------------------------------------------------------
# DNA rules

# (a minus sign may be the Unicode one, "c.\u221214G>C", "c.4072\u22121234_5155\u2212246del")
DPOS = r"(?:[-\u2212+*]\s?)?\d+(?:\s?[-\u2212+]\s?(?:\d+|\?))?"
DRANGE = rf"{DPOS}(?:\s?(?:_|-|\.\.\.?)\s?{DPOS})?"
# HGVS uncertain positions: a breakpoint somewhere between two positions, "(4071+1_4072-1)",
# "(?_-1)", "(*1_?)"; a range of two of them, or of one and a position: c.(4071+1_4072-1)_(5154+1_5155-1)del;
# an insertion somewhere between two positions: c.(67_70)insG
_UPOS = rf"\((?:\?|{DPOS})_(?:\?|{DPOS})\)"
_UPOS_OR_POS = rf"(?:{_UPOS}|{DPOS})"
URANGE = rf"(?:{_UPOS}_{_UPOS_OR_POS}|{DPOS}_{_UPOS})"
# (RNA is written in lower case, with "u": r.76a>u, r.*46u>a)
NTR = "[ACGTacgtu]"
SUB = rf"(?P<a>{NTR})\s?(?:{ARROW}|/|\sgreater\sthan\s)\s?(?P<b>{NTR})"
DCHANGE = (
    rf"(?:\s?\(?{SUB}(?:/{NT}(?![\w.>/]))?\)?"
    rf"|{NT}{{2,8}}\s?>\s?{NT}{{1,8}}"
    rf"|\s?[Dd]el(?:ins{NT}+|{NT}+ins{NT}+|\s?{NT}+(?![a-z])|\d+)?(?:ins{NT}+)?(?:\s?\d+\s?(?:bp|nt))?"
    rf"|\s?[Ii]ns(?:{DPOS}_{DPOS}|{NT}+|\d+|\((?:{NT}+|[1-9]\d{{0,3}})\)|\s?\d+\s?(?:bp|nt))?"
    rf"|\s?[Dd]up(?:{NT}+|\d+)?"
    rf"|\s?inv(?:{NT}+|\d+)?"
    rf"|con{DPOS}_{DPOS}"
    rf"|=//?{NTR}>{NTR}"
    rf"|{NT}*\[(?:[1-9]\d{{0,3}}|\([1-9]\d{{0,3}}_[1-9]\d{{0,3}}\))\](?:{NT}+\[[1-9]\d{{0,3}}\])*"
    rf"|(?P<one>{NT})(?![\w>/]))"
)

# c.2573T>G, m.8993T>C/G (alternatives), c.1402-1C > G, c. *469 C>A, r.88+1g>u, c.88_89ins88+1_88+10, c.123_124ins(15),
# g.333_590con1844_2101 (a conversion), c.85=/T>C (mosaic), c.85=//T>C (chimeric),
# g.123_124[14], c.-128_-126GGC[79], g.123_191CAG[19]CAA[4] (repeated sequences),
# c.1798_1799GT>AA (several bases replaced, an older form of delins), c.609+28_610-16del, c.304ins(GCG), g.80_87delT,
# c.[742_743delAAinsT;746_747delCA], c.[76A>C];[83G>C] (two alleles), c.(?_-1)_(*1_?)del, g11311delT
_HGVS_BODY = (
    rf"(?P<body>{DRANGE}{DCHANGE}"
    rf"|\[[^\]\n]{{3,80}}\](?:\+\[[^\]\n]{{3,80}}\]|;\[(?:[^\]\n]{{3,80}}|=|\?)\])?"
    rf"|{URANGE}(?:del|dup|inv)|{_UPOS}ins{NT}+"
    rf"|{DRANGE}(?P<bare>\s?(?:del|dup|ins)(?:[ACGT]+|\d+)?)?)(?(op)(?P<cp>\))(?!_)){END}"
)
# the match starts at the dot (a literal: fast to find); the handler adds the letter before it
# (a predicted change in parentheses: c.(76A>C), r.(76a>c); the handler wants both)
R_HGVS = _c(rf"(?P<pfx>\.(?<=[cgmnr]\.)\s?)(?P<op>\()?{_HGVS_BODY}")


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
    rf"IVS\s?(?:-?\d+|-?[IVX]+(?:-[IVX]+)?)(?:\s?[-\u2212+]\s?\d+)?(?:_(?:IVS\d+)?[-+]?\d+)?"
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

# C to T transition at nucleotide 3916, cytosine to guanine transversion at nucleotide 1451,
# thymidine to cytosine mutation at position 28, T to A transition at the nucleotide position
# +387, A was replaced by a G in codon 38, C-to-T substitution at -31 (a signed position needs no
# unit; hyphenated bases only there: "C-to-G transition at nucleotide 857" was tried and left
# out, it cost a tmVar tune false positive on the prose-counted row), C to G transition was
# identified at nucleotide 857: bases (letters or names) joined by words (prose); with one-letter
# residues, R to G mutation at position 76 (a protein change)
NT_NAME = r"(?:[Cc]yt(?:osine|idine)|[Gg]uan(?:ine|osine)|[Aa]den(?:ine|osine)|[Tt]hym(?:ine|idine))"
R_DNA_WORDS = _c(
    rf"(?P<a>{NT_NAME}|{A1})(?:\s|-(?=to-))(?:to|by|with|(?:was|is)\s(?:replaced|substituted)\s(?:by|with)"
    rf"|(?:was|is)\s(?:changed|mutated|converted)\sto)(?:\s|(?<=-to)-)(?:an?\s)?(?P<b>{NT_NAME}|{A1})"
    rf"(?:\s(?:nucleotide\s)?(?:transition|transversion|substitution|change|mutation|conversion|replacement)"
    rf"(?:\s(?:was|is)\s(?:identified|found|detected|observed))?)?"
    rf"\s(?:at|in)\s(?:the\s)?(?:(?P<unit>nucleotide\sposition|nucleotide|amino[\s-]acid(?:\sposition)?|residue"
    rf"|position|codon)\s(?P<pos>[-+]?[1-9]\d{{0,6}})|(?P<spos>[-+][1-9]\d{{0,6}})){END}"
)

# a T to G transversion, a C-to-G substitution: base letters joined by words, no position (the
# span is the two bases, as for "C>T"; prose: tmVar's guideline leaves out "C-to-G and C to T
# mentions"); not before "transition" ("a T to C transition" was tried and left out: it cost a
# tmVar tune false positive on the prose-counted row, the measure of "resmine extract")
# (found from the change word, a literal; the bases are read back from it)
R_DNA_WORDS_BARE = tuple(
    (word, _c(rf"{word}s?\b")) for word in ("transversion", "conversion", "substitution"))
DNA_WORDS_BARE_BEFORE = re.compile(
    rf"(?<![\w-])(?P<a>{NT})(?:\s|-(?=to-))to(?:\s|-)(?:an?\s)?(?P<b>{NT})\s(?:nucleotide\s)?\Z")

# nucleotide 654 mutation (C-->T), codon 91 (C-->T), nucleotide 5215G>A, codon 26, GAG-->GCG,
# codon (CD)26 GAG-->GAA, codon 787 CAG/CAA
R_DPOS_FIRST = _c(
    rf"(?:nucleotide|nt|position|codon)\s?(?:\(CD\)\s?)?(?P<pos>[-+]?\d+)(?:\smutation)?"
    rf"(?:,?\s\(?|\s?\(?)(?P<a>{NT}{{1,3}})\s?(?:{ARROW}|/)\s?(?P<b>{NT}{{1,3}})\)?{END}"
)

# CAC(3543)TAC
R_CODON3 = _c(rf"(?P<a>{NT}{{3}})\((?P<pos>\d+)\)(?P<b>{NT}{{3}}){END}")

# (CCTTT)14: a repeat unit and its number of copies (an allele of a microsatellite; prose row:
# tmVar dev does not tag it); not inside a longer run, "(GCG)6(GCA)3GCG"
# (found from ")" and the digits, a fast literal; the handler reads the unit back)
R_REPEAT_COUNT = _c(r"\)(?P<n>[1-9]\d{0,2})(?![\w(])")
REPEAT_UNIT_BEFORE = re.compile(rf"(?<![\w)])\((?P<unit>{NT}{{2,8}})\Z")

# 192Q/R, 55M/L: a position, then the two residues of a protein polymorphism (one-letter; with
# bases it is DNA, "-491A/T", rule dbare)
R_PPOS_SLASH = _c(rf"/(?<=[1-9]\d(?P<w>{A1})/)(?P<m>{A1})(?![\w/])")
PPOS_SLASH_LEFT = re.compile(rf"(?<![\w.+\-/])(?P<pos>[1-9]\d{{1,4}})(?P<w>{A1})/\Z")

# D487_S488_F489 deletion, E746_A750 deletion: residues of a range, then the operation as a word
# (read back from the word; prose row: tmVar dev does not tag it)
RANGE_WORD_BEFORE = re.compile(
    rf"(?<![\w.])(?P<w>{A3}|{A1})(?P<pos>[1-9]\d{{1,4}})(?:_(?:{A3}|{A1})[1-9]\d{{1,4}})*[-_]"
    rf"(?P<w2>{A3}|{A1})(?P<pos2>[1-9]\d{{1,4}})\s\Z"
)
R_RANGE_WORDS = tuple((op, re.compile(rf"(?P<op>{op})(?![a-z])")) for op in ("deletion", "insertion", "duplication"))

# 1978(TATC)(1-2)  (repeat-count variants)
R_REPEAT = _c(rf"\d+\({NT}{{2,}}\)\(\d+-\d+\)")

# del 512G, del -37A, del 512-513GA: a deletion written first, a space, then the position and
# the deleted bases (upper case: "del 5q" is a chromosome arm)
R_DEL_SPACED = _c(rf"[Dd]el\s(?P<pos>[-+]?[1-9]\d{{0,6}}(?:[_-][1-9]\d{{0,6}})?)(?P<seq>{NT}{{1,4}}){END}")

# delTTCA, dup24bp, ins/del 6 bp, del14b_17b, del-(439-443); Tdel219; AGCTCCTCCTTCTC/-
R_DWORD_DEL = _c(rf"del(?:{NT}{{2,}}|\d+\s?bp|\d+b_\d+b|-\(\d+-\d+\)){END}")
R_DWORD_INSW = _c(rf"ins(?:{NT}{{2,}}|\d+\s?bp|/del\s?\d+\s?bp){END}")
R_DWORD_DUP = _c(rf"dup(?:{NT}{{2,}}|\d+\s?bp){END}")
R_DWORD_NT = _c(rf"{NT}(?:del\d+|{NT}{{2,}}/-){END}")
R_DWORD_INS = _c(rf"-/{NT}{{3,}}{END}")

# Delta32 (CCR5)
# Delta695-725, Δ746-750 (a deleted range, numbers only)
R_DELTA = _c(r"(?:Delta|Δ)\s?(?P<n>\d{2,}(?:[-_]\d{2,})?)(?![\d\w(])(?!-\d)")

# beta-globin codon notation: CD6 -G, CD 41/42 (-TTCT), codons 130/131 + GCCT, CD17 (A>T)
R_CD = _c(
    rf"(?:CDs?|[Cc]odons?)\s?(?P<pos>\d+(?:\s?/\s?\d+)?)(?:\s?\(\s?[-+]\s?{NT}+\s?\)|\s[-+]{NT}+|\s?\({NT}{{1,3}}\s?{ARROW}\s?{NT}{{1,3}}\))(?![\w>])"
)

# genotypes at a position: -3279 AC, IVS9+459 GA+GG, -251A/A, 3435TT, before "genotype",
# "homozygous" or "heterozygous"; one allele at a position before "carrier(s)": -395A carriers
# (not before "allele(s)": "-930G allele" was tried and left out, it cost tmVar tune false
# positives on the prose-counted row, the measure of "resmine extract"); a protein genotype,
# one-letter residues glued to the position: 192RR homozygotes
# (a number with a space before the alleles only when signed or after IVS: "45 TT homozygotes"
# counts people; a protein genotype only glued)
_GENOTYPE = rf"(?:{NT}{{2}}|{NT}/{NT})(?:\s?[+/]\s?(?:{NT}{{2}}|{NT}/{NT}))*"
_GENOTYPE_AT = (
    rf"(?:(?P<pos>IVS\d{{1,2}}\s?[-+]\s?\d{{1,5}}\s?|[-+][1-9]\d{{0,5}}\s?|[1-9]\d{{2,5}})(?P<gt>{_GENOTYPE}|{NT})"
    rf"|(?P<ppos>[1-9]\d{{1,4}})(?P<pgt>{A1}{{2}}))"
)
GENOTYPE_WORD_AFTER = r"(?:genotypes?\b|homozyg|heterozyg|carriers?\b)"
R_GENOTYPE_AT = _c(rf"{_GENOTYPE_AT}(?=\s{GENOTYPE_WORD_AFTER})")
# the same, read back from a genotype word (searched up to the word: the text ends there)
GENOTYPE_BEFORE = _c(rf"{_GENOTYPE_AT}\s\Z")
# a genotype glued to a position before the start, no word needed: IL1B-31TT, -511CC (a literal
# "-" first: a fast search)
R_GENOTYPE_GLUED = _c(rf"-[1-9]\d{{1,5}}{NT}{{2}}(?![\w/>+])")
# an allele named at a position: the T allele at -511, the A allele at position -308 (the match
# starts at "allele", a literal, and the handler takes the letter before it)
R_ALLELE_AT = _c(
    rf"allele\s(?<=(?<![\w-])[ACGT]\sallele\s)at\s(?:(?:the\s)?(?:nucleotide\s|position\s|nucleotide\sposition\s)"
    rf"(?P<pos>[-+]?[1-9]\d{{0,6}})|(?P<spos>[-+][1-9]\d{{0,6}})){END}"
)

# C>T, G > C, A-->G (no position)
R_DSUB_BARE = _c(rf"(?P<a>{NT})\s?{ARROW}\s?(?P<b>{NT})(?![\w>/])")

# G/C, C/T: only when the context says allele / polymorphism; with a position, always:
# C/T(-13910), G/A312, C/T-118 (two digits at least: "C/T1" may name something else)
R_DSLASH = _c(rf"/(?<=(?P<a>{NT})/)(?P<b>{NT})(?P<at>\([-+]?\d+\)|[-+]?[1-9]\d{{1,6}})?(?![\w/])")
SLASH_AFTER = re.compile(
    r"\s(?:(?:single[\s-]nucleotide\s)?polymorphism|substitution|SNP|transition|transversion|"
    r"variant|allele|alleles|change|mutation|resulting|in\sexon|in\sintron|polymorphic)"
)
SLASH_BEFORE = re.compile(r"rs\d+,\s?\Z")

# --------------------------------------------------------------------------------------------
# SNP ids

# "rs702553"; capitalised at a sentence start or in a title ("Rs702553", "RS702553") only
# glued and with four digits at least: "RS4;11" is a cell line, "RS232" a serial port
# glued alleles are part of the id's mention ("rs601338A>G", tmVar's guideline); after a colon
# they are a change of their own ("rs11891426:T>G": "rs11891426" and "T>G")
R_RS = _c(r"(?:rs\s?\d{2,}|R[sS]\d{4,})(?P<chg>[ACGT]>[ACGT])?(?![\w])")
R_SS = _c(r"ss\d{5,}(?P<chg>)(?![\w])")
R_RS_WORDS = _c(r"reference\sSNP\s(?:\(refSNP\)\s)?(?:no\.|number|ID|id|#)?\s?(?P<n>\d{3,})\b")

# --------------------------------------------------------------------------------------------
# class rules (kind "class"): exon-level, codon-level

# "exon 19 deletion", "exon 20 ins", "exon 11 mutations", "exon 2 KRAS mutations" (the gene between);
# "KIT exon 9 mutated GISTs", "exon 11-mutant" are the exon's mutation class too
R_EXON = _c(
    r"[Ee]x(?:on)?[\s-]?(?P<n>\d{1,2})\s(?:in-frame\s|small\s|[A-Z][A-Z0-9]{1,7}\s)?(?P<op>deletion|insertion|"
    r"duplication|skipping|mutation|del|ins|dup)(?:s|ions)?\b"
    r"|[Ee]x(?:on)?[\s-]?(?P<n2>\d{1,2})[\s-](?P<op2>mutated|mutant)s?\b"
)
R_EXON_AFTER = _c(r"(?P<op>deletion|insertion|duplication|mutation)s?\s(?:in|of|within)\s(?:the\s)?"
                  r"(?:[A-Z][A-Za-z0-9-]{1,7}\s)?[Ee]xon\s(?P<n>\d{1,2})\b")
# "mutations in the kinase domain of the EGF receptor, most often in exons 19 and 21": the exons
# of mutations named before them in the clause (the handler looks back for the mutation word)
R_EXON_LIST = _c(r"(?<=\bin )[Ee]xons\s(?P<n>\d{1,2})(?P<more>(?:(?:,\s?|,?\s(?:and|or)\s)\d{1,2})+)\b")
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
# the frame may be named first: "AGK-BRAF in-frame fusion" (read in CIViC dev EID724)
FUSION_CONTEXT = re.compile(r"[\s-]*(?:gene\s|genes\s|in-frame\s)?(?:fusion|rearrange|translocation|chimer)", re.I)
FUSION_BLOCK = re.compile(r"[\s-]*(?:\w+[\s-]+)?(?:inhibit|TKI|blockade|pathway|signal|axis|cascade)", re.I)

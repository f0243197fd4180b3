"""Handlers: from one rule's match to a candidate mention with its normal form(s), or none.

A handler is called as ``handler(match, text)`` on each match of its rule's pattern
(:mod:`resmine.mutations.rules` pairs them) and returns a :class:`Candidate` or ``None``. It
checks what the pattern cannot cheaply check (the character before the match, a "p." prefix, a
gene glued to the change, a genotype or a receptor name after it: :mod:`resmine.mutations.context`)
and writes the normal form. Overlaps between the candidates of different rules are settled
later, by :mod:`resmine.mutations.engine`.

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
from dataclasses import dataclass
from typing import Callable, cast

from resmine.mutations.context import (
    read_back,
    DOMAIN_MIN_POSITION_DIGITS,
    GENE_MAX_LEN,
    GENE_MIN_LEN,
    GENE_SHAPE,
    GENOTYPE_AFTER,
    MUTATION_SHAPE,
    SINGLE_DIGIT_BLOCK,
    acgt_kind,
    alnum_before,
    domain_prefix,
    gene_prefix,
    prefix_left,
)
from resmine.mutations.patterns import (
    A1,
    A3,
    CODE_LEN,
    FUSION_BLOCK,
    FUSION_CONTEXT,
    LIST_ITEM,
    LIST_MT,
    NT,
    PPOS_SLASH_LEFT,
    RANGE_WORD_BEFORE,
    REPEAT_UNIT_BEFORE,
    DNA_WORDS_BARE_BEFORE,
    SHARED_LEFT,
    SLASH_AFTER,
    SLASH_BEFORE,
)
from resmine.mutations.residues import aa_to_one, residues_to_one
from resmine.mutations.rulefiles import fusion_lists, is_false_friend


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


Handler = Callable[[re.Match[str], str], "Candidate | None"]

# --------------------------------------------------------------------------------------------
# DNA normal form

CLEAN_ARROW = re.compile(r"-{1,4}>|-{4}|→|⟶|⇒|greaterthan")
PAREN_SUB = re.compile(r"\(([ACGTacgt]{1,3}>[ACGTacgt]{1,3})\)")
LOWER_SUB = re.compile(r"(?<![A-Za-z])([acgtu])>([acgtu])(?![A-Za-z])")
DASH_SUB = re.compile(r"(?<=[ACGTacgt])-{2,3}(?=[ACGTacgt])")
PAREN_DASH = re.compile(r"\(([ACGTacgt])-([ACGTacgt])\)")
OP_CASE = re.compile(r"(?<=[\d\]])(Del|Ins|Dup)")


def _clean(s: str) -> str:
    return CLEAN_ARROW.sub(">", "".join(s.split()))


def dna_norm(span: str) -> str:
    """DNA normal form: as written, without spaces and commas, arrows as ">", "(G>A)" as "G>A",
    lower-case bases of a substitution in upper case, "Del"/"Ins" as "del"/"ins"."""
    out = _clean(span).replace(",", "").replace("\u2212", "-")
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


def _unglued(m: re.Match[str], text: str, norm: str, kind: str, prio: int) -> Candidate | None:
    """The whole match as a candidate with one normal form, unless a letter or digit precedes it."""
    if alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (norm,), kind, prio=prio)


# --------------------------------------------------------------------------------------------
# protein handlers

_MAX_PROTEIN_POSITION_DIGITS = 5  # "V600E" ... "A12345T"; more digits are not a residue's
_MAX_DNA_POSITION_DIGITS = 7  # the same for a change written with A, C, G, T only ("C1234567T")
_MAX_NEGATIVE_POSITION_DIGITS = 2  # "A-12T": a residue before the start codon, not far before
_SPACED_PROMOTER_DIGITS = 3  # "C-344 T": bases at a promoter position, a space before the new one


def h_sub1(m: re.Match[str], text: str) -> Candidate | None:
    w, pos, mt = m.group("w"), m.group("pos"), m.group("m")
    s, e = m.start(), m.end()
    new_s, pfx, opened = prefix_left(text, s)
    if m.group("cp") and not opened:
        e -= 1  # a closing parenthesis that is not ours
    if opened and not m.group("cp"):
        new_s, pfx, opened = s, None, False
    digits = pos.lstrip("-")
    if m.group("sp") and pfx != "p" and not (
            not pfx and pos.startswith("-") and len(digits) >= _SPACED_PROMOTER_DIGITS and _is_nt(w + mt)
            and not text.startswith((" cell", " lymph"), m.end())):
        return None  # "A469 T" only as "p.A469 T", or before the start: "C-344 T"
    # "rtA181T": a residue of a viral protein domain; the span is the change, as a gene glued
    # before a change is not part of it (BioRED annotates "M204I" in "rtM204I")
    domain_start = None if pfx or pos.startswith("-") or len(pos) < DOMAIN_MIN_POSITION_DIGITS else domain_prefix(text, s)
    nt_only = _is_nt(w) and _is_nt(mt) and domain_start is None
    if len(digits) > (_MAX_DNA_POSITION_DIGITS if nt_only else _MAX_PROTEIN_POSITION_DIGITS):
        return None
    if pfx and pfx not in "pc" and not nt_only:
        return None
    gene_text = gene_start = gene_end = None
    guessed = False
    if not pfx and domain_start is None:
        gene_text, gene_start, gene_end, ok = gene_prefix(text, s, len(digits))
        if not ok:
            return None
        if is_false_friend(f"{w}{pos}{mt}"):
            return None
        if len(digits) == 1 and (SINGLE_DIGIT_BLOCK.match(text, e) or (s > 0 and text[s - 1] in "-:")):
            return None
        if pos.startswith("-") and not nt_only and len(digits) > _MAX_NEGATIVE_POSITION_DIGITS:
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
        kind = acgt_kind(text, s, e, int(digits))
        guessed = True
    s = new_s
    norm: tuple[str, ...]
    if kind == "dna":
        norm = (dna_norm(text[s:e]),)
    else:
        norm = tuple(f"{w}{pos}{a}" for a in alts)
    if gene_text:  # gene_prefix() gives a gene's text with its start
        return Candidate(cast(int, gene_start), e, norm, kind, gene_text, gene_start, gene_end, prio=2)
    return Candidate(s, e, norm, kind, prio=2, guessed=guessed)


PROSE_LINK = re.compile(r"\s(?:was|is|were|with|by|into)\s")
SPLIT_MORE = re.compile(r",?\s(?:or|and)\s|,\s?")
STRETCH_AFTER = re.compile(r"-\s?\d")  # "Glu-361 to Ser-699": the second residue has a position


def h_subw(m: re.Match[str], text: str) -> Candidate | None:
    w = aa_to_one(m.group("w"))
    mt = aa_to_one(m.group("m"))
    pos = m.group("pos") or m.group("posb")
    if w is None or mt is None or pos is None:
        return None
    s, e = m.start(), m.end()
    wt_is_code = len(m.group("w")) == CODE_LEN
    link = m.group("link") or ""
    if alnum_before(text, s):
        # "VHTyr101Phe", "alphaAsp60Asn": a code-form change glued to a chain or domain name
        if not (wt_is_code and not link and text[s - 1].isalpha() and m.group("w")[1].islower()):
            return None
    new_s, pfx, opened = prefix_left(text, s)
    if pfx and pfx != "p":
        new_s, pfx, opened = s, None, False
    # names need an explicit link or a separator; codes may be glued (Val600Glu)
    if not wt_is_code and not link and m.group("s1") is None:
        return None
    if m.group("rep") and (m.group("rep").strip() != pos or len(pos.lstrip("-")) == 1):
        return None  # "His289-Asp260", "Cys2-His2": a pair of residues, not a change
    if STRETCH_AFTER.match(text, e):
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
    if m.group("alt3"):
        alts = [aa_to_one(a) for a in m.group("alt3").split("/") if a]
        if link or m.group("rep") or m.group("more") or any(a is None or a in (w, mt) for a in alts):
            # "Gly 12 to Asp/Val", "Arg72Pro/Arg" (a genotype): the change alone
            e = m.start("alt3")
            if opened and m.group("cp"):
                new_s = s
        else:
            mts += [a for a in alts if a]
    return Candidate(new_s, e, tuple(f"{w}{pos}{x}" for x in dict.fromkeys(mts)), "protein", prio=3, prose=prose)


def h_sub_arrow1(m: re.Match[str], text: str) -> Candidate | None:
    """A34----E34, A34-->E"""
    if alnum_before(text, m.start()) or (m.group("pos2") and m.group("pos2") != m.group("pos")):
        return None
    return Candidate(m.start(), m.end(), (f"{m.group('w')}{m.group('pos')}{m.group('m')}",), "protein", prio=3)


def h_list_replaced(m: re.Match[str], text: str) -> Candidate | None:
    """Arg79, Arg109, and Arg112 ... were replaced with Lys, Gln, and Met (every pair), or
    ... with Thr, Leu, Ala, and Ser, respectively (pairwise)."""
    if alnum_before(text, m.start()):
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


def _residue_change(m: re.Match[str], text: str, prio: int, prose: bool = False,
                    between: str | None = None) -> Candidate | None:
    """A protein change from the match's groups "w", "pos" and "m" (residues in any notation):
    ``W<pos>M``, or ``W<between>M`` when ``between`` is given; none when a residue is not one
    or the match is glued to a word."""
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or alnum_before(text, m.start()):
        return None
    middle = m.group("pos") if between is None else between
    return Candidate(m.start(), m.end(), (f"{w}{middle}{mt}",), "protein", prio=prio, prose=prose)


def h_pverb_far(m: re.Match[str], text: str) -> Candidate | None:
    return _residue_change(m, text, prio=3, prose=True)


_SHARED_LEFT_WINDOW = 7  # characters before the "/" that hold the first change ("C77")


def h_shared(m: re.Match[str], text: str) -> Candidate | None:
    left = read_back(SHARED_LEFT, text, m.start() + 1, _SHARED_LEFT_WINDOW + 1)
    if left is None:
        return None
    s = left.start()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "/"):
        return None
    w, mt = left.group("w"), m.group("m")
    return Candidate(s, m.end(), (f"{w}{left.group('pos')}{mt}", f"{w}{m.group('pos2')}{mt}"), "protein", prio=3)


def _with_prefix_and_gene(m: re.Match[str], text: str, norm: str, prio: int) -> Candidate | None:
    s, e = m.start(), m.end()
    new_s, pfx, opened = prefix_left(text, s)
    if m.group("cp") and not opened:
        e -= 1
    if pfx and pfx != "p":
        return None
    if pfx:
        return Candidate(new_s, e, (norm,), "protein", prio=prio)
    gene_text, gene_start, gene_end, ok = gene_prefix(text, s, len(m.group("pos")))
    if not ok:
        return None
    if gene_text:  # gene_prefix() gives a gene's text with its start
        return Candidate(cast(int, gene_start), e, (norm,), "protein", gene_text, gene_start, gene_end, prio=prio)
    return Candidate(s, e, (norm,), "protein", prio=prio)


def h_fs(m: re.Match[str], text: str) -> Candidate | None:
    w = aa_to_one(m.group("w"))
    if w is None:
        return None
    mt = aa_to_one(m.group("m")) if m.group("m") else ""
    n = m.group("n") or m.group("n2") or ""
    tail = f"*{n}" if (m.group("t") or n) else ""
    return _with_prefix_and_gene(m, text, f"{w}{m.group('pos')}{mt or ''}fs{tail}", prio=1)


def h_pindel(m: re.Match[str], text: str) -> Candidate | None:
    w = aa_to_one(m.group("w"))
    if w is None:
        return None
    op = m.group("op")
    seq = m.group("seq") or ""
    if seq and seq.isdigit():
        if op not in ("ins", "del"):
            return None
        seq_one = seq
    else:  # an insertion may end in a stop: "insSerSerTer" -> "insSS*"
        seq_one = residues_to_one(seq[:-3]) + "*" if seq.endswith("Ter") else residues_to_one(seq)
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


def h_pins_posfirst(m: re.Match[str], text: str) -> Candidate | None:
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
        return None
    return Candidate(m.start(), m.end(), (f"{m.group('w')}{m.group('pos')}ins{m.group('seq')}",), "protein", prio=2)


def h_pins_run(m: re.Match[str], text: str) -> Candidate | None:
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
        return None
    if _is_nt(m.group("run")):
        return Candidate(m.start(), m.end(), (_clean(m.group(0)),), "dna", prio=3)
    return Candidate(m.start(), m.end(), (m.group(0),), "protein", prio=3)


def h_pdel_prefix(m: re.Match[str], text: str) -> Candidate | None:
    w, w2 = aa_to_one(m.group("w")), aa_to_one(m.group("w2"))
    if not w or not w2 or alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}_{w2}{m.group('pos2')}del",), "protein", prio=1)


def h_parrow_at(m: re.Match[str], text: str) -> Candidate | None:
    prose = m.group("link") in ("to", "-to-", "with", "by") or bool(m.group("loc"))
    return _residue_change(m, text, prio=2, prose=prose)


def h_psubst_for(m: re.Match[str], text: str) -> Candidate | None:
    """substitution of alanine for proline at amino acid 286 -> ``P286A``: the span is the change
    without its preamble ("alanine for proline at amino acid 286"), as for "substitution of G6410
    by T"; "residue 300 from alanine to aspartic acid" (``pfrom``) is whole."""
    c = _residue_change(m, text, prio=2, prose=True)
    if c is not None and m.group(0)[0] in "SsRr" and m.group(0)[1:].startswith(("ubstitution", "eplacement")):
        c.start = m.start("m")
    return c


def h_at_pos_by(m: re.Match[str], text: str) -> Candidate | None:
    """arginine at amino acid position 229 by glycine: prose (tmVar leaves it out, BioRED tags it)."""
    return _residue_change(m, text, prio=2, prose=True)


def h_ppos_arrow(m: re.Match[str], text: str) -> Candidate | None:
    """272gly----stop -> ``G272*``."""
    w, mt = aa_to_one(m.group("w")), aa_to_one(m.group("m"))
    if not w or not mt or w == mt or alnum_before(text, m.start()):
        return None
    return Candidate(m.start(), m.end(), (f"{w}{m.group('pos')}{mt}",), "protein", prio=3)


def h_sub_by1(m: re.Match[str], text: str) -> Candidate | None:
    """substitution of G6410 by T -> ``G6410T``: the span is the change without its preamble; the
    kind of a change written with A, C, G, T only is guessed as for "C677T"."""
    w, pos, mt = m.group("w"), m.group("pos"), m.group("m")
    if w == mt:
        return None
    s, e = m.start("w"), m.end()
    if _is_nt(w + mt):
        kind = acgt_kind(text, s, e, int(pos))
        return Candidate(s, e, (f"{w}{pos}{mt}",), kind, prio=2, guessed=True)
    if len(pos) > _MAX_PROTEIN_POSITION_DIGITS:
        return None
    return Candidate(s, e, (f"{w}{pos}{mt}",), "protein", prio=2)


def h_parrow(m: re.Match[str], text: str) -> Candidate | None:
    """Glu-->Ala, no position: ``E>A``."""
    return _residue_change(m, text, prio=4, between=">")


def h_codon_aa(m: re.Match[str], text: str) -> Candidate | None:
    return _residue_change(m, text, prio=2)


def h_delta_res(m: re.Match[str], text: str) -> Candidate | None:
    return _unglued(m, text, f"{m.group('w')}{m.group('pos')}del", "protein", prio=3)


PB_ITEM = re.compile(rf"({A3}|{A1})(\d+)({A3}|{A1}|\*|X|del|dup)")


def h_pbracket(m: re.Match[str], text: str) -> Candidate | None:
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
        return None
    norms = []
    for part in m.group("body").replace("(;)", ";").split(";"):
        x = PB_ITEM.fullmatch(part.strip().strip("[]"))
        if not x:
            return None
        w = aa_to_one(x.group(1))
        op = x.group(3)
        mt = op if op in ("del", "dup") else aa_to_one(op) if len(op) > 1 else op.replace("X", "*")
        if not w or not mt:
            return None
        norms.append(f"{w}{x.group(2)}{mt}")
    return Candidate(m.start(), m.end(), tuple(norms), "protein", prio=1)


def h_pextra(m: re.Match[str], text: str) -> Candidate | None:
    """p.Met1ext-5, p.*110Glnext*17, p.Cys188=, p.Met1?, p.Gln18[23] (normal forms without "p.",
    one-letter: "M1ext-5", "*110Qext*17", "C188=", "M1?", "Q18[23]")."""
    s, e = m.start(), m.end()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "."):
        return None
    if m.group("op") and not m.group("cp"):
        return None
    if m.group("cp") and not m.group("op"):
        e -= 1  # a closing parenthesis that is not ours
    w = aa_to_one(m.group("w")) if len(m.group("w")) > 1 else m.group("w")
    pos = m.group("pos")
    if not w:
        return None
    if m.group("ext") is not None:
        ext = m.group("ext")
        if ext.startswith("-") != (pos == "1"):
            return None  # an N-terminal extension starts at Met1; a C-terminal one at the stop
        if not ext.startswith("-") and w != "*":
            return None
        mt = m.group("m")
        mt1 = (aa_to_one(mt) if len(mt) > 1 else mt) if mt else ""
        if mt and not mt1:
            return None
        tail = ext if ext.startswith("-") else "*" + ext.lstrip("*TerX")
        norm = f"{w}{pos}{mt1}ext{tail}"
    elif m.group("syn"):
        norm = f"{w}{pos}="
    elif m.group("unk"):
        if pos != "1" or w != "M":
            return None  # "p.Met1?": the start codon's change, consequence unknown
        norm = "M1?"
    elif m.group("alts"):  # p.R12[R,X]: either residue at the position -> R12* (the changes)
        alts = [a.strip() for a in m.group("alts").split(",")]
        ones = ["*" if a in ("X", "*", "Ter") else (aa_to_one(a) if len(a) > 1 else a) for a in alts]
        if not all(ones) or len(set(ones)) < len(ones):
            return None
        changes = tuple(f"{w}{pos}{one}" for one in ones if one != w)
        if not changes:
            return None
        return Candidate(s, e, changes, "protein", prio=1)
    else:
        norm = f"{w}{pos}[{m.group('rep')}]"
    return Candidate(s, e, (norm,), "protein", prio=1)


# --------------------------------------------------------------------------------------------
# DNA handlers

def h_dna_clean(prio: int = 3) -> Handler:
    def handler(m: re.Match[str], text: str) -> Candidate | None:
        s, e = m.start(), m.end()
        if alnum_before(text, s) and text[s].isalnum():
            return None
        return Candidate(s, e, (dna_norm(text[s:e]),), "dna", prio=prio)

    return handler


HGVS_OPS = re.compile(r"del|ins|dup|inv|con|\[|>|\?_|_\d+[-+]\?")
# a repeated sequence needs a range or its unit: "g.123_124[14]", "c.123CAG[23]", not "c.5[12]"
HGVS_REPEAT_BARE = re.compile(r"[-+*]?\d+\[")
HGVS_CHANGE_C = re.compile(r"[>/]|del|ins|dup|-->|inv")


def h_hgvs(m: re.Match[str], text: str) -> Candidate | None:
    s, e = m.start(), m.end()
    if m.group("pfx")[0] == ".":
        s -= 1  # the letter before the dot
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "."):
        return None
    body = m.group("body")
    if m.group("op") and not m.group("cp"):
        return None
    if m.group("cp") and not m.group("op"):
        e -= 1  # a closing parenthesis that is not ours
    if not any(ch.isdigit() for ch in body):
        return None
    pfx = m.group("pfx")
    if pfx[0] != "." and not HGVS_CHANGE_C.search(body):
        return None  # "c2403" alone is not a change
    if not (m.group("a") or m.group("one") or HGVS_OPS.search(body)):
        return None
    if m.group("one") and not re.search(r"[-+*]", body):
        return None  # c.1234A alone
    if HGVS_REPEAT_BARE.match(body):
        return None  # "c.5[12]": a number and a reference, not a repeat
    return Candidate(s, e, (dna_norm(text[s:e]),), "dna", prio=1)


NT_HYPHEN = re.compile(rf"{NT}-{NT}")
NODOT_HEAD = re.compile(r"(?<![A-Za-z0-9])[cgrmn]\d+\Z")
_NODOT_HEAD_WINDOW = 8  # characters before a "+"/"-" offset searched for an undotted "r291"
PAIR_SLASH = re.compile(rf"({NT})\s?/\s?({NT})")


def h_dbare(m: re.Match[str], text: str) -> Candidate | None:
    s, e = m.start(), m.end()
    pos = m.group("pos")
    prio = 3
    if s > 0:
        prev = text[s - 1]
        if pos[0] in "+-":
            if prev in ".,/+-":
                return None
        elif prev in "cg" and pos[0].isdigit() and not alnum_before(text, s - 1):
            s -= 1  # "c2403T --> C", "g11311delT": HGVS without its dot
            prio = 1
        elif prev == "\u2212" and pos[0].isdigit() and not alnum_before(text, s - 1):
            s -= 1  # "\u2212308G>A": a Unicode minus sign
        elif prev.isalnum() or prev in ".,/+-_":
            return None
    if pos[0] in "+-" and s > 0 and text[s - 1].isdigit():
        head = read_back(NODOT_HEAD, text, s, _NODOT_HEAD_WINDOW)
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
    norm = dna_norm(text[s:e])
    if sub:
        norm = re.sub(rf"({NT})(?:-|to)({NT})\Z", r"\1>\2", norm).replace("(", "").replace(")", "")
    return Candidate(s, e, (norm,), "dna", prio=prio)


def h_dnl(m: re.Match[str], text: str) -> Candidate | None:
    a0 = m.group("a0")
    a = (a0 if a0 != "(" else "") + m.group("a")
    if not a or len(a) > 3:
        return None
    pos = m.group("pos") or m.group("pos2")
    return Candidate(m.start(), m.end(), (f"{pos}{a}>{m.group('b')}",), "dna", prio=2)


# bases written as words -> letters ("cytosine" -> "C")
_BASE_NAMES = {"cyt": "C", "gua": "G", "ade": "A", "thy": "T"}


def _base(written: str) -> str:
    return written if len(written) == 1 else _BASE_NAMES[written[:3].lower()]


_PROTEIN_UNITS = ("amino", "residue")  # "at amino acid (position) 76", "at residue 12"


def h_dna_words(m: re.Match[str], text: str) -> Candidate | None:
    """C to T transition at nucleotide 3916 -> ``3916C>T``; in a codon -> ``codon38A>G``; at a
    signed position, "C-to-T substitution at -31" -> ``-31C>T`` (hyphenated bases there only:
    "C-to-G transition at nucleotide 857" cost a tmVar tune false positive, prose-counted row). With a one-letter residue that
    is no base, or at an amino acid, a protein change: "R to G mutation at position 76" ->
    ``R76G``. Prose: tmVar leaves these out (it tags the arrow forms, "C-->T transition at
    nucleotide 677"; its guideline names "C-to-G and C to T mentions"), BioRED tags them."""
    if alnum_before(text, m.start()):
        return None
    wa, wb = m.group("a"), m.group("b")
    unit = m.group("unit") or ""
    pos = m.group("pos") or m.group("spos")
    if text.startswith("-to-", m.end("a")) and not m.group("spos"):
        return None  # hyphenated bases at a signed position only ("C-to-T substitution at -31")
    if len(wa) == 1 and len(wb) == 1 and (not (_is_nt(wa) and _is_nt(wb)) or unit.startswith(_PROTEIN_UNITS)):
        if not m.group("pos") or pos[0] in "-+" or unit.startswith("nucleotide") or wa == wb:
            return None  # a residue at a nucleotide, or before the start
        return Candidate(m.start(), m.end(), (f"{wa}{pos}{wb}",), "protein", prio=2, prose=True)
    if not (_is_nt(_base(wa)) and _is_nt(_base(wb))) or unit.startswith(_PROTEIN_UNITS):
        return None  # a base name and a residue letter
    a, b = _base(wa), _base(wb)
    if a == b:
        return None
    head = "codon" if unit == "codon" else ""
    return Candidate(m.start(), m.end(), (f"{head}{pos}{a}>{b}",), "dna", prio=2, prose=True)


_DNA_WORDS_BARE_LOOKBACK = 24  # "C-to-an A nucleotide " before the change word


def h_dna_words_bare(m: re.Match[str], text: str) -> Candidate | None:
    """a T to G transversion -> ``T>G`` (prose row; the span is the bases, read back from the word)."""
    left = read_back(DNA_WORDS_BARE_BEFORE, text, m.start(), _DNA_WORDS_BARE_LOOKBACK)
    if left is None or left.group("a") == left.group("b"):
        return None
    return Candidate(left.start(), left.end("b"), (f"{left.group('a')}>{left.group('b')}",), "dna", prio=5, prose=True)


_GLUED_SPACED_MIN = 4  # "FOXP3-3279 AC": a sign and three digits at least after a glued name


def h_genotype_at(m: re.Match[str], text: str) -> Candidate | None:
    """-3279 AC genotype -> ``-3279AC``; -395A carriers -> ``-395A``; 192RR homozygotes -> ``192RR``
    (protein); IL1B-31TT -> ``-31TT``. Counted with the prose forms: tmVar's guideline leaves
    genotypes and alleles out ("DBH -1021T and the -889TT genotype"), BioRED tags them. A signed
    position may follow a gene ("FOXP3-3279 AC")."""
    s = m.start()
    if s > 0:
        prev = text[s - 1]
        if prev in ".,/+-_" or (prev.isalnum() and text[s] not in "-+"):
            return None
        pos = m.groupdict().get("pos") or ""
        if prev.isalnum() and pos.endswith(" ") and len(pos.strip()) < _GLUED_SPACED_MIN:
            return None  # "IL-10 GG carriers": a gene's name, then a genotype without position
    groups = m.groupdict()
    kind = "dna"
    if groups.get("pgt"):
        if _is_nt(groups["pgt"]):
            return None  # "12TT": a DNA genotype needs three digits or a sign
        kind = "protein"
    # prio below the allele rules: "-924 A/G genotype" stays the "alleles with slash" form
    return Candidate(s, m.end(), (dna_norm(text[s:m.end()]),), kind, prio=6, prose=True)


def h_allele_at(m: re.Match[str], text: str) -> Candidate | None:
    """the T allele at -511 -> ``-511T`` (prose, as the genotypes)."""
    s = m.start() - 2
    pos = m.group("pos") or m.group("spos")
    return Candidate(s, m.end(), (f"{pos}{text[s]}",), "dna", prio=6, prose=True)


CODON_LEN = 3  # nucleotides in a codon


def h_dpos_first(m: re.Match[str], text: str) -> Candidate | None:
    if alnum_before(text, m.start()):
        return None
    pos, a, b = m.group("pos"), m.group("a"), m.group("b")
    head = "codon" if m.group(0).lower().startswith("codon") and len(a) == CODON_LEN else ""
    return Candidate(m.start(), m.end(), (f"{head}{pos}{a}>{b}",), "dna", prio=2)


def h_codon3(m: re.Match[str], text: str) -> Candidate | None:
    return _unglued(m, text, f"{m.group('a')}{m.group('pos')}{m.group('b')}", "dna", prio=2)


def h_delta(m: re.Match[str], text: str) -> Candidate | None:
    return _unglued(m, text, f"Delta{m.group('n')}", "dna", prio=4)


_REPEAT_UNIT_WINDOW = 11  # "(" + eight bases + ")" before the count


def h_repeat_count(m: re.Match[str], text: str) -> Candidate | None:
    """(CCTTT)14 -> ``(CCTTT)14``: prose row (tmVar dev does not tag it, BioRED does)."""
    left = read_back(REPEAT_UNIT_BEFORE, text, m.start(), _REPEAT_UNIT_WINDOW)
    if left is None:
        return None
    s = left.start()
    return Candidate(s, m.end(), (text[s:m.end()],), "dna", prio=4, prose=True)


def h_genotype_glued(m: re.Match[str], text: str) -> Candidate | None:
    """IL1B-31TT -> ``-31TT`` (prose, as :func:`h_genotype_at`)."""
    s = m.start()
    if s > 0 and (text[s - 1] in ".,/+-_" or text[s - 1].isdigit()):
        return None
    return Candidate(s, m.end(), (text[s:m.end()],), "dna", prio=6, prose=True)


_PPOS_SLASH_WINDOW = 8  # characters before the "/" that hold "12345Q"
_FIGURE_BEFORE = re.compile(r"(?:Fig|Figure|Figures|Table|Tables|panel|panels|Supplementary)[.s]?\s*\Z", re.I)
_FIGURE_WINDOW = 16


def h_ppos_slash(m: re.Match[str], text: str) -> Candidate | None:
    """192Q/R -> ``Q192R`` (protein): a position, then the two residues (not in a figure's name,
    "Figures 10E/F")."""
    left = read_back(PPOS_SLASH_LEFT, text, m.start() + 1, _PPOS_SLASH_WINDOW + 1)
    if left is None:
        return None
    w, mt = left.group("w"), m.group("m")
    if w == mt or (_is_nt(w) and _is_nt(mt)):
        return None  # "-491A/T" is DNA (rule dbare)
    s = left.start()
    if read_back(_FIGURE_BEFORE, text, s, _FIGURE_WINDOW):
        return None
    return Candidate(s, m.end(), (f"{w}{left.group('pos')}{mt}",), "protein", prio=3)


_RANGE_WORD_LOOKBACK = 40  # characters before the word: "Val624_Val625_Glu626_Leu627 "
_RANGE_OPS = {"deletion": "del", "insertion": "ins", "duplication": "dup"}


def h_range_word(m: re.Match[str], text: str) -> Candidate | None:
    """D487_S488_F489 deletion -> ``D487_F489del`` (protein; prose row: tmVar dev leaves it out)."""
    left = read_back(RANGE_WORD_BEFORE, text, m.start(), _RANGE_WORD_LOOKBACK)
    if left is None:
        return None
    w, w2 = aa_to_one(left.group("w")), aa_to_one(left.group("w2"))
    if not w or not w2 or int(left.group("pos2")) <= int(left.group("pos")):
        return None
    norm = f"{w}{left.group('pos')}_{w2}{left.group('pos2')}{_RANGE_OPS[m.group('op')]}"
    return Candidate(left.start(), m.end(), (norm,), "protein", prio=2, prose=True)


def h_dsub_bare(m: re.Match[str], text: str) -> Candidate | None:
    s = m.start()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/>-."):
        return None
    return Candidate(s, m.end(), (f"{m.group('a')}>{m.group('b')}",), "dna", prio=5)


_SLASH_RS_WINDOW = 20  # characters before "G/C" searched for the "rs123," it belongs to


def h_dslash(m: re.Match[str], text: str) -> Candidate | None:
    s, e = m.start() - 1, m.end()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/-."):
        return None
    if m.group("a") == m.group("b"):
        return None
    if m.group("at"):  # "C/T(-13910)": alleles at a position
        return Candidate(s, e, (dna_norm(text[s:e]),), "dna", prio=4)
    if SLASH_AFTER.match(text, e) or read_back(SLASH_BEFORE, text, s, _SLASH_RS_WINDOW):
        return Candidate(s, e, (f"{m.group('a')}/{m.group('b')}",), "dna", prio=5)
    return None


# --------------------------------------------------------------------------------------------
# SNP ids

def h_rs(m: re.Match[str], text: str) -> Candidate | None:
    s, e = m.start(), m.end()
    if alnum_before(text, s):
        return None
    tok = "".join(m.group(0).split())
    if m.group("chg"):
        tok = tok[: -len(m.group("chg"))]
    return Candidate(s, e, ("rs" + tok[2:],), "snp", prio=1)


def h_rs_words(m: re.Match[str], text: str) -> Candidate | None:
    return Candidate(m.start(), m.end(), (f"rs{m.group('n')}",), "snp", prio=1)


# --------------------------------------------------------------------------------------------
# exon and codon classes

_EXON_OPS = {"del": "deletion", "ins": "insertion", "dup": "duplication"}
_SHORT_OP_LEN = 3  # "del", "ins" before an exon number ("del19")


def _exon_op(op: str) -> str:
    op = op.lower()
    return _EXON_OPS.get(op, op)


def h_exon(m: re.Match[str], text: str) -> Candidate | None:
    if m.groupdict().get("n2"):  # "exon 9 mutated", "exon 11-mutant": the exon's mutation class
        return _unglued(m, text, f"exon {int(m.group('n2'))} mutation", "class", prio=6)
    return _unglued(m, text, f"exon {int(m.group('n'))} {_exon_op(m.group('op'))}", "class", prio=6)


def h_exon_short(m: re.Match[str], text: str) -> Candidate | None:
    """ex19del, exon19del, 19del, del19, Ins20"""
    s = m.start()
    op = m.group("op")
    if op:
        for head in ("exon", "ex"):
            if text.startswith(head, s - len(head)):
                s -= len(head)
                break
    else:
        op = text[s - _SHORT_OP_LEN:s]
        s -= _SHORT_OP_LEN
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "-"):
        return None
    return Candidate(s, m.end(), (f"exon {m.group('n')} {_exon_op(op)}",), "class", prio=6)


# A mutation word earlier in the clause of an exon list: "distinct mutations in the kinase domain of
# the EGF receptor, most often in exons 19 and 21" (a sequencing method's "exons 18 and 19" is none).
_MUTATION_BEFORE_EXONS = re.compile(r"\bmutations?\b[^.;:]*\Z", re.IGNORECASE)
EXON_LIST_LOOKBACK = 120  # characters


def h_exon_list(m: re.Match[str], text: str) -> Candidate | None:
    """"in exons 19 and 21" after a mutation word: each exon's mutation class."""
    if not read_back(_MUTATION_BEFORE_EXONS, text, m.start(), EXON_LIST_LOOKBACK):
        return None
    nums = [m.group("n")] + re.findall(r"\d+", m.group("more"))
    return Candidate(m.start(), m.end(), tuple(dict.fromkeys(f"exon {int(n)} mutation" for n in nums)), "class",
                     prio=6)


def h_codon(m: re.Match[str], text: str) -> Candidate | None:
    if alnum_before(text, m.start()):
        return None
    nums = [m.group("n")] + re.findall(r"\d+", m.group("more") or "")
    return Candidate(m.start(), m.end(), tuple(dict.fromkeys(f"codon {n}" for n in nums)), "class", prio=7)


def h_codon_res(m: re.Match[str], text: str) -> Candidate | None:
    s = m.start()
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-./"):
        return None
    if is_false_friend(f"{m.group('w')}{m.group('pos')}"):
        return None
    nums = [m.group("pos")] + re.findall(r"\d+", m.group("more") or "")
    return Candidate(s, m.end(), tuple(dict.fromkeys(f"codon {n}" for n in nums)), "class", prio=7)


# --------------------------------------------------------------------------------------------
# fusions

_MIN_PARTNER_LETTERS = 2  # "A2-B1" are no gene symbols


def h_fusion(m: re.Match[str], text: str) -> Candidate | None:
    j = m.start()
    s = j
    while s > 0 and text[s - 1].isalnum():
        s -= 1
    if not GENE_MIN_LEN <= j - s <= GENE_MAX_LEN or not text[s].isupper():
        return None
    if s > 0 and (text[s - 1] in "-/" or text[s - 1].isalnum()):
        return None
    a, b, d = text[s:j], m.group("b"), m.group("d")
    partners, three_prime, stop = fusion_lists()
    for part in (a, b):
        if not GENE_SHAPE.match(part) or MUTATION_SHAPE.match(part) or part in stop:
            return None
        if sum(ch.isalpha() for ch in part) < _MIN_PARTNER_LETTERS:
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

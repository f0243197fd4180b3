"""The rule table: which pattern, handler and gate make up each rule of the mutation grammar.

A :class:`Rule` pairs a compiled pattern (:mod:`resmine.mutations.patterns`) with the handler
that turns its matches into candidates (:mod:`resmine.mutations.handlers`) and a gate on
:class:`~resmine.mutations.gates.Facts` that says whether the rule can match the text at all.
:data:`RULES` is the whole grammar in one list; :func:`resmine.mutations.engine.scan` runs it.
Between overlapping candidates the longest wins, then the lower ``prio``; the order of the list
decides only between candidates of the same span and priority (the earlier rule's is kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from resmine.mutations.gates import (
    AT_POSITION,
    CODON3_GATE,
    DBARE_GATE,
    DBARE_OP_GATES,
    GENOTYPE_TOPIC,
    VERBS,
    Facts,
)
from resmine.mutations.handlers import (
    Handler,
    h_codon,
    h_codon3,
    h_codon_aa,
    h_at_pos_by,
    h_codon_res,
    h_dbare,
    h_delta,
    h_ppos_slash,
    h_range_word,
    h_repeat_count,
    h_delta_res,
    h_dna_clean,
    h_dna_words,
    h_dna_words_bare,
    h_dnl,
    h_dpos_first,
    h_dslash,
    h_dsub_bare,
    h_exon,
    h_exon_list,
    h_exon_short,
    h_fs,
    h_fusion,
    h_genotype_at,
    h_genotype_glued,
    h_allele_at,
    h_hgvs,
    h_list_replaced,
    h_parrow,
    h_parrow_at,
    h_pbracket,
    h_pextra,
    h_pdel_prefix,
    h_pindel,
    h_pins_posfirst,
    h_pins_run,
    h_ppos_arrow,
    h_psubst_for,
    h_pverb_far,
    h_rs,
    h_rs_words,
    h_shared,
    h_sub1,
    h_sub_arrow1,
    h_sub_by1,
    h_subw,
)
from resmine.mutations.patterns import (
    PROSE_ALL,
    PROSE_CODES,
    R_CD,
    R_CODON,
    R_CODON3,
    R_CODON_AA,
    R_CODON_RES,
    R_DBARE,
    R_DELTA,
    R_PPOS_SLASH,
    R_RANGE_WORDS,
    R_REPEAT_COUNT,
    R_DEL_SPACED,
    R_DELTA_RES,
    R_DNA_WORDS,
    R_DNA_WORDS_BARE,
    R_DNL,
    R_DPOS_FIRST,
    R_DSLASH,
    R_DSUB_BARE,
    R_DWORD_DEL,
    R_DWORD_DUP,
    R_DWORD_INS,
    R_DWORD_INSW,
    R_DWORD_NT,
    R_EXON,
    R_EXON_AFTER,
    R_EXON_LIST,
    R_EXON_SHORT,
    R_FS1,
    R_FS3,
    R_FUSION,
    R_GENOTYPE_AT,
    R_GENOTYPE_GLUED,
    R_ALLELE_AT,
    R_HGVS,
    R_INTRON_PFX,
    R_IVS,
    R_PARROW,
    R_PBRACKET,
    R_PEXTRA,
    R_PDEL_PREFIX,
    R_PFROM,
    R_PINDEL1,
    R_PINDEL3,
    R_PINS_POSFIRST,
    R_PINS_RUN,
    R_PPOS_ARROW,
    R_PSUBST_FOR,
    R_REPEAT,
    R_RS,
    R_RS_WORDS,
    R_SHARED,
    R_SS,
    R_SUB1,
    R_SUBW3,
    R_SUBWN,
    R_SUB_ARROW1,
    R_SUB_BY1,
)


@dataclass(frozen=True)
class Rule:
    """One rule of the grammar: search ``pattern`` (where ``gate`` allows), judge with ``handler``."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    gate: Callable[[Facts], object] | None = None  # truthy: the rule may match; None: it runs on every text
    # "codes" / "names" / "residues" / "bases" / "genotypes": the pattern is tried only where a
    # three-letter code / a residue name / either / a base joined by a word / a genotype before a
    # genotype word starts (found by Facts), instead of scanning the whole text
    anchors: str | None = None
    codes_only: re.Pattern[str] | None = None  # faster variant when the text names no residue in words


def _has_word(word: str) -> Callable[[Facts], bool]:
    """A gate: the text holds ``word``."""
    def gate(f: Facts) -> bool:
        return word in f.t

    return gate


RULES: list[Rule] = [
    Rule("rs", R_RS, h_rs),
    Rule("ss", R_SS, h_rs, lambda f: "ss" in f.t),
    Rule("rs_words", R_RS_WORDS, h_rs_words, lambda f: "reference SNP" in f.t),
    Rule("sub1", R_SUB1, h_sub1),
    Rule("subw3", R_SUBW3, h_subw, lambda f: f.code_digit, anchors="codes"),
    Rule("subwn", R_SUBWN, h_subw, lambda f: f.names, anchors="names"),
    Rule("sub_arrow1", R_SUB_ARROW1, h_sub_arrow1, lambda f: f.dashes),
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
         lambda f: f.positions and (f.names or f.code_starts), codes_only=PROSE_CODES["parrow_at"], anchors="residues"),
    Rule("at_pos_by", PROSE_ALL["at_pos_by"], h_at_pos_by,
         lambda f: f.positions and AT_POSITION.search(f.t) is not None and (f.names or f.code_starts),
         codes_only=PROSE_CODES["at_pos_by"], anchors="residues"),
    Rule("ppos_arrow", R_PPOS_ARROW, h_ppos_arrow, lambda f: f.dashes),
    Rule("sub_by1", R_SUB_BY1, h_sub_by1, lambda f: f.substitution_of),
    Rule("psubst_for", R_PSUBST_FOR, h_psubst_for, lambda f: f.substitution_of),
    Rule("pfrom", R_PFROM, h_psubst_for, lambda f: " from " in f.t and (f.names or f.code_starts)),
    Rule("parrow", R_PARROW, h_parrow, lambda f: f.arrow and f.code_starts, anchors="codes"),
    Rule("delta_res", R_DELTA_RES, h_delta_res, lambda f: "elta" in f.t or "Δ" in f.t or "del" in f.t),
    Rule("codon_aa", R_CODON_AA, h_codon_aa, lambda f: "odon" in f.t and f.arrow),
    Rule("pbracket", R_PBRACKET, h_pbracket, lambda f: "p.[" in f.t),
    # (no gate: the pattern starts with the literal "p.", which re finds faster than the substring
    # tests a gate would need, "p." in t or "ext" in t; measured over the benchmark's abstracts)
    Rule("pextra", R_PEXTRA, h_pextra),
    Rule("hgvs", R_HGVS, h_hgvs),
    Rule("dbare", R_DBARE, h_dbare,
         lambda f: DBARE_GATE.search(f.t) is not None or f.indel or any(g.search(f.t) for g in DBARE_OP_GATES)),
    Rule("ivs", R_IVS, h_dna_clean(1), lambda f: "IVS" in f.t),
    Rule("intron_pfx", R_INTRON_PFX, h_dna_clean(1),
         lambda f: ("/" in f.t or f.arrow) and f.has("ntron", "Ex", "IVS")),
    Rule("dnl", R_DNL, h_dnl, lambda f: f.arrow),
    Rule("dna_words", R_DNA_WORDS, h_dna_words,
         lambda f: (f.positions or f.has(" at -", " at +")) and f.base_starts, anchors="bases"),
    *(Rule(f"dna_words_bare_{word}", pattern, h_dna_words_bare, _has_word(f" {word}"))
      for word, pattern in R_DNA_WORDS_BARE),
    Rule("genotype_at", R_GENOTYPE_AT, h_genotype_at,
         lambda f: f.genotype_starts, anchors="genotypes"),
    Rule("genotype_glued", R_GENOTYPE_GLUED, h_genotype_glued, lambda f: f.has(*GENOTYPE_TOPIC)),
    Rule("allele_at", R_ALLELE_AT, h_allele_at, lambda f: " allele at " in f.t),
    Rule("dpos_first", R_DPOS_FIRST, h_dpos_first,
         lambda f: (f.arrow and f.has("nucleotide", "nt ", "position", "codon")) or ("/" in f.t and "codon" in f.t)),
    Rule("codon3", R_CODON3, h_codon3, lambda f: CODON3_GATE.search(f.t) is not None),
    Rule("repeat", R_REPEAT, h_dna_clean(2), lambda f: ")(" in f.t),
    Rule("del_spaced", R_DEL_SPACED, h_dna_clean(3), lambda f: "del " in f.t or "Del " in f.t),
    Rule("dword_del", R_DWORD_DEL, h_dna_clean(3), lambda f: "del" in f.t),
    Rule("dword_insw", R_DWORD_INSW, h_dna_clean(3), lambda f: "ins" in f.t),
    Rule("dword_dup", R_DWORD_DUP, h_dna_clean(3), lambda f: "dup" in f.t),
    Rule("dword_nt", R_DWORD_NT, h_dna_clean(3), lambda f: f.has("del", "/-")),
    Rule("dword_ins", R_DWORD_INS, h_dna_clean(3), lambda f: "-/" in f.t),
    Rule("delta", R_DELTA, h_delta, lambda f: "Delta" in f.t or "Δ" in f.t),
    Rule("repeat_count", R_REPEAT_COUNT, h_repeat_count, lambda f: ")" in f.t),
    Rule("ppos_slash", R_PPOS_SLASH, h_ppos_slash, lambda f: "/" in f.t),
    *(Rule(f"range_{op}", pattern, h_range_word, _has_word(f" {op}")) for op, pattern in R_RANGE_WORDS),
    Rule("cd", R_CD, h_dna_clean(2), lambda f: f.has("CD", "odon")),
    Rule("dsub_bare", R_DSUB_BARE, h_dsub_bare, lambda f: f.arrow),
    Rule("dslash", R_DSLASH, h_dslash, lambda f: "/" in f.t),
    Rule("exon", R_EXON, h_exon, lambda f: f.has("xon", "Ex")),
    Rule("exon_after", R_EXON_AFTER, h_exon, lambda f: "xon" in f.t),
    Rule("exon_list", R_EXON_LIST, h_exon_list, lambda f: "xons" in f.t),
    Rule("exon_short", R_EXON_SHORT, h_exon_short,
         lambda f: ("19" in f.t or "20" in f.t) and f.has("del", "ins", "Del", "Ins", "ex1", "ex2")),
    Rule("codon", R_CODON, h_codon, lambda f: "odon" in f.t),
    Rule("codon_res", R_CODON_RES, h_codon_res),
    Rule("fusion", R_FUSION, h_fusion),
]

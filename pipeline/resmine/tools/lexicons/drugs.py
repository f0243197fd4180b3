"""Drug terms: read DrugBank, DrugCentral, the drug-NER variants and HMS LINCS
(:func:`read_drug_sources`, names mapped onto DrugBank's generic names by :class:`Canon`),
then choose one drug and a case mode per matching key (:func:`resolve_drugs`). The rules are
summarised in :mod:`resmine.tools.lexicons.build`."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from resmine.lexicons import term_key
from resmine.tools.lexicons.common import (
    JUNK_RE, Candidate, Progress, Resolved, Rules, Stats, alnum_len, best_candidates, flat_key, open_text,
    read_tsv, short_mode,
)

# Drug tiers
D_CURATED, D_NAME, D_SYNONYM, D_VARIANT, D_LINCS = 0, 1, 2, 3, 4
# A drug key needs at least this many letters and digits, at least two of them letters.
MIN_DRUG_CHARS = 3
# Systematic chemical names: any name longer than SYSTEMATIC_NAME_CHARS; one longer than
# LOCANT_NAME_CHARS with two brackets, two commas or LOCANT_DIGITS digits (locants).
SYSTEMATIC_NAME_CHARS = 60
LOCANT_NAME_CHARS = 30
LOCANT_DIGITS = 5


@dataclass
class DrugSources:
    names: dict[str, str]  # canonical lower-case name -> DrugBank id
    candidates: list[Candidate]


class Canon:
    """Maps a drug name from any source onto one lower-case generic name (DrugBank's)."""

    def __init__(self, names: dict[str, str], synonyms: dict[str, set[str]], salts: set[str]) -> None:
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
    # Standard InChIKey -> DrugBank names with that structure: HMS LINCS names a compound by
    # its company code ("AZD5363") where DrugBank has the INN ("Capivasertib") and no code.
    by_inchikey: dict[str, set[str]] = defaultdict(set)
    with open_text(source / "drugbank_vocabulary.csv.gz") as handle:
        for row in csv.DictReader(handle):
            common = " ".join(row["Common name"].split())
            if not common:
                continue
            canonical = common.lower()
            names.setdefault(canonical, row["DrugBank ID"])
            db_rows.append((row["DrugBank ID"], common, row.get("Synonyms", "")))
            # a systematic name is no better a normal form than the code it would replace
            if row.get("Standard InChI Key") and not _chemical_name(common):
                by_inchikey[row["Standard InChI Key"].strip()].add(canonical)
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
    for row in read_tsv(source / "drugcentral_v54_synonyms.tsv.gz"):
        target = canon(row["preferred_name"])
        drugcentral.add(target)
        cands.append(Candidate(row["synonym"], target, D_SYNONYM, "drugcentral"))
        cands.append(Candidate(row["preferred_name"], target, D_SYNONYM, "drugcentral"))

    progress("drugs: drug-NER variants")
    # Its MeSH-only entries are mostly proteins and chemical classes ("Annexin A1", "Vasodilator
    # Agents"): a variant is kept only when its drug is a DrugBank or DrugCentral drug.
    known = set(names) | drugcentral
    for row in read_tsv(source / "drug_ner_dictionary_variants.tsv.gz"):
        db_id = row.get("drugbank_id", "")
        target = by_id.get(db_id) or canon(row["canonical_name"])
        if target not in known:
            continue
        cands.append(Candidate(row["variant_lowercase"], target, D_VARIANT, "drug_ner"))

    progress("drugs: HMS LINCS")
    for row in read_tsv(source / "hms_lincs_small_molecules.tsv"):
        same_structure = by_inchikey.get((row.get("InChi Key") or "").strip(), set())
        target = next(iter(same_structure)) if len(same_structure) == 1 else canon(row["Name"])
        cands.append(Candidate(row["Name"], target, D_LINCS, "lincs"))
        for alt in row.get("Alternative Names", "").split(";"):
            if alt.strip():
                cands.append(Candidate(alt.strip(), target, D_LINCS, "lincs"))

    for cells in read_tsv(source / "disambiguation" / "biowordlists_additions_drugs.tsv", header=False):
        if len(cells) >= 3:
            target = canon(cells[1])
            for syn in cells[2].split("|"):
                cands.append(Candidate(syn, target, D_VARIANT, "biowordlists_addition"))

    deletions = set()
    for cells in read_tsv(source / "disambiguation" / "biowordlists_deletions_drugs.tsv", header=False):
        if len(cells) >= 3:
            # Rows that delete a name from itself ("dopamine dopamine") fix duplicates in
            # BioWordlists' own WikiData-based table; only the cross-name deletions apply here.
            if flat_key(term_key(cells[1])) != flat_key(term_key(cells[2])):
                deletions.add((canon(cells[1]), flat_key(term_key(cells[2]))))
    cands = [c for c in cands if (c.target, flat_key(term_key(c.term))) not in deletions]
    return DrugSources(names=names, candidates=cands)


def _chemical_name(term: str) -> bool:
    """Systematic chemical names (IUPAC-like): long and full of locants and brackets."""
    if len(term) > SYSTEMATIC_NAME_CHARS:
        return True
    brackets = sum(term.count(ch) for ch in "()[]{}")
    digits = sum(ch.isdigit() for ch in term)
    return len(term) > LOCANT_NAME_CHARS and (brackets >= 2 or term.count(",") >= 2 or digits >= LOCANT_DIGITS)


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
        flat = flat_key(key)
        n_alnum = alnum_len(flat)
        if n_alnum < MIN_DRUG_CHARS or sum(ch.isalpha() for ch in flat) < 2:
            stats.note("dropped: too short or a number", key)
            continue
        if flat in stop:
            stats.note("dropped: stop-list", key)
            continue
        if flat in rules.drug_words:
            stats.note("dropped: English word", key)
            continue
        best, top, targets = best_candidates(group)
        if len(targets) > 1:
            # the same key as a DrugBank name of one of them settles it
            named = {t for t in targets if flat_key(term_key(t)) == flat}
            if len(named) == 1:
                targets = named
            else:
                stats.note("dropped: ambiguous", f"{key} -> {'/'.join(sorted(targets)[:3])}")
                continue
        target = next(iter(targets))
        mode = short_mode(flat)
        surface = min((c.term for c in top if c.target == target), key=lambda t: (t != t.lower(), t))
        rows.append((surface, target, src.names.get(target, ""), mode))
        keys[key] = (best, mode, target)
        stats.note(f"kept tier {best}")
    return Resolved(rows=rows, keys=keys, stats=stats)

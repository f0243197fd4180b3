"""CIViC evidence statements as relation data: reading, gold triples, the frozen tune split,
strict scoring and the classification of each error.

A statement (one row of Predictive evidence) is one document. Its gold triples are (gene,
variant, drug, relation) for each of its drugs; the relation comes from the clinical
significance (:data:`SIGNIFICANCE`). A statement that *Does Not Support* its claim says the
variant does not change the response (:data:`NOT_SUPPORTED`); those are read for training only
(``directions``). Predicted triples are the document's non-negated evidence rows. Triples are
compared with the mutation and the drug lower-cased (CIViC writes "Alectinib",
"AMPLIFICATION"; resmine "alectinib", "amplification"); the gene exactly. A curator's variant
written in CIViC's own names ("EML4-ALK", "V600") matches resmine's class or change
(:func:`civic_variant_names`).

Statements are split by citation into the shipped train and dev parts; the frozen tune part of
train, never read for errors, is :func:`resmine.tools.splits.is_tune` of the citation (so all
items of one paper fall on one side)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from resmine.lexicons import Lexicon
from resmine.model import Document, Evidence, Passage, PassageKind
from resmine.score.metrics import Metrics, f1_interval

# CIViC's clinical significance → resmine's relation; other significances are skipped.
SIGNIFICANCE = {"Resistance": "resistance", "Reduced Sensitivity": "resistance",
                "Sensitivity/Response": "sensitivity"}
EVIDENCE_TYPE = "Predictive"
SUPPORTS, NOT_SUPPORTS = "Supports", "Does Not Support"
NOT_SUPPORTED = "no_effect"
TRAIN_FILE = "civic_2021-08-01_train.tsv"
DEV_FILE = "civic_2021-08-01_dev.tsv"
# A CIViC variant written as one amino-acid change (V600E, T790M, R213*).
POINT_MUTATION = re.compile(r"^[A-Z]\d+[A-Z*]$")
POINT, CLASS = "point mutation", "class"
CATEGORIES = (POINT, CLASS)
NEEDED_COLUMNS = ("gene", "variant", "drugs", "evidence_type", "evidence_direction",
                  "clinical_significance", "evidence_statement", "evidence_id")

# (doc_id, gene, mutation, drug, relation); mutation and drug lower-cased.
Triple = tuple[str, str, str, str, str]


class CivicError(Exception):
    """The CIViC file cannot be read."""


@dataclass(frozen=True)
class Statement:
    doc_id: str
    gene: str
    variant: str
    drugs: tuple[str, ...]
    relation: str
    text: str
    citation_id: str = ""

    @property
    def category(self) -> str:
        return POINT if POINT_MUTATION.match(self.variant) else CLASS

    def triples(self) -> set[Triple]:
        return {(self.doc_id, self.gene, self.variant.lower(), drug.lower(), self.relation) for drug in self.drugs}

    def document(self) -> Document:
        return Document(self.doc_id, "civic", "text", "", self.text,
                        [Passage(PassageKind.PARAGRAPH, "", 0, len(self.text))])


@dataclass
class CivicSet:
    statements: list[Statement]
    # Predictive rows of the directions read that were left out, by clinical significance.
    skipped: Counter[str] = field(default_factory=Counter)


def read_civic(path: Path, directions: tuple[str, ...] = (SUPPORTS,)) -> CivicSet:
    """The Predictive statements of a CIViC evidence file (README: tab-separated, no quoting)
    whose evidence direction is one of ``directions``, in file order."""
    if not path.is_file():
        raise CivicError(f"{path}: CIViC file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in NEEDED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise CivicError(f"{path}: missing column(s) {', '.join(missing)}")
        out = CivicSet([])
        for row in reader:
            if row["evidence_type"] != EVIDENCE_TYPE or row["evidence_direction"] not in directions:
                continue
            relation = SIGNIFICANCE.get(row["clinical_significance"])
            if relation is None:
                out.skipped[row["clinical_significance"] or "(empty)"] += 1
                continue
            if row["evidence_direction"] == NOT_SUPPORTS:
                relation = NOT_SUPPORTED
            drugs = tuple(d.strip() for d in row["drugs"].split(",") if d.strip())
            out.statements.append(Statement(f"EID{row['evidence_id']}", row["gene"].strip(),
                                            row["variant"].strip(), drugs, relation,
                                            row["evidence_statement"], row.get("citation_id") or ""))
    return out


def predicted_triples(doc_id: str, evidence: Iterable[Evidence]) -> set[Triple]:
    return {(doc_id, e.gene, e.mutation.lower(), e.drug.lower(), e.relation) for e in evidence if not e.negated}


def gold_drug_names(drug: str, lexicon: Lexicon) -> set[str]:
    """The names a curator's drug may have in resmine's normal form: as written, normalised by
    resmine's own drug dictionary ("thioguanine" is "tioguanine"), and each word of a name
    that adds a class ("mek inhibitor pd0325901"), or that is a code the dictionary does not
    hold ("FACT Complex-Targeting Curaxin CBL0137")."""
    names = {drug.lower()}
    for part in (drug, *drug.split()):
        normal = lexicon.normalize_drug(part)
        if normal:
            names.add(normal.lower())
        elif part != drug and _DRUG_CODE.fullmatch(part):
            names.add(part.lower())  # "FACT Complex-Targeting Curaxin CBL0137": the code names it
    return names


# A drug's code: letters and digits, both ("CBL0137", "PF-06293622"), written in a longer name.
_DRUG_CODE = re.compile(r"(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def with_gold_drug_names(statement: Statement, predicted: set[Triple], lexicon: Lexicon) -> set[Triple]:
    """The predictions with each drug that is another name of one of the statement's drugs
    (:func:`gold_drug_names`) written as the curator wrote it: CIViC files trametinib as
    "Trametinib Dimethyl Sulfoxide", thioguanine where resmine's dictionary says "tioguanine"."""
    alias = {name: drug.lower() for drug in statement.drugs for name in gold_drug_names(drug, lexicon)}
    return {(*t[:3], alias.get(t[3], t[3]), t[4]) for t in predicted}


# CIViC's variant names for what resmine writes as a class or plain change (README of
# corpora/civic: "EML4-ALK", "ALK FUSIONS", "V600", "EXPRESSION"). Scoring only: the extractor
# writes the class ("fusion"), as corpus/gold does; models/README.md holds the table.
_FUSION_NAME = re.compile(r"^[A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*$")
_FUSION_CLASS = re.compile(r"^(?:[A-Z][A-Z0-9]* )?(?:FUSIONS?|REARRANGEMENTS?)$", re.IGNORECASE)
_POSITION = re.compile(r"^[A-Z](\d+)$")
_WITH_CDNA = re.compile(r"^(\S+) \(c\.[^)]*\)$")
_EXPRESSION = "EXPRESSION"
_SKIPPING = re.compile(r"^(EXON \d+ SKIPPING) MUTATION$", re.IGNORECASE)
_STOP_AS_X = re.compile(r"^[A-Z]\d+X$")


_METHYLATION = re.compile(r"(?:promoter\s+)?(?:hyper)?methylation", re.IGNORECASE)


def civic_variant_names(variant: str) -> set[str]:
    """The names resmine may write for a CIViC variant: as written (lower-cased); a fusion
    named by its two genes ("EML4-ALK"), "ALK FUSIONS" or "REARRANGEMENT" is ``fusion``; a
    fusion with a change ("BCR-ABL T315I", "ALK FUSION G1202R") is the change; a residue without its new amino
    acid ("V600") is also ``codon 600``; a change with its cDNA ("R200W (c.598C>T)") is the
    change; "EXPRESSION" (a level, its direction left to the statement) is over- or
    underexpression; "(PROMOTER) (HYPER)METHYLATION" is ``methylation``; "EXON 14 SKIPPING
    MUTATION" is the grammar's "exon 14 skipping"; a stop codon written "Q179X" is "q179*"."""
    names = {variant.lower()}
    head, _, rest = " ".join(variant.split()).rpartition(" ")
    if _FUSION_CLASS.match(variant) or (_FUSION_NAME.match(variant) and not POINT_MUTATION.match(variant.split("-")[0])):
        names.add("fusion")
    elif (_FUSION_NAME.match(head) or _FUSION_CLASS.match(head)) and POINT_MUTATION.match(rest):
        names.add(rest.lower())  # "BCR-ABL T315I", "EML4-ALK  V1180L", "ALK FUSION G1202R"
    elif (_FUSION_NAME.match(head) or _FUSION_CLASS.match(head)) and (position := _POSITION.match(rest)):
        names.add(f"codon {position.group(1)}")  # "ALK FUSION I1171"
    elif (position := _POSITION.match(variant)):
        names.add(f"codon {position.group(1)}")
    elif (with_cdna := _WITH_CDNA.match(variant)) and POINT_MUTATION.match(with_cdna.group(1)):
        names.add(with_cdna.group(1).lower())
    elif variant.upper() == _EXPRESSION:
        names |= {"overexpression", "underexpression"}
    elif _METHYLATION.fullmatch(variant):
        names.add("methylation")
    elif (skipping := _SKIPPING.match(" ".join(variant.split()))):
        names.add(skipping.group(1).lower())  # "Exon 14 Skipping Mutation" is the grammar's "exon 14 skipping"
    elif _STOP_AS_X.match(variant):
        names.add(variant.lower()[:-1] + "*")  # "Q179X": a stop codon, which resmine writes "Q179*"
    return names


def with_gold_variant_names(statement: Statement, predicted: set[Triple]) -> set[Triple]:
    """The predictions of the statement's gene with each change that is another name of its
    variant (:func:`civic_variant_names`) written as the curator wrote it."""
    names = civic_variant_names(statement.variant)
    gold = statement.variant.lower()
    return {(t[0], t[1], gold, *t[3:]) if t[1] == statement.gene and t[2] in names else t for t in predicted}


def _words(text: str) -> str:
    return " ".join(text.split())


def without_sibling_triples(statements: list[Statement], predictions: list[set[Triple]]) -> list[set[Triple]]:
    """Each statement's predictions less the triples curated from the same text in another
    item: CIViC files one text several times, one item per drug or variant ("resistance to
    KW2449, sorafenib, sunitinib"), and a triple of a sibling item is no false positive of
    this one. Each gold triple still counts once, in its own item. Texts are the same whatever
    their white space: CIViC copies one text with a doubled space now and then ("Except for the
    imatinib-resistant V658A mutation", CIViC train EID1974-EID1977)."""
    by_text: dict[str, list[Statement]] = {}
    for statement in statements:
        by_text.setdefault(_words(statement.text), []).append(statement)
    out = []
    for statement, predicted in zip(statements, predictions):
        own = statement.triples()
        siblings = {(statement.doc_id, t[1], name, *t[3:]) for other in by_text[_words(statement.text)]
                    if other is not statement for t in other.triples() for name in civic_variant_names(other.variant)}
        out.append(predicted - (siblings - own))
    return out


def scored_predictions(statements: list[Statement], evidence: Iterable[Iterable[Evidence]],
                       lexicon: Lexicon) -> list[set[Triple]]:
    """Each statement's predicted triples as they are scored: its evidence rows' triples with
    the curator's names for the drug and the variant where they are other names of the same
    (:func:`with_gold_drug_names`, :func:`with_gold_variant_names`), less its siblings' triples
    (:func:`without_sibling_triples`)."""
    return without_sibling_triples(statements, [
        with_gold_variant_names(s, with_gold_drug_names(s, predicted_triples(s.doc_id, rows), lexicon))
        for s, rows in zip(statements, evidence)])


# --------------------------------------------------------------------------- scoring


@dataclass
class CategoryScore:
    statements: int = 0
    no_triple: int = 0
    lenient: Metrics = field(default_factory=Metrics)
    by_relation: dict[str, Metrics] = field(default_factory=dict)
    # strict counts per citation: their sum, and what :func:`citation_interval` resamples
    by_citation: dict[str, Metrics] = field(default_factory=dict)

    @property
    def strict(self) -> Metrics:
        return sum(self.by_citation.values(), Metrics())


@dataclass(frozen=True)
class TripleError:
    doc_id: str
    kind: str  # "false_positive" or "miss"
    reason: str
    triple: Triple
    statement: Statement
    predicted: tuple[Triple, ...]


def _lenient(triples: Iterable[Triple]) -> set[tuple[str, ...]]:
    return {t[:4] for t in triples}


def score_statement(statement: Statement, predicted: set[Triple]) -> tuple[Metrics, Metrics, dict[str, Metrics]]:
    gold = statement.triples()
    by_relation: dict[str, Metrics] = {}
    for relation in sorted({t[4] for t in gold | predicted}):
        by_relation[relation] = Metrics.of({t for t in gold if t[4] == relation},
                                           {t for t in predicted if t[4] == relation})
    return Metrics.of(gold, predicted), Metrics.of(_lenient(gold), _lenient(predicted)), by_relation


def score_civic(statements: list[Statement], predictions: list[set[Triple]]) -> dict[str, CategoryScore]:
    """Micro counts per category (point mutation, class) and over all statements."""
    scores = {name: CategoryScore() for name in (*CATEGORIES, "all")}
    for statement, predicted in zip(statements, predictions):
        strict, lenient, by_relation = score_statement(statement, predicted)
        for name in (statement.category, "all"):
            score = scores[name]
            score.statements += 1
            score.no_triple += not predicted
            score.lenient += lenient
            citation = statement.citation_id or statement.doc_id
            score.by_citation[citation] = score.by_citation.get(citation, Metrics()) + strict
            for relation, metrics in by_relation.items():
                score.by_relation[relation] = score.by_relation.get(relation, Metrics()) + metrics
    return scores


def citation_interval(by_citation: dict[str, Metrics]) -> tuple[float, float] | None:
    """:func:`~resmine.score.metrics.f1_interval` over citations, not statements: CIViC files
    one paper as several items, which succeed or fail together, so a split's statements are
    fewer independent draws than they look (tune's 44 point-mutation statements come from 17
    papers)."""
    return f1_interval(by_citation.values())


# The fields an error names when a triple of the other side has the same drug, in the order a
# tie between equally near triples is settled.
_FIELDS = ((4, "relation"), (1, "gene"), (2, "mutation"))


def _nearest(triple: Triple, others: set[Triple]) -> str:
    """"wrong <fields>": the fewest fields in which a triple of ``others`` with the same drug
    differs from ``triple``; "" when no other triple has that drug."""
    best: list[str] | None = None
    for other in sorted(others):
        if other[3] != triple[3]:
            continue
        differing = [name for index, name in _FIELDS if other[index] != triple[index]]
        if best is None or len(differing) < len(best):
            best = differing
    return "wrong " + " and ".join(best) if best else ""


def classify_miss(gold: Triple, predicted: set[Triple]) -> str:
    """"no triple", "wrong relation" / "wrong gene" / "wrong mutation" (or several joined by
    "and": the nearest predicted triple with this drug), or "drug not found"."""
    if not predicted:
        return "no triple"
    return _nearest(gold, predicted) or "drug not found"


def classify_false_positive(found: Triple, gold: set[Triple]) -> str:
    """"wrong ..." as for a miss (the nearest gold triple with this drug), or "drug not in gold"."""
    return _nearest(found, gold) or "drug not in gold"


def civic_errors(statements: list[Statement], predictions: list[set[Triple]]) -> list[TripleError]:
    """Every false positive and miss, with its reason category."""
    errors: list[TripleError] = []
    for statement, predicted in zip(statements, predictions):
        gold = statement.triples()
        shown = tuple(sorted(predicted))
        for triple in sorted(gold - predicted):
            errors.append(TripleError(statement.doc_id, "miss", classify_miss(triple, predicted),
                                      triple, statement, shown))
        for triple in sorted(predicted - gold):
            errors.append(TripleError(statement.doc_id, "false_positive", classify_false_positive(triple, gold),
                                      triple, statement, shown))
    return errors


ERROR_COLUMNS = ("doc_id", "category", "kind", "reason", "gene", "mutation", "drug", "relation",
                 "gold_rows", "predicted_rows", "statement")


def _rows(triples: Iterable[Triple]) -> str:
    return "; ".join("|".join(t[1:]) for t in sorted(triples)) or "-"


def write_errors(errors: list[TripleError], path: Path) -> None:
    """The errors as TSV (:data:`ERROR_COLUMNS`); rows are ``gene|mutation|drug|relation``
    joined by "; ", "-" for none."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(ERROR_COLUMNS)
        for e in errors:
            writer.writerow([e.doc_id, e.statement.category, e.kind, e.reason, *e.triple[1:],
                             _rows(e.statement.triples()), _rows(e.predicted),
                             re.sub(r"\s+", " ", e.statement.text).strip()])

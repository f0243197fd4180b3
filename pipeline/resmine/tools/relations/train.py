"""``resmine train-relations``: the relation classifier learnt from CIViC's curated statements.

1. Every Predictive CIViC train item's statement is run through the pipeline (without its
   relation component) and read into candidates (:mod:`resmine.relations.candidates`).
2. A candidate whose (gene, change, drug) is one of the item's triples takes that triple's
   relation; every other candidate is ``none``. Triples no candidate carries are counted with
   the reason (gene, change or drug not found, or not paired).
3. A multinomial logistic regression over the candidates' features; the train items of the
   frozen *tune* split (:func:`resmine.tools.splits.is_tune`) are left out and only
   scored. Features seen fewer than ``MIN_FEATURE_COUNT`` times are dropped.
4. The decided relation's probability is calibrated (isotonic) on CIViC dev; the reliability
   table of dev and tune is printed and stored in the model's meta.

Statement-level strict P/R/F1 (gene, change, drug, relation), as ``resmine extract`` reads
each statement, is printed for train, tune and dev, point mutations and classes apart.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resmine.lexicons import load_lexicon
from resmine.model import CHANGE_LABELS, Document
from resmine.relations import RelationModel, RelationRules, document_view, extract_evidence
from resmine.relations.classifier import NONE
from resmine.relations.genes import _gene_specific_class
from resmine.relations.learned import candidate_rows, rule_readings
from resmine.relations.units import DRUG_LABELS, DocumentView
from resmine.relations.reading import read_unit
from resmine.score.metrics import Metrics
from resmine.tools.relations.civic import (DEV_FILE, NOT_SUPPORTED, NOT_SUPPORTS, POINT, SUPPORTS, TRAIN_FILE,
                                           Statement, Triple, gold_drug_names, read_civic,
                                           scored_predictions)
from resmine.tools.relations.biored import Aligner, BioredDocument, read_biored
from resmine.tools.relations.civicmine import MinedSentence, read_civicmine
from resmine.tools.splits import is_tune

MIN_FEATURE_COUNT = 2
# Chosen by cross-validation on train (folds by citation), never on tune or dev.
C_GRID = (0.03, 0.1, 0.3, 1.0)
THRESHOLD_GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
FOLDS = 5
RELIABILITY_BINS = (0.0, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0001)


@dataclass
class Annotated:
    statement: Statement
    document: Document
    sentences: list[tuple[int, int]]
    mentions: list[Any]


def annotate_documents(nlp: Any, documents: Sequence[Document],
                       progress: Callable[[Iterable[Any]], Iterable[Any]] = iter) -> list[Any]:
    """The reading of each document by ``nlp`` (the pipeline without its relation component)."""
    from resmine.nlp import annotate

    return list(annotate(nlp, progress(documents)))


def annotate_statements(nlp: Any, statements: Sequence[Statement],
                        progress: Callable[[Iterable[Any]], Iterable[Any]] = iter) -> list[Annotated]:
    documents = [s.document() for s in statements]
    return [Annotated(statement, annotated.document, annotated.sentences, annotated.mentions)
            for statement, annotated in zip(statements, annotate_documents(nlp, documents, progress))]


def _key(gene: str, mutation: str, drug: str) -> tuple[str, str, str]:
    return gene, mutation.lower(), drug.lower()


def _view_candidates(view: DocumentView, rules: RelationRules) -> Iterator[tuple[Any, dict, Any, list[str]]]:
    """(unit reading, the rules' readings of its pairs, candidate, features) of every candidate
    of a document, as the classifier sees them at run time."""
    for unit in view.units:
        reading = read_unit(view, unit, rules)
        if reading is None:
            continue
        rules_read = rule_readings(view, reading)
        for candidate, names in candidate_rows(view, reading, rules_read):
            yield reading, rules_read, candidate, names


def examples(items: Sequence[Annotated], rules: RelationRules) -> tuple[list[list[str]], list[str], Counter]:
    """Features and labels of every candidate, and why gold triples have no candidate."""
    lexicon = load_lexicon()
    features, labels = [], []
    unaligned: Counter = Counter()
    for item in items:
        gold = {_key(gene, mutation, name): relation for _, gene, mutation, drug, relation in item.statement.triples()
                for name in gold_drug_names(drug, lexicon)}
        view = document_view(item.document, item.sentences, item.mentions)
        seen = set()
        for _reading, _rules_read, candidate, names in _view_candidates(view, rules):
            drug = _gene_specific_class(candidate.drug.normalized, candidate.gene.normalized)
            key = _key(candidate.gene.normalized, candidate.mutation.normalized, drug)
            seen.add(key)
            features.append(names)
            labels.append(gold.get(key, NONE))
        for triple in item.statement.triples():
            _, gene, mutation, drug, _ = triple
            if not any(_key(gene, mutation, name) in seen for name in gold_drug_names(drug, lexicon)):
                unaligned[_why_unaligned(triple, view.mentions)] += 1
    return features, labels, unaligned


def _overlaps(span: tuple[int, int], mention: Any) -> bool:
    return span[0] < mention.end and mention.start < span[1]


def civicmine_examples(sentences: Sequence[MinedSentence], annotated: Sequence[Any],
                       rules: RelationRules) -> tuple[list[list[str]], list[str], Counter]:
    """Features and labels of every candidate of CIViCmine's sentences, and a count of its
    Predictive (drug, gene, variant) labels: aligned with a relation, or why not.

    A candidate is aligned when its drug overlaps the relation's drug and its change overlaps
    a variant CIViCmine ties to the relation's gene. CIViCmine gives no direction: an aligned
    candidate takes the rules' relation of the pair, else the effect cue of its sentence
    nearest to the drug; with neither it teaches nothing and is left out. Every other
    candidate is ``none``."""
    features: list[list[str]] = []
    labels: list[str] = []
    outcome: Counter = Counter()
    for sentence, reading_of in zip(sentences, annotated):
        labels_of: dict[tuple[tuple[int, int], tuple[int, int], tuple[int, int]], str] = {}
        view = document_view(reading_of.document, reading_of.sentences, reading_of.mentions)
        for reading, rules_read, candidate, names in _view_candidates(view, rules):
            targets = [(drug, gene, variant) for drug, gene in sentence.predictive
                       for variant in sentence.variants.get(gene, ())
                       if _overlaps(drug, candidate.drug) and _overlaps(variant, candidate.mutation)]
            if not targets:
                features.append(names)
                labels.append(NONE)
                continue
            relation = _direction(candidate, rules_read, reading.cues)
            for target in targets:
                labels_of.setdefault(target, relation or "")
                if relation:
                    labels_of[target] = relation
            if relation:
                features.append(names)
                labels.append(relation)
        for drug, gene in sentence.predictive:
            variants = sentence.variants.get(gene, ())
            if not variants:
                outcome["unaligned: no variant of the gene annotated"] += 1
            for variant in variants:
                found = labels_of.get((drug, gene, variant))
                outcome["aligned" if found else "unaligned: " + (
                    "no effect word to give the direction" if found == "" else
                    _why_not_candidate(drug, variant, reading_of.mentions))] += 1
    return features, labels, outcome


def biored_examples(documents: Sequence[BioredDocument], annotated: Sequence[Any],
                    rules: RelationRules) -> tuple[list[list[str]], list[str], Counter]:
    """Features and ``none`` labels of BioRED's abstracts, and a count of what each candidate
    was.

    CIViC's statements are written about a drug response, so nearly every candidate of theirs
    the rules leave unread is a statement; PubMed abstracts at large pair a variant with a
    chemical of a nearby sentence far more often than they state an effect. BioRED annotates
    every relation between its chemicals and its variants or genes, of any type: a candidate
    whose drug and change are both BioRED entities with no relation between the chemical and
    the variant or its gene is ``none``. A candidate related in BioRED is left out (BioRED's
    relation has no resistance or sensitivity direction), and so is one whose drug or change
    BioRED does not annotate (a difference of convention, not a known absence)."""
    lexicon = load_lexicon()
    features: list[list[str]] = []
    labels: list[str] = []
    outcome: Counter = Counter()
    for document, reading_of in zip(documents, annotated):
        aligner = Aligner(document, lexicon)
        related = {frozenset((a, b)) for _, a, b in document.relations}
        view = document_view(reading_of.document, reading_of.sentences, reading_of.mentions)
        for _reading, _rules_read, candidate, names in _view_candidates(view, rules):
            chemicals = aligner.chemicals(candidate.drug.normalized, candidate.drug.text)
            targets = aligner.variants(candidate.mutation.normalized)
            if not chemicals or not targets:
                outcome["left out: drug or change not a BioRED entity"] += 1
                continue
            targets |= aligner.genes(candidate.gene.normalized, candidate.gene.text)
            if any(frozenset((c, t)) in related for c in chemicals for t in targets):
                outcome["left out: related in BioRED (no direction)"] += 1
                continue
            outcome["none"] += 1
            features.append(names)
            labels.append(NONE)
    return features, labels, outcome


def _direction(candidate: Any, rules_read: dict, cues: Sequence[Any]) -> str | None:
    """The relation of an aligned CIViCmine candidate: the rules' reading, else the nearest
    resistance/sensitivity cue of its sentence to the drug."""
    relation, negated, _tier = rules_read.get(candidate.key, (None, False, ""))
    if relation is not None and not negated:
        return str(relation)
    effects = [c for c in cues if c.value in ("resistance", "sensitivity")]
    if relation is None and effects and candidate.distance == 0:
        drug = candidate.drug
        return str(min(effects, key=lambda c: abs(c.start - drug.start)).value)
    return None


def _why_not_candidate(drug: tuple[int, int], variant: tuple[int, int], mentions: Sequence[Any]) -> str:
    if not any(_overlaps(drug, m) and m.label in DRUG_LABELS and m.normalized for m in mentions):
        return "drug not a named drug mention"
    if not any(_overlaps(variant, m) and m.label in CHANGE_LABELS for m in mentions):
        return "variant not a change mention"
    return "change and drug found, not a candidate (gene not linked)"


def _why_unaligned(triple: Triple, mentions: Sequence[Any]) -> str:
    _, gene, mutation, drug, _ = triple
    names = {m.normalized.lower() for m in mentions} | {m.text.lower() for m in mentions}
    if gene not in {m.normalized for m in mentions}:
        return "gene not found"
    if mutation not in names:
        return "change not found (or named otherwise)"
    if drug not in names:
        return "drug not found (or named otherwise)"
    return "found, not paired"


def fit(features: list[list[str]], labels: list[str], c: float) -> RelationModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for names in features for name in set(names))
    kept = [{name: 1 for name in names if counts[name] >= MIN_FEATURE_COUNT} for names in features]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(matrix, labels)
    classes = [str(x) for x in model.classes_]
    weights = {name: [round(float(w), 5) for w in model.coef_[:, index]]
               for name, index in vectorizer.vocabulary_.items() if any(abs(w) > 1e-6 for w in model.coef_[:, index])}
    return RelationModel(classes=classes, weights=weights, intercept=[float(x) for x in model.intercept_])


def triples_found(items: Sequence[Annotated], rules: RelationRules, model: RelationModel | None) -> list[set[tuple]]:
    """What ``resmine extract`` reports for each statement, as ``resmine eval-relations``
    scores it (:func:`resmine.tools.relations.civic.scored_predictions`): cross-validation
    chooses C and the threshold by the measure the model is judged by."""
    evidence = [extract_evidence(item.document, item.sentences, item.mentions, rules, model) for item in items]
    return scored_predictions([item.statement for item in items], evidence, load_lexicon())


def strict(items: Sequence[Annotated], found: Sequence[set[tuple]]) -> Metrics:
    metrics = Metrics()
    for item, predicted in zip(items, found):
        metrics += Metrics.of(item.statement.triples(), predicted)
    return metrics


def decisions(items: Sequence[Annotated], rules: RelationRules, model: RelationModel) -> list[tuple[float, bool]]:
    """(probability of the decided relation, right or not) for every candidate the model
    decides is a statement."""
    features, labels, _ = examples(items, rules)
    out = []
    for names, label in zip(features, labels):
        decision = model.decide(names)
        if decision.relation != NONE:
            out.append((decision.probability, decision.relation == label))
    return out


def calibrate(model: RelationModel, points: list[tuple[float, bool]]) -> None:
    from sklearn.isotonic import IsotonicRegression

    if len(points) < 2:
        return
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit([p for p, _ in points], [1.0 if ok else 0.0 for _, ok in points])
    model.calibration_x = [round(float(x), 5) for x in iso.X_thresholds_]
    model.calibration_y = [round(float(y), 5) for y in iso.y_thresholds_]


def reliability(model: RelationModel, points: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Bins of calibrated confidence: count, mean confidence, observed precision."""
    rows = []
    for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        inside = [(model.calibrated(p), ok) for p, ok in points if lo <= model.calibrated(p) < hi]
        if inside:
            rows.append({"bin": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": len(inside),
                         "confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                         "precision": round(sum(ok for _, ok in inside) / len(inside), 3)})
    return rows


def subsets(items: Sequence[Annotated]) -> dict[str, list[int]]:
    return {"point mutations": [k for k, item in enumerate(items) if item.statement.category == POINT],
            "classes and others": [k for k, item in enumerate(items) if item.statement.category != POINT]}


def report(name: str, items: Sequence[Annotated], found: Sequence[set[tuple]], echo: Callable[[str], None]) -> dict:
    out = {}
    for subset, indices in subsets(items).items():
        metrics = strict([items[k] for k in indices], [found[k] for k in indices])
        out[subset] = metrics.to_json()
        echo(f"  {name:<6} {subset:<20} {_fmt(metrics.precision)} {_fmt(metrics.recall)} {_fmt(metrics.f1)}"
             f"  {metrics.tp:>4} {metrics.fp:>4} {metrics.fn:>4}  ({len(indices)} statements)")
    return out


def _fmt(value: float | None) -> str:
    return "    –" if value is None else f"{value:.3f}"


def _fold(citation_id: str) -> int:
    return int(hashlib.sha256(f"fold:{citation_id}".encode()).hexdigest(), 16) % FOLDS


def cross_validate(items: Sequence[Annotated], rules: RelationRules,
                   extra: tuple[list[list[str]], list[str]] = ([], [])) -> tuple[float, float, dict[str, float]]:
    """(C, threshold) with the best strict F1 over the point-mutation statements of ``items``
    (the classifier decides specific changes only; classes are the rules'), scored as
    ``resmine eval-relations`` scores them, each fold
    predicted by a model fit on the other folds (and on ``extra`` examples, which are never
    held out); and every grid point's F1."""
    folds = [[a for a in items if _fold(a.statement.citation_id) == k] for k in range(FOLDS)]
    data = [examples(fold, rules)[:2] for fold in folds]
    totals: dict[tuple[float, float], Metrics] = {}
    for c in C_GRID:
        for k, held in enumerate(folds):
            features = [f for j, (fs, _) in enumerate(data) if j != k for f in fs] + extra[0]
            labels = [lab for j, (_, ls) in enumerate(data) if j != k for lab in ls] + extra[1]
            model = fit(features, labels, c)
            for threshold in THRESHOLD_GRID:
                model.threshold = threshold
                found = triples_found(held, rules, model)
                point = [k for k, item in enumerate(held) if item.statement.category == POINT]
                score = strict([held[k] for k in point], [found[k] for k in point])
                totals[(c, threshold)] = totals.get((c, threshold), Metrics()) + score
    best = max(totals, key=lambda key: (totals[key].f1 or 0.0, -key[0]))
    return best[0], best[1], {f"C={c},threshold={t}": round(m.f1 or 0.0, 4) for (c, t), m in totals.items()}


def _labelled(statements: list[Statement]) -> list[Statement]:
    """The statements with a text and at least one drug: the ones that teach something."""
    return [s for s in statements if s.drugs and s.text.strip()]


def train_relations(civic_dir: Path, out_dir: Path, config: Path | None, c: float | None,
                    echo: Callable[[str], None] = print,
                    progress: Callable[[Iterable[Any]], Iterable[Any]] = iter,
                    civicmine: Path | None = None, biored: Path | None = None) -> RelationModel:
    """``civicmine``: CIViCmine's training archive, whose sentences add examples (none from a
    paper CIViC dev or tune cites); ``biored``: BioRED's training file, whose abstracts outside
    the frozen tune part add ``none`` examples (:func:`biored_examples`); None: without them."""
    from resmine.nlp import load_pipeline

    rules = RelationRules.load()
    train_all = _labelled(read_civic(civic_dir / TRAIN_FILE, (SUPPORTS, NOT_SUPPORTS)).statements)
    dev_statements = _labelled(read_civic(civic_dir / DEV_FILE).statements)
    # One pipeline (without its relation component) reads dev, train and CIViCmine.
    nlp = load_pipeline(config, without_relations=True)
    dev = annotate_statements(nlp, dev_statements, progress)
    annotated = annotate_statements(nlp, train_all, progress)
    train = [a for a in annotated if not is_tune(a.statement.citation_id)]
    # scored as dev is: items that support their claim
    tune = [a for a in annotated if is_tune(a.statement.citation_id) and a.statement.relation != NOT_SUPPORTED]
    features, labels, unaligned = examples(train, rules)
    gold_triples = sum(len(a.statement.triples()) for a in train)
    echo(f"train: {len(train)} statements, {gold_triples} gold triples, {len(features)} candidates "
         f"({Counter(labels).most_common()})")
    echo(f"gold triples no candidate carries: {sum(unaligned.values())} of {gold_triples}: "
         + ", ".join(f"{why} {n}" for why, n in unaligned.most_common()))
    extra: tuple[list[list[str]], list[str]] = ([], [])
    mined_outcome: Counter = Counter()
    biored_outcome: Counter = Counter()
    held_citations = {s.citation_id for s in dev_statements} | {
        s.citation_id for s in train_all if is_tune(s.citation_id)}
    if civicmine is not None:
        mined = read_civicmine(civicmine)
        kept = [m for m in mined if m.pmid not in held_citations]
        extra_features, extra_labels, mined_outcome = civicmine_examples(
            kept, annotate_documents(nlp, [m.document() for m in kept], progress), rules)
        extra = (extra_features, extra_labels)
        echo(f"CIViCmine: {len(mined)} sentences with a Predictive relation, {len(mined) - len(kept)} left out "
             f"(their paper is cited by CIViC dev or tune), {len(extra_features)} candidates "
             f"({Counter(extra_labels).most_common()})")
        echo("CIViCmine Predictive (drug, gene, variant) labels: "
             + ", ".join(f"{why} {n}" for why, n in mined_outcome.most_common()))
        features, labels = features + extra_features, labels + extra_labels
    if biored is not None:
        abstracts = [d for d in read_biored(biored)
                     if not is_tune(d.document.doc_id) and d.document.doc_id not in held_citations]
        biored_features, biored_labels, biored_outcome = biored_examples(
            abstracts, annotate_documents(nlp, [d.document for d in abstracts], progress), rules)
        extra = (extra[0] + biored_features, extra[1] + biored_labels)
        echo(f"BioRED: {len(abstracts)} abstracts (tune part and papers CIViC dev or tune cites left out), "
             + ", ".join(f"{why} {n}" for why, n in biored_outcome.most_common()))
        features, labels = features + biored_features, labels + biored_labels
    grid: dict[str, float] = {}
    threshold = THRESHOLD_GRID[0]
    if c is None:
        c, threshold, grid = cross_validate(train, rules, extra)
        echo(f"cross-validation on train ({FOLDS} folds by citation): C {c}, threshold {threshold}")
    model = fit(features, labels, c)
    model.threshold = threshold
    model.meta = {"trained_on": f"CIViC train minus tune ({len(train)} statements)"
                  + (" and CIViCmine training sentences" if civicmine else "")
                  + (" and BioRED train abstracts (none examples)" if biored else ""),
                  "civicmine_labels": dict(mined_outcome), "biored_candidates": dict(biored_outcome), "C": c,
                  "threshold": threshold, "cross_validation_f1": grid,
                  "candidates": len(features), "unaligned": dict(unaligned)}
    calibrate(model, decisions(dev, rules, model))
    echo("strict (gene, change, drug, relation) per statement: P R F1 TP FP FN")
    scores = {}
    for name, items in (("train", train), ("tune", tune), ("dev", dev)):
        scores[name] = {"model": report(name, items, triples_found(items, rules, model), echo)}
        scores[name]["rules"] = report("rules", items, triples_found(items, rules, None), echo)
    model.meta["scores"] = scores
    model.meta["reliability"] = {name: reliability(model, decisions(items, rules, model))
                                 for name, items in (("dev", dev), ("tune", tune))}
    for name, rows in model.meta["reliability"].items():
        echo(f"reliability on {name} (calibrated on dev): " + "; ".join(
            f"{r['bin']}: n {r['n']} conf {r['confidence']} prec {r['precision']}" for r in rows))
    model.save(out_dir)
    return model

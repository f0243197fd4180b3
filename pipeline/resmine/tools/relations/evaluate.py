"""``resmine eval-relations``: P/R/F1 of the extracted (gene, mutation, drug, relation) rows on
CIViC dev statements, BioRED dev relations and the bundled gold set.

Every text goes through the pipeline ``resmine extract`` runs (:func:`resmine.nlp.load_pipeline`
and :func:`resmine.nlp.annotate`; ``config`` for another one). Every figure comes from
:class:`resmine.score.metrics.Metrics`.

``civic``
    Predictive statements that Supports their claim in ``corpora/civic/civic_2021-08-01_dev.tsv``,
    one document each; strict triples (gene, mutation, drug, relation), micro over statements,
    apart for point mutations (V600E) and classes (AMPLIFICATION, EXON 19 DELETION, ...), per
    relation, a lenient row without the relation, and the statements resmine read no triple
    from (:mod:`resmine.tools.relations.civic`).
``biored``
    ``corpora/biored/Dev.PubTator``: chemical–variant and chemical–gene pairs of the
    Positive_Correlation / Negative_Correlation relations, found by any evidence row aligned to
    them by mention text; the direction is not scored, since BioRED's correlations map onto
    neither resistance nor sensitivity reliably (:mod:`resmine.tools.relations.biored`).
``gold``
    ``corpus/docs`` extracted as ``resmine run`` does and scored by :func:`resmine.score.score_run`
    against ``corpus/gold/gold.tsv``: strict and lenient per tier, negatives violated.
``civicmine``
    CIViCmine's 600 training sentences, each its own document: the (gene, drug) pairs of their
    Predictive relations against those of resmine's evidence rows, without direction
    (:mod:`resmine.tools.relations.civicmine`). The sentences of the frozen tune part (a seeded
    hash of the PMID) are scored apart, figures only: their errors are never listed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from resmine.model import Document
from resmine.paths import repo_root
from resmine.score.io import TIERS
from resmine.score.metrics import Metrics
from resmine.tools.relations import PARTS
from resmine.tools.relations import biored as br
from resmine.tools.relations import civic as cv
from resmine.tools.relations import civicmine as cm
from resmine.tools.splits import is_tune

CIVIC_DEV = Path("corpora") / "civic" / "civic_2021-08-01_dev.tsv"
CIVIC_TRAIN = Path("corpora") / "civic" / "civic_2021-08-01_train.tsv"
# The CIViC part scored: dev; train without its tune split (the classifier's training items, so
# its figures there are optimistic, but a larger pool of rule errors to read than dev); or
# train's frozen tune split (figures only: its errors are never listed, so that no rule is
# written from them).
CIVIC_SPLITS = {"dev": CIVIC_DEV, "train": CIVIC_TRAIN, "tune": CIVIC_TRAIN}
BIORED_DEV = Path("corpora") / "biored" / "Dev.PubTator"
CIVICMINE_PARTS = ("read", "tune")
# What the printed tables give for a figure whose denominator is 0.
EMPTY_FIGURE = 0.0
BATCH_SIZE = 32
BIORED_NOTE = ("direction not scored: BioRED's Positive/Negative_Correlation does not map "
               "cleanly onto resistance/sensitivity")
# Wraps an iterable in a progress display: (iterable, total, description).
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


class EvaluationError(Exception):
    """A data file is missing or unreadable."""


def _no_progress(iterable: Iterable[Any], total: int, desc: str) -> Iterable[Any]:
    return iterable


def annotate_all(nlp: Any, documents: list[Document], progress: Progress, desc: str) -> list[Any]:
    from resmine.nlp import annotate

    return list(annotate(nlp, iter(progress(documents, len(documents), desc)), batch_size=BATCH_SIZE))


# --------------------------------------------------------------------------- the three parts


def evaluate_civic(nlp: Any, path: Path, progress: Progress = _no_progress, split: str = "dev") -> dict[str, Any]:
    from resmine.lexicons import load_lexicon

    try:
        data = cv.read_civic(path)
    except cv.CivicError as error:
        raise EvaluationError(str(error)) from error
    statements = [s for s in data.statements if split == "dev" or is_tune(s.citation_id) == (split == "tune")]
    annotated = annotate_all(nlp, [s.document() for s in statements], progress, f"civic {split}")
    lexicon = load_lexicon()
    predictions = cv.scored_predictions(statements, (a.evidence for a in annotated), lexicon)
    scores = cv.score_civic(statements, predictions)
    return {"source": str(path), "split": split, "statements": len(statements), "skipped": dict(data.skipped),
            "scores": scores, "_errors": cv.civic_errors(statements, predictions) if split != "tune" else []}


def evaluate_biored(nlp: Any, path: Path, progress: Progress = _no_progress) -> dict[str, Any]:
    from resmine.lexicons import load_lexicon

    try:
        documents = br.read_biored(path)
    except br.BioredError as error:
        raise EvaluationError(str(error)) from error
    annotated = annotate_all(nlp, [d.document for d in documents], progress, "biored dev")
    found = [(a.mentions, a.evidence) for a in annotated]
    lexicon = load_lexicon()
    return {"source": str(path), "documents": len(documents),
            "pairs": {target: br.score_pairs(documents, found, target, lexicon) for target in br.TARGETS}}


def evaluate_gold(nlp: Any, corpus: Path, progress: Progress = _no_progress) -> dict[str, Any]:
    from resmine.engine.local import extract_to_directory
    from resmine.score import ScoreError, score_run

    docs, gold = corpus / "docs", corpus / "gold" / "gold.tsv"
    for needed in (docs, gold):
        if not needed.exists():
            raise EvaluationError(f"{needed}: not found")
    with tempfile.TemporaryDirectory(prefix="resmine-eval-") as out:
        extract_to_directory([docs], Path(out), nlp,
                             progress=lambda it: iter(progress(it, None, "corpus/gold")))  # type: ignore[arg-type]
        try:
            report = score_run(gold, out, restrict_to_gold_docs=True)
        except ScoreError as error:
            raise EvaluationError(f"scoring failed: {error}") from error
    return {"source": str(gold), "report": report}


def civicmine_part(sentence: cm.MinedSentence) -> str:
    """"tune" for a sentence of the frozen tune part (by its PMID, or its file name without one)."""
    return "tune" if is_tune(sentence.pmid or sentence.doc_id) else "read"


def evaluate_civicmine(nlp: Any, data: Path, progress: Progress = _no_progress) -> dict[str, Any]:
    from resmine.lexicons import load_lexicon

    try:
        sentences = cm.read_civicmine(data / cm.CIVICMINE_FILE, every_sentence=True)
        symbols = cm.hgnc_symbols(data / cm.HGNC_FILE)
    except cm.CivicmineError as error:
        raise EvaluationError(str(error)) from error
    annotated = annotate_all(nlp, [s.document() for s in sentences], progress, "civicmine")
    lexicon = load_lexicon()
    results: dict[str, list[cm.SentenceResult]] = {part: [] for part in CIVICMINE_PARTS}
    for sentence, annotation in zip(sentences, annotated):
        gold = cm.gold_pairs(sentence, symbols, lexicon)
        results[civicmine_part(sentence)].append(cm.score_sentence(sentence, gold, annotation.evidence))
    return {"source": str(data / cm.CIVICMINE_FILE),
            "parts": {part: {"sentences": len(rs), "with_pairs": sum(1 for r in rs if r.gold),
                             "no_pair_found": sum(1 for r in rs if r.gold and not r.found),
                             "metrics": cm.pair_metrics(rs)}
                      for part, rs in results.items()},
            "_errors": results["read"]}


def evaluate(data: Path, config: str | Path | None = None, parts: Iterable[str] = PARTS,
             progress: Progress = _no_progress, corpus: Path | None = None,
             civic_split: str = "dev", overrides: dict[str, object] | None = None) -> dict[str, Any]:
    """The scores of the chosen ``parts`` (JSON-ready through :func:`to_json`); ``civic_split``
    one of :data:`CIVIC_SPLITS`; ``overrides`` as for :func:`resmine.nlp.load_pipeline`."""
    from resmine.nlp import load_pipeline

    parts = [p for p in PARTS if p in set(parts)]
    civic_path, biored_path = data / CIVIC_SPLITS[civic_split], data / BIORED_DEV
    corpus = corpus or repo_root() / "corpus"
    for part, needed in (("civic", civic_path), ("biored", biored_path)):
        if part in parts and not needed.is_file():
            raise EvaluationError(f"{needed}: {part} data file not found")
    nlp = load_pipeline(config, overrides)
    results: dict[str, Any] = {"config": str(config) if config else "models/pipeline.cfg",
                               "overrides": dict(overrides or {})}
    if "civic" in parts:
        results["civic"] = evaluate_civic(nlp, civic_path, progress, civic_split)
    if "biored" in parts:
        results["biored"] = evaluate_biored(nlp, biored_path, progress)
    if "gold" in parts:
        results["gold"] = evaluate_gold(nlp, corpus, progress)
    if "civicmine" in parts:
        results["civicmine"] = evaluate_civicmine(nlp, data, progress)
    return results


# --------------------------------------------------------------------------- report


def _row(group: str, name: str, metrics: Metrics) -> str:
    p, r, f = metrics.rates(EMPTY_FIGURE)
    return f"{group:<22} {name:<22} {p:6.3f} {r:6.3f} {f:6.3f}   {metrics.tp}/{metrics.fp}/{metrics.fn}"


def _head(first: str) -> str:
    return f"{first:<22} {'row':<22} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.1f}%)" if whole else f"{part} of 0"


def _civic_lines(civic: dict[str, Any]) -> list[str]:
    scores: dict[str, cv.CategoryScore] = civic["scores"]
    skipped = civic["skipped"]
    lines = [f"CIViC {civic.get('split', 'dev')}: {civic['statements']} Predictive/Supports statements "
             f"({scores[cv.POINT].statements} point mutation, {scores[cv.CLASS].statements} class)",
             "skipped (other clinical significance): "
             + (", ".join(f"{k} {v}" for k, v in sorted(skipped.items())) + f" ({sum(skipped.values())})"
                if skipped else "0"),
             _head("civic")]
    for name in (*cv.CATEGORIES, "all"):
        score = scores[name]
        group = f"civic {name}"
        lines.append(_row(group, "strict", score.strict))
        interval = cv.citation_interval(score.by_citation)
        if interval is not None:
            lines.append(f"{group:<22} {'strict F1, 95% interval':<22} {interval[0]:.3f}–{interval[1]:.3f} "
                         f"(bootstrap over {len(score.by_citation)} citations)")
        lines.append(_row(group, "lenient (no relation)", score.lenient))
        for relation, metrics in score.by_relation.items():
            lines.append(_row(group, f"  {relation}", metrics))
        lines.append(f"{group:<22} {'no triple at all':<22} {_share(score.no_triple, score.statements)} statements")
    return lines


def _biored_lines(biored: dict[str, Any]) -> list[str]:
    lines = [f"BioRED dev: {biored['documents']} documents; pairs of Positive/Negative_Correlation; "
             + BIORED_NOTE, _head("biored")]
    for target, score in biored["pairs"].items():
        group = "biored chem-" + ("variant" if target == br.VARIANT else "gene")
        lines.append(_row(group, "pairs", score.metrics))
        unaligned = sum(score.unalignable.values())
        why = ", ".join(f"{reason} {n}" for reason, n in score.unalignable.most_common())
        lines.append(f"{group:<22} {'not alignable':<22} {_share(unaligned, score.gold_pairs)} gold pairs"
                     + (f": {why}" if why else ""))
    return lines


def _gold_lines(gold: dict[str, Any]) -> list[str]:
    report = gold["report"]
    lines = [f"corpus/gold: {len(report.documents)} documents, {report.counts.get('gold_strict', 0)} gold keys",
             _head("gold")]
    for tier in TIERS:
        lines.append(_row("gold strict", f"tier {tier}", report.strict.by_tier[tier]))
    lines.append(_row("gold strict", "overall", report.strict.overall))
    lines.append(_row("gold lenient", "overall", report.lenient.overall))
    lines.append(f"{'gold':<22} negatives violated: {report.negatives_violated} of {report.negatives_checked}")
    return lines


def _civicmine_lines(civicmine: dict[str, Any]) -> list[str]:
    parts = civicmine["parts"]
    lines = ["CIViCmine training sentences: (gene, drug) pairs of Predictive relations, direction not scored; "
             "tune: the frozen part (seeded hash of the PMID), figures only", _head("civicmine")]
    for part in CIVICMINE_PARTS:
        score = parts[part]
        group = f"civicmine {part}"
        lines.append(_row(group, "pairs", score["metrics"]))
        lines.append(f"{group:<22} {'no pair found':<22} {_share(score['no_pair_found'], score['with_pairs'])} "
                     f"sentences with a pair ({score['sentences']} sentences in all)")
    return lines


def format_report(results: dict[str, Any]) -> list[str]:
    lines = [f"pipeline: {results['config']}"]
    for part, formatter in (("civic", _civic_lines), ("biored", _biored_lines), ("gold", _gold_lines),
                            ("civicmine", _civicmine_lines)):
        if part in results:
            lines += ["", *formatter(results[part])]
    return lines


def to_json(results: dict[str, Any]) -> str:
    out: dict[str, Any] = {"config": results["config"]}
    if "civic" in results:
        civic = results["civic"]
        out["civic"] = {
            "source": civic["source"], "statements": civic["statements"], "skipped": civic["skipped"],
            **{name: {"statements": s.statements, "no_triple": s.no_triple, "strict": Metrics.to_json(s.strict),
                      "strict_f1_interval": cv.citation_interval(s.by_citation), "citations": len(s.by_citation),
                      "lenient": Metrics.to_json(s.lenient),
                      "by_relation": {r: Metrics.to_json(m) for r, m in s.by_relation.items()}}
               for name, s in civic["scores"].items()},
        }
    if "biored" in results:
        biored = results["biored"]
        out["biored"] = {"source": biored["source"], "documents": biored["documents"], "note": BIORED_NOTE}
        for target, score in biored["pairs"].items():
            out["biored"]["chemical_" + ("variant" if target == br.VARIANT else "gene")] = {
                **Metrics.to_json(score.metrics), "gold_pairs": score.gold_pairs,
                "not_alignable": dict(score.unalignable),
                "not_alignable_pairs": [dict(zip(("doc_id", "chemical", "target", "reason"), u))
                                        for u in score.unaligned]}
    if "gold" in results:
        report = results["gold"]["report"]
        out["gold"] = {"source": results["gold"]["source"],
                       "strict_by_tier": {t: Metrics.to_json(report.strict.by_tier[t]) for t in TIERS},
                       "strict": Metrics.to_json(report.strict.overall), "lenient": Metrics.to_json(report.lenient.overall),
                       "negatives": {"checked": report.negatives_checked, "violated": report.negatives_violated}}
    if "civicmine" in results:
        civicmine = results["civicmine"]
        out["civicmine"] = {"source": civicmine["source"], **{
            part: {"sentences": p["sentences"], "with_pairs": p["with_pairs"], "no_pair_found": p["no_pair_found"],
                   **Metrics.to_json(p["metrics"])} for part, p in civicmine["parts"].items()}}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def civicmine_errors_path(path: Path) -> Path:
    """Where the CIViCmine errors go beside the CIViC errors file ``path``."""
    return path.with_name(f"{path.stem}.civicmine{path.suffix or '.tsv'}")


def write_errors(results: dict[str, Any], path: Path) -> dict[Path, int]:
    """Write the CIViC false positives and misses (TSV) to ``path``, and CIViCmine's (read part
    only) to :func:`civicmine_errors_path` of it, or to ``path`` when CIViC was not scored;
    returns how many went to each file."""
    written = {}
    if "civic" in results:
        errors = results["civic"]["_errors"]
        cv.write_errors(errors, path)
        written[path] = len(errors)
    if "civicmine" in results:
        target = civicmine_errors_path(path) if "civic" in results else path
        written[target] = cm.write_pair_errors(results["civicmine"]["_errors"], target)
    return written

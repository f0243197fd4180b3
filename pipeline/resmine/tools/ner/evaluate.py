"""``resmine eval-ner``: entity P/R/F1 on the NER dev splits and GNormPlus train; gene
normalisation on BioRED and GNormPlus (NLM-Gene and BioRED train when asked for).

Three systems can be scored on the same texts:

``pipeline`` (default)
    What ``resmine run`` produces: the mentions of ``models/pipeline.cfg`` (lexicon, mutation
    grammar, statistical NER, abbreviations). GENE mentions are scored against gold genes,
    DRUG mentions against gold chemicals.
``model``
    The statistical NER model alone (``models/ner/`` or ``--model``).
``lexicon``
    The dictionaries alone.

Each split is scored as two parts side by side: *dev*, whose errors ``--errors`` lists, and
the frozen *tune* part (:func:`resmine.tools.splits.is_tune` of the document id, about a fifth:
a PMID, or BC2GM's sentence id), whose figures are printed but whose errors are never kept.
A rule or lexicon entry is kept when it helps on dev and does not hurt on tune.

Scores are exact-span matches per label. BC2GM is also scored the official way: a predicted
gene counts if it matches the gold mention or one of its ALTGENE alternative boundaries.
Gene normalisation: for BioRED and GNormPlus gold genes with a human NCBI Gene id that the
system found with the exact span, how often our id is one of the gold ids; and for gold genes of
another species only (a mouse study's Egfr) found with the exact span, how many we still gave a
human symbol ("other sp.": as human / found); "all": right over both kinds found. The
"rodent studies" line counts the documents the species context
(:mod:`resmine.mentions.species`, default threshold) takes for mouse or rat studies.

The statistical model follows one corpus' annotation convention at a time
(:mod:`resmine.ner.features`): by default (``auto``) each split is scored against its own
corpus' guidelines, which is how a model trained on several guidelines is compared with
single-corpus models; ``--convention default`` runs the pipeline's own (BioRED's, what
``resmine run`` uses) on every split.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from resmine.lexicons import Lexicon, load_lexicon
from resmine.mentions.species import species_cues
from resmine.model import Document, Passage, PassageKind
from resmine.tools.ner.corpora import CHEMICAL, EVAL_SPLITS, GENE, AnnotatedText, load_split
from resmine.ner.features import CONVENTION_KEY, CONVENTIONS
from resmine.score.metrics import JSON_DIGITS, Metrics, f1_interval
from resmine.tools.splits import DEV, PARTS, split_dev_tune

# (start, end, label, normalized) with label GENE or CHEMICAL.
Prediction = tuple[int, int, str, str]
# Wraps the texts of a split in a progress display (``iter``: none).
Progress = Callable[[Iterable[AnnotatedText]], Iterable[AnnotatedText]]
_MENTION_TO_NER = {"GENE": GENE, "DRUG": CHEMICAL}
SYSTEMS = ("pipeline", "model", "lexicon")
# What the report gives for a figure whose denominator is 0.
EMPTY_FIGURE = 0.0
# Texts handed to spaCy at a time.
BATCH_SIZE = 64
# How many of the most frequent errors of each kind write_errors lists.
ERRORS_TOP = 200


@dataclass
class Counts:
    """Entity counts of one split and label, with the texts of the false positives/negatives."""

    # each text's counts: their sum, and the interval of F1 (:func:`resmine.score.metrics.f1_interval`)
    by_text: list[Metrics] = field(default_factory=list)
    false_positives: Counter[str] = field(default_factory=Counter)
    false_negatives: Counter[str] = field(default_factory=Counter)

    @property
    def metrics(self) -> Metrics:
        return sum(self.by_text, Metrics())

    @property
    def tp(self) -> int:
        return self.metrics.tp

    @property
    def fp(self) -> int:
        return self.metrics.fp

    @property
    def fn(self) -> int:
        return self.metrics.fn

    def as_dict(self) -> dict[str, float | int | list[float] | None]:
        total = self.metrics
        precision, recall, f1 = (round(x, JSON_DIGITS) for x in total.rates(EMPTY_FIGURE))
        interval = f1_interval(self.by_text)
        return {"precision": precision, "recall": recall, "f1": f1, "tp": total.tp, "fp": total.fp, "fn": total.fn,
                "f1_interval": None if interval is None else [round(x, JSON_DIGITS) for x in interval]}


def score_exact(items: list[AnnotatedText], predictions: list[list[Prediction]], label: str) -> Counts:
    counts = Counts()
    for item, predicted in zip(items, predictions):
        gold = {(e.start, e.end) for e in item.entities if e.label == label}
        found = {(s, e) for s, e, lab, _ in predicted if lab == label}
        counts.by_text.append(Metrics.of(gold, found))
        counts.false_positives.update(item.text[s:e] for s, e in found - gold)
        counts.false_negatives.update(item.text[s:e] for s, e in gold - found)
    return counts


def score_with_alternatives(items: list[AnnotatedText], predictions: list[list[Prediction]]) -> Counts:
    """BC2GM's official rule: a gold gene is found if the prediction has its span or any
    overlapping ALTGENE span; each prediction can find one gold gene; others are false."""
    counts = Counts()
    for item, predicted in zip(items, predictions):
        golds = [(e.start, e.end) for e in item.entities if e.label == GENE]
        accept = [{g} | {(a.start, a.end) for a in item.alternatives if a.start < g[1] and g[0] < a.end}
                  for g in golds]
        found = sorted({(s, e) for s, e, lab, _ in predicted if lab == GENE})
        matched = [False] * len(golds)
        tp = fp = 0
        for span in found:
            hit = next((k for k, ok in enumerate(accept) if not matched[k] and span in ok), None)
            if hit is None:
                fp += 1
                counts.false_positives[item.text[span[0]:span[1]]] += 1
            else:
                matched[hit] = True
                tp += 1
        for k, ok in enumerate(matched):
            if not ok:
                counts.false_negatives[item.text[golds[k][0]:golds[k][1]]] += 1
        counts.by_text.append(Metrics(tp, fp, matched.count(False)))
    return counts


@dataclass
class Normalisation:
    correct: int = 0
    found: int = 0
    gold: int = 0
    wrong: Counter[str] = field(default_factory=Counter)
    # Gold genes of another species only (a mouse Egfr) found with the exact span, and how many
    # of them we still gave a human symbol: the species context's own measure.
    other_species_found: int = 0
    other_species_as_human: int = 0

    def with_species(self) -> float:
        """Right over every gene found: a human gene given its symbol, another species' gene
        given none."""
        found = self.found + self.other_species_found
        right = self.correct + self.other_species_found - self.other_species_as_human
        return round(right / found, JSON_DIGITS) if found else EMPTY_FIGURE

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy_on_found": round(self.correct / self.found, JSON_DIGITS) if self.found else EMPTY_FIGURE,
                "accuracy_with_species": self.with_species(),
                "correct": self.correct, "found_exact": self.found, "gold_human": self.gold,
                "other_species_found": self.other_species_found,
                "other_species_as_human": self.other_species_as_human}


def gene_normalisation(items: list[AnnotatedText], predictions: list[list[Prediction]],
                       lexicon: Lexicon) -> Normalisation:
    human = lexicon.idents("GENE")
    out = Normalisation()
    for item, predicted in zip(items, predictions):
        ours = {(s, e): norm for s, e, lab, norm in predicted if lab == GENE}
        for entity in item.entities:
            gold_ids = {i.strip() for i in entity.ids.replace(";", ",").split(",") if i.strip()}
            if entity.label != GENE:
                continue
            if not gold_ids & human:
                other = ours.get((entity.start, entity.end))
                if gold_ids and other is not None:
                    out.other_species_found += 1
                    out.other_species_as_human += bool(other and lexicon.lookup(other, ("GENE",)))
                continue
            out.gold += 1
            symbol = ours.get((entity.start, entity.end))
            if symbol is None:
                continue
            out.found += 1
            hit = lexicon.lookup(symbol, ("GENE",)) if symbol else None
            if hit is not None and hit.ident in gold_ids:
                out.correct += 1
            else:
                out.wrong[f"{item.text[entity.start:entity.end]} -> {symbol} (gold {entity.ids})"] += 1
    return out


def gene_normalisation_on_gold_spans(items: list[AnnotatedText], lexicon: Lexicon) -> Normalisation:
    """The normaliser alone: every gold gene with a human id, normalised from its gold text."""
    from resmine.mentions.model_entities import normalize_gene_entity

    predictions = [[(e.start, e.end, GENE, normalize_gene_entity(item.text[e.start:e.end], lexicon) or "")
                    for e in item.entities if e.label == GENE] for item in items]
    return gene_normalisation(items, predictions, lexicon)


# --------------------------------------------------------------------------- systems


def predict_lexicon(items: list[AnnotatedText], lexicon: Lexicon, progress: Progress = iter) -> list[list[Prediction]]:
    return [[(h.start, h.end, _MENTION_TO_NER[h.label], h.normalized)
             for h in lexicon.match(item.text) if h.label in _MENTION_TO_NER]
            for item in progress(items)]


def _convention(item: AnnotatedText, convention: str) -> str:
    return item.convention if convention == "auto" else ("" if convention == "default" else convention)


def predict_model(items: list[AnnotatedText], lexicon: Lexicon, model: str | None = None,
                  progress: Progress = iter, convention: str = "auto") -> list[list[Prediction]]:
    from resmine.mentions.model_entities import merge_entities
    from resmine.ner import load_ner_model

    nlp = load_ner_model(model)

    def docs() -> Iterator[Any]:
        for item in progress(items):
            doc = nlp.make_doc(item.text)
            if _convention(item, convention):
                doc.user_data[CONVENTION_KEY] = _convention(item, convention)
            yield doc

    out = []
    for item, doc in zip(items, nlp.pipe(docs(), batch_size=BATCH_SIZE)):
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        mentions = merge_entities(item.doc_id, item.text, entities, [], lexicon,
                                  convention=_convention(item, convention))
        out.append([(m.start, m.end, _MENTION_TO_NER[m.label], m.normalized) for m in mentions])
    return out


def predict_pipeline(items: list[AnnotatedText], config: str | Path | None = None,
                     progress: Callable[[Iterable[int]], Iterable[int]] = iter, convention: str = "auto") -> list[list[Prediction]]:
    """The pipeline's genes and drugs. The annotation convention is a setting of its
    ``resmine_ner`` component: one pipeline per convention the items ask for."""
    from resmine.nlp import annotate, load_pipeline

    wanted = {_convention(item, convention) for item in items}
    pipelines: dict[str, Any] = {}
    for name in wanted:
        nlp = load_pipeline(config, {"components.resmine_ner.convention": name or None}, without_relations=True)
        pipelines[name] = nlp
    out: list[list[Prediction]] = [[] for _ in items]
    for name, nlp in pipelines.items():
        chosen = [k for k, item in enumerate(items) if _convention(item, convention) == name]
        documents = (Document(items[k].doc_id, "", "text", "", items[k].text,
                              [Passage(PassageKind.TEXT, "", 0, len(items[k].text))])
                     for k in progress(chosen))
        for k, annotated in zip(chosen, annotate(nlp, documents, batch_size=BATCH_SIZE)):
            out[k] = [(m.start, m.end, _MENTION_TO_NER[m.label], m.normalized)
                      for m in annotated.mentions if m.label in _MENTION_TO_NER]
    return out


# --------------------------------------------------------------------------- report


def score_part(split: str, items: list[AnnotatedText], predictions: list[list[Prediction]], lexicon: Lexicon,
               labels: list[str]) -> tuple[dict[str, Any], dict[tuple[str, str], Counts | Normalisation]]:
    """The figures of one part of a split for the ``labels`` its corpus annotates, and the
    counts behind them (with error texts)."""
    counts: dict[tuple[str, str], Counts | Normalisation] = {}
    entry: dict[str, Any] = {"texts": len(items)}
    for label in labels:
        counts[(split, label)] = score_exact(items, predictions, label)
    if split.startswith("bc2gm"):
        counts[(split, "GENE+ALTGENE")] = score_with_alternatives(items, predictions)
    for (_, label), value in counts.items():
        entry[label] = value.as_dict()
    if split.startswith(("biored", "gnormplus", "nlmgene")):
        norm = gene_normalisation(items, predictions, lexicon)
        entry["gene_normalisation_human"] = norm.as_dict()
        counts[(split, "normalisation")] = norm
        on_gold = gene_normalisation_on_gold_spans(items, lexicon)
        entry["gene_normalisation_human_gold_spans"] = on_gold.as_dict()
        counts[(split, "normalisation_gold_spans")] = on_gold
        entry["rodent_studies"] = sum(species_cues(item.text).rodent_study() for item in items)
    return entry, counts


def evaluate(corpora: Path, system: str = "pipeline", model: str | None = None,
             config: str | Path | None = None, splits: tuple[str, ...] = EVAL_SPLITS,
             progress: Callable[..., Iterable[Any]] = lambda it, **_: it,
             convention: str = "auto", parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """Scores of ``system`` on ``splits`` as a JSON-ready dict (plus ``_counts`` objects).

    Each split is scored as its ``parts``: dev, and the frozen tune part
    (:func:`resmine.tools.splits.is_tune` of the document id), side by side. ``_counts`` keeps
    the dev part's counts only, with the texts of its errors: the tune part's errors are
    never kept, so :func:`write_errors` cannot list them.

    ``convention``: "default" runs the model as the pipeline does (its configured annotation
    convention); "auto" asks it for each split's own corpus convention; or a name."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; choose one of {', '.join(SYSTEMS)}")
    if convention not in ("default", "auto", *CONVENTIONS):
        raise ValueError(f"unknown convention {convention!r}")
    unknown = [part for part in parts if part not in PARTS]
    if unknown or not parts:
        raise ValueError(f"unknown part(s) {unknown!r}; choose from {', '.join(PARTS)}")
    lexicon = load_lexicon()
    results: dict[str, Any] = {"system": system, "convention": convention, "parts": list(parts), "splits": {}}
    counts: dict[tuple[str, str], Counts | Normalisation] = {}
    for split in splits:
        every_item = load_split(corpora, split)
        labels = sorted({label for item in every_item for label in item.annotated})
        by_part = split_dev_tune(every_item, lambda item: item.doc_id)
        items = [item for part in parts for item in by_part[part]]
        bar = lambda it, split=split, n=len(items): progress(it, total=n, desc=split)  # noqa: E731
        if system == "lexicon":
            predictions = predict_lexicon(items, lexicon, bar)
        elif system == "model":
            predictions = predict_model(items, lexicon, model, bar, convention)
        else:
            predictions = predict_pipeline(items, config, bar, convention)
        results["splits"][split] = {}
        first = 0
        for part in parts:
            n = len(by_part[part])
            entry, part_counts = score_part(split, by_part[part], predictions[first:first + n], lexicon, labels)
            first += n
            results["splits"][split][part] = entry
            if part == DEV:
                counts.update(part_counts)
    results["_counts"] = counts
    return results


# The columns of one part in the report: P, R, F1 and tp/fp/fn.
_PART_WIDTH = 60


def _part_cells(value: dict[str, Any] | None) -> str:
    if value is None:
        return " " * _PART_WIDTH
    if "f1" in value:
        return (f"{value['precision']:6.3f} {value['recall']:6.3f} {value['f1']:6.3f}"
                f"   {value['tp']}/{value['fp']}/{value['fn']}").ljust(_PART_WIDTH)
    return (f"accuracy {value['accuracy_on_found']:.3f} ({value['correct']}/{value['found_exact']})"
            f" other sp. {value.get('other_species_as_human', 0)}/{value.get('other_species_found', 0)}"
            f" all {value.get('accuracy_with_species', 0):.3f}"
            ).ljust(_PART_WIDTH)


def _interval_cell(value: dict[str, Any] | None) -> str:
    interval = value.get("f1_interval") if value else None
    text = f"F1 {interval[0]:.3f}–{interval[1]:.3f} (bootstrap over texts)" if interval else ""
    return text.ljust(_PART_WIDTH)


def _figure(value: dict[str, Any]) -> float | None:
    """F1, or the normalisation accuracy; None when there was nothing to count."""
    if "f1" in value:
        return float(value["f1"]) if value["tp"] + value["fp"] + value["fn"] else None
    return float(value["accuracy_on_found"]) if value["found_exact"] else None


def format_report(results: dict[str, Any]) -> list[str]:
    """One line per split and measure, the parts (dev, tune) side by side and tune − dev."""
    parts = results.get("parts", list(PARTS))
    both = parts == list(PARTS)
    names = {"gene_normalisation_human": "gene norm", "gene_normalisation_human_gold_spans": "norm gold span"}
    lines = [f"system: {results['system']}, annotation convention: {results['convention']}",
             f"{'split':<14} {'label':<14} "
             + " ".join(f"{part + ':':<6}{'P':>1}      R      F1   tp/fp/fn".ljust(_PART_WIDTH) for part in parts)
             + (" tune-dev" if both else "")]
    for split, by_part in results["splits"].items():
        labels = [label for label, value in by_part[parts[0]].items() if isinstance(value, dict)]
        for label in labels:
            values = [by_part[part].get(label) for part in parts]
            delta = ""
            if both and values[0] and values[1]:
                dev, tune = _figure(values[0]), _figure(values[1])
                delta = f" {tune - dev:+8.3f}" if dev is not None and tune is not None else ""
            lines.append(f"{split:<14} {names.get(label, label):<14} "
                         + " ".join(_part_cells(v) for v in values) + delta)
            if any(v and v.get("f1_interval") for v in values):
                lines.append(f"{split:<14} {'  95% interval':<14} " + " ".join(_interval_cell(v) for v in values))
        lines.append(f"{split:<14} {'texts':<14} "
                     + " ".join(str(by_part[part]["texts"]).ljust(_PART_WIDTH) for part in parts))
        if "rodent_studies" in by_part[parts[0]]:
            lines.append(f"{split:<14} {'rodent studies':<14} "
                         + " ".join(str(by_part[part]["rodent_studies"]).ljust(_PART_WIDTH) for part in parts))
    lines.append("(tune: the frozen part of each split, a seeded hash of the document id; its errors are never "
                 "listed. gene norm: human genes found with the exact span whose id is right; "
                 "norm gold span: given the gold spans; other sp.: genes of another species found "
                 "with the exact span that were given a human symbol / found; all: right over both)")
    return lines


def write_errors(results: dict[str, Any], path: Path, top: int = ERRORS_TOP) -> None:
    """The most frequent false positives/negatives per split and label of the dev part, as
    TSV (``_counts`` holds no other part)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("split\tlabel\tkind\tcount\ttext\n")
        for (split, label), value in results["_counts"].items():
            if isinstance(value, Counts):
                for kind, counter in (("false_positive", value.false_positives),
                                      ("false_negative", value.false_negatives)):
                    for text, n in counter.most_common(top):
                        handle.write(f"{split}\t{label}\t{kind}\t{n}\t{text}\n")
            else:
                for text, n in value.wrong.most_common(top):
                    handle.write(f"{split}\t{label}\twrong_id\t{n}\t{text}\n")


def public(results: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in results.items() if not k.startswith("_")}


def to_json(results: dict[str, Any]) -> str:
    return json.dumps(public(results), indent=2) + "\n"

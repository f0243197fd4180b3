"""``resmine eval-mutations``: score the mutation grammar on the shared mutation corpora.

* tmVar 1.0 (``corpora/mutations/tmvar1/train.PubTator.txt``): mention level, exact span, for
  ProteinMutation + DNAMutation + SNP together and per type. "together" counts a span as found
  whatever type it was given; the per-type rows need the span and the type.
* MutationFinder development set: normalised point mutations per document (distinct
  (document, wild type-position-mutant) pairs), precision and recall.
* tmVar normalisation set (``tmvar_norm/``): recall of the rs ids written in the text (the SNP
  mentions), as distinct (document, rs id) pairs, and of their exact spans.

Only the tmVar-level kinds (protein, dna, snp) are scored: exon/codon classes and fusion names
are not mutations in these corpora. A gene written against a mutation ("BRAFV600E") is not
part of a tmVar span, so it is cut off before comparing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resmine.mutations import MutationMatch, extract_mutations
from resmine.mutations.engine import scan
from resmine.readers.pubtator import read_pubtator_annotated
from resmine.score.metrics import Metrics

TMVAR_TYPES = {"protein": "ProteinMutation", "dna": "DNAMutation", "snp": "SNP"}
TMVAR_LABELS = tuple(TMVAR_TYPES.values())
POINT = re.compile(r"[ACDEFGHIKLMNPQRSTVWY]\d+[ACDEFGHIKLMNPQRSTVWY]\Z")
# What the table prints for a figure whose denominator is 0.
EMPTY_FIGURE = 0.0
# Context written around a mention in the error list, before and after it.
LEFT_CONTEXT_CHARS = 40
RIGHT_CONTEXT_CHARS = 30
# Width of the table's label column.
LABEL_WIDTH = 52


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # s, e, text, type, norm


def read_pubtator(path: Path) -> list[GoldDoc]:
    """PubTator documents with their mention lines (via :mod:`resmine.readers.pubtator`)."""
    docs = []
    for item in read_pubtator_annotated(path):
        if not isinstance(item, tuple):
            raise ValueError(item.message)
        document, annotations = item
        docs.append(GoldDoc(document.doc_id, document.text, [
            (a.start, a.end, a.text, a.type, a.extra[0] if a.extra else a.ids) for a in annotations
        ]))
    return docs


def core_span(m: MutationMatch) -> tuple[int, int]:
    """The mutation's span without a gene written against it ("BRAF-V600E" -> "V600E")."""
    if m.gene_end is not None and m.kind in TMVAR_TYPES and m.gene_start == m.start:
        s = m.gene_end
        while s < m.end and m.text[s - m.start] in "-: ":
            s += 1
        return s, m.end
    return m.start, m.end


def figures(metrics: Metrics) -> dict[str, Any]:
    """Counts and P/R/F1 as the table reads them (0.0 where a denominator is 0)."""
    p, r, f = metrics.rates(EMPTY_FIGURE)
    return {"tp": metrics.tp, "fp": metrics.fp, "fn": metrics.fn, "p": p, "r": r, "f1": f}


def tmvar_level(text: str, include_prose: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, tmVar type) of the grammar's protein/DNA/SNP mentions, gene prefixes cut.

    Mentions that are mostly prose ("substitution of alanine for proline at amino acid 286",
    "Trp-241 was replaced with Ala") are left out unless ``include_prose``: the tmVar guideline
    excludes "mentions that are fully or mostly natural language".
    """
    out: list[tuple[int, int, str]] = []
    for c in scan(text):
        if c.kind not in TMVAR_TYPES or (c.prose and not include_prose):
            continue
        m = MutationMatch(c.start, c.end, text[c.start:c.end], c.normalized, c.kind,
                          c.gene_text, c.gene_start, c.gene_end)
        s, e = core_span(m)
        out.append((s, e, TMVAR_TYPES[c.kind]))
    return out


def _mention_error(kind: str, doc: GoldDoc, span: tuple[int, int, str]) -> tuple[str, ...]:
    s, e, t = span
    return (kind, doc.doc_id, t, doc.text[s:e], doc.text[max(0, s - LEFT_CONTEXT_CHARS):s],
            doc.text[e:e + RIGHT_CONTEXT_CHARS])


def eval_tmvar(docs: list[GoldDoc], errors: list[tuple[str, ...]] | None = None,
               include_prose: bool = False) -> dict[str, dict[str, Any]]:
    counts = {key: Metrics() for key in ("all", *TMVAR_LABELS)}
    for doc in docs:
        gold_typed = {(s, e, t) for s, e, _, t, _ in doc.mentions}
        pred_typed = set(tmvar_level(doc.text, include_prose))
        counts["all"] += Metrics.of({(s, e) for s, e, _ in gold_typed}, {(s, e) for s, e, _ in pred_typed})
        for t in TMVAR_LABELS:
            counts[t] += Metrics.of({x for x in gold_typed if x[2] == t}, {x for x in pred_typed if x[2] == t})
        if errors is not None:
            errors.extend(_mention_error("FP", doc, span) for span in sorted(pred_typed - gold_typed))
            errors.extend(_mention_error("FN", doc, span) for span in sorted(gold_typed - pred_typed))
    return {key: figures(metrics) for key, metrics in counts.items()}


def read_mutationfinder(text_path: Path, gold_path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    texts: dict[str, str] = {}
    with open(text_path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                texts[cols[0]] = " ".join(cols[1:])
    gold: dict[str, set[str]] = {}
    with open(gold_path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if cols and cols[0]:
                gold[cols[0]] = {c for c in cols[1:] if c}
    return texts, gold


def eval_mutationfinder(texts: dict[str, str], gold: dict[str, set[str]],
                        errors: list[tuple[str, ...]] | None = None) -> dict[str, Any]:
    total = Metrics()
    for pid, text in texts.items():
        pred = {
            n for m in extract_mutations(text) if m.kind in ("protein", "dna") for n in m.normalized
            if POINT.match(n)
        }
        g = gold.get(pid, set())
        total += Metrics.of(g, pred)
        if errors is not None:
            for n in sorted(pred - g):
                errors.append(("FP", pid, n))
            for n in sorted(g - pred):
                errors.append(("FN", pid, n))
    return figures(total)


def eval_rsids(docs: list[GoldDoc], errors: list[tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Recall of the rs ids written in the text (SNP mentions), as ids per document and as spans."""
    ids_found = Metrics()
    spans_found = Metrics()
    for doc in docs:
        snps = [(s, e, norm) for s, e, _, t, norm in doc.mentions if t == "SNP"]
        preds = [m for m in extract_mutations(doc.text) if m.kind == "snp"]
        ids = {re.sub(r"\D", "", n) for _, _, n in snps}
        pred_ids = {re.sub(r"\D", "", m.normalized[0]) for m in preds}
        spans = {(s, e) for s, e, _ in snps}
        pred_spans = {(m.start, m.end) for m in preds}
        ids_found += Metrics.of(ids, pred_ids)
        spans_found += Metrics.of(spans, pred_spans)
        if errors is not None:
            for i in sorted(ids - pred_ids):
                errors.append(("FN", doc.doc_id, "rs" + i))
    id_precision, id_recall, _ = ids_found.rates(EMPTY_FIGURE)
    _, span_recall, _ = spans_found.rates(EMPTY_FIGURE)
    return {
        "ids": ids_found.tp + ids_found.fn, "ids_found": ids_found.tp, "id_recall": id_recall,
        "id_precision": id_precision,
        "spans": spans_found.tp + spans_found.fn, "spans_found": spans_found.tp, "span_recall": span_recall,
    }


def _splits(folder: Path, pattern: str) -> list[Path]:
    """Files of one corpus, the development split first ("train"/"devo"/"dev"), then the others."""
    files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    return sorted(files, key=lambda f: (not any(k in f.name for k in ("train", "devo", "dev")), f.name))


def main_eval(shared_dir: Path, echo: Callable[[str], Any] = print,
              errors: dict[str, list[tuple[str, ...]]] | None = None) -> dict[str, dict[str, Any]]:
    """Run the evaluations on ``shared_dir/corpora/mutations`` (``shared_dir`` may also be the
    data folder's parent or the mutations folder itself), print a table and return the figures.

    Every split found is scored: train/devo/dev here; a held-back folder with ``test`` files
    (``tmvar1/test.PubTator.txt``, ``mutationfinder/test_set.txt`` + ``test_gold_std.txt``,
    ``tmvar_norm/tmVar.Normalization.test.txt``) is scored the same way. Keys: ``tmvar``,
    ``mutationfinder``, ``tmvar_norm`` for the first split of each corpus, ``<key>:<file stem>``
    for further ones; each result records its ``file``.
    """
    base = Path(shared_dir)
    for candidate in (base / "corpora" / "mutations", base / "data" / "corpora" / "mutations", base):
        if any((candidate / name).is_dir() for name in ("tmvar1", "mutationfinder", "tmvar_norm")):
            base = candidate
            break
    results: dict[str, dict[str, Any]] = {}

    def key_for(name: str, index: int, path: Path) -> str:
        return name if index == 0 else f"{name}:{path.name}"

    def errs(key: str) -> list[tuple[str, ...]] | None:
        return errors.setdefault(key, []) if errors is not None else None

    for i, path in enumerate(_splits(base / "tmvar1", "*.PubTator.txt")):
        docs = read_pubtator(path)
        key = key_for("tmvar", i, path)
        results[key] = eval_tmvar(docs, errs(key))
        results[key].update(documents=len(docs), file=str(path))
        results[key]["with_prose"] = eval_tmvar(docs, include_prose=True)["all"]
    for i, path in enumerate(_splits(base / "mutationfinder", "*_set.txt")):
        gold_path = path.with_name(path.name.replace("_set.txt", "_gold_std.txt"))
        if not gold_path.is_file():
            continue
        texts, gold = read_mutationfinder(path, gold_path)
        key = key_for("mutationfinder", i, path)
        results[key] = eval_mutationfinder(texts, gold, errs(key))
        results[key].update(documents=len(texts), file=str(path))
    for i, path in enumerate(_splits(base / "tmvar_norm", "tmVar.Normalization*.txt")):
        docs = read_pubtator(path)
        key = key_for("tmvar_norm", i, path)
        results[key] = eval_rsids(docs, errs(key))
        results[key].update(documents=len(docs), file=str(path))
    if not results:
        raise FileNotFoundError(
            f"no mutation corpora under {shared_dir}: expected corpora/mutations/tmvar1/, mutationfinder/ "
            "or tmvar_norm/ (pass --data or set RESMINE_SHARED)"
        )
    echo(format_table(results))
    return results


def write_errors(errors: dict[str, list[tuple[str, ...]]], path: Path) -> int:
    """Write the error lists of :func:`main_eval` as TSV (corpus, kind, document, details...)."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("corpus\terror\tdocument\ttype_or_form\tmention\tleft_context\tright_context\n")
        for corpus, rows in errors.items():
            for row in rows:
                cells = [corpus, *[str(x).replace("\t", " ").replace("\n", " ") for x in row]]
                out.write("\t".join(cells) + "\n")
                n += 1
    return n


def format_table(results: dict[str, dict[str, Any]]) -> str:
    head = f"{'corpus / measure':<{LABEL_WIDTH}} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}  target"
    rows = [head, "-" * len(head)]

    def row(label: str, x: dict[str, Any], target: str = "") -> str:
        return (f"{label:<{LABEL_WIDTH}} {x['p']:6.3f} {x['r']:6.3f} {x['f1']:6.3f} "
                f"{x['tp']:5d} {x['fp']:5d} {x['fn']:5d}  {target}").rstrip()

    for key, t in results.items():
        name = Path(t["file"]).name
        if key.startswith("tmvar") and not key.startswith("tmvar_norm"):
            rows.append(f"tmVar 1.0 {name} ({t['documents']} docs), exact span")
            rows.append(row("  Protein+DNA+SNP together (span)", t["all"], "F1>=0.92"))
            for typ in TMVAR_LABELS:
                rows.append(row(f"  {typ} (span and type)", t[typ], "F1>=0.92"))
            rows.append(row("  together, prose forms counted too", t["with_prose"]))
        elif key.startswith("mutationfinder"):
            rows.append(f"MutationFinder {name} ({t['documents']} docs)")
            rows.append(row("  normalised point mutations per document", t, "P>=0.97 R>=0.92"))
        else:
            rows.append(f"tmVar normalisation {name} ({t['documents']} docs)")
            rows.append(f"{'  rs ids written, found (per document)':<{LABEL_WIDTH}} {t['id_precision']:6.3f} {t['id_recall']:6.3f} "
                        f"{'':>6} {t['ids_found']:5d} {'':>5} {t['ids'] - t['ids_found']:5d}  R=1")
            rows.append(f"{'  rs id mentions, exact span':<{LABEL_WIDTH}} {'':>6} {t['span_recall']:6.3f} {'':>6} "
                        f"{t['spans_found']:5d} {'':>5} {t['spans'] - t['spans_found']:5d}")
    return "\n".join(rows)

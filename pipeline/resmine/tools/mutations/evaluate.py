"""``resmine eval-mutations``: score the mutation grammar on the shared mutation corpora.

Development corpora, each scored as two parts side by side: *dev* (its errors may be listed
and read) and *tune* (the frozen :func:`resmine.tools.splits.is_tune` part, about a fifth of the
documents by a seeded hash of the PMID: figures only, its errors are never listed):

* tmVar 1.0 (``corpora/mutations/tmvar1/train.PubTator.txt``): mention level, exact span, for
  ProteinMutation + DNAMutation + SNP together and per type. "together" counts a span as found
  whatever type it was given; the per-type rows need the span and the type.
* MutationFinder development set: normalised point mutations per document (distinct
  (document, wild type-position-mutant) pairs), precision and recall.
* tmVar normalisation set (``tmvar_norm/``): recall of the rs ids written in the text (the SNP
  mentions), as distinct (document, rs id) pairs, and of their exact spans.
* BioRED dev and train (``corpora/biored/Dev.PubTator``, ``Train.PubTator``; each split into
  its dev and tune parts): exact spans of its SequenceVariant mentions, whatever their kind, as
  for the test sets below. Train's 300 abstracts hold about three times dev's variants.

Test corpora, scored whole and never listed for errors: SETH, OSIRIS and Variome (their
variants: :mod:`resmine.tools.mutations.corpora`), exact-span P/R/F1 of the variants whatever
their type; and any held-back file whose name says ``test``.

Only the tmVar-level kinds (protein, dna, snp) are scored: exon/codon classes and fusion names
are not mutations in these corpora. A gene written against a mutation ("BRAFV600E") is not
part of a tmVar span, so it is cut off before comparing.
"""

from __future__ import annotations

import json
import re
from operator import itemgetter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from resmine.mutations import MutationMatch, extract_mutations
from resmine.mutations.engine import scan
from resmine.score.metrics import JSON_DIGITS, Metrics, f1_interval
from resmine.tools.mutations.corpora import (GoldDoc, MutationCorpusError, read_biored_variants,
                                             read_mutationfinder, read_osiris, read_pubtator, read_seth,
                                             read_variome)
from resmine.tools.splits import DEV, PARTS, TUNE, split_dev_tune

TMVAR_TYPES = {"protein": "ProteinMutation", "dna": "DNAMutation", "snp": "SNP"}
TMVAR_LABELS = tuple(TMVAR_TYPES.values())
POINT = re.compile(r"[ACDEFGHIKLMNPQRSTVWY]\d+[ACDEFGHIKLMNPQRSTVWY]\Z")
# What the table prints for a figure whose denominator is 0.
EMPTY_FIGURE = 0.0
# Context written around a mention in the error list, before and after it.
LEFT_CONTEXT_CHARS = 40
RIGHT_CONTEXT_CHARS = 30
# Width of the table's label column.
LABEL_WIDTH = 44
# The part of a corpus scored whole: a test set, or a held-back file.
TEST = "test"
# A corpus' role: development data (scored as dev and tune) or held out (scored whole).
DEVELOPMENT, HELD_OUT = "development", "test"
# BioRED's files beside the mutations folder whose variants are scored: dev, train, and the test
# file where a held-back folder has it (``_role``: its name says test).
BIORED_FILES = ("Dev.PubTator", "Train.PubTator", "Test.PubTator")
# The test corpora: (key, name in the table, path under the mutations folder, reader).
TEST_SETS: tuple[tuple[str, str, str, Callable[[Path], list[GoldDoc]]], ...] = (
    ("seth", "SETH", "seth", read_seth),
    ("osiris", "OSIRIS", "osiris/OSIRIScorpusv01.xml", read_osiris),
    ("variome", "Variome", "variome", read_variome),
)
Item = TypeVar("Item")
# A corpus part's scorer: (its items, the dev error list or None) -> figures.
Scorer = Callable[[list[Item], "list[tuple[str, ...]] | None"], dict[str, Any]]
# A corpus file's scorer: (path, role, the dev error list or None, parts) -> figures per part.
FileScorer = Callable[[Path, str, "list[tuple[str, ...]] | None", tuple[str, ...]], dict[str, Any]]


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


def document_figures(by_document: list[Metrics]) -> dict[str, Any]:
    """:func:`figures` of the documents' counts together, and the 95 % interval of F1 over the
    documents."""
    return {**figures(sum(by_document, Metrics())), "f1_interval": f1_interval(by_document)}


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
    counts = {key: Metrics() for key in TMVAR_LABELS}
    by_document = []
    for doc in docs:
        gold_typed = {(s, e, t) for s, e, _, t, _ in doc.mentions}
        pred_typed = set(tmvar_level(doc.text, include_prose))
        by_document.append(Metrics.of({(s, e) for s, e, _ in gold_typed}, {(s, e) for s, e, _ in pred_typed}))
        for t in TMVAR_LABELS:
            counts[t] += Metrics.of({x for x in gold_typed if x[2] == t}, {x for x in pred_typed if x[2] == t})
        if errors is not None:
            errors.extend(_mention_error("FP", doc, span) for span in sorted(pred_typed - gold_typed))
            errors.extend(_mention_error("FN", doc, span) for span in sorted(gold_typed - pred_typed))
    return {"all": document_figures(by_document), **{key: figures(metrics) for key, metrics in counts.items()}}


def eval_mutationfinder(texts: dict[str, str], gold: dict[str, set[str]],
                        errors: list[tuple[str, ...]] | None = None) -> dict[str, Any]:
    by_document = []
    for pid, text in texts.items():
        pred = {
            n for m in extract_mutations(text) if m.kind in ("protein", "dna") for n in m.normalized
            if POINT.match(n)
        }
        g = gold.get(pid, set())
        by_document.append(Metrics.of(g, pred))
        if errors is not None:
            for n in sorted(pred - g):
                errors.append(("FP", pid, n))
            for n in sorted(g - pred):
                errors.append(("FN", pid, n))
    return document_figures(by_document)


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


def _span_figures(docs: list[GoldDoc], errors: list[tuple[str, ...]] | None, include_prose: bool) -> dict[str, Any]:
    by_document = []
    for doc in docs:
        gold = {(s, e) for s, e, _, _, _ in doc.mentions}
        found = {(s, e): t for s, e, t in tmvar_level(doc.text, include_prose)}
        by_document.append(Metrics.of(gold, set(found)))
        if errors is not None:
            errors.extend(_mention_error("FP", doc, (s, e, found[(s, e)])) for s, e in sorted(set(found) - gold))
            errors.extend(_mention_error("FN", doc, (s, e, "Variant")) for s, e in sorted(gold - set(found)))
    return document_figures(by_document)


def eval_variant_spans(docs: list[GoldDoc], errors: list[tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Exact spans of a corpus' variants, whatever their type, against the grammar's tmVar-level
    mentions (prose forms left out, as on tmVar; counted too in ``with_prose``). ``errors``
    (a development corpus' dev part only) receives the spans missed or found wrongly."""
    return {"all": _span_figures(docs, errors, False), "with_prose": _span_figures(docs, None, True)}


def _score_tmvar(docs: list[GoldDoc], errors: list[tuple[str, ...]] | None) -> dict[str, Any]:
    return {**eval_tmvar(docs, errors), "with_prose": eval_tmvar(docs, include_prose=True)["all"]}


def score_parts(items: Sequence[Item], doc_id: Callable[[Item], str], score: Scorer[Item], role: str,
                errors: list[tuple[str, ...]] | None, parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """A corpus' figures: a development corpus as its ``parts`` (dev and tune) side by side,
    a test corpus whole. ``errors`` collects the dev part's only: the tune part's and a test
    corpus' errors are never listed, so that no rule is written from them."""
    if role == HELD_OUT:
        return {TEST: {**score(list(items), None), "documents": len(items)}}
    split = split_dev_tune(items, doc_id)
    return {part: {**score(split[part], errors if part == DEV else None), "documents": len(split[part])}
            for part in parts}


def _splits(folder: Path, pattern: str) -> list[Path]:
    """Files of one corpus, the development split first ("train"/"devo"/"dev"), then the others."""
    files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    return sorted(files, key=lambda f: (not any(k in f.name for k in ("train", "devo", "dev")), f.name))


def _role(path: Path) -> str:
    """A held-back file (its name says test) is scored whole; any other is development data."""
    return HELD_OUT if "test" in path.name.lower() else DEVELOPMENT


def mutations_folder(shared_dir: Path) -> Path:
    """``corpora/mutations`` under ``shared_dir`` (the data folder, its parent or the folder itself)."""
    base = Path(shared_dir)
    known = ("tmvar1", "mutationfinder", "tmvar_norm", *(folder.split("/")[0] for _, _, folder, _ in TEST_SETS))
    for candidate in (base / "corpora" / "mutations", base / "data" / "corpora" / "mutations", base):
        if any((candidate / name).exists() for name in known):
            return candidate
    return base


def _doc_id(doc: GoldDoc) -> str:
    return doc.doc_id


def _score_tmvar_file(path: Path, role: str, errors: list[tuple[str, ...]] | None,
                      parts: tuple[str, ...]) -> dict[str, Any]:
    return score_parts(read_pubtator(path), _doc_id, _score_tmvar, role, errors, parts)


def _mutationfinder_gold(path: Path) -> Path:
    return path.with_name(path.name.replace("_set.txt", "_gold_std.txt"))


def _score_mutationfinder_file(path: Path, role: str, errors: list[tuple[str, ...]] | None,
                               parts: tuple[str, ...]) -> dict[str, Any]:
    texts, gold = read_mutationfinder(path, _mutationfinder_gold(path))

    def score(items: list[tuple[str, str]], errs: list[tuple[str, ...]] | None) -> dict[str, Any]:
        return eval_mutationfinder(dict(items), gold, errs)

    def text_id(item: tuple[str, str]) -> str:
        return item[0]

    return score_parts(list(texts.items()), text_id, score, role, errors, parts)


def _score_rsid_file(path: Path, role: str, errors: list[tuple[str, ...]] | None,
                     parts: tuple[str, ...]) -> dict[str, Any]:
    return score_parts(read_pubtator(path), _doc_id, eval_rsids, role, errors, parts)


def _score_biored_file(path: Path, role: str, errors: list[tuple[str, ...]] | None,
                       parts: tuple[str, ...]) -> dict[str, Any]:
    return score_parts(read_biored_variants(path), _doc_id, eval_variant_spans, role, errors, parts)


def _test_set_scorer(reader: Callable[[Path], list[GoldDoc]]) -> FileScorer:
    """A test corpus' scorer: whole, and never with an error list."""
    def score_file(path: Path, role: str, errors: list[tuple[str, ...]] | None,
                   parts: tuple[str, ...]) -> dict[str, Any]:
        def score(docs: list[GoldDoc], _: list[tuple[str, ...]] | None) -> dict[str, Any]:
            return eval_variant_spans(docs)  # never with an error list

        return score_parts(reader(path), _doc_id, score, HELD_OUT, None)

    return score_file


def main_eval(shared_dir: Path, echo: Callable[[str], Any] = print,
              errors: dict[str, list[tuple[str, ...]]] | None = None, parts: tuple[str, ...] = PARTS,
              failures: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Run the evaluations on ``shared_dir/corpora/mutations`` (``shared_dir`` may also be the
    data folder's parent or the mutations folder itself), print a table and return the figures.

    Every file found is scored: train/devo/dev as ``parts`` (dev, tune); a held-back ``test``
    file (``tmvar1/test.PubTator.txt``, ``mutationfinder/test_set.txt`` + ``test_gold_std.txt``,
    ``tmvar_norm/tmVar.Normalization.test.txt``) and the test corpora whole. Keys: ``tmvar``,
    ``mutationfinder``, ``tmvar_norm``, ``biored`` (``corpora/biored/Dev.PubTator``'s variants)
    for the first file of each corpus, ``<key>:<file name>`` for further ones, ``seth``,
    ``osiris``, ``variome``; each result records its ``file``, its
    ``role`` and one figure set per part. ``errors`` receives the dev parts' errors only.
    A corpus that cannot be read raises :class:`MutationCorpusError`, or with ``failures`` is
    noted there (one line naming the file) and the others are scored.
    """
    base = mutations_folder(shared_dir)
    results: dict[str, dict[str, Any]] = {}

    def key_for(name: str, index: int, path: Path) -> str:
        return name if index == 0 else f"{name}:{path.name}"

    def errs(key: str) -> list[tuple[str, ...]] | None:
        return errors.setdefault(key, []) if errors is not None else None

    def run(key: str, path: Path, role: str, score_file: FileScorer) -> None:
        try:
            dev_errors = errs(key) if role == DEVELOPMENT else None
            results[key] = {"file": str(path), "role": role, **score_file(path, role, dev_errors, parts)}
        except (MutationCorpusError, OSError, UnicodeDecodeError) as error:
            message = str(error) if str(path) in str(error) else f"{path}: {error}"
            if failures is None:
                raise MutationCorpusError(message) from error
            failures.append(message)

    for i, path in enumerate(_splits(base / "tmvar1", "*.PubTator.txt")):
        run(key_for("tmvar", i, path), path, _role(path), _score_tmvar_file)
    for i, path in enumerate(_splits(base / "mutationfinder", "*_set.txt")):
        if _mutationfinder_gold(path).is_file():
            run(key_for("mutationfinder", i, path), path, _role(path), _score_mutationfinder_file)
    for i, path in enumerate(_splits(base / "tmvar_norm", "tmVar.Normalization*.txt")):
        run(key_for("tmvar_norm", i, path), path, _role(path), _score_rsid_file)
    biored = [path for path in (base.parent / "biored" / name for name in BIORED_FILES) if path.is_file()]
    for i, path in enumerate(biored):
        run(key_for("biored", i, path), path, _role(path), _score_biored_file)
    for key, _, relative, reader in TEST_SETS:
        if (base / relative).exists():
            run(key, base / relative, HELD_OUT, _test_set_scorer(reader))
    if not results and not failures:
        raise FileNotFoundError(
            f"no mutation corpora under {shared_dir}: expected corpora/mutations/tmvar1/, mutationfinder/, "
            "tmvar_norm/, seth/, osiris/ or variome/ (pass --data or set RESMINE_SHARED)"
        )
    echo(format_table(results))
    return results


def write_errors(errors: dict[str, list[tuple[str, ...]]], path: Path) -> int:
    """Write the (dev part) error lists of :func:`main_eval` as TSV (corpus, kind, document, details...)."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("corpus\terror\tdocument\ttype_or_form\tmention\tleft_context\tright_context\n")
        for corpus, rows in errors.items():
            for row in rows:
                cells = [corpus, *[str(x).replace("\t", " ").replace("\n", " ") for x in row]]
                out.write("\t".join(cells) + "\n")
                n += 1
    return n


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, JSON_DIGITS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def to_json(results: dict[str, dict[str, Any]]) -> str:
    return json.dumps(_rounded(results), indent=2) + "\n"


# The columns of one part in the table: P, R, F1 and the counts.
_PART_WIDTH = 34


def _cells(x: dict[str, Any] | None) -> str:
    if x is None:
        return " " * _PART_WIDTH
    return f"{x['p']:6.3f} {x['r']:6.3f} {x['f1']:6.3f} {x['tp']:5d}/{x['fp']}/{x['fn']}".ljust(_PART_WIDTH)


def _interval_cell(x: dict[str, Any]) -> str:
    interval = x.get("f1_interval")
    return (f"{interval[0]:.3f}-{interval[1]:.3f}" if interval else "").ljust(_PART_WIDTH)


def _rs_cells(x: dict[str, Any] | None, kind: str) -> str:
    """The rs-id rows: (precision), recall and counts found/missed."""
    if x is None:
        return " " * _PART_WIDTH
    if kind == "ids":
        return (f"{x['id_precision']:6.3f} {x['id_recall']:6.3f} {'':>6} "
                f"{x['ids_found']:5d}/-/{x['ids'] - x['ids_found']}").ljust(_PART_WIDTH)
    return f"{'':>6} {x['span_recall']:6.3f} {'':>6} {x['spans_found']:5d}/-/{x['spans'] - x['spans_found']}".ljust(_PART_WIDTH)


def _delta(shown: list[str], t: dict[str, Any], measure: Callable[[dict[str, Any]], float]) -> str:
    """F1 (or recall) of tune minus dev, when both are shown."""
    if shown != [DEV, TUNE]:
        return ""
    return f"{measure(t[TUNE]) - measure(t[DEV]):+6.3f}"


def _header(shown: list[str]) -> list[str]:
    head = (f"{'corpus / measure':<{LABEL_WIDTH}} "
            + "".join(f"{p + ': P      R      F1   TP/FP/FN':<{_PART_WIDTH}} " for p in shown)
            + ("tune-dev " if shown == [DEV, TUNE] else "") + " target")
    notes = {TUNE: "tune: the frozen part of each corpus (a seeded hash of the PMID); its errors are never listed",
             TEST: "test: scored whole, figures only; its errors are never listed"}
    return ["", head, "-" * len(head), *(f"({notes[p]})" for p in shown if p in notes)]


def format_table(results: dict[str, dict[str, Any]]) -> str:
    """One block per corpus: a development corpus with dev and tune side by side (and tune −
    dev), a test corpus or held-back file as one test column."""
    rows: list[str] = []
    previous: list[str] = []
    test_names = {key: title for key, title, _, _ in TEST_SETS}
    for key, t in results.items():
        shown = [p for p in (*PARTS, TEST) if p in t]
        if shown != previous:
            rows += _header(shown)
            previous = shown
        name = Path(t["file"]).name
        docs = "+".join(str(t[p]["documents"]) for p in shown)

        def row(label: str, pick: Callable[[dict[str, Any]], dict[str, Any]], target: str = "") -> str:
            cells = " ".join(_cells(pick(t[p])) for p in shown)
            delta = _delta(shown, t, lambda x: pick(x)["f1"])
            line = f"{label:<{LABEL_WIDTH}} {cells} {delta:>8}  {target}".rstrip()
            if not any(pick(t[p]).get("f1_interval") for p in shown):
                return line
            intervals = " ".join(_interval_cell(pick(t[p])) for p in shown)
            return line + "\n" + f"{'    F1, 95% interval over documents':<{LABEL_WIDTH}} {intervals}".rstrip()

        if key.startswith("biored") or key in test_names:
            title = test_names.get(key) or f"BioRED {name} variants (SequenceVariant)"
            rows.append(f"{title} ({docs} docs), exact span")
            rows.append(row("  variants", lambda x: x["all"]))
            rows.append(row("  variants, prose forms counted too", lambda x: x["with_prose"]))
        elif key.startswith("tmvar") and not key.startswith("tmvar_norm"):
            rows.append(f"tmVar 1.0 {name} ({docs} docs), exact span")
            rows.append(row("  Protein+DNA+SNP together (span)", lambda x: x["all"], "F1>=0.92"))
            for typ in TMVAR_LABELS:
                rows.append(row(f"  {typ} (span and type)", itemgetter(typ), "F1>=0.92"))
            rows.append(row("  together, prose forms counted too", lambda x: x["with_prose"]))
        elif key.startswith("mutationfinder"):
            rows.append(f"MutationFinder {name} ({docs} docs)")
            rows.append(row("  normalised point mutations per document", lambda x: x, "P>=0.97 R>=0.92"))
        else:
            rows.append(f"tmVar normalisation {name} ({docs} docs)")
            cells = " ".join(_rs_cells(t[p], "ids") for p in shown)
            delta = _delta(shown, t, lambda x: x["id_recall"])
            rows.append(f"{'  rs ids written, found (per document)':<{LABEL_WIDTH}} {cells} {delta:>8}  R=1".rstrip())
            cells = " ".join(_rs_cells(t[p], "spans") for p in shown)
            delta = _delta(shown, t, lambda x: x["span_recall"])
            rows.append(f"{'  rs id mentions, exact span (recall)':<{LABEL_WIDTH}} {cells} {delta:>8}".rstrip())
    return "\n".join(rows[1:])

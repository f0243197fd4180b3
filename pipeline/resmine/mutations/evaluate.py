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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from resmine.mutations import MutationMatch, extract_mutations
from resmine.mutations.grammar import scan

TMVAR_TYPES = {"protein": "ProteinMutation", "dna": "DNAMutation", "snp": "SNP"}
POINT = re.compile(r"[ACDEFGHIKLMNPQRSTVWY]\d+[ACDEFGHIKLMNPQRSTVWY]\Z")


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # s, e, text, type, norm


def read_pubtator(path: Path) -> list[GoldDoc]:
    """PubTator documents with their mention lines (lines whose 2nd field is not a number are skipped)."""
    docs: dict[str, GoldDoc] = {}
    parts: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if not line:
                continue
            head = re.match(r"^([^|\t]+)\|([ta])\|(.*)$", line)
            if head:
                pid, kind, value = head.groups()
                parts.setdefault(pid, {})[kind] = value
                if pid not in docs:
                    docs[pid] = GoldDoc(pid, "")
                continue
            cols = line.split("\t")
            if len(cols) >= 5 and cols[1].isdigit() and cols[2].isdigit() and cols[0] in docs:
                norm = cols[6] if len(cols) > 6 else (cols[5] if len(cols) > 5 else "")
                docs[cols[0]].mentions.append((int(cols[1]), int(cols[2]), cols[3], cols[4], norm))
    for pid, doc in docs.items():
        p = parts[pid]
        doc.text = p.get("t", "") + " " + p.get("a", "")
    return list(docs.values())


def core_span(m: MutationMatch) -> tuple[int, int]:
    """The mutation's span without a gene written against it ("BRAF-V600E" -> "V600E")."""
    if m.gene_end is not None and m.kind in TMVAR_TYPES and m.gene_start == m.start:
        s = m.gene_end
        while s < m.end and m.text[s - m.start] in "-: ":
            s += 1
        return s, m.end
    return m.start, m.end


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def tmvar_level(text: str, include_prose: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, tmVar type) of the grammar's protein/DNA/SNP mentions, gene prefixes cut.

    Mentions that are mostly prose ("substitution of alanine for proline at amino acid 286",
    "Trp-241 was replaced with Ala") are left out unless ``include_prose``: the tmVar guideline
    excludes "mentions that are fully or mostly natural language".
    """
    out = []
    for c in scan(text):
        if c.kind not in TMVAR_TYPES or (c.prose and not include_prose):
            continue
        m = MutationMatch(c.start, c.end, text[c.start:c.end], c.normalized, c.kind,
                          c.gene_text, c.gene_start, c.gene_end)
        s, e = core_span(m)
        out.append((s, e, TMVAR_TYPES[c.kind]))
    return out


def eval_tmvar(docs: list[GoldDoc], errors: list | None = None, include_prose: bool = False) -> dict:
    counts = {key: Counter() for key in ("all", "ProteinMutation", "DNAMutation", "SNP")}
    for doc in docs:
        gold_any = {(s, e) for s, e, *_ in doc.mentions}
        gold_typed = {(s, e, t) for s, e, _, t, _ in doc.mentions}
        pred_typed = set(tmvar_level(doc.text, include_prose))
        pred_any = {(s, e) for s, e, _ in pred_typed}
        c = counts["all"]
        c["tp"] += len(gold_any & pred_any)
        c["fp"] += len(pred_any - gold_any)
        c["fn"] += len(gold_any - pred_any)
        for t in ("ProteinMutation", "DNAMutation", "SNP"):
            g = {x for x in gold_typed if x[2] == t}
            p = {x for x in pred_typed if x[2] == t}
            counts[t]["tp"] += len(g & p)
            counts[t]["fp"] += len(p - g)
            counts[t]["fn"] += len(g - p)
        if errors is not None:
            for s, e, t in sorted(pred_typed):
                if (s, e, t) not in gold_typed:
                    errors.append(("FP", doc.doc_id, t, doc.text[s:e], doc.text[max(0, s - 40):s], doc.text[e:e + 30]))
            for s, e, t in sorted(gold_typed):
                if (s, e, t) not in pred_typed:
                    errors.append(("FN", doc.doc_id, t, doc.text[s:e], doc.text[max(0, s - 40):s], doc.text[e:e + 30]))
    out = {}
    for key, c in counts.items():
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        out[key] = {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "p": p, "r": r, "f1": f}
    return out


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


def eval_mutationfinder(texts: dict[str, str], gold: dict[str, set[str]], errors: list | None = None) -> dict:
    tp = fp = fn = 0
    for pid, text in texts.items():
        pred = {
            n for m in extract_mutations(text) if m.kind in ("protein", "dna") for n in m.normalized
            if POINT.match(n)
        }
        g = gold.get(pid, set())
        tp += len(pred & g)
        fp += len(pred - g)
        fn += len(g - pred)
        if errors is not None:
            for n in sorted(pred - g):
                errors.append(("FP", pid, n))
            for n in sorted(g - pred):
                errors.append(("FN", pid, n))
    p, r, f = prf(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": f}


def eval_rsids(docs: list[GoldDoc], errors: list | None = None) -> dict:
    """Recall of the rs ids written in the text (SNP mentions), as ids per document and as spans."""
    gold_ids = found_ids = gold_spans = found_spans = 0
    predicted_ids = 0
    for doc in docs:
        snps = [(s, e, norm) for s, e, _, t, norm in doc.mentions if t == "SNP"]
        preds = [m for m in extract_mutations(doc.text) if m.kind == "snp"]
        ids = {re.sub(r"\D", "", n) for _, _, n in snps}
        pred_ids = {re.sub(r"\D", "", m.normalized[0]) for m in preds}
        spans = {(s, e) for s, e, _ in snps}
        pred_spans = {(m.start, m.end) for m in preds}
        gold_ids += len(ids)
        found_ids += len(ids & pred_ids)
        predicted_ids += len(pred_ids)
        gold_spans += len(spans)
        found_spans += len(spans & pred_spans)
        if errors is not None:
            for i in sorted(ids - pred_ids):
                errors.append(("FN", doc.doc_id, "rs" + i))
    return {
        "ids": gold_ids, "ids_found": found_ids, "id_recall": found_ids / gold_ids if gold_ids else 0.0,
        "id_precision": found_ids / predicted_ids if predicted_ids else 0.0,
        "spans": gold_spans, "spans_found": found_spans,
        "span_recall": found_spans / gold_spans if gold_spans else 0.0,
    }


def main_eval(shared_dir: Path, echo=print, errors: dict | None = None) -> dict:
    """Run the three evaluations on ``shared_dir/corpora/mutations`` (or ``shared_dir`` itself
    when it already is that folder), print a table and return the figures."""
    base = Path(shared_dir)
    for candidate in (base / "corpora" / "mutations", base / "data" / "corpora" / "mutations", base):
        if (candidate / "tmvar1").is_dir() or (candidate / "mutationfinder").is_dir():
            base = candidate
            break
    results: dict = {}
    err = errors if errors is not None else None
    tmvar_path = base / "tmvar1" / "train.PubTator.txt"
    if tmvar_path.is_file():
        docs = read_pubtator(tmvar_path)
        results["tmvar"] = eval_tmvar(docs, err.setdefault("tmvar", []) if err is not None else None)
        results["tmvar"]["documents"] = len(docs)
        results["tmvar_with_prose"] = eval_tmvar(docs, include_prose=True)
    mf_text, mf_gold = base / "mutationfinder" / "devo_set.txt", base / "mutationfinder" / "devo_gold_std.txt"
    if mf_text.is_file() and mf_gold.is_file():
        texts, gold = read_mutationfinder(mf_text, mf_gold)
        results["mutationfinder"] = eval_mutationfinder(texts, gold, err.setdefault("mf", []) if err is not None else None)
        results["mutationfinder"]["documents"] = len(texts)
    norm_path = base / "tmvar_norm" / "tmVar.Normalization.dev.txt"
    if norm_path.is_file():
        docs = read_pubtator(norm_path)
        results["tmvar_norm"] = eval_rsids(docs, err.setdefault("norm", []) if err is not None else None)
        results["tmvar_norm"]["documents"] = len(docs)
    if not results:
        raise FileNotFoundError(
            f"no mutation corpora under {shared_dir}: expected tmvar1/, mutationfinder/ or tmvar_norm/ "
            "(pass --data or set RESMINE_SHARED)"
        )
    echo(format_table(results))
    return results


def format_table(results: dict) -> str:
    rows = [f"{'corpus / measure':<46} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}  target"]
    rows.append("-" * len(rows[0]))
    if "tmvar" in results:
        t = results["tmvar"]
        for key, label in (("all", "Protein+DNA+SNP, span"), ("ProteinMutation", "ProteinMutation, span+type"),
                           ("DNAMutation", "DNAMutation, span+type"), ("SNP", "SNP, span+type")):
            x = t[key]
            rows.append(f"{'tmVar train ' + label:<46} {x['p']:6.3f} {x['r']:6.3f} {x['f1']:6.3f} "
                        f"{x['tp']:5d} {x['fp']:5d} {x['fn']:5d}  F1>=0.92")
        if "tmvar_with_prose" in results:
            x = results["tmvar_with_prose"]["all"]
            rows.append(f"{'  (same, prose forms counted too)':<46} {x['p']:6.3f} {x['r']:6.3f} {x['f1']:6.3f} "
                        f"{x['tp']:5d} {x['fp']:5d} {x['fn']:5d}")
    if "mutationfinder" in results:
        x = results["mutationfinder"]
        rows.append(f"{'MutationFinder devo, point mutations per doc':<46} {x['p']:6.3f} {x['r']:6.3f} {x['f1']:6.3f} "
                    f"{x['tp']:5d} {x['fp']:5d} {x['fn']:5d}  P>=0.97 R>=0.92")
    if "tmvar_norm" in results:
        x = results["tmvar_norm"]
        rows.append(f"{'tmVar norm dev, rs ids written (per doc)':<46} {x['id_precision']:6.3f} {x['id_recall']:6.3f} "
                    f"{'':>6} {x['ids_found']:5d} {'':>5} {x['ids'] - x['ids_found']:5d}  all found")
        rows.append(f"{'tmVar norm dev, rs id spans':<46} {'':>6} {x['span_recall']:6.3f} {'':>6} "
                    f"{x['spans_found']:5d} {'':>5} {x['spans'] - x['spans_found']:5d}")
    return "\n".join(rows)

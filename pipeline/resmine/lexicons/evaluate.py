"""Dictionary-only sanity figures on public NER corpora (not a target, a smoke test).

``evaluate_corpora()`` matches the lexicon over PubTator files and compares exact spans:

* BC5CDR development set, ``Chemical`` mentions vs our DRUG hits;
* BioRED dev, ``GeneOrGeneProduct`` vs GENE hits and ``ChemicalEntity`` vs DRUG hits, plus gene
  normalisation accuracy: for gold gene mentions we found with the exact span, how often our
  NCBI Gene id is one of the gold ids (FamPlex family hits have no id and count as wrong).

Run::

    .venv/bin/python -m resmine.lexicons.evaluate [CORPORA_DIR] [-v]

Nothing here feeds back into the lexicon: the corpora are evaluation data only.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from resmine.lexicons import Lexicon, load_lexicon


@dataclass
class PubTatorDoc:
    pmid: str
    text: str  # title + " " + abstract
    mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # start, end, text, type, ids


def read_pubtator(path: Path) -> Iterator[PubTatorDoc]:
    """Documents of a PubTator file (title + " " + abstract, mention lines); CRLF tolerated."""
    doc: PubTatorDoc | None = None
    title = ""
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if not line:
                if doc is not None:
                    yield doc
                doc = None
                continue
            if "|t|" in line[:20] and line.split("|", 2)[1] == "t":
                pmid, _, title = line.split("|", 2)
                doc = PubTatorDoc(pmid, title)
                continue
            if "|a|" in line[:20] and line.split("|", 2)[1] == "a":
                pmid, _, abstract = line.split("|", 2)
                if doc is None:
                    doc = PubTatorDoc(pmid, "")
                doc.text = title + " " + abstract
                continue
            cells = line.split("\t")
            if doc is not None and len(cells) >= 5 and cells[1].isdigit():
                ids = cells[5] if len(cells) > 5 else ""
                doc.mentions.append((int(cells[1]), int(cells[2]), cells[3], cells[4], ids))
    if doc is not None:
        yield doc


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_examples: Counter = field(default_factory=Counter)
    fn_examples: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (f"{name:<34} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
                f"  (tp {self.tp}, fp {self.fp}, fn {self.fn})")


def score_spans(docs: list[PubTatorDoc], lexicon: Lexicon, gold_type: str, labels: tuple[str, ...]) -> Score:
    score = Score()
    for doc in docs:
        gold = {(s, e) for s, e, _, t, _ in doc.mentions if t == gold_type}
        found = {(h.start, h.end): h.text for h in lexicon.match(doc.text) if h.label in labels}
        score.tp += len(gold & found.keys())
        for span in found.keys() - gold:
            score.fp += 1
            score.fp_examples[found[span]] += 1
        for s, e in gold - found.keys():
            score.fn += 1
            score.fn_examples[doc.text[s:e]] += 1
    return score


@dataclass
class Normalisation:
    correct: int = 0
    matched: int = 0
    human_correct: int = 0  # restricted to gold mentions with a human gene id in our lexicon
    human_matched: int = 0
    wrong: Counter = field(default_factory=Counter)


def gene_normalisation(docs: list[PubTatorDoc], lexicon: Lexicon) -> Normalisation:
    """Our NCBI Gene id vs the gold ids, over gold GeneOrGeneProduct mentions found exactly.
    BioRED also annotates mouse and rat genes (other ids): the human subset is reported too."""
    human_ids = lexicon.idents("GENE")
    out = Normalisation()
    for doc in docs:
        hits = {(h.start, h.end): h for h in lexicon.match(doc.text) if h.label == "GENE"}
        for s, e, text, kind, ids in doc.mentions:
            if kind != "GeneOrGeneProduct" or (s, e) not in hits:
                continue
            gold_ids = {i.strip() for i in ids.replace(";", ",").split(",") if i.strip()}
            human = bool(gold_ids & human_ids)
            ok = bool(hits[(s, e)].ident) and hits[(s, e)].ident in gold_ids
            out.matched += 1
            out.correct += ok
            out.human_matched += human
            out.human_correct += ok and human
            if not ok and human:
                out.wrong[f"{text} -> {hits[(s, e)].normalized} (gold {ids})"] += 1
    return out


def evaluate_corpora(corpora: Path, lexicon: Lexicon | None = None) -> dict:
    """The sanity figures as a dict (and printable lines under ``"lines"``)."""
    lexicon = lexicon or load_lexicon()
    bc5 = list(read_pubtator(corpora / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt"))
    bio = list(read_pubtator(corpora / "biored" / "Dev.PubTator"))
    results = {
        "bc5cdr_dev_chemical_vs_drug": score_spans(bc5, lexicon, "Chemical", ("DRUG",)),
        "biored_dev_chemical_vs_drug": score_spans(bio, lexicon, "ChemicalEntity", ("DRUG",)),
        "biored_dev_gene_vs_gene": score_spans(bio, lexicon, "GeneOrGeneProduct", ("GENE",)),
    }
    norm = gene_normalisation(bio, lexicon)
    lines = [score.line(name) for name, score in results.items()]
    lines.append(
        f"{'biored_dev_gene_normalisation':<34} all {norm.correct}/{norm.matched}"
        f" = {norm.correct / max(norm.matched, 1):.3f}; human-gold {norm.human_correct}/{norm.human_matched}"
        f" = {norm.human_correct / max(norm.human_matched, 1):.3f} (exact-span matches)"
    )
    return {"scores": results, "gene_norm": norm, "lines": lines,
            "docs": {"bc5cdr_dev": len(bc5), "biored_dev": len(bio)}}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    paths = [a for a in argv if not a.startswith("-")]
    if paths:
        corpora = Path(paths[0])
    else:
        from resmine.paths import shared_dir

        corpora = shared_dir() / "data" / "corpora"
    out = evaluate_corpora(corpora)
    print(f"documents: {out['docs']}")
    for line in out["lines"]:
        print(line)
    if "-v" in argv or "--verbose" in argv:
        for name, score in out["scores"].items():
            print(f"\n{name} top false positives: {score.fp_examples.most_common(25)}")
            print(f"{name} top false negatives: {score.fn_examples.most_common(25)}")
        print(f"\ngene normalisation errors (human gold): {out['gene_norm'].wrong.most_common(25)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

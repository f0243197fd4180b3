"""``resmine pretrain-ner``: pretrain the tok2vec of ``models/ner.cfg`` on unlabelled text
(spaCy's ``pretrain``, characters objective), for ``resmine train-ner --init-tok2vec``.

The texts (:func:`pretraining_texts`) are the titles and abstracts (BC2GM: sentences) of the NER's
own training splits and the PubMed abstracts and PMC full texts recorded in
``../shared/data/eutils/``, never a text an evaluation reads:

* no text of a split ``resmine eval-ner`` scores, by id or by the text itself (BC2GM devel, BC5CDR dev, BioRED dev and all of
  GNormPlus train, whose part outside the tune split is eval-ner's GNormPlus "dev");
* no text whose id (PMID, BC2GM sentence id, or a full text's PMID) is a tune id
  (:func:`resmine.tools.splits.is_tune`): a paper falls on the same side in every corpus;
* no corpus other commands score as dev (tmVar 1, MutationFinder, CIViCmine) nor the test-only
  ones (SETH, OSIRIS, Variome): none of them is read;
* no text twice (the same abstract in two corpora is written once).

A full text is written passage by passage: spaCy's pretraining reader skips documents longer
than its ``max_length`` tokens, and a paragraph is the context the tok2vec's window sees anyway.

Pretraining docs are only tokenized: the feature component does not run, so the TAG attribute
the tok2vec embeds (a token's lexicon/grammar code) is empty there; its table learns in training.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from resmine.model import Document
from resmine.readers import iter_documents
from resmine.tools.ner.corpora import EVAL_SPLITS, load_split
from resmine.tools.splits import is_tune

# The labelled NER training splits whose texts are pretrained on (without their labels).
PRETRAIN_SPLITS = ("bc2gm-train", "bc5cdr-train", "biored-train", "nlmgene-train")
# Reader formats of ``eutils/`` that hold article text (the rest are E-utilities envelopes).
_ARTICLE_FORMATS = ("pubmed", "jats")


@dataclass
class Selection:
    """What :func:`pretraining_texts` kept and left out, per source."""

    texts: list[str] = field(default_factory=list)
    ids: list[tuple[str, ...]] = field(default_factory=list)  # each kept text's document ids
    # source -> reason ("kept", "evaluated", "tune", "repeat") -> texts
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, source: str, reason: str) -> None:
        reasons = self.counts.setdefault(source, {})
        reasons[reason] = reasons.get(reason, 0) + 1

    def words(self) -> int:
        return sum(len(text.split()) for text in self.texts)

    def lines(self) -> list[str]:
        out = [f"{source}: " + ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
               for source, reasons in self.counts.items()]
        out.append(f"pretraining texts: {len(self.texts):,}, {self.words():,} words (whitespace-separated)")
        return out


def evaluated(corpora: Path, splits: Iterable[str] = EVAL_SPLITS) -> tuple[set[str], set[str]]:
    """The document ids and the texts of every text ``resmine eval-ner`` scores (dev and tune
    parts): the texts too, because BC2GM repeats short sentences ("(1992) J.") across its parts."""
    items = [item for split in splits for item in load_split(corpora, split)]
    return {item.doc_id for item in items}, {item.text.strip() for item in items}


def article_texts(documents: Iterable[object]) -> Iterator[tuple[tuple[str, ...], str]]:
    """``(ids, text)`` of each PubMed abstract (title and abstract, one text) and of each
    passage of a PMC full text; ``ids`` are the PMID and PMCID the tune split may be keyed by."""
    for document in documents:
        if not isinstance(document, Document) or document.format not in _ARTICLE_FORMATS:
            continue
        ids = tuple(i for i in (document.doc_id, document.meta.get("pmid", ""), document.meta.get("pmcid", "")) if i)
        if document.format == "pubmed":
            yield ids, document.text
        else:
            for passage in document.passages:
                yield ids, document.text[passage.start:passage.end]


def pretraining_texts(corpora: Path, eutils: Path | None, splits: Iterable[str] = PRETRAIN_SPLITS,
                      limit: int = 0) -> Selection:
    """The unlabelled texts to pretrain on (see the module docstring for what is left out);
    ``limit`` keeps the first N texts of each source (smoke runs)."""
    excluded_ids, excluded_texts = evaluated(corpora)
    selection = Selection()
    seen: set[str] = set()

    def offer(source: str, ids: tuple[str, ...], text: str) -> None:
        text = text.strip()
        if (limit and selection.counts.get(source, {}).get("kept", 0) >= limit) or not text:
            return
        if text in excluded_texts or any(i in excluded_ids for i in ids):
            reason = "evaluated"
        elif any(map(is_tune, ids)):
            reason = "tune"
        else:
            reason = "repeat" if text in seen else "kept"
        selection.count(source, reason)
        if reason == "kept":
            seen.add(text)
            selection.texts.append(text)
            selection.ids.append(ids)

    for split in splits:
        for item in load_split(corpora, split):
            offer(split, (item.doc_id,), item.text)
    if eutils is not None:
        for ids, text in article_texts(iter_documents([eutils])):
            offer("eutils", ids, text)
    return selection


def write_jsonl(texts: Iterable[str], path: Path) -> None:
    """spaCy's raw-text format: one ``{"text": ...}`` object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for text in texts:
            out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


def pretrain_ner(texts_path: Path, out_file: Path, config: Path, overrides: dict | None = None,
                 work_dir: Path | None = None) -> Path:
    """Run spaCy's pretraining of ``config``'s tok2vec on ``texts_path`` (JSONL) and copy the
    last epoch's weights to ``out_file``; returns ``out_file``."""
    from spacy.training.pretrain import pretrain
    from spacy.util import load_config
    from thinc.api import use_ops

    import resmine.ner.architectures  # noqa: F401  registers resmine's layers for the config
    import resmine.nlp  # noqa: F401  registers resmine's factories and tokenizer for the config
    from resmine.ner.ops import BlasOps

    settings = {"paths.raw_text": str(texts_path), **(overrides or {})}
    cfg = load_config(config, overrides=settings, interpolate=True)
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="resmine-pretrain-"))
    try:
        work.mkdir(parents=True, exist_ok=True)
        # the tok2vec multiplies through the backend it will be trained and run with (resmine.ner.ops)
        with use_ops(BlasOps.name):
            pretrain(cfg, work, use_gpu=-1, silent=False)
        out_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "model-last.bin", out_file)
    finally:
        if not work_dir:
            shutil.rmtree(work, ignore_errors=True)
    return out_file

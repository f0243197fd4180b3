"""The NER corpora of ``../shared/data/corpora/`` as annotated texts with character offsets.

Each loader returns :class:`AnnotatedText` items: a text, its gold entities labelled with our
NER labels (``GENE``, ``CHEMICAL``) and which labels the corpus annotates at all (BC2GM has no
chemicals, BC5CDR no genes: training must not read their absence as "not an entity").

* BC2GM (``bc2gm/original/{train,devel}``): one sentence per line; ``GENE.eval`` offsets count
  non-space characters with an inclusive end, converted here. ``ALTGENE.eval`` boundaries are
  kept as ``alternatives`` for the official scoring.
* BC5CDR (PubTator): ``Chemical`` → CHEMICAL (diseases are not ours).
* BioRED (PubTator): ``GeneOrGeneProduct`` → GENE with its NCBI Gene ids, ``ChemicalEntity`` →
  CHEMICAL.
* NLM-Gene (PubTator, training part only): ``Gene`` and ``FamilyName`` → GENE (BioRED, from the
  same NLM group, annotates families such as "Wnt" as genes too); no chemicals. Many of its
  abstracts are also BioRED's: :func:`resmine.tools.ner.train.train_ner` drops every training text
  whose PMID is in a dev split, so dev scores stay unseen-text scores.
* GNormPlus (PubTator, training part only): ``Gene`` → GENE with its NCBI Gene ids, of any
  species; its ``FamilyName`` and ``DomainMotif`` are not genes under its convention and are left
  out. About 40 rows carry offsets one character off their text (upstream): those are moved to
  where their text is (:func:`repair_offsets`), the rest skipped. ``gnormplus-train`` is scored
  (whole, as ``resmine run`` reads it); ``gnormplus-train-dev`` is its part outside the frozen
  tune split, for training: there its families and domains are ``missing`` spans (BioRED and
  NLM-Gene call a family such as "Wnt" a gene, GNormPlus does not: neither is taught as
  "outside"), and its texts carry their own convention (``gnormplus``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from resmine.readers.pubtator import read_pubtator_annotated
from resmine.tools.splits import is_tune

GENE = "GENE"
CHEMICAL = "CHEMICAL"
LABELS = (GENE, CHEMICAL)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    ids: str = ""


@dataclass
class AnnotatedText:
    doc_id: str
    text: str
    entities: list[Entity]
    annotated: tuple[str, ...]  # labels this corpus annotates exhaustively
    alternatives: list[Entity] = field(default_factory=list)  # BC2GM ALTGENE boundaries
    convention: str = ""  # whose annotation guidelines: "bc2gm", "bc5cdr", "biored"
    # spans the corpus annotates as something that is neither one of our labels nor "outside"
    # (GNormPlus families and domains): training marks their tokens missing
    missing: list[Entity] = field(default_factory=list)


class CorpusError(Exception):
    """A corpus file is missing or unreadable (the message names it)."""


def _nonspace_to_char(text: str) -> list[int]:
    """offsets[k] = character offset of the k-th non-space character."""
    return [i for i, ch in enumerate(text) if not ch.isspace()]


def _read_eval(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    if not path.is_file():
        return out
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            try:
                sent_id, span, mention = line.split("|", 2)
                first, last = (int(x) for x in span.split())
            except ValueError:
                raise CorpusError(f"{path}: line {number}: not 'ID|start end|mention'") from None
            out.setdefault(sent_id, []).append((first, last, mention))
    return out


def load_bc2gm(directory: Path, part: str) -> list[AnnotatedText]:
    """BC2GM ``part`` ("train" or "devel") from ``directory`` = ``.../corpora/bc2gm``."""
    base = directory / "original" / part
    sentences = base / f"{part}.in"
    if not sentences.is_file():
        raise CorpusError(f"{sentences}: BC2GM sentence file not found")
    genes = _read_eval(base / "GENE.eval")
    alternatives = _read_eval(base / "ALTGENE.eval")
    out = []
    with open(sentences, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line:
                continue
            sent_id, _, text = line.partition(" ")
            positions = _nonspace_to_char(text)

            def convert(items):
                spans = []
                for first, last, _mention in items:
                    if last < len(positions):
                        spans.append(Entity(positions[first], positions[last] + 1, GENE))
                return spans

            out.append(AnnotatedText(sent_id, text, convert(genes.get(sent_id, [])), (GENE,),
                                     convert(alternatives.get(sent_id, [])), "bc2gm"))
    return out


def load_pubtator(path: Path, type_map: dict[str, str], convention: str = "",
                  repair: bool = False, missing_types: tuple[str, ...] = ()) -> list[AnnotatedText]:
    """A PubTator corpus, keeping the annotation types in ``type_map`` (renamed to our labels);
    ``repair``: rows shifted off their text are moved back (:func:`repair_offsets`), rows
    nowhere near it dropped; rows of ``missing_types`` become the text's ``missing`` spans."""
    if not path.is_file():
        raise CorpusError(f"{path}: PubTator corpus file not found")
    out = []
    for item in read_pubtator_annotated(path):
        if not isinstance(item, tuple):
            raise CorpusError(item.message)
        document, annotations = item
        entities, missing = [], []
        for a in annotations:
            if a.type not in type_map and a.type not in missing_types:
                continue
            span = repair_offsets(document.text, a.start, a.end, a.text) if repair else (a.start, a.end)
            if span is None:
                continue
            if a.type in type_map:
                entities.append(Entity(span[0], span[1], type_map[a.type], a.ids))
            else:
                missing.append(Entity(span[0], span[1], a.type))
        out.append(AnnotatedText(document.doc_id, document.text, entities,
                                 tuple(sorted(set(type_map.values()))), convention=convention,
                                 missing=missing))
    return out


def repair_offsets(text: str, start: int, end: int, mention: str, reach: int = 2) -> tuple[int, int] | None:
    """The span of ``mention`` in ``text``: ``(start, end)`` when it is there, else the nearest
    place within ``reach`` characters where the mention's text is; None when it is nowhere near
    (GNormPlus carries a few rows shifted by one character)."""
    if text[start:end] == mention:
        return start, end
    for shift in sorted(range(-reach, reach + 1), key=abs):
        if 0 <= start + shift and text[start + shift:start + shift + len(mention)] == mention:
            return start + shift, start + shift + len(mention)
    return None


def load_gnormplus(path: Path) -> list[AnnotatedText]:
    """GNormPlus' ``Gene`` mentions (ids of every species) as GENE; families and domains out."""
    return load_pubtator(path, GNORMPLUS_TYPES, repair=True)


def load_gnormplus_training(path: Path) -> list[AnnotatedText]:
    """GNormPlus texts outside the frozen tune part (:func:`resmine.tools.splits.is_tune`), for
    training: genes as GENE, families and domains as missing spans, convention ``gnormplus``."""
    return [item for item in load_pubtator(path, GNORMPLUS_TYPES, "gnormplus", repair=True,
                                           missing_types=GNORMPLUS_NOT_GENES)
            if not is_tune(item.doc_id)]


BC5CDR_TYPES = {"Chemical": CHEMICAL}
BIORED_TYPES = {"GeneOrGeneProduct": GENE, "ChemicalEntity": CHEMICAL}
NLMGENE_TYPES = {"Gene": GENE, "FamilyName": GENE}
GNORMPLUS_TYPES = {"Gene": GENE}
GNORMPLUS_NOT_GENES = ("FamilyName", "DomainMotif")


def load_split(corpora: Path, name: str) -> list[AnnotatedText]:
    """One named split: ``bc2gm-train``, ``bc2gm-devel``, ``bc5cdr-train``, ``bc5cdr-dev``,
    ``biored-train``, ``biored-dev``, ``nlmgene-train``, ``gnormplus-train`` and
    ``gnormplus-train-dev`` (its part outside the tune split, for training)."""
    loaders = {
        "bc2gm-train": lambda: load_bc2gm(corpora / "bc2gm", "train"),
        "bc2gm-devel": lambda: load_bc2gm(corpora / "bc2gm", "devel"),
        "bc5cdr-train": lambda: load_pubtator(corpora / "bc5cdr" / "CDR_TrainingSet.PubTator.txt", BC5CDR_TYPES, "bc5cdr"),
        "bc5cdr-dev": lambda: load_pubtator(corpora / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt", BC5CDR_TYPES, "bc5cdr"),
        "biored-train": lambda: load_pubtator(corpora / "biored" / "Train.PubTator", BIORED_TYPES, "biored"),
        "biored-dev": lambda: load_pubtator(corpora / "biored" / "Dev.PubTator", BIORED_TYPES, "biored"),
        "gnormplus-train": lambda: load_gnormplus(corpora / "gnormplus" / "GNormPlus_Train.PubTator"),
        "gnormplus-train-dev": lambda: load_gnormplus_training(corpora / "gnormplus" / "GNormPlus_Train.PubTator"),
        "nlmgene-train": lambda: load_pubtator(corpora / "nlmgene" / "NLMgene_Train.PubTator", NLMGENE_TYPES, "nlmgene"),
    }
    if name not in loaders:
        raise CorpusError(f"unknown split {name!r}; known: {', '.join(loaders)}")
    return loaders[name]()


# What models/ner/ is trained on ("NAME*COPIES", see train.py): BC2GM twice, and BC5CDR,
# BioRED and NLM-Gene repeated so that their few hundred abstracts each weigh against BC2GM's
# 12,500 sentences. Texts of the dev splits are left out (train.without_dev_texts).
TRAIN_SPLITS = ("bc2gm-train*2", "bc5cdr-train*2", "biored-train*3", "nlmgene-train*2")
DEV_SPLITS = ("bc2gm-devel", "bc5cdr-dev", "biored-dev")
# What ``resmine eval-ner`` scores by default: the dev splits, and GNormPlus train for gene
# boundaries under its convention and gene normalisation (no model is trained on it).
EVAL_SPLITS = (*DEV_SPLITS, "gnormplus-train")

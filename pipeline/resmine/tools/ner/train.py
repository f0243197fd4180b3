"""``resmine train-ner``: train resmine's statistical NER (GENE, CHEMICAL) with spaCy.

Steps, all reproducible from the repository and ``../shared/data/corpora``:

1. Read the training splits (:mod:`resmine.tools.ner.corpora`) and turn each text into a spaCy Doc
   tokenized by :mod:`resmine.ner.tokenizer`, with gold entities. Where a corpus does not
   annotate a label (BC2GM: chemicals; BC5CDR: genes) the tokens the lexicon calls that label
   are marked *missing*, not "outside", so the model is not taught that "cisplatin" in a BC2GM
   sentence is no chemical. Gold spans that do not fall on token boundaries are marked missing
   too and counted.
2. Write them as ``.spacy`` DocBins, each Doc tagged with its corpus' annotation convention
   (:mod:`resmine.ner.features`), and run ``spacy train`` with ``models/ner.cfg``, whose
   corpus reader ``resmine.convention_corpus.v1`` hands that tag to the feature component;
   the dev splits pick the best checkpoint.
3. Copy the best model to ``--out`` (default ``models/ner``) without its training paths or a copy
   of the dictionaries, its weights stored at half precision (:func:`resmine.ner.store_at_half_precision`).
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Corpus
from spacy.util import registry

from resmine.lexicons import Lexicon, load_lexicon
from resmine.ner import store_at_half_precision
from resmine.ner.ops import BlasOps
from resmine.tools.ner.corpora import CHEMICAL, GENE, LABELS, AnnotatedText, CorpusError, Entity, load_split
from resmine.ner.features import CONVENTION_KEY
from resmine.ner.tokenizer import biomedical_tokenizer

# Which lexicon labels stand for an NER label a corpus may leave unannotated.
_LEXICON_LABELS = {GENE: ("GENE",), CHEMICAL: ("DRUG", "DRUG_CLASS")}


@dataclass
class Conversion:
    docs: int = 0
    entities: int = 0
    misaligned: int = 0
    missing_tokens: int = 0

    def line(self, name: str) -> str:
        return (f"{name}: {self.docs} texts, {self.entities} entities, {self.misaligned} misaligned"
                f" (marked missing), {self.missing_tokens} tokens missing for unannotated labels")


@registry.readers("resmine.convention_corpus.v1")
def create_convention_corpus(path: Path | None, max_length: int = 0, limit: int = 0):
    """spaCy's ``Corpus`` reader, passing each reference Doc's annotation convention on to the
    Doc the pipeline predicts on (where ``resmine_ner_features`` reads it)."""
    # spaCy types path as required; a null one from the config fails when the corpus is read
    corpus = Corpus(cast(Path, path), max_length=max_length, limit=limit)

    def read(nlp: Language):
        for example in corpus(nlp):
            convention = example.reference.user_data.get(CONVENTION_KEY)
            if convention:
                example.predicted.user_data[CONVENTION_KEY] = convention
            yield example

    return read


def tokenizer_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = biomedical_tokenizer(nlp)
    return nlp


def _non_overlapping(spans: list) -> list:
    """Longest first, then leftmost; drop spans overlapping a kept one (nested gold mentions)."""
    kept: list = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            continue
        kept.append(span)
        taken |= tokens
    return sorted(kept, key=lambda s: s.start)


def training_doc(nlp: Language, item: AnnotatedText, lexicon: Lexicon, stats: Conversion) -> Doc:
    """The gold Doc of one annotated text (see the module docstring for missing tokens)."""
    doc = nlp.make_doc(item.text)
    entities, missing = [], []
    for entity in item.entities:
        span = doc.char_span(entity.start, entity.end, label=entity.label)
        if span is None:
            stats.misaligned += 1
            span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is not None and len(span):
                missing.append(span)
            continue
        entities.append(span)
    for other in item.missing:  # annotated, but as nothing of ours (GNormPlus families)
        span = doc.char_span(other.start, other.end, alignment_mode="expand")
        if span is not None and len(span):
            missing.append(span)
    entities = _non_overlapping(entities)
    unannotated = [label for label in LABELS if label not in item.annotated]
    if unannotated:
        wanted = {lex for label in unannotated for lex in _LEXICON_LABELS[label]}
        for hit in lexicon.match(item.text):
            if hit.label in wanted:
                span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
                if span is not None and len(span):
                    missing.append(span)
    taken = {i for span in entities for i in range(span.start, span.end)}
    missing_tokens = sorted({i for span in missing for i in range(span.start, span.end)} - taken)
    stats.missing_tokens += len(missing_tokens)
    stats.entities += len(entities)
    stats.docs += 1
    doc.set_ents(entities, missing=[doc[i:i + 1] for i in missing_tokens], default="outside")
    if item.convention:
        doc.user_data[CONVENTION_KEY] = item.convention
    return doc


def write_docbin(items: list[AnnotatedText], path: Path, lexicon: Lexicon, name: str) -> Conversion:
    nlp = tokenizer_nlp()
    stats = Conversion()
    docbin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for item in items:
        docbin.add(training_doc(nlp, item, lexicon, stats))
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    print(stats.line(name), flush=True)
    return stats


def parse_split(spec: str) -> tuple[str, int, bool]:
    """``"biored-train*3"`` → ("biored-train", 3, False): a split repeated to weigh its
    annotation conventions more (BioRED's 300 abstracts against BC2GM's 12,500 sentences).
    A ``"+swap"`` suffix (``"biored-train+swap*1"``) makes the copies with swapped chemical
    names (:func:`with_swapped_chemicals`)."""
    name, _, copies = spec.partition("*")
    name, swap = (name[:-len("+swap")], True) if name.endswith("+swap") else (name, False)
    try:
        return name, max(1, int(copies)) if copies else 1, swap
    except ValueError:
        raise CorpusError(f"bad split {spec!r}: expected NAME, NAME*COPIES or NAME+swap*COPIES") from None


def with_swapped_chemicals(items: list[AnnotatedText], names: list[str], seed: int) -> list[AnnotatedText]:
    """Copies of ``items`` whose chemical mentions are replaced by names drawn from ``names``
    (the training splits' own chemical mentions). A model that has seen each context with many
    names must read the context, not remember the name: that is what finds unseen compounds."""
    if not names:
        raise CorpusError("+swap needs chemical names from another training split (BC5CDR or BioRED)")
    rng = random.Random(seed)
    out = []
    chosen: dict[str, str]  # a copy's replacement of each chemical name
    for item in items:
        text, entities, shift, last, chosen = [], [], 0, 0, {}
        for entity in sorted(item.entities, key=lambda e: (e.start, e.end)):
            if entity.start < last:  # nested or overlapping: dropped with the copy's offsets
                continue
            old = item.text[entity.start:entity.end]
            # one name stays one name throughout the text, as its repeats and abbreviations do
            new = chosen.setdefault(old, rng.choice(names)) if entity.label == CHEMICAL else old
            text.append(item.text[last:entity.start])
            start = entity.start + shift
            entities.append(Entity(start, start + len(new), entity.label, entity.ids))
            text.append(new)
            shift += len(new) - (entity.end - entity.start)
            last = entity.end
        text.append(item.text[last:])
        out.append(replace(item, doc_id=f"{item.doc_id}+swap", text="".join(text), entities=entities,
                           alternatives=[]))
    return out


def without_dev_texts(train: list[AnnotatedText], dev: list[AnnotatedText]) -> list[AnnotatedText]:
    """``train`` without the texts whose id is also a dev text's: corpora share PubMed abstracts
    (20 of BioRED's 67 dev abstracts are in NLM-Gene's training set)."""
    dev_ids = {item.doc_id for item in dev}
    kept = [item for item in train if item.doc_id not in dev_ids]
    if len(kept) < len(train):
        print(f"train: {len(train) - len(kept)} texts left out, their ids are in the dev splits", flush=True)
    return kept


def train_ner(
    corpora: Path,
    out_dir: Path,
    config: Path,
    train_splits: tuple[str, ...],
    dev_splits: tuple[str, ...],
    limit: int = 0,
    overrides: dict | None = None,
    work_dir: Path | None = None,
) -> Path:
    """Train and copy the best model to ``out_dir``; returns ``out_dir``."""
    from spacy.cli.train import train as spacy_train
    from thinc.api import use_ops

    import resmine.ner.architectures  # noqa: F401  registers resmine's layers for the config
    import resmine.nlp  # noqa: F401  registers resmine's factories for the config

    lexicon = load_lexicon()
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="resmine-ner-"))
    try:
        parts, to_swap = {}, []
        for part, splits in (("dev", dev_splits), ("train", train_splits)):
            items = []
            for split in splits:
                name, copies, swap = parse_split(split)
                loaded = load_split(corpora, name)
                loaded = (loaded[:limit] if limit else loaded) * copies
                if swap and part == "train":
                    to_swap.append(loaded)
                else:
                    items += loaded
            parts[part] = items
        parts["train"] = without_dev_texts(parts["train"], parts["dev"])
        if to_swap:  # the names come from the training texts kept, never from a dev text
            names = sorted({item.text[e.start:e.end] for item in parts["train"]
                            for e in item.entities if e.label == CHEMICAL})
            for seed, items in enumerate(to_swap):
                parts["train"] += with_swapped_chemicals(without_dev_texts(items, parts["dev"]), names, seed)
        data = {}
        for part, splits in (("train", train_splits), ("dev", dev_splits)):
            items = parts[part]
            data[part] = work / f"{part}.spacy"
            write_docbin(items, data[part], lexicon, f"{part} ({'+'.join(splits)})")
        settings = {"paths.train": str(data["train"]), "paths.dev": str(data["dev"])}
        settings.update(overrides or {})
        # the layers built for training multiply as the loaded model will (resmine.ner.ops)
        with use_ops(BlasOps.name):
            spacy_train(config, work / "output", overrides=settings, use_gpu=-1)
        _install(work / "output" / "model-best", Path(out_dir), train_splits, dev_splits)
    finally:
        if not work_dir:  # a temporary folder: gone whether training finished or not
            shutil.rmtree(work, ignore_errors=True)
    return Path(out_dir)


def _install(best: Path, out_dir: Path, train_splits, dev_splits) -> None:
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(best, out_dir)
    # spaCy saved the feature component's copy of the dictionaries (2 MB); models/ner keeps none,
    # so the features read models/lexicons as the pipeline does, not the lexicon of training day
    shutil.rmtree(out_dir / "resmine_ner_features", ignore_errors=True)
    config_path = out_dir / "config.cfg"
    cfg = spacy.util.load_config(config_path, interpolate=False)
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg["paths"]["init_tok2vec"] = None  # used once, when training started; not shipped
    cfg["paths"]["raw_text"] = None
    cfg.to_disk(config_path)
    meta_path = out_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "resmine_ner",
        "description": "resmine GENE/CHEMICAL NER; see models/README.md",
        "license": "MIT (model); training data: see models/README.md",
        "sources": [{"name": s} for s in (*train_splits,)],
        "dev_splits": list(dev_splits),
    })
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    store_at_half_precision(out_dir)

"""Statistical NER for genes and drugs, and how its entities become resmine mentions.

Parts:

* :mod:`resmine.ner.tokenizer` — the tokenizer resmine's NER models use;
* :mod:`resmine.ner.features` — lexicon/grammar codes the models read as a token feature;
* :mod:`resmine.ner.corpora` — BC2GM, BC5CDR and BioRED as annotated texts;
* :mod:`resmine.ner.train` — ``resmine train-ner``;
* :mod:`resmine.ner.evaluate` — ``resmine eval-ner``.

The pipeline's ``resmine_ner`` component (``nlp/components.py``) runs a NER model chosen in the
config — ours in ``models/ner/`` by default, or any installed spaCy pipeline with an ``ner``,
such as scispaCy's ``en_ner_bc5cdr_md`` — and :func:`merge_entities` turns its entities into
mentions: the model decides *where* a gene or drug is (recall: unseen names, code names), the
lexicon decides *which* one it is (normalisation), and an entity the dictionaries already
cover is left to them (precision).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from resmine.lexicons import Lexicon
from resmine.model import Mention

# Model label → resmine mention label. Covers ours and scispaCy's NER models.
DEFAULT_LABELS = {
    "GENE": "GENE",
    "GENE_OR_GENE_PRODUCT": "GENE",
    "CHEMICAL": "DRUG",
    "SIMPLE_CHEMICAL": "DRUG",
}
# Mentions already found by these labels keep their span: the model only fills gaps.
_COVERED_LABELS = frozenset({"GENE", "DRUG", "DRUG_CLASS", "MUTATION"})
# Words that name what a gene makes or where, not which gene: "p53 protein", "ALK kinase".
_GENE_TAILS = frozenset({"protein", "proteins", "gene", "genes", "mrna", "kinase", "transcript",
                         "transcripts", "expression", "levels", "level"})
_GENE_HEADS = frozenset({"human", "wild-type", "mutant", "the"})
# A name starts with a letter, digit or opening bracket, ends with a letter, digit, closing
# bracket, "+" or "'", has a letter, and no layout characters.
_NAME_SHAPE = re.compile(r"(?=[^|*#~<>=]*\Z)(?=.*[^\W\d_])[\w(\[].*?[\w)\]+']\Z|[^\W\d_]\Z", re.DOTALL)
_PHOSPHO = re.compile(r"^(?:phospho|p)-(?=[A-Z])", re.IGNORECASE)


class NerModelError(Exception):
    """A NER model could not be loaded (the message names it)."""


def default_model_path() -> Path:
    from resmine.paths import models_dir

    return models_dir() / "ner"


def load_ner_model(model: str | None = None):
    """A spaCy pipeline with an ``ner`` by package name or path (default ``models/ner``).

    scispaCy's NER packages (``en_ner_bc5cdr_md``, ...) load the same way when installed.
    """
    import spacy

    import resmine.nlp.components  # noqa: F401  our models name resmine's factories

    target = model or str(default_model_path())
    try:
        nlp = spacy.load(target)
    except (OSError, ValueError, KeyError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NerModelError(f"{target}: cannot load NER model: {first}") from None
    if "ner" not in nlp.pipe_names:
        raise NerModelError(f"{target}: pipeline has no 'ner' component ({', '.join(nlp.pipe_names)})")
    return nlp


def normalize_gene_entity(text: str, lexicon: Lexicon) -> str | None:
    """The HGNC symbol of an entity as the model bounded it, allowing "p53 protein", "human ALK"."""
    symbol = lexicon.normalize_gene(text, any_case=True)
    if symbol:
        return symbol
    words = text.split()
    while len(words) > 1 and words[-1].lower() in _GENE_TAILS:
        words = words[:-1]
    while len(words) > 1 and words[0].lower() in _GENE_HEADS:
        words = words[1:]
    core = " ".join(words)
    core = _PHOSPHO.sub("", core)
    if core != text:
        symbol = lexicon.normalize_gene(core, any_case=True)
        if symbol:
            return symbol
    # A plural of a symbol: "ARs", "RTKs" ("AR" + "s"), never a lower-case word.
    if len(core) > 2 and core.endswith("s") and core[-2].isupper():
        return lexicon.normalize_gene(core[:-1], any_case=True)
    return None


def merge_entities(
    doc_id: str,
    text: str,
    entities: Iterable[tuple[int, int, str]],
    existing: list[Mention],
    lexicon: Lexicon,
    labels: dict[str, str] = DEFAULT_LABELS,
) -> list[Mention]:
    """``existing`` mentions plus the model's ``(start, end, label)`` entities, merged.

    * An entity over text no mention covers is added.
    * A DRUG entity that strictly contains drug-dictionary hits only replaces them: the model
      saw the whole name ("puromycin aminonucleoside", not "puromycin").
    * Any other overlap drops the entity: dictionary genes keep their spans ("p53", not
      "p53 protein"; "EML4" and "ALK", not "EML4-ALK"), as do drug classes and mutations.

    A GENE entity is normalised to its HGNC symbol when the lexicon knows it, else its normal
    form stays empty (found, not named: relations skip it);
    a DRUG entity to its generic name, else its lower-cased text (a code name such as
    "AG14361" is still a drug the curators want to see). Entities without a letter, or with
    table or markup characters at an edge ("~2", "| Pre"), are the model reading layout, not
    names, and are dropped.
    """
    covered = sorted((m for m in existing if m.label in _COVERED_LABELS), key=lambda m: m.start)
    starts = [m.start for m in covered]
    replaced: set[int] = set()
    added = []
    for start, end, model_label in entities:
        label = labels.get(model_label)
        surface = text[start:end]
        if label is None or not _NAME_SHAPE.match(surface):
            continue
        inside = _overlapping(covered, starts, start, end)
        if inside and (label == "GENE" or not all(
            m.label == label and m.source == "lexicon" and start <= m.start and m.end <= end
            and (m.start, m.end) != (start, end) for m in inside
        )):
            continue
        if label == "GENE":
            normalized = normalize_gene_entity(surface, lexicon) or ""
        else:
            normalized = lexicon.normalize_drug(surface) or surface.lower()
        replaced.update(id(m) for m in inside)
        added.append(Mention(doc_id, start, end, surface, label, normalized, "ner"))
    return [m for m in existing if id(m) not in replaced] + added


def _overlapping(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """Mentions (sorted by start) overlapping [start, end); mentions are short, so a mention
    overlapping the span starts at most a few dozen characters before it."""
    from bisect import bisect_left

    first = bisect_left(starts, start - 200)
    last = bisect_left(starts, end)
    return [m for m in mentions[first:last] if m.start < end and start < m.end]

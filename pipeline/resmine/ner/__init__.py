"""Statistical NER for genes and drugs, and how its entities become resmine mentions.

Parts:

* :mod:`resmine.ner.tokenizer` — the tokenizer resmine's NER models use;
* :mod:`resmine.ner.features` — lexicon/grammar codes the models read as a token feature;
* :mod:`resmine.ner.architectures` — the embedding layer of resmine's models;
* :mod:`resmine.tools.ner.corpora` — BC2GM, BC5CDR and BioRED as annotated texts;
* :mod:`resmine.tools.ner.train` — ``resmine train-ner``;
* :mod:`resmine.tools.ner.evaluate` — ``resmine eval-ner``.

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
from dataclasses import replace
from pathlib import Path

from resmine.lexicons import Coverage, Lexicon, free_occurrences
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
# A research compound's code name: letters, optional hyphen or space, digits ("AG14361",
# "GSK2118436", "BMS-754807", "PF-06463922", "RAF265"), optionally a letter suffix.
_CODE_NAME = re.compile(r"[A-Z][A-Za-z]{0,5}[- ]?\d{3,8}[A-Za-z]?\Z")
# A drug-class head right before a name: "the PARP inhibitor AG14361", "the compound PF-2341066".
_CLASS_BEFORE = re.compile(r"\b(?:inhibitors?|antagonists?|agonists?|compounds?|drugs?|agents?|TKIs?)\s+\Z",
                           re.IGNORECASE)
# What a model span may carry after a name but is not part of it: a genotype ("DAT(-/-)"),
# a dangling conjunction ("dystrophin and").
_NOT_NAME_TAIL = re.compile(r"(?:\((?:[+-]/[+-]|[+-])\)|\s+(?:and|or))\Z")
# A chemical span running on through "-induced", "-treated" ... into what the chemical does:
# "glucocorticoid-induced target" is glucocorticoid, inducing something else.
_CHEMICAL_EFFECT_TAIL = re.compile(
    r"(?<=\w)-(?:induced|treated|dependent|mediated|resistant|sensitive|responsive|stimulated|"
    r"free|deficient|loaded|containing|exposed|evoked|elicited|provoked)\b.*\Z", re.DOTALL)
# The same apposition read from the text itself, for code names the model misses.
_CODE_AFTER_CLASS = re.compile(
    r"\b(?i:inhibitors?|antagonists?|agonists?|compounds?|drugs?|agents?|TKIs?)\s+"
    r"(?P<code>[A-Z][A-Za-z]{0,5}[- ]?\d{3,8}[A-Za-z]?)(?![\w-])")
_PHOSPHO = re.compile(r"^(?:phospho|p)-(?=[A-Z])", re.IGNORECASE)
# What follows a ligand's or substrate's name when the text names the protein that binds,
# carries or makes it: "NMDA receptor", "bradykinin B2 receptor", "angiotensin II type 1a
# receptors", "histamine H(3)-receptors", "N-methyl-D-aspartate (NMDA) receptor",
# "sodium/iodide symporter", "dopamine transporter", "NO synthase".
_PROTEIN_HEADS = r"(?:receptors?|transporters?|symporters?|antiporters?|exchangers?|synthases?|channels?)"
_RECEPTOR_AFTER = re.compile(
    r"(?:/[^\W\d_][\w-]*)*(?:\s*\([^()\s]{1,12}\))?"
    r"[\s-]+(?:(?:type|subtype|[A-Za-z]{0,2}\(?\d{1,2}\)?[a-z]?|[IVX]{1,3}|[A-Z]|[αβγδ]|alpha|beta|gamma|delta)[\s-]+){0,2}"
    + _PROTEIN_HEADS + r"\b", re.IGNORECASE)
# Annotation conventions (resmine.ner.features) under which that ligand is a chemical mention.
LIGANDS_IN_PROTEIN_NAMES = frozenset({"bc5cdr"})
# Conventions whose gene mentions are the longest name the model reads ("C/EBP alpha", "v-Src",
# "SH2 domains"), dictionary hits inside included: BC2GM's.
MODEL_BOUNDARIES = frozenset({"bc2gm"})
# The same words (and "regulator") ending a name make it a protein's, whatever chemical comes
# before: "retinoic acid receptor", "NO synthase", "cystic fibrosis transmembrane conductance
# regulator".
_PROTEIN_HEAD_END = re.compile(r"\b(?:" + _PROTEIN_HEADS + r"|regulators?)\Z", re.IGNORECASE)


# The NER reads long texts (full-text articles, books) in pieces of at most this many
# characters, cut at a line break or sentence end: memory stays bounded and spaCy's max_length
# never trips.
# "Tan, S. C., Aksentijevic, D., Gildea, O. S." : three or more authors in a row. Abstracts
# carry them in citations; surnames and initials read as genes and elements ("K", "Tan").
_AUTHOR = r"[A-Z][\w'\u00C0-\u024F-]+(?:[ -][A-Z][\w'\u00C0-\u024F-]+)*,\s(?:[A-Z]\.[\s-]?){1,3}"
_AUTHOR_LIST = re.compile(_AUTHOR + r"(?:,?\s(?:and\s)?" + _AUTHOR + r"){2,}")

CHUNK_CHARS = 100_000


def text_chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text``, each at most ``size`` characters, cut after the
    last line break in the piece, else after the last ". ", else at the last space."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = size
        for mark in ("\n", ". ", " "):
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        pieces.append((start, start + cut))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, len(text)))
    return pieces


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

    import resmine.ner.architectures  # noqa: F401  our models name resmine's layers
    import resmine.nlp.components  # noqa: F401  our models name resmine's factories

    target = model or str(default_model_path())
    try:
        nlp = spacy.load(target)
    except (OSError, ValueError, KeyError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NerModelError(f"{target}: cannot load NER model: {first}") from None
    if "ner" not in nlp.pipe_names:
        raise NerModelError(f"{target}: pipeline has no 'ner' component ({', '.join(nlp.pipe_names)})")
    _set_weight_precision(nlp, "float32")
    return nlp


def _set_weight_precision(nlp, dtype: str) -> None:
    """Cast every weight of ``nlp``'s models that is not ``dtype`` (thinc computes in float32)."""
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            for param in node.param_names:
                if node.has_param(param) and node.get_param(param).dtype != dtype:
                    node.set_param(param, node.get_param(param).astype(dtype))


def store_at_half_precision(model_dir: Path) -> None:
    """Rewrite the weights of the spaCy pipeline in ``model_dir`` as float16: half the file
    (the shipped model stays a few MB), no measurable change in what it finds.
    :func:`load_ner_model` casts them back to float32 on loading."""
    nlp = load_ner_model(str(model_dir))
    _set_weight_precision(nlp, "float16")
    for name, pipe in nlp.pipeline:
        weights = Path(model_dir) / name / "model"
        if getattr(pipe, "model", None) is not None and weights.is_file():
            weights.write_bytes(pipe.model.to_bytes())


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
    convention: str = "",
) -> list[Mention]:
    """``existing`` mentions plus the model's ``(start, end, label)`` entities, merged.

    * An entity over text no mention covers is added.
    * An entity on exactly the span of a dictionary hit confirms it (see :func:`_confirm`).
    * An entity that strictly contains dictionary hits of its own label only (one, for a gene)
      replaces them: the model saw the whole name ("puromycin aminonucleoside", not
      "puromycin"). Two genes inside ("EML4-ALK") stay two.
    * A GENE entity that ends in a protein word ("receptor", "transporter", "synthase" ...)
      replaces the dictionary hits inside it, drugs included: "retinoic acid receptor" is a
      protein, its ligand is not mentioned. Under a convention in :data:`MODEL_BOUNDARIES`
      every GENE entity does. A chemical entity ending in such a word ("NO synthase", "iodide
      symporter") is a GENE entity.
    * Any other overlap drops the entity: drug classes and mutations keep their spans.
    * A drug right before "receptor" (or "transporter", "synthase", "channel" ...) names that
      protein, not a drug taken ("NMDA receptor", "dopamine transporter", "NO synthase"): it
      is no DRUG mention (BioRED's convention, and what a curator of drug effects wants;
      ``convention="bc5cdr"``, whose corpus annotates such ligands, keeps them).

    A GENE entity is normalised to its HGNC symbol when the lexicon knows it; a DRUG entity to
    its generic name (a chemical entity the lexicon knows only as one gene's name, such as
    "Psoriasin", is that gene), or, when it is written like a research compound's code name ("AG14361",
    "PF-06463922"), to its lower-cased text: still a drug the curators want to see; a code
    name right after a drug-class word ("the PARP inhibitor AG14361") is such a drug even when
    the model misses it. Other
    entities keep an empty normal form: found, not named (endogenous chemicals such as "ATP",
    unlisted proteins); relations skip them. Entities without a letter, with
    table or markup characters at an edge ("~2", "| Pre"), or with unclosed brackets ("[R,X")
    are the model reading layout or cutting a name, and are dropped; a chemical entity running
    on into what the chemical does ("glucocorticoid-induced target") is cut before the
    "-induced". So is every gene or drug
    inside a list of authors ("Tan, S. C., Yeoh, K. K., Carr, C. A.").
    """
    authors = Coverage(len(text), (m.span() for m in _AUTHOR_LIST.finditer(text)))
    existing = [m for m in existing if m.label not in _COVERED_LABELS or not authors.overlaps(m.start, m.end)]
    covered = sorted((m for m in existing if m.label in _COVERED_LABELS), key=lambda m: m.start)
    starts = [m.start for m in covered]
    replaced: set[int] = set()
    added = []
    for start, end, model_label in entities:
        label = labels.get(model_label)
        end = start + len(_NOT_NAME_TAIL.sub("", text[start:end]))
        if label == "DRUG":
            end = start + len(_CHEMICAL_EFFECT_TAIL.sub("", text[start:end]))
        surface = text[start:end]
        if label is None or not _NAME_SHAPE.match(surface) or not _balanced(surface) or authors.overlaps(start, end):
            continue
        inside = _overlapping(covered, starts, start, end)
        same = [m for m in inside if (m.start, m.end) == (start, end) and m.source == "lexicon"]
        if len(inside) == 1 and same:
            confirmed = _confirm(same[0], label, surface, lexicon)
            if confirmed is not same[0]:
                replaced.add(id(same[0]))
                added.append(confirmed)
            continue
        if label == "DRUG" and _PROTEIN_HEAD_END.search(surface):
            label = "GENE"  # the model read the ligand into a protein's name: the name wins
        model_span_wins = label == "GENE" and (convention in MODEL_BOUNDARIES or bool(_PROTEIN_HEAD_END.search(surface)))
        if inside and not all(
            (m.label == label or (model_span_wins and m.label in ("GENE", "DRUG"))) and m.source == "lexicon"
            and start <= m.start and m.end <= end and (m.start, m.end) != (start, end) for m in inside
        ):
            continue
        if label == "GENE":
            normalized = normalize_gene_entity(surface, lexicon) or ""
            if inside and not model_span_wins and (len(inside) > 1 or not normalized):
                continue  # "EML4-ALK"; a long span the lexicon cannot name as one gene
            if not normalized and _CODE_NAME.match(surface) and _CLASS_BEFORE.search(text, max(0, start - 40), start):
                # "the PARP inhibitor AG14361": a code name in apposition to a drug class
                label, normalized = "DRUG", surface.lower()
        else:
            normalized = lexicon.normalize_drug(surface) or ""
            gene = "" if normalized else normalize_gene_entity(surface, lexicon) or ""
            if gene and not gene.startswith("FPLX:"):
                label, normalized = "GENE", gene  # "Psoriasin": a protein's name, no drug's
            elif not normalized and _CODE_NAME.match(surface):
                normalized = surface.lower()
        replaced.update(id(m) for m in inside)
        added.append(Mention(doc_id, start, end, surface, label, normalized, "ner"))
    taken = Coverage(len(text), ((m.start, m.end) for m in (*existing, *added) if id(m) not in replaced))
    added += _repeats(doc_id, text, [m for m in added if m.source == "ner"], taken)
    for match in _CODE_AFTER_CLASS.finditer(text):
        start, end = match.span("code")
        if not taken.overlaps(start, end):
            added.append(Mention(doc_id, start, end, match["code"], "DRUG", match["code"].lower(), "code_name"))
    keep_ligands = convention in LIGANDS_IN_PROTEIN_NAMES
    return [m for m in (*existing, *added) if id(m) not in replaced
            and (keep_ligands or not (m.label == "DRUG" and _RECEPTOR_AFTER.match(text, m.end)))]


def _repeats(doc_id: str, text: str, found: list[Mention], taken: Coverage) -> list[Mention]:
    """Other occurrences of names the model found, as written, where nothing else is: a
    document means one thing by "THP" throughout, though the model may see it only once.
    The occurrences are added to ``taken``."""
    names = {}
    for mention in found:
        if len(mention.text) >= 2:
            names.setdefault(mention.text, mention)
    return [replace(names[match.group()], start=match.start(), end=match.end(), source="ner_repeat")
            for match in free_occurrences(text, names, taken)]  # "THP-treated", not "IL-6"


def _balanced(surface: str) -> bool:
    """Brackets closed within the name: "[R,X" and "NO synthase (7-NI" are cut-off spans."""
    return surface.count("(") == surface.count(")") and surface.count("[") == surface.count("]")


def _confirm(hit: Mention, label: str, surface: str, lexicon: Lexicon) -> Mention:
    """A dictionary hit the model also found, over the same span. Same label: marked
    ``lexicon+ner`` (an abbreviation defined otherwise in the text no longer vetoes it).
    Other label, when the lexicon can name it as the model's label: the model's reading
    wins ("von Willebrand factor", "insulin" as proteins); else the hit stays as it is."""
    if hit.label == label:
        return replace(hit, source="lexicon+ner")
    if hit.label not in ("GENE", "DRUG"):
        return hit
    normalized = (normalize_gene_entity(surface, lexicon) if label == "GENE"
                  else lexicon.normalize_drug(surface))
    if not normalized:
        return hit
    return replace(hit, label=label, normalized=normalized, source="ner")


def _overlapping(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """Mentions (sorted by start) overlapping [start, end); mentions are short, so a mention
    overlapping the span starts at most a few dozen characters before it."""
    from bisect import bisect_left

    first = bisect_left(starts, start - 200)
    last = bisect_left(starts, end)
    return [m for m in mentions[first:last] if m.start < end and start < m.end]

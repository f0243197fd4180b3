"""The mutation corpora of ``../shared/data/corpora/mutations/`` as gold documents.

Development corpora (their errors are read, apart from the frozen tune part):

* tmVar 1.0 and the tmVar normalisation set: PubTator (:func:`read_pubtator`);
* MutationFinder: ``<id><TAB>text`` lines and ``<id><TAB>mutation...`` gold lines
  (:func:`read_mutationfinder`);
* BioRED dev (``corpora/biored/Dev.PubTator``, beside the mutations folder): its
  SequenceVariant mentions (:func:`read_biored_variants`).

Test corpora (scored, never read for errors), each as exact spans of sequence variants:

* SETH: ``corpus.txt`` (``PMID<TAB>text``) and brat ``annotations/<PMID>.ann``; the SNP and RS
  mentions are the variants (RS: a dbSNP id, which the grammar tags as a variant too), Gene
  mentions and relations are not read.
* OSIRIS: one XML file, ``<variant>`` elements inline in ``<Title>`` and ``<Abstract>``; the
  text is the title, a space and the abstract.
* Variome: brat paragraph files ``data/<PMCID>-...-<paragraph>.txt|.ann``. Its "mutation" type
  is any mention of a mutation, mostly words ("mutations"); the variants are the mutation
  mentions written with a position, i.e. with a digit. A discontinuous mention is taken from
  its first start to its last end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from resmine.readers.pubtator import read_pubtator_annotated

# BioRED's variant type (its genes and chemicals are the NER's; rs ids are variants too).
BIORED_VARIANT = "SequenceVariant"
# The type every test-corpus variant gets (test corpora are scored on spans only).
VARIANT = "Variant"
SETH_TYPES = ("SNP", "RS")
VARIOME_TYPE = "mutation"
# Between OSIRIS' title and abstract (SETH joins them the same way).
OSIRIS_JOIN = " "


class MutationCorpusError(Exception):
    """A corpus file is unreadable (the message names it)."""


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
            raise MutationCorpusError(item.message)
        document, annotations = item
        docs.append(GoldDoc(document.doc_id, document.text, [
            (a.start, a.end, a.text, a.type, a.extra[0] if a.extra else a.ids) for a in annotations
        ]))
    return docs


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


def read_biored_variants(path: Path) -> list[GoldDoc]:
    """BioRED (PubTator) documents with their SequenceVariant mentions only."""
    if not path.is_file():
        raise MutationCorpusError(f"{path}: BioRED PubTator file not found")
    docs = read_pubtator(path)
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m[3] == BIORED_VARIANT]
    return docs


def read_brat_spans(path: Path, text: str, types: tuple[str, ...]) -> list[tuple[int, int, str, str, str]]:
    """The text-bound mentions (``T`` lines) of ``types`` in a brat standoff file, checked
    against ``text``; events, relations and notes are skipped."""
    spans = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith("T"):
            continue
        try:
            _, type_and_offsets, mention = line.split("\t", 2)
            kind, offsets = type_and_offsets.split(" ", 1)
            fragments = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            start, end = fragments[0][0], fragments[-1][1]
        except (ValueError, IndexError):
            raise MutationCorpusError(f"{path}: line {number}: not 'ID<TAB>TYPE START END<TAB>TEXT'") from None
        if kind not in types:
            continue
        if end > len(text) or (len(fragments) == 1 and text[start:end] != mention):
            raise MutationCorpusError(f"{path}: line {number}: offsets {start}-{end} do not give {mention!r}")
        spans.append((start, end, mention, VARIANT, ""))
    return spans


def read_seth(folder: Path) -> list[GoldDoc]:
    """SETH: the documents of ``corpus.txt`` with their SNP and RS mentions."""
    corpus = folder / "corpus.txt"
    if not corpus.is_file():
        raise MutationCorpusError(f"{corpus}: SETH corpus file not found")
    docs = []
    for number, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        pmid, tab, text = line.partition("\t")
        if not tab:
            raise MutationCorpusError(f"{corpus}: line {number}: not 'PMID<TAB>text'")
        annotations = folder / "annotations" / f"{pmid}.ann"
        mentions = read_brat_spans(annotations, text, SETH_TYPES) if annotations.is_file() else []
        docs.append(GoldDoc(pmid, text, mentions))
    return docs


def _inline_text(element: etree._Element, spans: list[tuple[int, int, str]], offset: int) -> str:
    """The text of ``element`` with its markup removed; each ``<variant>`` inside is added to
    ``spans`` as (start, end, text) counted from ``offset``."""
    parts = [element.text or ""]
    for child in element:
        start = offset + sum(map(len, parts))
        inner = _inline_text(child, spans, start)
        if child.tag == "variant":
            spans.append((start, start + len(inner), inner))
        parts += [inner, child.tail or ""]
    return "".join(parts)


def read_osiris(path: Path) -> list[GoldDoc]:
    """OSIRIS: each ``<Article>`` as title + space + abstract with its ``<variant>`` spans."""
    if not path.is_file():
        raise MutationCorpusError(f"{path}: OSIRIS corpus file not found")
    # The DOCTYPE names a DTD that is not distributed: parse without loading it.
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        raise MutationCorpusError(f"{path}: not well-formed XML ({error})") from None
    docs = []
    for article in root.iter("Article"):
        pmid = (article.findtext("Pmid") or "").strip()
        spans: list[tuple[int, int, str]] = []
        text = ""
        for name in ("Title", "Abstract"):
            element = article.find(name)
            if element is None:
                continue
            if text:
                text += OSIRIS_JOIN
            text += _inline_text(element, spans, len(text))
        docs.append(GoldDoc(pmid, text, [(s, e, t, VARIANT, "") for s, e, t in spans]))
    return docs


def read_variome(folder: Path) -> list[GoldDoc]:
    """Variome: each paragraph with its mutation mentions that are written with a digit."""
    data = folder / "data"
    texts = sorted(data.glob("*.txt")) if data.is_dir() else []
    if not texts:
        raise MutationCorpusError(f"{data}: no Variome paragraph files (*.txt) found")
    docs = []
    for path in texts:
        text = path.read_text(encoding="utf-8")
        annotations = path.with_suffix(".ann")
        mentions = read_brat_spans(annotations, text, (VARIOME_TYPE,)) if annotations.is_file() else []
        docs.append(GoldDoc(path.stem, text, [m for m in mentions if any(ch.isdigit() for ch in m[2])]))
    return docs

"""The spaCy pipeline: built from a ``.cfg`` file, applied to whole documents.

``load_pipeline()`` reads ``models/pipeline.cfg`` (or the file given) and returns a spaCy
``Language``; ``annotate()`` runs it over :class:`~resmine.model.Document` objects and yields
what each stage found, as plain model objects.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from resmine.model import Document, Evidence, Mention
from resmine.nlp.doc_state import document_of, mentions_of
from resmine.paths import models_dir

DEFAULT_CONFIG = "pipeline.cfg"
# The components that turn mentions into evidence; what runs before them is the NER part.
RELATION_COMPONENTS = ("resmine_triples", "resmine_relations")
MAX_DOCUMENT_CHARS = 50_000_000

# scispaCy's abbreviation detector runs an empty matcher on documents without definitions;
# spaCy warns (W036) on every such call, which would flood long runs.
warnings.filterwarnings("ignore", message=r"\[W036\]")


@dataclass
class AnnotatedDocument:
    document: Document
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    evidence: list[Evidence]


def load_pipeline(config: str | Path | None = None, overrides: dict[str, object] | None = None,
                  without_relations: bool = False) -> Language:
    """Build the pipeline described by ``config`` (default ``models/pipeline.cfg``), with
    dotted ``overrides`` such as ``{"components.resmine_ner.convention": "bc2gm"}``;
    ``without_relations``: only the mention part (NER evaluation, training the relations).

    resmine's factories are found through the entry points of its package: nothing needs to be
    imported first, and ``spacy.load`` of a saved pipeline works the same way.
    """
    path = Path(config) if config else models_dir() / DEFAULT_CONFIG
    if not path.is_file():
        raise FileNotFoundError(f"{path}: pipeline config not found")
    cfg = spacy.util.load_config(path, overrides=dict(overrides or {}))
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    if without_relations:
        for name in RELATION_COMPONENTS:
            if name in nlp.pipe_names:
                nlp.remove_pipe(name)
    # spaCy's 1M-character guard is for its parsers; resmine's components are linear in the
    # text and the statistical NER reads long texts in chunks (resmine.ner.text_chunks).
    nlp.max_length = MAX_DOCUMENT_CHARS
    return nlp


def annotate(nlp: Language, documents: Iterable[Document], batch_size: int = 16) -> Iterator[AnnotatedDocument]:
    """Run the pipeline on each document's full text; offsets are into ``Document.text``."""

    def as_docs() -> Iterator[tuple[str, Document]]:
        for document in documents:
            yield document.text, document

    for doc, document in nlp.pipe(_with_user_data(nlp, as_docs()), batch_size=batch_size, as_tuples=True):
        yield AnnotatedDocument(
            document=document_of(doc),
            sentences=doc._.resmine_sentences or [],
            mentions=mentions_of(doc).sorted(),
            evidence=doc._.resmine_evidence or [],
        )


def _with_user_data(nlp: Language, items: Iterator[tuple[str, Document]]):
    # Components read the Document (passages, doc_id) from user_data; make_doc lets us set it
    # before the first component runs.
    for text, document in items:
        doc = nlp.make_doc(text)
        doc.user_data["document"] = document
        yield doc, document

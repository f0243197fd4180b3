"""The spaCy pipeline: built from a ``.cfg`` file, applied to whole documents.

``load_pipeline()`` reads ``models/pipeline.cfg`` (or the file given) and returns a spaCy
``Language``; ``annotate()`` runs it over :class:`~resmine.model.Document` objects and yields
what each stage found, as plain model objects (``annotate_windows()``: a long document in
windows, each yielded as soon as it is read; :mod:`resmine.nlp.windows`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from resmine.lexicons import LexiconHit
from resmine.model import Document, Evidence, Mention
from resmine.nlp.allocator import keep_freed_memory
from resmine.nlp.doc_state import DICTIONARY_HITS, LEXICON_MATCHES, LINKABLE_CHANGES, VARIANT_MENTIONS, mentions_of
from resmine.nlp.token_cache import TOKENIZER_CACHE_WORDS, keep_repeated_words
from resmine.nlp.windows import WINDOW_CHARS, char_batches, shift_evidence, shift_mention, windows
from resmine.paths import models_dir

if TYPE_CHECKING:  # resmine.nlp.components imports this package
    from resmine.nlp.components import TripleEvidence, VariantMentions

DEFAULT_CONFIG = "pipeline.cfg"
# The components that turn mentions into evidence; what runs before them is the NER part.
RELATION_COMPONENTS = ("resmine_triples", "resmine_relations")
MAX_DOCUMENT_CHARS = 50_000_000
# The [resmine] section of a pipeline config: how annotate() feeds documents to the pipeline.
ANNOTATE_DEFAULTS: dict[str, object] = {"only_documents_with_changes": False, "window_chars": WINDOW_CHARS,
                                        "tokenizer_cache_words": TOKENIZER_CACHE_WORDS}

# scispaCy's abbreviation detector runs an empty matcher on documents without definitions;
# spaCy warns (W036) on every such call, which would flood long runs.
warnings.filterwarnings("ignore", message=r"\[W036\]")


@dataclass
class AnnotatedDocument:
    """What the pipeline found in a document, or in one window of a long one
    (:mod:`resmine.nlp.windows`): offsets are into the whole ``document.text`` either way, and
    ``complete`` is True on the last part of a document."""

    document: Document
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    evidence: list[Evidence]
    complete: bool = True


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
    cfg = spacy.util.load_config(path)
    # a config written before the [resmine] section (or one of its settings) existed
    cfg["resmine"] = {**ANNOTATE_DEFAULTS, **cfg.get("resmine", {})}
    cfg = spacy.util.load_config_from_str(cfg.to_str(), overrides=dict(overrides or {}))
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    # the process that runs the pipeline keeps the NER's freed batches for the next ones
    keep_freed_memory()
    if without_relations:
        for name in RELATION_COMPONENTS:
            if name in nlp.pipe_names:
                nlp.remove_pipe(name)
    # spaCy's 1M-character guard is for its parsers; resmine's components are linear in the
    # text and the statistical NER reads long texts in chunks (resmine.ner.text_chunks).
    nlp.max_length = MAX_DOCUMENT_CHARS
    return nlp


# What annotate_windows reads, in order: (the document, its window (None: the pre-filter leaves
# it unread), the window's offset, whether it is the last one, and for a one-window document the
# pre-filter's variant mentions, linkable changes, dictionary hits and the dictionary's own hits
# among them, handed to the components)
_Found = tuple[list[Mention], list[Mention], list[LexiconHit], list[LexiconHit]]
_Part = tuple[Document, Document | None, int, bool, _Found | None]


def annotate_windows(nlp: Language, documents: Iterable[Document], batch_size: int | None = None,
                     window_chars: int | None = None) -> Iterator[AnnotatedDocument]:
    """Run the pipeline on each document, a long one window by window
    (:func:`resmine.nlp.windows.windows`), yielding each part as soon as it is read, so that
    its rows can be written out before the next window is read. ``batch_size``: default the
    config's ``[nlp] batch_size``; ``window_chars``: default the config's ``[resmine] window_chars``."""
    batch_size = batch_size or nlp.batch_size
    settings = {**ANNOTATE_DEFAULTS, **nlp.config.get("resmine", {})}
    window_chars = window_chars or int(cast(int, settings["window_chars"]))
    cache_words = int(cast(int, settings["tokenizer_cache_words"]))

    variants = _change_filter(nlp)
    statements = _relation_component(nlp) if variants is not None else None

    def parts() -> Iterator[_Part]:
        for document in documents:
            found = None
            if variants is not None:
                mentions = variants.mentions_in(document)
                linkable = variants.linkable_changes(document, mentions)
                # the relation component's question first: a cue scan costs less than the dictionaries
                readable = bool(linkable) and (statements is None or statements.could_hold_evidence(document, linkable))
                hits = variants.dictionary_hits(document) if readable else []
                if not readable or not variants.names_a_drug(document, mentions, hits):
                    yield document, None, 0, True, None  # not read: it can hold no triple
                    continue
                found = mentions, linkable, hits, variants.lexicon_matches(document)
            pieces = windows(document, window_chars)
            for k, (offset, window) in enumerate(pieces):
                yield document, window, offset, k == len(pieces) - 1, found if len(pieces) == 1 else None

    def part_text(part: _Part) -> int:
        return 0 if part[1] is None else len(part[1].text)

    # Each group of parts (a window, or documents up to a window's length) is read in a memory
    # zone: spaCy's vocabulary would otherwise keep every new word for good (a million numbered
    # rows, a million lexemes). Nothing of a Doc is used after its zone: the parts are plain objects.
    for group in char_batches(parts(), window_chars, part_text):
        _keep_repeated_words(nlp, [part[1].text for part in group if part[1] is not None], cache_words)
        with nlp.memory_zone():
            for part in _annotate_group(nlp, group, batch_size):
                yield part


def _keep_repeated_words(nlp: Language, texts: list[str], limit: int) -> None:
    """Before a group is read in its memory zone, the words its texts repeat are cached for
    good by the pipeline's tokenizer and by the components' own (the NER model's): see
    :mod:`resmine.nlp.token_cache`."""
    if not texts:
        return
    keep_repeated_words(nlp, texts, limit)
    for _, component in nlp.pipeline:
        if hasattr(component, "keep_repeated_words"):
            component.keep_repeated_words(texts, limit)


def _change_filter(nlp: Language) -> VariantMentions | None:
    """With ``[resmine] only_documents_with_changes`` (``--mode triples``), the
    ``resmine_mutations`` component, whose variant mentions pre-filter the documents: a
    document without a variant or alteration that could take a gene
    (:func:`resmine.nlp.focus.linkable_changes`), or without a drug (one the dictionaries
    name, or a code-like word nothing names: ``names_a_drug``), or one where the relation component could write no row
    (:func:`resmine.relations.could_hold_evidence`: no effect cue for the rules, no specific
    change for the classifier, no table), can hold no triple and skips the pipeline (still
    listed, without mentions); the others' are handed to the components, not found again."""
    if not nlp.config.get("resmine", {}).get("only_documents_with_changes", False):
        return None
    if "resmine_mutations" not in nlp.pipe_names:
        raise ValueError("[resmine] only_documents_with_changes needs the resmine_mutations component")
    return cast("VariantMentions", nlp.get_pipe("resmine_mutations"))


def _relation_component(nlp: Language) -> TripleEvidence | None:
    """The pipeline's relation component, which the pre-filter asks whether a document could
    hold a row at all (:meth:`~resmine.nlp.components.TripleEvidence.could_hold_evidence`)."""
    name = next((name for name in RELATION_COMPONENTS if name in nlp.pipe_names), None)
    return None if name is None else cast("TripleEvidence", nlp.get_pipe(name))


def _annotate_group(nlp: Language, group: list[_Part], batch_size: int) -> Iterator[AnnotatedDocument]:
    """The parts of ``group`` in order: those the pre-filter leaves unread answered in their
    place, the others read as one stream, so that the pipeline's batches stay full however
    many unread documents lie between them."""
    unread = [part[0] if part[1] is None else None for part in group]
    read = _annotate_run(nlp, [part for part in group if part[1] is not None], batch_size)
    group.clear()  # the windows are held by the stream alone, which lets each go once read
    for document in unread:
        yield next(read) if document is None else AnnotatedDocument(document, [], [], [], complete=True)


def _annotate_run(nlp: Language, group: list[_Part], batch_size: int) -> Iterator[AnnotatedDocument]:
    def docs_with_user_data() -> Iterator[tuple[Doc, tuple[Document, int, bool]]]:
        while group:  # popped: a window's text is not kept once it is read
            document, window, offset, last, found = group.pop(0)
            window = cast(Document, window)
            doc = nlp.make_doc(window.text)
            # components read the Document (passages, doc_id) from user_data
            doc.user_data["document"] = window
            if found is not None:
                (doc.user_data[VARIANT_MENTIONS], doc.user_data[LINKABLE_CHANGES],
                 doc.user_data[DICTIONARY_HITS], doc.user_data[LEXICON_MATCHES]) = found
            yield doc, (document, offset, last)

    for doc, (document, offset, last) in nlp.pipe(docs_with_user_data(), batch_size=batch_size, as_tuples=True):
        part = AnnotatedDocument(
            document=document,
            sentences=[(start + offset, end + offset) for start, end in doc._.resmine_sentences or []],
            mentions=[shift_mention(m, offset) for m in mentions_of(doc).sorted()],
            evidence=[shift_evidence(e, offset) for e in doc._.resmine_evidence or []],
            complete=last,
        )
        del doc  # the next window is read while this part is written: one Doc at a time
        yield part


def annotate(nlp: Language, documents: Iterable[Document], batch_size: int | None = None,
             window_chars: int | None = None) -> Iterator[AnnotatedDocument]:
    """One :class:`AnnotatedDocument` per document (the parts of a long one joined); offsets
    are into ``Document.text``."""
    parts: list[AnnotatedDocument] = []
    for part in annotate_windows(nlp, documents, batch_size, window_chars):
        parts.append(part)
        if part.complete:
            yield parts[0] if len(parts) == 1 else AnnotatedDocument(
                part.document, [s for p in parts for s in p.sentences], [m for p in parts for m in p.mentions],
                [e for p in parts for e in p.evidence])
            parts = []

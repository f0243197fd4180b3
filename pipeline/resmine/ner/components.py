"""The NER's spaCy components.

``resmine_ner_features``
    The first component of resmine's trained NER models (``models/ner/``): the dictionary and
    mutation-grammar code of each token in ``token.tag_`` (:mod:`resmine.ner.features`), which
    the models' embeddings read, with the annotation convention's letter.
``resmine_ner``
    Runs a statistical NER model chosen in the config (ours in ``models/ner/`` by default, or
    an installed spaCy pipeline with an ``ner`` such as scispaCy's ``en_ner_bc5cdr_md``) on each
    document in chunks of at most :data:`resmine.ner.CHUNK_CHARS`, batched by characters
    (``batch_chars``: the model's memory grows with the text of a batch, not with its count of
    chunks, so a long document costs no more memory than a short one), and merges its
    entities into the mentions (:func:`resmine.mentions.model_entities.merge_entities`). The
    features of the model reuse the dictionary hits and variants already found.

    ``focus_sentences`` (null: the whole text) makes it the fast path of ``--mode triples``:
    the model reads only the sentences within that many sentences of a variant or alteration
    that could take a gene (:func:`resmine.nlp.focus.linkable_changes`), plus titles,
    headings, captions and table rows, which is all the
    relation stage reads a statement from (its unit, the sentences around it, its heading,
    title, caption and table header). Mentions elsewhere come from the dictionaries alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from resmine import EXTRACTION_MODES
from resmine.lexicons import Lexicon
from resmine.mentions.model_entities import DEFAULT_LABELS, merge_entities
from resmine.model import CHANGE_LABELS, Document, Label, Mention, PassageKind, Provenance
from resmine.mutations import extract_mutations
from resmine.ner import CHUNK_CHARS, load_ner_model, text_chunks
from resmine.ner.features import (CONVENTION_KEY, FEATURE_SPANS_KEY, FeatureSpan, convention_suffix, spans_from_hits,
                                   token_features)
from resmine.nlp.components import LexiconComponent, lexicon_resource
from resmine.nlp.focus import linkable_changes
from resmine.nlp.doc_state import LEXICON_HITS, LINKABLE_CHANGES, MENTIONS, SENTENCES, document_of, mentions_of
from resmine.nlp.resources import FolderResource, ResourceComponent
from resmine.nlp.token_cache import keep_repeated_words
from resmine.nlp.windows import char_batches

# The most characters the model reads in one batch: its memory grows with the text it holds
# at once (about 20,000 tokens here), not with the size of a document.
BATCH_CHARS = 100_000
# focus_sentences of ``--mode triples``. The relation stage looks 2 sentences either way for a
# drug (candidates.WINDOW_SENTENCES) and 3 back for a gene or drug (relations.units.CONTEXT_SENTENCES);
# outside the focus the dictionaries still find every name they know, so only a name the model
# alone finds 3 sentences away is lost. 2 cost no evidence row against 3 on CIViC dev and tune,
# BioRED dev, corpus/docs, BC5CDR and the six benchmark files (benchmarks/triples_vs_full.py), and
# the model reads 15% fewer characters of BC5CDR, 7% of the six files (benchmarks/README.md, tenth
# session); 1 changed rows in 6 of those documents.
TRIPLES_MODE_FOCUS = 2


def mode_overrides(mode: str) -> dict[str, object]:
    """The pipeline overrides of an extraction mode (``--mode`` of extract, run, eval-relations)."""
    if mode not in EXTRACTION_MODES:
        raise ValueError(f"unknown extraction mode {mode!r}")
    if mode == "full":
        return {}
    return {"components.resmine_ner.focus_sentences": TRIPLES_MODE_FOCUS, "resmine.only_documents_with_changes": True}


# Passages read whole in focus mode: the context a statement inherits from outside its sentence.
_CONTEXT_KINDS = frozenset({PassageKind.TITLE, PassageKind.HEADING, PassageKind.CAPTION, PassageKind.TABLE_ROW})

def _chunk_chars(chunk: tuple[int, int, Doc, int]) -> int:
    return chunk[3]  # the length its maker knew: Doc.text joins every token again


def _document_chars(doc: Doc) -> int:
    return len(document_of(doc).text)


_LAYOUT_AS_SPACE = str.maketrans("\n\t\r\f\v", "     ")
_FEATURE_LABELS = frozenset({Label.GENE, Label.DRUG, Label.DRUG_CLASS})


class NerFeatures(LexiconComponent):
    """``resmine_ner_features``. ``convention``: the annotation style the model follows
    (:data:`resmine.ner.features.CONVENTIONS`); a training Doc's ``user_data`` may name its
    own corpus' convention instead."""

    def __init__(self, lexicon_dir: str | None, convention: str | None) -> None:
        super().__init__(lexicon_dir)
        self.suffix = convention_suffix(convention)

    def __call__(self, doc: Doc) -> Doc:
        chosen = doc.user_data.get(CONVENTION_KEY)
        # a model trained without conventions (no default) never sees a convention letter
        suffix = convention_suffix(chosen) if chosen and self.suffix else self.suffix
        if not len(doc):
            return doc
        spans = doc.user_data.get(FEATURE_SPANS_KEY)
        if spans is None:  # a Doc made outside resmine_ner (training, evaluation): match here
            spans = feature_spans(doc.text, self.lexicon.get())
        offsets = doc.to_array(["IDX", "LENGTH"])
        starts = offsets[:, 0].tolist()
        ends = (offsets[:, 0] + offsets[:, 1]).tolist()
        codes = token_features(starts, ends, spans)
        # a handful of distinct codes (most tokens have none): each added to the strings once
        tag_of = {code: doc.vocab.strings.add(code + suffix) for code in set(codes)}
        tags = [tag_of[code] for code in codes]
        doc.from_array(["TAG"], numpy.array(tags, dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]  # spaCy's stub wants thinc's Ints2d
        return doc


def feature_spans(text: str, lexicon: Lexicon) -> list[FeatureSpan]:
    return spans_from_hits(lexicon.match(text), ((m.start, m.end) for m in extract_mutations(text)))


@Language.factory("resmine_ner_features", default_config={"lexicon_dir": None, "convention": None},
                  assigns=["token.tag"])
def make_ner_features(nlp: Language, name: str, lexicon_dir: str | None, convention: str | None) -> NerFeatures:
    return NerFeatures(lexicon_dir, convention)


class NerComponent(ResourceComponent):
    """``resmine_ner``: runs the NER model on each document's text and merges its entities into
    the mentions. ``convention`` is the annotation style asked of a convention-tagged model and
    of the merge rules (null: the model's own default)."""

    def __init__(self, model: str | None, lexicon_dir: str | None, labels: dict[str, Label],
                 batch_size: int, convention: str | None = None, batch_chars: int = BATCH_CHARS,
                 focus_sentences: int | None = None) -> None:
        self.batch_chars = batch_chars
        self.focus_sentences = focus_sentences
        self.model = model
        self.lexicon = lexicon_resource(lexicon_dir)
        self.resources = (self.lexicon,)
        self.labels = labels
        self.batch_size = batch_size
        self.convention = convention or ""
        convention_suffix(self.convention)  # an unknown name fails here, not on the first text
        self._ner_nlp: Language | None = None
        # the pipeline's memory zone (None outside one) and whether the model's zone is open in it
        self._pipeline_zone: ExitStack | None = None
        self._model_zone_open = False

    @property
    def ner_nlp(self) -> Language:
        """The NER model, loaded on first use (``spacy.load`` of a saved pipeline replaces the
        configured model by its saved copy before that)."""
        if self._ner_nlp is None:
            self._ner_nlp = load_ner_model(self.model)
            if self.convention and "resmine_ner_features" in self._ner_nlp.pipe_names:
                cast(NerFeatures, self._ner_nlp.get_pipe("resmine_ner_features")).suffix = convention_suffix(self.convention)
        return self._ner_nlp

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        # documents wait here for their batch with everything earlier components found: a batch
        # is bounded by characters too, so it never holds many long documents at once
        for batch in char_batches(docs, self.batch_chars, _document_chars, size):
            entities = self._entities(batch)
            while batch:  # popped: a document is not kept while the next ones are read
                yield self._add(batch.pop(0), entities.pop(0))

    def _entities(self, batch: list[Doc]) -> list[list[tuple[int, int, str]]]:
        """The model's (start, end, label) entities in each document of ``batch``."""
        entities: list[list[tuple[int, int, str]]] = [[] for _ in batch]
        # chunks are made lazily and fed in groups of at most batch_chars characters
        chunks = ((k, offset, ner_doc, length) for k, doc in enumerate(batch)
                  for offset, length, ner_doc in self._ner_docs(doc))
        with self._model_zone():
            for group in char_batches(chunks, self.batch_chars, _chunk_chars):
                for (k, offset, _, _), ner_doc in zip(group, self.ner_nlp.pipe((c[2] for c in group),
                                                                            batch_size=len(group))):
                    entities[k].extend((offset + e.start_char, offset + e.end_char, e.label_) for e in ner_doc.ents)
        return entities

    @contextmanager
    def memory_zone(self, mem: object = None) -> Iterator[None]:
        """Entered by spaCy with the pipeline's ``nlp.memory_zone()`` (as ``annotate_windows``
        reads each group of documents): the model's own zone then lasts as long, opened when the
        model is first used in it."""
        with ExitStack() as zone:
            self._pipeline_zone, self._model_zone_open = zone, False
            try:
                yield
            finally:
                self._pipeline_zone, self._model_zone_open = None, False

    def _model_zone(self) -> AbstractContextManager:
        """The memory zone the model reads a batch in. The model's vocabulary would keep every
        new word of every chunk (a million numbered rows: a million lexemes); a zone frees
        them. Inside the pipeline's zone, the model's zone is the same span of documents: a
        zone per batch (about 40 abstracts) made every word of each batch a new lexeme again,
        about a sixth of the time of ``--mode full``. Outside one (a component called on its
        own), each batch is a zone."""
        if self._pipeline_zone is None:
            return self.ner_nlp.memory_zone()
        if not self._model_zone_open:
            self._pipeline_zone.enter_context(self.ner_nlp.memory_zone())
            self._model_zone_open = True
        return nullcontext()

    def keep_repeated_words(self, texts: list[str], limit: int) -> None:
        """Called by ``annotate_windows`` before a group's memory zone: the model's tokenizer
        keeps the words the group repeats (:mod:`resmine.nlp.token_cache`), read as the model
        reads them."""
        keep_repeated_words(self.ner_nlp, (text.translate(_LAYOUT_AS_SPACE) for text in texts), limit)

    def _ner_docs(self, doc: Doc) -> Iterator[tuple[int, int, Doc]]:
        """Each chunk the model reads of ``doc``: its offset, its length and its Doc."""
        document = document_of(doc)
        text = document.text
        spans = self._known_spans(doc)
        regions = [(0, len(text))] if self.focus_sentences is None else focus_regions(
            document, doc._.resmine_sentences or [], self._linkable_changes(doc), self.focus_sentences)
        for start, end in ((lo + a, lo + b) for lo, hi in regions
                           for a, b in text_chunks(text[lo:hi], min(CHUNK_CHARS, self.batch_chars))):
            # The models learnt from one-line abstracts: line breaks and table tabs read as
            # spaces (same length, so offsets hold).
            ner_doc = self.ner_nlp.make_doc(text[start:end].translate(_LAYOUT_AS_SPACE))
            if spans is not None:
                ner_doc.user_data[FEATURE_SPANS_KEY] = [(a - start, b - start, code) for a, b, code in spans
                                                        if start <= a and b <= end]
            yield start, end - start, ner_doc

    def _linkable_changes(self, doc: Doc) -> list[Mention]:
        """The changes the focus is around: the pre-filter's (``annotate_windows`` judged them
        on the same variant mentions, the only changes found before the NER), else judged here."""
        judged = doc.user_data.get(LINKABLE_CHANGES)
        if judged is not None:
            return judged
        return linkable_changes(document_of(doc), mentions_of(doc).as_list(), self.lexicon.get())

    @staticmethod
    def _known_spans(doc: Doc) -> list[FeatureSpan] | None:
        """The feature spans from what earlier components found: the dictionary's own hits and
        the grammar's variants (None when they did not run)."""
        hits = doc._.resmine_lexicon_hits
        if hits is None:
            return None
        variants = sorted({(m.start, m.end) for m in mentions_of(doc)
                           if m.source == Provenance.MUTATION_GRAMMAR and m.label != Label.GENE})
        return spans_from_hits(hits, variants)

    def _add(self, doc: Doc, entities: list[tuple[int, int, str]]) -> Doc:
        document = document_of(doc)
        mentions = mentions_of(doc)
        mentions.replace(merge_entities(document.doc_id, document.text, entities, mentions.as_list(),
                                        self.lexicon.get(), self.labels, self.convention))
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        self.ner_nlp.to_disk(Path(path) / "model")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> "NerComponent":
        super().from_disk(path, exclude=exclude)
        self.model = str(Path(path) / "model")
        self._ner_nlp = None
        return self


def focus_regions(document: Document, sentences: list[tuple[int, int]], mentions: list[Mention],
                  context: int) -> list[tuple[int, int]]:
    """The stretches of ``document.text`` the NER reads in focus mode, in order and apart by
    more than white space: each sentence within ``context`` sentences of one holding a variant
    or alteration, and every title, heading, caption and table row."""
    changes = sorted(m.start for m in mentions if m.label in CHANGE_LABELS)
    wanted: list[tuple[int, int]] = [(p.start, p.end) for p in document.passages if p.kind in _CONTEXT_KINDS]
    k = 0
    for index, (start, end) in enumerate(sentences):
        while k < len(changes) and changes[k] < start:
            k += 1
        if k < len(changes) and changes[k] < end:
            for lo, hi in sentences[max(0, index - context): index + context + 1]:
                wanted.append((lo, hi))
    merged: list[tuple[int, int]] = []
    text = document.text
    for start, end in sorted(wanted):
        # touching, or apart by white space alone (the next sentence): one stretch, read as
        # the full text is read, with its neighbours, and in fewer, larger pieces
        if merged and (start <= merged[-1][1] or text[merged[-1][1]:start].isspace()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@Language.factory(
    "resmine_ner",
    default_config={"model": None, "labels": None, "lexicon_dir": None, "batch_size": 32, "convention": None,
                    "batch_chars": BATCH_CHARS, "focus_sentences": None},
    requires=[MENTIONS, LEXICON_HITS, SENTENCES], assigns=[MENTIONS],
)
def make_ner(nlp: Language, name: str, model: str | None, labels: dict | None,
             lexicon_dir: str | None, batch_size: int, convention: str | None, batch_chars: int,
             focus_sentences: int | None) -> NerComponent:
    """``model``: a spaCy package name or path (null: ``models/ner``); ``labels``: model label →
    GENE/DRUG (null: :data:`resmine.mentions.model_entities.DEFAULT_LABELS`); ``convention``:
    the annotation convention (null: the model's default, BioRED's for ours); ``batch_size``:
    documents per batch; ``batch_chars``: the most characters the model reads at once
    (:data:`BATCH_CHARS`); ``focus_sentences``: null reads everything, N only what is within N
    sentences of a change (:func:`focus_regions`; ``--mode triples`` sets :data:`TRIPLES_MODE_FOCUS`)."""
    mapping = {key: Label(value) for key, value in (labels or DEFAULT_LABELS).items()}
    return NerComponent(model, lexicon_dir, mapping, batch_size, convention, batch_chars, focus_sentences)


__all__ = ["NerComponent", "NerFeatures", "feature_spans", "make_ner", "make_ner_features"]

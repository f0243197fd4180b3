"""resmine's spaCy components: thin wrappers around the pure functions of other modules.

A pipeline is composed in a ``.cfg`` file (``models/pipeline.cfg``) from these named parts:

``resmine_sentences``
    Sentence boundaries from :func:`resmine.nlp.sentences.split_sentences`; they never cross a
    passage, so a table row is one sentence.
``abbreviation_detector`` (scispaCy)
    Finds "long form (SF)" definitions; used by ``resmine_abbreviations``.
``resmine_lexicon``
    Gene, drug and drug-class mentions from the dictionaries in ``models/lexicons/``.
``resmine_mutations``
    Mutation mentions from the mutation grammar, gene-level alteration words (amplification,
    overexpression, ...) and the gene written inside a mutation ("BRAFV600E").
``resmine_ner_features``
    Lexicon and mutation-grammar codes in ``token.tag_`` (:mod:`resmine.ner.features`): the
    first component of resmine's trained NER models, whose embeddings read them.
``resmine_ner``
    Genes and drugs found by a statistical NER model (ours in ``models/ner/``, or an installed
    scispaCy model), normalised by the lexicon and merged with the dictionary hits
    (:func:`resmine.ner.merge_entities`).
``resmine_abbreviations``
    Carries a long form's entity to every use of its short form, and drops dictionary hits on
    short forms that the document defines as something else ("CRPC", "CML").
``resmine_families``
    A gene family ("RAF", "HDAC") normalised to its one member the same document names
    ("BRAF", "HDAC1"): :func:`specialise_families`.
``resmine_triples``
    Gene–mutation–drug–relation evidence from :func:`resmine.relations.extract_evidence`.

Each component reads the :class:`~resmine.model.Document` from ``doc.user_data["document"]``
(put there by :func:`resmine.nlp.annotate`) and writes plain lists to ``doc._.resmine_*``
extensions, so nothing downstream depends on spaCy's token alignment: mentions such as the
"BRAF" inside "BRAFV600E" have exact character offsets even inside a token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy

from spacy.language import Language
from spacy.tokens import Doc

from resmine.model import Document, Mention
from resmine.ner import tokenizer as _tokenizer  # noqa: F401  registers resmine.biomedical_tokenizer.v1
from resmine.nlp.sentences import split_sentences

for _name in ("resmine_sentences", "resmine_mentions", "resmine_evidence"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _document(doc: Doc) -> Document:
    # Components read the text from the Document: spaCy's Doc.text rebuilds the string from
    # the tokens on every access.
    document = doc.user_data.get("document")
    if document is None:  # a bare spaCy call on a string: treat it as one anonymous passage
        document = Document(doc_id="", source="", format="text", title="", text=doc.text)
        doc.user_data["document"] = document
    return document


def _mentions(doc: Doc) -> list[Mention]:
    if doc._.resmine_mentions is None:
        doc._.resmine_mentions = []
    return doc._.resmine_mentions


@Language.factory("resmine_sentences")
def make_sentences(nlp: Language, name: str):
    def set_sentences(doc: Doc) -> Doc:
        document = _document(doc)
        spans = split_sentences(document.text, document.passages)
        doc._.resmine_sentences = spans
        if len(doc):
            # one array write instead of a Python loop over tokens (this runs on every token)
            idx = doc.to_array("IDX")
            starts = numpy.array(sorted(start for start, _ in spans), dtype=idx.dtype)
            is_start = numpy.isin(idx, starts)
            is_start[0] = True
            values = numpy.where(is_start, 1, -1).astype("int64").view("uint64")  # spaCy stores -1 as uint64
            doc.from_array(["SENT_START"], values.reshape(-1, 1))
        return doc

    return set_sentences


@Language.factory("resmine_lexicon", default_config={"lexicon_dir": None})
def make_lexicon(nlp: Language, name: str, lexicon_dir: str | None):
    from resmine.lexicons import genes_in_classes, load_lexicon, plural_symbol_hits
    from resmine.lexicons.doses import dosed_name_hits
    from resmine.lexicons.formulas import formula_hits
    from resmine.lexicons.nomenclature import systematic_name_hits
    from resmine.lexicons.stems import drug_stem_hits

    lexicon = load_lexicon(lexicon_dir)

    def add_lexicon_mentions(doc: Doc) -> Doc:
        doc_id = _document(doc).doc_id
        mentions = _mentions(doc)
        text = _document(doc).text
        hits = lexicon.match(text)
        hits += plural_symbol_hits(text, hits) + genes_in_classes(text, hits, lexicon)
        hits += formula_hits(text, hits, lexicon)
        systematic, extended = systematic_name_hits(text, hits)
        if extended:
            widened = {(hit.start, hit.end) for hit in extended}
            hits = [hit for hit in hits if not any(a <= hit.start and hit.end <= b and (a, b) != (hit.start, hit.end)
                                                   for a, b in widened)] + extended
        hits += systematic
        hits += dosed_name_hits(text, hits)
        for hit in hits + drug_stem_hits(text, hits):
            mentions.append(
                Mention(doc_id, hit.start, hit.end, hit.text, hit.label, hit.normalized, "lexicon")
            )
        return doc

    return add_lexicon_mentions


@Language.factory("resmine_ner_features", default_config={"lexicon_dir": None, "convention": None})
def make_ner_features(nlp: Language, name: str, lexicon_dir: str | None, convention: str | None):
    """``convention``: the annotation style a convention-tagged model follows by default
    (:mod:`resmine.ner.features`); a doc's ``user_data["ner_convention"]`` overrides it."""
    from resmine.lexicons import load_lexicon
    from resmine.ner.features import CONVENTION_KEY, convention_suffix, token_features

    lexicon = load_lexicon(lexicon_dir)
    default_suffix = convention_suffix(convention)

    def set_features(doc: Doc) -> Doc:
        chosen = doc.user_data.get(CONVENTION_KEY)
        # a model trained without conventions (no default) never sees a convention letter
        suffix = convention_suffix(chosen) if chosen and default_suffix else default_suffix
        if not len(doc):
            return doc
        offsets = doc.to_array(["IDX", "LENGTH"])
        starts = offsets[:, 0].tolist()
        ends = (offsets[:, 0] + offsets[:, 1]).tolist()
        strings = doc.vocab.strings
        tags = [strings.add(code + suffix) for code in token_features(doc.text, starts, ends, lexicon)]
        doc.from_array(["TAG"], numpy.array(tags, dtype="uint64").reshape(-1, 1))
        return doc

    return set_features


@Language.factory("resmine_mutations", default_config={"lexicon_dir": None})
def make_mutations(nlp: Language, name: str, lexicon_dir: str | None):
    from resmine.lexicons import load_lexicon
    from resmine.mutations import extract_alteration_classes, extract_mutations

    lexicon = load_lexicon(lexicon_dir)

    def add_mutation_mentions(doc: Doc) -> Doc:
        doc_id = _document(doc).doc_id
        mentions = _mentions(doc)
        text = _document(doc).text
        for match, source in [(m, "mutation_grammar") for m in extract_mutations(text)] + [
            (m, "alteration_words") for m in extract_alteration_classes(text)
        ]:
            for form in match.normalized:
                mentions.append(
                    Mention(doc_id, match.start, match.end, match.text, "MUTATION", form, source)
                )
            if match.gene_text and match.gene_start is not None and match.kind != "fusion":
                symbol = lexicon.normalize_gene(match.gene_text)
                if symbol:
                    mentions.append(
                        Mention(doc_id, match.gene_start, match.gene_end, match.gene_text,
                                "GENE", symbol, "mutation_grammar")
                    )
        return doc

    return add_mutation_mentions


@Language.factory(
    "resmine_ner",
    default_config={"model": None, "labels": None, "lexicon_dir": None, "batch_size": 32},
)
def make_ner(nlp: Language, name: str, model: str | None, labels: dict | None,
             lexicon_dir: str | None, batch_size: int):
    """``model``: a spaCy package name or path (null: ``models/ner``); ``labels``: model label →
    GENE/DRUG (null: :data:`resmine.ner.DEFAULT_LABELS`)."""
    from resmine.lexicons import load_lexicon
    from resmine.ner import DEFAULT_LABELS, load_ner_model

    return NerComponent(load_ner_model(model), load_lexicon(lexicon_dir),
                        dict(labels or DEFAULT_LABELS), batch_size)


_LAYOUT_AS_SPACE = str.maketrans("\n\t\r\f\v", "     ")


class NerComponent:
    """Runs the NER model on each document's text (batched in ``pipe``; long texts in chunks
    of at most :data:`resmine.ner.CHUNK_CHARS`) and merges its entities into the mentions."""

    def __init__(self, ner_nlp: Language, lexicon, labels: dict[str, str], batch_size: int):
        self.ner_nlp = ner_nlp
        self.lexicon = lexicon
        self.labels = labels
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int | None = None):
        from spacy.util import minibatch

        size = batch_size or self.batch_size
        for batch in minibatch(docs, size=size):
            chunks = [(k, offset, ner_doc) for k, doc in enumerate(batch) for offset, ner_doc in self._ner_docs(doc)]
            entities: list[list[tuple[int, int, str]]] = [[] for _ in batch]
            for (k, offset, _), ner_doc in zip(chunks, self.ner_nlp.pipe((c[2] for c in chunks), batch_size=size)):
                entities[k].extend((offset + e.start_char, offset + e.end_char, e.label_) for e in ner_doc.ents)
            for doc, found in zip(batch, entities):
                yield self._add(doc, found)

    def _ner_docs(self, doc: Doc):
        from resmine import ner
        from resmine.ner.features import CONVENTION_KEY

        document = _document(doc)
        convention = document.meta.get(CONVENTION_KEY)
        for start, end in ner.text_chunks(document.text, ner.CHUNK_CHARS):
            # The models learnt from one-line abstracts: line breaks and table tabs read as
            # spaces (same length, so offsets hold).
            ner_doc = self.ner_nlp.make_doc(document.text[start:end].translate(_LAYOUT_AS_SPACE))
            if convention:  # an evaluation asking for one corpus' annotation style
                ner_doc.user_data[CONVENTION_KEY] = convention
            yield start, ner_doc

    def _add(self, doc: Doc, entities: list[tuple[int, int, str]]) -> Doc:
        from resmine.ner import merge_entities
        from resmine.ner.features import CONVENTION_KEY

        document = _document(doc)
        doc._.resmine_mentions = merge_entities(document.doc_id, document.text, entities,
                                                _mentions(doc), self.lexicon, self.labels,
                                                document.meta.get(CONVENTION_KEY, ""))
        return doc


@Language.factory("resmine_abbreviations")
def make_abbreviations(nlp: Language, name: str):
    def link_abbreviations(doc: Doc) -> Doc:
        mentions = _mentions(doc)
        pairs = [
            (short.start_char, short.end_char, short._.long_form.start_char, short._.long_form.end_char)
            for short in getattr(doc._, "abbreviations", []) or []
            if short._.long_form is not None
        ]
        doc._.resmine_mentions = propagate_abbreviations(mentions, pairs, _document(doc).text)
        return doc

    return link_abbreviations


_GENE_LIKE_LONG_FORM = re.compile(
    r"\b(?:protein|receptor|kinase|factor|ligase|phosphatase|transporter|channel|homolog)"
    r"(?:[\s-]+(?:\d+[A-Za-z]?|[A-Z]|[IVX]+|[αβγδ]))?\s*$",
    re.IGNORECASE,
)


# A long form that names a disease: its short form is the disease, whatever a dictionary or
# the model says ("X-linked adrenoleukodystrophy (ALD)", "hypophosphatemic rickets (XLH)").
_DISEASE_LONG_FORM = re.compile(
    r"(?:\b(?:syndrome|disease|disorder|deficiency|rickets|tumou?rs?|cancers?|carcinomas?|leuka?emias?|"
    r"lymphomas?|sarcomas?)|[a-z]{3}(?:itis|osis|a?emia|pathy|trophy|plasia|blastoma))\s*\Z",
    re.IGNORECASE,
)

_GENE_AFTER = re.compile(r"\s+(?:genes?|proteins?|mRNAs?|transcripts?)\b")


def propagate_abbreviations(
    mentions: list[Mention], pairs: list[tuple[int, int, int, int]], text: str
) -> list[Mention]:
    """Short forms take the entity of their long form; entity-less long forms veto short forms;
    a long form that names a disease vetoes its short form and itself as genes or drugs.

    ``pairs`` are (short_start, short_end, long_start, long_end) character offsets.
    """
    if not pairs:
        return mentions
    by_span = {}
    for mention in mentions:
        if mention.label in ("GENE", "DRUG", "DRUG_CLASS"):
            by_span.setdefault((mention.start, mention.end), mention)
    entities = [m for m in mentions if m.label in ("GENE", "DRUG")]
    long_forms: dict[tuple[int, int], list[Mention]] = {}  # every use of a short form shares it
    added: list[Mention] = []
    replaced: set[int] = set()
    vetoed: set[tuple[int, int, str]] = set()
    for short_start, short_end, long_start, long_end in pairs:
        if _DISEASE_LONG_FORM.search(text[long_start:long_end]):
            for mention in mentions:
                if mention.label in ("GENE", "DRUG") and (
                        (mention.start, mention.end) == (short_start, short_end)
                        and not _GENE_AFTER.match(text, short_end)  # "the ALD gene" is the gene
                        or long_start <= mention.start and mention.end == long_end):
                    vetoed.add((mention.start, mention.end, mention.label))
            continue
        inside_long = long_forms.get((long_start, long_end))
        if inside_long is None:
            inside_long = [m for m in entities if long_start <= m.start and m.end <= long_end]
            long_forms[(long_start, long_end)] = inside_long
        # The long form names an entity when one mention covers most of it.
        best = max(inside_long, key=lambda m: m.end - m.start, default=None)
        long_names_entity = best is not None and (best.end - best.start) >= 0.6 * (long_end - long_start)
        short_hit = by_span.get((short_start, short_end))
        if long_names_entity and (short_hit is None or short_hit.label != best.label
                                  or (best.normalized and not short_hit.normalized)):
            # "phenobarbital (PB)": PB is the drug here, whatever else the dictionaries say;
            # "glucocorticoid receptor (GR)": the NER's unnamed GR is NR3C1.
            if short_hit is not None:
                replaced.add(id(short_hit))
            # an unnamed model span around the short form ("GR lacking hormone") was its guess
            replaced.update(id(m) for m in mentions if m.source == "ner" and not m.normalized
                            and m.label == best.label and m.start <= short_start and short_end <= m.end)
            added.append(
                Mention(best.doc_id, short_start, short_end, text[short_start:short_end],
                        best.label, best.normalized, "abbreviation")
            )
        elif (not inside_long and short_hit is not None and short_hit.source == "lexicon"  # not "lexicon+ner"
              and not _GENE_LIKE_LONG_FORM.search(text[long_start:long_end])):
            # "castration resistant prostate cancer (CRPC)": the document says what CRPC is.
            # A long form that reads like a protein name ("Klech-like ECH-associated protein
            # 1", misspelt) vetoes nothing: the short form is the gene.
            vetoed.add((short_start, short_end, short_hit.label))
    return [m for m in (*mentions, *added)
            if id(m) not in replaced and (m.start, m.end, m.label) not in vetoed]


@Language.factory("resmine_families", default_config={"lexicon_dir": None})
def make_families(nlp: Language, name: str, lexicon_dir: str | None):
    """Family and ambiguous gene mentions named by their document (:func:`specialise_families`)."""
    from resmine.lexicons import load_lexicon

    lexicon = load_lexicon(lexicon_dir)

    def specialise(doc: Doc) -> Doc:
        document = _document(doc)
        mentions = specialise_families(_mentions(doc), lexicon.family_members, lexicon.gene_candidates)
        mentions += ambiguous_names_in_context(document.doc_id, document.text, mentions,
                                               lexicon.ambiguous_gene_hits(document.text))
        doc._.resmine_mentions = mentions
        return doc

    return specialise


def specialise_families(mentions: list[Mention], members: dict[str, set[str]],
                        candidates: Callable[[str], frozenset[str]] = lambda text: frozenset()) -> list[Mention]:
    """Gene mentions that name a group take the one gene of that group the document also
    names: a family (``FPLX:...``) its member (a text about HDAC1 that says "HDAC" means
    HDAC1), an unnamed gene with an ambiguous name (``candidates``, the lexicon's mode ``a``)
    its candidate (a text that names SQSTM1 means it by "p62"). With no such gene named, or
    several, the mention stays as it was."""
    named = {m.normalized for m in mentions if m.label == "GENE" and m.normalized
             and not m.normalized.startswith("FPLX:")}
    out = []
    for mention in mentions:
        if mention.label == "GENE" and not mention.normalized:
            group = candidates(mention.text) & named
        elif mention.label == "GENE" and mention.normalized.startswith("FPLX:"):
            group = members.get(mention.normalized, set()) & named
        else:
            group = set()
        if len(group) == 1:
            mention = replace(mention, normalized=next(iter(group)))
        out.append(mention)
    return out


def ambiguous_names_in_context(doc_id: str, text: str, mentions: list[Mention],
                               hits: list[tuple[int, int, frozenset[str]]]) -> list[Mention]:
    """New gene mentions for ambiguous names (``hits``: offsets and candidate genes) that
    nothing else found, where the document names exactly one candidate elsewhere: in a text
    about the mineralocorticoid receptor (NR3C2), "MR" is NR3C2."""
    from resmine.lexicons import Coverage

    named = {m.normalized for m in mentions if m.label == "GENE" and m.normalized}
    taken = Coverage(len(text), ((m.start, m.end) for m in mentions))
    out = []
    for start, end, candidates in hits:
        chosen = candidates & named
        if len(chosen) == 1 and not taken.overlaps(start, end):
            out.append(Mention(doc_id, start, end, text[start:end], "GENE", next(iter(chosen)), "lexicon_context"))
    return out


@Language.factory("resmine_triples", default_config={"rules_dir": None})
def make_triples(nlp: Language, name: str, rules_dir: str | None):
    from resmine.relations import RelationRules, extract_evidence

    rules = RelationRules.load(rules_dir)

    def add_evidence(doc: Doc) -> Doc:
        doc._.resmine_evidence = extract_evidence(
            _document(doc), doc._.resmine_sentences or [], _mentions(doc), rules
        )
        return doc

    return add_evidence

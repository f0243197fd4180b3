"""resmine's spaCy components: thin wrappers around the pure functions of other modules.

A pipeline is composed in a ``.cfg`` file (``models/pipeline.cfg``) from these named parts,
registered through the ``spacy_factories`` entry points in ``pyproject.toml``; each declares
the ``doc._`` attributes it assigns and requires (:mod:`resmine.nlp.doc_state`), so
``nlp.analyze_pipes()`` checks their order:

``resmine_sentences``
    Sentence boundaries from :func:`resmine.nlp.sentences.split_sentences`; they never cross a
    passage, so a table row is one sentence.
``resmine_abbreviation_detector``
    scispaCy's detector of "long form (SF)" definitions, declared so that
    ``resmine_abbreviations`` can require what it assigns.
``resmine_lexicon``
    Gene, drug and drug-class mentions from the dictionaries and their gap-filling rules
    (:func:`resmine.mentions.dictionary.dictionary_mentions`).
``resmine_mutations``
    Variants (``MUTATION``) from the mutation grammar, gene-level alterations (``ALTERATION``)
    and the gene written inside a variant (:func:`resmine.mentions.variants.variant_mentions`).
``resmine_ner`` (:mod:`resmine.ner.components`)
    Genes and drugs found by a statistical NER model, merged with the dictionary hits.
``resmine_abbreviations``
    Carries a long form's entity to every use of its short form, and drops dictionary hits on
    short forms that the document defines as something else ("CRPC", "CML"); then drops the
    gene mentions the text shows to be no gene (a codon, a chromosome band, a name cut before
    its isoform, a gene inside an inherited deficiency's name).
``resmine_families``
    A gene family ("RAF", "HDAC") normalised to its one member the same document names
    ("BRAF", "HDAC1"), and ambiguous names resolved the same way.
``resmine_species``
    In a mouse or rat study, a gene written the rodent way ("Egfr") loses the human symbol
    (:func:`resmine.mentions.species.rodent_genes_unnamed`).
``resmine_relations``
    Gene–mutation–drug–relation evidence from :func:`resmine.relations.extract_evidence`,
    decided by the trained relation classifier (``models/relations/``) with the rules as its
    features and fallback. ``resmine_triples`` is the same with the rules alone.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from resmine.lexicons import Lexicon, LexiconHit, load_lexicon
from resmine.lexicons.codes import has_unnamed_code
from resmine.mentions.abbreviations import propagate_abbreviations
from resmine.mentions.dictionary import dictionary_hits, dictionary_mentions
from resmine.mentions.families import ambiguous_names_in_context, specialise_families
from resmine.mentions.model_entities import (without_chromosome_bands, without_codons, without_cut_gene_names,
                                              without_genes_in_inherited_diseases)
from resmine.mentions.species import MIN_RODENT_CUES, rodent_genes_unnamed, species_cues
from resmine.mentions.variants import variant_mentions
from resmine.model import CHANGE_LABELS, Document, Mention
from resmine.nlp.focus import linkable_changes
from resmine.nlp.doc_state import (DICTIONARY_HITS, EVIDENCE, LEXICON_HITS, LEXICON_MATCHES, MENTIONS, SENTENCES,
                                   VARIANT_MENTIONS, document_of, mentions_of)
from resmine.nlp.parentheses import DefinitionMatcher, hyphened_definitions
from resmine.nlp.resources import FolderResource, ResourceComponent, resolve_dir
from resmine.nlp.sentences import MAX_SENTENCE_CHARS, split_sentences
from resmine.relations import RelationModel, RelationRules, TableSettings, could_hold_evidence, extract_evidence
from resmine.relations.units import MAX_PAIR_CHARS

LEXICON_FOLDER = "lexicons"  # models/lexicons, and the sub-folder a saved component keeps it in
RELATION_RULES_FOLDER = "rules/relations"
RELATION_MODEL_FOLDER = "relations"


def lexicon_resource(lexicon_dir: str | None) -> FolderResource[Lexicon]:
    return FolderResource(resolve_dir(lexicon_dir, LEXICON_FOLDER), load_lexicon, "lexicon")


@Language.factory("resmine_sentences", default_config={"max_chars": MAX_SENTENCE_CHARS},
                  assigns=[SENTENCES, "token.is_sent_start"])
def make_sentences(nlp: Language, name: str, max_chars: int):
    """``max_chars``: the longest sentence kept whole; longer ones are cut into pieces so that
    text without sentence ends is read in bounded units."""
    def set_sentences(doc: Doc) -> Doc:
        document = document_of(doc)
        spans = split_sentences(document.text, document.passages, max_chars)
        doc._.resmine_sentences = spans
        if len(doc):
            # one array write instead of a Python loop over tokens (this runs on every token)
            idx = doc.to_array("IDX")
            starts = numpy.array(sorted(start for start, _ in spans), dtype=idx.dtype)
            is_start = numpy.isin(idx, starts)
            is_start[0] = True
            values = numpy.where(is_start, 1, -1).astype("int64").view("uint64")  # spaCy stores -1 as uint64
            doc.from_array(["SENT_START"], values.reshape(-1, 1))  # type: ignore[arg-type]  # spaCy's stub wants thinc's Ints2d
        return doc

    return set_sentences


class LexiconComponent(ResourceComponent):
    """A component that reads the dictionaries (``lexicon_dir``; null: ``models/lexicons``)."""

    def __init__(self, lexicon_dir: str | None) -> None:
        self.lexicon = lexicon_resource(lexicon_dir)
        self.resources: tuple[FolderResource, ...] = (self.lexicon,)


class LexiconMentions(LexiconComponent):
    """``resmine_lexicon``: dictionary mentions; the raw dictionary hits stay on the doc for
    the NER's features."""

    def __call__(self, doc: Doc) -> Doc:
        document = document_of(doc)
        lexicon = self.lexicon.get()
        matched = doc.user_data.pop(LEXICON_MATCHES, None)  # the pre-filter's, when it read them
        doc._.resmine_lexicon_hits = lexicon.match(document.text) if matched is None else matched
        hits = doc.user_data.pop(DICTIONARY_HITS, None)
        mentions_of(doc).add(dictionary_mentions(document.doc_id, document.text, lexicon, hits))
        return doc


@Language.factory("resmine_lexicon", default_config={"lexicon_dir": None}, assigns=[MENTIONS, LEXICON_HITS])
def make_lexicon(nlp: Language, name: str, lexicon_dir: str | None) -> LexiconMentions:
    """``lexicon_dir``: the dictionaries (null: ``models/lexicons``)."""
    return LexiconMentions(lexicon_dir)


class VariantMentions(LexiconComponent):
    """``resmine_mutations``: variants, alterations and the genes written inside variants."""

    def __call__(self, doc: Doc) -> Doc:
        found = doc.user_data.pop(VARIANT_MENTIONS, None)
        mentions_of(doc).add(self.mentions_in(document_of(doc)) if found is None else found)
        return doc

    def mentions_in(self, document: Document) -> list[Mention]:
        return variant_mentions(document.doc_id, document.text, self.lexicon.get(), document.passages)

    def holds_change(self, document: Document) -> bool:
        """Whether the grammar finds a variant or alteration in ``document``."""
        return any(m.label in CHANGE_LABELS for m in self.mentions_in(document))

    def dictionary_hits(self, document: Document) -> list[LexiconHit]:
        """The dictionary hits of ``document`` (gap-filling rules included) for the pre-filter
        to look for a drug in (:meth:`names_a_drug`). ``resmine_lexicon`` then takes them as
        they are (``DICTIONARY_HITS``)."""
        return dictionary_hits(document.text, self.lexicon.get())

    def names_a_drug(self, document: Document, mentions: list[Mention], hits: list[LexiconHit]) -> bool:
        """Whether ``document``, with the grammar's ``mentions`` and the :meth:`dictionary_hits`
        ``hits``, could name a drug: a drug the dictionaries name, or a code-like word nothing
        names, which the statistical NER may find as one and the relation stage pairs under its
        own text (:func:`resmine.lexicons.codes.has_unnamed_code`; "sensitive to FGFR
        inhibition with PD174074", CIViC train EID1322, EID3034)."""
        if any(hit.label != "GENE" for hit in hits):
            return True
        return has_unnamed_code(document.text, [(h.start, h.end) for h in hits] + [(m.start, m.end) for m in mentions])

    def lexicon_matches(self, document: Document) -> list[LexiconHit]:
        """The dictionary's own hits of ``document`` (:meth:`Lexicon.match`), which
        :meth:`dictionary_hits` began with (asked right after it, the lexicon's cache of recent
        matches answers) and ``resmine_lexicon`` keeps for the NER's features (``LEXICON_MATCHES``)."""
        return self.lexicon.get().match(document.text)

    def linkable_changes(self, document: Document, mentions: list[Mention]) -> list[Mention]:
        """The changes of ``mentions`` a triple could be read from (the pre-filter of
        ``--mode triples``: :func:`resmine.nlp.focus.linkable_changes`)."""
        return linkable_changes(document, mentions, self.lexicon.get())


@Language.factory("resmine_mutations", default_config={"lexicon_dir": None}, assigns=[MENTIONS])
def make_mutations(nlp: Language, name: str, lexicon_dir: str | None) -> VariantMentions:
    """``lexicon_dir``: the dictionaries that name a gene written inside a variant."""
    return VariantMentions(lexicon_dir)


ABBREVIATIONS = "doc._.abbreviations"


@Language.factory("resmine_abbreviation_detector", assigns=[ABBREVIATIONS])
def make_abbreviation_detector(nlp: Language, name: str):
    """scispaCy's ``abbreviation_detector``, which declares nothing itself, finding its
    candidates with :class:`~resmine.nlp.parentheses.DefinitionMatcher` (linear in the
    document) instead of a Matcher that pairs every "(" with every later ")"; it also reads
    definitions whose bracket goes on after the short form ("(THL, Figure 1A)")."""
    from scispacy.abbreviation import AbbreviationDetector

    detector = AbbreviationDetector(nlp, name)
    detector.matcher = DefinitionMatcher(nlp.vocab)  # called as the Matcher is: doc -> (key, start, end)
    return detector


@Language.factory("resmine_abbreviations", requires=[MENTIONS, ABBREVIATIONS], assigns=[MENTIONS])
def make_abbreviations(nlp: Language, name: str):
    """Each short form takes its long form's mention (:func:`propagate_abbreviations`); then the
    gene mentions that only a read short form shows to be something else go: a gene inside an
    inherited deficiency's name (unless the NER's convention annotates those), a name cut before
    its isoform, a chromosome band, a codon (:mod:`resmine.mentions.model_entities`)."""
    convention: list[str] = []  # the NER's annotation convention, asked once (the NER comes first)

    def link_abbreviations(doc: Doc) -> Doc:
        mentions = mentions_of(doc)
        pairs = [
            (short.start_char, short.end_char, short._.long_form.start_char, short._.long_form.end_char)
            for short in getattr(doc._, "abbreviations", []) or []
            if short._.long_form is not None
        ]
        pairs += hyphened_definitions(doc, pairs)
        text = document_of(doc).text
        found = propagate_abbreviations(mentions.as_list(), pairs, text)
        if not convention:
            ner = nlp.get_pipe("resmine_ner") if "resmine_ner" in nlp.pipe_names else None
            convention.append(getattr(ner, "convention", "") or "")
        found = without_cut_gene_names(without_genes_in_inherited_diseases(found, text, convention[0]), text)
        mentions.replace(without_codons(without_chromosome_bands(found, text), text))
        return doc

    return link_abbreviations


class FamilyMentions(LexiconComponent):
    """``resmine_families``: family and ambiguous gene names resolved by their document."""

    def __call__(self, doc: Doc) -> Doc:
        document = document_of(doc)
        lexicon = self.lexicon.get()
        mentions = mentions_of(doc)
        resolved = specialise_families(mentions.as_list(), lexicon.family_members, lexicon.gene_candidates)
        resolved += ambiguous_names_in_context(document.doc_id, document.text, resolved,
                                               lexicon.ambiguous_gene_hits(document.text))
        mentions.replace(resolved)
        return doc


@Language.factory("resmine_families", default_config={"lexicon_dir": None}, requires=[MENTIONS], assigns=[MENTIONS])
def make_families(nlp: Language, name: str, lexicon_dir: str | None) -> FamilyMentions:
    """``lexicon_dir``: the dictionaries with the family members and ambiguous names."""
    return FamilyMentions(lexicon_dir)


@Language.factory("resmine_species", default_config={"min_rodent_cues": MIN_RODENT_CUES},
                  requires=[MENTIONS], assigns=[MENTIONS])
def make_species(nlp: Language, name: str, min_rodent_cues: int):
    """``min_rodent_cues``: rodent words ("mice", "murine") a document needs to be a rodent study."""

    def unname_rodent_genes(doc: Doc) -> Doc:
        mentions = mentions_of(doc)
        mentions.replace(rodent_genes_unnamed(mentions.as_list(), species_cues(document_of(doc).text),
                                              min_rodent_cues))
        return doc

    return unname_rodent_genes


class TripleEvidence(ResourceComponent):
    """``resmine_triples`` and ``resmine_relations``: evidence rows from the sentences and the
    resolved mentions, decided by the relation classifier when it has one, else by the rules."""

    def __init__(self, rules_dir: str | None, model_dir: str | None = None, use_model: bool = False,
                 max_pair_chars: int = MAX_PAIR_CHARS, table_settings: TableSettings = TableSettings()) -> None:
        self.max_pair_chars = max_pair_chars
        self.table_settings = table_settings
        self.rules = FolderResource(resolve_dir(rules_dir, RELATION_RULES_FOLDER), RelationRules.load, "rules")
        self.resources: tuple[FolderResource, ...] = (self.rules,)
        self.model: FolderResource[RelationModel] | None = None
        if use_model:
            self.model = FolderResource(resolve_dir(model_dir, RELATION_MODEL_FOLDER), RelationModel.load, "model")
            self.resources += (self.model,)

    def could_hold_evidence(self, document: Document, changes: list[Mention]) -> bool:
        """The pre-filter's question (:func:`resmine.relations.could_hold_evidence`) asked with
        this component's rules and model."""
        return could_hold_evidence(document, changes, self.rules.get(),
                                   self.model.get() if self.model is not None else None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.resmine_evidence = extract_evidence(
            document_of(doc), doc._.resmine_sentences or [], mentions_of(doc).as_list(), self.rules.get(),
            self.model.get() if self.model is not None else None, self.max_pair_chars, self.table_settings,
        )
        return doc


# The table settings of both relation factories (:class:`resmine.relations.TableSettings`).
TABLE_CONFIG = asdict(TableSettings())


@Language.factory("resmine_triples",
                  default_config={"rules_dir": None, "max_pair_chars": MAX_PAIR_CHARS, **TABLE_CONFIG},
                  requires=[SENTENCES, MENTIONS], assigns=[EVIDENCE])
def make_triples(nlp: Language, name: str, rules_dir: str | None, max_pair_chars: int,
                 resistance_fold: float, sensitivity_fold: float, potency_when_labelled: bool) -> TripleEvidence:
    """The reading rules alone. ``rules_dir``: the cue tables (null: ``models/rules/relations``);
    ``max_pair_chars``: how far apart a change, a drug and its cue can be paired
    (:data:`resmine.relations.units.MAX_PAIR_CHARS`). Potency tables (IC50, GI50, EC50, Ki
    columns; :mod:`resmine.relations.tables`): a row's value over the wild-type or parental
    row's is resistance at ``resistance_fold`` or more, sensitivity at ``sensitivity_fold`` or
    less, no_effect in between; ``potency_when_labelled``: also read the potency columns of a
    row that carries a Sensitive/Resistant label (the label is the authors' reading)."""
    return TripleEvidence(rules_dir, max_pair_chars=max_pair_chars, table_settings=TableSettings(
        resistance_fold, sensitivity_fold, potency_when_labelled))


@Language.factory("resmine_relations",
                  default_config={"rules_dir": None, "model_dir": None, "max_pair_chars": MAX_PAIR_CHARS,
                                  **TABLE_CONFIG},
                  requires=[SENTENCES, MENTIONS], assigns=[EVIDENCE])
def make_relations(nlp: Language, name: str, rules_dir: str | None, model_dir: str | None,
                   max_pair_chars: int, resistance_fold: float, sensitivity_fold: float,
                   potency_when_labelled: bool) -> TripleEvidence:
    """The relation classifier (:mod:`resmine.relations.learned`) with the rules as its features
    and for what it does not decide. ``model_dir``: the trained model (null: ``models/relations``,
    written by ``resmine train-relations``); ``rules_dir``, ``max_pair_chars`` and the table
    settings ``resistance_fold``, ``sensitivity_fold``, ``potency_when_labelled``: as for
    ``resmine_triples``."""
    return TripleEvidence(rules_dir, model_dir, use_model=True, max_pair_chars=max_pair_chars,
                          table_settings=TableSettings(resistance_fold, sensitivity_fold, potency_when_labelled))

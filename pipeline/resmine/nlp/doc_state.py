"""What resmine's components keep on a spaCy ``Doc``: the source :class:`~resmine.model.Document`
and the ``doc._.resmine_*`` extensions.

Each component reads the Document from ``doc.user_data["document"]`` (put there by
:func:`resmine.nlp.annotate`) and writes plain objects to the extensions, so nothing downstream
depends on spaCy's token alignment: mentions such as the "BRAF" inside "BRAFV600E" have exact
character offsets even inside a token.

``doc._.resmine_sentences``  (start, end) character offsets of each sentence (a table row is one)
``doc._.resmine_lexicon_hits``  the dictionary's own hits, which the NER's features reuse
``doc._.resmine_mentions``  a :class:`~resmine.mentions.MentionSet`
``doc._.resmine_evidence``  :class:`~resmine.model.Evidence` rows

``doc.user_data[VARIANT_MENTIONS]``, when present: what ``resmine_mutations`` would find in the
document, already found by the pre-filter of ``--mode triples`` (not found twice);
``doc.user_data[LINKABLE_CHANGES]`` then holds those of them a gene could be linked to
(:func:`resmine.nlp.focus.linkable_changes`), which the NER's focus reads (not judged twice),
and ``doc.user_data[DICTIONARY_HITS]`` the dictionary hits the pre-filter looked for a drug in,
which ``resmine_lexicon`` makes its mentions of, and ``doc.user_data[LEXICON_MATCHES]`` the
dictionary's own hits among them, which it keeps for the NER's features (neither matched twice:
the pre-filter reads a whole group of documents before the first is read, so the lexicon's cache
of recent matches no longer holds them then).
"""

from __future__ import annotations

from spacy.tokens import Doc

from resmine.mentions import MentionSet
from resmine.model import Document

VARIANT_MENTIONS = "resmine_variant_mentions"
LINKABLE_CHANGES = "resmine_linkable_changes"
DICTIONARY_HITS = "resmine_dictionary_hits"
LEXICON_MATCHES = "resmine_lexicon_matches"
EXTENSIONS = ("resmine_sentences", "resmine_lexicon_hits", "resmine_mentions", "resmine_evidence")
# The attribute names components declare in ``assigns``/``requires``.
SENTENCES, LEXICON_HITS, MENTIONS, EVIDENCE = (f"doc._.{name}" for name in EXTENSIONS)

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def document_of(doc: Doc) -> Document:
    # Components read the text from the Document: spaCy's Doc.text rebuilds the string from
    # the tokens on every access.
    document = doc.user_data.get("document")
    if document is None:  # a bare spaCy call on a string: treat it as one anonymous passage
        document = Document(doc_id="", source="", format="text", title="", text=doc.text)
        doc.user_data["document"] = document
    return document


def mentions_of(doc: Doc) -> MentionSet:
    if doc._.resmine_mentions is None:
        doc._.resmine_mentions = MentionSet()
    return doc._.resmine_mentions

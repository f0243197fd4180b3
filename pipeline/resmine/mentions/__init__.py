"""Mention resolution: the one place that decides which genes, drugs, variants and alterations
a text mentions.

Parts, each a set of pure functions over plain :class:`~resmine.model.Mention` lists:

* :mod:`resmine.mentions.dictionary` — dictionary hits and the rules that fill their gaps
  (plural symbols, formulas, systematic names, dosed names, INN stems);
* :mod:`resmine.mentions.variants` — variants from the mutation grammar (``MUTATION``) and
  gene-level alteration words (``ALTERATION``), with the gene written inside a variant;
* :mod:`resmine.mentions.model_entities` — a statistical NER model's entities merged with the
  dictionary hits;
* :mod:`resmine.mentions.abbreviations` — short forms defined in the text;
* :mod:`resmine.mentions.families` — family and ambiguous gene names resolved by the document.

The spaCy components of :mod:`resmine.nlp.components` and :mod:`resmine.ner.components` wrap
these functions and keep the document's mentions in a :class:`MentionSet`. Relations read
mentions and create none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from resmine.model import Label, Mention

__all__ = ["MentionSet"]


class MentionSet:
    """The mentions of one document while the pipeline resolves them.

    A component either *adds* what it finds beside what is there (dictionary hits, grammar
    matches) or *replaces* the set by its resolution of the whole (the model merge,
    abbreviations, families); the two are distinct calls so that which one a component does is
    visible where it does it.
    """

    __slots__ = ("_mentions",)

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        self._mentions: list[Mention] = list(mentions)

    def add(self, mentions: Iterable[Mention]) -> None:
        self._mentions.extend(mentions)

    def replace(self, mentions: Iterable[Mention]) -> None:
        self._mentions = list(mentions)

    def with_label(self, *labels: Label) -> list[Mention]:
        return [m for m in self._mentions if m.label in labels]

    def as_list(self) -> list[Mention]:
        """A copy, for the pure functions that resolve mentions."""
        return list(self._mentions)

    def sorted(self) -> list[Mention]:
        return sorted(self._mentions, key=lambda m: (m.start, m.end, m.label))

    def __iter__(self) -> Iterator[Mention]:
        return iter(self._mentions)

    def __len__(self) -> int:
        return len(self._mentions)

    def __repr__(self) -> str:
        return f"MentionSet({len(self._mentions)} mentions)"

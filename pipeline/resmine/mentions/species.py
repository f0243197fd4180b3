"""Species context: a gene of a mouse or rat study is the rodent gene, not the human symbol the
dictionary gives it.

The dictionary holds human genes only, and its case-insensitive keys read "Egfr" as EGFR. In a
rodent study that reading is wrong: the evidence is about the mouse gene. The decision is
conservative, because many cancer papers that mention mice are xenograft studies of human
tumour cells, whose genes are human:

* a *rodent study* names rodents ("mice", "murine", "Mus musculus", "rats") at least
  ``min_rodent_cues`` times, more often than humans ("patients", "human"), and grows no human
  cells in them ("xenograft", "nude mice", "patient-derived"); one mention of mice in a
  clinical abstract is not a rodent study;
* in a rodent study that never names humans, every gene symbol is the rodent gene ("EGFR" as
  much as "Egfr");
* in one that also names humans, only a gene written in the rodent nomenclature's case ("Egfr",
  "Bcl2": a capital, then lower case, where the human symbol has more capitals) is.

Such a mention keeps its span and label and loses the human symbol (``normalized`` empty: a gene
the dictionary cannot name), so no human triple is made of it. Families (``FPLX:``) are kept:
they are not species-specific in the dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from resmine.model import Label, Mention

RODENT_WORDS = ("mice", "mouse", "murine", "mus musculus", "rats?", "rattus norvegicus", "rodents?")
HUMAN_WORDS = ("patients?", "humans?", "homo sapiens", "women", "men", "children", "volunteers")
# Human cells grown in rodents: their genes are human whatever the number of mice.
XENOGRAFT_WORDS = (r"xenograft\w*", "nude mice", "scid", "nsg mice", "patient-derived", "pdx")


def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words`` (lower-case patterns), as a whole word, in any case."""
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)


def _lower_case_words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """The same words in lower-cased ASCII text, which keeps the matches: written first letter
    first, with the word boundary looked back at after it ("m(?<!\\wm)(?:ice|ouse)"). Python's
    ``re`` then skips in C to the places where one of the first letters is, whereas an
    expression that opens with ``\\b`` is tried at every place (a quarter of the time)."""
    by_first: dict[str, list[str]] = {}
    for word in words:  # in their order: at one place the first that matches wins, as before
        by_first.setdefault(word[0], []).append(word[1:])
    return re.compile("|".join(f"{first}(?<!\\w{first})(?:{'|'.join(rests)})" for first, rests in by_first.items())
                      .join(("(?:", r")\b")))


RODENT_WORD_RE, HUMAN_WORD_RE, XENOGRAFT_RE = map(_words_re, (RODENT_WORDS, HUMAN_WORDS, XENOGRAFT_WORDS))
_LOWER_CASE_CUES = tuple(map(_lower_case_words_re, (RODENT_WORDS, HUMAN_WORDS, XENOGRAFT_WORDS)))
# Rodent words a document needs before its genes may be rodent genes: one mention of mice in a
# clinical abstract ("as in mice") is not a mouse study.
MIN_RODENT_CUES = 2


@dataclass(frozen=True)
class SpeciesCues:
    rodent: int
    human: int
    xenograft: int = 0

    def rodent_study(self, min_rodent_cues: int = MIN_RODENT_CUES) -> bool:
        return self.rodent >= min_rodent_cues and self.rodent > self.human and not self.xenograft


def species_cues(text: str) -> SpeciesCues:
    """How often ``text`` names rodents and humans."""
    if text.isascii():
        lowered = text.lower()
        return SpeciesCues(*(len(words.findall(lowered)) for words in _LOWER_CASE_CUES))
    return SpeciesCues(len(RODENT_WORD_RE.findall(text)), len(HUMAN_WORD_RE.findall(text)),
                       len(XENOGRAFT_RE.findall(text)))


def rodent_style(surface: str, symbol: str) -> bool:
    """``surface`` is ``symbol`` written in the mouse and rat nomenclature's case: "Egfr" for
    EGFR, "Bcl-2" for BCL2; not "EGFR", "egfr", "p53" or a name that is not the symbol."""
    letters = [ch for ch in surface if ch.isalpha()]
    if len(letters) < 2 or not surface[0].isupper() or any(ch.isupper() for ch in letters[1:]):
        return False
    if sum(ch.isupper() for ch in symbol) < 2:
        return False
    return "".join(ch for ch in surface if ch.isalnum()).upper() == symbol.upper()


def rodent_gene(mention: Mention, cues: SpeciesCues, min_rodent_cues: int = MIN_RODENT_CUES) -> bool:
    """Whether the gene ``mention`` of a document with ``cues`` is a rodent gene (see above)."""
    if mention.label != Label.GENE or not mention.normalized or mention.normalized.startswith("FPLX:"):
        return False
    if not cues.rodent_study(min_rodent_cues):
        return False
    return cues.human == 0 or rodent_style(mention.text, mention.normalized)


def rodent_genes_unnamed(mentions: list[Mention], cues: SpeciesCues,
                         min_rodent_cues: int = MIN_RODENT_CUES) -> list[Mention]:
    """``mentions`` with the human symbol taken from every rodent gene of a rodent study."""
    if not cues.rodent_study(min_rodent_cues):  # decided once per document, not per mention
        return list(mentions)
    return [replace(m, normalized="") if rodent_gene(m, cues, min_rodent_cues) else m for m in mentions]

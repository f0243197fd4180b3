"""Text-span helpers around dictionary hits: which characters are taken (:class:`Coverage`),
a name's other free occurrences, brackets around a word, and the extra GENE hits a text's own
symbols imply (plurals, genes inside drug-class names, the siblings of a shorthand "BRCA1/2")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from resmine.lexicons.lexicon import Lexicon, LexiconHit


class Coverage:
    """The characters of a text that spans already cover: the gap-filling rules' overlap test,
    in time proportional to the span tested (a full-text article has thousands of mentions)."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._covered = bytearray(length)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        start, end = max(0, start), min(end, len(self._covered))
        if start < end:
            self._covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self._covered[start:end]


def free_occurrences(text: str, names: Iterable[str], taken: Coverage) -> Iterator[tuple[int, int, str]]:
    """``(start, end, name)`` of each occurrence of one of ``names`` in ``text``, as written and
    as a whole word, that ``taken`` does not overlap; each is added to ``taken``. A name
    followed by "-treated" still counts, one followed by "-2" does not ("THP-treated", not
    "IL-6" for "IL"). Occurrences do not overlap: read from the left, the longest name at a
    place wins and the next is looked for after it.

    Found with ``str.find`` per name, not one expression of all of them: the names differ from
    text to text, and compiling their expression cost more than the search (about 0.3 ms)."""
    order = sorted({name for name in names if name}, key=len, reverse=True)
    found = sorted((start, rank, name) for rank, name in enumerate(order) for start in _whole_words(text, name))
    resume = 0
    for start, _, name in found:
        if start < resume:
            continue  # inside the occurrence before it
        end = resume = start + len(name)
        if not taken.overlaps(start, end):
            taken.add(start, end)
            yield start, end, name


def _whole_words(text: str, name: str) -> Iterator[int]:
    """Starts of ``name`` in ``text`` with no word character or hyphen before it and no word
    character after it, nor a hyphen and a character other than a lower-case ASCII letter."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        before, after = text[start - 1:start], text[end:end + 1]
        if not (before and (before.isalnum() or before in "_-")) and not (after and (after.isalnum() or after == "_")) \
                and not (after == "-" and end + 1 < len(text) and not "a" <= text[end + 1] <= "z"):
            yield start
        start = text.find(name, start + 1)


def unbracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """The word at [start, end) of ``text`` without the brackets around it or left open at an
    edge: "(NaCl)" and "CaCl(2))" are "NaCl" and "CaCl(2)"."""
    while end - start > 2:
        word = text[start:end]
        opened = word.count("(") + word.count("[") - word.count(")") - word.count("]")
        if word[0] in "([" and (word[-1] in ")]" and opened == 0 or opened > 0):
            start += 1
            end -= 1 if opened == 0 else 0
        elif word[-1] in ")]," and opened < 0:
            end -= 1
        else:
            break
    return start, end


_SYMBOL_SURFACE_RE = re.compile(r"[A-Z][A-Z0-9]+")
# A word written as such a symbol and an "s": the plural of a symbol when the text names it. One
# expression for every text (a symbol's letters and digits run up to the "s", so the word is the
# symbol), not one per text of its symbols, whose compiling cost more than the scan.
_PLURAL_SYMBOL_RE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]+)s(?![\w-])")


def plural_symbol_hits(text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """Plurals of the gene symbols ``hits`` found in ``text``: a text that names AR means the
    AR by "mutated ARs". Plurals are not dictionary terms ("OSCs", "TNSs" are other acronyms'
    plurals); only a symbol the same text names, written in capitals, lends its plural."""
    symbols = {hit.text: hit for hit in hits if hit.label == "GENE" and _SYMBOL_SURFACE_RE.fullmatch(hit.text)}
    if not symbols:
        return []
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    out: list[LexiconHit] = []
    for match in _PLURAL_SYMBOL_RE.finditer(text):
        start, end = match.span()
        hit = symbols.get(match.group(1))
        if hit is None or taken.overlaps(start, end):
            continue
        out.append(LexiconHit(start, end, match.group(0), "GENE", hit.normalized, hit.ident))
    return out


def genes_in_classes(text: str, hits: list[LexiconHit], lexicon: Lexicon) -> list[LexiconHit]:
    """The genes a drug class is named after, as GENE hits inside the class hit: "EGFR" in
    "EGFR inhibitors" is a gene the text mentions (the class hit keeps its span)."""
    out: list[LexiconHit] = []
    for hit in hits:
        if hit.label == "DRUG_CLASS":
            out.extend(LexiconHit(hit.start + g.start, hit.start + g.end, g.text, g.label, g.normalized, g.ident)
                       for g in lexicon.match(hit.text, classes=False) if g.label == "GENE")
    return out


# A numbered symbol followed by its siblings' numbers: "BRCA1/2", "NTRK1/2/3" (each number after
# a slash), "FGFR1-3" (a range, at most MAX_SIBLING_RANGE symbols).
_NUMBERED_SYMBOL_RE = re.compile(r"([A-Z][A-Z0-9]*?[A-Z])(\d{1,2})")
_SIBLING_NUMBERS_RE = re.compile(r"(?:/\d{1,2})+(?![\w/-])|-\d{1,2}(?![\w/-])")
MAX_SIBLING_RANGE = 5


def sibling_symbol_hits(text: str, hits: list[LexiconHit], lexicon: Lexicon) -> list[LexiconHit]:
    """The other genes of a shorthand written after a numbered symbol ("BRCA1/2" names BRCA1 and
    BRCA2, "FGFR1-3" FGFR1, FGFR2 and FGFR3): a GENE hit on each sibling's number (the range's
    last number, for the symbols it spans), when the dictionary names the symbol so written."""
    out: list[LexiconHit] = []
    for hit in hits:
        symbol = _NUMBERED_SYMBOL_RE.fullmatch(hit.text) if hit.label == "GENE" else None
        written = _SIBLING_NUMBERS_RE.match(text, hit.end) if symbol else None
        if symbol is None or written is None:
            continue
        stem, first = symbol.group(1), int(symbol.group(2))
        numbers = [(m.start(), m.end(), int(m.group())) for m in re.finditer(r"\d+", text[written.start():written.end()])]
        if written.group().startswith("-"):
            start, end, last = numbers[0]
            numbers = [(start, end, n) for n in range(first + 1, last + 1)] if 0 < last - first < MAX_SIBLING_RANGE else []
        for start, end, number in numbers:
            normalized = lexicon.normalize_gene(f"{stem}{number}")
            if normalized and normalized != hit.normalized:
                at = written.start() + start
                out.append(LexiconHit(at, written.start() + end, text[at:written.start() + end], "GENE", normalized, ""))
    return out

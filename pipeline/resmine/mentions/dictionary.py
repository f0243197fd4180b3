"""Gene, drug and drug-class mentions read with the dictionaries, and the rules that fill the
dictionaries' gaps: plural symbols ("ARs"), the gene a drug class is named after ("EGFR" in
"EGFR inhibitors"), the siblings of a shorthand ("BRCA2" in "BRCA1/2"), chemical formulas,
systematic names, names given with a dose, codes named right after their class, misspelt names
of targeted drugs, and
unlisted drugs read from their WHO INN stem (each rule documented in its own module of
:mod:`resmine.lexicons`)."""

from __future__ import annotations

from resmine.lexicons import Lexicon, LexiconHit, genes_in_classes, plural_symbol_hits, sibling_symbol_hits
from resmine.lexicons.codes import class_named_code_hits
from resmine.lexicons.doses import dosed_name_hits
from resmine.lexicons.formulas import formula_hits
from resmine.lexicons.nomenclature import systematic_name_hits
from resmine.lexicons.spelling import misspelt_drug_hits
from resmine.lexicons.stems import drug_stem_hits
from resmine.model import Label, Mention, Provenance


def dictionary_hits(text: str, lexicon: Lexicon) -> list[LexiconHit]:
    """Every dictionary-based hit in ``text``, gap-filling rules included."""
    hits = lexicon.match(text)
    hits += plural_symbol_hits(text, hits) + genes_in_classes(text, hits, lexicon)
    hits += sibling_symbol_hits(text, hits, lexicon)
    hits += formula_hits(text, hits, lexicon)
    systematic, extended = systematic_name_hits(text, hits)
    if extended:
        # a systematic name that a dictionary hit is part of replaces the hit
        widened = {(hit.start, hit.end) for hit in extended}
        hits = [hit for hit in hits if not any(a <= hit.start and hit.end <= b and (a, b) != (hit.start, hit.end)
                                               for a, b in widened)] + extended
    hits += systematic
    hits += dosed_name_hits(text, hits)
    hits += class_named_code_hits(text, hits)
    hits += misspelt_drug_hits(text, hits, lexicon)
    return hits + drug_stem_hits(text, hits)


def dictionary_mentions(doc_id: str, text: str, lexicon: Lexicon,
                        hits: list[LexiconHit] | None = None) -> list[Mention]:
    """The mentions of ``hits``, :func:`dictionary_hits` of ``text`` when None."""
    return [Mention(doc_id, hit.start, hit.end, hit.text, Label(hit.label), hit.normalized, Provenance.LEXICON)
            for hit in (dictionary_hits(text, lexicon) if hits is None else hits)]

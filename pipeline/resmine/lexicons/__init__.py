"""Gene, drug and drug-class dictionaries: loading and fast matching (no spaCy needed).

The dictionaries are built by ``resmine lexicon build`` (:mod:`resmine.tools.lexicons.build`) into
``models/lexicons/`` and read here::

    lexicon = load_lexicon()            # cached; models/lexicons/ of this checkout
    lexicon.match("G1202R confers resistance to ceritinib in EML4-ALK cells")
    lexicon.normalize_gene("HER-2")     # "ERBB2"
    lexicon.normalize_drug("Gleevec")   # "imatinib"

How matching works (one pass, token based, no giant regex):

* The text is cut into tokens: runs of letters/digits, and every other non-space character on
  its own. A term can only start and end on token boundaries, so "AR" never matches inside
  "ARID1A" while "(ALK)", "ALK-positive", "EGFR-TKI" and "HER2/neu" all work.
* Terms and text are compared as *units*: tokens lower-cased (Greek letters folded, β → b),
  tokens joined by a hyphen merged ("K-Ras" = "KRAS", "IGF-1R" = "IGF1R"), whitespace ignored
  between units. A hyphen that is not merged counts as a space ("cyclin-D1" = "cyclin D1").
* Longest match wins; hits never overlap; they are returned sorted by offset.
* Each dictionary row has a case mode: ``i`` any case; ``c`` only if the text has an upper-case
  letter (short symbols: "Abl", "ALK", not "alk"); ``s`` only exactly as written, up to
  hyphens/spaces (word-like symbols: "MET", "AR", "c-Met" but not "met", "Met", "ar"); ``n``
  never matched in running text, only used by ``normalize_gene`` on a name some other
  component (the statistical NER) has already called a gene: one-word full names such as
  "amphiregulin", too easily confused with ordinary words to be matched blind; ``a`` an
  ambiguous name ("p62": SQSTM1, IGF2BP2), one row per candidate, never matched: the
  document picks the candidate it names elsewhere (:meth:`Lexicon.gene_candidates`).
* A DRUG hit followed by salt words takes them in: "otilonium bromide", "warfarin sodium"
  (the dictionaries list generic names; papers write the salt they used); one after "L-" or
  "D-" takes that in too ("L-NOArg").
* A one-token GENE hit written as an ion or salt ("Ca2" in "Ca2+", "CaCl", "NaCl") is dropped.
* Drug classes: fixed class terms ("TKIs", "antiandrogens") and a gene or family followed by a
  class head ("ALK inhibitors", "EGFR-TKI", "BRAF/MEK inhibitors", "anti-EGFR antibodies") give
  one ``DRUG_CLASS`` hit whose normalized name is built from the gene's normal form
  ("alk inhibitor", "egfr tki", "braf/mek inhibitor", "anti-egfr antibody"; for a FamPlex
  family the words as written: "calcineurin inhibitor", "mek inhibitor"). The gene inside is
  not reported separately.
* ``normalize_gene`` / ``normalize_drug`` apply the same keys and case rules to a whole string.

The package's modules (everything public is re-exported here):

* :mod:`resmine.lexicons.keys` – folding and term keys (:func:`term_key`, :func:`case_key`);
* :mod:`resmine.lexicons.lexicon` – :class:`Lexicon`, its :class:`LexiconHit` and loading
  (:func:`load_lexicon`, :func:`read_rows`, the file names);
* :mod:`resmine.lexicons.spans` – text-span helpers around hits (:class:`Coverage`,
  :func:`free_occurrences`, :func:`unbracketed`, :func:`plural_symbol_hits`,
  :func:`genes_in_classes`, :func:`sibling_symbol_hits`);
* :mod:`~resmine.lexicons.doses`, :mod:`~resmine.lexicons.formulas`,
  :mod:`~resmine.lexicons.nomenclature`, :mod:`~resmine.lexicons.stems` – drug names no
  dictionary lists (dosed names, chemical formulas, systematic names, INN stems).
"""

from __future__ import annotations

from resmine.lexicons.keys import HYPHENS, SEP, TOKEN_RE, case_key, fold_token, split_units, term_key, term_units
from resmine.lexicons.lexicon import (
    CLASS_FILE,
    DRUG_FILE,
    FAMILY_FILE,
    GENE_FILE,
    HEAD_FILE,
    LABELS,
    MATCH_CACHE_SIZE,
    SALT_FILE,
    SOURCE_FILES,
    Lexicon,
    LexiconHit,
    default_lexicon_dir,
    load_lexicon,
    read_lexicon,
    read_rows,
)
from resmine.lexicons.spans import (
    Coverage, free_occurrences, genes_in_classes, plural_symbol_hits, sibling_symbol_hits, unbracketed,
)

__all__ = [
    # keys
    "TOKEN_RE",
    "HYPHENS",
    "SEP",
    "fold_token",
    "split_units",
    "term_units",
    "term_key",
    "case_key",
    # lexicon and loading
    "LABELS",
    "GENE_FILE",
    "DRUG_FILE",
    "CLASS_FILE",
    "HEAD_FILE",
    "FAMILY_FILE",
    "SALT_FILE",
    "SOURCE_FILES",
    "MATCH_CACHE_SIZE",
    "LexiconHit",
    "Lexicon",
    "default_lexicon_dir",
    "read_rows",
    "load_lexicon",
    "read_lexicon",
    # spans
    "Coverage",
    "free_occurrences",
    "unbracketed",
    "plural_symbol_hits",
    "genes_in_classes",
    "sibling_symbol_hits",
]

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
"""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LexiconHit",
    "Lexicon",
    "load_lexicon",
    "default_lexicon_dir",
    "term_units",
    "term_key",
    "case_key",
]

LABELS = ("GENE", "DRUG", "DRUG_CLASS")
GENE_FILE = "genes.tsv.gz"
DRUG_FILE = "drugs.tsv.gz"
CLASS_FILE = "drug_classes.tsv"
HEAD_FILE = "drug_class_heads.tsv"
FAMILY_FILE = "gene_families.tsv"
SALT_FILE = "drug_salts.txt"

TOKEN_RE = re.compile(r"[^\W_]+|\S")
# Ions and salts as written in chemistry ("Ca2+", "Mg2+", "CaCl2", "NaCl"): never a gene, even
# where the upper-cased string is a gene symbol or alias (CA2, CACL).
ION_RE = re.compile(r"(?:Ca|Mg|Zn|Fe|Cu|Mn|Co|Ni|Hg|Pb|Sr|Ba|Li|Na)(?:\d|Cl\d?|Br\d?)?")
HYPHENS = frozenset("-\u2010\u2011")
SEP = " "
MAX_HYPHEN_PARTS = 6
_GREEK = str.maketrans(
    {"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "κ": "k", "λ": "l", "ω": "w",
     "Α": "A", "Β": "B", "Γ": "G", "Δ": "D", "Ε": "E", "Ζ": "Z", "Κ": "K", "Λ": "L", "Ω": "W"}
)


@dataclass(frozen=True)
class LexiconHit:
    start: int
    end: int
    text: str
    label: str  # "GENE" | "DRUG" | "DRUG_CLASS"
    normalized: str  # HGNC approved symbol (or FPLX:...), lower-case generic drug name, class name
    ident: str  # NCBI Gene id / DrugBank id / ""


# --------------------------------------------------------------------------- folding


def _fold(token: str) -> str:
    token = token.lower()
    return token if token.isascii() else token.translate(_GREEK)


def _units(text: str, fold: bool) -> list[str]:
    """Units of a term: see the module docstring. Used for dictionary rows and whole strings."""
    words = text.split()
    if all(w.isalnum() for w in words):  # fast path: plain words (most dictionary rows)
        return [_fold(w) for w in words] if fold else [w.translate(_GREEK) for w in words]
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    units: list[str] = []
    joinable = False  # the previous unit is alphanumeric and may absorb "-" + token
    k = 0
    while k < len(tokens):
        tok, start, end = tokens[k]
        if tok in HYPHENS:
            if (
                joinable
                and k + 1 < len(tokens)
                and tokens[k - 1][2] == start
                and tokens[k + 1][1] == end
                and tokens[k + 1][0][0].isalnum()
            ):
                nxt = tokens[k + 1][0]
                units[-1] += _fold(nxt) if fold else nxt.translate(_GREEK)
                k += 2
                continue
            joinable = False  # a free-standing hyphen counts as a space
            k += 1
            continue
        units.append(_fold(tok) if fold else tok.translate(_GREEK))
        joinable = tok[0].isalnum()
        k += 1
    return units


def term_units(term: str) -> list[str]:
    """Folded units of ``term`` ("HER-2/neu" → ["her2", "/", "neu"])."""
    return _units(term, fold=True)


def term_key(term: str) -> str:
    """The dictionary key of ``term``: its folded units joined by one space."""
    return SEP.join(_units(term, fold=True))


def case_key(term: str) -> str:
    """Like :func:`term_key` but keeping case: what strict (``s``) rows compare."""
    return SEP.join(_units(term, fold=False))


# --------------------------------------------------------------------------- loading


def default_lexicon_dir() -> Path:
    """``models/lexicons`` of the checkout (``$RESMINE_MODELS`` overrides), via resmine.paths."""
    from resmine.paths import models_dir

    return models_dir() / "lexicons"


def read_rows(path: Path) -> Iterator[list[str]]:
    """Tab-separated rows of a (gzipped) lexicon file, skipping ``#`` comments and blanks."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            yield line.rstrip("\n").split("\t")


_CACHE: dict[Path, "Lexicon"] = {}
_LOCK = threading.Lock()


def load_lexicon(directory: Path | str | None = None) -> "Lexicon":
    """The lexicon in ``directory`` (default: :func:`default_lexicon_dir`), loaded once."""
    path = Path(directory) if directory else default_lexicon_dir()
    path = path.resolve()
    with _LOCK:
        lexicon = _CACHE.get(path)
        if lexicon is None:
            lexicon = Lexicon.from_directory(path)
            _CACHE[path] = lexicon
    return lexicon


# --------------------------------------------------------------------------- matcher

# An option is (mode, surfaces, label, normalized, ident); surfaces is a frozenset of case keys
# for mode "s", else None. A key maps to a tuple of options tried in order.
Option = tuple[str, "frozenset[str] | None", str, str, str]


# How many answers of Lexicon.match are kept. The pipeline matches each text twice: in the
# dictionary component and, a batch of documents later, in the NER's feature component.
MATCH_CACHE_SIZE = 256


class Lexicon:
    """Gene/drug/class dictionaries plus the matcher. Build with :meth:`from_directory`."""

    def __init__(self) -> None:
        self._full: dict[str, tuple[Option, ...]] = {}
        self._names: dict[tuple[str, str], tuple[str, str]] = {}  # mode "n": (label, key) -> (normalized, ident)
        self._ambiguous: dict[tuple[str, str], set[str]] = {}  # mode "a": (label, key) -> candidates
        self.family_members: dict[str, set[str]] = {}  # "FPLX:RAF" -> {"ARAF", "BRAF", "RAF1"}
        self._prefixes: set[str] = set()
        self.salts: frozenset[str] = frozenset()
        self._heads: dict[str, str] = {}
        self._head_prefixes: set[str] = set()
        self._anti_heads: dict[str, str] = {}
        self._anti_prefixes: set[str] = set()
        self.counts: dict[str, int] = {}
        self.directory: Path | None = None
        self._recent_matches = functools.lru_cache(maxsize=MATCH_CACHE_SIZE)(self._match)  # thread-safe

    def __getstate__(self) -> dict:  # picklable for worker processes: the cache is rebuilt
        state = self.__dict__.copy()
        del state["_recent_matches"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._recent_matches = functools.lru_cache(maxsize=MATCH_CACHE_SIZE)(self._match)

    # ---- construction

    @classmethod
    def from_directory(cls, directory: Path) -> "Lexicon":
        directory = Path(directory)
        missing = [n for n in (GENE_FILE, DRUG_FILE) if not (directory / n).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{directory / missing[0]}: lexicon file not found; run 'resmine lexicon build'"
            )
        lexicon = cls()
        lexicon.directory = directory
        lexicon.add_rows("GENE", read_rows(directory / GENE_FILE))
        lexicon.add_rows("DRUG", read_rows(directory / DRUG_FILE))
        if (directory / CLASS_FILE).is_file():
            lexicon.add_rows("DRUG_CLASS", ([r[0], r[1], "", "i"] for r in read_rows(directory / CLASS_FILE)))
        if (directory / HEAD_FILE).is_file():
            lexicon.add_heads(read_rows(directory / HEAD_FILE))
        if (directory / SALT_FILE).is_file():
            lexicon.salts = frozenset(row[0].lower() for row in read_rows(directory / SALT_FILE))
        if (directory / FAMILY_FILE).is_file():
            for family, member in read_rows(directory / FAMILY_FILE):
                lexicon.family_members.setdefault(family, set()).add(member)
        return lexicon

    def add_rows(self, label: str, rows: Iterable[list[str]]) -> None:
        """Add ``term, normalized, ident, mode`` rows. Earlier rows win over later ones for the
        same key and mode; strict (``s``) options are tried before the others."""
        self._recent_matches.cache_clear()
        full = self._full
        prefixes = self._prefixes
        last_sig: tuple = ()
        opt: Option | None = None
        count = 0
        for row in rows:
            term, normalized, ident = row[0], row[1], row[2]
            mode = row[3] if len(row) > 3 and row[3] else "i"
            if term.isascii() and term.replace(" ", "").isalnum():  # fast path, most rows
                units = term.lower().split()
            elif term.isascii() and term.replace(" ", "").replace("-", "").isalnum() and all(
                part for word in term.split() for part in word.split("-")
            ):  # words with inner hyphens only: "K-Ras", "interleukin-6 receptor"
                units = term.lower().replace("-", "").split()
            else:
                units = _units(term, fold=True)
            if not units:
                continue
            key = units[0] if len(units) == 1 else SEP.join(units)
            count += 1
            if mode == "n":
                self._names.setdefault((label, key), (normalized, ident))
                continue
            if mode == "a":
                self._ambiguous.setdefault((label, key), set()).add(normalized)
                continue
            if mode == "s":
                self._add_strict(key, case_key(term), label, normalized, ident)
            else:
                sig = (mode, normalized, ident)
                if sig != last_sig:  # rows come sorted by target: reuse one option object
                    last_sig = sig
                    opt = (mode, None, label, normalized, ident)
                old = full.get(key)
                if old is None:
                    full[key] = (opt,)
                elif all(o[0] == "s" for o in old):
                    full[key] = old + (opt,)
                # else: a non-strict option for this key exists already; first one wins
            for n in range(1, len(units)):
                prefixes.add(SEP.join(units[:n]))
        self.counts[label] = self.counts.get(label, 0) + count

    def _add_strict(self, key: str, surface: str, label: str, normalized: str, ident: str) -> None:
        full = self._full
        old = full.get(key, ())
        for n, opt in enumerate(old):
            if opt[0] == "s" and opt[2:] == (label, normalized, ident):
                merged = (opt[0], opt[1] | {surface}, label, normalized, ident)
                full[key] = old[:n] + (merged,) + old[n + 1 :]
                return
        stricts = tuple(o for o in old if o[0] == "s")
        others = tuple(o for o in old if o[0] != "s")
        full[key] = stricts + (("s", frozenset((surface,)), label, normalized, ident),) + others

    def add_heads(self, rows: Iterable[list[str]]) -> None:
        """Rows ``phrase, normalized head, kind``; kind ``gene`` (after a gene: "inhibitors")
        or ``anti`` (after "anti-GENE": "antibodies", "therapy")."""
        self._recent_matches.cache_clear()
        for row in rows:
            phrase, head = row[0], row[1]
            kind = row[2] if len(row) > 2 and row[2] else "gene"
            units = _units(phrase, fold=True)
            if not units:
                continue
            table, prefixes = (
                (self._anti_heads, self._anti_prefixes) if kind == "anti" else (self._heads, self._head_prefixes)
            )
            if kind == "both":
                for t, p in ((self._heads, self._head_prefixes), (self._anti_heads, self._anti_prefixes)):
                    t.setdefault(SEP.join(units), head)
                    for n in range(1, len(units)):
                        p.add(SEP.join(units[:n]))
                continue
            table.setdefault(SEP.join(units), head)
            for n in range(1, len(units)):
                prefixes.add(SEP.join(units[:n]))

    def idents(self, label: str) -> set[str]:
        """Every non-empty ident of ``label`` (NCBI Gene ids for GENE, DrugBank ids for DRUG)."""
        return {o[4] for options in self._full.values() for o in options if o[2] == label and o[4]}

    def __len__(self) -> int:
        return len(self._full)

    # ---- matching

    def match(self, text: str, classes: bool = True) -> list[LexiconHit]:
        """Dictionary hits in ``text``: longest match, non-overlapping, sorted by offset.
        ``classes=False``: genes stay genes, no "GENE inhibitors" class is formed.

        The pipeline asks twice for each text (the dictionary mentions, the NER's features):
        the last :data:`MATCH_CACHE_SIZE` answers are kept (a fresh list each time; the hits
        are frozen)."""
        return list(self._recent_matches(text, classes))

    def _match(self, text: str, classes: bool) -> tuple[LexiconHit, ...]:
        toks: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in TOKEN_RE.finditer(text):
            toks.append(m.group())
            starts.append(m.start())
            ends.append(m.end())
        low = [t.lower() if t.isascii() else _fold(t) for t in toks]
        n = len(toks)
        full = self._full
        prefixes = self._prefixes
        raw: list[tuple[int, int, Option]] = []  # (first token, last token, option)
        i = 0
        while i < n:
            first = low[i]
            if first not in full and first not in prefixes and not (
                i + 2 < n and toks[i + 1] in HYPHENS
            ):
                i += 1
                continue
            found = self._longest(i, toks, low, starts, ends, text, full, prefixes)
            if found is None:
                i += 1
                continue
            j, option = found
            if option[2] == "GENE" and i == j and ION_RE.fullmatch(toks[i]):
                i += 1
                continue
            if option[2] == "DRUG":
                j = self._with_salts(j, low, starts, ends, text)
                i = _with_stereo_prefix(i, toks, starts, ends, raw)
            raw.append((i, j, option))
            i = j + 1
        if self._heads and classes:
            return tuple(self._with_classes(raw, toks, low, starts, ends, text))
        return tuple(
            LexiconHit(starts[a], ends[b], text[starts[a] : ends[b]], o[2], o[3], o[4]) for a, b, o in raw
        )

    def _with_salts(self, j: int, low: list[str], starts: list[int], ends: list[int], text: str) -> int:
        """The last token of a drug hit ending at token ``j``, salt words after it included."""
        while j + 1 < len(low) and low[j + 1] in self.salts and text[ends[j]:starts[j + 1]] == " ":
            j += 1
        return j

    def _candidates(self, k: int, toks: list[str], low: list[str], starts: list[int], ends: list[int]):
        """Units starting at token ``k``: the token, then the token merged over hyphens."""
        unit = low[k]
        yield unit, k
        if not unit[0].isalnum():
            return
        n = len(toks)
        last = k
        parts = 1
        while (
            parts < MAX_HYPHEN_PARTS
            and last + 2 < n
            and toks[last + 1] in HYPHENS
            and ends[last] == starts[last + 1]
            and ends[last + 1] == starts[last + 2]
            and low[last + 2][0].isalnum()
        ):
            unit += low[last + 2]
            last += 2
            parts += 1
            yield unit, last

    def _longest(self, i, toks, low, starts, ends, text, full, prefixes):
        """Longest accepted dictionary entry starting at token ``i``: (last token, option)."""
        best_j = -1
        best = None
        n = len(toks)
        stack = list(self._candidates(i, toks, low, starts, ends))
        while stack:
            key, j = stack.pop()
            options = full.get(key)
            if options is not None and j > best_j:
                option = _accept(options, text, starts[i], ends[j])
                if option is not None:
                    best_j, best = j, option
            if key in prefixes:
                k = j + 1
                if k < n and toks[k] in HYPHENS:
                    k += 1
                if k < n:
                    for unit, jj in self._candidates(k, toks, low, starts, ends):
                        stack.append((key + SEP + unit, jj))
        return None if best is None else (best_j, best)

    def _phrase_at(self, k, table, prefixes, toks, low, starts, ends):
        """Longest phrase of ``table`` starting at token ``k``: (last token, value) or None."""
        n = len(toks)
        if k >= n:
            return None
        best = None
        stack = list(self._candidates(k, toks, low, starts, ends))
        while stack:
            key, j = stack.pop()
            value = table.get(key)
            if value is not None and (best is None or j > best[0]):
                best = (j, value)
            if key in prefixes:
                m = j + 1
                if m < n and toks[m] in HYPHENS:
                    m += 1
                if m < n:
                    for unit, jj in self._candidates(m, toks, low, starts, ends):
                        stack.append((key + SEP + unit, jj))
        return best

    def _with_classes(self, raw, toks, low, starts, ends, text) -> list[LexiconHit]:
        """Turn "GENE (/GENE)* head" and "anti-GENE head" into one DRUG_CLASS hit."""
        out: list[LexiconHit] = []
        n = len(toks)
        r = 0
        while r < len(raw):
            a, b, opt = raw[r]
            if opt[2] != "GENE":
                out.append(LexiconHit(starts[a], ends[b], text[starts[a] : ends[b]], opt[2], opt[3], opt[4]))
                r += 1
                continue
            # a chain of genes joined by "/", "-" or an en dash: BRAF/MEK, BCR-ABL
            chain = [opt]
            last = r
            while (
                last + 1 < len(raw)
                and raw[last + 1][2][2] == "GENE"
                and raw[last + 1][0] == raw[last][1] + 2
                and toks[raw[last][1] + 1] in ("/", "-", "\u2013", "\u2010")
                and ends[raw[last][1]] == starts[raw[last][1] + 1]
                and ends[raw[last][1] + 1] == starts[raw[last + 1][0]]
            ):
                last += 1
                chain.append(raw[last][2])
            end_tok = raw[last][1]
            k = end_tok + 1
            if k < n and toks[k] in HYPHENS:
                k += 1
            anti = (
                a >= 2
                and toks[a - 1] in HYPHENS
                and low[a - 2] == "anti"
                and ends[a - 2] == starts[a - 1]
                and ends[a - 1] == starts[a]
            )
            if anti:
                head = self._phrase_at(k, self._anti_heads, self._anti_prefixes, toks, low, starts, ends)
            else:
                head = self._phrase_at(k, self._heads, self._head_prefixes, toks, low, starts, ends)
            if head is None:
                for m in range(r, last + 1):
                    a2, b2, o2 = raw[m]
                    out.append(LexiconHit(starts[a2], ends[b2], text[starts[a2] : ends[b2]], o2[2], o2[3], o2[4]))
                r = last + 1
                continue
            head_end, head_name = head
            genes = ""
            for m, o in zip(range(r, last + 1), chain):
                if m > r:  # the joiner as written: "/" stays, hyphen and en dash become "-"
                    genes += "/" if toks[raw[m - 1][1] + 1] == "/" else "-"
                genes += _class_stem(o[3], text[starts[raw[m][0]] : ends[raw[m][1]]])
            if anti:
                a = a - 2
                genes = "anti-" + genes
            name = f"{genes} {head_name}" if head_name else genes
            out.append(LexiconHit(starts[a], ends[head_end], text[starts[a] : ends[head_end]], "DRUG_CLASS", name, ""))
            r = last + 1
            # drop hits swallowed by the head ("tyrosine kinase inhibitors" as a fixed class)
            while r < len(raw) and raw[r][0] <= head_end:
                r += 1
        return out

    # ---- normalisation of single strings

    def lookup(self, text: str, labels: tuple[str, ...] = LABELS, any_case: bool = False) -> LexiconHit | None:
        """The entry ``text`` as a whole names (with the case rules, unless ``any_case``), or None."""
        text = text.strip()
        if not text:
            return None
        options = self._full.get(term_key(text))
        if options is None:
            return None
        options = tuple(o for o in options if o[2] in labels)
        option = _accept(options, text, 0, len(text)) if options else None
        if option is None and any_case and options:
            option = options[0]
        if option is None:
            return None
        return LexiconHit(0, len(text), text, option[2], option[3], option[4])

    def normalize_gene(self, text: str, any_case: bool = False) -> str | None:
        """HGNC symbol (or ``FPLX:...``) for a gene name as written, e.g. "K-Ras" → "KRAS";
        also one-word full names (mode ``n``): "amphiregulin" → "AREG". ``any_case`` waives the
        case rules, for a name something else (the statistical NER) already calls a gene:
        "Fas" → "FAS"."""
        hit = self.lookup(text, ("GENE",), any_case)
        if hit:
            return hit.normalized
        name = self._names.get(("GENE", term_key(text)))
        return name[0] if name else None

    def gene_candidates(self, text: str) -> frozenset[str]:
        """The genes an ambiguous name may stand for (mode ``a``): "p62" → {"SQSTM1", "IGF2BP2"};
        empty for names that are not ambiguous. The document decides (``resmine_families``)."""
        return frozenset(self._ambiguous.get(("GENE", term_key(text)), ()))

    def ambiguous_gene_hits(self, text: str) -> list[tuple[int, int, frozenset[str]]]:
        """``(start, end, candidates)`` of every one-word ambiguous gene name in ``text`` written
        like a symbol ("GR", "MR", "p62": an upper-case letter or a digit; all capitals when
        three letters or fewer). Never mentions by themselves: see ``resmine_families``."""
        out = []
        ambiguous = self._ambiguous
        for match in TOKEN_RE.finditer(text):
            word = match.group()
            if len(word) < 2 or word.islower() and word.isalpha():
                continue
            if word.isalpha() and len(word) <= 3 and not word.isupper():
                continue
            candidates = ambiguous.get(("GENE", term_key(word)))
            if candidates:
                out.append((match.start(), match.end(), frozenset(candidates)))
        return out

    def normalize_drug(self, text: str) -> str | None:
        """Lower-case generic name for a drug name, brand or code, e.g. "STI571" → "imatinib"."""
        hit = self.lookup(text, ("DRUG",))
        return hit.normalized if hit else None


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


def free_occurrences(text: str, names: Iterable[str], taken: Coverage) -> Iterator[re.Match]:
    """Each occurrence of one of ``names`` in ``text``, as written and as a whole word, that
    ``taken`` does not overlap; each is added to ``taken``. A name followed by "-treated" still
    counts, one followed by "-2" does not ("THP-treated", not "IL-6" for "IL")."""
    names = sorted(set(names), key=len, reverse=True)
    if not names:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?!\w|-[^a-z])")
    for match in pattern.finditer(text):
        if not taken.overlaps(*match.span()):
            taken.add(*match.span())
            yield match


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


def plural_symbol_hits(text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """Plurals of the gene symbols ``hits`` found in ``text``: a text that names AR means the
    AR by "mutated ARs". Plurals are not dictionary terms ("OSCs", "TNSs" are other acronyms'
    plurals); only a symbol the same text names, written in capitals, lends its plural."""
    symbols = {hit.text: hit for hit in hits if hit.label == "GENE" and _SYMBOL_SURFACE_RE.fullmatch(hit.text)}
    if not symbols:
        return []
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(symbols, key=len, reverse=True)))
                         + r")s(?![\w-])")
    out = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        hit = symbols[match.group(1)]
        out.append(LexiconHit(start, end, match.group(0), "GENE", hit.normalized, hit.ident))
    return out


_STEREO_PREFIXES = frozenset({"L", "D", "DL"})


def _with_stereo_prefix(i: int, toks: list[str], starts: list[int], ends: list[int], raw: list) -> int:
    """The first token of a drug hit starting at token ``i``, an "L-"/"D-" before it included
    ("L-NOArg": the dictionaries list "NOArg")."""
    if (i >= 2 and toks[i - 1] in HYPHENS and toks[i - 2] in _STEREO_PREFIXES
            and ends[i - 2] == starts[i - 1] and ends[i - 1] == starts[i]
            and (i == 2 or ends[i - 3] < starts[i - 2]) and not (raw and raw[-1][1] >= i - 2)):
        return i - 2
    return i


def genes_in_classes(text: str, hits: list[LexiconHit], lexicon: "Lexicon") -> list[LexiconHit]:
    """The genes a drug class is named after, as GENE hits inside the class hit: "EGFR" in
    "EGFR inhibitors" is a gene the text mentions (the class hit keeps its span)."""
    out = []
    for hit in hits:
        if hit.label == "DRUG_CLASS":
            out.extend(LexiconHit(hit.start + g.start, hit.start + g.end, g.text, g.label, g.normalized, g.ident)
                       for g in lexicon.match(hit.text, classes=False) if g.label == "GENE")
    return out


def _class_stem(normalized: str, surface: str) -> str:
    """The gene part of a class name: the symbol ("alk", "erbb2", "ar" for "androgen
    receptor"), but for a FamPlex family the words as written ("calcineurin", "calcium channel",
    "mek"), since family ids such as ``Calcium_channels`` are not names."""
    if normalized.startswith("FPLX:"):
        return " ".join(surface.lower().split())
    return normalized.lower()


def _accept(options: tuple[Option, ...], text: str, start: int, end: int) -> Option | None:
    """First option whose case rule the text span satisfies."""
    span = None
    for option in options:
        mode = option[0]
        if mode == "i":
            return option
        if span is None:
            span = text[start:end]
        if mode == "c":
            if span != span.lower():
                return option
        elif mode == "s":
            if case_key(span) in option[1]:
                return option
    return None

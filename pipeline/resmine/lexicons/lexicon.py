"""The :class:`Lexicon` (gene, drug and drug-class dictionaries with their matcher), its hits
and loading the shipped files (:func:`load_lexicon`). How matching works: see
:mod:`resmine.lexicons`."""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from resmine.lexicons.keys import HYPHENS, SEP, TOKEN_RE, case_key, fold_token, split_units, term_key

LABELS = ("GENE", "DRUG", "DRUG_CLASS")
GENE_FILE = "genes.tsv.gz"
DRUG_FILE = "drugs.tsv.gz"
CLASS_FILE = "drug_classes.tsv"
HEAD_FILE = "drug_class_heads.tsv"
FAMILY_FILE = "gene_families.tsv"
SALT_FILE = "drug_salts.txt"
# Every file a lexicon is read from (the derived copy is current while these are unchanged).
SOURCE_FILES = (GENE_FILE, DRUG_FILE, CLASS_FILE, HEAD_FILE, FAMILY_FILE, SALT_FILE)

# Ions and salts as written in chemistry ("Ca2+", "Mg2+", "CaCl2", "NaCl"): never a gene, even
# where the upper-cased string is a gene symbol or alias (CA2, CACL).
ION_RE = re.compile(r"(?:Ca|Mg|Zn|Fe|Cu|Mn|Co|Ni|Hg|Pb|Sr|Ba|Li|Na)(?:\d|Cl\d?|Br\d?)?")
# The matcher merges at most this many hyphen-joined tokens into one unit ("IGF-1R": two).
MAX_HYPHEN_PARTS = 6


@dataclass(frozen=True)
class LexiconHit:
    start: int
    end: int
    text: str
    label: str  # "GENE" | "DRUG" | "DRUG_CLASS"
    normalized: str  # HGNC approved symbol (or FPLX:...), lower-case generic drug name, class name
    ident: str  # NCBI Gene id / DrugBank id / ""


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


_CACHE: dict[Path, Lexicon] = {}
_LOCK = threading.Lock()


def load_lexicon(directory: Path | str | None = None) -> Lexicon:
    """The lexicon in ``directory`` (default: :func:`default_lexicon_dir`), loaded once per
    process, from its derived copy in the user's cache when that is current
    (:mod:`resmine.lexicons.cache`), else parsed (and the copy written)."""
    path = Path(directory) if directory else default_lexicon_dir()
    path = path.resolve()
    with _LOCK:
        lexicon = _CACHE.get(path)
        if lexicon is None:
            lexicon = read_lexicon(path)
            _CACHE[path] = lexicon
    return lexicon


def read_lexicon(directory: Path) -> Lexicon:
    """The lexicon in ``directory`` (resolved), from its derived copy when that is current, else
    parsed, writing the copy; not kept in memory (:func:`load_lexicon` keeps it)."""
    from resmine.lexicons import cache

    if not all((directory / name).is_file() for name in (GENE_FILE, DRUG_FILE)):
        return Lexicon.from_directory(directory)  # names the missing file
    key = cache.source_key(directory, SOURCE_FILES)
    where = cache.cache_path(directory)
    tables = cache.read_cached(where, key)
    if tables is not None:
        try:
            return Lexicon.from_tables(tables, directory)
        except (KeyError, TypeError):
            pass  # a copy of another layout: parsed again below
    lexicon = Lexicon.from_directory(directory)
    cache.write_cached(where, key, lexicon.tables())
    return lexicon


# --------------------------------------------------------------------------- matcher

# An option is (mode, surfaces, label, normalized, ident); surfaces is a frozenset of case keys
# for mode "s", else None. A key maps to a tuple of options tried in order.
Option = tuple[str, "frozenset[str] | None", str, str, str]
# A hit before it becomes a LexiconHit: (first token, last token, option).
RawHit = tuple[int, int, Option]


# An ambiguous name of this many letters or fewer counts only in capitals ("GR", not "Gr").
CAPITALS_ONLY_LETTERS = 3
# The words of TOKEN_RE (whole runs of letters and digits) that hold something other than an
# ASCII lower-case letter: the only ones that can be written like a symbol. Most words of a text
# are lower-case ASCII; scanning for the others in ``re`` passes them over without a Python step
# (possessive: a lower-case word is given up at its end, not tried again letter by letter).
_NOT_LOWER_ASCII_WORD_RE = re.compile(r"(?<![^\W_])[a-z]*+[^\W_a-z][^\W_]*")

# How many answers of Lexicon.match are kept. The pipeline matches each text twice: in the
# dictionary component and, a batch of documents later, in the NER's feature component.
MATCH_CACHE_SIZE = 256
# Texts longer than this are not among those answers; only the last such answer is kept.
MATCH_CACHE_MAX_CHARS = 100_000


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
        self._last_long_match: tuple[str, bool, tuple[LexiconHit, ...]] | None = None
        # the first and last unit of every GENE term, any mode: see gene_name_edges
        self._gene_first_units: set[str] = set()
        self._gene_last_units: set[str] = set()
        self._drug_names_by_ending: dict[tuple[str, ...], dict[str, str]] = {}

    def __getstate__(self) -> dict:  # picklable for worker processes: the cache is rebuilt
        state = self.__dict__.copy()
        del state["_recent_matches"]
        state["_last_long_match"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._recent_matches = functools.lru_cache(maxsize=MATCH_CACHE_SIZE)(self._match)

    # ---- construction

    # What a derived copy stores (resmine.lexicons.cache): every table the matcher reads.
    _TABLES = ("_full", "_names", "_ambiguous", "family_members", "_prefixes", "salts", "_heads",
               "_head_prefixes", "_anti_heads", "_anti_prefixes", "counts", "_gene_first_units",
               "_gene_last_units")

    def tables(self) -> dict:
        """The parsed tables as plain built-in values (dicts, tuples, sets, strings). The keys
        of ``_full`` with equal options share one tuple of them, which :mod:`marshal` then
        writes once and reads back shared: the shipped dictionaries' 234,009 keys hold 52,543
        distinct tuples of options (a name's spellings and aliases share theirs)."""
        tables = {name: getattr(self, name) for name in self._TABLES}
        tables["_full"] = _with_shared_values(self._full)
        return tables

    @classmethod
    def from_tables(cls, tables: dict, directory: Path | None = None) -> Lexicon:
        """The lexicon whose :meth:`tables` are ``tables`` (a KeyError names a missing one)."""
        lexicon = cls()
        for name in cls._TABLES:
            setattr(lexicon, name, tables[name])
        lexicon.directory = directory
        return lexicon

    @classmethod
    def from_directory(cls, directory: Path) -> Lexicon:
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
        opt: Option  # assigned before its first use: last_sig starts empty
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
                units = split_units(term, fold=True)
            if not units:
                continue
            key = units[0] if len(units) == 1 else SEP.join(units)
            count += 1
            if label == "GENE":
                self._gene_first_units.add(units[0])
                self._gene_last_units.add(units[-1])
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
                merged = (opt[0], cast("frozenset[str]", opt[1]) | {surface}, label, normalized, ident)
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
            units = split_units(phrase, fold=True)
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
        if len(text) > MATCH_CACHE_MAX_CHARS:
            # a long text (a window of a book): only the last answer is kept, not 256 of them
            last = self._last_long_match
            if last is None or last[1] != classes or last[0] != text:
                last = self._last_long_match = (text, classes, self._match(text, classes))
            return list(last[2])
        return list(self._recent_matches(text, classes))

    def _match(self, text: str, classes: bool) -> tuple[LexiconHit, ...]:
        words = list(TOKEN_RE.finditer(text))
        toks = [m.group() for m in words]
        starts = [m.start() for m in words]
        ends = [m.end() for m in words]
        low = [t.lower() if t.isascii() else fold_token(t) for t in toks]
        n = len(toks)
        full = self._full
        prefixes = self._prefixes
        raw: list[RawHit] = []
        i = 0
        while i < n:
            first = low[i]
            if first not in full and first not in prefixes and not (
                i + 2 < n and toks[i + 1] in HYPHENS
            ):
                i += 1
                continue
            if first not in full and _no_key_starts_here(i, toks, low, full, prefixes):
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

    def _candidates(
        self, k: int, toks: list[str], low: list[str], starts: list[int], ends: list[int]
    ) -> Iterator[tuple[str, int]]:
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

    def _longest(
        self, i: int, toks: list[str], low: list[str], starts: list[int], ends: list[int], text: str,
        full: dict[str, tuple[Option, ...]], prefixes: set[str],
    ) -> tuple[int, Option] | None:
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

    def _phrase_at(
        self, k: int, table: dict[str, str], prefixes: set[str], toks: list[str], low: list[str],
        starts: list[int], ends: list[int],
    ) -> tuple[int, str] | None:
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

    def _with_classes(
        self, raw: list[RawHit], toks: list[str], low: list[str], starts: list[int], ends: list[int], text: str,
    ) -> list[LexiconHit]:
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
        out: list[tuple[int, int, frozenset[str]]] = []
        ambiguous = self._ambiguous
        for match in _NOT_LOWER_ASCII_WORD_RE.finditer(text):  # a lower-case ASCII word is never one
            word = match.group()
            if len(word) < 2 or word.islower() and word.isalpha():
                continue
            if word.isalpha() and len(word) <= CAPITALS_ONLY_LETTERS and not word.isupper():
                continue
            # one run of letters and digits is one unit: its key is the folded word (term_key's fast path)
            candidates = ambiguous.get(("GENE", fold_token(word)))
            if candidates:
                out.append((match.start(), match.end(), frozenset(candidates)))
        return out

    def gene_name_edges(self) -> tuple[set[str], set[str]]:
        """The first and the last unit of every gene term, matched or not (modes ``n`` and
        ``a`` too): the words a gene name can start and end with (``--mode triples`` asks,
        :mod:`resmine.nlp.focus`). Gathered as the rows are read; not to be changed."""
        return self._gene_first_units, self._gene_last_units

    def one_word_drug_names(self, endings: tuple[str, ...]) -> dict[str, str]:
        """Folded one-word DRUG terms ending in one of ``endings`` -> their normalised drug
        (misspelt names are read against these, :mod:`resmine.lexicons.spelling`); gathered on
        first use, per ``endings``."""
        names = self._drug_names_by_ending.get(endings)
        if names is None:
            names = {key: option[3] for key, options in self._full.items()
                     if key.isalpha() and key.endswith(endings)
                     for option in options[:1] if option[2] == "DRUG"}
            self._drug_names_by_ending[endings] = names
        return names

    def normalize_drug(self, text: str) -> str | None:
        """Lower-case generic name for a drug name, brand or code, e.g. "STI571" → "imatinib"."""
        hit = self.lookup(text, ("DRUG",))
        return hit.normalized if hit else None



def _with_shared_values(table: dict[str, tuple[Option, ...]]) -> dict[str, tuple[Option, ...]]:
    """``table`` with each value replaced by the first equal value: the same dict, shared tuples."""
    first: dict[tuple[Option, ...], tuple[Option, ...]] = {}
    return {key: first.setdefault(options, options) for key, options in table.items()}


def _no_key_starts_here(i: int, toks: list[str], low: list[str], full: dict[str, tuple[Option, ...]],
                        prefixes: set[str]) -> bool:
    """Whether no dictionary key starts at token ``i``, whose unit is not a key itself, told
    from the next token alone: with no hyphen after token ``i`` or after the next one (no unit
    merges there), :meth:`Lexicon._longest` would try only the two units together, and finds
    nothing when they are neither a key nor the start of one. Most tokens that start a key of
    several units ("the", "(", ".", "a") start none here, and its search costs more than this."""
    n = len(toks)
    if i + 1 >= n:
        return True
    if toks[i + 1] in HYPHENS or (i + 2 < n and toks[i + 2] in HYPHENS):
        return False
    pair = low[i] + SEP + low[i + 1]
    return pair not in full and pair not in prefixes


_STEREO_PREFIXES = frozenset({"L", "D", "DL"})


def _with_stereo_prefix(i: int, toks: list[str], starts: list[int], ends: list[int], raw: list[RawHit]) -> int:
    """The first token of a drug hit starting at token ``i``, an "L-"/"D-" before it included
    ("L-NOArg": the dictionaries list "NOArg")."""
    if (i >= 2 and toks[i - 1] in HYPHENS and toks[i - 2] in _STEREO_PREFIXES
            and ends[i - 2] == starts[i - 1] and ends[i - 1] == starts[i]
            and (i == 2 or ends[i - 3] < starts[i - 2]) and not (raw and raw[-1][1] >= i - 2)):
        return i - 2
    return i


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
            if case_key(span) in cast("frozenset[str]", option[1]):  # strict options hold their surfaces
                return option
    return None

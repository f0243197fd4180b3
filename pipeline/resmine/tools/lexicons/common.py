"""What the gene and drug builders share: readers for the source and rule files, the
candidate and statistics holders, the curated rules (``models/rules/lexicons/``) and the
key helpers that judge a term's shape."""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, overload

from resmine.lexicons import term_key

Progress = Callable[[str], None]

JUNK_RE = re.compile(r"&[lg]t;|&amp;|\{\{|\}\}|\[\[|=|\||\t|https?:|<|>")
# An all-letter term of at most this many letters needs an upper-case letter in the text (mode "c").
SHORT_SYMBOL_LETTERS = 4
# How many examples a build statistic keeps.
MAX_EXAMPLES = 8


# --------------------------------------------------------------------------- small readers


def open_text(path: Path) -> io.TextIOBase:
    """``path`` opened as UTF-8 text, gunzipped when it ends in ``.gz``."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


@overload
def read_tsv(path: Path, header: Literal[True] = ...) -> Iterator[dict[str, str]]: ...
@overload
def read_tsv(path: Path, header: Literal[False]) -> Iterator[list[str]]: ...
@overload
def read_tsv(path: Path, header: bool = ...) -> Iterator[dict[str, str] | list[str]]: ...
def read_tsv(path: Path, header: bool = True) -> Iterator[dict[str, str] | list[str]]:
    """Rows of a tab-separated file: dicts by the header's names, or plain lists without one."""
    with open_text(path) as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if header:
            names = next(reader)
            for row in reader:
                yield dict(zip(names, row))
        else:
            yield from reader


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines (a rule file's trailing ``# comment`` is cut off)."""
    if not path.is_file():
        return []
    out = []
    with open_text(path) as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append(line)
    return out


def rule_rows(path: Path) -> list[list[str]]:
    """Rows of a curated tab-separated rule file; a trailing ``#`` cell or comment is dropped."""
    rows = []
    for line in read_lines(path):
        cells = [c.strip() for c in line.split("\t")]
        while cells and (not cells[-1] or cells[-1].startswith("#")):
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def word_set(path: Path) -> set[str]:
    """A one-term-a-line list, compared by matching key (lower-case, hyphens folded)."""
    out = set()
    for line in read_lines(path):
        term = line.split("\t")[0].split("  #")[0].strip()
        if term:
            out.add(flat_key(term_key(term)))
    return out


def flat_key(key: str) -> str:
    """A key without unit separators: what word-likeness is judged on."""
    return key.replace(" ", "")


def alnum_len(key: str) -> int:
    """How many letters and digits ``key`` has."""
    return sum(ch.isalnum() for ch in key)


def short_mode(flat: str) -> str:
    """Symbols and codes of at most four letters (no digit) need an upper-case letter in the
    text: "ALK", "Abl", "EGFR" but not the syllables that broken hyphenation leaves behind
    ("effi- cacy", "treat- ment")."""
    return "c" if len(flat) <= SHORT_SYMBOL_LETTERS and flat.isalpha() else "i"


# --------------------------------------------------------------------------- data holders


@dataclass
class Candidate:
    term: str
    target: str
    tier: int
    source: str


@dataclass
class Stats:
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def note(self, what: str, example: str = "") -> None:
        self.counts[what] += 1
        if example and len(self.examples[what]) < MAX_EXAMPLES:
            self.examples[what].append(example)


@dataclass
class Rules:
    """The hand-curated files of ``models/rules/lexicons/``."""

    gene_allow: list[list[str]]
    gene_additions: list[list[str]]
    gene_stop: set[str]
    gene_words: set[str]
    drug_additions: list[list[str]]
    drug_stop: set[str]
    drug_words: set[str]
    drug_allow: set[str]
    salts: set[str]
    classes: list[list[str]]
    heads: list[list[str]]

    @classmethod
    def load(cls, directory: Path) -> "Rules":
        if not directory.is_dir():
            raise FileNotFoundError(f"{directory}: rule folder not found (models/rules/lexicons)")
        return cls(
            gene_allow=rule_rows(directory / "gene_allow.tsv"),
            gene_additions=rule_rows(directory / "gene_additions.tsv"),
            gene_stop=word_set(directory / "gene_stoplist.txt"),
            gene_words=word_set(directory / "gene_word_collisions.txt"),
            drug_additions=rule_rows(directory / "drug_additions.tsv"),
            drug_stop=word_set(directory / "drug_stoplist.txt"),
            drug_words=word_set(directory / "drug_word_collisions.txt"),
            drug_allow=word_set(directory / "drug_allow.txt"),
            salts={line.strip().lower() for line in read_lines(directory / "drug_salts.txt")},
            classes=rule_rows(directory / "drug_classes.tsv"),
            heads=rule_rows(directory / "drug_class_heads.tsv"),
        )


@dataclass
class Resolved:
    """Final rows for one label: (term, normalized, ident, mode)."""

    rows: list[tuple[str, str, str, str]]
    keys: dict[str, tuple[int, str, str]]  # key -> (tier, mode, target) of the resolved entry
    stats: Stats


def best_candidates(group: list[Candidate]) -> tuple[int, list[Candidate], set[str]]:
    """The best (lowest) tier among the candidates of one key, those of that tier and their targets."""
    best = min(c.tier for c in group)
    top = [c for c in group if c.tier == best]
    return best, top, {c.target for c in top}

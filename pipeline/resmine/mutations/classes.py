"""Gene-level alteration words ("amplification", "overexpression", "fusion", "activation", ...)
and a gene's status written after its name ("HER2-positive", "ALK+", "MGMT-low").

The word list is data: ``models/rules/mutations/alteration_classes.tsv``, one table for every
stage, with the passages each word is read in (``wild-type`` only in table rows). These words
are kept out of :func:`resmine.mutations.extract_mutations` (the tmVar-level grammar) on purpose.
Which class a status names depends on the gene ("HER2-positive" is an amplification,
"ALK-positive" a fusion, "KIT-positive" expression): ``models/rules/mutations/gene_status.tsv``,
read by :func:`status_class` once the gene is named (:mod:`resmine.mentions.variants`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from resmine.linebreaks import join_line_breaks
from resmine.model import Passage
from resmine.mutations.context import read_back
from resmine.mutations.rulefiles import rules_dir

TABLE = "alteration_classes.tsv"
ANY_PASSAGE = "any"
STATUS_TABLE = "gene_status.tsv"
ANY_GENE = "*"
NO_CLASS = "-"


@dataclass(frozen=True)
class _ClassRules:
    """The table compiled: ``any_word`` finds a word of any row, ``rows`` then says which row
    (the first that matches there, as an alternation would choose)."""

    any_word: re.Pattern
    lower_case_word: re.Pattern | None  # the same for lower-cased ASCII text, without case folding
    rows: tuple[re.Pattern, ...]
    classes: tuple[str, ...]
    scopes: tuple[str, ...]


# A word of the table stands alone: no letter, digit or hyphen right before or after it; or it
# is glued by a hyphen to the name before it, as a compound adjective is ("FGFR1-amplified",
# "KRAS-mutant", "ALK-rearranged"): the relation stage takes it only with a gene right there.
_BEFORE, _AFTER = r"(?:(?<![\w-])|(?<=[a-zA-Z0-9]-))", r"(?![\w-])"
_ESCAPE = re.compile(r"\\.")


def _three_columns(path: Path, header: tuple[str, str, str]) -> list[list[str]]:
    """The rows of a three-column rule table (tab-separated, ``#`` comments, its ``header``
    row left out), each as written; a row without three non-blank cells is a ValueError."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if tuple(c.strip() for c in columns) == header:
            continue
        if len(columns) != 3 or not all(c.strip() for c in columns):
            raise ValueError(f"{path}: want {header[0]}, {header[1]} and {header[2]} columns: {line!r}")
        rows.append(columns)
    return rows


@lru_cache(maxsize=1)
def _class_rules() -> _ClassRules:
    patterns: list[str] = []
    classes: list[str] = []
    scopes: list[str] = []
    for columns in _three_columns(rules_dir() / TABLE, ("pattern", "class", "passages")):
        patterns.append(columns[0])
        classes.append(columns[1].strip())
        scopes.append(columns[2].strip())
    # One alternation without named groups (a group per row costs the scan about half its
    # speed); which row matched is asked of the rows only where a word was found.
    combined = _BEFORE + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + _AFTER
    # Without case folding the scan is faster again: lower-cased ASCII text keeps its offsets,
    # and a table without capitals matches it as it matches the text with re.I.
    # (An escape such as \S is no capital: it means the same either way.)
    lower = None if any(c.isupper() for p in patterns for c in _ESCAPE.sub("", p)) else re.compile(combined)
    return _ClassRules(re.compile(combined, re.I), lower, tuple(re.compile(f"(?:{p}){_AFTER}", re.I) for p in patterns),
                       tuple(classes), tuple(scopes))


def alteration_classes(text: str, passages: Sequence[Passage] = ()):
    """Alteration words of ``text``; a word scoped to one passage kind only inside such a
    passage of ``passages``."""
    from resmine.mutations import MutationMatch

    rules = _class_rules()
    original, text = text, join_line_breaks(text)  # "muta-\ntions" is "mutations", same offsets
    words = (rules.lower_case_word.finditer(text.lower()) if rules.lower_case_word is not None and text.isascii()
             else rules.any_word.finditer(text))
    out = []
    for word in words:
        idx, m = next((k, found) for k, row in enumerate(rules.rows) if (found := row.match(text, word.start())))
        end = _end_in_original(original, m.start(), m.end())
        scope = rules.scopes[idx]
        if scope != ANY_PASSAGE and not any(p.kind == scope and p.start <= m.start() and end <= p.end
                                            for p in passages):
            continue
        named = rules.classes[idx]
        if named == EXPRESSION:
            named = expression_level(text, m.start(), m.end()) or named
        out.append(MutationMatch(m.start(), end, original[m.start():end], (named,), "class"))
    return out


def _end_in_original(original: str, start: int, end: int) -> int:
    """Where a word matched on the joined text from ``start`` to ``end`` ends in the original:
    each line break inside it ("muta-\ntions") is two characters more."""
    while (found := original.find("-\n", start, end)) != -1:
        end += 2
        start = found + 2
    return end


# The bare "expression" row names a level the statement compares ("PDCD4 expression was associated
# with response"; CIViC's EXPRESSION); a level word written before the gene's name makes it a
# direction: "increased cyclin D1 expression", "an increase in CRAF protein expression", "High
# AREG expression", "low MGMT mRNA expression" (up to LEVEL_WORDS words between, no clause break).
EXPRESSION = "expression"
LEVEL_WORDS = 4
_LEVEL_BEFORE = re.compile(
    r"\b(?:(?P<up>increased|increases?|elevated|high|higher|enhanced|upregulated|up-regulated)"
    r"|(?P<down>decreased|decreases?|reduced|low|lower|downregulated|down-regulated|diminished))"
    r"(?:\s+(?:in|of))?(?:\s+[^\s,;:.]+){1,%d}\s+$" % LEVEL_WORDS, re.IGNORECASE)
_LEVEL_LOOKBACK = 80


# The level said after the word: "SGK1 mRNA expression was elevated", "Expression levels of RRM1
# progressively increased" (read in CIViC dev EID1729, EID1859). An expression "knocked down" or
# "silenced" was lowered on purpose: "cells with CIP2A expression knocked-down" compare the low
# level with the high one (read in CIViC train EID1118, twelfth round).
_LEVEL_AFTER = re.compile(
    r"(?:\s+levels?)?(?:\s+of\s+[\w-]+)?\s+(?:(?:was|were|is|are)\s+)?(?:(?:significantly|markedly|progressively"
    r"|strongly|highly)\s+)?(?:(?P<up>increased|elevated|higher|enhanced|upregulated|up-regulated)"
    r"|(?P<down>decreased|reduced|lower|downregulated|down-regulated|diminished|knocked[\s-]down|silenced))\b",
    re.IGNORECASE)


def expression_level(text: str, start: int, end: int) -> str | None:
    """``overexpression`` or ``underexpression`` when a level word comes a few words before the
    "expression" at ``start`` (:data:`_LEVEL_BEFORE`), or right after the word ending at ``end``
    (:data:`_LEVEL_AFTER`), else None."""
    level = read_back(_LEVEL_BEFORE, text, start, _LEVEL_LOOKBACK)
    if level is None:
        level = _LEVEL_AFTER.match(text, end)
    if level is None:
        return None
    return "overexpression" if level.group("up") else "underexpression"


# A status right after a gene-shaped name: "HER2-positive", "HER2 positive", "HER2/neu-positive",
# "c-KIT-positive", "ALK+", "ER+/PR+", "TLK2-high", "MGMT-low". "high" and "low" only with a
# hyphen: "EGFR high expression" is the word table's "high expression". The status word is found
# first (a literal, so the scan skips in C), the name is the word before it. The "+" is matched
# before the look back at the character ahead of it: a branch opening with a look-behind kept
# the scan from skipping to the branches' first characters.
_STATUS = re.compile(r"(?:[-\s](?P<word>positive|negative)|-(?P<level>high|low)|(?P<plus>\+)(?<=[\w)]\+))(?![\w-])",
                     re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?<![\w/+-])[A-Za-z][\w/.-]*[A-Za-z0-9]$")
_NAME_LOOKBACK = 40
_PLUS = "positive"


@dataclass(frozen=True)
class GeneStatus:
    """A status written after a name that may be a gene's: the name's and the status word's
    offsets and the status (``positive``, ``negative``, ``high``, ``low``)."""

    name: str
    name_start: int
    name_end: int
    start: int
    end: int
    status: str


def gene_statuses(text: str) -> list[GeneStatus]:
    """Statuses written after a name with a capital or a digit (a gene's symbol, not "were
    positive"); whether the name is a gene is the lexicon's to say."""
    out = []
    for m in _STATUS.finditer(text):
        group = next(g for g in ("word", "level", "plus") if m.group(g) is not None)
        name_end = m.start() if group != "plus" else m.start("plus")
        name = read_back(_NAME_BEFORE, text, name_end, _NAME_LOOKBACK)
        if name is None or not any(c.isupper() or c.isdigit() for c in name.group()):
            continue
        status = _PLUS if group == "plus" else m.group(group).lower()
        out.append(GeneStatus(name.group(), name.start(), name.end(), m.start(group), m.end(group), status))
    return out


@lru_cache(maxsize=1)
def _status_classes() -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for status, gene, named in _three_columns(rules_dir() / STATUS_TABLE, ("status", "gene", "class")):
        table[(status.strip(), gene.strip())] = named.strip()
    return table


def status_class(status: str, symbol: str) -> str | None:
    """The alteration class a gene's written status names (``gene_status.tsv``: the gene's own
    row, else the status's ``*`` row), or None when it names none ("HER2-negative")."""
    table = _status_classes()
    named = table.get((status, symbol), table.get((status, ANY_GENE), NO_CLASS))
    return None if named == NO_CLASS else named


def gene_class_name(named: str, symbol: str) -> str:
    """The class a gene's own row of ``gene_status.tsv`` gives an alteration word's class
    (``overexpression`` of ERBB2 is its clinical HER2-positive status, CIViC's ERBB2
    AMPLIFICATION), else ``named``: the ``*`` rows are for statuses only."""
    own = _status_classes().get((named, symbol))
    return named if own is None or own == NO_CLASS else own

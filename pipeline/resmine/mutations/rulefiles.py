"""The mutation grammar's hand-kept word lists, read from ``models/rules/mutations/``.

Kept as data rather than code so that a list can grow without touching a pattern; what each
file holds and where its entries come from is written in ``models/rules/mutations/README.md``.

* ``false_friends.txt``: tokens shaped like a mutation that name something else (cell lines,
  receptors, gene families), read by :func:`is_false_friend`;
* ``fusion_partners.txt``: known fusion partners, their 3' partners and gene-shaped tokens that
  are not genes, read by :func:`fusion_lists`.

Each file is read once per process (``lru_cache``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from resmine.paths import models_dir

_REGEX_PREFIX = "re:"  # a false_friends.txt line that is a regular expression, not a token
_NOT_A_GENE = "!"  # a fusion_partners.txt line naming a token that is not a gene
_THREE_PRIME = "3'"  # fusion_partners.txt's second column: the gene is the 3' partner


def rules_dir() -> Path:
    """``models/rules/mutations/``: the mutation grammar's data files and the alteration classes."""
    return models_dir() / "rules" / "mutations"


def _read_list(name: str) -> list[str]:
    """The entries of one list file: ``#`` comments and blank lines left out."""
    path = rules_dir() / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def _false_friends() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Tokens shaped like a mutation that are not one (cell lines, receptors, gene families)."""
    words, patterns = set(), []
    for entry in _read_list("false_friends.txt"):
        if entry.startswith(_REGEX_PREFIX):
            patterns.append(entry[len(_REGEX_PREFIX):].strip())
        else:
            words.add(entry)
    pat = re.compile("(?:" + "|".join(patterns) + r")\Z") if patterns else None
    return frozenset(words), pat


@lru_cache(maxsize=1)
def fusion_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(known partners, 3' partners, tokens that are not genes) from fusion_partners.txt."""
    partners, three_prime, stop = set(), set(), set()
    for entry in _read_list("fusion_partners.txt"):
        if entry.startswith(_NOT_A_GENE):
            stop.add(entry[len(_NOT_A_GENE):].strip())
            continue
        symbol, _, flag = entry.partition("\t")
        partners.add(symbol.strip())
        if flag.strip() == _THREE_PRIME:
            three_prime.add(symbol.strip())
    return frozenset(partners), frozenset(three_prime), frozenset(stop)


def is_false_friend(token: str) -> bool:
    """Whether ``token`` is listed in false_friends.txt ("T47D", "E2F", "RAD51C")."""
    words, pat = _false_friends()
    return token in words or (pat is not None and pat.match(token) is not None)

"""Text folding and term keys: how dictionary rows and text are compared.

* Text is cut into tokens (:data:`TOKEN_RE`): runs of letters/digits, and every other
  non-space character on its own.
* Tokens become *units*: lower-cased (Greek letters folded, β → b), tokens joined by a hyphen
  merged ("K-Ras" = "KRAS", "IGF-1R" = "IGF1R"); a hyphen that is not merged counts as a
  space ("cyclin-D1" = "cyclin D1").
* A term's key is its units joined by one space (:func:`term_key`); :func:`case_key` does the
  same without lower-casing, for rows matched only exactly as written.
"""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"[^\W_]+|\S")
HYPHENS = frozenset("-\u2010\u2011")
SEP = " "
_GREEK = str.maketrans(
    {"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "κ": "k", "λ": "l", "ω": "w",
     "Α": "A", "Β": "B", "Γ": "G", "Δ": "D", "Ε": "E", "Ζ": "Z", "Κ": "K", "Λ": "L", "Ω": "W"}
)


def fold_token(token: str) -> str:
    """``token`` lower-cased, Greek letters spelt in Latin ("TGFβ" → "tgfb")."""
    token = token.lower()
    return token if token.isascii() else token.translate(_GREEK)


def split_units(text: str, fold: bool) -> list[str]:
    """Units of a term (see the module docstring); ``fold=False`` keeps the case. Used for
    dictionary rows and whole strings."""
    words = text.split()
    if all(w.isalnum() for w in words):  # fast path: plain words (most dictionary rows)
        return [fold_token(w) for w in words] if fold else [w.translate(_GREEK) for w in words]
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
                units[-1] += fold_token(nxt) if fold else nxt.translate(_GREEK)
                k += 2
                continue
            joinable = False  # a free-standing hyphen counts as a space
            k += 1
            continue
        units.append(fold_token(tok) if fold else tok.translate(_GREEK))
        joinable = tok[0].isalnum()
        k += 1
    return units


def term_units(term: str) -> list[str]:
    """Folded units of ``term`` ("HER-2/neu" → ["her2", "/", "neu"])."""
    return split_units(term, fold=True)


def term_key(term: str) -> str:
    """The dictionary key of ``term``: its folded units joined by one space."""
    return SEP.join(split_units(term, fold=True))


def case_key(term: str) -> str:
    """Like :func:`term_key` but keeping case: what strict (``s``) rows compare."""
    return SEP.join(split_units(term, fold=False))

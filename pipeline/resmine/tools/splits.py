"""The frozen *tune* split shared by every evaluation tool: a part of each development corpus
whose figures are printed but whose errors are never listed, so that no rule is written from
them (issue 20: a rule is kept only if it helps on dev *and* does not hurt on tune).

A document is in the tune part when a seeded hash of its id falls in the first
:data:`TUNE_SHARE` of the hash range. The hash is sha256 (Python's ``hash`` changes from one
process to the next); the seed is one string for all corpora, so that a paper found in two
corpora (a PMID in tmVar and BioRED) falls on the same side in both. The id is the corpus'
document id: a PMID for the PubTator and MutationFinder corpora, a CIViC citation, a BC2GM
sentence id (BC2GM gives no PMID).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

# Changing the seed or the share moves documents between dev and tune: errors already read
# from a new tune document would make its figures dishonest. Keep both frozen.
TUNE_SEED = "resmine-tune-2026"
TUNE_SHARE = 0.2
DEV, TUNE = "dev", "tune"
PARTS = (DEV, TUNE)
# The ``--part`` choices of the evaluation commands: which parts they score.
PART_CHOICES = {"both": PARTS, DEV: (DEV,), TUNE: (TUNE,)}
# The first bytes of the digest read as the position in the hash range [0, 1).
_HASH_BYTES = 4

Item = TypeVar("Item")


def is_tune(doc_id: str) -> bool:
    """Whether the document (or CIViC citation) ``doc_id`` belongs to the frozen tune part."""
    digest = hashlib.sha256(f"{TUNE_SEED}:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:_HASH_BYTES], "big") / 2 ** (8 * _HASH_BYTES) < TUNE_SHARE


def split_dev_tune(items: Iterable[Item], doc_id: Callable[[Item], str]) -> dict[str, list[Item]]:
    """``items`` as ``{"dev": [...], "tune": [...]}``, each in the input order."""
    parts: dict[str, list[Item]] = {DEV: [], TUNE: []}
    for item in items:
        parts[TUNE if is_tune(doc_id(item)) else DEV].append(item)
    return parts

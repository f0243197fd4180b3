"""Score extracted evidence against the gold set in ``corpus/gold/`` (rules: corpus/gold/README.md).

Inputs
------
* Gold: ``gold.tsv`` (``doc_id gene mutation drug relation tier evidence note``) and, beside it,
  ``negatives.tsv`` (``doc_id evidence must_not note``). Both are tab-separated files written and
  read with the :mod:`csv` module: evidence is verbatim document text, so a field holding tabs,
  newlines or quotes is quoted.
* Predictions: a run directory holding ``evidence.csv`` (and ``documents.txt``, one doc_id per line
  for every document processed), or a single ``evidence.csv`` (then a ``documents.txt`` beside it
  is used if present). Needed columns: ``doc_id gene mutation drug relation tier``; ``sentence``
  and ``negated`` are read when present. A cell starting with ``'`` followed by ``= + - @`` (or
  tab / CR, the exporter's full guard set) loses that one ``'``: the spreadsheet formula guard.
  Rows with ``negated == true`` are the extractor's own "not asserted" and are not scored.

Matching
--------
Keys are compared exactly (normal forms are the contract; no case folding) and as sets, so the
same key predicted from five sentences counts once:

* strict key: ``(doc_id, gene, mutation, drug, relation)``
* lenient key: ``(doc_id, gene, mutation, drug)``: a right triple with the wrong effect still counts.

Precision, recall and F1 are micro-averaged over keys: P = TP/(TP+FP), R = TP/(TP+FN),
F1 = 2TP/(2TP+FP+FN); a value whose denominator is 0 is ``None`` (shown as "–").

Breakdowns
----------
* per tier: a TP and a FN count in the key's GOLD tier; a FP counts in the tier the extractor
  gave it, the best (A < B < C) over that key's predicted evidence rows. A lenient key's gold
  tier is the best gold tier among its gold rows. So tier rows partition the overall counts.
* per relation: TP and FN by gold relation, FP by predicted relation. Strict rows partition the
  overall counts; a lenient key counts under every relation it has in gold (TP, FN) or in the
  predictions (FP), so lenient relation rows can add up to more than the overall row.
* per document: each document's own keys.
* ``tier_confusion``: gold tier × predicted tier over the strict TPs.

Negatives
---------
A ``negatives.tsv`` row is violated when an asserted prediction of its document matches its
``must_not`` pattern (``gene|mutation|drug|relation``; each field exact or a shell-style glob, ``*``
for anything) and the prediction's sentence overlaps the negative's evidence: after collapsing
whitespace one contains the other, or they share a run of at least 40 characters.

Document sets
-------------
Gold documents = doc_ids in gold.tsv ∪ negatives.tsv. Predicted documents = documents.txt when
present (a document with no predictions is legitimate), else the doc_ids of the predicted rows.
The two sets must be equal, else :class:`ScoreError` lists the differing ids. With
``restrict_to_gold_docs=True`` (a corpus holding extra, non-gold documents) predicted documents
and rows outside the gold set are dropped first; a gold document missing from the predictions is
still an error.

Modules: :mod:`~resmine.score.io` reads the inputs, :mod:`~resmine.score.metrics` holds the one
P/R/F1 implementation and the tallies, :mod:`~resmine.score.negatives` checks the negatives,
:mod:`~resmine.score.errors` gives each false positive and miss its reason,
:mod:`~resmine.score.scoring` puts them together, :mod:`~resmine.score.report` writes the report
(and ``errors.md``) and :mod:`~resmine.score.cli` adds ``resmine score``.
"""

from __future__ import annotations

from resmine.score.cli import register
from resmine.score.io import (
    GoldRow, Negative, PredRow, Predictions, ScoreError, TIER_RANK, TIERS, parse_pattern,
    read_documents_list, read_gold, read_negatives, read_predictions, unguard,
)
from resmine.score.metrics import Breakdown, Metrics, prf
from resmine.score.negatives import OVERLAP_MIN_CHARS, check_negatives, pattern_matches, texts_overlap
from resmine.score.report import ScoreReport
from resmine.score.scoring import gold_documents, reconcile_documents, score, score_run

__all__ = [
    "OVERLAP_MIN_CHARS", "TIERS", "TIER_RANK", "Breakdown", "GoldRow", "Metrics", "Negative", "PredRow",
    "Predictions", "ScoreError", "ScoreReport", "check_negatives", "gold_documents", "parse_pattern",
    "pattern_matches", "prf", "read_documents_list", "read_gold", "read_negatives", "read_predictions",
    "reconcile_documents", "register", "score", "score_run", "texts_overlap", "unguard",
]

"""The frozen tune split (resmine.tools.splits): stable, about a fifth, disjoint from dev, and
the same in every process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resmine.paths import shared_dir
from resmine.tools.mutations.corpora import read_pubtator
from resmine.tools.ner.corpora import load_split
from resmine.tools.splits import DEV, TUNE, TUNE_SHARE, is_tune, split_dev_tune

FIXTURES = Path(__file__).parent / "fixtures"
CORPORA = shared_dir() / "data" / "corpora"
IDS = [str(pmid) for pmid in range(20_000_000, 20_010_000)]


def test_the_split_is_pinned():
    # The fixtures of tests/test_mutations.py and test_eval_relations.py rely on these sides;
    # a changed seed or share would move documents whose errors were read into tune.
    assert [is_tune(i) for i in ("1001", "1002", "2001", "3001", "3002")] == [False, True, False, False, True]
    assert [n for n in range(1000, 1030) if is_tune(str(n))] == [1000, 1002, 1006, 1008, 1015, 1021]


def test_about_a_fifth_of_the_ids_are_tune():
    share = sum(map(is_tune, IDS)) / len(IDS)
    assert abs(share - TUNE_SHARE) < 0.01  # 10,000 ids: the binomial s.d. is 0.004


def test_dev_and_tune_are_disjoint_and_cover_the_corpus():
    docs = read_pubtator(FIXTURES / "mutations" / "corpora" / "mutations" / "tmvar1" / "train.PubTator.txt")
    items = docs * 3 + [d for d in read_pubtator(FIXTURES / "ner" / "corpora" / "biored" / "Dev.PubTator")]
    parts = split_dev_tune(items, lambda d: d.doc_id)
    assert set(parts) == {DEV, TUNE}
    dev_ids, tune_ids = {d.doc_id for d in parts[DEV]}, {d.doc_id for d in parts[TUNE]}
    assert not dev_ids & tune_ids and dev_ids | tune_ids == {d.doc_id for d in items}
    assert len(parts[DEV]) + len(parts[TUNE]) == len(items)
    assert parts[DEV] == [d for d in items if d.doc_id in dev_ids]  # input order kept
    assert all(is_tune(d.doc_id) for d in parts[TUNE])


def test_the_split_is_the_same_in_another_process():
    # sha256, not Python's hash(): a different PYTHONHASHSEED must not move a document.
    code = ("import json, sys; from resmine.tools.splits import is_tune; "
            "print(json.dumps([i for i in sys.argv[1:] if is_tune(i)]))")
    here = [i for i in IDS[:2000] if is_tune(i)]
    for seed in ("1", "4242"):
        out = subprocess.run([sys.executable, "-c", code, *IDS[:2000]], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here


@pytest.mark.skipif(not (CORPORA / "biored").is_dir(), reason="shared corpora not present")
@pytest.mark.parametrize("split", ["bc2gm-devel", "bc5cdr-dev", "biored-dev"])
def test_each_ner_development_split_has_a_tune_part_of_about_a_fifth(split):
    items = load_split(CORPORA, split)
    parts = split_dev_tune(items, lambda item: item.doc_id)
    # BioRED dev has 67 abstracts: a share between 0.1 and 0.3 is a 2.5 s.d. band there.
    assert 0.1 < len(parts[TUNE]) / len(items) < 0.3


@pytest.mark.skipif(not (CORPORA / "mutations" / "tmvar1").is_dir(), reason="shared corpora not present")
def test_tmvar_train_has_its_frozen_tune_part():
    docs = read_pubtator(CORPORA / "mutations" / "tmvar1" / "train.PubTator.txt")
    parts = split_dev_tune(docs, lambda d: d.doc_id)
    assert (len(parts[DEV]), len(parts[TUNE])) == (249, 65)

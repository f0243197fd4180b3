"""CIViCmine's training sentences as relation training data (issue 16 item 3): reading the
archive, and aligning its Predictive labels to resmine's candidates. Fixture:
``tests/fixtures/relations/civicmine_training_sample.tar.gz`` (README beside it)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from resmine.model import Mention
from resmine.relations import RelationRules
from resmine.tools.relations.civicmine import CivicmineError, read_civicmine
from resmine.tools.relations.train import civicmine_examples

SAMPLE = Path(__file__).parent / "fixtures" / "relations" / "civicmine_training_sample.tar.gz"


def test_reads_the_sentences_with_a_predictive_relation():
    sentences = read_civicmine(SAMPLE)
    assert [s.doc_id for s in sentences] == ["1.00000197", "2.00000234"]  # 1.00000009 has none
    first = sentences[0]
    assert first.pmid and first.text.startswith("AT-101 enhances gefitinib sensitivity")
    drug, gene = first.predictive[0]
    assert first.text[drug[0]:drug[1]] == "gefitinib" and first.text[gene[0]:gene[1]] == "EGFR"
    assert sorted(first.text[a:b] for a, b in first.variants[gene]) == ["T790M", "mutations"]


def test_a_missing_archive_is_one_clear_error(tmp_path):
    with pytest.raises(CivicmineError, match="not found"):
        read_civicmine(tmp_path / "training.tar.gz")


def _mention(doc_id, text, surface, label, normalized, source="lexicon"):
    start = text.index(surface)
    return Mention(doc_id, start, start + len(surface), surface, label, normalized, source)


def test_labels_align_to_candidates_and_take_the_sentences_direction():
    sentences = read_civicmine(SAMPLE)
    annotated = []
    for sentence in sentences:
        document = sentence.document()
        text, doc_id = document.text, document.doc_id
        if sentence.doc_id == "1.00000197":
            mentions = [_mention(doc_id, text, "gefitinib", "DRUG", "gefitinib"),
                        _mention(doc_id, text, "EGFR", "GENE", "EGFR"),
                        _mention(doc_id, text, "T790M", "MUTATION", "T790M", "mutation_grammar")]
        else:  # the drug is found, neither variant is: both labels stay unaligned
            mentions = [_mention(doc_id, text, "cobimetinib", "DRUG", "cobimetinib"),
                        _mention(doc_id, text, "BRAF", "GENE", "BRAF")]
        annotated.append(SimpleNamespace(document=document, sentences=[(0, len(text))], mentions=mentions))
    features, labels, outcome = civicmine_examples(sentences, annotated, RelationRules.load())
    assert labels == ["sensitivity"] and len(features) == 1
    # gefitinib–EGFR has two variants (T790M aligned; "mutations" is no mention), cobimetinib–BRAF two
    assert outcome == {"aligned": 1, "unaligned: variant not a change mention": 3}

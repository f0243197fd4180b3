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


# ---------------------------------------------------------------- as a test set (eval-relations --only civicmine)


def _row(drug, gene, drug_text=None, gene_text=None, negated=False):
    return SimpleNamespace(drug=drug, drug_text=drug_text or drug, gene=gene, gene_text=gene_text or gene,
                           negated=negated)


def test_every_sentence_is_read_as_a_test_set_with_its_hgnc_ids():
    sentences = read_civicmine(SAMPLE, every_sentence=True)
    assert [s.doc_id for s in sentences] == ["1.00000009", "1.00000197", "2.00000234"]
    assert sentences[0].predictive == () and sentences[0].gene_ids == {(93, 97): ("HGNC:7559",)}


def test_pairs_align_by_hgnc_symbol_and_by_whole_words_of_the_drug():
    from resmine.tools.relations.civicmine import gold_pairs, pair_metrics, score_sentence

    without, gefitinib, cobimetinib = read_civicmine(SAMPLE, every_sentence=True)
    symbols = {"HGNC:3236": "EGFR", "HGNC:1097": "BRAF", "HGNC:7559": "MYCN"}
    gold = gold_pairs(gefitinib, symbols, None)
    assert [g.key for g in gold] == [("gefitinib", "EGFR")]
    # the gene by its symbol; the drug written inside a longer name ("gefitinib therapy") aligns
    found = score_sentence(gefitinib, gold, [_row("gefitinib therapy", "EGFR", gene_text="epidermal growth factor receptor")])
    assert found.found == [("gefitinib", "EGFR")] and found.false_positives == []
    # a word inside another word is no alignment; a negated row counts for nothing
    wrong = score_sentence(gefitinib, gold, [_row("gefitinibs", "EGFR"), _row("gefitinib", "EGFR", negated=True)])
    assert wrong.found == [] and wrong.false_positives == [("unaligned", "gefitinibs", "EGFR")]
    # a sentence without a Predictive relation: every row is a false positive
    none = score_sentence(without, gold_pairs(without, symbols, None), [_row("cisplatin", "MYCN")])
    assert none.gold == [] and none.false_positives == [("unaligned", "cisplatin", "MYCN")]
    braf = score_sentence(cobimetinib, gold_pairs(cobimetinib, symbols, None), [])
    metrics = pair_metrics([found, wrong, none, braf])
    assert (metrics.tp, metrics.fp, metrics.fn) == (1, 2, 2)


def test_pair_errors_are_written_for_a_curator(tmp_path):
    from resmine.tools.relations.civicmine import gold_pairs, score_sentence, write_pair_errors

    _, gefitinib, _ = read_civicmine(SAMPLE, every_sentence=True)
    result = score_sentence(gefitinib, gold_pairs(gefitinib, {"HGNC:3236": "EGFR"}, None), [_row("erlotinib", "EGFR")])
    path = tmp_path / "errors.tsv"
    assert write_pair_errors([result], path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["doc_id", "pmid", "kind", "drug", "gene", "gold_pairs", "sentence"]
    assert lines[1].split("\t")[2:6] == ["miss", "gefitinib", "EGFR", "EGFR|gefitinib"]
    assert lines[2].split("\t")[2:5] == ["false_positive", "erlotinib", "EGFR"]

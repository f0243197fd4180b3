"""Issue 21, rows 1-3: time linear and memory bounded on inputs without sentence ends and on
large documents. Small generated inputs and operation counts, never wall-clock: the timings
and peak memory on large inputs are in benchmarks/bench_robustness.py."""

import contextlib
import re
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

import resmine.relations.pairing as pairing
from resmine.model import Document, Mention, Passage
from resmine.ner import text_chunks
from resmine.ner.components import BATCH_CHARS, NerComponent
from resmine.nlp.components import make_abbreviation_detector
from resmine.nlp.parentheses import MAX_INSIDE, ParenthesisMatcher
from resmine.nlp.windows import char_batches, text_chunks as nlp_text_chunks, window_document, window_spans, windows
from resmine.nlp.sentences import MAX_SENTENCE_CHARS, split_sentences
from resmine.relations import RelationRules, extract_evidence
from resmine.relations.units import MAX_PAIR_CHARS

ROOT = Path(__file__).resolve().parents[1]
RULES = RelationRules.load()

# No full stop: a sentence splitter sees one sentence, however long.
STATEMENT = ("the EGFR T790M mutation confers resistance to gefitinib while ALK G1202R shows "
             "sensitivity to lorlatinib and cells treated with erlotinib were observed over weeks ")
MENTIONS = {"EGFR": ("GENE", "EGFR"), "ALK": ("GENE", "ALK"), "T790M": ("MUTATION", "T790M"),
            "G1202R": ("MUTATION", "G1202R"), "gefitinib": ("DRUG", "gefitinib"),
            "lorlatinib": ("DRUG", "lorlatinib"), "erlotinib": ("DRUG", "erlotinib")}


def one_line(repeats: int) -> tuple[str, list[Mention]]:
    text = STATEMENT * repeats
    mentions = [Mention("d", m.start(), m.end(), m.group(), *MENTIONS[m.group()],
                        "mutation_grammar" if MENTIONS[m.group()][0] == "MUTATION" else "lexicon")
                for m in re.finditer("|".join(MENTIONS), text)]
    return text, mentions


# --- row 1: one line without sentence ends ------------------------------------------------


def test_a_line_without_sentence_ends_is_cut_into_bounded_sentences():
    text, _ = one_line(200)  # 35 KB
    spans = split_sentences(text, [Passage("paragraph", "", 0, len(text))])
    assert len(spans) >= len(text) // MAX_SENTENCE_CHARS
    assert all(0 < end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # every word is in a sentence, and no word is cut in two
    assert " ".join(text[s:e] for s, e in spans) == text.strip()


def test_short_sentences_are_not_cut():
    text = "ALK G1202R confers resistance to ceritinib. " * 3
    assert split_sentences(text, [], max_chars=50) == split_sentences(text, [])


def _cue_evaluations(monkeypatch, repeats: int) -> int:
    """Cue distances evaluated by the rules' pairing on one sentence of ``repeats`` statements."""
    evaluated = []
    nearest = pairing._nearest_cue

    def counting(cues, anchor, second):
        evaluated.append(len(cues))
        return nearest(cues, anchor, second)

    monkeypatch.setattr(pairing, "_nearest_cue", counting)
    text, mentions = one_line(repeats)
    document = Document("d", "test", "txt", "", text, [Passage("paragraph", "", 0, len(text))])
    # the whole text as one sentence: pairing itself must be linear, whatever the sentence cap
    extract_evidence(document, [(0, len(text))], mentions, RULES)
    return sum(evaluated)


def test_pairing_in_one_long_sentence_is_linear(monkeypatch):
    small = _cue_evaluations(monkeypatch, 60)   # 10 KB
    large = _cue_evaluations(monkeypatch, 120)  # 20 KB
    assert small > 0
    # twice the text, about twice the work (all pairs against all cues would be 8 times)
    assert large <= 2.3 * small
    # and a bounded number per statement: each of its 2 changes meets the drugs, and each drug
    # the cues, of the statements within max_pair_chars (at most 3 of each per statement)
    reach = 2 * MAX_PAIR_CHARS // len(STATEMENT) + 2
    assert large <= 120 * 2 * (3 * reach) * (3 * reach)


def test_pairs_further_apart_than_max_pair_chars_are_not_read():
    gap = " cells were observed" * 30  # 600 characters without a mention or a cue
    text = f"ALK G1202R{gap} confers resistance to lorlatinib"
    mentions = [Mention("d", 0, 3, "ALK", "GENE", "ALK", "lexicon"),
                Mention("d", 4, 10, "G1202R", "MUTATION", "G1202R", "mutation_grammar"),
                Mention("d", text.index("lorlatinib"), len(text), "lorlatinib", "DRUG", "lorlatinib", "lexicon")]
    document = Document("d", "test", "txt", "", text, [Passage("paragraph", "", 0, len(text))])
    far = extract_evidence(document, [(0, len(text))], mentions, RULES, max_pair_chars=400)
    near = extract_evidence(document, [(0, len(text))], mentions, RULES, max_pair_chars=1000)
    assert [r.drug for r in far] == []
    assert [(r.mutation, r.drug, r.relation) for r in near] == [("G1202R", "lorlatinib", "resistance")]


# --- rows 2 and 3: memory bounded by the text the NER model holds at once ------------------


class _FakeModel:
    """Stands in for the NER model: records how many characters each batch holds and how many
    chunks had been made when it was asked for it."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.made = 0
        self.batches: list[tuple[int, int]] = []  # (characters, chunks made so far)

    def make_doc(self, text: str) -> Doc:
        self.made += 1
        return self.nlp.make_doc(text)

    def memory_zone(self):
        return contextlib.nullcontext()

    def pipe(self, docs, batch_size):
        docs = list(docs)
        self.batches.append((sum(len(d.text) for d in docs), self.made))
        return iter(docs)


def _ner_batches(text: str, batch_chars: int) -> tuple[list[tuple[int, int]], int]:
    component = NerComponent(None, None, {}, batch_size=32, batch_chars=batch_chars)
    model = _FakeModel()
    component._ner_nlp = model  # type: ignore[assignment]
    component._known_spans = lambda doc: None  # type: ignore[method-assign]
    component._add = lambda doc, found: doc  # type: ignore[method-assign]
    doc = model.nlp.make_doc("x")
    doc.user_data["document"] = Document("d", "test", "txt", "", text, [])
    list(component.pipe([doc]))
    return model.batches, model.made


@pytest.mark.parametrize("text", [
    "Somatic mutations confer resistance to targeted therapy in lung cancer. " * 4000,  # row 2: prose, 290 KB
    "".join(f"row {k} value\n" for k in range(20_000)),                                  # row 3: short lines
])
def test_the_ner_reads_at_most_batch_chars_at_once_and_makes_chunks_lazily(text):
    batch_chars = 20_000
    batches, made = _ner_batches(text, batch_chars)
    assert len(batches) >= len(text) // batch_chars
    assert all(chars <= batch_chars for chars, _ in batches)
    assert sum(chars for chars, _ in batches) == len(text)
    # a batch is read before the next one is made: chunks in memory do not grow with the text
    first_chars, made_by_then = batches[0]
    assert made_by_then <= first_chars // 1000 + 2
    assert made == len(text_chunks(text, batch_chars))


def test_char_batches_groups_by_characters_and_keeps_a_long_chunk_alone():
    nlp = spacy.blank("en")
    chunks = [(0, 0, nlp.make_doc("a" * n)) for n in (40, 40, 30, 100, 10)]
    groups = [[len(c[2].text) for c in g] for g in char_batches(chunks, 100, lambda c: len(c[2].text))]
    assert groups == [[40, 40], [30], [100], [10]]
    assert [len(g) for g in char_batches(range(7), 100, lambda k: 1, max_items=3)] == [3, 3, 1]


def test_the_ner_batches_documents_by_characters(monkeypatch):
    """Row 2: documents wait for the NER's batch with all that earlier components found on
    them; 32 long documents at once would hold 32 times the memory of one."""
    seen: list[int] = []
    component = NerComponent(None, None, {}, batch_size=32, batch_chars=1000)
    component._ner_nlp = _FakeModel()  # type: ignore[assignment]
    component._ner_docs = lambda doc: iter(())  # type: ignore[method-assign]
    component._add = lambda doc, found: seen.append(len(found)) or doc  # type: ignore[method-assign]
    nlp = spacy.blank("en")
    sizes = [300, 300, 300, 2500, 100] + [10] * 40
    docs = []
    for k, size in enumerate(sizes):
        doc = nlp.make_doc("x")
        doc.user_data["document"] = Document(str(k), "test", "txt", "", "y" * size, [])
        docs.append(doc)
    batches = []
    real_batches = char_batches

    def recording(items, batch_chars, length, max_items=None):
        for group in real_batches(items, batch_chars, length, max_items):
            if max_items is not None:
                batches.append([length(d) for d in group])
            yield group

    monkeypatch.setattr("resmine.ner.components.char_batches", recording)  # the name the NER uses
    assert len(list(component.pipe(docs))) == len(sizes)
    assert batches[:3] == [[300, 300, 300], [2500], [100] + [10] * 31]
    assert all(len(b) <= 32 and (sum(b) <= 1000 or len(b) == 1) for b in batches)


# --- row 2: scispaCy's abbreviation candidates, linear in the document --------------------

SEED = ROOT.parent / "shared" / "seeds" / "000_0792c4f2a95b5666.txt"  # a review, 23 KB of prose
NESTED = "a ( b ( c ) d ) e ( f ) g ) h ( ( ) ) i ( j k l m n o p q ) r ( s t u v w x y z A B ) C"


def _scispacy_matches(doc: Doc) -> list[tuple[int, int, int]]:
    """What scispaCy's own Matcher gives, less what its filter drops (more than 8 tokens inside)."""
    matcher = Matcher(doc.vocab)
    matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    return [(key, start, end) for key, start, end in matcher(doc) if end - start - 2 <= MAX_INSIDE]


@pytest.mark.parametrize("text", [NESTED, SEED.read_text(encoding="utf-8")], ids=["nested", "review"])
def test_parenthesis_matcher_gives_what_scispacy_keeps_in_its_order(text):
    doc = spacy.blank("en")(text)
    found = ParenthesisMatcher(doc.vocab)(doc)
    assert found == _scispacy_matches(doc)
    assert len(found) > 5


def test_parenthesis_matches_grow_linearly_with_the_document():
    nlp = spacy.blank("en")
    once = nlp("resistance to imatinib (IM) was seen in the chronic myeloid leukaemia (CML) cells we grew "
               "and then reported (Figure 1) here and in the other lines we grew ")
    many = nlp(once.text * 200)
    matcher = ParenthesisMatcher(nlp.vocab)
    assert len(matcher(once)) == 3
    assert len(matcher(many)) == 200 * 3
    # the Matcher scispaCy uses pairs every "(" with every later ")" (60 of them here): quadratic
    every_pair = Matcher(nlp.vocab)
    every_pair.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    twenty = nlp(once.text * 20)
    assert len(every_pair(twenty)) == 60 * 61 // 2 > 10 * len(matcher(twenty))


def test_abbreviation_definitions_are_those_of_scispacys_detector():
    from scispacy.abbreviation import AbbreviationDetector

    nlp = spacy.blank("en")
    ours = make_abbreviation_detector(nlp, "ours")
    text = SEED.read_text(encoding="utf-8") + "\n" + NESTED

    def definitions(detector) -> list[tuple[str, int, int, int, int]]:
        # sorted: the detector keeps each long form's uses in a set of Spans
        doc = detector(nlp.make_doc(text))
        return sorted((s.text, s.start, s.end, s._.long_form.start, s._.long_form.end) for s in doc._.abbreviations)

    expected = definitions(AbbreviationDetector(nlp, "scispacy"))
    assert len(expected) > 10
    # and one more: "castration resistant prostate cancer (CRPC; Taplin and Ho, 2001)", a
    # bracket going on after its short form, which scispaCy's pattern cannot read
    found = definitions(ours)
    remark_defined = [d for d in found if d[0] == "CRPC"]
    assert remark_defined and not [d for d in expected if d[0] == "CRPC"]
    assert [d for d in found if d[0] != "CRPC"] == expected


def test_the_limits_are_settings_of_the_shipped_pipeline():
    cfg = spacy.util.load_config(ROOT / "models" / "pipeline.cfg")
    components = cfg["components"]
    assert components["resmine_sentences"]["max_chars"] == MAX_SENTENCE_CHARS
    assert components["resmine_ner"]["batch_chars"] == BATCH_CHARS
    relations = [c for c in components.values() if c["factory"] in ("resmine_relations", "resmine_triples")]
    assert [c["max_pair_chars"] for c in relations] == [MAX_PAIR_CHARS]


# --- rows 2 and 3: a long document is read in windows --------------------------------------


def test_window_spans_cover_the_text_and_cut_at_passage_ends_first():
    text = "".join(f"paragraph {k} with words. and more words\n" for k in range(40))
    passages, cursor = [], 0
    for line in text.splitlines(keepends=True):
        passages.append(Passage("paragraph", "", cursor, cursor + len(line) - 1))  # the "\n" is no passage
        cursor += len(line)
    spans = window_spans(text, passages, 200)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= 200 for start, end in spans)
    assert all(start == 0 or text[start] == "\n" for start, _ in spans)  # cut at a passage's end, not after "\n"
    # without passages: after a line break, else a sentence end, else a space
    assert window_spans(text, [], 200) == text_chunks(text, 200)
    assert text_chunks is nlp_text_chunks  # the NER's chunks and the pipeline's windows: one cutter
    assert all(text[end - 1] == "\n" for _, end in text_chunks(text, 200)[:-1])


def test_a_window_is_a_document_with_its_passages_and_cells_moved():
    text = "Title\nrow a\tEGFR T790M\tgefitinib\nlast paragraph"
    row_start = 6
    row = Passage("table_row", "Table 1", row_start, 32, cells=((6, 11), (12, 22), (23, 32)))
    document = Document("d", "src", "jats", "Title", text,
                        [Passage("title", "", 0, 5), row, Passage("paragraph", "", 33, len(text))])
    window = window_document(document, 10, 33)
    assert window.text == text[10:33] and window.doc_id == "d"
    assert [(p.kind, p.start, p.end) for p in window.passages] == [("table_row", 0, 22)]
    assert window.passages[0].cells == ((0, 1), (2, 12), (13, 22))
    assert windows(document, len(text)) == [(0, document)]  # short enough: the document itself


@pytest.fixture(scope="module")
def nlp():
    from resmine.nlp import load_pipeline

    return load_pipeline()


def test_annotating_in_windows_gives_the_rows_of_the_whole_document(nlp):
    from resmine.nlp import annotate

    statements = ["The EGFR T790M mutation confers resistance to gefitinib.",
                  "ALK G1202R confers resistance to lorlatinib.",
                  "BRAF V600E melanoma cells are sensitive to vemurafenib."]
    text = "".join(f"{statements[k % 3]} Cells were grown in medium for {k} days.\n\n" for k in range(12))
    passages, cursor = [], 0
    for paragraph in text.split("\n\n")[:-1]:
        passages.append(Passage("paragraph", "", cursor, cursor + len(paragraph)))
        cursor += len(paragraph) + 2
    document = Document("d", "src", "txt", "", text, passages)
    whole = next(annotate(nlp, [document]))
    parts = list(annotate(nlp, [document], window_chars=300))
    assert len(parts) == 1 and len(windows(document, 300)) >= 4
    windowed = parts[0]
    assert windowed.document is document
    assert [e.evidence_id for e in windowed.evidence] == [e.evidence_id for e in whole.evidence]
    assert len(whole.evidence) >= 12
    assert windowed.evidence == whole.evidence
    assert windowed.mentions == whole.mentions
    assert windowed.sentences == whole.sentences
    for row in windowed.evidence:
        assert text[row.sentence_start:row.sentence_end] == row.sentence
    # the window is the config's [resmine] window_chars unless given
    from resmine.nlp import annotate_windows, load_pipeline

    small = load_pipeline(overrides={"resmine.window_chars": 300})
    assert len(list(annotate_windows(small, [document]))) == len(windows(document, 300))
    assert len(list(annotate_windows(nlp, [document]))) == 1


def test_new_words_of_a_document_are_not_kept_in_the_vocabularies(nlp):
    """Row 3: a million numbered rows were a million lexemes kept for good (spaCy's vocabulary
    and the NER model's); they are read in memory zones now."""
    from resmine.nlp import annotate

    ner_vocab = nlp.get_pipe("resmine_ner").ner_nlp.vocab
    text = "".join(f"row {k} value q{k}x EGFR T790M gefitinib resistance\n" for k in range(3000))
    next(annotate(nlp, [Document("warm", "src", "txt", "", text[:500], [])]))
    before = (len(nlp.vocab.strings), len(ner_vocab.strings))
    annotated = next(annotate(nlp, [Document("d", "src", "txt", "", text, [])]))
    assert len(annotated.mentions) >= 3000 * 3
    assert len(nlp.vocab.strings) - before[0] < 100
    assert len(ner_vocab.strings) - before[1] < 100


def test_long_texts_are_not_among_the_lexicons_cached_answers():
    from resmine.lexicons import load_lexicon
    from resmine.lexicons.lexicon import MATCH_CACHE_MAX_CHARS

    lexicon = load_lexicon(ROOT / "models" / "lexicons")
    text = "EGFR T790M confers resistance to gefitinib. " * (MATCH_CACHE_MAX_CHARS // 40)
    asked = lexicon._recent_matches.cache_info()  # the lexicon is shared: count what changes
    first = lexicon.match(text)
    assert lexicon.match(text) == first and len(first) >= 2 * (MATCH_CACHE_MAX_CHARS // 40)
    assert lexicon._recent_matches.cache_info()[:2] == asked[:2]  # neither a hit nor a miss
    short = text[:200] + "ALK"  # a text no other test asks for
    assert lexicon.match(short) == lexicon.match(short)
    assert lexicon._recent_matches.cache_info()[:2] == (asked.hits + 1, asked.misses + 1)


def test_the_nearest_heading_is_found_by_bisecting_the_headings():
    from resmine.relations import document_view
    from resmine.relations.units import _nearest_heading

    passages = [Passage("title", "", 0, 5), Passage("heading", "", 6, 13), Passage("paragraph", "Methods", 14, 40),
                Passage("heading", "", 41, 48), Passage("paragraph", "Results", 49, 80)]
    document = Document("d", "src", "jats", "Title", "x" * 80, passages)
    view = document_view(document, [(14, 40), (49, 80)], [])
    assert view.title == passages[0] and view.headings == [passages[1], passages[3]]
    found = [_nearest_heading(view, offset) for offset in (0, 6, 7, 14, 41, 42, 79)]
    assert found == [None, None, passages[1], passages[1], passages[1], passages[3], passages[3]]


def test_a_table_rows_caption_and_header_are_looked_up_not_searched():
    from resmine.relations.units import PassageLookup

    text = "Table 1 Resistance\nGene\tDrug\nEGFR\tgefitinib\nTable 1 Resistance\n Gene \t Drug\nALK\tlorlatinib"
    lines, passages, cursor = text.split("\n"), [], 0
    for line in lines:
        passages.append(Passage("table_row" if "\t" in line else "caption", "", cursor, cursor + len(line)))
        cursor += len(line) + 1
    lookup = PassageLookup(Document("d", "src", "jats", "", text, passages))
    alk = passages[5].start
    assert lookup.with_text(" Table 1 Resistance", alk) == passages[3]  # the last one before the row
    assert lookup.with_text("Table 1 Resistance", passages[2].start) == passages[0]
    assert lookup.with_text("Table 1 Resistance", 0) is None
    assert lookup.with_cells(("Gene", "Drug "), alk) == passages[4]  # cells compared stripped
    assert lookup.with_cells(("Gene", "Drug"), passages[4].start) == passages[1]
    assert lookup.with_cells(("Gene",), alk) is None

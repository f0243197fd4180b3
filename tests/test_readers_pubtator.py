"""PubTator reader: three real BC5CDR records, annotation offsets, malformed records, gzip."""

from __future__ import annotations

import gzip
from pathlib import Path

from resmine.model import Document, ReadFailure
from resmine.readers import detect_format, iter_documents, offset_problems
from resmine.readers.pubtator import pubtator_document

FIXTURE = Path(__file__).parent / "fixtures" / "readers" / "bc5cdr_train_first3.PubTator.txt"


def annotations(path: Path) -> list[tuple[str, int, int, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4 and parts[1].isdigit():
            found.append((parts[0], int(parts[1]), int(parts[2]), parts[3]))
    return found


def test_detected_from_content():
    assert detect_format(FIXTURE, FIXTURE.read_bytes()[:4096]) == "pubtator"


def test_reads_three_documents_with_title_and_abstract_passages():
    docs = list(iter_documents([FIXTURE]))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.doc_id for d in docs] == ["227508", "354896", "435349"]
    first = docs[0]
    assert first.format == "pubtator"
    assert first.title == "Naloxone reverses the antihypertensive effect of clonidine."
    assert first.text.startswith(first.title + " In unanesthetized, spontaneously hypertensive")
    title, abstract = first.passages
    assert (title.kind, title.start, title.end) == ("title", 0, len(first.title))
    assert abstract.kind == "abstract" and abstract.start == len(first.title) + 1
    assert abstract.end == len(first.text)
    assert docs[2].title == "Suxamethonium infusion rate and observed fasciculations. " \
        "A dose-response study."
    assert all(offset_problems(d) == [] for d in docs)


def test_annotation_offsets_slice_the_document_text():
    docs = {d.doc_id: d for d in iter_documents([FIXTURE])}
    found = annotations(FIXTURE)
    assert len(found) > 20
    for pmid, start, end, mention in found:
        assert docs[pmid].text[start:end] == mention


def test_empty_abstract_gives_no_abstract_passage():
    doc = pubtator_document("1", "Only a title.", "")
    assert doc.text == "Only a title. "
    assert [p.kind for p in doc.passages] == ["title"]


def test_malformed_record_is_one_failure_and_the_rest_is_read(tmp_path):
    lines = FIXTURE.read_text(encoding="utf-8").split("\n\n")
    broken = "999|a|an abstract without its title line\n999\t0\t2\tan\tChemical\tD1"
    path = tmp_path / "mixed.PubTator.txt"
    path.write_text("\n\n".join([lines[0], broken, lines[1]]) + "\n\n", encoding="utf-8")
    items = list(iter_documents([path]))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert [d.doc_id for d in items if isinstance(d, Document)] == ["227508", "354896"]
    assert len(failures) == 1
    assert failures[0].source == str(path)
    assert failures[0].message.startswith("malformed PubTator record at line ")
    assert "title" in failures[0].message


def test_gzip_is_read_transparently_whatever_the_name(tmp_path):
    path = tmp_path / "records.dat"  # no .gz extension: the magic bytes decide
    path.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    docs = list(iter_documents([path]))
    assert [d.doc_id for d in docs] == ["227508", "354896", "435349"]


def test_documents_are_read_alike_whether_their_annotations_are_kept_or_not(tmp_path):
    from resmine.readers.pubtator import read_pubtator, read_pubtator_annotated

    records = FIXTURE.read_text(encoding="utf-8").split("\n\n")
    # a line that is neither text nor annotation fails its record either way
    broken = records[1].replace("\n354896\t", "\nnot an annotation\n354896\t", 1)
    path = tmp_path / "mixed.PubTator.txt"
    path.write_text("\n\n".join([records[0], broken, records[2]]) + "\n\n", encoding="utf-8")
    kept = [item if isinstance(item, ReadFailure) else item[0] for item in read_pubtator_annotated(path)]
    assert list(read_pubtator(path)) == kept
    assert [type(item) for item in kept] == [Document, ReadFailure, Document]
    assert "not a PubTator line" in kept[1].message
    unkept = [item for item in read_pubtator_annotated(path, keep_annotations=False) if not isinstance(item, ReadFailure)]
    assert [annotations for _, annotations in unkept] == [[], []]

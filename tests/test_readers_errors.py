"""Bad inputs: each yields exactly one ReadFailure naming the file, and reading goes on."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from resmine.model import Deletion, Document, ReadFailure
from resmine.readers import detect_format, iter_documents

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
UPDATE_GZ = FIXTURES / "pubmed_updatefile_sample_with_deletecitation.xml.gz"
PUBTATOR = FIXTURES / "bc5cdr_train_first3.PubTator.txt"


def failures(items: list) -> list[ReadFailure]:
    return [i for i in items if isinstance(i, ReadFailure)]


def only_failure(path: Path) -> ReadFailure:
    items = list(iter_documents([path]))
    assert len(items) == 1 and isinstance(items[0], ReadFailure), items
    assert items[0].source == str(path)
    assert "\n" not in items[0].message
    return items[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"  \n\n\t \n", "empty file"),
        (b"Hello world\xff more text", "not valid UTF-8 (byte 0xff at offset 11)"),
        ("\ufeffUTF-16 text".encode("utf-16"), "UTF-16 text is not supported"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unrecognised format (binary data"),
        (
            b'<?xml version="1.0"?>\n<eSearchResult><Count>0</Count></eSearchResult>',
            "unrecognised format: XML root <eSearchResult>",
        ),
        (b"\x1f\x8b\x08\x00garbage-not-deflate", "corrupt gzip"),
    ],
)
def test_bad_content_gives_one_clear_failure(tmp_path, content, expected):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert only_failure(path).message.startswith(expected)


def test_malformed_xml_names_the_parser_error_and_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>\n'
        "<PMID>1</PMID>\n</PubmedArticle>\n</PubmedArticleSet>\n",
        encoding="utf-8",
    )
    message = only_failure(path).message
    assert message.startswith("malformed XML: Opening and ending tag mismatch")
    assert message.endswith("(line 5, column 17)")
    assert message.count("line 5") == 1


def test_xml_extension_on_plain_text_is_not_read_as_text(tmp_path):
    path = tmp_path / "notes.xml"
    path.write_text("just some words\n", encoding="utf-8")
    assert only_failure(path).message.startswith("unrecognised format: .xml file")


def test_truncated_gzip_at_the_start(tmp_path):
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(UPDATE_GZ.read_bytes()[:40])
    assert only_failure(path).message.startswith("truncated gzip")


def test_truncated_gzip_midway_keeps_what_was_read_and_says_so(tmp_path):
    data = UPDATE_GZ.read_bytes()
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_documents([path]))
    (failure,) = failures(items)
    docs = [i for i in items if isinstance(i, Document)]
    assert 0 < len(docs) < 20
    assert items[-1] is failure and failure.source == str(path)
    assert failure.message.startswith("truncated gzip")
    assert failure.message.endswith(f"after {len(docs)} records")


def test_missing_path_is_a_failure_not_an_exception(tmp_path):
    path = tmp_path / "nope.txt"
    assert list(iter_documents([path])) == [ReadFailure(str(path), "no such file or directory")]


def test_directory_with_one_broken_file_among_good_ones(tmp_path):
    (tmp_path / "a_review.txt").write_text("A Title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "b_broken.xml").write_text("<PubmedArticleSet><PubmedArticle>", encoding="utf-8")
    shutil.copy(PUBTATOR, tmp_path / "c_records.PubTator.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d_update.xml.gz").write_bytes(UPDATE_GZ.read_bytes())
    (tmp_path / ".hidden.txt").write_text("skipped\n", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "e.txt").write_text("skipped too\n", encoding="utf-8")

    items = list(iter_documents([tmp_path]))
    (failure,) = failures(items)
    assert failure.source == str(tmp_path / "b_broken.xml")
    assert failure.message.startswith("malformed XML:")
    docs = [i for i in items if isinstance(i, Document)]
    # Sorted order: a_review, (b_broken), c_records x3, sub/d_update x20 (+ 20 deletions).
    assert [d.doc_id for d in docs[:4]] == ["a_review", "227508", "354896", "435349"]
    assert len(docs) == 1 + 3 + 20
    assert sum(isinstance(i, Deletion) for i in items) == 20
    assert items.index(failure) == 1
    assert all(".hidden" not in d.source and ".cache" not in d.source for d in docs)


def test_detect_format_from_heads():
    path = Path("x")
    assert detect_format(path, b"12345|t|A title\n12345|a|An abstract\n") == "pubtator"
    assert detect_format(path, b"\n\n12345|a|abstract first\n") == "pubtator"
    assert detect_format(path, b"Plain words, 12345|t| later\n") == "txt"
    pubmed_head = (
        b'<?xml version="1.0"?>\n<!-- a comment <article> -->\n'
        b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">\n'
        b"<PubmedArticleSet>"
    )
    assert detect_format(path, pubmed_head) == "pubmed"
    assert detect_format(path, gzip.compress(pubmed_head)) == "pubmed"
    assert detect_format(path, b"<article xmlns:mml='m'><front>") == "jats"
    assert detect_format(path, b"\xef\xbb\xbf<pmc-articleset><article>") == "jats"
    assert detect_format(path, b"<collection><source>BioC</source>") is None
    assert detect_format(path, b"") is None
    assert detect_format(Path("a.nxml"), b"not xml at all") is None

"""PubTator: records of ``PMID|t|title`` and ``PMID|a|abstract`` lines followed by annotation
lines (tab-separated), records separated by blank lines, many per file.

``Document.text`` is ``title + " " + abstract`` — the text PubTator annotation offsets count
in, so they stay valid — with a ``title`` passage (0, len(title)) and an ``abstract`` passage
after the space (none when the abstract is empty). doc_id = PMID.

``read_pubtator`` yields Documents only; ``read_pubtator_annotated`` also yields each record's
mention annotations (``PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>ids]``, offsets into
``Document.text``), which is how the evaluation and training corpora are read. Relation lines
(``PMID<TAB>type<TAB>id<TAB>id``) are skipped.

The file is read line by line. A malformed record (no title line, a PMID that changes inside
the record, a line that is neither text nor annotation) is reported as a ``ReadFailure`` naming
its line, and reading goes on with the next record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from resmine.model import Document, Passage, PassageKind, ReadFailure
from resmine.readers._source import (
    DEFAULT_MAX_CHARS, UTF8_MAX_BYTES, ReaderError, describe_utf8_error, open_binary,
    too_long_message,
)

_TEXT_LINE = re.compile(r"^(\d+)\|([ta])\|(.*)$", re.DOTALL)
_ANNOTATION_LINE = re.compile(r"^(\d+)\t")


@dataclass(frozen=True)
class Annotation:
    start: int
    end: int
    text: str
    type: str  # "Chemical", "GeneOrGeneProduct", ...
    ids: str  # 6th column as written: "5594", "673;1956", "-", ""
    extra: tuple[str, ...] = ()  # any further columns (tmVar writes a normal form there)


@dataclass
class _Record:
    first_line: int
    pmid: str = ""
    title: str | None = None
    abstract: str | None = None
    annotations: list[Annotation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_pubtator(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document | ReadFailure]:
    """Yield the documents of one PubTator file (and a ReadFailure per malformed record); a
    line longer than ``max_chars`` characters' worth of bytes is a ReaderError."""
    # the annotation lines are checked, not kept: a document's reader has no use for them
    for item in read_pubtator_annotated(path, max_chars, keep_annotations=False):
        yield item if isinstance(item, ReadFailure) else item[0]


def read_pubtator_annotated(
    path: Path, max_chars: int = DEFAULT_MAX_CHARS, keep_annotations: bool = True,
) -> Iterator[tuple[Document, list[Annotation]] | ReadFailure]:
    """Like :func:`read_pubtator`, with each document's mention annotations (none kept with
    ``keep_annotations=False``: the lines are still told apart from malformed ones)."""
    source = str(path)
    record: _Record | None = None
    offset = 0
    with open_binary(path) as stream:
        max_line = max_chars * UTF8_MAX_BYTES
        for number, raw in enumerate(iter(lambda: stream.readline(max_line + 1), b""), start=1):
            if len(raw) > max_line:
                raise ReaderError(f"line {number}: {too_long_message(max_chars)}")
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise ReaderError(f"line {number}: {describe_utf8_error(error, offset)}") from None
            offset += len(raw)
            if not line.strip():
                if record is not None:
                    yield _finish(record, source)
                record = None
                continue
            if record is None:
                record = _Record(number)
            _add_line(record, line, number, keep_annotations)
    if record is not None:
        yield _finish(record, source)


def _add_line(record: _Record, line: str, number: int, keep_annotations: bool = True) -> None:
    text_line = _TEXT_LINE.match(line)
    if text_line:
        pmid, part, content = text_line.groups()
        if record.pmid and pmid != record.pmid:
            record.problems.append(f"line {number}: PMID {pmid} inside record {record.pmid}")
        record.pmid = record.pmid or pmid
        if part == "t":
            record.title = content
        else:
            record.abstract = content
    elif _ANNOTATION_LINE.match(line):
        if not keep_annotations:
            return
        cells = line.split("\t")
        if len(cells) >= 5 and cells[1].isdigit() and cells[2].isdigit():
            ids = cells[5] if len(cells) > 5 else ""
            record.annotations.append(
                Annotation(int(cells[1]), int(cells[2]), cells[3], cells[4], ids, tuple(cells[6:]))
            )
    else:
        record.problems.append(f"line {number}: not a PubTator line: {line[:40]!r}")


def _finish(record: _Record, source: str) -> tuple[Document, list[Annotation]] | ReadFailure:
    if record.title is None and not record.problems:
        record.problems.append(f"line {record.first_line}: record without a '|t|' title line")
    if record.problems:
        return ReadFailure(source, f"malformed PubTator record at {record.problems[0]}")
    document = pubtator_document(record.pmid, record.title or "", record.abstract or "", source)
    return document, record.annotations


def pubtator_document(pmid: str, title: str, abstract: str, source: str = "") -> Document:
    """Build the Document of one PubTator record (pure function)."""
    text = f"{title} {abstract}"
    passages = [Passage(PassageKind.TITLE, "", 0, len(title))] if title else []
    if abstract:
        passages.append(Passage(PassageKind.ABSTRACT, "", len(title) + 1, len(text)))
    return Document(pmid, source, "pubtator", title, text, passages)

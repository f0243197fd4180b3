"""Readers: turn input files into ``Document`` objects (and ``Deletion``/``ReadFailure``).

Public API::

    detect_format(path, head) -> "txt" | "pubtator" | "pubmed" | "jats" | None
    iter_documents(paths) -> Iterator[Document | Deletion | ReadFailure]
    offset_problems(document) -> list[str]   # the offset invariants, for tests and sanity checks

``iter_documents`` takes files and directories. A directory is walked recursively in sorted
order, skipping hidden files and folders (names starting with "."); a path named explicitly
is always read. gzip is recognised by its magic bytes, whatever the extension. The format is
detected from the content (:mod:`resmine.readers.detect`).

It never raises for bad input: a file that cannot be read yields one
``ReadFailure(source=str(path), message=...)`` whose message is one line ("empty file",
"not valid UTF-8 (byte 0xff at offset 12)", "malformed XML: ... (line N)", "truncated gzip
...", "unrecognised format ..."), and the next file is read. Multi-record files are streamed,
so records read before a late error (a truncated ``.xml.gz``) have already been yielded; the
failure message then says how many ("after 6 records").

Formats and their passage rules: :mod:`~resmine.readers.txt`,
:mod:`~resmine.readers.pubtator`, :mod:`~resmine.readers.pubmed`,
:mod:`~resmine.readers.jats`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from resmine.model import Deletion, Document, ReadFailure
from resmine.readers._source import failure_message, read_head
from resmine.readers.detect import detect_format, sniff
from resmine.readers.jats import read_jats
from resmine.readers.pubmed import read_pubmed
from resmine.readers.pubtator import read_pubtator
from resmine.readers.txt import read_txt

__all__ = ["detect_format", "iter_documents", "iter_files", "offset_problems"]

Item = Document | Deletion | ReadFailure

READERS: dict[str, Callable[[Path], Iterable[Item]]] = {
    "txt": read_txt,
    "pubtator": read_pubtator,
    "pubmed": read_pubmed,
    "jats": read_jats,
}


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadFailure]:
    """Expand ``paths`` into the files to read, in order; a missing path is a ReadFailure."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            ]
            yield from sorted(found, key=lambda p: p.relative_to(path).parts)
        elif path.exists():
            yield path
        else:
            yield ReadFailure(str(path), "no such file or directory")


def read_file(path: Path) -> Iterator[Item]:
    """Read one file, turning every error into a single trailing ReadFailure."""
    records = 0
    try:
        fmt, reason = sniff(path, read_head(path))
        if fmt is None:
            yield ReadFailure(str(path), reason)
            return
        for item in READERS[fmt](path):
            if not isinstance(item, ReadFailure):
                records += 1
            yield item
    except Exception as error:  # noqa: BLE001 - the contract is: never raise for bad input
        message = failure_message(error)
        if records:
            message += f" after {records} records"
        yield ReadFailure(str(path), message)


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Read every file under ``paths`` (files or directories), in order.

    Yields a ``Document`` per document, a ``Deletion`` per PubMed ``<DeleteCitation>`` PMID,
    and a ``ReadFailure`` per input that could not be read (never raises for bad input).
    """
    for entry in iter_files(paths):
        if isinstance(entry, ReadFailure):
            yield entry
        else:
            yield from read_file(entry)


def offset_problems(document: Document) -> list[str]:
    """Violations of the offset invariants of a Document (empty list when it is sound).

    Every passage lies inside ``text``, passages are in order and do not overlap, and cells
    lie inside their row (rows may be ragged: a row and its header can differ in length). For
    the joined formats (pubmed, jats) ``text`` is exactly the passage texts joined by "\\n".
    """
    problems = []
    previous_end = 0
    for number, passage in enumerate(document.passages):
        where = f"passage {number} ({passage.kind})"
        if not 0 <= passage.start <= passage.end <= len(document.text):
            problems.append(f"{where}: span {passage.start}-{passage.end} outside the text")
        if passage.start < previous_end:
            problems.append(f"{where}: starts before the previous passage ends")
        previous_end = passage.end
        for start, end in passage.cells:
            if not passage.start <= start <= end <= passage.end:
                problems.append(f"{where}: cell {start}-{end} outside its row")
    if document.format in ("pubmed", "jats"):
        joined = "\n".join(document.text[p.start : p.end] for p in document.passages)
        if joined != document.text:
            problems.append("text is not the passages joined by newlines")
    return problems

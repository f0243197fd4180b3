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

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from resmine.model import Deletion, Document, ReadFailure
from resmine.readers._source import (
    DEFAULT_MAX_CHARS, failure_message, printable, read_head, too_long_message,
)
from resmine.readers.detect import detect_format, sniff
from resmine.readers.jats import read_jats
from resmine.readers.pubmed import read_pubmed
from resmine.readers.pubtator import read_pubtator
from resmine.readers.txt import read_txt

__all__ = [
    "DEFAULT_MAX_CHARS", "detect_format", "iter_documents", "iter_files", "offset_problems", "printable",
    "too_long_message",
]

Item = Document | Deletion | ReadFailure

READERS: dict[str, Callable[[Path, int], Iterable[Item]]] = {
    "txt": read_txt,
    "pubtator": read_pubtator,
    "pubmed": read_pubmed,
    "jats": read_jats,
}


def _is_excluded(path: Path, excluded: tuple[Path, ...]) -> bool:
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in excluded)


def _walk(folder: Path, excluded: tuple[Path, ...]) -> Iterator[Path | ReadFailure]:
    """The files under ``folder`` in sorted order, hidden names and ``excluded`` folders
    skipped; symlinked folders are not descended (symlinked files are read). A subfolder that
    cannot be listed, and a name that is not a regular file (a FIFO, socket or device, a broken
    symlink), is a ReadFailure in its place."""
    unreadable: list[OSError] = []
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        here = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _is_excluded(here / d, excluded)]
        found.extend(here / name for name in files if not name.startswith("."))
    for error in unreadable:
        yield ReadFailure(printable(str(error.filename)), f"cannot read folder: {error.strerror or error}")
    for path in sorted(found, key=lambda p: p.relative_to(folder).parts):
        yield path if path.is_file() else _not_a_file(path)


def _not_a_file(path: Path) -> ReadFailure:
    """Why ``path``, which is not a folder nor a regular file, is not read."""
    if path.exists():
        return ReadFailure(printable(str(path)), "not a regular file (a FIFO, socket or device)")
    if path.is_symlink():
        return ReadFailure(printable(str(path)), "broken symbolic link")
    return ReadFailure(printable(str(path)), "no such file or directory")


def iter_files(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> Iterator[Path | ReadFailure]:
    """Expand ``paths`` into the regular files to read, in order; a missing path, a FIFO or
    device, and an unreadable subfolder are each a ReadFailure. Nothing under ``exclude``
    (the output folder) is read."""
    excluded = tuple(Path(folder).resolve() for folder in exclude)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, excluded)
        elif path.is_file():
            yield path
        else:
            yield _not_a_file(path)


def document_problem(document: Document, max_chars: int) -> str:
    """Why a Document read whole must not reach the pipeline ("" when it may)."""
    if len(document.text) > max_chars:
        return too_long_message(max_chars)
    nul = document.text.find("\x00")
    if nul >= 0:
        return f"binary data: NUL character at offset {nul}"
    return ""


def read_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Read one file, turning every error into a single trailing ReadFailure; a document over
    ``max_chars`` characters or holding a NUL character is a ReadFailure of its own."""
    records = 0
    source = printable(str(path))
    try:
        fmt, reason = sniff(path, read_head(path))
        if fmt is None:
            yield ReadFailure(source, reason)
            return
        for item in READERS[fmt](path, max_chars):
            if isinstance(item, Document) and (problem := document_problem(item, max_chars)):
                yield ReadFailure(source, f"{item.doc_id}: {problem}")
                continue
            if not isinstance(item, ReadFailure):
                records += 1
            yield item
    except Exception as error:  # noqa: BLE001 - the contract is: never raise for bad input
        message = failure_message(error)
        if records:
            message += f" after {records} records"
        yield ReadFailure(source, message)


def iter_documents(
    paths: Iterable[str | Path], max_chars: int = DEFAULT_MAX_CHARS, exclude: Iterable[Path] = (),
) -> Iterator[Item]:
    """Read every file under ``paths`` (files or directories), in order, nothing under
    ``exclude``.

    Yields a ``Document`` per document, a ``Deletion`` per PubMed ``<DeleteCitation>`` PMID,
    and a ``ReadFailure`` per input that could not be read (never raises for bad input).
    """
    for entry in iter_files(paths, exclude):
        if isinstance(entry, ReadFailure):
            yield entry
        else:
            yield from read_file(entry, max_chars)


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

"""Opening inputs: transparent gzip (by magic bytes), the head used for sniffing, and the
one-line messages a failed read is reported with.

Readers raise; :func:`resmine.readers.iter_documents` turns every exception into a
``ReadFailure`` through :func:`failure_message`, so the wording of failures lives in one place.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
HEAD_SIZE = 16 * 1024  # enough for an XML declaration, a DOCTYPE and the root start tag
# Characters per document, checked before NLP (`--max-chars`): far above any real article (a
# long PMC review is ~300 k), far below what would exhaust memory.
DEFAULT_MAX_CHARS = 5_000_000
# A UTF-8 character is at most 4 bytes: reading this many bytes is enough to tell.
UTF8_MAX_BYTES = 4
# XML records also hold markup: a record may take this many times its text's bytes.
XML_MARKUP_FACTOR = 2
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_XML_POSITION = re.compile(r",?\s*line \d+, column \d+\s*$")


class ReaderError(Exception):
    """A problem with the input itself; ``str(error)`` is the one-line message to report."""


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as raw:
        return raw.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing it if it starts with the gzip magic.

    The extension is not trusted: a ``.gz`` name on plain text and a gzip stream without the
    extension are both read correctly.
    """
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_head(path: Path, size: int = HEAD_SIZE) -> bytes:
    """The first ``size`` bytes of the (decompressed) content."""
    with open_binary(path) as stream:
        return stream.read(size)


def read_bounded(stream: BinaryIO, max_chars: int) -> bytes:
    """All of ``stream``, or ReaderError as soon as it holds more than ``max_chars`` characters'
    worth of bytes (a gzip bomb is never inflated further than that)."""
    data = stream.read(max_chars * UTF8_MAX_BYTES + 1)
    if len(data) > max_chars * UTF8_MAX_BYTES:
        raise ReaderError(too_long_message(max_chars))
    return data


class RecordBoundedStream:
    """A binary stream that raises ReaderError once more than ``max_bytes`` have been read since
    the last :meth:`next_record` (the XML readers call it after each record): one huge record
    is refused while it is being inflated, however many records the file holds."""

    def __init__(self, stream: BinaryIO, max_chars: int):
        self.stream = stream
        self.max_chars = max_chars
        self.max_bytes = max_chars * UTF8_MAX_BYTES * XML_MARKUP_FACTOR
        self.since_record = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.since_record += len(data)
        if self.since_record > self.max_bytes:
            raise ReaderError(too_long_message(self.max_chars))
        return data

    def next_record(self) -> None:
        self.since_record = 0


def too_long_message(max_chars: int) -> str:
    return f"document too long: more than {max_chars:,} characters (the limit; see --max-chars)"


def printable(text: str) -> str:
    """``text`` with control characters (newline, tab, terminal escapes) written as ``\\xNN``,
    for file names in messages, text outputs and doc_ids."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def logical_name(path: Path) -> str:
    """The file name without a trailing ``.gz`` ("a.xml.gz" -> "a.xml")."""
    name = path.name
    return name[:-3] if name.lower().endswith(".gz") and len(name) > 3 else name


def logical_stem(path: Path) -> str:
    """The stem used as doc_id for single-document files ("x.txt.gz" -> "x"), control
    characters escaped (:func:`printable`)."""
    return printable(Path(logical_name(path)).stem)


def describe_utf8_error(error: UnicodeDecodeError, base_offset: int = 0) -> str:
    bad = error.object[error.start : error.start + 1]
    byte = f"0x{bad[0]:02x}" if bad else "?"
    return f"not valid UTF-8 (byte {byte} at offset {base_offset + error.start})"


def failure_message(error: BaseException) -> str:
    """One line naming what is wrong with an input, for ``ReadFailure.message``."""
    # Imported here so that this module stays importable without lxml for the txt path.
    from lxml import etree

    if isinstance(error, ReaderError):
        message = str(error)
    elif isinstance(error, EOFError):
        # gzip raises EOFError when the stream stops before its end-of-stream marker.
        message = "truncated gzip (compressed data ends before the end-of-stream marker)"
    elif isinstance(error, (gzip.BadGzipFile, zlib.error)):
        message = f"corrupt gzip: {error}"
    elif isinstance(error, etree.XMLSyntaxError):
        # libxml2 often ends its message with ", line N, column M": say it once, at the end.
        text = _XML_POSITION.sub("", (error.msg or str(error)).strip())
        line, column = error.position if error.position else (error.lineno, 0)
        where = f"line {line}, column {column}" if column else f"line {line}"
        message = f"malformed XML: {text} ({where})"
    elif isinstance(error, UnicodeDecodeError):
        message = describe_utf8_error(error)
    elif isinstance(error, IsADirectoryError):
        message = "is a directory"
    elif isinstance(error, FileNotFoundError):
        message = "no such file or directory"
    elif isinstance(error, PermissionError):
        message = "permission denied"
    elif isinstance(error, OSError):
        message = f"cannot read file: {error.strerror or error}"
    else:
        message = f"unexpected {type(error).__name__}: {error}"
    # ReadFailure promises a single line.
    return " ".join(message.split())

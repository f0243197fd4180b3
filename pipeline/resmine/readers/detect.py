"""Format detection from the first bytes of a file's content (the extension only breaks ties).

Rules, in order:

1. gzip magic: the head is decompressed (as far as it goes) and sniffed as below;
2. nothing but whitespace: no format ("empty file");
3. NUL bytes or a UTF-16 byte-order mark: no format (binary data is not a text format);
4. starts with ``<`` (after an optional BOM and whitespace): XML, classified by its root
   element — ``PubmedArticleSet`` (or a bare ``PubmedArticle``) -> ``pubmed``; ``article`` or
   ``pmc-articleset`` -> ``jats``; any other root -> no format;
5. first non-empty line matches ``^\\d+\\|[ta]\\|`` -> ``pubtator``;
6. a ``.xml``/``.nxml`` name whose content is not XML, or a ``.json`` name on JSON content ->
   no format;
7. anything else -> ``txt`` (UTF-8 validity is checked by the txt reader, which can say where
   the first bad byte is).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from resmine.readers._source import GZIP_MAGIC, logical_name

XML_ROOTS = {
    "PubmedArticleSet": "pubmed",
    "PubmedArticle": "pubmed",
    "article": "jats",
    "pmc-articleset": "jats",
}

_PUBTATOR_LINE = re.compile(rb"^\d+\|[ta]\|")
_XML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# The first start tag: "<" directly followed by a name (declarations "<?", "<!" never match).
_START_TAG = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def detect_format(path: Path, head: bytes) -> str | None:
    """Name the format of a file from its first bytes: "txt", "pubtator", "pubmed", "jats", or
    None when the content is empty or not one of these. ``head`` may be raw gzip bytes."""
    return sniff(path, head)[0]


def sniff(path: Path, head: bytes) -> tuple[str | None, str]:
    """Like :func:`detect_format`, also returning why there is no format (else "")."""
    if head[:2] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error as error:
            return None, f"corrupt gzip: {error}"
    if not head.strip():
        return None, "empty file"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, "UTF-16 text is not supported (convert the file to UTF-8)"
    if b"\x00" in head:
        return None, "unrecognised format (binary data: NUL bytes in the first bytes)"

    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        root = xml_root(text)
        if root in XML_ROOTS:
            return XML_ROOTS[root], ""
        if root:
            return None, (
                f"unrecognised format: XML root <{root}> "
                "(expected PubmedArticleSet, article or pmc-articleset)"
            )
        return None, "unrecognised format: starts with '<' but no XML root element was found"

    first_line = next((line for line in head.splitlines() if line.strip()), b"")
    if _PUBTATOR_LINE.match(first_line.lstrip(b"\xef\xbb\xbf")):
        return "pubtator", ""
    suffix = Path(logical_name(path)).suffix.lower()
    if suffix in (".xml", ".nxml"):
        return None, f"unrecognised format: {suffix} file does not start with XML markup"
    if suffix == ".json" and text[:1] in ("{", "["):
        return None, "unrecognised format: JSON (not a document format)"
    return "txt", ""


def xml_root(text: str) -> str | None:
    """Local name of the first element in an XML head, skipping the declaration, comments,
    processing instructions and the DOCTYPE (including an internal subset)."""
    text = _XML_COMMENT.sub("", text)
    match = _START_TAG.search(text)
    return match.group(2) if match else None

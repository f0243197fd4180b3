"""Fuzzing the readers and the mutation grammar with hypothesis (issue 21).

The readers must never raise on any bytes: every input gives Documents whose offsets hold, or
one-line ReadFailures. ``extract_mutations`` must return sorted, non-overlapping matches whose
text is the slice of the input. The default run is bounded for CI (a few seconds); the same
properties run longer under ``pytest -m slow``.
"""

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resmine.model import Document, ReadFailure
from resmine.mutations import extract_mutations
from resmine.readers import iter_documents, offset_problems

QUICK = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = ["PubmedArticleSet", "PubmedArticle", "MedlineCitation", "PMID", "Article", "ArticleTitle",
        "Abstract", "AbstractText", "article", "front", "body", "sec", "p", "title", "table-wrap",
        "table", "tr", "td", "th", "caption", "DeleteCitation", "pmc-articleset", "article-meta"]
WORDS = ["EGFR", "T790M", "V600E", "BRAF", "gefitinib", "resistance", "&amp;", "&lt;", "&#0;",
         "&undefined;", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", " ", "\n", "é", "\u2028"]


@st.composite
def xml_texts(draw) -> bytes:
    """Random, mostly well-formed XML over the tags the readers look for."""
    def element(depth: int) -> str:
        tag = draw(st.sampled_from(TAGS))
        if depth > 4 or draw(st.booleans()):
            body = "".join(draw(st.lists(st.sampled_from(WORDS), max_size=6)))
        else:
            body = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 3))))
        close = "" if draw(st.integers(0, 20)) == 0 else f"</{tag}>"  # sometimes broken
        return f"<{tag}>{body}{close}"

    prolog = draw(st.sampled_from(["", '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY e "EGFR">]>']))
    return (prolog + element(0)).encode("utf-8")


@st.composite
def pubtator_texts(draw) -> bytes:
    """Random PubTator records: title and abstract lines, annotation lines, some malformed."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        pmid = draw(st.integers(0, 10**9))
        title = draw(st.text(max_size=40))
        abstract = draw(st.text(max_size=80))
        lines += [f"{pmid}|t|{title}", f"{pmid}|a|{abstract}"]
        for _ in range(draw(st.integers(0, 3))):
            start, end = draw(st.integers(-2, 130)), draw(st.integers(-2, 130))
            lines.append(f"{pmid}\t{start}\t{end}\t{draw(st.text(max_size=8))}\tGene\t{draw(st.text(max_size=5))}")
        lines.append("")
    return "\n".join(lines).replace("\r", "").encode("utf-8", errors="surrogatepass")


def check_reader(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for item in iter_documents([path], max_chars=10_000):
            if isinstance(item, ReadFailure):
                assert item.message and "\n" not in item.message
            elif isinstance(item, Document):
                assert offset_problems(item) == []
                assert "\x00" not in item.text and len(item.text) <= 10_000


def check_mutations(text: str) -> None:
    previous_end = 0
    for match in extract_mutations(text):
        assert previous_end <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text
        previous_end = match.end


NAMES = st.sampled_from(["a.txt", "a.xml", "a.nxml", "a", "a.gz", "a.PubTator.txt"])
MUTATION_TEXT = st.text(alphabet=st.sampled_from(list("ACDEFGHIKLMNPQRSTVWYpc.>_+-0123456789 delinsfs*()")), max_size=60) | st.text(max_size=60)


def _raw_bytes(data: bytes, name: str, compress: bool) -> None:
    check_reader(gzip.compress(data) if compress else data, name)


@QUICK
@given(st.binary(max_size=2000), NAMES, st.booleans())
def test_readers_never_raise_on_random_bytes(data, name, compress):
    _raw_bytes(data, name, compress)


@QUICK
@given(xml_texts(), st.sampled_from(["a.xml", "a.nxml", "a"]), st.booleans())
def test_readers_never_raise_on_random_xml(data, name, compress):
    _raw_bytes(data, name, compress)


@QUICK
@given(pubtator_texts(), st.booleans())
def test_readers_never_raise_on_random_pubtator(data, compress):
    _raw_bytes(data, "a.PubTator.txt", compress)


@QUICK
@given(MUTATION_TEXT)
def test_extract_mutations_on_random_text(text):
    check_mutations(text)


@pytest.mark.slow
@LONG
@given(st.binary(max_size=20000), NAMES, st.booleans())
def test_slow_readers_on_random_bytes(data, name, compress):
    _raw_bytes(data, name, compress)


@pytest.mark.slow
@LONG
@given(xml_texts(), st.sampled_from(["a.xml", "a.nxml", "a"]), st.booleans())
def test_slow_readers_on_random_xml(data, name, compress):
    _raw_bytes(data, name, compress)


@pytest.mark.slow
@LONG
@given(pubtator_texts(), st.booleans())
def test_slow_readers_on_random_pubtator(data, compress):
    _raw_bytes(data, "a.PubTator.txt", compress)


@pytest.mark.slow
@LONG
@given(MUTATION_TEXT)
def test_slow_extract_mutations_on_random_text(text):
    check_mutations(text)

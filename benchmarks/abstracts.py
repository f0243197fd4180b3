"""The benchmark texts shared by bench_lexicons.py and bench_ner.py: every title + abstract of
BC5CDR (train + dev) and BioRED (train + dev), read with resmine's PubTator reader."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from resmine.model import Document
from resmine.paths import shared_dir


# Title + abstract PubTator files of the shared corpora, under <shared>/data/corpora: the texts
# of bench_mutations.py, throughput.py and end_to_end.py.
PUBTATOR_FILES = (
    "bc5cdr/CDR_TrainingSet.PubTator.txt",
    "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
    "biored/Train.PubTator",
    "biored/Dev.PubTator",
    "mutations/tmvar1/train.PubTator.txt",
    "nlmgene/NLMgene_Train.PubTator",
)


def default_corpora() -> Path:
    return shared_dir() / "data" / "corpora"


def benchmark_documents(corpora: Path | None = None) -> tuple[list[Path], list[Document]]:
    """(files read, their documents); raises FileNotFoundError naming the folder if none."""
    from resmine.readers.pubtator import read_pubtator

    corpora = corpora or default_corpora()
    files = sorted((corpora / "bc5cdr").glob("*.PubTator.txt")) + sorted((corpora / "biored").glob("*.PubTator"))
    if not files:
        raise FileNotFoundError(f"{corpora}: no PubTator files found (bc5cdr/*.PubTator.txt, biored/*.PubTator)")
    return files, [doc for path in files for doc in read_pubtator(path) if isinstance(doc, Document)]


def benchmark_parser(doc: str, repeat: int) -> argparse.ArgumentParser:
    """The options every benchmark has: --repeat (best pass reported) and --corpora."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=repeat, help="passes over the texts (best is reported)")
    parser.add_argument("--corpora", type=Path, default=None, help="default: <shared>/data/corpora")
    return parser


def documents_or_exit(corpora: Path | None) -> tuple[list[Path], list[Document]]:
    """:func:`benchmark_documents`, or one error line and exit status 1."""
    try:
        return benchmark_documents(corpora)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None

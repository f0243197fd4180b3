"""CIViCmine's annotated training sentences (``corpora/civicmine/training.tar.gz``) as relation
training data: each sentence with its *Predictive* (gene, drug) relations and the variants
its *AssociatedVariant* relations tie to each gene.

CIViCmine says that a sentence relates a gene (and through AssociatedVariant, a variant) to a
drug's effect in a cancer, not which effect: the direction is read from the sentence's own
effect cue when the candidate is aligned (:func:`resmine.tools.relations.train.civicmine_examples`).
The file is read at training time only; nothing from it is consulted at run time."""

from __future__ import annotations

import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

from resmine.model import Document, Passage, PassageKind

CIVICMINE_FILE = Path("corpora") / "civicmine" / "training.tar.gz"
PREDICTIVE, ASSOCIATED_VARIANT = "Predictive", "AssociatedVariant"

Span = tuple[int, int]


class CivicmineError(Exception):
    """The CIViCmine archive cannot be read."""


@dataclass(frozen=True)
class MinedSentence:
    doc_id: str  # the sentence's file name stem, e.g. "1.00000001"
    pmid: str  # "" when the archive gives none
    text: str
    predictive: tuple[tuple[Span, Span], ...]  # (drug span, gene span)
    variants: dict[Span, tuple[Span, ...]]  # gene span -> its variants' spans

    def document(self) -> Document:
        return Document(f"civicmine:{self.doc_id}", "civicmine", "text", "", self.text,
                        [Passage(PassageKind.PARAGRAPH, "", 0, len(self.text))])


def read_civicmine(path: Path) -> list[MinedSentence]:
    """Every sentence of the archive that has at least one Predictive relation with a drug."""
    if not path.is_file():
        raise CivicmineError(f"{path}: CIViCmine archive not found")
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            out = []
            for name in sorted(n for n in members if n.endswith(".json")):
                stem = name[:-len(".json")]
                relations = members.get(stem + ".a2")
                if relations is None:
                    continue
                record = json.loads(_read(archive, members[name]))
                sentence = _sentence(stem.rsplit("/", 1)[-1], record, _read(archive, relations))
                if sentence is not None:
                    out.append(sentence)
            return out
    except (tarfile.TarError, OSError, ValueError, KeyError) as error:
        raise CivicmineError(f"{path}: unreadable CIViCmine archive ({error})") from error


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    handle = archive.extractfile(member)
    if handle is None:
        raise CivicmineError(f"{member.name}: not a file")
    return handle.read().decode("utf-8")


def _sentence(stem: str, record: dict, relations: str) -> MinedSentence | None:
    entities = {key: (int(e["start"]), int(e["end"])) for key, e in record["entities"].items()}
    predictive: list[tuple[Span, Span]] = []
    variants: dict[Span, list[Span]] = {}
    for line in relations.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        kind, *arguments = fields[1].split()
        roles = dict(argument.split(":", 1) for argument in arguments)
        if kind == PREDICTIVE and "drug" in roles and "gene" in roles:
            predictive.append((entities[roles["drug"]], entities[roles["gene"]]))
        elif kind == ASSOCIATED_VARIANT and "gene" in roles and "variant" in roles:
            variants.setdefault(entities[roles["gene"]], []).append(entities[roles["variant"]])
    if not predictive:
        return None
    pmid = record.get("pmid")
    return MinedSentence(stem, "" if pmid in (None, "None") else str(pmid), record["text"], tuple(predictive),
                         {gene: tuple(spans) for gene, spans in variants.items()})

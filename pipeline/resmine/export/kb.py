"""Knowledge-base exports from the evidence store (schemas in outputs/README.md).

* ``knowledge_base``: one row per triple with its stable id, the curator's status, who decided
  and when, and its provenance (doc ids, PMIDs, evidence ids, sentences);
* ``civic_evidence``: CIViC-shaped evidence items (one per triple and citation), so accepted
  triples can be submitted to the knowledge base curators use;
* ``mentions.pubtator`` and ``mentions.bioc.xml``: every stored mention, for the field's tools.

Table files are CSV (formula guard on every cell), Parquet or JSON lines. PubTator and BioC
carry the text and offsets exactly (no guard: they are read by tools, not spreadsheets).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lxml import etree

from resmine.export import CsvWriter
from resmine.model import Label, triple_id
from resmine.store.curation import EDITABLE, documents_with_mentions, final_value, knowledge_base

FORMATS = ("csv", "parquet", "jsonl")
KB_COLUMNS = [
    "triple_id", "kb_triple_id", "gene", "mutation", "drug", "relation", "extracted_as", "status",
    "decided_by", "decided_at", "note", "max_confidence", "n_docs", "n_evidence", "doc_ids", "pmids",
    "evidence_ids", "sentences",
]
CIVIC_COLUMNS = [
    "gene", "variant", "disease", "drugs", "drug_interaction_type", "evidence_type",
    "evidence_direction", "evidence_level", "clinical_significance", "evidence_statement",
    "citation_id", "source_type", "resmine_triple_id", "resmine_status",
]
# relation -> CIViC clinical significance of a Predictive item; other relations have none
CIVIC_SIGNIFICANCE = {"resistance": "Resistance", "sensitivity": "Sensitivity/Response"}
# list-valued columns and how a CSV cell joins them (sentences may hold ";", not newlines)
LIST_SEPARATORS = {"doc_ids": ";", "pmids": ";", "evidence_ids": ";", "sentences": "\n"}
PUBTATOR_TYPES = {Label.GENE: "Gene", Label.DRUG: "Chemical", Label.DRUG_CLASS: "Chemical",
                  Label.MUTATION: "Variant", Label.ALTERATION: "Alteration"}
_PMID = re.compile(r"^\d+$")
_PMCID = re.compile(r"^PMC\d+$")
# characters XML 1.0 cannot hold, replaced one for one so offsets stay right
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def kb_records(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Knowledge-base records of store rows (``store.curation.knowledge_base``); list values
    stay lists (CSV joins them, JSON and Parquet keep them)."""
    records = []
    for row in rows:
        final = {name: final_value(row, name) for name in EDITABLE}
        extracted = tuple(row[name] for name in EDITABLE)
        edited = tuple(final.values()) != extracted
        evidence = row["evidence"]
        doc_ids = sorted({e["doc_id"] for e in evidence})
        records.append({
            "triple_id": row["triple_id"], "kb_triple_id": triple_id(*final.values()), **final,
            "extracted_as": "|".join(extracted) if edited else "", "status": row["status"],
            "decided_by": row["decided_by"] or "", "decided_at": row["decided_at"] or "",
            "note": row["note"], "max_confidence": round(float(row["max_confidence"]), 3),
            "n_docs": int(row["n_docs"]), "n_evidence": int(row["n_evidence"]), "doc_ids": doc_ids,
            "pmids": [d for d in doc_ids if _PMID.match(d)],
            "evidence_ids": [e["evidence_id"] for e in evidence],
            "sentences": [e["sentence"] for e in evidence],
        })
    return records


# A fusion written by its two partners: "EML4-ALK", "BCR–ABL1", "KIAA1549:BRAF".
_FUSION_NAME = re.compile(r"^([A-Z][A-Z0-9]*)\s*[-–—:/]\s*([A-Z][A-Z0-9]*)$")


def _civic_variant(mutation: str, written: Iterable[str] = ()) -> str:
    """CIViC names a protein change as written (V600E), a class of alteration in capitals
    (AMPLIFICATION, EXON 19 DELETION), and a fusion by its partners (EML4-ALK) where the text
    names them; resmine's classes are lower-case words. ``written``: the mutation as the
    evidence sentences write it."""
    if mutation == "fusion":
        names = {f"{m.group(1)}-{m.group(2)}" for text in written if (m := _FUSION_NAME.match(text.strip()))}
        if len(names) == 1:
            return names.pop()
    return mutation.upper() if mutation[:1].islower() else mutation


def _citation(doc_id: str) -> tuple[str, str]:
    if _PMID.match(doc_id):
        return doc_id, "PubMed"
    if _PMCID.match(doc_id):
        return doc_id, "PMC"
    return doc_id, ""


def civic_records(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One CIViC-shaped evidence item per (triple, citation) whose relation CIViC has as a
    Predictive significance (resistance, sensitivity); the statement is the evidence sentences
    of that citation. Disease and level are left for the curator, as CIViC asks them to judge."""
    records = []
    for row in rows:
        relation = final_value(row, "relation")
        if relation not in CIVIC_SIGNIFICANCE:
            continue
        by_doc: dict[str, list[str]] = {}
        for e in row["evidence"]:
            by_doc.setdefault(e["doc_id"], []).append(e["sentence"])
        written = [e.get("mutation_text") or "" for e in row["evidence"]]
        for doc_id, sentences in sorted(by_doc.items()):
            citation, source_type = _citation(doc_id)
            drug = final_value(row, "drug")
            records.append({
                "gene": final_value(row, "gene"), "variant": _civic_variant(final_value(row, "mutation"), written),
                "disease": "", "drugs": drug[:1].upper() + drug[1:], "drug_interaction_type": "",
                "evidence_type": "Predictive", "evidence_direction": "Supports", "evidence_level": "",
                "clinical_significance": CIVIC_SIGNIFICANCE[relation],
                "evidence_statement": " ".join(dict.fromkeys(sentences)),
                "citation_id": citation, "source_type": source_type,
                "resmine_triple_id": row["triple_id"], "resmine_status": row["status"],
            })
    return records


def write_table(path: Path, records: list[dict[str, Any]], columns: list[str], fmt: str) -> Path:
    """``records`` to ``path`` + the format's suffix; returns the file written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    target = path.with_suffix(f".{fmt}")
    if fmt == "csv":
        writer = CsvWriter(target, columns)
        try:
            for record in records:
                writer.write({k: LIST_SEPARATORS[k].join(v) if isinstance(v, list) else v
                              for k, v in record.items()})
        finally:
            writer.close()
    elif fmt == "jsonl":
        with target.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(records, schema=_arrow_schema(columns))
        pq.write_table(table, target)
    return target


def _arrow_schema(columns: list[str]):
    import pyarrow as pa

    types = []
    for name in columns:
        if name in LIST_SEPARATORS:
            types.append(pa.field(name, pa.list_(pa.string())))
        elif name in ("n_docs", "n_evidence"):
            types.append(pa.field(name, pa.int64()))
        elif name == "max_confidence":
            types.append(pa.field(name, pa.float64()))
        else:
            types.append(pa.field(name, pa.string()))
    return pa.schema(types)


def _one_line(text: str) -> str:
    # same length, so offsets stay right: PubTator lines cannot hold tabs or newlines
    return re.sub(r"[\t\n\r]", " ", text)


def pubtator_text(documents: Iterable[dict[str, Any]]) -> str:
    """PubTator records: ``id|t|`` the text's first line, ``id|a|`` the rest (so title + " " +
    abstract is the stored text and the offsets are the store's), then one line per mention
    ``id<TAB>start<TAB>end<TAB>text<TAB>type<TAB>normal form`` (``-`` when unnamed)."""
    out = []
    for doc in documents:
        text = _one_line(doc["text"])
        cut = doc["text"].find("\n")
        title, abstract = (text, "") if cut < 0 else (text[:cut], text[cut + 1:])
        lines = [f"{doc['doc_id']}|t|{title}", f"{doc['doc_id']}|a|{abstract}"]
        for m in doc["mentions"]:
            lines.append("\t".join((doc["doc_id"], str(m["start_offset"]), str(m["end_offset"]),
                                    _one_line(m["text"]), PUBTATOR_TYPES.get(Label(m["label"]), m["label"]),
                                    m["normalized"] or "-")))
        out.append("\n".join(lines) + "\n\n")
    return "".join(out)


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _infon(parent, key: str, value: str) -> None:
    element = etree.SubElement(parent, "infon", key=key)
    element.text = _xml_text(value)


def bioc_xml(documents: Iterable[dict[str, Any]]) -> bytes:
    """A BioC collection: each document's passages (offsets into the stored text) with the
    mentions starting inside them as annotations."""
    collection = etree.Element("collection")
    etree.SubElement(collection, "source").text = "resmine"
    etree.SubElement(collection, "date").text = datetime.now(timezone.utc).strftime("%Y%m%d")
    etree.SubElement(collection, "key").text = "resmine.key"
    number = 0
    for doc in documents:
        element = etree.SubElement(collection, "document")
        etree.SubElement(element, "id").text = _xml_text(doc["doc_id"])
        spans = [(p["start_offset"], p["end_offset"], p["kind"], p["section"]) for p in doc["passages"]]
        if not spans:
            spans = [(0, len(doc["text"]), "text", "")]
        # each mention goes to the last passage starting at or before it (the first for any
        # mention before every passage)
        owner: dict[int, list[dict[str, Any]]] = {}
        for m in doc["mentions"]:
            index = max([i for i, span in enumerate(spans) if span[0] <= m["start_offset"]], default=0)
            owner.setdefault(index, []).append(m)
        for index, (start, end, kind, section) in enumerate(spans):
            passage = etree.SubElement(element, "passage")
            _infon(passage, "type", kind)
            if section:
                _infon(passage, "section", section)
            etree.SubElement(passage, "offset").text = str(start)
            etree.SubElement(passage, "text").text = _xml_text(doc["text"][start:end])
            for m in owner.get(index, []):
                number += 1
                annotation = etree.SubElement(passage, "annotation", id=str(number))
                _infon(annotation, "type", PUBTATOR_TYPES.get(Label(m["label"]), m["label"]))
                if m["normalized"]:
                    _infon(annotation, "identifier", m["normalized"])
                _infon(annotation, "source", m["source"])
                etree.SubElement(annotation, "location", offset=str(m["start_offset"]),
                                 length=str(m["end_offset"] - m["start_offset"]))
                etree.SubElement(annotation, "text").text = _xml_text(m["text"])
    return etree.tostring(collection, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE collection SYSTEM "BioC.dtd">')


KB_FILE, CIVIC_FILE, PUBTATOR_FILE, BIOC_FILE = ("knowledge_base", "civic_evidence",
                                                  "mentions.pubtator", "mentions.bioc.xml")


def export_store(db, out_dir: Path, fmt: str, status: str) -> dict[str, int]:
    """Write every export of the store ``db`` into ``out_dir``; returns the rows per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = knowledge_base(db, status)
    kb, civic = kb_records(rows), civic_records(rows)
    written = {
        write_table(out_dir / KB_FILE, kb, KB_COLUMNS, fmt).name: len(kb),
        write_table(out_dir / CIVIC_FILE, civic, CIVIC_COLUMNS, fmt).name: len(civic),
    }
    documents = documents_with_mentions(db)
    (out_dir / PUBTATOR_FILE).write_text(pubtator_text(documents), encoding="utf-8")
    (out_dir / BIOC_FILE).write_bytes(bioc_xml(documents))
    n_mentions = sum(len(d["mentions"]) for d in documents)
    written[PUBTATOR_FILE] = written[BIOC_FILE] = n_mentions
    return written

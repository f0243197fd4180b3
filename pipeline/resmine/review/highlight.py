"""A sentence cut into plain and highlighted pieces at the mentions inside it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# the mention labels shown, in the order a tie on the same span is decided
SHOWN = ("MUTATION", "ALTERATION", "GENE", "DRUG", "DRUG_CLASS")


def pieces(sentence: str, sentence_start: int, mentions: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """``[{"text", "label", "normalized"}]`` covering ``sentence`` exactly; ``label`` is empty
    for plain text. Overlapping mentions: the longer one wins, then the earlier one."""
    spans = []
    for m in mentions:
        if m["label"] not in SHOWN:
            continue
        start, end = m["start_offset"] - sentence_start, m["end_offset"] - sentence_start
        if 0 <= start < end <= len(sentence):
            spans.append((start, end, m["label"], m.get("normalized") or ""))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0], SHOWN.index(s[2])))
    chosen: list[tuple[int, int, str, str]] = []
    for span in spans:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
            chosen.append(span)
    out, at = [], 0
    for start, end, label, normalized in sorted(chosen):
        if start > at:
            out.append({"text": sentence[at:start], "label": "", "normalized": ""})
        out.append({"text": sentence[start:end], "label": label, "normalized": normalized})
        at = end
    if at < len(sentence):
        out.append({"text": sentence[at:], "label": "", "normalized": ""})
    return out

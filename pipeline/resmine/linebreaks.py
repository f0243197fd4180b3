"""Words broken at line ends ("resis-\ntance", "muta-\ntions"), joined with every offset kept:
what the mention stage's alteration words and the relation stage's cues are matched on."""

from __future__ import annotations

import re

# Where a joined word ends: the first character that is not a letter or digit.
_WORD_END = re.compile(r"[\W_]")


def join_line_breaks(text: str) -> str:
    """Join words broken at line ends for cue matching, keeping every offset in place.

    "resis-\ntance x" becomes "resistance   x": the removed "-\n" is padded after the word.
    """
    # Only the "-\n" between lower-case letters are visited (str.find); the text between them is
    # copied in slices, and the padding goes before the first character after a break that is
    # not a letter or digit, so offsets after the word stay put.
    if "-\n" not in text:
        return text
    out: list[str] = []
    cursor = pending = 0
    found = text.find("-\n")
    while found != -1:
        if 0 < found and text[found - 1].islower() and found + 2 < len(text) and text[found + 2].islower():
            pending = _copy_padded(text, cursor, found, pending, out)
            pending += 2
            cursor = found + 2
            found = text.find("-\n", cursor)
        else:
            found = text.find("-\n", found + 1)
    pending = _copy_padded(text, cursor, len(text), pending, out)
    out.append(" " * pending)
    return "".join(out)



def _copy_padded(text: str, start: int, end: int, pending: int, out: list[str]) -> int:
    """Copy ``text[start:end]`` to ``out`` with ``pending`` blanks before its first character
    that is not a letter or digit; return what is still pending (the word runs on)."""
    if pending:
        stop = _WORD_END.search(text, start, end)
        if stop is None:
            out.append(text[start:end])
            return pending
        out.append(text[start:stop.start()])
        out.append(" " * pending)
        start = stop.start()
    out.append(text[start:end])
    return 0

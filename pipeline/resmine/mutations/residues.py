"""Amino-acid and nucleotide vocabularies shared by the grammar and the normaliser.

The IUPAC-IUBMB one-letter and three-letter codes and the English residue names; nothing here
is learned from a corpus.
"""

from __future__ import annotations

import re

# three-letter code -> one-letter code ("Ter"/"Stop" -> "*": nonsense is written as "*")
AA3 = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V",
    "Sec": "U", "Pyl": "O", "Asx": "B", "Glx": "Z", "Xaa": "X",
}
TERMINATORS = {"ter": "*", "stop": "*", "x": "*", "*": "*", "xaa": "*", "term": "*"}

# English names (lower case) -> one-letter code
AA_NAMES = {
    "alanine": "A", "arginine": "R", "asparagine": "N", "aspartic acid": "D", "aspartate": "D",
    "cysteine": "C", "glutamine": "Q", "glutamic acid": "E", "glutamate": "E", "glycine": "G",
    "histidine": "H", "isoleucine": "I", "leucine": "L", "lysine": "K", "methionine": "M",
    "phenylalanine": "F", "proline": "P", "serine": "S", "threonine": "T", "tryptophan": "W",
    "tyrosine": "Y", "valine": "V", "selenocysteine": "U",
}

AA1_CLASS = "[ACDEFGHIKLMNPQRSTVWY]"
# three-letter codes: capitalised first letter, rest in any case ("Arg753GLn", "VAL")
AA3_RE = "(?:" + "|".join(
    f"{code[0]}(?i:{code[1:]})" for code in sorted(AA3, key=lambda c: c) if code != "Xaa"
) + ")"
TER_RE = "(?:Ter|TER|Stop|STOP|stop|Term)"
AA_NAME_RE = "(?:" + "|".join(
    f"[{name[0].upper()}{name[0]}]{re.escape(name[1:])}"
    for name in sorted(AA_NAMES, key=len, reverse=True)
) + ")"


def aa_to_one(token: str) -> str | None:
    """One-letter code of a written residue: "V", "Val", "VAL", "valine", "Ter", "X", "*"."""
    if not token:
        return None
    t = token.strip()
    low = t.lower()
    if low in TERMINATORS:
        return "*"
    if len(t) == 1:
        return t.upper() if t.upper() in "ACDEFGHIKLMNPQRSTVWY" else None
    if len(t) == 3:
        code = t[0].upper() + t[1:].lower()
        if code in AA3:
            return AA3[code]
    return AA_NAMES.get(low.replace("-", " "))


def residues_to_one(seq: str) -> str:
    """"GluLeuArg" -> "ELR"; one-letter sequences are returned unchanged."""
    if not seq:
        return ""
    if len(seq) % 3 == 0 and seq[:1].isupper() and seq[1:3].islower():
        out = []
        for i in range(0, len(seq), 3):
            one = aa_to_one(seq[i:i + 3])
            if one is None:
                return seq
            out.append(one)
        return "".join(out)
    return seq

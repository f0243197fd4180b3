"""Compounds no dictionary lists, read from their systematic (IUPAC-style) name.

A newly synthesised or rarely studied compound ("maltolyl p-coumarate",
"3'-azido-2',3'-deoxythymidine", "(R)-alpha-methylhistamine", "tetrahydrocortisol") is in no
drug dictionary, but its name is built from the pieces of chemical nomenclature: substituent
prefixes ("methyl", "hydroxy", "chloro", "azido"), parent rings ("pyrid", "indol", "benz"),
hydro and deoxy prefixes, locants ("3'-", "2,6-", "N-", "p-", "(R)-"). A word is read as a
compound when

* it holds one of the fragments below, is at least eight characters long and is not a
  protein, enzyme or process word built on a compound's name ("methyltransferase",
  "hydroxylation", "thioredoxin", "glycoprotein");
* or it starts with a locant and ends like a compound ("p-coumarate", "N-acetylcysteine").

An acyl or alkyl word ("maltolyl", "ethyl") right before a compound joins it ("ethyl
acetate"), as does "acid" after one; locants and substituents written right before a
dictionary drug extend it ("3'-azido-2',3'-" + "deoxythymidine"), into another compound
named by its own text. Two compounds joined by a hyphen stay two ("cortisone-cortisol
ratio"); a compound right before an enzyme or receptor word names that protein's substrate
("11b-hydroxysteroid dehydrogenase") and is left to the gene dictionary. A natural product's
letter-and-number code joins its name ("ginsenoside Rg1", "bafilomycin A1"), and the code
written alone elsewhere in the text is that compound ("Rg1 restored LTP").

:func:`systematic_name_hits` only fills gaps and extends drug hits: text a dictionary already
names as something else keeps that name.
"""

from __future__ import annotations

import re

from resmine.lexicons import Coverage, LexiconHit, free_occurrences, unbracketed

# Substituent prefixes, hydro/deoxy prefixes and parent-ring stems of organic nomenclature.
FRAGMENTS = (
    "methyl", "ethyl", "propyl", "butyl", "pentyl", "hexyl", "octyl", "phenyl", "benzyl", "acetyl",
    "hydroxy", "methoxy", "ethoxy", "phenoxy", "chloro", "fluoro", "bromo", "iodo", "nitro", "cyano",
    "azido", "amino", "carboxy", "carbonyl", "carbamoyl", "sulfonyl", "sulfanyl", "thio",
    "deoxy", "dihydro", "tetrahydro", "hexahydro", "dimethyl", "trimethyl", "cyclohex", "cyclopent",
    "pyrid", "pyrimid", "pyrazol", "pyrrol", "imidazol", "indol", "quinolin", "quinazolin",
    "piperidin", "piperazin", "morpholin", "furan", "thiophen", "benz", "naphth", "anthra",
    "purin", "coumar", "cinnam", "oxazol", "thiazol", "triazol", "tetrazol", "azepin", "phenol",
    "glycer", "ylidene", "amido", "oside",
)
# Words built on a compound's name that name a protein, an enzyme, a receptor, a process, a
# disease or a property; "-yl" words are groups, compounds only with the word they join.
_NOT_COMPOUND_END = re.compile(
    r"(?:ases?|ation|ations|ated|ating|ergic|oxins?|ophilins?|orins?|proteins?|peptidases?|"
    r"ceptors?|genesis|lysis|emias?|urias?|osis|itis|omas?|pathy|ology|ological|ity|ities|ness|"
    r"ments?|ents?|al|ally|ous|ive|like|ed|ing|ics?|yl|o|oxy|amino-acids?|(?-i:-[A-Z]{2,}))\Z", re.IGNORECASE)
# How a compound's name ends when a locant starts it ("p-coumarate", "alpha-tocopherol").
_COMPOUND_END = re.compile(r"(?:ates?|ides?|ols?|ones?|enes?|anes?|amines?|oates?|oses?)\Z")
_FRAGMENT_RE = re.compile("|".join(sorted(FRAGMENTS, key=len, reverse=True)), re.IGNORECASE)
# "3'-", "2,6-", "2',3'-", "N-", "N6-", "p-", "(R)-", "(+)-", "alpha-", "L-", "cis-"
_LOCANT = r"(?:\d+'*(?:,\d+'*)*|[NOS]\d*'*(?:,[NOS]?\d*'*)*|[opm]|\([RSEZ+\-]\)|[RSDL]|alpha|beta|gamma|cis|trans)-"
_LOCANT_START = re.compile(_LOCANT)
_LOCANT_WORD = re.compile(r"(?<![\w'\-(])\(?" + _LOCANT + r"[a-z]")
_WORD_INNER = "_'(),[]+-"
_WORD_RE = re.compile(r"(?<![\w'\-])[\w(][\w'(),\[\]+\-]*[\w')\]]|(?<![\w'\-])\w(?![\w'\-])")
# "3'-azido-2',3'-" and "(R)-alpha-" right before a drug name
_PREFIX_CHAIN = re.compile(r"(?:" + _LOCANT + r"(?:[a-z]{3,}o-|[a-z]{3,}yl-)?)+\Z")
# The letter-and-number code that tells a natural product from its relatives: "ginsenoside Rg1",
# "bafilomycin A1", "salvianolic acid B". Not "A" or "I" (words), nor a cell type or a chain.
_CODE_BASE_END = re.compile(r"(?:oside|osides|in|one|ol|ene|ide|acid)\Z")
_CODE = r"[A-Z][a-z]?\d{1,2}[a-z]?"
_CODE_AFTER = re.compile(
    r" (?P<code>" + _CODE + r"|[B-HJ-Z])(?![\w/+'-])"
    r"(?! (?:cells?|lymphocytes?|chains?|subunits?|rings?|sites?|domains?|receptors?|phase)\b)")
_CODE_AT_END = re.compile(r" (?P<code>" + _CODE + r")\Z")  # a name's code, letters and digits
_ACYL_WORD = re.compile(r"(?<![\w'\-])[A-Za-z][a-z]{3,}yl \Z")
# the compound names an enzyme's or receptor's substrate: "11b-hydroxysteroid dehydrogenase"
_PROTEIN_NEXT = re.compile(r"[\s-]+[\w-]*(?:ases?|ceptors?)\b")
MIN_LENGTH = 8


def is_systematic_word(word: str) -> bool:
    """Whether ``word`` (one whitespace-free word, outer brackets removed) reads as a
    compound's systematic name."""
    if not word or _NOT_COMPOUND_END.search(word) or not word[-1].isalpha() or word.lower().startswith("anti-"):
        return False
    locant = _LOCANT_START.match(word)
    tail = word[locant.end():] if locant else ""
    # a plain number of two digits or more is a length ("13-nucleotide") unless a fragment follows
    length = locant and re.fullmatch(r"\d\d+-", locant.group())
    if tail[:1].islower() and len(tail) >= 4 and (_COMPOUND_END.search(tail) and not length or _has_fragment(tail)):
        return True
    if len(word) < MIN_LENGTH or not (word[0].islower() or word[0] in "(0123456789" or word[:2].istitle()):
        return False
    return _has_fragment(word)


def _has_fragment(word: str) -> bool:
    """A nomenclature fragment with a name around it: "methyl" and "40-amino" are groups."""
    match = _FRAGMENT_RE.search(word)
    return match is not None and sum(c.isalpha() for c in word) - (match.end() - match.start()) >= 3


def _candidate_starts(text: str) -> list[int]:
    """Starts of the words holding a fragment or starting with a locant: the only words
    :func:`is_systematic_word` can accept, found by two scans instead of a test per word."""
    starts = set()
    lowered = text.lower()
    for fragment in FRAGMENTS:  # str.find per fragment: far faster than one alternation regex
        found = lowered.find(fragment)
        while found >= 0:
            position = found
            while position > 0 and (text[position - 1].isalnum() or text[position - 1] in _WORD_INNER):
                position -= 1
            while position < found and not (text[position].isalnum() or text[position] == "("):
                position += 1
            starts.add(position)
            found = lowered.find(fragment, found + len(fragment))
    starts.update(match.start() for match in _LOCANT_WORD.finditer(text))
    return sorted(starts)


def _pieces(word: str, start: int) -> list[tuple[int, int]]:
    """Spans of ``word`` (at ``start``): two compounds joined by a hyphen are two
    ("tetrahydrocortisone-tetrahydrocortisol ratio"), any other word one."""
    for match in re.finditer(r"(?<=[a-z])-(?=[a-z])", word):
        left, right = word[:match.start()], word[match.end():]
        if min(len(left), len(right)) >= MIN_LENGTH and _has_fragment(left) and _has_fragment(right):
            return [(start, start + match.start()), (start + match.end(), start + len(word))]
    return [(start, start + len(word))]


def systematic_name_hits(text: str, hits: list[LexiconHit]) -> tuple[list[LexiconHit], list[LexiconHit]]:
    """(new DRUG hits for systematic names no hit overlaps, drug hits of ``hits`` extended
    by the locants and acyl words written before them). Extended hits replace their
    originals in the caller."""
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in hits))
    found: list[tuple[int, int]] = []
    for word_start in _candidate_starts(text):
        match = _WORD_RE.match(text, word_start)
        if match is None:
            continue
        start, end = unbracketed(text, *match.span())
        if _PROTEIN_NEXT.match(text, end):
            continue
        for start, end in _pieces(text[start:end], start):
            word = text[start:end]
            # "aminobutyric acid", "ethyl acetate": the adjective or group is one with its noun
            joined = (word.endswith("ic") and text.startswith(" acid", end)) or (
                word.endswith("yl") and _WORD_RE.match(text, end + 1) and text[end:end + 1] == " ")
            if not taken.overlaps(start, end) and is_systematic_word(word[:-2] + "ol" if joined else word):
                found.append((start, end))
    new: list[tuple[int, int]] = []
    for start, end in found:
        if new and text[new[-1][1]:start] == " ":  # "2-hydroxy 4-methyl..." written apart: one name
            new[-1] = (new[-1][0], end)
        else:
            new.append((start, end))
    out = []
    for start, end in new:
        if text[start:end].endswith("yl"):
            continue  # a group whose compound is not named here ("3-hydroxy-3-methylglutaryl CoA")
        start, end = _widen(text, start, end)
        if not taken.overlaps(start, end):
            surface = text[start:end]
            out.append(LexiconHit(start, end, surface, "DRUG", surface.lower(), ""))
            taken.add(start, end)
    extended = []
    for hit in hits:
        if hit.label != "DRUG":
            continue
        start, end = _widen(text, hit.start, hit.end)
        if (start, end) != (hit.start, hit.end) and not taken.overlaps(start, hit.start):
            # another compound than the drug it is built on: named by its own text
            extended.append(LexiconHit(start, end, text[start:end], "DRUG", text[start:end].lower(), ""))
    out += _codes_alone(text, [hit for hit in hits if hit.label == "DRUG"] + out + extended, taken)
    return out, extended


def _codes_alone(text: str, named: list[LexiconHit], taken: Coverage) -> list[LexiconHit]:
    """The code of a compound named with it ("Ginsenoside Rg1"), written alone elsewhere in the
    text ("Rg1 restored LTP"): the text's short name for that compound."""
    codes: dict[str, LexiconHit] = {}
    for hit in named:
        code = _CODE_AT_END.search(hit.text)
        if code and len(code["code"]) >= 3 and _CODE_BASE_END.search(hit.text, 0, code.start()):  # not "A1"
            codes.setdefault(code["code"], hit)
    return [LexiconHit(start, end, code, "DRUG", codes[code].normalized, codes[code].ident)
            for start, end, code in free_occurrences(text, codes, taken)]


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) with the locant chain and the acyl word written before it, and "acid" after."""
    chain = _PREFIX_CHAIN.search(text, max(0, start - 40), start)
    if chain and (chain.start() == 0 or not (text[chain.start() - 1].isalnum() or text[chain.start() - 1] in "-'")) \
            and re.search(r"\d|[NOS]\d*'*-|[a-z]{3,}(?:o|yl)-", chain.group()):  # not "beta-hCG"
        start = chain.start()
    acyl = _ACYL_WORD.search(text, max(0, start - 30), start)
    if acyl:
        start = acyl.start()
    if text.startswith(" acid", end) and not text[end + 5:end + 6].isalpha():
        end += 5
    code = _CODE_AFTER.match(text, end)
    if code and _CODE_BASE_END.search(text, max(0, end - 6), end):
        end = code.end()
    return start, end

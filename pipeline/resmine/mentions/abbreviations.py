"""Short forms defined in the text ("phenobarbital (PB)") and what they do to the mentions.

The definitions come from scispaCy's abbreviation detector; :func:`propagate_abbreviations`
carries a long form's entity to every use of its short form and lets a long form that names no
gene or drug (a disease, a phenotype) veto dictionary hits on its short form ("CRPC", "CML").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from resmine.lexicons.nomenclature import FRAGMENTS, is_systematic_word
from resmine.model import Label, Mention, Provenance

_PROTEIN_WORD = r"\b(?:protein|receptor|kinase|factor|ligase|phosphatase|transporter|channel|homolog)"
_NUMBERED_END = r"(?:[\s-]+(?:\d+[A-Za-z]?|[A-Z]|[IVX]+|[αβγδ]))?\s*$"
_GENE_LIKE_LONG_FORM = re.compile(_PROTEIN_WORD + _NUMBERED_END, re.IGNORECASE)
# The same words in the plural too: a protein's long form whose short form is no drug
# ("N-methyl-d-aspartate receptors (NMDARs)"). Not in the veto above: GNormPlus train's read
# part lost two genes to it.
_PROTEIN_LONG_FORM = re.compile(_PROTEIN_WORD + "s?" + _NUMBERED_END, re.IGNORECASE)


# A chemical the model alone saw in a short form ("fear-potentiated startle (FPS)", "REM sleep
# deprivation (REMD)"): when its long form names nothing, neither does the short form.
_UNNAMED_GUESSES = frozenset({Provenance.NER, Provenance.NER_REPEAT})
# Unless the long form reads like a chemical no dictionary lists: a word of systematic
# nomenclature ("(R)-alpha-methylhistamine (RAMH)") or with a compound's ending ("grape seed
# proanthocyanidin extract (GSPE)").
_COMPOUND_WORD = re.compile(r"[a-z]{3,}(?:ins?|ines?|ides?|ates?|ols?|ones?|enes?|anes?|oses?)\Z", re.IGNORECASE)


# A long form that names a disease: its short form is the disease, whatever a dictionary or
# the model says ("X-linked adrenoleukodystrophy (ALD)", "hypophosphatemic rickets (XLH)").
_DISEASE_LONG_FORM = re.compile(
    r"(?:\b(?:syndrome|disease|disorder|deficiency|rickets|tumou?rs?|cancers?|carcinomas?|leuka?emias?|"
    r"lymphomas?|sarcomas?)|[a-z]{3}(?:itis|osis|a?emia|pathy|trophy|plasia|blastoma))\s*\Z",
    re.IGNORECASE,
)

_GENE_AFTER = re.compile(r"\s+(?:genes?|proteins?|mRNAs?|transcripts?)\b")


def propagate_abbreviations(
    mentions: list[Mention], pairs: list[tuple[int, int, int, int]], text: str
) -> list[Mention]:
    """Short forms take the entity of their long form; entity-less long forms veto short forms;
    a long form that names a disease vetoes its short form and itself as genes or drugs.

    ``pairs`` are (short_start, short_end, long_start, long_end) character offsets.
    """
    pairs = [*pairs, *bracketed_aliases(mentions, pairs, text)]
    if not pairs:
        return mentions
    by_span: dict[tuple[int, int], Mention] = {}
    for mention in mentions:
        if mention.label in (Label.GENE, Label.DRUG, Label.DRUG_CLASS):
            by_span.setdefault((mention.start, mention.end), mention)
    entities = [m for m in mentions if m.label in (Label.GENE, Label.DRUG)]
    # indexes instead of a pass over every mention per definition (quadratic in a long document)
    entities_at: dict[tuple[int, int], list[Mention]] = {}
    entities_ending: dict[int, list[Mention]] = {}
    for mention in entities:
        entities_at.setdefault((mention.start, mention.end), []).append(mention)
        entities_ending.setdefault(mention.end, []).append(mention)
    unnamed_ner = [m for m in mentions if m.source == Provenance.NER and not m.normalized]
    by_start = sorted(range(len(entities)), key=lambda k: entities[k].start)
    entity_starts = [entities[k].start for k in by_start]
    long_forms: dict[tuple[int, int], list[Mention]] = {}  # every use of a short form shares it
    added: list[Mention] = []
    replaced: set[int] = set()
    vetoed: set[tuple[int, int, str]] = set()
    vetoing: dict[tuple[int, int], Label] = {}  # a long form -> the drug label it vetoed on its short form
    named_long: dict[tuple[int, int], Mention] = {}  # long forms made one drug mention
    for short_start, short_end, long_start, long_end in pairs:
        if _DISEASE_LONG_FORM.search(text[long_start:long_end]):
            if not _GENE_AFTER.match(text, short_end):  # "the ALD gene" is the gene
                vetoed.update((m.start, m.end, m.label) for m in entities_at.get((short_start, short_end), ()))
            vetoed.update((m.start, m.end, m.label) for m in entities_ending.get(long_end, ())
                          if long_start <= m.start)
            continue
        inside_long = long_forms.get((long_start, long_end))
        if inside_long is None:
            first, last = bisect_left(entity_starts, long_start), bisect_right(entity_starts, long_end)
            inside_long = [entities[k] for k in sorted(by_start[first:last])  # in mention order
                           if entities[k].end <= long_end]
            long_forms[(long_start, long_end)] = inside_long
        # The long form names an entity when one mention covers most of it, or when a drug
        # mention ends where it ends and starts before it: the detector cut the long form's
        # start inside a longer name ("22-oxacalcitriol (OCT)": long form "oxacalcitriol";
        # "2-bromoethylamine (BEA)", "oral contraceptives" of "combined oral contraceptives (COCs)").
        best = max(inside_long, key=lambda m: m.end - m.start, default=None)
        long_names_entity = best is not None and (best.end - best.start) >= 0.6 * (long_end - long_start)
        short_hit = by_span.get((short_start, short_end))
        if not long_names_entity and (short_hit is None or short_hit.source == Provenance.LEXICON):
            # over a dictionary hit alone, never one the model confirmed ("human interleukin-6 (IL-6)")
            around = _drug_around(entities, by_start, entity_starts, long_start, long_end)
            if around is not None:
                best, long_names_entity = around, True
            elif _drug_head(inside_long, long_end) and _chemical_modifiers(text[long_start:inside_long[0].start]):
                # "Low-molecular-weight heparin (LMWH)", "butylated hydroxyanisole (BHA)": the
                # short form's letters span the words before the drug, which name it with them.
                best = named_long.get((long_start, long_end))
                if best is None:
                    best = Mention(inside_long[-1].doc_id, long_start, long_end, text[long_start:long_end],
                                   Label.DRUG, "", Provenance.ABBREVIATION)
                    named_long[(long_start, long_end)] = best
                    replaced.update(id(m) for m in inside_long)
                    added.append(best)
                long_names_entity = True
        if (long_names_entity and best is not None and best.label == Label.DRUG
                and _PROTEIN_LONG_FORM.search(text[long_start:long_end])):
            # "N-methyl-d-aspartate receptors (NMDARs)": the ligand's name, read into the
            # receptor's long form, does not make the receptor's short form a drug
            long_names_entity = False
        if long_names_entity and best is not None and (short_hit is None or short_hit.label != best.label
                                  or (best.normalized and not short_hit.normalized)):
            # "phenobarbital (PB)": PB is the drug here, whatever else the dictionaries say;
            # "glucocorticoid receptor (GR)": the NER's unnamed GR is NR3C1.
            if short_hit is not None:
                replaced.add(id(short_hit))
            # an unnamed model span around the short form ("GR lacking hormone") was its guess
            replaced.update(id(m) for m in unnamed_ner
                            if m.label == best.label and m.start <= short_start and short_end <= m.end)
            added.append(
                Mention(best.doc_id, short_start, short_end, text[short_start:short_end],
                        best.label, best.normalized, Provenance.ABBREVIATION)
            )
        elif (not inside_long and short_hit is not None
              and (short_hit.source == Provenance.LEXICON  # not "lexicon+ner"
                   or (short_hit.label == Label.DRUG and short_hit.source in _UNNAMED_GUESSES
                       and not short_hit.normalized and not _reads_chemical(text[long_start:long_end])))
              and not _GENE_LIKE_LONG_FORM.search(text[long_start:long_end])):
            # "castration resistant prostate cancer (CRPC)": the document says what CRPC is.
            # A long form that reads like a protein name ("Klech-like ECH-associated protein
            # 1", misspelt) vetoes nothing: the short form is the gene.
            vetoed.add((short_start, short_end, short_hit.label))
            if short_hit.label == Label.DRUG:
                vetoing[(long_start, long_end)] = short_hit.label
    # The other uses of a drug name vetoed where it is defined as a short form are vetoed too,
    # where the model agrees with the dictionary as well: at the definition the model did not take
    # it for a drug, and the document means one thing by it ("disseminated intravascular
    # coagulation (DIC) ... improvement seen in tests associated with DIC" is no dacarbazine).
    # Not genes: a gene's later uses are its own (GNormPlus dev lost 13 genes, none gained).
    for short_start, short_end, long_start, long_end in pairs:
        if (label := vetoing.get((long_start, long_end))) is not None:
            vetoed.add((short_start, short_end, label))
    out = [m for m in (*mentions, *added) if id(m) not in replaced and (m.start, m.end, m.label) not in vetoed]
    # A short form inside a longer short form of a drug is part of it: "MED" of "D-MED", where the
    # detector paired "MED" with "medetomidine" and the bracket gave "D-MED" to dexmedetomidine.
    longer = [m for m in added if m.label == Label.DRUG]
    return [m for m in out if not (m.source == Provenance.ABBREVIATION and m.label == Label.DRUG and any(
        o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end) for o in longer))]


# No gene, drug or variant name runs longer than this many characters: how far back to look
# for a mention that holds a long form.
_LONGEST_MENTION = 200


def _drug_around(entities: list[Mention], by_start: list[int], entity_starts: list[int],
                 long_start: int, long_end: int) -> Mention | None:
    """The longest drug mention that ends at ``long_end`` and starts before ``long_start``."""
    first, last = bisect_left(entity_starts, long_start - _LONGEST_MENTION), bisect_right(entity_starts, long_start)
    around = [entities[k] for k in by_start[first:last]
              if entities[k].label == Label.DRUG and entities[k].start < long_start and entities[k].end == long_end]
    return max(around, key=lambda m: m.end - m.start, default=None)


def _drug_head(inside_long: list[Mention], long_end: int) -> bool:
    """The mentions inside a long form are drugs, the last of them ending it: its head."""
    return bool(inside_long) and inside_long[-1].end == long_end and all(m.label == Label.DRUG for m in inside_long)


# The words of a chemical's name before its parent compound: a substituent ("butylated",
# "triphenyl", "hexachloro-1:"), a locant's digit, or a word of nomenclature joined by two
# hyphens or more ("Tri-ortho-tolyl", "Low-molecular-weight"); not an adjective ("high glucose",
# "high-salt (HS) diet", "anabolic androgenic steroid", "Metabotropic glutamate") nor a phrase
# ("formerly rapamycin").
_MODIFIER_WORD = re.compile(r"(?:.*\d|.*-.*-|.*(?:" + "|".join(FRAGMENTS) + r"))", re.IGNORECASE)
_MAX_MODIFIERS = 3


def _chemical_modifiers(before: str) -> bool:
    """``before``, the long form's words before its drug, name part of a chemical."""
    words = before.split()
    return 0 < len(words) <= _MAX_MODIFIERS and all(_MODIFIER_WORD.match(word) for word in words)


def _reads_chemical(long_form: str) -> bool:
    """A word of ``long_form`` reads like a compound's name (:data:`_COMPOUND_WORD`)."""
    return any(is_systematic_word(word.strip("()[],;")) or _COMPOUND_WORD.search(word.strip("()[],;"))
               for word in long_form.split())


# A drug's other name in brackets right after it: a short form the detector did not pair
# ("isoproterenol (ISPH)-", "carbon tetrachloride (CCl4)", "dexmedetomidine (D-MED)",
# "5-hydroxyindoleacetic acid (5-HIAA)") or a code ("Dexrazoxane (ICRF-187)", "aniracetam
# (Ro 13-5057)"). BC5CDR dev's read part, eleventh session.
_BRACKETED = re.compile(r" \((?P<short>[^\W_][\w'-]{1,11}|[A-Z][A-Za-z]{0,5} \d[\d-]{1,8})(?=\)|[,;]\s)")
_CODE = re.compile(r"[A-Z][A-Za-z]{0,5}[- ]?\d[\d-]{1,8}[A-Za-z]?\Z")


def bracketed_aliases(mentions: list[Mention], pairs: list[tuple[int, int, int, int]],
                      text: str) -> list[tuple[int, int, int, int]]:
    """``(short_start, short_end, long_start, long_end)`` for a name in brackets right after a
    drug mention the dictionaries name (:data:`_BRACKETED`) that the detector did not define
    and no gene mention covers, and for each of its other uses as a word of its own; the drug
    is the long form. The name has a capital or a
    digit and starts with the letter or digit one of the drug's words starts with (Schwartz
    and Hearst's first rule), or is written like a code name."""
    defined = {text[s:e] for s, e, _, _ in pairs}
    genes = [(g.start, g.end) for g in mentions if g.label == Label.GENE]
    found: list[tuple[int, int, int, int]] = []
    for m in mentions:
        if m.label != Label.DRUG or not m.normalized:  # a drug the dictionaries name
            continue
        match = _BRACKETED.match(text, m.end)
        if not match:
            continue
        short = match["short"]
        if short in defined or not any(c.isupper() or c.isdigit() for c in short) \
                or any(a < match.end("short") and match.start("short") < b for a, b in genes):  # "interleukin-10 (IL-10)"
            continue
        initials = {word[0].lower() for word in re.findall(r"[^\W_]+", m.text)}
        if short[0].lower() not in initials and not _CODE.match(short):
            continue
        defined.add(short)
        for use in re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?!\w)", text):
            found.append((use.start(), use.end(), m.start, m.end))
    return found

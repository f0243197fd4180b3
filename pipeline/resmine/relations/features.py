"""What the relation classifier sees of a candidate: the rules' reading and cues as features,
the words around and between the change and the drug, and how far apart they are.

Feature names are strings (``"cue_near_drug=resistance"``, ``"between=failed"``) with value 1;
the model (:mod:`resmine.relations.classifier`) keeps one weight per name and class. Mention
words are replaced by their label so that the model learns the wording, not the entities.
"""

from __future__ import annotations

import re

from resmine.model import Label, Mention
from resmine.relations.candidates import Candidate
from resmine.relations.genes import is_gene_level
from resmine.relations.pairing import NEGATION_SCOPE, _nearest_cue
from resmine.relations.rules import Cue
from resmine.relations.units import DocumentView

_WORD = re.compile(r"[a-z][a-z0-9-]+")
# Words read on each side of the pair, and at most between its two ends.
SIDE_WORDS = 4
BETWEEN_WORDS = 12
# Character distances between change and drug, as buckets.
DISTANCE_BUCKETS = (15, 40, 80, 160)
# A cue this close (characters) to the drug or the change is "near" it.
NEAR_CUE = 60


def _masked(text: str, start: int, end: int, mentions: list[Mention]) -> str:
    """``text[start:end]`` lower-cased, each mention inside replaced by its label."""
    out, cursor = [], start
    for m in mentions:
        if m.start < cursor or m.end > end or m.start < start:
            continue
        out.append(text[cursor:m.start].lower())
        out.append(f" {str(m.label).lower()}_ ")
        cursor = m.end
    out.append(text[cursor:end].lower())
    return "".join(out)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if len(w) > 2] + [w for w in re.findall(r"[a-z_]+_", text)]


def _bucket(value: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if value <= limit:
            return f"<={limit}"
    return f">{DISTANCE_BUCKETS[-1]}"


def _near(cue: Cue, mention: Mention) -> bool:
    return cue.start - NEAR_CUE <= mention.end and mention.start <= cue.end + NEAR_CUE


def candidate_features(view: DocumentView, candidate: Candidate, rule_relation: str | None,
                       rule_negated: bool) -> list[str]:
    """The feature names of one candidate."""
    text = view.document.text
    reading = candidate.reading
    unit = reading.unit
    mutation, drug = candidate.mutation, candidate.drug
    mentions = view.mentions_in(unit.start, unit.end)
    cues = reading.cues
    features = ["bias", f"rule={rule_relation or 'none'}", f"distance={candidate.distance}",
                f"change={str(mutation.label).lower()}", f"drug={str(drug.label).lower()}",
                f"passage={unit.passage.kind}"]
    if rule_relation is not None:
        features.append(f"rule={rule_relation},negated={rule_negated}")
    if is_gene_level(mutation.normalized):
        features.append("gene_level")
    features += [f"cue_in_unit={c.value}" for c in cues]
    features += [f"modifier={m.value}" for m in reading.modifiers]
    near_change = [c for c in cues if _near(c, mutation)]
    features += [f"cue_near_change={c.value}" for c in near_change]
    in_unit = candidate.distance == 0
    if in_unit:
        lo, hi = sorted((mutation.end, drug.start)) if mutation.end <= drug.start else (drug.end, mutation.start)
        features.append(f"order={'change_first' if mutation.start < drug.start else 'drug_first'}")
        features.append(f"chars={_bucket(max(0, hi - lo))}")
        between = [m for m in mentions if lo <= m.start and m.end <= hi]
        features.append(f"changes_between={min(2, sum(m.label in (Label.MUTATION, Label.ALTERATION) for m in between))}")
        features.append(f"drugs_between={min(2, sum(m.label in (Label.DRUG, Label.DRUG_CLASS) for m in between))}")
        features += [f"between={w}" for w in _words(_masked(text, lo, hi, mentions))[:BETWEEN_WORDS]]
        features += [f"cue_between={c.value}" for c in cues if lo <= c.start and c.end <= hi]
        nearest = _nearest_cue(cues, drug, mutation)
        if nearest is not None:
            features.append(f"nearest_cue={nearest.value}")
        first, last = min(mutation.start, drug.start), max(mutation.end, drug.end)
        negations = [m for m in reading.modifiers if m.value == "negation"
                     and first - NEGATION_SCOPE <= m.start < last]
        if negations:
            features.append("negation_in_scope")
    else:
        # the drug's own sentence says what happened to it ("Pazopanib was initiated ... response")
        if candidate.drug_unit is not None:
            drug_unit = view.units[candidate.drug_unit]
            features += [f"drug_sentence={w}" for w in _words(_masked(text, drug_unit.start, drug_unit.end,
                                                                      view.mentions_in(drug_unit.start, drug_unit.end)))]
        features += [f"unit={w}" for w in _words(_masked(text, unit.start, unit.end, mentions))]
    before = _words(_masked(text, max(unit.start, mutation.start - 80), mutation.start, mentions))
    after = _words(_masked(text, mutation.end, min(unit.end, mutation.end + 80), mentions))
    features += [f"before_change={w}" for w in before[-SIDE_WORDS:]]
    features += [f"after_change={w}" for w in after[:SIDE_WORDS]]
    if in_unit:
        before = _words(_masked(text, max(unit.start, drug.start - 80), drug.start, mentions))
        after = _words(_masked(text, drug.end, min(unit.end, drug.end + 80), mentions))
        features += [f"before_drug={w}" for w in before[-SIDE_WORDS:]]
        features += [f"after_drug={w}" for w in after[:SIDE_WORDS]]
    return features

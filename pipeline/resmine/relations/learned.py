"""Evidence decided by the relation classifier: each candidate of a unit
(:mod:`.candidates`) is scored over its features (:mod:`.features`), the rules' reading among
them, and the most probable relation of a (gene, change, drug) in the unit is kept.

The rules keep two readings: table rows, which the classifier has not learnt from, and
gene-level alterations (``ALTERATION``: "amplification", "mutation"), where on CIViC train's
cross-validation the classifier did no better than the rules (strict F1 0.044 against 0.040,
against 0.341 and 0.287 for specific variants; ``models/README.md``)."""

from __future__ import annotations

from resmine.model import Evidence, Label
from resmine.relations.candidates import Candidate, unit_candidates
from resmine.relations.classifier import NONE, RelationModel
from resmine.relations.features import candidate_features
from resmine.relations.pairing import Pair, _nearest_cue
from resmine.relations.reading import NOT_EFFECTS, UnitReading, effect_cues, evidence_row, is_negated, rule_evidence, rule_pairs
from resmine.relations.units import DocumentView, char_gap

# Relations whose statement a negation in scope turns around ("did not confer resistance").
NEGATABLE = frozenset({"resistance", "sensitivity", "activation"})
SAME_UNIT_TIER, OTHER_UNIT_TIER = "A", "B"
# Changes whose relations the rules read (see the module docstring).
RULE_CHANGES = frozenset({Label.ALTERATION})
# A decision whose calibrated confidence is this or less was never right on the calibration set
# (CIViC dev): the classifier adds no row for it.
NEVER_RIGHT = 0.0
# How close (characters) an effect cue must be to a drug of another sentence to say what
# happened to it.
DRUG_CUE_CHARS = 40


def rule_readings(view: DocumentView, reading: UnitReading,
                  pairs: list[Pair] | None = None) -> dict[tuple[int, int, int, int], tuple[str, bool, str]]:
    """The rules' (relation, negated, tier) of each pair they read in the unit (``pairs``: the
    unit's :func:`rule_pairs`, when already read)."""
    out = {}
    for mutation, gene, drug, cue, tier in rule_pairs(view, reading) if pairs is None else pairs:
        negated = is_negated(view.document.text, reading, mutation, drug, cue)
        out[(mutation.start, mutation.end, drug.start, drug.end)] = (cue.value, negated, tier)
    return out


def candidate_rows(view: DocumentView, reading: UnitReading,
                   rules: dict[tuple[int, int, int, int], tuple[str, bool, str]] | None = None,
                   ) -> list[tuple[Candidate, list[str]]]:
    """Each candidate of the unit with its features (``rules``: the unit's :func:`rule_readings`,
    when already read)."""
    rules = rule_readings(view, reading) if rules is None else rules
    out = []
    for candidate in unit_candidates(view, reading):
        relation, negated, _tier = rules.get(candidate.key, (None, False, ""))
        out.append((candidate, candidate_features(view, candidate, relation, negated)))
    return out


def model_evidence(view: DocumentView, reading: UnitReading, model: RelationModel) -> list[Evidence]:
    if reading.is_row:
        return rule_evidence(view, reading)
    # the rules' pairs are read once, for their rows, the classifier's features and what it skips
    pairs = rule_pairs(view, reading)
    rows = rule_evidence(view, reading, pairs=pairs)
    read_by_rules = rule_readings(view, reading, pairs)
    # drugs the unit names as a treatment history or a comparator, for any change of it
    claimed = {key[2:] for key, (relation, _negated, _tier) in read_by_rules.items() if relation in NOT_EFFECTS}
    # a change the rules read with one mention of a drug is not the classifier's to pair with
    # another mention of it (the same name in another sentence): the rules' reading of the
    # change's own unit is its reading of that drug ("... after which time resistance developed.
    # The resistant tumor had a somatic mutation in MTOR (F2108L)" took the sensitivity of "a
    # sustained response to everolimus" besides; read in CIViC dev EID1110)
    read_names = {(mutation.start, drug.normalized) for mutation, _gene, drug, _cue, _tier in pairs}
    best: dict[tuple[str, str, str], tuple[float, float, Candidate, str]] = {}
    for candidate, features in candidate_rows(view, reading, read_by_rules):
        if candidate.mutation.label in RULE_CHANGES or candidate.key in read_by_rules or candidate.key[2:] in claimed:
            continue
        if (candidate.mutation.start, candidate.drug.normalized) in read_names:
            continue
        decision = model.decide(features)
        if decision.relation == NONE or decision.confidence <= NEVER_RIGHT:
            continue
        key = (candidate.gene.normalized, candidate.mutation.normalized, candidate.drug.normalized)
        if key not in best or decision.probability > best[key][0]:
            best[key] = (decision.probability, decision.confidence, candidate, decision.relation)
    for _probability, confidence, candidate, relation in best.values():
        mutation, drug = candidate.mutation, candidate.drug
        said = _drug_sentence_relation(view, reading, candidate)
        if said in NOT_EFFECTS:
            continue  # its sentence names the drug as a treatment history or a comparator
        relation = said or relation
        negated = False
        if relation in NEGATABLE:
            cue = _nearest_cue(reading.cues, drug, mutation) if candidate.distance == 0 else None
            negated = is_negated(view.document.text, reading, mutation, drug, cue)
        tier = SAME_UNIT_TIER if candidate.distance == 0 else OTHER_UNIT_TIER
        rows.append(evidence_row(view, reading, mutation, candidate.gene, drug, relation, tier,
                                 negated, confidence=confidence))
    return rows


def _drug_sentence_relation(view: DocumentView, reading: UnitReading, candidate: Candidate) -> str | None:
    """For a drug of another sentence, what that sentence says happened to it: its
    resistance/sensitivity cue nearest to the drug ("vemurafenib resistant BRAF-mutated
    melanoma ... a GNAQ (Q209P) mutation"), or that it claims the drug for no effect
    (:data:`~resmine.relations.reading.NOT_EFFECTS`: "GIST patients refractory to at least
    imatinib"); None when it says nothing. The classifier decides
    *whether* the pair is a statement; a cue next to the drug says which."""
    if candidate.drug_unit is None or candidate.distance == 0:
        return None
    drug = candidate.drug
    cues = effect_cues(view, reading, candidate.drug_unit, NOT_EFFECTS)
    if any(c.value in NOT_EFFECTS and char_gap(c, drug) <= DRUG_CUE_CHARS for c in cues):
        return min((c for c in cues if c.value in NOT_EFFECTS), key=lambda c: char_gap(c, drug)).value
    near = [c for c in cues if c.value not in NOT_EFFECTS and abs(c.start - drug.start) <= DRUG_CUE_CHARS]
    return min(near, key=lambda c: abs(c.start - drug.start)).value if near else None


__all__ = ["Pair", "candidate_rows", "model_evidence", "rule_readings"]

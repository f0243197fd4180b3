"""The relation classifier: a linear model over candidate features (:mod:`.features`),
softmax over ``none`` and the relations, with a calibration of its confidence.

Stored as one JSON file (``models/relations/model.json``): the classes, one weight vector per
feature name, the intercepts, the decision threshold and the calibration points. Written by
``resmine train-relations`` (:mod:`resmine.tools.relations.train`); read here with numpy only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy

MODEL_FILE = "model.json"
NONE = "none"


@dataclass
class Decision:
    relation: str  # NONE when the candidate states no relation
    probability: float  # the model's probability of ``relation``
    confidence: float  # calibrated: how often such a decision is right


@dataclass
class RelationModel:
    classes: list[str]
    weights: dict[str, list[float]]
    intercept: list[float]
    # a candidate is a statement when P(none) is below this
    threshold: float = 0.5
    # isotonic calibration: the decided relation's probability -> observed precision
    calibration_x: list[float] = field(default_factory=list)
    calibration_y: list[float] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._none = self.classes.index(NONE)
        self._intercept = numpy.asarray(self.intercept, dtype="float64")
        self._rows = {name: numpy.asarray(w, dtype="float64") for name, w in self.weights.items()}

    @classmethod
    def load(cls, directory: str | Path) -> "RelationModel":
        path = Path(directory) / MODEL_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as error:
            raise ValueError(f"{path}: cannot read relation model: {error}") from None

    def save(self, directory: str | Path) -> Path:
        path = Path(directory) / MODEL_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"classes": self.classes, "weights": self.weights, "intercept": self.intercept,
                "threshold": self.threshold, "calibration_x": self.calibration_x,
                "calibration_y": self.calibration_y, "meta": self.meta}
        path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        return path

    def probabilities(self, features: Sequence[str]) -> numpy.ndarray:
        logits = self._intercept.copy()
        for name in features:
            row = self._rows.get(name)
            if row is not None:
                logits += row
        logits -= logits.max()
        exp = numpy.exp(logits)
        return exp / exp.sum()

    def decide(self, features: Sequence[str]) -> Decision:
        probs = self.probabilities(features)
        if probs[self._none] >= self.threshold:
            return Decision(NONE, float(probs[self._none]), float(probs[self._none]))
        ranked = [(p, c) for c, p in zip(self.classes, probs) if c != NONE]
        probability, relation = max(ranked)
        return Decision(relation, float(probability), self.calibrated(float(probability)))

    def calibrated(self, probability: float) -> float:
        if not self.calibration_x:
            return probability
        value = float(numpy.interp(probability, self.calibration_x, self.calibration_y))
        return value if math.isfinite(value) else probability

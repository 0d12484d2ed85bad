"""The learned half of the urgency check, and the one decision it makes with the rules.

A logistic regression over words, word pairs and triples (read clause by clause, marked
when a suppressor quietens their clause) plus the rules' slot features
(`bot.urgency`), fitted by `pathways train` (`bot.urgency_train`) and stored as plain JSON:
for each feature its IDF and weight. Scoring is a pure function of the text and needs no
scikit-learn: sublinear TF x IDF, L2-normalised, dot the weights, plus the intercept, through
the logistic function, exactly as scikit-learn's TfidfVectorizer and LogisticRegression do.

The decision has two tiers. `urgent` (the 999 answer first) when the rules fire or the model
is sure; `possible` (the normal answer under one line, "If this is happening now, call 999.")
when the model is unsure. Both thresholds are chosen by `pathways train` on messages from
authors the model was not trained on, recall first; they live in the model file.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import Problem
from bot.urgency import Findings, UrgencyRules

FORMAT = 1
# No message of two words or fewer is urgent in the labelled corpus (0 of 170), so the model
# has no evidence there: alone it may add the "possible" line to "help" but not lead with 999.
# The rules still can ("999", "help me").
FEWEST_WORDS_FOR_MODEL = 3


def features(findings: Findings) -> list[str]:
    """The model's features for one message (the same at training and asking): per clause,
    words, word pairs and triples; a word in a suppressed clause ("last year", "what if")
    also as a `q:` feature, so "dragged" told as history weighs apart from "dragged" now;
    and the rules' slots. Across authors, the `q:` words raised recall at precision 0.92 from
    0.975 to 0.980; character n-grams lowered it (0.979 -> 0.954) and were dropped."""
    out: list[str] = []
    for clause, quiet in findings.clauses:
        words = clause.split()
        out += [f"w:{w}" for w in words]
        out += [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        out += [f"t:{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]
        if quiet:
            out += [f"q:{w}" for w in words]
    out += [f"r:{slot}" for slot in sorted(findings.features)]
    return out


@dataclass(frozen=True)
class Urgency:
    """The reply's `urgency`: the level, the rules that fired and the model's score."""

    level: str = "none"
    rules: tuple[str, ...] = ()
    score: float = 0.0

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "rules": list(self.rules), "score": round(self.score, 4)}


@dataclass(frozen=True)
class UrgencyModel:
    weights: Mapping[str, tuple[float, float]]  # feature -> (idf, weight)
    intercept: float
    urgent_at: float  # the score from which the model alone calls a message urgent
    possible_at: float  # ... and from which it adds the "if this is happening now" line
    corpus_hash: str
    path: str = ""

    def score(self, findings: Findings) -> float:
        """The probability that this message describes a child in danger now."""
        return self.score_features(features(findings))

    def score_features(self, found: list[str]) -> float:
        total = 0.0
        norm = 0.0
        for feature, count in Counter(found).items():
            known = self.weights.get(feature)
            if known is None:
                continue
            value = (1.0 + math.log(count)) * known[0]
            norm += value * value
            total += value * known[1]
        z = self.intercept + (total / math.sqrt(norm) if norm else 0.0)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self, extra: Mapping[str, Any]) -> str:
        data = {
            "format": FORMAT,
            "corpus_hash": self.corpus_hash,
            "intercept": self.intercept,
            "thresholds": {"urgent": self.urgent_at, "possible": self.possible_at},
            **extra,
            "features": {k: list(v) for k, v in sorted(self.weights.items())},
        }
        return json.dumps(data, indent=0, sort_keys=False, ensure_ascii=False) + "\n"


def load_model(path: Path, shown: str) -> tuple[UrgencyModel | None, list[Problem]]:
    """Read a model file; a missing or malformed one is a Problem, never an exception."""
    if not path.is_file():
        return None, [Problem(shown, 1, "model", "no trained model: run `pathways train`")]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        weights = {str(k): (float(v[0]), float(v[1])) for k, v in data["features"].items()}
        model = UrgencyModel(
            weights=weights,
            intercept=float(data["intercept"]),
            urgent_at=float(data["thresholds"]["urgent"]),
            possible_at=float(data["thresholds"]["possible"]),
            corpus_hash=str(data["corpus_hash"]),
            path=shown,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        return None, [Problem(shown, 1, "model", f"unreadable model ({exc}): run `pathways train`")]
    return model, []


def assess(message: str, rules: UrgencyRules, model: UrgencyModel | None) -> Urgency:
    """The one urgency decision: rules and model together, recall first."""
    findings = rules.read(message)
    if model is None:
        return Urgency(
            "urgent" if findings.urgent else "none", findings.fired, float(findings.urgent)
        )
    score = model.score(findings)
    words = sum(len(clause.split()) for clause, _ in findings.clauses)
    sure = score >= model.urgent_at and words >= FEWEST_WORDS_FOR_MODEL
    if findings.urgent or sure:
        return Urgency("urgent", findings.fired or ("model",), score)
    if score >= model.possible_at:
        return Urgency("possible", ("model",), score)
    return Urgency("none", (), score)

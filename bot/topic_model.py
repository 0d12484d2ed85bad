"""The learned ranker: which topic answers a question, with a calibrated confidence.

Two stages, both fitted by `pathways train` (`bot.topic_train`) and stored as plain data in
one `.npz` (arrays, plus the metadata as a JSON string):

1. A text classifier: multinomial logistic regression over the question's normalised words
   and word pairs (the matcher's own lexicon: UK spelling, synonyms, stems, places as one
   token), with a class per topic, per out-of-scope entry and one for everything else
   ("out-of-field"). It learns from the topic corpus and the knowledge's own questions.
2. A ranker: a pairwise logistic regression over each candidate's signals, the
   classifier's probability beside the lexical engine's score (BM25, fuzzy, cosine), fitted
   on cross-author predictions (the right candidate against each wrong one); and a
   calibrator, a logistic regression on the best candidate's rank score and its lead, whose
   output is the probability that the best candidate is right. That probability is the
   reply's `confidence`; the abstention threshold is chosen on authors the model was not
   trained on.

Asking needs numpy only; the scores are a pure function of the question.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import Problem
from bot.normalise import stem
from bot.sentence_vectors import OFFICIAL_SHA256

FORMAT = 2  # 2: an optional sentence-vector classifier and its blend
OUT_OF_FIELD = "out-of-field"
LONE_LEAD = 10.0  # the lead of a candidate with no rival: far above any lead seen in training
# The combiner's inputs for one candidate, in order (see `candidate_signals`).
SIGNALS = (
    "p",  # the classifier's probability for the candidate
    "log_p",
    "p_top",  # 1 if the classifier ranks it first
    "p_margin",  # its probability minus the best other candidate's
    "engine",  # the lexical engine's score (0 when it did not offer the candidate)
    "engine_top",  # 1 if the engine ranks it first
    "engine_margin",
    "out_of_scope",  # 1 for an out-of-scope entry or the out-of-field class
)


def topic_features(tokens: Sequence[str]) -> list[str]:
    """Stemmed words and word pairs of a question already through the matcher's lexicon, and
    the 4-letter pieces of each word of four letters or more (typos and word forms meet: in a
    trial across authors, pieces of words of three letters or more raised the classifier's
    top-1 from 0.835 to 0.859)."""
    stems = [stem(t) for t in tokens]
    out = [f"w:{s}" for s in stems] + [f"b:{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    for token in tokens:
        padded = f"<{token}>"
        if len(padded) >= 6:
            out += [f"c:{padded[i : i + 4]}" for i in range(len(padded) - 3)]
    return out


def candidate_signals(
    topic: str, probs: Mapping[str, float], engine: Mapping[str, float], out_of_scope: bool
) -> list[float]:
    """The combiner's inputs for one candidate (the same at training and asking)."""
    p = probs.get(topic, 0.0)
    best_other_p = max((v for k, v in probs.items() if k != topic), default=0.0)
    e = engine.get(topic, 0.0)
    best_other_e = max((v for k, v in engine.items() if k != topic), default=0.0)
    return [
        p,
        math.log(p + 1e-6),
        1.0 if p > best_other_p else 0.0,
        p - best_other_p,
        e,
        1.0 if engine and e > best_other_e else 0.0,
        e - best_other_e,
        1.0 if out_of_scope else 0.0,
    ]


@dataclass(frozen=True)
class TopicModel:
    vocabulary: Mapping[str, int]
    idf: np.ndarray  # (features,)
    weights: np.ndarray  # (features, classes)
    intercept: np.ndarray  # (classes,)
    classes: tuple[str, ...]
    ranker: tuple[float, ...]  # one weight per SIGNALS entry
    calibrator: tuple[float, float, float]  # best rank score, its lead, intercept
    answer_at: float  # below this confidence the reply is a fallback
    corpus_hash: str
    path: str = ""
    index: Mapping[str, int] = field(default_factory=dict)
    # The sentence-vector classifier (all-MiniLM-L6-v2 vectors, logistic regression) and its
    # share of the blended probability, chosen across authors at training; 0: words only.
    vector_weights: np.ndarray | None = None  # (384, classes)
    vector_intercept: np.ndarray | None = None  # (classes,)
    blend: float = 0.0
    # the question sentence's share of a long story's probabilities (bot.focus), chosen across
    # authors at training; 0: stories are read whole.
    focus: float = 0.0

    @property
    def wants_vectors(self) -> bool:
        return self.blend > 0 and self.vector_weights is not None

    def probabilities(
        self,
        tokens: Sequence[str],
        allowed: Iterable[str],
        vector: np.ndarray | None = None,
    ) -> dict[str, float]:
        """Each allowed class's probability (renormalised over them): the word classifier's,
        blended with the sentence-vector classifier's when the model has one."""
        columns = np.array([self.index[c] for c in allowed if c in self.index], dtype=np.int64)
        words = self._word_probabilities(tokens, columns)
        if vector is not None and self.wants_vectors:
            assert self.vector_weights is not None and self.vector_intercept is not None
            logits = vector.astype(np.float64) @ self.vector_weights[:, columns].astype(np.float64)
            logits = logits + self.vector_intercept[columns]
            words = (1 - self.blend) * words + self.blend * _softmax(logits)
        return {self.classes[int(c)]: float(p) for c, p in zip(columns, words, strict=True)}

    def _word_probabilities(self, tokens: Sequence[str], columns: np.ndarray) -> np.ndarray:
        counts: dict[int, int] = {}
        for feature in topic_features(tokens):
            column = self.vocabulary.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        logits = self.intercept[columns].astype(np.float64)
        if counts:
            rows = np.fromiter(counts, dtype=np.int64)
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[rows]
            values /= np.linalg.norm(values)
            logits = logits + values @ self.weights[np.ix_(rows, columns)].astype(np.float64)
        return _softmax(logits)

    def rank_score(self, signals: Sequence[float]) -> float:
        return rank_score(self.ranker, signals)

    def confidence(self, best: float, runner_up: float | None) -> float:
        """The calibrated probability that the best-ranked candidate is right."""
        return calibrated(self.calibrator, best, runner_up)

    def save(self, path: Path, meta: Mapping[str, Any]) -> None:
        names = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        info = {
            "format": FORMAT,
            "corpus_hash": self.corpus_hash,
            "classes": list(self.classes),
            "signals": list(SIGNALS),
            "ranker": list(self.ranker),
            "calibrator": list(self.calibrator),
            "answer_at": self.answer_at,
            "blend": self.blend,
            "focus": self.focus,
            "sentence_model_sha256": OFFICIAL_SHA256 if self.wants_vectors else None,
            **meta,
        }
        vectors: dict[str, Any] = {}
        if self.vector_weights is not None and self.vector_intercept is not None:
            vectors = {
                "vector_weights": self.vector_weights.astype(np.float16),
                "vector_intercept": self.vector_intercept.astype(np.float32),
            }
        with path.open("wb") as f:
            np.savez_compressed(
                f,
                features=names,
                idf=self.idf.astype(np.float32),
                weights=self.weights.astype(np.float16),
                intercept=self.intercept.astype(np.float32),
                meta=np.array(json.dumps(info, sort_keys=True)),
                **vectors,
            )


def load_topic_model(path: Path, shown: str) -> tuple[TopicModel | None, list[Problem]]:
    """Read a model file; a missing or malformed one is a Problem, never an exception."""
    if not path.is_file():
        return None, [Problem(shown, 1, "model", "no trained topic model: run `pathways train`")]
    try:
        with np.load(path, allow_pickle=False) as data:
            info = json.loads(str(data["meta"]))
            if info.get("format") != FORMAT:
                raise ValueError(f"format {info.get('format')!r}, expected {FORMAT}")
            names = [str(n) for n in data["features"]]
            classes = tuple(str(c) for c in info["classes"])
            model = TopicModel(
                vocabulary={n: i for i, n in enumerate(names)},
                idf=data["idf"].astype(np.float32),
                weights=data["weights"],
                intercept=data["intercept"],
                classes=classes,
                ranker=tuple(float(w) for w in info["ranker"]),
                calibrator=_three(info["calibrator"]),
                answer_at=float(info["answer_at"]),
                corpus_hash=str(info["corpus_hash"]),
                path=shown,
                index={c: i for i, c in enumerate(classes)},
                vector_weights=data["vector_weights"] if "vector_weights" in data else None,
                vector_intercept=data["vector_intercept"] if "vector_intercept" in data else None,
                blend=float(info.get("blend", 0.0)),
                focus=float(info.get("focus", 0.0)),
            )
        if model.weights.shape != (len(names), len(classes)):
            raise ValueError("weights do not match features and classes")
        if model.vector_weights is not None and model.vector_weights.shape[1] != len(classes):
            raise ValueError("sentence-vector weights do not match the classes")
        if model.wants_vectors and info.get("sentence_model_sha256") != OFFICIAL_SHA256:
            raise ValueError("trained with another sentence model")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, [Problem(shown, 1, "model", f"unreadable model ({exc}): run `pathways train`")]
    return model, []


def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max())
    return np.asarray(exp / exp.sum())


def rank_score(ranker: Sequence[float], signals: Sequence[float]) -> float:
    """The pairwise ranker's score for one candidate: higher ranks first."""
    return sum(w * s for w, s in zip(ranker, signals, strict=True))


def calibrated(calibrator: Sequence[float], best: float, runner_up: float | None) -> float:
    lead = best - runner_up if runner_up is not None else LONE_LEAD
    z = calibrator[0] * best + calibrator[1] * lead + calibrator[2]
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def _three(values: Any) -> tuple[float, float, float]:
    a, b, c = (float(v) for v in values)
    return a, b, c

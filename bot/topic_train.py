"""`pathways train` (topics): fit the learned ranker on the topic corpus and the knowledge's
own questions, judge it across authors, choose the abstention threshold there, write `.npz`.

Seeded and deterministic. scikit-learn is imported here only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from bot.assistant import Assistant
from bot.errors import KnowledgeError, Problem
from bot.focus import question_sentence
from bot.knowledge import load_knowledge
from bot.model import CORE, Knowledge
from bot.ranking import candidates, classes_for, mixed
from bot.topic_corpus import (
    TOPIC_METHOD,
    TOPIC_MODEL_FILE,
    TRAINING_DIR,
    read_phrasings,
    topic_hash,
)
from bot.topic_model import (
    LONE_LEAD,
    OUT_OF_FIELD,
    SIGNALS,
    TopicModel,
    calibrated,
    rank_score,
    topic_features,
)

SEED = 0
C_TEXT = 10.0  # the classifier's regularisation: 10 beat 3 and 30 across authors (top-1)
C_VECTORS = 10.0  # the sentence-vector classifier's: the word classifier's value, not tuned
# The sentence-vector shares tried; training keeps the one best across authors.
BLENDS = (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0)
# The question sentence's share of a long story's probabilities (bot.focus): the one that
# gets most messages right across authors, end to end; 0: reading stories whole is best.
FOCUS_SHARES = (0.0, 0.2, 0.35, 0.5, 0.65)
# Thresholds at which the cross-author figures are also reported (the model's meta), so the
# trade-off between answering and abstaining can be read without retraining.
CURVE = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
KNOWLEDGE_AUTHOR = "knowledge"  # the knowledge's own questions: always trained on

Report = Callable[[str], None]
Sample = list[tuple[str, list[float], bool]]  # (candidate, its signals, whether it is right)
Fitted = tuple[tuple[float, ...], tuple[float, float, float], float, dict[str, Any]]


@dataclass(frozen=True)
class Row:
    text: str
    label: str
    author: str
    council: str | None


def train_topics(root: Path, report: Report = print) -> dict[str, Any]:
    knowledge, problems = load_knowledge(root)
    phrasings, found = read_phrasings(root, _topic_ids(knowledge), set(knowledge.packs))
    errors = [p for p in problems + found if p.severity == "error" and p.field != "model"]
    if errors:
        raise KnowledgeError(errors)
    if not phrasings:
        raise KnowledgeError([Problem(str(root / TRAINING_DIR), 1, "messages", "no phrasings")])
    assistant = Assistant(knowledge, council=sorted(knowledge.packs)[0])
    rows = [Row(p.text, knowledge.canonical(p.topic), p.author, p.council) for p in phrasings]
    rows += [
        Row(q, t.id, KNOWLEDGE_AUTHOR, None if t.pack == CORE else t.pack)
        for t in knowledge.all_topics()
        for q in (t.title, *t.questions)
    ]
    docs = [topic_features(assistant.tokens(r.text)) for r in rows]
    classes = sorted({r.label for r in rows})
    authors = sorted({r.author for r in rows} - {KNOWLEDGE_AUTHOR})
    report(
        f"topic corpus: {len(phrasings)} phrasings by {len(authors)} authors; "
        f"{len(classes)} classes"
    )
    vectors = _sentence_vectors([r.text for r in rows], report)
    asking = {i: s for i, r in enumerate(rows) if (s := question_sentence(r.text)) is not None}
    report(f"question sentences of {len(asking):,} long stories")
    asking_docs = {i: topic_features(assistant.tokens(s)) for i, s in asking.items()}
    words: list[dict[str, float]] = [{} for _ in rows]
    sentences: list[dict[str, float]] = [{} for _ in rows]
    asked_words: dict[int, dict[str, float]] = {}
    for n, author in enumerate(authors, 1):
        report(f"  fold {n}/{len(authors)}: validating on {author}")
        held = [i for i, r in enumerate(rows) if r.author == author]
        kept = [i for i, r in enumerate(rows) if r.author != author]
        fitted = _fit([docs[i] for i in kept], [rows[i].label for i in kept], classes)
        fitted_vectors = _fit_vectors(vectors[kept], [rows[i].label for i in kept])
        held_vectors = _predict_vectors(fitted_vectors, vectors[held])
        for i, sentence in zip(held, held_vectors, strict=True):
            words[i] = _predict(fitted, docs[i], classes)
            sentences[i] = sentence
        for i in held:
            if i in asking:  # by its words alone: a second sentence vector cost 5 ms at p99
                asked_words[i] = _predict(fitted, asking_docs[i], classes)
    judged = [i for i, r in enumerate(rows) if r.author != KNOWLEDGE_AUTHOR]
    blend, by_blend = _choose_share(
        BLENDS,
        [rows[i] for i in judged],
        [words[i] for i in judged],
        [sentences[i] for i in judged],
        assistant,
        knowledge,
    )
    report(
        "  classifier top-1 across authors by sentence-vector share: "
        + ", ".join(f"{b}: {v:.3f}" for b, v in by_blend.items())
        + f" -> {blend}"
    )
    whole = [mixed(w, v, blend) for w, v in zip(words, sentences, strict=True)]
    asked = [asked_words.get(i, whole[i]) for i in range(len(rows))]
    engines = [_engine(assistant, rows[i], knowledge) for i in judged]
    # The question sentence's share is judged end to end (ranker, calibration, threshold), as
    # "right across authors": its effect is on confidence as much as on the best class.
    by_focus: dict[float, float] = {}
    fitted_by_focus: dict[float, Fitted] = {}
    for share in FOCUS_SHARES:
        probs = [mixed(whole[i], asked[i], share) for i in judged]
        samples = [
            _candidates(assistant, rows[i], p, engine, knowledge)
            for i, p, engine in zip(judged, probs, engines, strict=True)
        ]
        ranker = _fit_ranker(samples)
        calibrator = _fit_calibrator(ranker, samples)
        answer_at, figures = _choose_threshold(
            samples, ranker, calibrator, [rows[i] for i in judged], knowledge
        )
        by_focus[share] = round(figures["right"], 4)
        fitted_by_focus[share] = (ranker, calibrator, answer_at, figures)
        report(f"  a long story's question sentence at share {share}: right {figures['right']:.3f}")
    focus = max(by_focus, key=lambda s: (by_focus[s], -s))
    ranker, calibrator, answer_at, figures = fitted_by_focus[focus]
    report(f"  -> question-sentence share {focus}")
    report(
        f"cross-author: right {figures['right']:.3f} "
        f"(in-field top-1 {figures['in_field_top1']:.3f}, "
        f"off-field answered {figures['off_field_answered']:.3f}) at confidence {answer_at}"
    )
    for t, at in figures["by_threshold"].items():
        report(
            f"  at confidence {t}: right {at['right']:.3f}, in-field top-1 "
            f"{at['in_field_top1']:.3f}, off-field answered {at['off_field_answered']:.3f}"
        )
    report(f"fitting the classifiers on all {len(rows)} rows")
    final = _fit(docs, [r.label for r in rows], classes)
    final_vectors = _fit_vectors(vectors, [r.label for r in rows]) if blend > 0 else None
    model = _to_model(final, classes, ranker, calibrator, answer_at, topic_hash(root))
    if final_vectors is not None:
        order = [list(final_vectors.classes_).index(c) for c in classes]
        model = replace(
            model,
            vector_weights=np.asarray(final_vectors.coef_.T[:, order], dtype=np.float16),
            vector_intercept=np.asarray(final_vectors.intercept_[order], dtype=np.float32),
            blend=blend,
        )
    model = replace(model, focus=focus)
    figures = {
        **figures,
        "classifier_top1_by_blend": by_blend,
        "right_by_question_sentence_share": by_focus,
    }
    meta = {
        "validation": figures,
        "method": TOPIC_METHOD,
        "seed": SEED,
        "C": C_TEXT,
        "C_vectors": C_VECTORS,
    }
    model.save(root / TOPIC_MODEL_FILE, meta)
    report(
        f"wrote {root / TOPIC_MODEL_FILE} "
        f"({len(model.vocabulary):,} features, {len(classes)} classes)"
    )
    return figures


def _topic_ids(knowledge: Knowledge) -> set[str]:
    """Every id a phrasing may carry: the topics and the old ids merged into them."""
    return {i for t in knowledge.all_topics() for i in (t.id, *t.aliases)}


def _fit(docs: Sequence[list[str]], labels: Sequence[str], classes: list[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform(docs)
    classifier = LogisticRegression(C=C_TEXT, max_iter=3000, random_state=SEED)
    classifier.fit(matrix, labels)
    return vectorizer, classifier


def _sentence_vectors(texts: list[str], report: Report) -> np.ndarray:
    """all-MiniLM-L6-v2 vectors of every row, rounded to 4 places so that the last bits of
    floating-point sums (which vary with BLAS threads) cannot change the fitted weights."""
    from bot.sentence_vectors import shared_encoder, verify_weights

    report(f"sentence vectors for {len(texts):,} messages (about a minute)")
    step = max(len(texts) // 5, 1)

    def progress(done: int, total: int) -> None:
        if done % step < 32 or done == total:
            report(f"  {done:,}/{total:,}")

    verify_weights()
    found = shared_encoder().encode_many(texts, progress=progress)
    return np.round(found.astype(np.float64), 4)


def _fit_vectors(vectors: np.ndarray, labels: Sequence[str]) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C_VECTORS, max_iter=3000, random_state=SEED).fit(vectors, labels)


def _predict_vectors(fitted: Any, vectors: np.ndarray) -> list[dict[str, float]]:
    rows = fitted.predict_proba(vectors)
    return [{str(c): float(p) for c, p in zip(fitted.classes_, row, strict=True)} for row in rows]


def _choose_share(
    shares: Sequence[float],
    rows: list[Row],
    words: list[dict[str, float]],
    sentences: list[dict[str, float]],
    assistant: Assistant,
    knowledge: Knowledge,
) -> tuple[float, dict[float, float]]:
    """The second probabilities' share of the blend (the sentence-vector classifier's, or a
    story's question sentence's): the one whose best class is most often right across
    authors, the smaller on a tie (0 would mean the second earns nothing)."""
    allowed = {name: set(classes_for(knowledge, pack)) for name, pack in knowledge.packs.items()}
    scores: dict[float, float] = {}
    for blend in shares:
        right = 0
        for row, w, v in zip(rows, words, sentences, strict=True):
            council = row.council if row.council in allowed else assistant.default_council
            blended = mixed(w, v, blend)
            best = max((k for k in blended if k in allowed[council]), key=blended.__getitem__)
            right += best == row.label or (
                _is_oos(best, knowledge) and _is_oos(row.label, knowledge)
            )
        scores[blend] = round(right / len(rows), 4)
    return max(scores, key=lambda b: (scores[b], -b)), scores


def _identity(doc: list[str]) -> list[str]:
    return doc


def _predict(fitted: Any, doc: list[str], classes: list[str]) -> dict[str, float]:
    vectorizer, classifier = fitted
    row = classifier.predict_proba(vectorizer.transform([doc]))[0]
    return {str(c): float(p) for c, p in zip(classifier.classes_, row, strict=True)}


def _engine(assistant: Assistant, row: Row, knowledge: Knowledge) -> dict[str, float]:
    """The lexical engine's score of each topic for one message (the ranker's other signals)."""
    council = row.council if row.council in knowledge.packs else assistant.default_council
    return {m.topic.id: m.score for m in assistant.rank(row.text, knowledge.packs[council], None)}


def _candidates(
    assistant: Assistant,
    row: Row,
    probs: dict[str, float],
    engine: dict[str, float],
    knowledge: Knowledge,
) -> Sample:
    """(candidate, its signals, whether it is right) for one held-out message."""
    council = row.council if row.council in knowledge.packs else assistant.default_council
    pack = knowledge.packs[council]
    allowed = set(classes_for(knowledge, pack))
    kept = {k: v for k, v in probs.items() if k in allowed}
    total = sum(kept.values()) or 1.0
    kept = {k: v / total for k, v in kept.items()}
    off_field = _is_oos(row.label, knowledge)
    return [
        (topic, signals, topic == row.label or (signals[-1] > 0 and off_field))
        for topic, signals in candidates(kept, engine, assistant.topic_ids)
    ]


def _out_of_scope(topic_id: str, knowledge: Knowledge) -> bool:
    topic = knowledge.topics.get(topic_id)
    return bool(topic and topic.out_of_scope)


def _is_oos(label: str, knowledge: Knowledge) -> bool:
    return label == OUT_OF_FIELD or _out_of_scope(label, knowledge)


def _fit_ranker(samples: list[Sample]) -> tuple[float, ...]:
    """Pairwise: the right candidate's signals minus each wrong one's, both ways round."""
    from sklearn.linear_model import LogisticRegression

    x: list[list[float]] = []
    y: list[int] = []
    for sample in samples:
        right = next((s for _, s, ok in sample if ok), None)
        if right is None:
            continue
        for _, wrong, ok in sample:
            if not ok:
                diff = [a - b for a, b in zip(right, wrong, strict=True)]
                x += [diff, [-d for d in diff]]
                y += [1, 0]
    if not x:  # a tiny corpus whose every best candidate was right: rank by probability
        return tuple(1.0 if name == "p" else 0.0 for name in SIGNALS)
    fitted = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False, random_state=SEED)
    fitted.fit(x, y)
    return tuple(round(float(w), 6) for w in fitted.coef_[0])


def _ranked(ranker: tuple[float, ...], sample: Sample) -> list[tuple[float, str, bool, bool]]:
    scored = [(rank_score(ranker, s), topic, ok, s[-1] > 0) for topic, s, ok in sample]
    return sorted(scored, reverse=True)


def _fit_calibrator(ranker: tuple[float, ...], samples: list[Sample]) -> tuple[float, float, float]:
    """P(the best candidate is right) from its rank score and its lead over the next."""
    from sklearn.linear_model import LogisticRegression

    x, y = [], []
    for sample in samples:
        ranked = _ranked(ranker, sample)
        best = ranked[0][0]
        lead = best - ranked[1][0] if len(ranked) > 1 else LONE_LEAD
        x.append([best, lead])
        y.append(ranked[0][2])
    if len(set(y)) < 2:  # all right (or all wrong): a constant, from the observed rate
        rate = min(max(sum(y) / len(y), 0.01), 0.99)
        return 0.0, 0.0, round(math.log(rate / (1 - rate)), 6)
    fitted = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED).fit(x, y)
    a, b = (round(float(w), 6) for w in fitted.coef_[0])
    return a, b, round(float(fitted.intercept_[0]), 6)


def _choose_threshold(
    samples: list[Sample],
    ranker: tuple[float, ...],
    calibrator: tuple[float, float, float],
    rows: list[Row],
    knowledge: Knowledge,
) -> tuple[float, dict[str, Any]]:
    """The confidence below which Pathways abstains, chosen on held-out authors: the one
    that gets most messages right. An off-topic message is right when it gets no topic's
    answer; an in-field one only when its topic answers. (Counting a wrong answer as worse
    than abstaining was tried: it chose 0.69 and lost 1-3 points of top-1 on every tuning
    set without lowering off-topic answers, which the out-of-field class already keeps low.)"""
    picks: list[Pick] = []
    for sample, row in zip(samples, rows, strict=True):
        ranked = _ranked(ranker, sample)
        best, _, right, oos = ranked[0]
        confidence = calibrated(calibrator, best, ranked[1][0] if len(ranked) > 1 else None)
        picks.append(Pick(confidence, right, oos, _is_oos(row.label, knowledge), row.author))
    best_t, best_gain = 0.5, -len(picks)
    for t in sorted({round(p.confidence, 3) for p in picks}):
        gain = sum(p.right_at(t) for p in picks)
        if gain > best_gain:
            best_t, best_gain = t, gain
    in_field = [p for p in picks if not p.off_field]
    off = [p for p in picks if p.off_field]
    figures = {
        "messages": len(picks),
        "answer_at": best_t,
        "right": _share(sum(p.right_at(best_t) for p in picks), len(picks)),
        "wrong_answers": _share(sum(p.wrong_at(best_t) for p in picks), len(picks)),
        "in_field_top1": _share(sum(p.right_at(best_t) for p in in_field), len(in_field)),
        "off_field_answered": _share(sum(p.answers_at(best_t) for p in off), len(off)),
        "by_author": {
            a: _share(
                sum(p.right_at(best_t) for p in picks if p.author == a),
                sum(1 for p in picks if p.author == a),
            )
            for a in sorted({p.author for p in picks})
        },
        # the trade-off the choice was made on, for whoever reads the model's figures
        "by_threshold": {
            t: {
                "right": _share(sum(p.right_at(t) for p in picks), len(picks)),
                "in_field_top1": _share(sum(p.right_at(t) for p in in_field), len(in_field)),
                "off_field_answered": _share(sum(p.answers_at(t) for p in off), len(off)),
            }
            for t in CURVE
        },
    }
    return best_t, figures


@dataclass(frozen=True)
class Pick:
    confidence: float
    right: bool  # the best candidate is the message's topic (or both are off-field)
    oos: bool  # the best candidate is an out-of-scope entry or the out-of-field class
    off_field: bool  # the message itself is off-field
    author: str

    def answers_at(self, t: float) -> bool:
        return not self.oos and self.confidence >= t

    def wrong_at(self, t: float) -> bool:
        return self.answers_at(t) and not self.right

    def right_at(self, t: float) -> bool:
        return self.right if self.answers_at(t) or self.oos else self.off_field


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def _to_model(
    fitted: Any,
    classes: list[str],
    ranker: tuple[float, ...],
    calibrator: tuple[float, float, float],
    answer_at: float,
    digest: str,
) -> TopicModel:
    vectorizer, classifier = fitted
    names = [str(n) for n in vectorizer.get_feature_names_out()]
    order = [list(classifier.classes_).index(c) for c in classes]
    weights = np.asarray(classifier.coef_.T[:, order], dtype=np.float32)
    return TopicModel(
        vocabulary={n: i for i, n in enumerate(names)},
        idf=np.asarray(vectorizer.idf_, dtype=np.float32),
        weights=weights.astype(np.float16),
        intercept=np.asarray(classifier.intercept_[order], dtype=np.float32),
        classes=tuple(classes),
        ranker=ranker,
        calibrator=calibrator,
        answer_at=answer_at,
        corpus_hash=digest,
        index={c: i for i, c in enumerate(classes)},
    )

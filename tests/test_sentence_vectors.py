"""The sentence model runs on numpy alone, refuses weights that are not the official release,
and gives the same vector for a text alone or in a batch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.sentence_vectors import (
    OFFICIAL_SHA256,
    SentenceEncoder,
    SentenceModelError,
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


def test_a_text_alone_and_in_a_batch_get_the_same_vector() -> None:
    encoder = shared_encoder()
    texts = ["lado", "what does the deter team do in preston and chorley", "hi"]
    batch = encoder.encode_many(texts)
    for text, row in zip(texts, batch, strict=True):
        assert np.allclose(encoder.encode(text), row, atol=1e-5)

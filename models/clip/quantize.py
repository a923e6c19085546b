"""Weight-only int8 quantization of an ONNX graph (no onnxruntime needed).

Every float initializer that feeds a MatMul/Gemm/Conv weight input or a Gather table and has
at least `min_elems` values is replaced by int8 values + a per-channel float scale and a
DequantizeLinear node (opset >= 13, symmetric, zero point 0). Activations stay float32, so the
graph runs unchanged on WASM and WebGPU; the file shrinks ~4x. Whether the result is good
enough is decided by the caller (cosine of embeddings vs fp32).
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper


def _axis_for(node: onnx.NodeProto, input_index: int, shape) -> int | None:
    if node.op_type == "Conv" and input_index == 1:
        return 0  # [O, I, kh, kw]
    if node.op_type == "Gather" and input_index == 0:
        return 0  # embedding rows
    if node.op_type == "MatMul" and input_index == 1 and len(shape) == 2:
        return 1  # x[.., in] @ W[in, out]: one scale per output column
    if node.op_type == "Gemm" and input_index == 1 and len(shape) == 2:
        trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
        return 0 if trans_b else 1
    return None


def quantize_weights(src: str, dst: str, min_elems: int = 1024) -> dict:
    model = onnx.load(src)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    users: dict[str, list] = {}
    for n in g.node:
        for k, name in enumerate(n.input):
            if name in inits:
                users.setdefault(name, []).append((n, k))
    new_nodes, stats = [], {"quantized": 0, "kept": 0}
    for name, uses in users.items():
        w = numpy_helper.to_array(inits[name])
        if w.dtype != np.float32 or w.size < min_elems:
            stats["kept"] += 1
            continue
        axes = {_axis_for(n, k, w.shape) for n, k in uses}
        if len(axes) != 1 or None in axes:
            stats["kept"] += 1
            continue
        axis = axes.pop()
        red = tuple(i for i in range(w.ndim) if i != axis)
        amax = np.abs(w).max(axis=red)
        scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        g.initializer.remove(inits[name])
        g.initializer.extend([
            numpy_helper.from_array(q, name + "_q"),
            numpy_helper.from_array(scale, name + "_scale"),
            numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), name + "_zp"),
        ])
        new_nodes.append(helper.make_node("DequantizeLinear", [name + "_q", name + "_scale", name + "_zp"], [name],
                                          name=name + "_dequant", axis=axis))
        stats["quantized"] += 1
    for n in reversed(new_nodes):
        g.node.insert(0, n)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return stats

"""Weight-only fp16 and int8 variants of an fp32 ONNX graph (onnx package only, no onnxruntime).

fp16: each large float initializer is stored as float16 and followed by Cast(to=float), so the
      graph still computes in fp32 (same inputs/outputs), at half the weight bytes.
int8: each large Conv / MatMul / Gemm weight is stored as int8 with a per-output-channel
      symmetric scale (max|w| / 127) and followed by DequantizeLinear (opset ≥ 13) back to
      float; biases and small tensors stay fp32. Roughly a quarter of the weight bytes.
Both run on onnxruntime-web's WASM and WebGPU providers; test/model/diffusion*.test.ts checks
them against fp32.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MIN_ELEMENTS = 1024


def _consumers(graph):
    out = {}
    for node in graph.node:
        for i, name in enumerate(node.input):
            out.setdefault(name, []).append((node, i))
    return out


def _replace_input(graph, old, new):
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == old:
                node.input[i] = new


def to_fp16(model: onnx.ModelProto) -> onnx.ModelProto:
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    casts = []
    for init in g.initializer:
        if init.data_type != TensorProto.FLOAT:
            continue
        w = numpy_helper.to_array(init)
        if w.size < MIN_ELEMENTS:
            continue
        name = init.name
        half = numpy_helper.from_array(w.astype(np.float16), name + "_fp16")
        init.CopyFrom(half)
        _replace_input(g, name, name + "_cast")
        casts.append(helper.make_node("Cast", [name + "_fp16"], [name + "_cast"], to=TensorProto.FLOAT))
    for c in reversed(casts):
        g.node.insert(0, c)
    return m


def to_int8(model: onnx.ModelProto) -> onnx.ModelProto:
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    users = _consumers(g)
    new_nodes, new_inits = [], []
    for init in g.initializer:
        if init.data_type != TensorProto.FLOAT:
            continue
        w = numpy_helper.to_array(init)
        if w.size < MIN_ELEMENTS or w.ndim < 2:
            continue
        uses = users.get(init.name, [])
        axes = set()
        for node, idx in uses:
            if node.op_type == "Conv" and idx == 1:
                axes.add(0)
            elif node.op_type == "MatMul" and idx == 1 and w.ndim == 2:
                axes.add(1)
            elif node.op_type == "Gemm" and idx == 1 and w.ndim == 2:
                tb = next((a.i for a in node.attribute if a.name == "transB"), 0)
                axes.add(0 if tb else 1)
            else:
                axes.add(None)
        if len(axes) != 1 or None in axes:
            continue
        axis = axes.pop()
        red = tuple(i for i in range(w.ndim) if i != axis)
        scale = np.abs(w).max(axis=red) / 127.0
        scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        name = init.name
        new_inits += [numpy_helper.from_array(q, name + "_q"), numpy_helper.from_array(scale, name + "_scale"),
                      numpy_helper.from_array(np.zeros(scale.shape, np.int8), name + "_zp")]
        new_nodes.append(helper.make_node("DequantizeLinear", [name + "_q", name + "_scale", name + "_zp"],
                                          [name + "_dq"], axis=axis))
        _replace_input(g, name, name + "_dq")
        init.name = name + "__unused"
    keep = [i for i in g.initializer if not i.name.endswith("__unused")]
    del g.initializer[:]
    g.initializer.extend(keep + new_inits)
    for n in reversed(new_nodes):
        g.node.insert(0, n)
    return m


def write_variants(fp32_path: str, kinds=("fp16", "int8")) -> dict:
    model = onnx.load(fp32_path)
    out = {}
    for k in kinds:
        q = to_fp16(model) if k == "fp16" else to_int8(model)
        onnx.checker.check_model(q)
        p = fp32_path.replace(".onnx", f"_{k}.onnx")
        onnx.save(q, p)
        out[k] = p
    return out

"""Export the trained colorizer to ONNX, make the reduced-size variants, save test references.

  /usr/bin/python3 models/colorizer/export.py --ckpt models/colorizer/runs/main/last.pt

Writes (in models/colorizer/):
  build/colorizer.fp32.onnx   full-precision graph (opset 17, dynamic N/H/W; not shipped: > 6 MB)
  colorizer.onnx              fp16-stored weights, each Cast to fp32 at load (compute stays fp32,
                              runs on every WASM/WebGPU EP); the shipped model
  build/colorizer.int8.onnx   weight-only int8 (per-output-channel DequantizeLinear) — shipped
                              only if it stays within tolerance (see CARD.md)
  reference/cases.json + reference/*.bin   inputs and torch fp32 outputs for test/model
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hints import patch_hints  # noqa: E402
from lab import rgb_to_lab  # noqa: E402
from model import STRIDE, Colorizer, adapt_state  # noqa: E402

OPSET = 17


def export_fp32(model: Colorizer, path: str) -> None:
    g = torch.rand(1, 1, 64, 64)
    h = torch.zeros(1, 3, 64, 64)
    torch.onnx.export(
        model, (g, h), path, opset_version=OPSET, input_names=["gray", "hints"], output_names=["ab"],
        dynamic_axes={"gray": {0: "N", 2: "H", 3: "W"}, "hints": {0: "N", 2: "H", 3: "W"},
                      "ab": {0: "N", 2: "H", 3: "W"}},
        do_constant_folding=True)
    m = onnx.load(path)
    if split_wide_concats(m) > 0:
        onnx.save(m, path)


MAX_CONCAT_INPUTS = 4


def split_wide_concats(m: onnx.ModelProto, limit: int = MAX_CONCAT_INPUTS) -> int:
    """Rewrites every Concat of more than `limit` inputs as a Concat of Concats (same axis, same
    result). onnxruntime-web's WebGPU Concat binds each input and the output as storage buffers;
    WebGPU guarantees only 8 per shader stage, so the applier's 8-input Concat (torch folds nested
    torch.cat calls into one) failed to compile on WebGPU and returned garbage (colorize-webgpu
    e2e). Returns the number of Concats split."""
    g = m.graph
    nodes = list(g.node)
    out, count = [], 0
    for n in nodes:
        if n.op_type != "Concat" or len(n.input) <= limit:
            out.append(n)
            continue
        count += 1
        axis = next(a.i for a in n.attribute if a.name == "axis")
        parts = []
        for j in range(0, len(n.input), limit):
            chunk = list(n.input[j:j + limit])
            name = f"{n.output[0]}__part{j // limit}"
            out.append(helper.make_node("Concat", chunk, [name], name=f"{n.name}__part{j // limit}", axis=axis))
            parts.append(name)
        assert len(parts) <= limit
        out.append(helper.make_node("Concat", parts, list(n.output), name=n.name, axis=axis))
    del g.node[:]
    g.node.extend(out)
    return count


def _add_meta(m: onnx.ModelProto, extra: dict) -> None:
    meta = {"toonsmith.contract": "gray N×1×H×W (L/100); hints N×3×H×W (a, b Lab units, mask 0/1); "
                                  "ab N×2×H×W Lab units; H, W multiples of stride",
            "toonsmith.stride": str(STRIDE), **extra}
    for k, v in meta.items():
        e = m.metadata_props.add()
        e.key, e.value = k, v


def to_fp16_weights(src: str, dst: str, extra: dict) -> None:
    m = onnx.load(src)
    g = m.graph
    casts = []
    new_inits = []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype == np.float32 and arr.size >= 16:
            name16 = init.name + "__fp16"
            new_inits.append(numpy_helper.from_array(arr.astype(np.float16), name16))
            casts.append(helper.make_node("Cast", [name16], [init.name], to=TensorProto.FLOAT,
                                          name=init.name + "__cast"))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    _add_meta(m, extra)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


def to_int8_weights(src: str, dst: str, extra: dict) -> None:
    """Weight-only int8: Conv/ConvTranspose kernels per output channel, symmetric."""
    m = onnx.load(src)
    g = m.graph
    conv_w = {}
    for n in g.node:
        if n.op_type == "Conv":
            conv_w[n.input[1]] = 0
        elif n.op_type == "ConvTranspose":
            conv_w[n.input[1]] = 1  # weight is (Cin, Cout, k, k): output channel axis 1
    deq, new_inits = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if init.name in conv_w and arr.dtype == np.float32:
            axis = conv_w[init.name]
            red = tuple(i for i in range(arr.ndim) if i != axis)
            scale = np.abs(arr).max(axis=red) / 127.0
            scale = np.maximum(scale, 1e-12).astype(np.float32)
            shape = [1] * arr.ndim
            shape[axis] = -1
            q = np.clip(np.round(arr / scale.reshape(shape)), -127, 127).astype(np.int8)
            new_inits += [numpy_helper.from_array(q, init.name + "__q"),
                          numpy_helper.from_array(scale, init.name + "__s"),
                          numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), init.name + "__z")]
            deq.append(helper.make_node("DequantizeLinear", [init.name + "__q", init.name + "__s", init.name + "__z"],
                                        [init.name], axis=axis, name=init.name + "__deq"))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(deq + nodes)
    _add_meta(m, extra)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


def reference_cases(model: Colorizer, out_dir: str) -> list[dict]:
    """Deterministic inputs: a synthetic panel (gray = its L) with 0 and 10 hints, and a
    non-square line-art case; outputs from torch fp32 (`ab`) and from torch with the weights
    rounded to fp16 exactly as stored in the shipped graph (`ab16`, compute still fp32)."""
    import copy
    import synth
    model16 = copy.deepcopy(model)
    with torch.no_grad():
        for p in model16.parameters():
            p.copy_(p.half().float())
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(7)
    cases = []
    specs = [("auto64", 64, 64, 0, False), ("hints10_64x96", 64, 96, 10, False), ("line48x80", 48, 80, 5, True)]
    for name, H, W, k, line in specs:
        rgb, la = synth.panel(rng, W, H)
        lab = rgb_to_lab(rgb)
        gray = (la.astype(np.float32) / 255.0) if line else lab[..., 0] / 100.0
        ab = lab[..., 1:].transpose(2, 0, 1)
        hints = patch_hints(ab, k, rng)
        g_t, h_t = torch.from_numpy(gray[None, None].astype(np.float32)), torch.from_numpy(hints[None])
        with torch.no_grad():
            out = model(g_t, h_t).numpy()
            out16 = model16(g_t, h_t).numpy()
        for tag, arr in (("gray", gray), ("hints", hints), ("ab", out[0]), ("ab16", out16[0])):
            arr.astype("<f4").tofile(os.path.join(out_dir, f"{name}.{tag}.bin"))
        cases.append({"name": name, "height": H, "width": W, "hints": k, "lineart": line,
                      "files": {t: f"{name}.{t}.bin" for t in ("gray", "hints", "ab", "ab16")}})
    return cases


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=HERE, help="folder for colorizer.onnx, build/ and reference/ (default: the shipped ones)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    torch.set_num_threads(1)
    st = torch.load(args.ckpt, map_location="cpu")
    model = Colorizer()
    model.load_state_dict(adapt_state(st["model"], model))
    model.eval()
    os.makedirs(os.path.join(out, "build"), exist_ok=True)
    os.makedirs(os.path.join(out, "reference"), exist_ok=True)
    fp32 = os.path.join(out, "build", "colorizer.fp32.onnx")
    export_fp32(model, fp32)
    extra = {"toonsmith.train_step": str(st["step"]), "toonsmith.fp32_sha256": sha256(fp32),
             "toonsmith.sigma": repr(float(torch.exp(model.prop.log_sigma)))}
    fp16 = os.path.join(out, "colorizer.onnx")
    to_fp16_weights(fp32, fp16, {**extra, "toonsmith.dtype": "fp16 weights, fp32 compute"})
    int8 = os.path.join(out, "build", "colorizer.int8.onnx")
    to_int8_weights(fp32, int8, {**extra, "toonsmith.dtype": "int8 conv weights (per channel), fp32 compute"})
    cases = reference_cases(model, os.path.join(out, "reference"))
    info = {"step": st["step"], "opset": OPSET, "stride": STRIDE, "cases": cases,
            "models": {os.path.relpath(p, out): {"bytes": os.path.getsize(p), "sha256": sha256(p)}
                       for p in (fp32, fp16, int8)}}
    with open(os.path.join(out, "reference", "cases.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info["models"], indent=1))


if __name__ == "__main__":
    main()

"""Rebuild a trainable colorizer checkpoint from the shipped ONNX (training runs do not outlive
a machine; the ONNX does). Initializers keep the torch parameter names (with a `__fp16` suffix
for fp16-stored weights); log σ is folded into a constant at export, so it is recovered from
the `toonsmith.sigma` metadata when present, else from --sigma.

  /usr/bin/python3 models/colorizer/from_onnx.py models/colorizer/colorizer.onnx runs/p1/last.pt
"""
from __future__ import annotations

import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Colorizer  # noqa: E402


def state_from_onnx(path: str, sigma: float) -> tuple[dict, int]:
    m = onnx.load(path)
    meta = {p.key: p.value for p in m.metadata_props}
    if "toonsmith.sigma" in meta:
        sigma = float(meta["toonsmith.sigma"])
    inits = {i.name.removesuffix("__fp16"): numpy_helper.to_array(i) for i in m.graph.initializer}
    model = Colorizer()
    sd = model.state_dict()
    out = {}
    for name, t in sd.items():
        if name == "prop.log_sigma":
            out[name] = torch.tensor(math.log(sigma), dtype=t.dtype)
            continue
        arr = inits[name]
        assert tuple(arr.shape) == tuple(t.shape), (name, arr.shape, t.shape)
        out[name] = torch.from_numpy(np.asarray(arr, np.float32).copy())
    return out, int(meta.get("toonsmith.train_step", "0"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("out")
    ap.add_argument("--sigma", type=float, default=0.086, help="learned σ of the shipped model (CARD.md)")
    a = ap.parse_args()
    sd, step = state_from_onnx(a.onnx, a.sigma)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save({"model": sd, "step": step, "args": {"from_onnx": a.onnx}}, a.out)
    print(f"wrote {a.out} (step {step})")


if __name__ == "__main__":
    main()

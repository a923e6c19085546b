"""Colorizer recipe on a tiny config: one training step (and a resumed one, bit-identical to an
uninterrupted run), the export, and ONNX (onnxruntime-web, WASM) vs torch parity of the exported
fp32 and fp16-weight graphs on the export's reference cases."""
from __future__ import annotations

import json
import os

import numpy as np
import torch

from conftest import ROOT, max_mean, ort_run, run_py

TRAIN = os.path.join(ROOT, "models", "colorizer", "train.py")
EXPORT = os.path.join(ROOT, "models", "colorizer", "export.py")
TINY = ["--source", "synth", "--size", "32", "--batch", "2", "--threads", "1", "--steps", "2", "--lr", "1e-3"]


def _load(path: str) -> dict:
    return torch.load(path, map_location="cpu")


def test_train_step_resume_export_parity(tmp_path):
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    out = run_py([TRAIN, "--out", str(straight), *TINY])
    assert "saved" in out and "at step 2" in out
    # the same 2 steps, stopped after 1 and resumed: the checkpoints must be identical
    run_py([TRAIN, "--out", str(resumed), *TINY, "--stop-at", "1"])
    assert _load(str(resumed / "last.pt"))["step"] == 1
    run_py([TRAIN, "--out", str(resumed), *TINY])
    a, b = _load(str(straight / "last.pt")), _load(str(resumed / "last.pt"))
    assert a["step"] == b["step"] == 2
    for k, v in a["model"].items():
        assert torch.equal(v, b["model"][k]), f"resumed run differs in {k}"
    # the applier's head starts at zero (model.py): the steps must have trained it
    assert any(not torch.equal(v, torch.zeros_like(v)) for k, v in a["model"].items() if k.startswith("applier.head"))

    exp = tmp_path / "export"
    run_py([EXPORT, "--ckpt", str(straight / "last.pt"), "--out", str(exp)], timeout=180)
    info = json.load(open(exp / "reference" / "cases.json"))
    assert info["step"] == 2 and len(info["cases"]) == 3
    # the shipped contract's tolerances (test/model/colorizer.test.ts, CARD.md "Quantization")
    for case in info["cases"]:
        H, W = case["height"], case["width"]
        f = {t: np.fromfile(exp / "reference" / case["files"][t], dtype="<f4") for t in ("gray", "hints", "ab", "ab16")}
        feeds = {"gray": f["gray"].reshape(1, 1, H, W), "hints": f["hints"].reshape(1, 3, H, W)}
        fp32 = ort_run(str(exp / "build" / "colorizer.fp32.onnx"), feeds, str(tmp_path / f"ort32-{case['name']}"))["ab"]
        fp16 = ort_run(str(exp / "colorizer.onnx"), feeds, str(tmp_path / f"ort16-{case['name']}"))["ab"]
        mx, _ = max_mean(fp32[0], f["ab"].reshape(2, H, W))
        assert mx < 0.05, f"{case['name']}: fp32 ONNX vs torch max {mx}"
        mx, _ = max_mean(fp16[0], f["ab16"].reshape(2, H, W))
        assert mx < 0.05, f"{case['name']}: fp16-weight ONNX vs torch-with-fp16-weights max {mx}"
        mx, mean = max_mean(fp16[0], f["ab"].reshape(2, H, W))
        assert mx < 0.1 and mean < 0.02, f"{case['name']}: fp16 ONNX vs torch fp32 max {mx} mean {mean}"

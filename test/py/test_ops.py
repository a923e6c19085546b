"""sRGB → Lab graph (models/ops): no training; the export must equal the numpy float64 reference
through onnxruntime-web (WASM) within the shipped reference's tolerances, and the shipped file
must be exactly what the recipe exports (models/ops/reproduce.sh checks the same bytes)."""
from __future__ import annotations

import importlib
import os

import numpy as np
import torch

from conftest import ROOT, ort_run


def test_export_parity_and_bytes(tmp_path, monkeypatch):
    ops = importlib.import_module("ops.export_srgb_to_lab")
    monkeypatch.setattr(ops, "ONNX_PATH", str(tmp_path / "srgb_to_lab.onnx"))
    monkeypatch.setattr(ops, "REF_PATH", str(tmp_path / "srgb_to_lab.reference.json"))
    ops.main()
    x = ops.test_input()
    lab_np, gray_np = ops.numpy_reference(x)
    with torch.no_grad():
        lab_t, gray_t = ops.SrgbToLab().eval()(torch.from_numpy(x))
    o = ort_run(str(tmp_path / "srgb_to_lab.onnx"), {"rgb": x}, str(tmp_path / "ort"))
    assert np.abs(o["lab"] - lab_np).max() < 2e-3 and np.abs(o["gray"] - gray_np).max() < 2e-5
    assert np.abs(o["lab"] - lab_t.numpy()).max() < 1e-3
    shipped = open(os.path.join(ROOT, "models", "ops", "srgb_to_lab.onnx"), "rb").read()
    assert open(tmp_path / "srgb_to_lab.onnx", "rb").read() == shipped, "re-export differs from the shipped graph"

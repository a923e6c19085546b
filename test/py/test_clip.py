"""Toon-CLIP recipe: one training step of train.py (shipped config and tokenizer, small batch),
a resume that continues the step count, the export (text + vision towers, int8 variants,
reference embeddings), and ONNX (onnxruntime-web, WASM) vs torch parity on those references."""
from __future__ import annotations

import base64
import json
import os
import shutil

import numpy as np
import torch

from conftest import ROOT, ort_run, run_py

CLIP = os.path.join(ROOT, "models", "clip")
TINY = ["--batch", "8", "--minutes", "1e9", "--threads", "1", "--lr", "6e-4", "--seed", "7", "--save-every", "1"]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_train_step_export_parity(tmp_path, data_dir):
    run = tmp_path / "run"
    run.mkdir()
    shutil.copy(os.path.join(CLIP, "toon-clip", "tokenizer.json"), run / "tokenizer.json")
    out = run_py([os.path.join(CLIP, "train.py"), "--run", str(run), "--steps", "1", *TINY])
    assert "done: 1 steps" in out
    first = torch.load(run / "ckpt.pt")
    out = run_py([os.path.join(CLIP, "train.py"), "--run", str(run), "--steps", "2", *TINY])
    assert "resumed at step 1" in out and "done: 2 steps" in out
    second = torch.load(run / "ckpt.pt")
    assert second["step"] == 2
    assert any(not torch.equal(v, second["model"][k]) for k, v in first["model"].items() if v.is_floating_point())

    exp, ref = tmp_path / "toon-clip", tmp_path / "embeddings.json"
    run_py([os.path.join(CLIP, "export.py"), "--run", str(run), "--out", str(exp), "--ref", str(ref)], timeout=240)
    r = json.load(open(ref, encoding="utf-8"))
    assert len(r["texts"]) >= 8 and len(r["images"]) >= 2
    for i, t in enumerate(r["texts"]):
        ids = np.asarray([t["input_ids"]], dtype=np.int64)
        o = ort_run(str(exp / "onnx" / "text_model.onnx"), {"input_ids": ids, "attention_mask": np.ones_like(ids)},
                    str(tmp_path / f"text{i}"))
        e, want = o["text_embeds"][0], np.asarray(t["embedding"], dtype=np.float32)
        # the model test's bar for the fp32 towers (test/model/clip.test.ts): cosine ≥ 0.999
        assert _cos(e, want) > 0.9999 and np.abs(e - want).max() < 1e-3, t["text"]
    for i, im in enumerate(r["images"]):
        rgb = np.frombuffer(base64.b64decode(im["rgb_u8_b64"]), dtype=np.uint8).reshape(im["shape"])
        px = ((rgb.astype(np.float32).transpose(2, 0, 1)[None] / 255.0) - 0.5) / 0.5
        o = ort_run(str(exp / "onnx" / "vision_model.onnx"), {"pixel_values": px}, str(tmp_path / f"img{i}"))
        e, want = o["image_embeds"][0], np.asarray(im["embedding"], dtype=np.float32)
        assert _cos(e, want) > 0.9999 and np.abs(e - want).max() < 1e-3, im["name"]

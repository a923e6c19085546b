"""Ships a new Toon-CLIP *vision* tower into models/clip/toon-clip, leaving the text tower's bytes as
they are (issue 14: the text tower is also the diffusion text encoder, pinned there by sha256).

    /usr/bin/python3 models/clip/ship_vision.py --ckpt models/clip/runs/v6b/step2700.pt --revision v6 [--out models/clip/toon-clip]

1. Exports the checkpoint with export.py into a temporary folder (both towers, int8 check, reference
   embeddings).
2. Checks that the checkpoint's text tower is the shipped one: its text embeddings of export.py's
   reference texts equal the shipped reference embeddings (cosine ≥ 0.999999).
3. Copies onnx/vision_model.onnx and onnx/vision_model_quantized.onnx into --out; config.json gets
   `toonsmith.revision` (stored vectors are filed under it: workers/clip/vectors-id.ts, so libraries
   embedded by the old vision tower are re-embedded) and the new training totals; text_model*.onnx,
   the tokenizer files and preprocessor_config.json are not touched.
4. reference/embeddings.json: the images' embeddings are replaced by the new tower's; the texts and
   the tokenizer parity cases are kept.
Use --out on a copy to try it (--ref likewise).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def sha(p: str) -> str:
    return hashlib.sha256(open(p, "rb").read()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--revision", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "toon-clip"))
    ap.add_argument("--ref", default=os.path.join(HERE, "reference", "embeddings.json"))
    a = ap.parse_args()
    text_before = {f: sha(os.path.join(a.out, "onnx", f)) for f in os.listdir(os.path.join(a.out, "onnx")) if f.startswith("text_model")}
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run")
        os.makedirs(run)
        shutil.copy(a.ckpt, os.path.join(run, "ckpt.pt"))
        for f in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copy(os.path.join(os.path.dirname(a.ckpt), f), os.path.join(run, f))
        exp, ref = os.path.join(tmp, "export"), os.path.join(tmp, "embeddings.json")
        subprocess.run([sys.executable, os.path.join(HERE, "export.py"), "--run", run, "--out", exp, "--ref", ref], check=True)
        new, old = json.load(open(ref, encoding="utf-8")), json.load(open(a.ref, encoding="utf-8"))
        for t_new, t_old in zip(new["texts"], old["texts"]):
            assert t_new["text"] == t_old["text"] and t_new["input_ids"] == t_old["input_ids"]
            u, v = np.asarray(t_new["embedding"]), np.asarray(t_old["embedding"])
            cos = float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))
            if cos < 0.999999:
                raise SystemExit(f"text tower differs from the shipped one ({t_new['text']!r}: cosine {cos:.7f})")
        for f in ("vision_model.onnx", "vision_model_quantized.onnx"):
            shutil.copy(os.path.join(exp, "onnx", f), os.path.join(a.out, "onnx", f))
        cfg_path = os.path.join(a.out, "config.json")
        cfg = json.load(open(cfg_path, encoding="utf-8"))
        exported = json.load(open(os.path.join(exp, "config.json"), encoding="utf-8"))["toonsmith"]
        cfg["toonsmith"].update({"revision": a.revision, "train_steps": exported["train_steps"],
                                 "train_minutes": exported["train_minutes"]})
        with open(cfg_path, "w", encoding="utf-8") as f:
            json.dump(cfg, f, indent=2, ensure_ascii=False)
        old["images"] = new["images"]
        with open(a.ref, "w", encoding="utf-8") as f:
            json.dump(old, f, ensure_ascii=False)
    text_after = {f: sha(os.path.join(a.out, "onnx", f)) for f in text_before}
    assert text_after == text_before, "text tower bytes changed"
    print(json.dumps({"revision": a.revision, "vision": {f: sha(os.path.join(a.out, "onnx", f))[:16] for f in
                                                          ("vision_model.onnx", "vision_model_quantized.onnx")},
                      "text_unchanged": {k: v[:16] for k, v in text_after.items()}}, indent=1))


if __name__ == "__main__":
    main()

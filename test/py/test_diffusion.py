"""Toon-Diffusion recipe on a tiny config: one VAE step, one UNet step (panels rendered on the fly;
a resume continues the step count; the image-prompt part needs the full panel cache, so it is
left to the model test of the shipped folder), the ONNX export with its torch
references, and ONNX (onnxruntime-web, WASM) vs torch parity for the UNet, VAE decoder, VAE
encoder graphs (fp32) and the fp16 UNet / decoder variants the app ships."""
from __future__ import annotations

import json
import os

import numpy as np

from conftest import ROOT, max_mean, ort_run, run_py

D = os.path.join(ROOT, "models", "diffusion")
COMMON = ["--threads", "1", "--batch", "2", "--image-size", "32", "--log-every", "1", "--ckpt-every", "1",
          "--warmup", "1"]
UNET = ["--unet-channels", "8,16", "--attn-levels", "1", "--heads", "2", "--text", "none", "--context-dim", "16",
        "--data", "panels"]


def test_train_step_export_parity(tmp_path, data_dir):
    run = tmp_path / "runs" / "tiny"
    run_py([os.path.join(D, "train.py"), "vae", "--run", str(run), "--steps", "1", *COMMON,
            "--vae-channels", "8,16", "--data", "panels"], timeout=240)
    run_py([os.path.join(D, "train.py"), "unet", "--run", str(run), "--steps", "1", *COMMON, *UNET], timeout=240)
    run_py([os.path.join(D, "train.py"), "unet", "--run", str(run), "--steps", "2", *COMMON, *UNET, "--resume"],
           timeout=240)
    log = [json.loads(x) for x in open(run / "unet.log.jsonl")]
    assert any(e.get("event") == "resume" and e.get("step") == 1 for e in log)
    assert max(e.get("step", 0) for e in log if "loss" in e or "v_mse" in e or "lr" in e) == 2

    out, ref = tmp_path / "export", tmp_path / "ref"
    run_py([os.path.join(D, "export.py"), "--run", str(run), "--out", str(out), "--reference", str(ref)], timeout=240)
    idx = json.load(open(out / "model_index.json"))
    assert idx["toonsmith"]["trained_steps"] == {"vae": 1, "unet": 2}
    t = json.load(open(ref / "reference.json"))["tensors"]

    def arr(name):
        return np.fromfile(ref / t[name]["file"], dtype=np.float32).reshape(t[name]["shape"])

    cases = [
        ("unet/model.onnx", {"sample": arr("unet_in_sample"), "timestep": arr("unet_in_timestep"),
                             "encoder_hidden_states": arr("unet_in_ctx")}, "out_sample", arr("unet_out"), 1e-3),
        ("unet/model_fp16.onnx", None, "out_sample", arr("unet_out"), 5e-2),
        ("vae_decoder/model.onnx", {"latent_sample": arr("vae_decoder_in")}, "sample", arr("vae_decoder_out"), 1e-3),
        ("vae_decoder/model_fp16.onnx", None, "sample", arr("vae_decoder_out"), 5e-2),
        ("vae_encoder/model.onnx", {"sample": arr("vae_encoder_in")}, "latent_sample", arr("vae_encoder_out"), 1e-3),
    ]
    feeds = None
    for i, (graph, f, name, want, tol) in enumerate(cases):
        feeds = f or feeds
        assert os.path.exists(out / graph), f"{graph} missing from the export"
        got = ort_run(str(out / graph), feeds, str(tmp_path / f"ort{i}"))[name]
        mx, _ = max_mean(got, want)
        assert mx < tol, f"{graph}: max |ONNX - torch| {mx} ≥ {tol}"

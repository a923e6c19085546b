"""Compare a reproduced Toon-Diffusion run with the shipped toon-diffusion/ (reproduce.sh's last step).

  /usr/bin/python3 models/diffusion/compare.py --run models/diffusion/runs/repro/ip2 [--smoke]

On the model test's references (test/fixtures/diffusion/toon-diffusion/reference.json: inputs and
torch fp32 outputs of the shipped weights), the reproduced run's EMA weights (torch fp32) give the
UNet, VAE decoder, VAE encoder and image_proj outputs; max |Δ| against the shipped outputs is printed
per part. PASS when every part is within TOL: the shipped recipe is deterministic in (seed, step)
with a step-only learning-rate schedule, so the same step counts must give the same weights up to
float summation order (thread count, CPU) and the fp16 storage of checkpoints. Exit 1 otherwise
(0 with --smoke).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from export import load_run  # noqa: E402

REF = os.path.join(ROOT, "test", "fixtures", "diffusion", "toon-diffusion")
TOL = 1e-2  # the model test's own ONNX-vs-torch bar for the fp16 UNet is 5e-2 (test/model/toon-diffusion.test.ts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    vae, unet, ub = load_run(a.run)
    t = json.load(open(os.path.join(REF, "reference.json")))["tensors"]

    def arr(n):
        return torch.from_numpy(np.fromfile(os.path.join(REF, t[n]["file"]), np.float32).reshape(t[n]["shape"]))

    with torch.no_grad():
        got = {"unet_out": unet(arr("unet_in_sample"), arr("unet_in_timestep"), arr("unet_in_ctx")),
               "vae_decoder_out": vae.decode(arr("vae_decoder_in")),
               "vae_encoder_out": vae.encode(arr("vae_encoder_in"))[0]}
        if unet.image_proj is not None:
            got["image_proj_out"] = unet.image_proj(arr("image_proj_in"))
    ok, exact = True, True
    print(f"reproduced run {a.run} (UNet step {ub['step']}) vs the shipped references:")
    for k, v in got.items():
        want = arr(k)
        d = float((v - want).abs().max())
        exact &= bool(torch.equal(v, want))
        ok &= d <= TOL
        print(f"  {k}: max |Δ| {d:.6f}")
    print(("PASS" if ok else "FAIL") + (": bit-exact" if exact else f": every part within {TOL}"))
    if a.smoke:
        print("SMOKE: the comparison ran on a short run; its verdict says nothing about a full reproduction")
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

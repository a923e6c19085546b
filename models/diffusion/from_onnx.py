"""Rebuild a trainable run (vae.pt + unet.pt) from an exported diffusion folder, so training can
continue from the shipped weights on a machine where the original run folder is gone.

  /usr/bin/python3 models/diffusion/from_onnx.py --src models/diffusion/toon-diffusion \
      --run models/diffusion/runs/cpu1 --clip-ckpt models/clip/runs/v5/init.pt \
      [--reference test/fixtures/diffusion/toon-diffusion]

How: a fresh, randomly initialised UNet / VAE of the folder's configuration is exported with the
same exporter (export._export); its ONNX initializers are matched to the torch parameters by
name, or, where torch renamed them (Linear weights become transposed `onnx::MatMul_*`
constants), by value — the fresh weights are random, so each value is unique. The folder's
graphs (fp32 or the fp16 weight-only variant: `<name>_fp16` + Cast) come from the same exporter,
so their initializer names are the same; every parameter must be found exactly once.
--reference checks the rebuilt nets against the torch references the folder was exported with.
The optimiser state is not in the ONNX files: a continued run starts Adam afresh (with warm-up).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import ckpt  # noqa: E402
from export import _Dec, _Enc, _export  # noqa: E402
from nets import UNet, UNetConfig, VAE, VAEConfig  # noqa: E402


def initializers(path):
    out = {}
    for init in onnx.load(path).graph.initializer:
        name = init.name[:-5] if init.name.endswith("_fp16") else init.name
        out[name] = numpy_helper.to_array(init).astype(np.float32)
    return out


def name_map(module, args, inputs, outputs, dynamic, only="", skip=None):
    """ONNX initializer name -> (parameter name, transposed?) for this module's export."""
    with torch.no_grad():  # unique values everywhere (GroupNorm starts at all ones / zeros)
        for t in module.state_dict().values():
            if t.is_floating_point():
                t.copy_(torch.randn(t.shape) * 0.05)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.onnx")
        _export(module, args, path, inputs, outputs, dynamic)
        fresh = initializers(path)
    params = {k: v.detach().numpy() for k, v in module.state_dict().items()
              if v.is_floating_point() and k.startswith(only) and not (skip and k.startswith(skip))}
    out, used = {}, set()
    for n, a in fresh.items():
        if n in params:
            out[n] = (n, False)
            used.add(n)
            continue
        for k, w in params.items():
            if k in used or w.size != a.size or a.size < 2:
                continue
            if np.array_equal(w.reshape(-1), a.reshape(-1)):
                out[n] = (k, False)
            elif w.ndim == 2 and w.T.shape == a.shape and np.array_equal(w.T, a):
                out[n] = (k, True)
            else:
                continue
            used.add(k)
            break
    missing = [k for k in params if k not in used]
    if missing:
        raise SystemExit(f"parameters not found in the export: {missing[:8]} (+{max(0, len(missing) - 8)})")
    return out


def load_into(module, nmap, graph_path):
    got = initializers(graph_path)
    sd = {}
    for n, (k, tr) in nmap.items():
        if n not in got:
            raise SystemExit(f"{graph_path}: initializer {n} missing (was it exported by another torch/exporter?)")
        a = got[n].T if tr else got[n]
        sd[k] = torch.from_numpy(np.ascontiguousarray(a)).reshape(module.state_dict()[k].shape)
    missing, unexpected = module.load_state_dict(sd, strict=False)
    if unexpected:
        raise SystemExit(f"state dict mismatch: unexpected {unexpected}")


def pick(folder, part):
    for f in ("model.onnx", "model_fp16.onnx"):
        p = os.path.join(folder, part, f)
        if os.path.exists(p):
            return p
    raise SystemExit(f"{folder}/{part}: no model.onnx or model_fp16.onnx")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--src", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--clip-ckpt", required=True, help="the CLIP checkpoint the UNet was trained on (from models/clip/from_onnx.py)")
    p.add_argument("--clip-dir", default=os.path.join(ROOT, "models", "clip", "toon-clip"))
    p.add_argument("--unet-channels", default="", help="override when unet/config.json lacks them")
    p.add_argument("--attn-levels", default="1,2")
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--reference", default="")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    src = args.src
    index = json.load(open(os.path.join(src, "model_index.json")))
    ts = index["toonsmith"]
    ucj = json.load(open(os.path.join(src, "unet", "config.json")))
    vcj = json.load(open(os.path.join(src, "vae_decoder", "config.json")))
    sched = json.load(open(os.path.join(src, "scheduler", "scheduler_config.json")))
    sched.pop("_class_name", None)
    S, C, h = ts["image_size"], ts["latent_channels"], ts["latent_size"]
    vcfg = VAEConfig(image_size=S, channels=vcj["block_out_channels"], latent_channels=C,
                     scaling_factor=vcj["scaling_factor"])
    chans = [int(x) for x in (args.unet_channels or ",".join(map(str, ucj["block_out_channels"]))).split(",")]
    n_img = ts.get("image_prompt", {}).get("tokens", 0)  # ip2: the UNet carries image_proj (its own graph)
    ucfg = UNetConfig(in_channels=C, channels=chans, attn_levels=[int(x) for x in args.attn_levels.split(",")],
                      heads=args.heads, cross_attention_dim=ucj["cross_attention_dim"], sample_size=h,
                      image_tokens=n_img, scaling_factor=vcj["scaling_factor"])
    L, D = ts["text"]["max_length"], ts["text"]["dim"]

    vae = VAE(vcfg).eval()
    dmap = name_map(_Dec(vae), (torch.randn(1, C, h, h),), ["latent_sample"], ["sample"],
                    {"latent_sample": {0: "batch"}, "sample": {0: "batch"}}, only="vae.decoder")
    emap = name_map(_Enc(vae), (torch.randn(1, 3, S, S),), ["sample"], ["latent_sample"],
                    {"sample": {0: "batch"}, "latent_sample": {0: "batch"}}, only="vae.encoder")
    # decoder and encoder each cover half of the VAE: load both into the one module
    load_into(_Dec(vae), dmap, pick(src, "vae_decoder"))
    load_into(_Enc(vae), emap, pick(src, "vae_encoder"))
    unet = UNet(ucfg).eval()
    umap = name_map(unet, (torch.randn(2, C, h, h), torch.tensor([999.0, 10.0]), torch.randn(2, L, D)),
                    ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
                    {"sample": {0: "batch"}, "timestep": {0: "batch"},
                     "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": {0: "batch"}},
                    skip="image_proj." if n_img else None)
    load_into(unet, umap, pick(src, "unet"))
    if n_img:
        from export import _ImageProj

        ip = _ImageProj(unet.image_proj)
        pmap = name_map(ip, (torch.randn(1, C, h, h),), ["latent_sample"], ["image_embeds"],
                        {"latent_sample": {0: "batch"}, "image_embeds": {0: "batch"}})
        load_into(ip, pmap, pick(src, "image_proj"))

    if args.reference:
        ref = json.load(open(os.path.join(args.reference, "reference.json")))

        def rb(name):
            t = ref["tensors"][name]
            return torch.from_numpy(np.fromfile(os.path.join(args.reference, t["file"]), np.float32).reshape(t["shape"]))

        with torch.no_grad():
            du = (unet(rb("unet_in_sample"), rb("unet_in_timestep"), rb("unet_in_ctx")) - rb("unet_out")).abs().max()
            dd = (vae.decode(rb("vae_decoder_in")) - rb("vae_decoder_out")).abs().max()
            de = (vae.encode(rb("vae_encoder_in"))[0] - rb("vae_encoder_out")).abs().max()
            if n_img:
                de = max(de, (unet.image_proj(rb("image_proj_in")) - rb("image_proj_out")).abs().max())
        print(f"rebuilt vs reference max |Δ|: unet {du:.2e}, vae decoder {dd:.2e}, vae encoder{' / image_proj' if n_img else ''} {de:.2e}")
        if max(du, dd, de) > 1e-4:
            raise SystemExit("rebuilt nets do not match the reference outputs")

    from text import ToonClipText

    text = ToonClipText(args.clip_dir, args.clip_ckpt, L)
    steps = ts.get("trained_steps", {})
    config = {"unet": ucfg.to_dict(), "vae": vcfg.to_dict(), "scheduler": sched, "text": text.describe(),
              "drop_caption": 0.1, "rebuilt_from": os.path.relpath(os.path.abspath(src), ROOT)}
    os.makedirs(args.run, exist_ok=True)
    ckpt.save(os.path.join(args.run, "vae.pt"), stage="vae", step=int(steps.get("vae", 0)), config={"vae": vcfg.to_dict()},
              model=vae, ema=vae, opt=None, extra={"scaling_factor": vcfg.scaling_factor}, dtype="fp32")
    ckpt.save(os.path.join(args.run, "unet.pt"), stage="unet", step=int(steps.get("unet", 0)), config=config,
              model=unet, ema=unet, opt=None, dtype="fp32")
    print(f"wrote {args.run}/vae.pt and unet.pt (steps vae {steps.get('vae')}, unet {steps.get('unet')})")


if __name__ == "__main__":
    main()

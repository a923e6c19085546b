"""Export a trained run to a Stable-Diffusion-style ONNX folder (+ fp16/int8 variants) and,
optionally, reference outputs for test/model/diffusion*.test.ts.

  /usr/bin/python3 models/diffusion/export.py --run models/diffusion/runs/r1 --out models/diffusion/toon-diffusion \
      [--reference test/fixtures/diffusion/<name>] [--clip-dir models/clip/toon-clip]

Folder layout (what workers/diffusion loads):
  model_index.json                 components + "toonsmith" section (sizes, text, variants, hashes)
  scheduler/scheduler_config.json  diffusers keys (_class_name, betas, prediction_type, spacing)
  unet/model.onnx                  sample[B,C,h,w] f32, timestep[B] f32, encoder_hidden_states[B,L,D] f32 -> out_sample
  unet/model_fp16.onnx, unet/model_int8.onnx   weight-only variants (quantize.py)
  vae_decoder/model.onnx (+_fp16)  latent_sample[B,C,h,w] (unscaled) -> sample[B,3,S,S] in ~[-1,1]
  vae_encoder/model.onnx           sample[B,3,S,S] -> latent_sample[B,C,h,w] (posterior mean, unscaled)
  text_encoder/model.onnx + tokenizer/   copied from the CLIP folder when the UNet was trained on it
  image_proj/model.onnx            (UNets trained with --image-tokens) latent_sample[B,C,h,w] (the
                                   vae_encoder's output for a reference picture) -> image_embeds[B,N,D];
                                   the UNet then takes L + N context tokens: text, then these (zeros
                                   without a reference, and in the unconditional half of CFG)

--link PART=REL (with --ship / --prune) replaces a file by a pointer to an identical file the app
already ships elsewhere: the file is deleted and model_index.json's toonsmith.linked[PART] records
{href: REL (relative to the folder), bytes, sha256}; the worker (workers/diffusion/folder.ts) fetches
REL instead and refuses it if its sha256 differs, so a retrained CLIP cannot silently change what the
UNet is conditioned on. The link is only written when both files are the same: graphs (.onnx) hold
the same weights (every initializer equal, names aside), any other file is byte for byte equal.
toon-diffusion links text_encoder/model.onnx to Toon-CLIP's onnx/text_model.onnx (the same v5 text
tower: 4.7 MB not shipped twice) and tokenizer/tokenizer.json to Toon-CLIP's tokenizer.json (the
export copies it from there: 0.14 MB not shipped twice); tokenizer/tokenizer_config.json stays (it
differs: model_max_length). Shipping export:
  export.py --run R --out models/diffusion/toon-diffusion --ship \
      --link text_encoder/model.onnx=../../clip/toon-clip/onnx/text_model.onnx \
      --link tokenizer/tokenizer.json=../../clip/toon-clip/tokenizer.json
--ship (or, on an existing export, --prune DIR) removes the variants the app does not ship
(SHIP_REMOVES: fp32 UNet and VAE decoder, int8 UNet) and drops them from model_index.json's file
list; models/diffusion/toon-diffusion is shipped that way. A plain export rebuilds them.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import ckpt  # noqa: E402
from nets import UNet, UNetConfig, VAE, VAEConfig  # noqa: E402
from quantize import write_variants  # noqa: E402
from rng import gaussian_noise  # noqa: E402
from sample import generate  # noqa: E402

OPSET = 17


class _Dec(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample)


class _Text(torch.nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, input_ids, attention_mask):
        return self.tower(input_ids, attention_mask)


class _ImageProj(torch.nn.Module):
    def __init__(self, proj):
        super().__init__()
        self.proj = proj

    def forward(self, latent_sample):
        return self.proj(latent_sample)


class _Enc(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.encode(sample)[0]


def _export(module, args, path, inputs, outputs, dynamic):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                      opset_version=OPSET, do_constant_folding=True)


# The app ships the fp16 UNet and VAE decoder (weight-only fp16 is lossless for checkpoints that
# store fp16 weights: max |Δ| 7e-7 vs fp32 for run cpu1), the fp32 VAE encoder and text encoder,
# the tokenizer and the configs. These files are left out of a shipped folder:
SHIP_REMOVES = ("unet/model.onnx", "unet/model_int8.onnx", "vae_decoder/model.onnx")


def prune_for_ship(out):
    """Deletes SHIP_REMOVES from an exported folder and from model_index.json's toonsmith.files."""
    idx_path = os.path.join(out, "model_index.json")
    index = json.load(open(idx_path))
    ts = index["toonsmith"]
    for rel in SHIP_REMOVES:
        if os.path.exists(os.path.join(out, rel)):
            os.remove(os.path.join(out, rel))
        ts["files"].pop(rel, None)
    for part, variant in (("unet", "fp16"), ("vae_decoder", "fp16")):
        if f"{part}/model_{variant}.onnx" not in ts["files"]:
            raise SystemExit(f"{out}: {part}/model_{variant}.onnx is missing; nothing left to run {part} with")
    ts["shipped"] = {"variants": {"unet": "fp16", "vae_decoder": "fp16"}, "removed": list(SHIP_REMOVES)}
    json.dump(index, open(idx_path, "w"), indent=1)
    print(f"pruned {out}: removed {', '.join(SHIP_REMOVES)}")


def _weights(path):
    import onnx
    from onnx import numpy_helper

    return sorted((numpy_helper.to_array(i).tobytes() for i in onnx.load(path).graph.initializer))


def link_shared(out, part_file, rel):
    """Replace <out>/<part_file> by a pointer to <out>/<rel> (same weights / same bytes required); see the docstring."""
    src = os.path.join(out, part_file)
    target = os.path.normpath(os.path.join(out, rel))
    if not os.path.exists(target):
        raise SystemExit(f"--link {part_file}={rel}: {target} does not exist")
    idx_path = os.path.join(out, "model_index.json")
    index = json.load(open(idx_path))
    ts = index["toonsmith"]
    if os.path.exists(src):
        if part_file.endswith(".onnx"):
            if _weights(src) != _weights(target):
                raise SystemExit(f"--link {part_file}={rel}: the two graphs hold different weights; not linked")
        elif sha256(src) != sha256(target):
            raise SystemExit(f"--link {part_file}={rel}: the two files differ; not linked")
        os.remove(src)
        if not os.listdir(os.path.dirname(src)):
            os.rmdir(os.path.dirname(src))
    elif part_file not in ts.get("linked", {}):
        raise SystemExit(f"--link {part_file}: {src} does not exist")
    ts["files"].pop(part_file, None)
    ts.setdefault("linked", {})[part_file] = {"href": rel, "bytes": os.path.getsize(target), "sha256": sha256(target)}
    json.dump(index, open(idx_path, "w"), indent=1)
    print(f"linked {part_file} -> {rel} ({os.path.getsize(target)} bytes not shipped twice)")


def update_manifest(out):
    """models/manifest.json: the entry of a shipped folder lists exactly its files (model_index.json's)."""
    man_path = os.path.join(ROOT, "models", "manifest.json")
    rel = os.path.relpath(os.path.abspath(out), os.path.join(ROOT, "models")).replace(os.sep, "/")
    man = json.load(open(man_path))
    entry = next((m for m in man["models"] if m["id"] == rel), None)
    if entry is None:
        return
    ts = json.load(open(os.path.join(out, "model_index.json")))["toonsmith"]
    order = {k: i for i, k in enumerate(["scheduler", "unet", "vae_decoder", "vae_encoder", "image_proj", "tokenizer"])}
    files = ["model_index.json"] + sorted(ts["files"], key=lambda f: (order.get(f.split("/")[0], 99), not f.endswith(".json"), f))
    entry["files"] = [f"{rel}/{f}" for f in files]
    json.dump(man, open(man_path, "w"), indent=2, ensure_ascii=False)
    open(man_path, "a").write("\n")
    print(f"models/manifest.json: {rel} lists {len(files)} files")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def load_run(run, unet_file="unet.pt"):
    vb = ckpt.load(os.path.join(run, "vae.pt"))
    ub = ckpt.load(os.path.join(run, unet_file))
    vae = VAE(VAEConfig(**ub["config"]["vae"]))
    vae.load_state_dict({k: v.float() for k, v in vb["ema"].items()})
    unet = UNet(UNetConfig(**ub["config"]["unet"]))
    unet.load_state_dict({k: v.float() for k, v in ub["ema"].items()})
    return vae.eval(), unet.eval(), ub


def write_bin(ref_dir, name, arr, table):
    a = np.ascontiguousarray(arr, dtype=np.float32)
    a.tofile(os.path.join(ref_dir, name + ".bin"))
    table[name] = {"shape": list(a.shape), "file": name + ".bin"}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run")
    p.add_argument("--out")
    p.add_argument("--ship", action="store_true", help="remove the variants the app does not ship (SHIP_REMOVES)")
    p.add_argument("--prune", default="", help="only prune an existing export folder for shipping, as --ship does")
    p.add_argument("--reference", default="")
    p.add_argument("--link", action="append", default=[], metavar="PART=REL",
                   help="with --ship/--prune: point PART (e.g. text_encoder/model.onnx, tokenizer/tokenizer.json) at an identical shipped file")
    p.add_argument("--clip-dir", default="")
    p.add_argument("--scheduler", choices=["EulerDiscreteScheduler", "DDIMScheduler"], default="EulerDiscreteScheduler")
    args = p.parse_args(argv)
    links = [x.split("=", 1) for x in args.link]
    if args.prune:
        prune_for_ship(args.prune)
        for part, rel in links:
            link_shared(args.prune, part, rel)
        update_manifest(args.prune)
        return
    if not args.run or not args.out:
        p.error("--run and --out are required (unless --prune)")
    torch.set_num_threads(1)
    vae, unet, ub = load_run(args.run)
    cfg = ub["config"]
    ucfg, vcfg, text = cfg["unet"], cfg["vae"], cfg["text"]
    C, h = ucfg["in_channels"], ucfg["sample_size"]
    S, L, D = vcfg["image_size"], text["max_length"], text["dim"]
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    _export(unet, (torch.randn(2, C, h, h), torch.tensor([999.0, 10.0]), torch.randn(2, L, D)),
            os.path.join(out, "unet", "model.onnx"), ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
            {"sample": {0: "batch"}, "timestep": {0: "batch"}, "encoder_hidden_states": {0: "batch", 1: "sequence"},
             "out_sample": {0: "batch"}})
    _export(_Dec(vae), (torch.randn(1, C, h, h),), os.path.join(out, "vae_decoder", "model.onnx"),
            ["latent_sample"], ["sample"], {"latent_sample": {0: "batch"}, "sample": {0: "batch"}})
    _export(_Enc(vae), (torch.randn(1, 3, S, S),), os.path.join(out, "vae_encoder", "model.onnx"),
            ["sample"], ["latent_sample"], {"sample": {0: "batch"}, "latent_sample": {0: "batch"}})
    if unet.image_proj is not None:
        _export(_ImageProj(unet.image_proj), (torch.randn(1, C, h, h),), os.path.join(out, "image_proj", "model.onnx"),
                ["latent_sample"], ["image_embeds"], {"latent_sample": {0: "batch"}, "image_embeds": {0: "batch"}})
        json.dump({"tokens": ucfg["image_tokens"], "dim": D, "input": "vae_encoder latent_sample (unscaled mean)",
                   "scaling_factor": ucfg["scaling_factor"]},
                  open(os.path.join(out, "image_proj", "config.json"), "w"), indent=1)
    variants = {"unet": write_variants(os.path.join(out, "unet", "model.onnx"), ("fp16", "int8")),
                "vae_decoder": write_variants(os.path.join(out, "vae_decoder", "model.onnx"), ("fp16",))}
    sched = dict(cfg["scheduler"])
    sched["_class_name"] = args.scheduler
    os.makedirs(os.path.join(out, "scheduler"))
    json.dump(sched, open(os.path.join(out, "scheduler", "scheduler_config.json"), "w"), indent=1)
    json.dump({"sample_size": h, "in_channels": C, "out_channels": C, "cross_attention_dim": D,
               "block_out_channels": ucfg["channels"], "prediction_type": sched["prediction_type"]},
              open(os.path.join(out, "unet", "config.json"), "w"), indent=1)
    for part in ("vae_decoder", "vae_encoder"):
        json.dump({"sample_size": S, "latent_channels": C, "scaling_factor": vcfg["scaling_factor"],
                   "block_out_channels": vcfg["channels"]}, open(os.path.join(out, part, "config.json"), "w"), indent=1)
    has_text = text["kind"] != "none"
    encoder = None
    if has_text:
        # The text encoder is exported from the very checkpoint the UNet was trained against
        # (sha256 checked), so browser and training side see the same hidden states.
        from text import ToonClipText

        clip_dir = args.clip_dir or os.path.join(ROOT, text["clip_dir"])
        ck = os.path.join(ROOT, text["ckpt"])
        if sha256(ck) != text.get("ckpt_sha256"):
            raise SystemExit(f"{ck} changed since the UNet was trained (sha256 differs): export refused")
        encoder = ToonClipText(clip_dir, ck, L)
        ids, mask = encoder.padded(["a cat", "웃는 고양이 얼굴"])
        _export(_Text(encoder.text), (ids, mask), os.path.join(out, "text_encoder", "model.onnx"),
                ["input_ids", "attention_mask"], ["text_embeds", "last_hidden_state"],
                {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                 "text_embeds": {0: "batch"}, "last_hidden_state": {0: "batch", 1: "sequence"}})
        os.makedirs(os.path.join(out, "tokenizer"))
        for f in ("tokenizer.json", "tokenizer_config.json"):
            src = os.path.join(encoder.tok_dir, f)
            shutil.copy(src if os.path.exists(src) else os.path.join(clip_dir, f), os.path.join(out, "tokenizer", f))
    files = {}
    for dp, _, fs in os.walk(out):
        for f in sorted(fs):
            fp = os.path.join(dp, f)
            files[os.path.relpath(fp, out)] = {"bytes": os.path.getsize(fp), "sha256": sha256(fp)}
    index = {
        "_class_name": "OnnxStableDiffusionPipeline",
        "text_encoder": ["onnxruntime", "OnnxRuntimeModel"] if has_text else [None, None],
        "tokenizer": ["transformers", "PreTrainedTokenizerFast"] if has_text else [None, None],
        "unet": ["onnxruntime", "OnnxRuntimeModel"],
        "vae_decoder": ["onnxruntime", "OnnxRuntimeModel"],
        "vae_encoder": ["onnxruntime", "OnnxRuntimeModel"],
        "scheduler": ["diffusers", args.scheduler],
        "toonsmith": {
            "image_size": S, "latent_channels": C, "latent_size": h, "scaling_factor": vcfg["scaling_factor"],
            "text": {"kind": text["kind"], "max_length": L, "dim": D,
                     "unconditional": not has_text},
            **({"image_prompt": {"tokens": ucfg["image_tokens"], "dim": D}} if unet.image_proj is not None else {}),
            "trained_steps": {"vae": ckpt.load(os.path.join(args.run, "vae.pt"))["step"], "unet": ub["step"]},
            "files": files,
        },
    }
    json.dump(index, open(os.path.join(out, "model_index.json"), "w"), indent=1)
    print(json.dumps(files, indent=1))
    if args.reference:
        write_reference(args.reference, vae, unet, cfg, sched, C, h, S, L, D, encoder)
    if args.ship:
        prune_for_ship(out)
        for part, rel in links:
            link_shared(out, part, rel)
        update_manifest(out)


@torch.no_grad()
def write_reference(ref_dir, vae, unet, cfg, sched, C, h, S, L, D, encoder=None):
    sys.path.insert(0, HERE)
    from data import ToonPanels

    if os.path.exists(ref_dir):
        shutil.rmtree(ref_dir)
    os.makedirs(ref_dir)
    t = {}
    sample = gaussian_noise(101, (2, C, h, h))
    ctx = gaussian_noise(102, (2, L, D))
    write_bin(ref_dir, "unet_in_sample", sample, t)
    write_bin(ref_dir, "unet_in_ctx", ctx, t)
    ts = np.array([999.0, 250.5], np.float32)
    write_bin(ref_dir, "unet_in_timestep", ts, t)
    write_bin(ref_dir, "unet_out", unet(torch.from_numpy(sample), torch.from_numpy(ts), torch.from_numpy(ctx)).numpy(), t)
    lat = gaussian_noise(103, (1, C, h, h))
    write_bin(ref_dir, "vae_decoder_in", lat, t)
    write_bin(ref_dir, "vae_decoder_out", vae.decode(torch.from_numpy(lat)).numpy(), t)
    img, _ = ToonPanels(S, split="test_emoji").batch(5, 0, 1)
    write_bin(ref_dir, "vae_encoder_in", img, t)
    write_bin(ref_dir, "vae_encoder_out", vae.encode(torch.from_numpy(img))[0].numpy(), t)
    ip = unet.image_proj is not None
    if ip:
        ref_lat = vae.encode(torch.from_numpy(img))[0]
        write_bin(ref_dir, "image_proj_in", ref_lat.numpy(), t)
        write_bin(ref_dir, "image_proj_out", unet.image_proj(ref_lat).numpy(), t)
        N = cfg["unet"]["image_tokens"]
        # UNet reference inputs carry L text + N image tokens on this model
        ctx_ip = gaussian_noise(104, (2, L + N, D))
        write_bin(ref_dir, "unet_in_ctx", ctx_ip, t)
        write_bin(ref_dir, "unet_out", unet(torch.from_numpy(sample), torch.from_numpy(ts), torch.from_numpy(ctx_ip)).numpy(), t)
    # context for the pipeline cases: zeros when the model has no text encoder
    prompts = ["A cat and a dog under a tree at night", "밤에 나무 아래에 있는 고양이와 개",
               "A cat and a dog under a tree at night", "공원에 있는 집"]
    sf = cfg["vae"]["scaling_factor"]
    cases = []
    if encoder is not None:
        tp = prompts[:4]
        ids, mask = encoder.padded(tp + [""])
        write_bin(ref_dir, "text_in_ids", ids.numpy().astype(np.float32), t)
        write_bin(ref_dir, "text_in_mask", mask.numpy().astype(np.float32), t)
        write_bin(ref_dir, "text_out", encoder.encode(tp + [""]).numpy(), t)
    runs = [("euler", 4, 1.0, None, False), ("ddim", 6, 3.0, None, False), ("euler", 8, 1.0, 0.6, False),
            ("ddim", 5, 1.0, 0.5, False)]
    if ip:  # image prompt (the test_emoji panel as the reference), with and without CFG
        prompts += ["A cat and a dog under a tree at night", "공원에 있는 집"]
        runs += [("euler", 4, 3.0, None, True), ("euler", 3, 1.0, None, True)]
    for i, (kind, steps, g, strength, use_ip) in enumerate(runs):
        seed = 4242 + i
        if encoder is not None:
            ctx_c, ctx_u = encoder.encode([prompts[i]]), encoder.encode([""])
        else:
            ctx_c = ctx_u = torch.zeros(1, L, D)
        trace = []
        out = generate(unet, vae, sched, kind, steps, g, seed, ctx_c, ctx_u, sf, (C, h, h),
                       init_image=img[0] if strength is not None else None, strength=strength or 1.0, trace=trace,
                       image_prompt=img[0] if use_ip else None)
        name = f"pipeline_{i}"
        write_bin(ref_dir, name, out, t)
        write_bin(ref_dir, name + "_latents", trace[-1], t)
        cases.append({"name": name, "prompt": prompts[i], "scheduler": kind, "steps": steps, "guidance": g, "seed": seed,
                      "strength": strength, "init_image": "vae_encoder_in" if strength is not None else None,
                      **({"image_prompt": "vae_encoder_in"} if use_ip else {})})
        # visual check
        from PIL import Image
        Image.fromarray(((out.transpose(1, 2, 0) + 1) * 127.5).clip(0, 255).astype(np.uint8)).save(
            os.path.join(ref_dir, name + ".png"))
    json.dump({"note": "torch fp32 outputs written by models/diffusion/export.py", "tensors": t,
               "scheduler_config": sched, "scaling_factor": sf, "context": {"length": L, "dim": D, "zeros": encoder is None},
               "cases": cases}, open(os.path.join(ref_dir, "reference.json"), "w"), indent=1)


if __name__ == "__main__":
    main()

"""Train Toonsmith's small latent diffusion model in two stages.

  # stage 1: VAE (64 px -> 4x16x16 latents), L1 + L2 reconstruction + KL
  nice -n 19 /usr/bin/python3 models/diffusion/train.py vae --run models/diffusion/runs/r1 --steps 20000
  # stage 2: UNet on frozen VAE latents, text-conditioned, caption dropped 10% (CFG)
  nice -n 19 /usr/bin/python3 models/diffusion/train.py unet --run models/diffusion/runs/r1 --steps 100000 \
      --text toon-clip --clip-dir models/clip/toon-clip --clip-ckpt <ckpt.pt>

Every run is resumable (`--resume`: continues from <run>/<stage>.pt), deterministic for a seed
(data batch k and the noise/timesteps of step k depend only on (seed, k)), logs JSON lines to
<run>/<stage>.log.jsonl, stops cleanly at --steps or --max-minutes. `--device cuda` for a GPU.
"""
from __future__ import annotations

import argparse
import copy
import shutil
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import ckpt  # noqa: E402
from nets import UNet, UNetConfig, VAE, VAEConfig, count_params  # noqa: E402
from schedulers import full_config, make_alphas_cumprod  # noqa: E402


def ints(s):
    return [int(x) for x in s.split(",") if x]


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("stage", choices=["vae", "unet"])
    p.add_argument("--run", required=True, help="run folder (checkpoints, logs)")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--max-minutes", type=float, default=0, help="stop (and checkpoint) after this wall time")
    p.add_argument("--ckpt-every", type=int, default=500)
    p.add_argument("--keep-every", type=int, default=0,
                   help="also keep the checkpoint of every Nth step as <stage>-<step>.pt (stop choices on val)")
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--ckpt-dtype", choices=["fp16", "fp32"], default="fp16")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--image-size", type=int, default=64)
    p.add_argument("--data", choices=["panels", "sprites", "cached"], default="panels",
                   help="cached: render the split once into <run>/../cache (parallel), then train from memory")
    p.add_argument("--warmup", type=int, default=200, help="linear LR warm-up steps")
    p.add_argument("--cache-limit", type=int, default=0, help="--data cached: only the first N train specs (smoke runs)")
    p.add_argument("--amp", action="store_true", help="bf16 autocast for the forward pass (CUDA)")
    # VAE
    p.add_argument("--vae-channels", type=ints, default=[32, 64, 128])
    p.add_argument("--kl-weight", type=float, default=1e-4)
    # UNet
    p.add_argument("--unet-channels", type=ints, default=[64, 128, 192])
    p.add_argument("--attn-levels", type=ints, default=[1, 2])
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--prediction", choices=["epsilon", "v_prediction"], default="v_prediction")
    p.add_argument("--drop-caption", type=float, default=0.1)
    p.add_argument("--ema", type=float, default=0.999)
    p.add_argument("--text", choices=["toon-clip", "none"], default="toon-clip")
    p.add_argument("--clip-dir", default=os.path.join(HERE, "..", "clip", "toon-clip"))
    p.add_argument("--clip-ckpt", default=os.path.join(HERE, "..", "clip", "runs", "v1", "ckpt.pt"))
    p.add_argument("--max-length", type=int, default=64, help="caption tokens (padded), like SD's 77")
    p.add_argument("--context-dim", type=int, default=0, help="0: read from the CLIP config")
    p.add_argument("--image-tokens", type=int, default=0,
                   help="> 0: train an image prompt (character sheet of the panel's subject -> this many context tokens)")
    p.add_argument("--image-prompt-p", type=float, default=0.5, help="share of pairs that get their subject's sheet")
    p.add_argument("--image-lr-mult", type=float, default=5.0, help="learning-rate multiplier of the (new) image prompt")
    p.add_argument("--sheet-source", choices=["largest", "subject"], default="largest",
                   help="whose sheet a panel is trained with: its largest object, or the caption's first subject")
    p.add_argument("--init", default="", help="start the UNet from this unet.pt's EMA weights (new parts stay at init)")
    return p.parse_args(argv)


class Logger:
    def __init__(self, path, resume):
        self.f = open(path, "a" if resume else "w")

    def __call__(self, **kw):
        self.f.write(json.dumps(kw) + "\n")
        self.f.flush()
        print(json.dumps(kw), flush=True)


def ema_update(ema, model, decay, step):
    d = min(decay, (1 + step) / (10 + step))
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()):
            pe.mul_(d).add_(pm.detach(), alpha=1 - d)


def vae_loss(vae, x, kl_weight, gen):
    mean, logvar = vae.encode(x)
    z = mean + torch.exp(0.5 * logvar) * torch.randn(mean.shape, generator=gen).to(mean.device)
    rec = vae.decode(z)
    l1 = (rec - x).abs().mean()
    l2 = F.mse_loss(rec, x)
    kl = 0.5 * (mean.pow(2) + logvar.exp() - 1.0 - logvar).sum(dim=(1, 2, 3)).mean()
    return l1 + l2 + kl_weight * kl, {"l1": l1.item(), "l2": l2.item(), "kl": kl.item()}


@torch.no_grad()
def latent_scaling(vae, data, seed, device, n=128):
    """1 / std of posterior samples z ~ q(z|x) (Stable Diffusion's scaling_factor, measured)."""
    x, _ = data.batch(seed + 777, 0, n)
    m, lv = vae.encode(torch.from_numpy(x).to(device))
    gen = torch.Generator().manual_seed(seed + 778)
    z = m + torch.exp(0.5 * lv) * torch.randn(m.shape, generator=gen).to(m.device)
    return float(1.0 / z.float().std().clamp(min=1e-6))


def diffusion_loss(unet, z0, ctx, ac, prediction, gen):
    b = z0.shape[0]
    t = torch.randint(0, len(ac), (b,), generator=gen)
    noise = torch.randn(z0.shape, generator=gen).to(z0.device)
    a = ac[t].to(z0.device)[:, None, None, None]
    zt = a.sqrt() * z0 + (1 - a).sqrt() * noise
    target = noise if prediction == "epsilon" else a.sqrt() * noise - (1 - a).sqrt() * z0
    out = unet(zt, t.float().to(z0.device), ctx)
    return F.mse_loss(out, target)


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def main(argv=None):
    args = parse(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.run, exist_ok=True)
    from data import make_data  # after threads are set

    dev = torch.device(args.device)
    if args.data == "cached":
        import panel_cache

        data = panel_cache.CachedPanels(panel_cache.build("train", args.image_size, os.path.join(args.run, "..", "cache"),
                                                              limit=args.cache_limit))
    else:
        data = make_data(args.data, args.image_size)
    path = os.path.join(args.run, f"{args.stage}.pt")
    log = Logger(os.path.join(args.run, f"{args.stage}.log.jsonl"), args.resume)
    text = None
    if args.stage == "vae":
        cfg = VAEConfig(image_size=args.image_size, channels=args.vae_channels)
        model = VAE(cfg).to(dev)
        config = {"vae": cfg.to_dict()}
    else:
        vblob = ckpt.load(os.path.join(args.run, "vae.pt"))
        vcfg = VAEConfig(**vblob["config"]["vae"])
        vae = VAE(vcfg)
        vae.load_state_dict({k: v.float() for k, v in vblob["ema"].items()})
        vae = vae.to(dev).eval()
        for p_ in vae.parameters():
            p_.requires_grad_(False)
        from text import clip_width, make_text

        dim = args.context_dim or clip_width(args.clip_dir)
        text = make_text(args.text, args.clip_dir, args.clip_ckpt, args.max_length, dim, device=args.device)
        f = 2 ** (len(vcfg.channels) - 1)
        cfg = UNetConfig(in_channels=vcfg.latent_channels, channels=args.unet_channels, attn_levels=args.attn_levels,
                         heads=args.heads, cross_attention_dim=text.dim, sample_size=args.image_size // f,
                         image_tokens=args.image_tokens, scaling_factor=vcfg.scaling_factor)
        model = UNet(cfg).to(dev)
        if args.init and not (args.resume and os.path.exists(path)):
            src = ckpt.load(args.init)
            missing, unexpected = model.load_state_dict({k: v.float() for k, v in src["ema"].items()}, strict=False)
            if unexpected or any(not k.startswith("image_proj.") for k in missing):
                raise SystemExit(f"--init {args.init}: incompatible (missing {missing[:4]}, unexpected {unexpected[:4]})")
            init_from = {"path": os.path.relpath(args.init, os.path.join(HERE, "..", "..")), "step": src["step"],
                         "new": sorted({k.split(".")[0] for k in missing})}
        else:
            init_from = None
        sheets = None
        if args.image_tokens:
            if args.data != "cached":
                raise SystemExit("--image-tokens needs --data cached (panel index -> subject sheet)")
            from sheets import SubjectSheets

            sheets = SubjectSheets("train", os.path.join(args.run, "..", "cache"), args.sheet_source)
        sched = full_config({"prediction_type": args.prediction, "timestep_spacing": "trailing"})
        ac = torch.from_numpy(make_alphas_cumprod(sched)).float()
        config = {"unet": cfg.to_dict(), "vae": vcfg.to_dict(), "scheduler": sched, "text": text.describe(),
                  "drop_caption": args.drop_caption}
        if args.image_tokens:
            config["image_prompt"] = {"tokens": args.image_tokens, "p": args.image_prompt_p, "lr_mult": args.image_lr_mult,
                                      "source": {"largest": "sheet of the panel's largest object (sheets.py)",
                                                 "subject": "sheet of the caption's first subject (sheets.py)"}[args.sheet_source]}
        if init_from:
            config["init"] = init_from
    ema = copy.deepcopy(model).eval()
    if getattr(model, "image_proj", None) is not None:
        ip = set(id(p_) for p_ in model.image_proj.parameters())
        groups = [{"params": [p_ for p_ in model.parameters() if id(p_) not in ip], "mult": 1.0},
                  {"params": list(model.image_proj.parameters()), "mult": args.image_lr_mult}]
    else:
        groups = [{"params": list(model.parameters()), "mult": 1.0}]
    opt = torch.optim.AdamW(groups, lr=args.lr, weight_decay=0.0)
    step = 0
    if args.resume and os.path.exists(path):
        step = ckpt.restore(ckpt.load(path), model, ema, opt, device=str(dev))
        log(event="resume", step=step, path=os.path.relpath(path))
    else:
        log(event="start", stage=args.stage, params=count_params(model), config=config, args=vars(args))
    t0 = time.time()
    acc, n_acc = {}, 0
    last_ckpt = step
    while step < args.steps:
        gen = torch.Generator().manual_seed(args.seed * 1_000_003 + step)
        lr = args.lr * min(1.0, (step + 1) / max(1, args.warmup))
        for g in opt.param_groups:
            g["lr"] = lr * g.get("mult", 1.0)
        ref = None
        if args.stage == "unet" and sheets is not None:
            x, caps, idx = data.batch(args.seed, step, args.batch, args.drop_caption, return_index=True)
            brng = np.random.default_rng([args.seed, step, 7])
            keep = brng.random(len(idx)) < args.image_prompt_p
            sh = sheets.images_for(idx)
            flip = brng.random(len(idx)) < 0.5
            sh[flip] = sh[flip][..., ::-1]
            ref = (torch.from_numpy(np.ascontiguousarray(sh)).to(dev), torch.from_numpy(keep).to(dev))
        else:
            x, caps = data.batch(args.seed, step, args.batch, args.drop_caption if args.stage == "unet" else 0.0)
        x = torch.from_numpy(x).to(dev)
        amp = torch.autocast("cuda", dtype=torch.bfloat16) if (args.amp and dev.type == "cuda") else _Null()
        if args.stage == "vae":
            with amp:
                loss, parts = vae_loss(model, x, args.kl_weight, gen)
        else:
            with torch.no_grad():
                m, lv = vae.encode(x)
                z0 = (m + torch.exp(0.5 * lv) * torch.randn(m.shape, generator=gen).to(dev)) * vcfg.scaling_factor
                ctx = text.encode(caps).to(dev)
                if ref is not None:
                    ref_latent = vae.encode(ref[0])[0]
            if ref is not None:  # the image prompt is trained with the UNet; dropped pairs get zero tokens
                tok = model.image_proj(ref_latent) * ref[1].float()[:, None, None]
                ctx = torch.cat([ctx, tok], dim=1)
            with amp:
                loss = diffusion_loss(model, z0, ctx, ac, args.prediction, gen)
            parts = {}
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        ema_update(ema, model, args.ema, step)
        step += 1
        for k, v in dict(loss=loss.item(), **parts).items():
            acc[k] = acc.get(k, 0.0) + v
        n_acc += 1
        if step % args.log_every == 0 or step == args.steps:
            log(step=step, lr=lr, elapsed_s=round(time.time() - t0, 1), **{k: v / n_acc for k, v in acc.items()})
            acc, n_acc = {}, 0
        out_of_time = args.max_minutes and (time.time() - t0) > 60 * args.max_minutes
        if step % args.ckpt_every == 0 or step == args.steps or out_of_time:
            extra = {}
            if args.stage == "vae":
                ema.config.scaling_factor = latent_scaling(ema, data, args.seed, dev)
                config["vae"] = ema.config.to_dict()
                extra["scaling_factor"] = ema.config.scaling_factor
            size = ckpt.save(path, stage=args.stage, step=step, config=config, model=model, ema=ema, opt=opt,
                             extra=extra, dtype=args.ckpt_dtype)
            last_ckpt = step
            if args.keep_every and step % args.keep_every == 0:
                shutil.copyfile(path, os.path.join(args.run, f"{args.stage}-{step}.pt"))
            log(event="checkpoint", step=step, bytes=size, **extra)
        if out_of_time:
            log(event="stop", reason="max-minutes", step=step)
            break
    if last_ckpt != step:
        ckpt.save(path, stage=args.stage, step=step, config=config, model=model, ema=ema, opt=opt, dtype=args.ckpt_dtype)
    return step


if __name__ == "__main__":
    main()

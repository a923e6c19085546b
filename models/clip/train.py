"""Trains Toon-CLIP (CPU-friendly; resumable; seeded).

    /usr/bin/python3 models/clip/train.py --run models/clip/runs/v1 --steps 1300 --minutes 28

The run folder must hold tokenizer.json (train_tokenizer.py). Checkpoints: <run>/ckpt.pt every
--save-every steps and at the end (model, optimizer, step, RNG states, elapsed seconds); running
the same command again resumes from it. --init <ckpt> starts a new run from another run's weights
(e.g. adding scene panels after sprite pretraining). Log: <run>/train.jsonl.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import ClipConfig, ToonClip, count_params  # noqa: E402
from tokenizer import BPETokenizer  # noqa: E402
import data as clipdata  # noqa: E402

MEAN, STD = 0.5, 0.5  # preprocessor_config.json uses the same


def to_pixels(batch_u8: np.ndarray) -> torch.Tensor:
    x = torch.from_numpy(batch_u8).permute(0, 3, 1, 2).float() / 255.0
    return (x - MEAN) / STD


def augment(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """Random scale (0.75-1.05) + shift (+-10%) on a white background (x in [-1, 1])."""
    b = x.shape[0]
    s = 0.75 + 0.30 * torch.rand(b, generator=g)
    t = (torch.rand(b, 2, generator=g) - 0.5) * 0.2
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = 1 / s
    theta[:, 1, 1] = 1 / s
    theta[:, :, 2] = t
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    inv = 1.0 - x  # white -> 0 so zero padding is white
    out = F.grid_sample(inv, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return 1.0 - out


class Sampler:
    def __init__(self, sources, weights, seed: int):
        self.sources = sources
        self.weights = weights
        self.rng = random.Random(seed)

    def batch(self, n: int):
        imgs, caps, langs, srcs = [], [], [], []
        counts = [0] * len(self.sources)
        for _ in range(n):
            counts[self.rng.choices(range(len(self.sources)), self.weights)[0]] += 1
        for src, c in zip(self.sources, counts):
            for i in self.rng.sample(range(len(src)), min(c, len(src))):  # unique images per batch
                img, lang, cap = src.sample(i, self.rng)
                imgs.append(img)
                caps.append(cap)
                langs.append(lang)
                srcs.append(self.sources.index(src))
        return np.stack(imgs), caps, langs, srcs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--steps", type=int, default=1300)
    ap.add_argument("--minutes", type=float, default=28.0, help="wall budget; the LR schedule follows max(step, time) progress")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--save-every", type=int, default=100)
    ap.add_argument("--init", default=None)
    ap.add_argument("--panels", type=float, default=0.0, help="share of panel pairs per batch (needs scene data)")
    ap.add_argument("--openclipart", type=float, default=0.0,
                    help="share of openclipart drawing pairs per batch (openclipart.py; needs data/build/openclipart-clip)")
    ap.add_argument("--freeze-bn", action="store_true",
                    help="BatchNorm layers use and keep their running statistics (eval mode) while the rest trains")
    ap.add_argument("--distill", type=float, default=0.0,
                    help="weight of 1 - cosine between the vision embeddings and those of the --init weights (frozen "
                         "teacher) on the sprite and panel images: the new data must not move what was learnt")
    ap.add_argument("--distill-text", type=float, default=0.0,
                    help="weight of 1 - cosine between the text embeddings and those of the --init weights (frozen "
                         "teacher) on the sprite and panel captions (v8: the text tower trained, its old meanings kept)")
    ap.add_argument("--keep-every", type=int, default=0, help="also keep <run>/step<N>.pt every N steps (early stop on val)")
    ap.add_argument("--freeze-text", action="store_true",
                    help="train the vision tower (and temperature) only: the text tower's weights stay as --init gave them")
    ap.add_argument("--stop-at", type=int, default=0,
                    help="stop (with checkpoint) at this step; the schedule still follows --steps (reproduce.sh)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    tok = BPETokenizer.load(os.path.join(a.run, "tokenizer.json"))
    ckpt_path = os.path.join(a.run, "ckpt.pt")
    resume = torch.load(ckpt_path) if os.path.exists(ckpt_path) else None
    cfg = ClipConfig(**{**ClipConfig().to_dict(), "vocab_size": tok.vocab_size}) if resume is None else ClipConfig(**resume["config"])
    cfg.vision_channels = tuple(cfg.vision_channels)
    model = ToonClip(cfg)
    if resume is None and a.init:
        init = torch.load(a.init)
        model.load_state_dict(init["model"])
        print(f"[train] init from {a.init} (step {init['step']})")
    if a.freeze_text:
        for p in model.text.parameters():
            p.requires_grad_(False)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=a.lr, weight_decay=0.05, betas=(0.9, 0.98))
    step, elapsed = 0, 0.0
    sources, weights = [clipdata.SpriteSet("train")], [1.0 - a.panels - a.openclipart]
    if a.panels > 0:
        import scenes  # noqa: WPS433
        sources.append(scenes.PanelSet("train"))
        weights.append(a.panels)
    teacher = t_text = None
    if a.distill_text > 0:
        import copy
        assert a.init, "--distill-text needs --init (the teacher)"
        t_model = ToonClip(cfg)
        t_model.load_state_dict(torch.load(a.init)["model"])
        t_text = t_model.text.eval()
        for p in t_text.parameters():
            p.requires_grad_(False)
    if a.distill > 0:
        import copy
        assert a.init, "--distill needs --init (the teacher)"
        teacher = copy.deepcopy(model.vision).eval()
        if resume is not None:  # the teacher is the --init weights, not the resumed ones
            t_model = ToonClip(cfg)
            t_model.load_state_dict(torch.load(a.init)["model"])
            teacher = t_model.vision.eval()
        for p in teacher.parameters():
            p.requires_grad_(False)
    if a.openclipart > 0:
        import openclipart  # noqa: WPS433
        sources.append(openclipart.OpenclipartSet("train"))
        weights.append(a.openclipart)
    old_sources = {0, 1} if a.panels > 0 else {0}  # sprites (and panels): what distillation keeps
    sampler = Sampler(sources, weights, a.seed)
    g = torch.Generator().manual_seed(a.seed)
    if resume is not None:
        model.load_state_dict(resume["model"])
        opt.load_state_dict(resume["opt"])
        step, elapsed = resume["step"], resume["elapsed"]
        sampler.rng.setstate(resume["py_rng"])
        g.set_state(resume["torch_gen"])
        print(f"[train] resumed at step {step} ({elapsed / 60:.1f} min)")
    print(f"[train] params text={count_params(model.text)} vision={count_params(model.vision)} vocab={cfg.vocab_size}")
    warm = 50
    log = open(os.path.join(a.run, "train.jsonl"), "a")

    def save():
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                    "py_rng": sampler.rng.getstate(), "torch_gen": g.get_state(), "config": cfg.to_dict(),
                    "args": vars(a)}, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)

    model.train()
    if a.freeze_text:
        model.text.eval()
    if a.freeze_bn:
        for mod in model.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.eval()
    while True:
        progress = max(step / a.steps, elapsed / (a.minutes * 60))
        if progress >= 1.0 or (a.stop_at and step >= a.stop_at):
            break
        t0 = time.time()
        lr = a.lr * min(1.0, (step + 1) / warm) * 0.5 * (1 + math.cos(math.pi * progress))
        for pg in opt.param_groups:
            pg["lr"] = lr
        imgs, caps, _, srcs = sampler.batch(a.batch)
        x = augment(to_pixels(imgs), g)
        ids, mask = tok.batch(caps)
        ids_t, mask_t = torch.tensor(ids), torch.tensor(mask)
        emb = model.vision(x)[0]  # once: the contrastive loss and the distillation share it
        temb = model.text(ids_t, mask_t)[0]
        loss, acc = model.loss(x, ids_t, mask_t, image_embeds=emb, text_embeds=temb)
        if t_text is not None:
            old = torch.tensor([s in old_sources for s in srcs])
            if old.any():
                with torch.no_grad():
                    t_t = F.normalize(t_text(ids_t[old], mask_t[old])[0], dim=-1)
                loss = loss + a.distill_text * (1 - (F.normalize(temb[old], dim=-1) * t_t).sum(-1)).mean()
        if teacher is not None:
            old = torch.tensor([s in old_sources for s in srcs])
            if old.any():
                with torch.no_grad():
                    t_emb = F.normalize(teacher(x[old])[0], dim=-1)
                s_emb = F.normalize(emb[old], dim=-1)
                loss = loss + a.distill * (1 - (s_emb * t_emb).sum(-1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        opt.step()
        step += 1
        elapsed += time.time() - t0
        if step % 10 == 0:
            rec = {"step": step, "loss": round(loss.item(), 4), "acc": round(acc.item(), 3), "lr": round(lr, 6),
                   "temp": round(1 / model.logit_scale.exp().item(), 4), "min": round(elapsed / 60, 2)}
            log.write(json.dumps(rec) + "\n")
            log.flush()
            print(rec, flush=True)
        if step % a.save_every == 0:
            save()
            if a.keep_every and step % a.keep_every == 0:
                import shutil
                shutil.copy(ckpt_path, os.path.join(a.run, f"step{step}.pt"))
    save()
    if a.keep_every and step % a.keep_every != 0:  # a run ended by --minutes keeps its last step as a candidate too
        import shutil
        shutil.copy(ckpt_path, os.path.join(a.run, f"step{step}.pt"))
    print(f"[train] done: {step} steps in {elapsed / 60:.1f} min")


if __name__ == "__main__":
    main()

"""Train the colorizer end to end (ColorNet + Applier) with an ab L2 loss.

Deterministic: the weights are initialised from --seed, and batch `step` is drawn from
np.random.default_rng([seed, step]), so a resumed run sees exactly the batches an
uninterrupted one would. Checkpoints (model + optimizer + step) go to --out/last.pt every
--ckpt-min minutes and at the end; rerunning the same command resumes from there.

  /usr/bin/python3 models/colorizer/train.py --out models/colorizer/runs/a --steps 3000 \
      --size 64 --batch 16 --source synth
  # later: --source mix (synthetic + dataset train split), --init <ckpt> to fine-tune
"""
from __future__ import annotations

import argparse
import json
import signal
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hints import training_hints  # noqa: E402
from lab import rgb_to_lab  # noqa: E402
from model import AB_SCALE, Colorizer, adapt_state, param_count  # noqa: E402
import synth  # noqa: E402


def make_source(name: str, size: int):
    """Returns f(rng, batch) -> (rgb N×H×W×3 uint8, line N×H×W uint8)."""
    def from_synth(rng, n):
        items = [synth.panel(rng, size, size) for _ in range(n)]
        return np.stack([i[0] for i in items]), np.stack([i[1] for i in items])

    if name == "synth":
        return from_synth
    if name == "scenes_clip":  # issue 13: real-style clip art (line art from strokes, flats from fills)
        from_scenes, from_clip = scene_source(size), openclipart_source(size)

        def cmix(rng, n):
            k = int(round(n * 0.6))
            a, b = from_scenes(rng, k), from_clip(rng, n - k)
            return np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]])
        return cmix
    if name in ("scenes", "scenes_mix"):
        from_scenes = scene_source(size)
        if name == "scenes":
            return from_scenes
        import toon_source
        from_toon = toon_source.make(size)

        def smix(rng, n):  # mostly the dataset's own scene renderer (the eval sets' distribution)
            k = int(round(n * 0.75))
            a, b = from_scenes(rng, k), from_toon(rng, n - k)
            return np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]])
        return smix
    import toon_source  # dataset train split (models/common/toondata.py), see toon_source.py
    from_toon = toon_source.make(size)
    if name == "toon":
        return from_toon

    def mix(rng, n):
        k = int(round(n * 0.75))
        a, b = from_toon(rng, k), from_synth(rng, n - k)
        return np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]])
    return mix


def scene_source(size: int):
    """Panels of the dataset's TRAIN scene specs drawn by its own renderer (models/common/
    toonrender.py — the renderer of the test_comp / test_emoji eval sets), picked by the batch
    rng, so a batch depends only on (seed, step). Line art returned as black ink on white."""
    sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))
    from models.common.toondata import load_specs, load_sprites
    from models.common.toonrender import SpriteBank, render_panel
    specs = load_specs("train")
    sp = load_sprites(128, line_rgba=False)
    bank = SpriteBank(sp["color"], sp["ink"])

    def batch(rng, n):
        rs = [render_panel(specs[int(rng.integers(0, len(specs)))], bank, size) for _ in range(n)]
        return np.stack([r["color"] for r in rs]), np.stack([255 - r["line"] for r in rs])
    return batch


def openclipart_source(size: int):
    """Openclipart TRAIN drawings (public domain; scripts/data/openclipart.mjs — split by file, the
    val / test files are never loaded): full render = colour / flats, strokes-only render = line art.
    Build first: node scripts/data/openclipart.mjs --splits=train --max=100000 --size=<size>."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "build", "openclipart", "train.npz")
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: node scripts/data/openclipart.mjs --splits=train --max=100000 --size={size}")
    d = np.load(path)
    color, ink = d["color"], d["line"]
    if color.shape[1] != size:
        raise SystemExit(f"{path} is {color.shape[1]} px; rebuild it with --size={size}")

    def batch(rng, n):
        idx = rng.integers(0, len(color), n)
        return color[idx], 255 - ink[idx]
    return batch


def make_batch(src, rng, n: int, lineart_p: float):
    rgb, line = src(rng, n)
    # random flips as cheap augmentation
    if rng.random() < 0.5:
        rgb, line = rgb[:, :, ::-1], line[:, :, ::-1]
    lab = rgb_to_lab(rgb)  # N×H×W×3
    gray = lab[..., 0] / 100.0
    use_line = rng.random(n) < lineart_p
    gray[use_line] = line[use_line].astype(np.float32) / 255.0
    ab = lab[..., 1:].transpose(0, 3, 1, 2).copy()
    hints = np.stack([training_hints(ab[i], rng) for i in range(n)])
    return (torch.from_numpy(np.ascontiguousarray(gray[:, None])).float(), torch.from_numpy(hints),
            torch.from_numpy(ab))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default="synth", choices=["synth", "toon", "mix", "scenes", "scenes_mix", "scenes_clip"])
    ap.add_argument("--lineart-p", type=float, default=0.25)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--clip", type=float, default=1.0, help="gradient-norm clip")
    ap.add_argument("--ckpt-min", type=float, default=3.0)
    ap.add_argument("--init", default="", help="start weights from this checkpoint (fine-tune)")
    ap.add_argument("--zero-head", action="store_true",
                    help="with --init: restart the applier's correction head at zero (output = propagation)")
    ap.add_argument("--max-minutes", type=float, default=1e9, help="stop (with checkpoint) after this wall time")
    ap.add_argument("--stop-at", type=int, default=0,
                    help="stop (with checkpoint) at this step; the lr schedule still follows --steps (reproduce.sh)")
    ap.add_argument("--ckpt-every", type=int, default=0, help="also checkpoint every this many steps (0: by --ckpt-min only)")
    ap.add_argument("--keep-every", type=int, default=0,
                    help="also keep the weights every this many steps as step<N>.pt (early stop chosen on val later)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    model = Colorizer()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    step = 0
    ckpt = os.path.join(args.out, "last.pt")
    if os.path.exists(ckpt):
        st = torch.load(ckpt, map_location="cpu")
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step = st["step"]
        print(f"resumed from {ckpt} at step {step}", flush=True)
    elif args.init:
        model.load_state_dict(adapt_state(torch.load(args.init, map_location="cpu")["model"], model))
        if args.zero_head:
            torch.nn.init.zeros_(model.applier.head.weight)
            torch.nn.init.zeros_(model.applier.head.bias)
        print(f"initialised from {args.init}" + (" (correction head zeroed)" if args.zero_head else ""), flush=True)
    print(f"params {param_count(model)} source {args.source} size {args.size} batch {args.batch} "
          f"threads {args.threads}", flush=True)
    src = make_source(args.source, args.size)

    def save():
        tmp = ckpt + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                    "args": vars(args)}, tmp)
        os.replace(tmp, ckpt)

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__("now", True))  # checkpoint, then exit
    t0 = last_ck = time.time()
    ema = None
    end = min(args.steps, args.stop_at) if args.stop_at else args.steps
    while step < end and not stop["now"]:
        lr = args.lr * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * step / args.steps)))
        for g in opt.param_groups:
            g["lr"] = lr
        rng = np.random.default_rng([args.seed, step])
        gray, hints, ab = make_batch(src, rng, args.batch, args.lineart_p)
        pred = model(gray, hints)
        loss = torch.mean(((pred - ab) / AB_SCALE) ** 2)
        opt.zero_grad()
        loss.backward()
        # no normalisation layers: clip, and skip non-finite steps (a run without this diverged)
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        if torch.isfinite(gn):
            opt.step()
        step += 1
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 25 == 0:
            el = time.time() - t0
            print(json.dumps({"step": step, "loss": round(loss.item(), 5), "ema": round(ema, 5),
                              "lr": round(lr, 6), "elapsed_s": round(el, 1)}), flush=True)
        if time.time() - last_ck > args.ckpt_min * 60 or (args.ckpt_every and step % args.ckpt_every == 0):
            save()
            last_ck = time.time()
        if args.keep_every and step % args.keep_every == 0:
            torch.save({"model": model.state_dict(), "step": step, "args": vars(args)},
                       os.path.join(args.out, f"step{step}.pt"))
        if time.time() - t0 > args.max_minutes * 60:
            break
    save()
    print(f"saved {ckpt} at step {step}", flush=True)


if __name__ == "__main__":
    main()

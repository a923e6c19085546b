"""Colorizer evaluation (protocol: ../../../shared/EVAL-NOTES.md, after Zhang et al. 2017).

For each test split and k ∈ {0,1,2,5,10,20,50}: k patch hints (sizes 1..9, mean GT ab, fixed RNG
per image and k — every method sees the same hints); result = input L (untouched) + predicted ab
→ sRGB 8-bit; PSNR (RGB, whole image), SSIM (Gaussian σ=1.5, mean over RGB), chromatic mean
ΔE*ab over pixels with GT chroma > 10. Methods in the same run: the model (torch fp32, CPU) and
the baselines gray / flat fill / Levin 2004 (baselines.py).

  /usr/bin/python3 models/colorizer/eval.py --ckpt models/colorizer/runs/main/last.pt --n 100
Writes models/colorizer/eval-results.json and prints a markdown table (copied into EVAL.md).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import scipy.ndimage as ndi
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)
import baselines  # noqa: E402
from hints import eval_hints  # noqa: E402
from lab import lab_to_rgb8, rgb_to_lab  # noqa: E402
from model import STRIDE, Colorizer, adapt_state  # noqa: E402

KS = [0, 1, 2, 5, 10, 20, 50]


def psnr(x: np.ndarray, y: np.ndarray) -> float:
    mse = np.mean((x.astype(np.float64) - y.astype(np.float64)) ** 2)
    return float(10 * np.log10(255.0 ** 2 / max(mse, 1e-10)))


def ssim(x: np.ndarray, y: np.ndarray) -> float:
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    vals = []
    for ch in range(3):
        a, b = x[..., ch].astype(np.float64), y[..., ch].astype(np.float64)
        g = lambda z: ndi.gaussian_filter(z, 1.5, truncate=3.5)  # noqa: E731
        ma, mb = g(a), g(b)
        va, vb, cov = g(a * a) - ma ** 2, g(b * b) - mb ** 2, g(a * b) - ma * mb
        s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2))
        vals.append(s.mean())
    return float(np.mean(vals))


def chroma_de(result_rgb: np.ndarray, gt_lab: np.ndarray) -> tuple[float, int]:
    """Sum of ΔE*ab over chromatic GT pixels and their count (aggregated over the split)."""
    sel = np.hypot(gt_lab[..., 1], gt_lab[..., 2]) > 10
    if not sel.any():
        return 0.0, 0
    d = np.linalg.norm(rgb_to_lab(result_rgb)[sel] - gt_lab[sel], axis=-1)
    return float(d.sum()), int(sel.sum())


def load_split(name: str, n: int, size: int) -> tuple[np.ndarray, str]:
    """The dataset's fixed eval set (data/build/eval/<name>.npz) when present; otherwise panels
    composed by toon_source from the split's sprites with a fixed seed (stated in the output)."""
    path = os.path.join(ROOT, "data", "build", "eval", f"{name}.npz")
    if os.path.exists(path):
        z = np.load(path)
        key = "color" if "color" in z.files else z.files[0]
        arr = z[key][:n]
        if arr.shape[-1] == 4:
            arr = arr[..., :3]
        return arr, f"{os.path.relpath(path, ROOT)}[{key}][:{n}]"
    import toon_source
    split = "test_emoji" if name == "test_emoji" else "train"
    f = toon_source.make(size, split)
    seed = {"test_emoji": 90001, "test_comp": 90002}[name]
    rgb, _ = f(np.random.default_rng(seed), n)
    return rgb, f"composed by toon_source ({split} sprites, seed {seed}, {size}px) — dataset eval set not present"


def run_model(model: Colorizer, L: np.ndarray, hints: np.ndarray) -> np.ndarray:
    H, W = L.shape
    Hp, Wp = -(-H // STRIDE) * STRIDE, -(-W // STRIDE) * STRIDE
    g = np.pad(L / 100.0, ((0, Hp - H), (0, Wp - W)), mode="edge")
    h = np.pad(hints, ((0, 0), (0, Hp - H), (0, Wp - W)))
    with torch.no_grad():
        out = model(torch.from_numpy(g[None, None].astype(np.float32)), torch.from_numpy(h[None].astype(np.float32)))
    return out[0, :, :H, :W].numpy()


def run_propagation(model: Colorizer, L: np.ndarray, hints: np.ndarray) -> np.ndarray:
    """Ablation: the applier's propagation layer alone (trained σ, λ), user hints only — no
    proposal, no U-Net correction."""
    H, W = L.shape
    Hp, Wp = -(-H // STRIDE) * STRIDE, -(-W // STRIDE) * STRIDE
    g = np.pad(L / 100.0, ((0, Hp - H), (0, Wp - W)), mode="edge")
    h = np.pad(hints, ((0, 0), (0, Hp - H), (0, Wp - W)))
    with torch.no_grad():
        x, _ = model.prop(torch.from_numpy(g[None, None].astype(np.float32)), torch.from_numpy(h[None, :2].astype(np.float32)),
                          torch.from_numpy(h[None, 2:3].astype(np.float32)))
    return x[0, :, :H, :W].numpy()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--size", type=int, default=128, help="panel size when composing (no dataset eval set)")
    ap.add_argument("--splits", default="test_comp,test_emoji")
    ap.add_argument("--no-levin", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "eval-results.json"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--methods", default="model,gray,flat_fill,levin")
    ap.add_argument("--merge", default="", help="results json of an earlier run (same splits, n) to merge tables with")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    st = torch.load(args.ckpt, map_location="cpu")
    model = Colorizer()
    model.load_state_dict(adapt_state(st["model"], model))
    model.eval()
    with open(args.ckpt, "rb") as fh:
        ck_hash = hashlib.sha256(fh.read()).hexdigest()[:16]
    all_methods = {"model": lambda L, h: run_model(model, L, h), "propagation": lambda L, h: run_propagation(model, L, h),
                   "gray": baselines.gray,
                   "flat_fill": baselines.flat_fill, "levin": baselines.levin}
    methods = {m: all_methods[m] for m in args.methods.split(",") if not (m == "levin" and args.no_levin)}
    results = {"ckpt": os.path.relpath(args.ckpt, ROOT), "ckpt_sha256_16": ck_hash, "step": st["step"],
               "backend": "torch CPU", "dtype": "fp32", "hint_seed": "np.random.default_rng([image_index, k, 4242])",
               "splits": {}}
    t0 = time.time()
    for split in args.splits.split(","):
        rgb, source = load_split(split, args.n, args.size)
        acc = {m: {k: {"psnr": [], "ssim": [], "de_sum": 0.0, "de_n": 0} for k in KS} for m in methods}
        for i in range(len(rgb)):
            gt = rgb[i]
            lab = rgb_to_lab(gt)
            L, ab = lab[..., 0], lab[..., 1:].transpose(2, 0, 1)
            for k in KS:
                hints = eval_hints(ab, k, i)
                for m, fn in methods.items():
                    if m == "gray" and k > 0:
                        pred = np.zeros_like(ab)
                    else:
                        pred = fn(L, hints)
                    res = lab_to_rgb8(np.concatenate([L[..., None], pred.transpose(1, 2, 0)], -1))
                    a = acc[m][k]
                    a["psnr"].append(psnr(res, gt))
                    a["ssim"].append(ssim(res, gt))
                    s, c = chroma_de(res, lab)
                    a["de_sum"] += s
                    a["de_n"] += c
            if i % 10 == 9:
                print(f"{split} {i + 1}/{len(rgb)} {time.time() - t0:.0f}s", flush=True)
        results["splits"][split] = {
            "source": source, "n": int(len(rgb)), "size": list(rgb.shape[1:3]),
            "table": {m: {str(k): {"psnr": float(np.mean(v["psnr"])), "ssim": float(np.mean(v["ssim"])),
                                   "chroma_de": v["de_sum"] / max(1, v["de_n"])}
                          for k, v in per.items()} for m, per in acc.items()}}
    results["seconds"] = round(time.time() - t0, 1)
    if args.merge:
        with open(args.merge) as fh:
            old = json.load(fh)
        for split, sd in results["splits"].items():
            o = old["splits"][split]
            assert o["n"] == sd["n"] and o["source"] == sd["source"], "merge: different split data"
            for m, tab in o["table"].items():
                sd["table"].setdefault(m, tab)
        results["seconds"] += old.get("seconds", 0)
        results["merged_from"] = os.path.relpath(args.merge, ROOT)
    with open(args.out, "w") as fh:
        json.dump(results, fh, indent=1)
    print(markdown(results))


def markdown(r: dict) -> str:
    lines = [f"Checkpoint `{r['ckpt']}` (sha256 {r['ckpt_sha256_16']}…, step {r['step']}), backend {r['backend']}, "
             f"dtype {r['dtype']}, hint RNG {r['hint_seed']}."]
    for split, s in r["splits"].items():
        lines += ["", f"### {split} — n = {s['n']}, {s['size'][0]}×{s['size'][1]} px; {s['source']}", ""]
        methods = list(s["table"])
        lines.append("| k | " + " | ".join(f"{m} PSNR / SSIM / ΔE" for m in methods) + " |")
        lines.append("|---|" + "---|" * len(methods))
        for k in KS:
            cells = [f"{s['table'][m][str(k)]['psnr']:.2f} / {s['table'][m][str(k)]['ssim']:.4f} / "
                     f"{s['table'][m][str(k)]['chroma_de']:.2f}" for m in methods]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

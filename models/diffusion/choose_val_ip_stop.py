"""Where the image-prompt fine-tune (run ip2) stops, chosen on the val split (issue 16) and scored
by the unshipped evaluator CLIP (models/clip/evaluator/), not by Toon-CLIP. The shipped stop
(4,000 steps) was read off the story eval on `test_comp` treatments; this redoes that choice.

    nice /usr/bin/python3 models/diffusion/choose_val_ip_stop.py --run models/diffusion/runs/ipval/ip2 \
        --evaluator models/clip/evaluator/runs/e1 --out models/diffusion/choose-val-ip-stop.json

Input: the run's kept checkpoints `unet-<step>.pt` (train.py --keep-every 500) and its vae.pt.
Protocol (as eval_consistency.py, on val): K stories per language from val treatments 4k … 4k+3
(sentence form), characters A / B = held-out character sprites (eval_consistency.character_pool),
panel texts "<name>: <treatment>" with roles A, B, A, none; seed of panel j of story k
1000 + 10k + j; Euler, the app's story defaults (src/core/diffusion/defaults.ts): 4 steps,
guidance 3, character strength 0.6. Conditions per checkpoint: "no sheet" (text to image, all
4 panels), "image prompt" (the character's sheet as image prompt, from noise: what the fine-tune
teaches) and "image prompt + sheet start" (the app's default look; reported, not in the rule).

Measures per story (both languages pooled, n = 2K). Likeness of a character panel to its sheet =
sim(panel, own sheet) − sim(panel, other character's sheet), mean over the story's 3 character
panels; the EFFECT of a condition is its likeness minus that of the same panels drawn with no sheet
(same texts, seeds: a paired difference, as EVAL.md's "Δ(own − other sheet)").
  E = the effect of "image prompt" (what the fine-tune teaches), sim = cosine of evaluator image
      embeddings;
  T = mean evaluator CLIP-score (100 · max(cos, 0)) of the 4 "no sheet" panels against their
      treatment: the plain text-to-image fidelity the fine-tune must not lose.
Reported, not in the rule: the effect of the app's look (image prompt + sheet start), and E
measured by RGB colour histograms (intersection; no network at all) and by Toon-CLIP's vision
tower (the measure of the test_comp choice; its text tower conditions the model).
Rule, fixed before any checkpoint of the run was scored: T_best = the checkpoint with the highest
mean T; a checkpoint is admissible when its paired 95 % interval of T − T_best reaches 0 (not
measurably worse text fidelity); the stop is the admissible checkpoint with the highest mean E.
(Checked before on the shipped weights alone — step 4,000 of the shipped run — at K = 12: the raw
own − other likeness varies so much between character pairs (evaluator +0.021 ± 0.028) that only
the paired effect against "no sheet" separates the image prompt (+0.006 ± 0.004); hence E is the
paired effect.) Prints a markdown table; writes JSON to --out.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

from choose_val_steps import interval, load_evaluator  # noqa: E402
from eval import toon_embedders  # noqa: E402
from eval_consistency import NAMES, ROLES, match_characters, story_cast  # noqa: E402
from export import load_run  # noqa: E402
from sample import generate  # noqa: E402
from text import ToonClipText  # noqa: E402

STEPS, GUIDANCE, STRENGTH = 4, 3.0, 0.6  # story mode defaults (src/core/diffusion/defaults.ts)


def colour_hist(x: np.ndarray, levels: int = 4) -> np.ndarray:
    """Normalised RGB histograms ([B, levels³]) of images [B,3,S,S] in [-1,1]."""
    q = np.clip(((np.asarray(x) + 1) / 2 * levels).astype(np.int64), 0, levels - 1)
    idx = (q[:, 0] * levels + q[:, 1]) * levels + q[:, 2]
    out = np.stack([np.bincount(i.ravel(), minlength=levels**3) for i in idx]).astype(np.float64)
    return out / out.sum(1, keepdims=True)


def likeness(ims, own, other, embed) -> float:
    """Mean over panels of sim(panel, own sheet) − sim(panel, other sheet); `embed` → unit vectors
    (cosine) or None for colour histograms (histogram intersection)."""
    if embed is None:
        h, ho, hx = colour_hist(np.stack(ims)), colour_hist(np.stack(own)), colour_hist(np.stack(other))
        return float((np.minimum(h, ho).sum(1) - np.minimum(h, hx).sum(1)).mean())
    e, eo, ex = embed(np.stack(ims)), embed(np.stack(own)), embed(np.stack(other))
    return float(((e * eo).sum(1) - (e * ex).sum(1)).mean())


def per_story(row: dict) -> dict[str, np.ndarray]:
    """A stored checkpoint row's per-story measures, by name (E, T, E_app, D_ip_hist, …)."""
    return {x[: -len("_per_story")]: np.asarray(v, np.float64) for x, v in row.items() if x.endswith("_per_story")}


def checkpoints(run: str) -> list[tuple[int, str]]:
    found = []
    for path in glob.glob(os.path.join(run, "unet-*.pt")):
        m = re.fullmatch(r"unet-(\d+)\.pt", os.path.basename(path))
        if m:
            found.append((int(m.group(1)), os.path.basename(path)))
    return sorted(found)


def choose(per: dict[int, dict[str, np.ndarray]]) -> tuple[int, int, dict[int, tuple[float, float]]]:
    """(stop, T-best step, T − T_best paired intervals) by the rule in the module docstring."""
    t_best = max(per, key=lambda s: per[s]["T"].mean())
    vs = {s: interval(per[s]["T"] - per[t_best]["T"]) for s in per}
    ok = [s for s in per if vs[s][0] + vs[s][1] >= 0]
    return max(ok, key=lambda s: per[s]["E"].mean()), t_best, vs


@torch.no_grad()
def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--evaluator", required=True)
    p.add_argument("--k", type=int, default=24, help="val stories per language")
    p.add_argument("--out", default="")
    p.add_argument("--cache", default="", help="folder of per-checkpoint results: scored steps are read back, not redone")
    p.add_argument("--only", default="", help="score only these steps (comma-separated), e.g. while training goes on")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    from models.common import toondata

    ev_img, ev_txt, ev_ck = load_evaluator(args.evaluator)
    ev = toondata.load_eval("val")
    assert 4 * args.k <= len(ev["index"]), "not enough val treatments"
    _, chars, sheets = story_cast(args.k)
    stories = []  # (lang, k, treatments, panel texts)
    for lang in ("en", "ko"):
        names = list(NAMES[lang])
        for k in range(args.k):
            caps = [str(ev[f"captions_{lang}"][4 * k + j, 1]) for j in range(4)]
            texts = [f"{names[r]}: {c}" if r is not None else c for r, c in zip(ROLES, caps)]
            for t, r in zip(texts, ROLES):
                assert match_characters(t, names) == ([] if r is None else [r]), (t, r)
            stories.append((lang, k, caps, texts))
    cap_e = [ev_txt(caps) for _, _, caps, _ in stories]

    res = {"run": args.run, "evaluator": args.evaluator, "evaluator_steps": ev_ck["step"], "split": "val",
           "k_stories_per_language": args.k, "steps": STEPS, "guidance": GUIDANCE, "strength": STRENGTH,
           "rule": "highest E (image prompt: own - other sheet) among checkpoints whose T (no-sheet "
                   "evaluator CLIP-score) is not measurably below the best T (paired 95% interval)",
           "rows": []}
    per = {}
    only = {int(x) for x in args.only.split(",") if x}
    for step, fname in checkpoints(args.run):
        if only and step not in only:
            continue
        cached = os.path.join(args.cache, f"step-{step}.json") if args.cache else ""
        if cached and os.path.exists(cached):
            row = json.load(open(cached))
            assert row["k"] == args.k and row["evaluator"] == args.evaluator, cached
            per[step] = per_story(row)
            res["rows"].append(row)
            continue
        t0 = time.time()
        vae, unet, ub = load_run(args.run, fname)
        assert ub["step"] == step and unet.image_proj is not None
        cfg = ub["config"]
        text = ToonClipText(os.path.join(ROOT, cfg["text"]["clip_dir"]), os.path.join(ROOT, cfg["text"]["ckpt"]),
                            cfg["text"]["max_length"])
        C, h, sf = cfg["unet"]["in_channels"], cfg["unet"]["sample_size"], cfg["vae"]["scaling_factor"]
        uncond = text.encode([""])
        toon_img, _ = toon_embedders(text)
        spaces = {"ev": ev_img, "hist": None, "toon": toon_img}
        acc: dict[str, list[float]] = {"T": [], "T_ip": []}
        for (lang, k, caps, texts), ce in zip(stories, cap_e):
            a, b = chars[k]
            plain, ip, ip_sheet = [], [], []
            for j, (t, r) in enumerate(zip(texts, ROLES)):
                ctx, seed = text.encode([t]), 1000 + 10 * k + j
                args_g = (unet, vae, cfg["scheduler"], "euler", STEPS, GUIDANCE, seed, ctx, uncond, sf, (C, h, h))
                plain.append(generate(*args_g))
                if r is None:
                    continue
                sheet = sheets[(a if r == 0 else b)["id"]]
                ip.append(generate(*args_g, image_prompt=sheet))
                ip_sheet.append(generate(*args_g, init_image=sheet, strength=STRENGTH, image_prompt=sheet))
            own = [sheets[(a if r == 0 else b)["id"]] for r in ROLES if r is not None]
            other = [sheets[(b if r == 0 else a)["id"]] for r in ROLES if r is not None]
            plain_char = [plain[j] for j, r in enumerate(ROLES) if r is not None]
            for cond, ims in (("ip", ip), ("app", ip_sheet), ("plain", plain_char)):
                for sp, fn in spaces.items():
                    acc.setdefault(f"E_{cond}_{sp}", []).append(likeness(ims, own, other, fn))
            acc["T"].append(float((100 * (ce * ev_img(np.stack(plain))).sum(1).clamp(min=0)).mean()))
            char_caps = torch.stack([ce[j] for j, r in enumerate(ROLES) if r is not None])
            acc["T_ip"].append(float((100 * (char_caps * ev_img(np.stack(ip))).sum(1).clamp(min=0)).mean()))
        for sp in spaces:  # effects: paired against the same panels with no sheet
            for cond in ("ip", "app"):
                acc[f"D_{cond}_{sp}"] = [x - y for x, y in zip(acc[f"E_{cond}_{sp}"], acc[f"E_plain_{sp}"])]
        acc["E"], acc["E_app"] = acc["D_ip_ev"], acc["D_app_ev"]
        per[step] = {x: np.asarray(v, np.float64) for x, v in acc.items()}
        row = {"step": step, "seconds": round(time.time() - t0, 1), "k": args.k, "evaluator": args.evaluator,
               **{f"{x}_mean": float(v.mean()) for x, v in per[step].items()},
               **{f"{x}_per_story": [round(float(u), 5) for u in v] for x, v in per[step].items()}}
        # the rule reads the values as stored (rounded), whether scored now or read back
        per[step] = per_story(row)
        res["rows"].append(row)
        if cached:
            os.makedirs(args.cache, exist_ok=True)
            json.dump(row, open(cached, "w"))
        print(json.dumps({k2: v for k2, v in row.items() if not k2.endswith("per_story")}), flush=True)
    stop, t_best, vs = choose(per)
    res["chosen_step"], res["t_best_step"] = stop, t_best
    print("\n| UNet steps | E: image prompt − no sheet, evaluator (95 %) | app look − no sheet, evaluator | "
          "E by colour histogram | E by Toon-CLIP vision | T no-sheet evaluator score | T − best T (95 %) | "
          "evaluator score, image-prompt panels |")
    print("|---|---|---|---|---|---|---|---|")
    for s in sorted(per):
        d = per[s]
        m, hf = vs[s]
        mark = " **chosen**" if s == stop else ""
        print(f"| {s:,}{mark} | {d['E'].mean():+.4f} (±{interval(d['E'])[1]:.4f}) | {d['E_app'].mean():+.4f} | "
              f"{d['D_ip_hist'].mean():+.4f} (±{interval(d['D_ip_hist'])[1]:.4f}) | "
              f"{d['D_ip_toon'].mean():+.3f} (±{interval(d['D_ip_toon'])[1]:.3f}) | "
              f"{d['T'].mean():.2f} | {m:+.2f} (±{hf:.2f}) | {d['T_ip'].mean():.2f} |")
    print(f"\nchosen by the rule: step {stop} (best T at {t_best})")
    if args.out:
        json.dump(res, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()

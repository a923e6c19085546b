"""The table of EVAL.md "Story mode's steps and guidance on val, for these weights" from the
committed eval_consistency.py results (one file per guidance, steps 4 and 8 each):

    python3 models/diffusion/story_grid_table.py models/diffusion/eval-consistency-ipval-val-k24-g{2,3,4}.json

For the app's look (image prompt + sheet start, condition `iprompt_sheet`), per setting: likeness =
own − other sheet (Toon-CLIP image–image), both languages pooled per story; its paired difference
to the setting with the highest mean likeness (95 %); the character panels' text score (circular).
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from choose_val_steps import interval  # noqa: E402


def settings(paths: list[str]) -> dict[tuple[int, float], dict[str, np.ndarray]]:
    out: dict[tuple[int, float], dict[str, list[float]]] = {}
    for path in paths:
        d = json.load(open(path))
        for r in d["rows"]:
            if r["condition"] != "iprompt_sheet":
                continue
            s = out.setdefault((r["steps"], d["guidance"]), {"L": [], "C": []})
            ps = r["per_story"]
            s["L"] += list(np.asarray(ps["own"]) - np.asarray(ps["other_sheet"]))
            s["C"] += list(ps["clip"])
    return {k: {m: np.asarray(v) for m, v in s.items()} for k, s in out.items()}


def main(paths: list[str]) -> None:
    S = settings(paths)
    best = max(S, key=lambda k: S[k]["L"].mean())
    print("| steps | guidance | likeness, app look | − best likeness (paired, 95 %) | text score, character panels |")
    print("|---|---|---|---|---|")
    for k in sorted(S):
        m, h = interval(S[k]["L"])
        dm, dh = interval(S[k]["L"] - S[best]["L"])
        print(f"| {k[0]} | {k[1]:g} | {m:+.3f} (±{h:.3f}) | {dm:+.3f} (±{dh:.3f}) | {S[k]['C'].mean():.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:])

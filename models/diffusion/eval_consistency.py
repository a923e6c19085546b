"""Character consistency across a generated strip (issue #6; EVAL-NOTES "Generation"), the way
the app's story mode draws it (src/features/generate/story-runner.ts, src/core/story):

  a panel that names a character is steered by that character's sheet image — as the img2img start
  at the story's "Character strength" (default 0.6, story-mode.component.ts), as the image prompt
  (models with image_proj), or both (the app's default "Character look" for such models since
  run ip2; "sheet" below is the start alone, the only look for models without an image prompt);
  panels naming no character are
  text-to-image (the app's default: "start from the best library match" is opt-in, off);
  panel i of a story uses seed base + i; steps / guidance as given (app defaults 8 / 3).
  The palette a character carries is only a name in the draft and the panel's source name — it
  does not touch the pixels, so it is not part of what is measured here.

Protocol (fixed, deterministic):
  K stories, 4 panels each, from held-out treatments: story k uses the `test_comp` treatments
  4k … 4k+3 (sentence form), in English and in Korean separately (same treatments, characters and
  seeds for both). Two characters per story, A and B ("Mina" / "Joon", "미나" / "준호"); the panel
  text is "<name>: <treatment>" with roles A, B, A, none (panels 1 and 3 name A, 2 names B,
  4 names nobody). The story is written one paragraph per panel, so `splitStory` yields exactly
  these texts; `match_characters` (a port of matchCharacters) is asserted to find the role.
  Character sheet images: held-out (`test_emoji`) character sprites — base emoji (no skin-tone
  variant) of kind person / animal, or a smiley face, families and paw prints excluded — sorted by
  sprite id (P = 36: 3 smiley faces, 24 people, 9 animals); story k uses A = pool[k mod P] and
  B = pool[(k + 13 + floor(k/P)) mod P] (A ≠ B; no pair, in either order, repeats for K ≤ 2P). Each is rendered by the
  dataset renderer (models/common/toonrender.py) alone on a plain ("none") day scene, centred,
  size 0.62, no rotation / tone / bubbles, 128 px, box-averaged to 64 px (what the worker's
  rgbaToChw does for a 128-px image).
  Base seed of story k: 1000 + 10k. Sampler: Euler, guidance 3.
  Conditions: "sheet" (the app's mechanism); "no sheet" (every panel text-to-image: same texts,
  same seeds); "no sheet, no names" (text-to-image from the bare treatments, same seeds: what the
  shared name in the text does on its own). Panel 4 (no character) is text-to-image from the same
  text in all three, so it is the same image.
  Models with an image prompt (UNet image_tokens > 0, `image_proj` in the export) add two
  conditions: "image prompt" (the character's sheet as the image prompt, text-to-image from
  noise, same texts and seeds) and "image prompt + sheet start" (the same, plus img2img from the
  sheet at the strength). Their panel 4 is again the plain text-to-image one.

Metric: cosine of Toon-CLIP image embeddings (the run's own CLIP checkpoint) between panel pairs
within a story: same character (panels 1–3: 1 pair per story), different characters (1–2, 2–3:
2 pairs), character vs none (1–4, 2–4, 3–4: 3 pairs); "other" = the 5 non-same pairs. Per story
the pair means are taken, then averaged over stories; the difference same − other is a paired
per-story difference, reported with a 95 % interval (1.96 · sd / √K). Also: cosine of each
character panel to its own sheet vs to the other character's sheet, the sheets' own A–B cosine,
and the CLIP-score (100 · max(cos, 0)) of the character panels against their treatment (the name
prefix left out), to show what the consistency costs in text fidelity. Effects of the mechanism
are paired per story between conditions (sheet − no sheet; no sheet − no names), with 95 %
intervals, since a fixed set of treatments can make one pair position alike by itself (printed
for reference: the same pair statistics on the held-out panels of the same treatments).
Look grid (--look, steps 8, first 4 stories): sheet A, sheet B, then panels 1–4 without names,
without sheet, and with the sheet (the app).

  nice -n 10 /usr/bin/python3 models/diffusion/eval_consistency.py --run models/diffusion/runs/cpu1 \
      --k 48 --steps 4,8,20 --out models/diffusion/runs/cpu1/consistency.json --look models/diffusion/runs/cpu1/look
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

from export import load_run  # noqa: E402
from sample import generate  # noqa: E402
from sheets import sheet_image  # noqa: E402
from text import ToonClipText  # noqa: E402

NAMES = {"en": ("Mina", "Joon"), "ko": ("미나", "준호")}
ROLES = (0, 1, 0, None)  # panel → character index (A, B, A, none)
SAME = [(0, 2)]
DIFF = [(0, 1), (1, 2)]
NONE = [(0, 3), (1, 3), (2, 3)]
CONDITIONS = ("sheet", "nosheet", "noname")
IP_CONDITIONS = ("iprompt", "iprompt_sheet")  # models with an image prompt only
STRENGTH = 0.6  # src/features/generate/story-mode.component.ts `strength = 0.6`

_WORD = re.compile(r"[^\W_]", re.UNICODE)
_CJK_END = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u4e00-\u9fff]$")


def match_characters(text: str, names: list[str]) -> list[int]:
    """Port of src/core/story/characters.ts matchCharacters (indices into names, first appearance first)."""
    hay = text.lower()
    order = sorted(range(len(names)), key=lambda i: -len(names[i].strip()))
    taken, found = [], []
    for ci in order:
        name = names[ci].strip().lower()
        if not name:
            continue
        cjk = bool(_CJK_END.search(name))
        occ = []
        i = hay.find(name)
        while i >= 0:
            before = hay[i - 1] if i > 0 else ""
            after = hay[i + len(name): i + len(name) + 1]
            if not (before and _WORD.match(before)) and (cjk or not (after and _WORD.match(after))):
                occ.append(i)
            i = hay.find(name, i + 1)
        free = [i for i in occ if not any(i < e and i + len(name) > s for s, e in taken)]
        if not free:
            continue
        taken += [(i, i + len(name)) for i in free]
        found.append((free[0], ci))
    return [ci for _, ci in sorted(found)]


def character_pool(meta):
    pool = []
    for m in meta:
        if not (m["heldout"] and m["panel"] and not m["skintone"] and m["en"] and m["ko"]):
            continue
        person_or_animal = m["kind"] in ("person", "animal") and m["subgroup"] != "family"
        face = m["group"] == "smileys-emotion" and m["subgroup"].startswith("face-")
        if (person_or_animal or face) and m["en"]["label"] != "paw prints":
            pool.append(m)
    return sorted(pool, key=lambda m: m["id"])


def story_cast(k_stories: int):
    """The held-out character pool, the (A, B) pair of each story k and every sheet image by sprite id."""
    from models.common import toondata
    from models.common.toonrender import SpriteBank

    sp = toondata.load_sprites(128, line_rgba=False)
    bank = SpriteBank(sp["color"], sp["ink"])
    pool = character_pool(sp["meta"])
    P = len(pool)
    chars = [(pool[k % P], pool[(k + 13 + k // P) % P]) for k in range(k_stories)]
    sheets = {m["id"]: sheet_image(m["id"], bank) for pair in chars for m in pair}
    return pool, chars, sheets


def ci95(x):
    x = np.asarray(x, np.float64)
    return float(1.96 * x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")


@torch.no_grad()
def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--k", type=int, default=48, help="stories per language (4 panels each)")
    p.add_argument("--steps", default="4,8,20")
    p.add_argument("--guidance", type=float, default=3.0)
    p.add_argument("--strength", type=float, default=STRENGTH)
    p.add_argument("--langs", default="en,ko")
    p.add_argument("--out", default="")
    p.add_argument("--split", default="test_comp", choices=["val", "test_comp"],
                   help="treatments: val for choosing defaults (issue 16), test_comp to report once")
    p.add_argument("--look", default="", help="folder for a picture grid of the first stories")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    t_start = time.time()
    from models.common import toondata

    vae, unet, ub = load_run(args.run)
    cfg = ub["config"]
    text = ToonClipText(os.path.join(ROOT, cfg["text"]["clip_dir"]), os.path.join(ROOT, cfg["text"]["ckpt"]),
                        cfg["text"]["max_length"])
    clip = text.net.eval()
    C, h = cfg["unet"]["in_channels"], cfg["unet"]["sample_size"]
    sf = cfg["vae"]["scaling_factor"]

    def img_emb(x):
        return F.normalize(clip.vision(torch.as_tensor(np.asarray(x)).float())[0], dim=-1)

    def txt_emb(caps):
        ids, mask = text.padded(caps)
        return F.normalize(clip.text(ids, mask)[0], dim=-1)

    ev = toondata.load_eval(args.split)
    assert 4 * args.k <= len(ev["index"]), f"not enough {args.split} treatments"
    pool, chars, sheets = story_cast(args.k)
    sheet_e = dict(zip(sheets, img_emb(np.stack(list(sheets.values())))))
    sheet_ab = [float(sheet_e[a["id"]] @ sheet_e[b["id"]]) for a, b in chars]

    # Reference: the held-out panels of the same treatments (real pictures, no names, no sheets),
    # grouped into the same stories — how alike the pair positions are through the treatments alone.
    held = torch.from_numpy(ev["color"][: 4 * args.k].astype(np.float32)).permute(0, 3, 1, 2)
    he = img_emb(F.avg_pool2d(held, 2) / 127.5 - 1).reshape(args.k, 4, -1)
    hc = torch.einsum("kid,kjd->kij", he, he).numpy().astype(np.float64)
    h_same = np.mean([hc[:, i, j] for i, j in SAME], 0)
    h_diff = np.mean([hc[:, i, j] for i, j in DIFF], 0)
    h_none = np.mean([hc[:, i, j] for i, j in NONE], 0)
    h_other = (2 * h_diff + 3 * h_none) / 5
    heldout_ref = {"cos_same": float(h_same.mean()), "cos_diff_char": float(h_diff.mean()),
                   "cos_char_none": float(h_none.mean()), "same_minus_other": float((h_same - h_other).mean()),
                   "same_minus_other_ci95": ci95(h_same - h_other), "same_minus_diff_char": float((h_same - h_diff).mean()),
                   "same_minus_diff_char_ci95": ci95(h_same - h_diff)}

    uncond = text.encode([""])
    steps_list = [int(s) for s in args.steps.split(",")]
    results = {"run": args.run, "unet_steps_trained": ub["step"], "split": args.split, "k_stories": args.k,
               "panels_per_story": 4, "roles": ["A", "B", "A", None], "guidance": args.guidance,
               "strength": args.strength, "sampler": "euler", "seeds": "story k panel i: 1000 + 10k + i",
               "character_pool_size": len(pool),
               "characters": [[a["en"]["label"], b["en"]["label"]] for a, b in chars],
               "sheet_cos_A_B": float(np.mean(sheet_ab)), "heldout_panels_same_positions": heldout_ref,
               "rows": [], "effects": []}
    look = {}
    for lang in args.langs.split(","):
        names = list(NAMES[lang])
        stories = []
        for k in range(args.k):
            caps = [str(ev[f"captions_{lang}"][4 * k + j, 1]) for j in range(4)]
            texts = [f"{names[r]}: {c}" if r is not None else c for r, c in zip(ROLES, caps)]
            story = "\n\n".join(texts)
            assert [t.strip() for t in story.split("\n\n")] == texts
            for t, r in zip(texts, ROLES):
                assert match_characters(t, names) == ([] if r is None else [r]), (t, r)
            stories.append((caps, texts))
        cap_e = [txt_emb(caps) for caps, _ in stories]
        for steps in steps_list:
            t0 = time.time()
            conds = CONDITIONS + (IP_CONDITIONS if unet.image_proj is not None else ())
            acc = {c: {x: [] for x in ("same", "diff", "none", "own", "other_sheet", "clip")} for c in conds}
            for k, (caps, texts) in enumerate(stories):
                base = 1000 + 10 * k
                pics = {c: [] for c in conds}
                for j, (t, cap, r) in enumerate(zip(texts, caps, ROLES)):
                    ctx = text.encode([t])
                    plain = generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance, base + j, ctx, uncond,
                                     sf, (C, h, h))
                    pics["nosheet"].append(plain)
                    if r is None:  # text-to-image in every condition, same text and seed: the same image
                        for c in conds:
                            if c != "nosheet":
                                pics[c].append(plain)
                        continue
                    init = sheets[chars[k][r]["id"]]
                    pics["sheet"].append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance,
                                                  base + j, ctx, uncond, sf, (C, h, h), init_image=init,
                                                  strength=args.strength))
                    pics["noname"].append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance,
                                                   base + j, text.encode([cap]), uncond, sf, (C, h, h)))
                    if "iprompt" in pics:
                        pics["iprompt"].append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance,
                                                        base + j, ctx, uncond, sf, (C, h, h), image_prompt=init))
                        pics["iprompt_sheet"].append(generate(unet, vae, cfg["scheduler"], "euler", steps, args.guidance,
                                                              base + j, ctx, uncond, sf, (C, h, h), init_image=init,
                                                              strength=args.strength, image_prompt=init))
                ea, eb = sheet_e[chars[k][0]["id"]], sheet_e[chars[k][1]["id"]]
                for cond, ims in pics.items():
                    e = img_emb(np.stack(ims))
                    cos = (e @ e.T).numpy()
                    a = acc[cond]
                    a["same"].append(float(np.mean([cos[i, j] for i, j in SAME])))
                    a["diff"].append(float(np.mean([cos[i, j] for i, j in DIFF])))
                    a["none"].append(float(np.mean([cos[i, j] for i, j in NONE])))
                    a["own"].append(float(np.mean([e[j] @ (ea if r == 0 else eb) for j, r in enumerate(ROLES) if r is not None])))
                    a["other_sheet"].append(float(np.mean([e[j] @ (eb if r == 0 else ea) for j, r in enumerate(ROLES) if r is not None])))
                    sc = 100 * (cap_e[k] * e).sum(1).clamp(min=0).numpy()
                    a["clip"].append(float(np.mean([sc[j] for j, r in enumerate(ROLES) if r is not None])))
                if k < 4 and steps == 8:
                    look[(lang, k)] = (chars[k], pics)
            secs = round(time.time() - t0, 1)
            gaps = {}
            for cond, a in acc.items():
                same, diff, none = (np.asarray(a[x], np.float64) for x in ("same", "diff", "none"))
                own, oth = np.asarray(a["own"]), np.asarray(a["other_sheet"])
                other = (2 * diff + 3 * none) / 5
                gaps[cond] = {"so": same - other, "sd": same - diff, "os": own - oth, "clip": np.asarray(a["clip"])}
                row = {"lang": lang, "steps": steps, "condition": cond, "k_stories": args.k,
                       "n_pairs_same": len(SAME) * args.k, "n_pairs_diff": len(DIFF) * args.k,
                       "n_pairs_none": len(NONE) * args.k,
                       "cos_same": float(same.mean()), "cos_diff_char": float(diff.mean()),
                       "cos_char_none": float(none.mean()), "cos_other": float(other.mean()),
                       "same_minus_other": float((same - other).mean()), "same_minus_other_ci95": ci95(same - other),
                       "same_minus_diff_char": float((same - diff).mean()), "same_minus_diff_char_ci95": ci95(same - diff),
                       "cos_to_own_sheet": float(own.mean()), "cos_to_other_sheet": float(oth.mean()),
                       "own_minus_other_sheet_ci95": ci95(own - oth),
                       "clip_score_character_panels": float(np.mean(a["clip"])),
                       "per_story": a, "seconds_step_count_all_conditions": secs}
                results["rows"].append(row)
                print(json.dumps({k2: v for k2, v in row.items() if k2 != "per_story"}, ensure_ascii=False), flush=True)
            pairs = [("sheet", "nosheet"), ("nosheet", "noname")]
            if "iprompt" in acc:
                pairs += [("iprompt", "nosheet"), ("iprompt_sheet", "nosheet"), ("iprompt", "sheet")]
            for x, y in pairs:
                eff = {"lang": lang, "steps": steps, "effect": f"{x} - {y}", "k_stories": args.k}
                for key, name in (("so", "same_minus_other"), ("sd", "same_minus_diff_char"),
                                  ("os", "own_minus_other_sheet"), ("clip", "clip_score_character_panels")):
                    d = gaps[x][key] - gaps[y][key]
                    eff[name] = float(d.mean())
                    eff[name + "_ci95"] = ci95(d)
                results["effects"].append(eff)
                print(json.dumps(eff, ensure_ascii=False), flush=True)
    results["seconds_total"] = round(time.time() - t_start, 1)
    print(f"\nK = {args.k} stories per language; sheets' own A–B cosine {results['sheet_cos_A_B']:.3f}; "
          f"total {results['seconds_total']:.0f} s")
    hr = heldout_ref
    print(f"held-out panels of the same treatments (no names, no sheets): same {hr['cos_same']:.3f}, different "
          f"{hr['cos_diff_char']:.3f}, none {hr['cos_char_none']:.3f}; same − other {hr['same_minus_other']:+.3f} "
          f"(±{hr['same_minus_other_ci95']:.3f}), same − different {hr['same_minus_diff_char']:+.3f} "
          f"(±{hr['same_minus_diff_char_ci95']:.3f})")
    label = {"sheet": "sheet start (img2img)", "nosheet": "no sheet", "noname": "no sheet, no names",
             "iprompt": "image prompt", "iprompt_sheet": "image prompt + sheet start"}
    print("\n| lang | steps | condition | same character | different characters | character vs none | "
          "same − other (95 % CI) | same − different char. (95 % CI) | panel→own sheet / other sheet | CLIP-score char. panels |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results["rows"]:
        print(f"| {r['lang']} | {r['steps']} | {label[r['condition']]} | "
              f"{r['cos_same']:.3f} | {r['cos_diff_char']:.3f} | {r['cos_char_none']:.3f} | "
              f"{r['same_minus_other']:+.3f} (±{r['same_minus_other_ci95']:.3f}) | "
              f"{r['same_minus_diff_char']:+.3f} (±{r['same_minus_diff_char_ci95']:.3f}) | "
              f"{r['cos_to_own_sheet']:.3f} / {r['cos_to_other_sheet']:.3f} | {r['clip_score_character_panels']:.2f} |")
    print("\n| lang | steps | effect | Δ(same − other) | Δ(same − different char.) | Δ(own − other sheet) | Δ CLIP-score char. panels |")
    print("|---|---|---|---|---|---|---|")
    for e in results["effects"]:
        print(f"| {e['lang']} | {e['steps']} | {e['effect']} | "
              + " | ".join(f"{e[n]:+.3f} (±{e[n + '_ci95']:.3f})" if n != "clip_score_character_panels"
                           else f"{e[n]:+.2f} (±{e[n + '_ci95']:.2f})"
                           for n in ("same_minus_other", "same_minus_diff_char", "own_minus_other_sheet",
                                     "clip_score_character_panels")) + " |")
    if args.out:
        json.dump(results, open(args.out, "w"), indent=1, ensure_ascii=False)
    if args.look and look:
        from PIL import Image

        os.makedirs(args.look, exist_ok=True)
        for lang in args.langs.split(","):
            rows = []
            for k in range(4):
                if (lang, k) not in look:
                    continue
                (a, b), pics = look[(lang, k)]
                rows.append(np.concatenate([sheets[a["id"]], sheets[b["id"]]] + pics["noname"] + pics["nosheet"]
                                           + pics["sheet"] + pics.get("iprompt", []) + pics.get("iprompt_sheet", []), axis=2))
            g = np.concatenate(rows, axis=1)
            img = ((g.transpose(1, 2, 0) + 1) * 127.5).clip(0, 255).astype(np.uint8)
            path = os.path.join(args.look, f"consistency_{lang}_s8_u{ub['step']}.png")
            Image.fromarray(img).resize((img.shape[1] * 2, img.shape[0] * 2), Image.NEAREST).save(path)
            print(path)


if __name__ == "__main__":
    main()

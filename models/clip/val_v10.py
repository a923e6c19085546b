"""A val that can decide (issue 14, v10): every openclipart val drawing, in both renders, per drawing.

v6–v9 scored candidates on 59 (drawing, concept) pairs and 53 zero-shot drawings of five folders; one
drawing moved the score by 0.005 and three candidates ended within 0.003 of the margin. The split is
fixed (by file, the colorizer's salt), so val cannot take more drawings without taking them from
train or test. This module uses more of the same 284 val drawings instead:
- **renders**: each drawing is scored in colour and in strokes only (line art is half of what an
  artist files as references);
- **concepts**: as openclipart.evaluate — query c (en) or its ko label, a pair's rank = 1 + drawings
  of the same render scoring higher that lack c; reciprocal rank cut at 10;
- **categories**: every drawing with a glossary folder (openclipart.GLOSSARY: 139 of 284 on val)
  is classified among all distinct glossary words (48) by the bare word; right when the word is its
  folder's or its parent folder's (a bird drawing in animals/birds may be called bird or animal).
Values are kept per drawing so a paired bootstrap over drawings can say how sure a difference is.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Tuple

import numpy as np
import torch

import openclipart

RENDERS = ("color", "line")
LANGS = ("en", "ko")
COMPONENTS = [f"{kind}/{lang}" for kind in ("concepts", "categories") for lang in LANGS]


def accepted(file: str) -> List[Tuple[str, str]]:
    """The glossary words a drawing may be called: its depth-2 folder's and its depth-1 folder's."""
    parts = file.split("/")[1:-1]
    out = []
    for depth in (2, 1):
        key = "/".join(parts[:depth])
        if len(parts) >= depth and key in openclipart.GLOSSARY and openclipart.GLOSSARY[key] not in out:
            out.append(openclipart.GLOSSARY[key])
    return out


def classes() -> List[Tuple[str, str]]:
    """Distinct (en, ko) glossary words, in glossary order."""
    out: List[Tuple[str, str]] = []
    for w in openclipart.GLOSSARY.values():
        if w not in out:
            out.append(w)
    return out


@torch.no_grad()
def per_drawing(embed_images: Callable, embed_texts: Callable, split: str) -> Dict[str, np.ndarray]:
    """{component: float64[2, N]}: row 0 the summed value over the drawing's items, row 1 their count,
    summed over both renders (so a component's mean = sum(row 0) / sum(row 1))."""
    arr, items = openclipart.load_split(split)
    cmap = openclipart.concept_map()
    conc = [openclipart.concepts(it, cmap) for it in items]
    acc = [accepted(it["file"]) for it in items]
    cls = classes()
    n = len(items)
    out = {c: np.zeros((2, n)) for c in COMPONENTS}
    qs = sorted({c for cs in conc for c in cs})
    has = torch.tensor([[c in cs for cs in conc] for c in qs])  # [concept, drawing]
    for render in RENDERS:
        img = embed_images(arr[render])
        for lang in LANGS:
            t = embed_texts([c if lang == "en" else cmap[c] for c in qs])
            sim = t @ img.t()
            comp = out[f"concepts/{lang}"]
            for d, cs in enumerate(conc):
                for c in cs:
                    q = qs.index(c)
                    rank = int(((sim[q] > sim[q, d]) & ~has[q]).sum()) + 1
                    comp[0, d] += 1.0 / rank if rank <= 10 else 0.0
                    comp[1, d] += 1
            ct = embed_texts([w[0] if lang == "en" else w[1] for w in cls])
            pred = (img @ ct.t()).argmax(1).tolist()
            comp = out[f"categories/{lang}"]
            for d, ok in enumerate(acc):
                if ok:
                    comp[0, d] += float(cls[pred[d]] in ok)
                    comp[1, d] += 1
    return out


def numbers(per: Dict[str, np.ndarray]) -> dict:
    """Each component's mean and item count, and the score (mean of the four components)."""
    out = {c: {"mean": float(v[0].sum() / v[1].sum()), "items": int(v[1].sum())} for c, v in per.items()}
    out["score"] = float(np.mean([out[c]["mean"] for c in COMPONENTS]))
    return out


def bootstrap_p(a: Dict[str, np.ndarray], b: Dict[str, np.ndarray], draws: int = 20000, seed: int = 2026) -> dict:
    """Paired bootstrap over drawings: resample the drawings with replacement (the same resample for
    both), recompute both scores; p = the share of resamples where a's score is not above b's."""
    n = next(iter(a.values())).shape[1]
    rng = np.random.default_rng(seed)
    w = rng.multinomial(n, np.full(n, 1.0 / n), size=draws).astype(np.float64)  # [draws, drawings]

    def scores(per: Dict[str, np.ndarray]) -> np.ndarray:
        return np.mean([(w @ per[c][0]) / np.maximum(w @ per[c][1], 1) for c in COMPONENTS], axis=0)

    d = scores(a) - scores(b)
    return {"p": float((d <= 0).mean()), "delta_mean": float(d.mean()),
            "delta_2.5%": float(np.percentile(d, 2.5)), "delta_97.5%": float(np.percentile(d, 97.5)), "draws": draws}

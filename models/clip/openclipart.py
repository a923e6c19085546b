"""Openclipart drawings for Toon-CLIP (issue 14): captions and the held-out evaluation.

Data: `node scripts/data/openclipart-clip.mjs` → data/build/openclipart-clip/{train,val,test}.npz
(64 px colour and strokes-only renders) + .json (file, title, keywords). Split by file with the
colorizer's salt, so a val / test drawing is never trained on by either model.

Words of a drawing:
- **concepts**: words of its title, file name and single-word keywords that are the English label
  of a train emoji sprite (cat, house, penguin, …; plural s stripped), Korean = that sprite's ko
  label. So every concept is a word Toon-CLIP's text tower was trained on, in both languages.
- **category**: its folder (animals/birds, food/fruit, …) through the checked glossary below.

The text tower stays frozen when training on these (its bytes are the diffusion text encoder), so
captions are built only from words it knows.
"""
from __future__ import annotations

import json
import os
import random
import re
import sys
from typing import Dict, List, Optional, Tuple

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, ROOT)
from models.common import toondata  # noqa: E402

DATA = os.path.join(ROOT, "data", "build", "openclipart-clip")

# Folder → (en, ko). Checked by hand: each ko word is the plain Korean noun a person would type,
# and every ko word tokenizes without <unk> in Toon-CLIP's tokenizer (test_openclipart_glossary).
# Folders not listed (unsorted, logos, special, buttons, computer icons, led, …) give no category.
GLOSSARY: Dict[str, Tuple[str, str]] = {
    "animals": ("animal", "동물"),
    "animals/birds": ("bird", "새"),
    "animals/bugs": ("bug", "벌레"),
    "animals/fish": ("fish", "물고기"),
    "animals/mammals": ("animal", "동물"),
    "animals/dinosaurs": ("dinosaur", "공룡"),
    "buildings": ("building", "건물"),
    "buildings/homes": ("house", "집"),
    "buildings/furniture": ("furniture", "가구"),
    "food": ("food", "음식"),
    "food/fruit": ("fruit", "과일"),
    "food/vegetables": ("vegetable", "채소"),
    "food/desserts": ("dessert", "디저트"),
    "food/beverages": ("drink", "음료"),
    "food/breads_and_carbs": ("bread", "빵"),
    "food/meats_and_eggs": ("meat", "고기"),
    "people": ("person", "사람"),
    "people/clothing": ("clothes", "옷"),
    "people/smilies": ("smiley", "웃는 얼굴"),
    "people/bodypart": ("body", "몸"),
    "people/stickmen": ("person", "사람"),
    "plants": ("plant", "식물"),
    "plants/flowers": ("flower", "꽃"),
    "plants/trees": ("tree", "나무"),
    "transportation": ("vehicle", "탈것"),
    "transportation/vehicles": ("car", "자동차"),
    "transportation/boating": ("boat", "배"),
    "transportation/roadsigns": ("road sign", "도로 표지판"),
    "signs_and_symbols/flags": ("flag", "깃발"),
    "signs_and_symbols/weather": ("weather", "날씨"),
    "signs_and_symbols/clocks": ("clock", "시계"),
    "signs_and_symbols/money": ("money", "돈"),
    "recreation/music": ("musical instrument", "악기"),
    "recreation/sports": ("sports", "스포츠"),
    "recreation/toys": ("toy", "장난감"),
    "recreation/party": ("party", "파티"),
    "recreation/holiday": ("holiday", "명절"),
    "tools": ("tool", "도구"),
    "tools/weapons": ("weapon", "무기"),
    "office/telephone": ("telephone", "전화기"),
    "education/books": ("book", "책"),
    "electronics/bulb": ("light bulb", "전구"),
    "electronics/battery": ("battery", "배터리"),
    "geography/astronomy": ("space", "우주"),
    "science/astronomy": ("space", "우주"),
    "science/medicine": ("medicine", "약"),
    "shapes/arrows": ("arrow", "화살표"),
    "shapes/stars": ("star", "별"),
    "shapes/callouts": ("speech bubble", "말풍선"),
    "shapes/jigsaw": ("puzzle", "퍼즐"),
    "computer/hardware": ("computer", "컴퓨터"),
}

# Top-level classes of the zero-shot test (clear, disjoint concepts an artist files references by).
ZS_CLASSES = {k: GLOSSARY[k] for k in ("animals", "buildings", "food", "people", "plants")}

TEMPLATES = {
    "en": ["{l}", "a {l}", "a drawing of {l}", "{l} clip art", "{l} icon"],
    "ko": ["{l}", "{l} 그림", "{l} 아이콘", "{l} 일러스트"],
}
LINE = {"en": ["line art of {l}", "{l} line drawing"], "ko": ["{l} 선화", "{l} 라인 아트"]}


def concept_map() -> Dict[str, str]:
    """en single-word label of a train (not held-out) sprite → its ko label."""
    out: Dict[str, str] = {}
    for m in toondata.load_sprite_meta():
        if m.get("heldout"):
            continue
        en, ko = (m.get("en") or {}).get("label"), (m.get("ko") or {}).get("label")
        if en and ko and re.fullmatch(r"[a-z]+", en):
            out.setdefault(en, ko)
    return out


# Titles that name a collection, not the drawing ("Lemon SVG theme", "Part of the Flat Icon
# Collection", "Clipart by …"): their words are not what is drawn.
COLLECTION = re.compile(r"theme|collection|clipart by|icon set|part of", re.I)


def _words(s: str) -> List[str]:
    return re.findall(r"[a-z]+", s.lower())


def concepts(item: dict, cmap: Dict[str, str]) -> List[str]:
    stem = os.path.basename(item["file"])[:-4].replace("_", " ").replace("-", " ")
    title = "" if COLLECTION.search(item["title"]) else item["title"]
    ws = _words(title) + _words(stem) + [k.lower() for k in item["keywords"] if re.fullmatch(r"[A-Za-z]+", k)]
    found: List[str] = []
    for w in ws:
        for c in (w, w[:-1] if w.endswith("s") else None):
            if c and c in cmap and c not in found:
                found.append(c)
                break
    return found


def category(item: dict) -> Optional[Tuple[str, str]]:
    parts = item["file"].split("/")[1:-1]
    for depth in (2, 1):
        key = "/".join(parts[:depth])
        if len(parts) >= depth and key in GLOSSARY:
            return GLOSSARY[key]
    return None


def load_split(split: str) -> Tuple[dict, List[dict]]:
    with np.load(os.path.join(DATA, f"{split}.npz")) as z:
        arr = {"color": z["color"], "line": z["line"]}
    with open(os.path.join(DATA, f"{split}.json"), encoding="utf-8") as f:
        items = json.load(f)["files"]
    assert len(items) == len(arr["color"]), split
    return arr, items


class OpenclipartSet:
    """Train drawings with at least a concept or a category; sample() → (uint8[64,64,3], lang, caption)."""

    def __init__(self, split: str = "train"):
        arr, items = load_split(split)
        cmap = concept_map()
        keep, self.words = [], []
        for i, it in enumerate(items):
            cs, cat = concepts(it, cmap), category(it)
            if not cs and not cat:
                continue
            keep.append(i)
            en = cs + ([cat[0]] if cat and cat[0] not in cs else [])
            ko = [cmap[c] for c in cs] + ([cat[1]] if cat and cat[1] not in [cmap[c] for c in cs] else [])
            self.words.append({"en": en, "ko": ko})
        self.color, self.line = arr["color"][keep], arr["line"][keep]

    def __len__(self) -> int:
        return len(self.color)

    def sample(self, i: int, rng: random.Random) -> Tuple[np.ndarray, str, str]:
        lang = rng.choice(("en", "ko"))
        words = self.words[i][lang]
        line = rng.random() < 0.2
        if rng.random() < 0.25 and len(words) > 1:
            cap = ", ".join(rng.sample(words, min(len(words), rng.randint(2, 3))))
        else:
            cap = rng.choice((LINE if line else TEMPLATES)[lang]).format(l=words[0])
        return (self.line[i] if line else self.color[i]), lang, cap


def eval_sets(split: str) -> dict:
    """Held-out evaluation sets of a split: concept retrieval queries and zero-shot classes."""
    arr, items = load_split(split)
    cmap = concept_map()
    conc = [concepts(it, cmap) for it in items]
    top = [it["file"].split("/")[1] for it in items]
    return {"color": arr["color"], "concepts": conc, "top": top, "cmap": cmap}


def evaluate(embed_images, embed_texts, split: str) -> dict:
    """Concept retrieval: for each drawing with a concept c, the query is c (en) / cmap[c] (ko); its
    rank = 1 + the drawings that score higher and do not have c (other drawings of c are not
    counted against it). MRR@1/5/10, R@10 over all (drawing, concept) pairs. Zero-shot: drawings of
    the ZS_CLASSES folders classified among those classes by the bare class word."""
    import torch

    s = eval_sets(split)
    img = embed_images(s["color"])
    out: dict = {"n_drawings": int(len(img))}
    pairs = [(i, c) for i, cs in enumerate(s["concepts"]) for c in cs]
    out["n_queries"] = len(pairs)
    for lang in ("en", "ko"):
        qs = sorted({c for _, c in pairs})
        t = embed_texts([c if lang == "en" else s["cmap"][c] for c in qs])
        sim = t @ img.t()  # [concept, drawing]
        ranks = []
        for i, c in pairs:
            row = sim[qs.index(c)]
            has = torch.tensor([c in cs for cs in s["concepts"]])
            ranks.append(int(((row > row[i]) & ~has).sum()) + 1)
        r = torch.tensor(ranks, dtype=torch.float32)
        res = {f"MRR@{k}": float(torch.where(r <= k, 1.0 / r, torch.zeros_like(r)).mean()) for k in (1, 5, 10)}
        res["R@10"] = float((r <= 10).float().mean())
        out[f"concepts/{lang}"] = res
        keep = [j for j, t0 in enumerate(s["top"]) if t0 in ZS_CLASSES]
        names = list(ZS_CLASSES)
        ct = embed_texts([ZS_CLASSES[k][0 if lang == "en" else 1] for k in names])
        pred = (img[keep] @ ct.t()).argmax(1)
        truth = torch.tensor([names.index(s["top"][j]) for j in keep])
        out[f"zero_shot/{lang}"] = {"acc": float((pred == truth).float().mean()), "images": len(keep), "classes": len(names)}
    return out

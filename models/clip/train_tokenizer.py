"""Trains the Toon-CLIP BPE tokenizer on the training split's ko/en/ja text (labels, tags,
scene captions; held-out emoji and test scenes are excluded) and writes tokenizer.json.

    /usr/bin/python3 models/clip/train_tokenizer.py --out models/clip/runs/v1 --vocab 3000
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenizer import BPETokenizer, train_bpe  # noqa: E402
import data as clipdata  # noqa: E402


# Common scene words (captions of composed panels use them); keeps their characters in the
# alphabet even before the scene captions exist. Each counted a few times so they can merge.
SCENE_WORDS = {
    "en": "a an the and with next to beside left right on in of at behind in front near under above below "
          "is are two three sitting standing looking holding smiling happy sad big small at night day sky "
          "room street park sea beach forest city house tree school panel scene background",
    "ko": "그리고 와 과 이 가 은 는 을 를 의 에 에서 옆에 왼쪽 오른쪽 앞에 뒤에 위에 아래에 있는 있다 있어요 두 세 "
          "마리 명 앉아 서 있는 보는 웃는 행복한 슬픈 큰 작은 밤 낮 하늘 방 거리 공원 바다 해변 숲 도시 집 나무 학교 장면 배경",
    "ja": "と の が は を に で 横 左 右 前 後ろ 上 下 いる ある 二 三 匹 人 座って 立って 見て 笑って 大きな 小さな "
          "夜 昼 空 部屋 通り 公園 海 浜辺 森 街 家 木 学校 場面 背景",
}


def corpus() -> list:
    texts = clipdata.SpriteSet("train").all_texts()
    for lang in clipdata.LANGS:
        texts.extend(t.format(l="").strip() for t in clipdata.TEMPLATES[lang] + clipdata.LINE_TEMPLATES[lang])
    try:
        import scenes  # noqa: WPS433 (present once the dataset has scene panels)
        texts.extend(scenes.train_texts())
    except (ImportError, FileNotFoundError) as e:
        print(f"[tokenizer] no scene captions: {e}")
    for words in SCENE_WORDS.values():
        texts.extend(words.split() * 3)
    return texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=3000)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--min-char-count", type=int, default=2)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    texts = corpus()
    vocab, merges = train_bpe(texts, a.vocab, min_char_count=a.min_char_count)
    tok = BPETokenizer(vocab, merges, max_length=a.max_length)
    tok.save(os.path.join(a.out, "tokenizer.json"))
    with open(os.path.join(a.out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tok.tokenizer_config(), f, ensure_ascii=False, indent=2)
    n_tok = sum(len(tok.encode(t, truncate=False)) for t in texts)
    print(json.dumps({"texts": len(texts), "vocab": len(vocab), "merges": len(merges),
                      "tokens_per_text": round(n_tok / len(texts), 2), "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()

"""Toon-CLIP tokenizer: a byte-pair-encoding (BPE) subword tokenizer trained here, in plain Python.

Pipeline (identical in @huggingface/tokenizers, which transformers.js uses):
  normalizer   NFKC -> lowercase -> collapse whitespace runs to one space -> strip
  pre-tokenize Metaspace: ' ' -> '\u2581', prepend '\u2581' (prepend_scheme "always")
  model        BPE over characters; merges applied lowest rank first, leftmost first; a
               character outside the vocabulary becomes <unk> (no byte fallback)
  template     <s> $A </s>

Merges are learned inside words only (each word starts with '\u2581'), so no merge ever joins
two words: running BPE over the whole pre-tokenized string (as tokenizers.js does) and running
it word by word (as the Rust library does with split=true) give the same tokens.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Sequence, Tuple

META = "\u2581"
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # ids 0..3
BOS, PAD, EOS, UNK = 0, 1, 2, 3
_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _WS.sub(" ", text).strip()


def pre_tokenize(text: str) -> str:
    s = normalize(text).replace(" ", META)
    if not s:
        return ""  # tokenizers.js skips empty text entirely: "" -> <s> </s>
    if not s.startswith(META):
        s = META + s
    return s


def _words(text: str) -> List[str]:
    """Split a pre-tokenized string into words, each starting with META."""
    s = pre_tokenize(text)
    return [META + w for w in s.split(META) if w]


def train_bpe(texts: Iterable[str], vocab_size: int, min_char_count: int = 1) -> Tuple[List[str], List[Tuple[str, str]]]:
    """Learns a BPE vocabulary (specials + characters + merges) from texts."""
    word_counts: Counter = Counter()
    for t in texts:
        word_counts.update(_words(t))
    char_counts: Counter = Counter()
    for w, c in word_counts.items():
        for ch in w:
            char_counts[ch] += c
    alphabet = sorted(ch for ch, c in char_counts.items() if c >= min_char_count)
    vocab: List[str] = list(SPECIALS) + alphabet
    known = set(vocab)
    words = [list(w) for w in word_counts]
    counts = [word_counts[w] for w in word_counts]
    pair_counts: Dict[Tuple[str, str], int] = defaultdict(int)
    where: Dict[Tuple[str, str], set] = defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += counts[i]
            where[(a, b)].add(i)
    merges: List[Tuple[str, str]] = []
    while len(vocab) < vocab_size and pair_counts:
        # Highest count; ties broken by the pair itself, so training is deterministic.
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1]))
        (a, b), c = best
        if c < 2:
            break
        merged = a + b
        merges.append((a, b))
        if merged not in known:
            vocab.append(merged)
            known.add(merged)
        for i in list(where[(a, b)]):
            w = words[i]
            # Remove this word's old pairs, merge, add the new pairs.
            for p in zip(w, w[1:]):
                pair_counts[p] -= counts[i]
                if pair_counts[p] <= 0:
                    del pair_counts[p]
                where[p].discard(i)
            out: List[str] = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(merged)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for p in zip(out, out[1:]):
                pair_counts[p] += counts[i]
                where[p].add(i)
        where.pop((a, b), None)
        pair_counts.pop((a, b), None)
    return vocab, merges


class BPETokenizer:
    """Encoder matching tokenizers.js's BPE (lowest merge rank first; ties: leftmost)."""

    def __init__(self, vocab: Sequence[str], merges: Sequence[Tuple[str, str]], max_length: int = 64):
        self.vocab = list(vocab)
        self.ids = {t: i for i, t in enumerate(self.vocab)}
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.merges = [tuple(m) for m in merges]
        self.max_length = max_length
        self._cache: Dict[str, List[str]] = {}

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def _bpe_word(self, word: str) -> List[str]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        sym = list(word)
        while len(sym) > 1:
            best_rank, best_i = None, -1
            for i in range(len(sym) - 1):
                r = self.ranks.get((sym[i], sym[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best_rank, best_i = r, i
            if best_rank is None:
                break
            sym[best_i : best_i + 2] = [sym[best_i] + sym[best_i + 1]]
        if len(self._cache) < 100_000:
            self._cache[word] = sym
        return sym

    def tokenize(self, text: str) -> List[str]:
        out: List[str] = []
        s = pre_tokenize(text)
        # Words are independent (no merge crosses META), so word-by-word BPE equals whole-string BPE.
        for w in re.findall(META + "[^" + META + "]*|[^" + META + "]+", s):
            out.extend(self._bpe_word(w))
        return out

    def encode(self, text: str, truncate: bool = True) -> List[int]:
        ids = [BOS] + [self.ids.get(t, UNK) for t in self.tokenize(text)] + [EOS]
        if truncate and len(ids) > self.max_length:
            ids = ids[: self.max_length]  # same as transformers.js truncation (cuts the end)
        return ids

    def batch(self, texts: Sequence[str]):
        """Right-padded (ids, mask) as nested lists."""
        enc = [self.encode(t) for t in texts]
        n = max(len(e) for e in enc)
        ids = [e + [PAD] * (n - len(e)) for e in enc]
        mask = [[1] * len(e) + [0] * (n - len(e)) for e in enc]
        return ids, mask

    # --- serialization -------------------------------------------------------------------
    def to_tokenizer_json(self) -> dict:
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True}
                for i, t in enumerate(SPECIALS)
            ],
            "normalizer": {"type": "Sequence", "normalizers": [
                {"type": "NFKC"},
                {"type": "Lowercase"},
                {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "},
                {"type": "Strip", "strip_left": True, "strip_right": True},
            ]},
            "pre_tokenizer": {"type": "Metaspace", "replacement": META, "prepend_scheme": "always", "split": True},
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                         {"SpecialToken": {"id": "</s>", "type_id": 1}}],
                "special_tokens": {t: {"id": t, "ids": [i], "tokens": [t]} for i, t in
                                   ((BOS, "<s>"), (EOS, "</s>"))},
            },
            "decoder": {"type": "Metaspace", "replacement": META, "prepend_scheme": "always", "split": True},
            "model": {
                "type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                "vocab": {t: i for i, t in enumerate(self.vocab)},
                "merges": [list(m) for m in self.merges],
            },
        }

    def tokenizer_config(self) -> dict:
        return {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
            "model_max_length": self.max_length,
            "clean_up_tokenization_spaces": False,
            "padding_side": "right",
        }

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_tokenizer_json(), f, ensure_ascii=False)

    @classmethod
    def load(cls, path: str, max_length: int = 64) -> "BPETokenizer":
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        vocab_map = j["model"]["vocab"]
        vocab = [None] * len(vocab_map)
        for t, i in vocab_map.items():
            vocab[i] = t
        return cls(vocab, [tuple(m) for m in j["model"]["merges"]], max_length=max_length)

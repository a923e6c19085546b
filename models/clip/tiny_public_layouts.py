"""Tiny, randomly initialised CLIP-family folders in the exact public transformers.js layouts.

Test fixtures for the References model import (issue 14): each folder has the files, config
fields, tokenizer kind and ONNX graph interface (input/output names, shapes) of the public
exports transformers.js 4.3.1 loads, with random weights and hidden size 16, so the import
path can be tested on every layout without downloading a real model.

  clip       model_type "clip" (Xenova/clip-vit-base-patch32 shape): projection_dim;
             byte-level BPE tokenizer (`</w>` suffix, <|startoftext|>/<|endoftext|>);
             text: input_ids, attention_mask -> text_embeds, last_hidden_state (causal,
             pooled at the first <|endoftext|>); vision: pixel_values -> image_embeds,
             last_hidden_state (class token, post-LN, visual projection).
  siglip     model_type "siglip" (Xenova/siglip-base-patch16-224 shape): text_config /
             vision_config, no projection_dim: the embedding size is the hidden size; Unigram
             (SentencePiece) tokenizer, pad = </s>, padded to max_length 64; text: input_ids only
             -> last_hidden_state, pooler_output (last position -> head); vision: pixel_values ->
             last_hidden_state, pooler_output (multihead attention pooling head).
  jina_clip  model_type "jina_clip" (jinaai/jina-clip-v2 config, XLM-RoBERTa Unigram tokenizer;
             towers split as jina-clip-v1 ships them): projection_dim; text: input_ids,
             attention_mask -> text_embeds (masked mean pooling + projection); vision:
             pixel_values -> image_embeds.
  refuse-blip  model_type "blip" with the same file names: must be refused.

Each folder gets expected.json: the fixed text's token ids and the torch outputs for that text
and for a fixed 32x32 image (pixels given), for test/model/clip-layouts.test.ts.

Run: /usr/bin/python3 models/clip/tiny_public_layouts.py  (torch 1.13, onnx 1.12; no network).
"""

import json
import math
import os
import shutil

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'clip-layouts')
H = 16  # hidden size
MLP = 32
HEADS = 2
IMG = 32
PATCH = 8
OPSET = 14


# ---------------------------------------------------------------- torch modules
class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))

    def forward(self, x, bias=None, kv=None):
        kv = x if kv is None else kv
        b, s, _ = x.shape
        t = kv.shape[1]
        d = H // HEADS
        q = self.q(x).reshape(b, s, HEADS, d).transpose(1, 2)
        k = self.k(kv).reshape(b, t, HEADS, d).transpose(1, 2)
        v = self.v(kv).reshape(b, t, HEADS, d).transpose(1, 2)
        a = q @ k.transpose(-1, -2) / math.sqrt(d)
        if bias is not None:
            a = a + bias
        y = (a.softmax(-1) @ v).transpose(1, 2).reshape(b, s, H)
        return self.o(y)


class Block(nn.Module):
    """Pre-LN transformer block (CLIP, SigLIP, EVA) or post-LN (XLM-RoBERTa)."""

    def __init__(self, post_ln=False):
        super().__init__()
        self.post_ln = post_ln
        self.ln1, self.ln2 = nn.LayerNorm(H), nn.LayerNorm(H)
        self.attn = Attention()
        self.mlp = nn.Sequential(nn.Linear(H, MLP), nn.GELU(), nn.Linear(MLP, H))

    def forward(self, x, bias=None):
        if self.post_ln:
            x = self.ln1(x + self.attn(x, bias))
            return self.ln2(x + self.mlp(x))
        x = x + self.attn(self.ln1(x), bias)
        return x + self.mlp(self.ln2(x))


def pad_bias(mask):
    """[B, S] 0/1 -> additive [B, 1, 1, S]."""
    return (1.0 - mask[:, None, None, :].float()) * -1e4


class ClipText(nn.Module):
    def __init__(self, vocab, positions, proj, eos_id):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, H), nn.Embedding(positions, H)
        self.blocks = nn.ModuleList([Block()])
        self.ln = nn.LayerNorm(H)
        self.proj = nn.Linear(H, proj, bias=False)
        self.eos_id = eos_id

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        x = self.tok(input_ids) + self.pos(torch.arange(s)[None])
        causal = torch.triu(torch.full((s, s), -1e4), 1)[None, None]
        bias = causal + pad_bias(attention_mask)
        for blk in self.blocks:
            x = blk(x, bias)
        x = self.ln(x)
        eos = (input_ids == self.eos_id).int().argmax(-1)
        pooled = x[torch.arange(x.shape[0]), eos]
        return self.proj(pooled), x


class Patches(nn.Module):
    def __init__(self, cls):
        super().__init__()
        self.conv = nn.Conv2d(3, H, PATCH, PATCH, bias=not cls)
        n = (IMG // PATCH) ** 2 + (1 if cls else 0)
        self.cls = nn.Parameter(torch.randn(1, 1, H) * 0.5) if cls else None
        self.pos = nn.Parameter(torch.randn(1, n, H) * 0.5)

    def forward(self, pixel_values):
        x = self.conv(pixel_values).flatten(2).transpose(1, 2)
        if self.cls is not None:
            x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1)
        return x + self.pos


class ClipVision(nn.Module):
    def __init__(self, proj):
        super().__init__()
        self.patches = Patches(cls=True)
        self.pre = nn.LayerNorm(H)
        self.blocks = nn.ModuleList([Block()])
        self.post = nn.LayerNorm(H)
        self.proj = nn.Linear(H, proj, bias=False)

    def forward(self, pixel_values):
        x = self.pre(self.patches(pixel_values))
        for blk in self.blocks:
            x = blk(x)
        return self.proj(self.post(x[:, 0])), x


class SiglipText(nn.Module):
    def __init__(self, vocab, positions):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, H), nn.Embedding(positions, H)
        self.blocks = nn.ModuleList([Block()])
        self.ln = nn.LayerNorm(H)
        self.head = nn.Linear(H, H)

    def forward(self, input_ids):
        x = self.tok(input_ids) + self.pos(torch.arange(input_ids.shape[1])[None])
        for blk in self.blocks:
            x = blk(x)  # SigLIP's text tower attends to every position: no mask input
        x = self.ln(x)
        return x, self.head(x[:, -1])


class SiglipVision(nn.Module):
    def __init__(self):
        super().__init__()
        self.patches = Patches(cls=False)
        self.blocks = nn.ModuleList([Block()])
        self.post = nn.LayerNorm(H)
        self.probe = nn.Parameter(torch.randn(1, 1, H) * 0.5)
        self.pool = Attention()
        self.pool_ln = nn.LayerNorm(H)
        self.pool_mlp = nn.Sequential(nn.Linear(H, MLP), nn.GELU(), nn.Linear(MLP, H))

    def forward(self, pixel_values):
        x = self.patches(pixel_values)
        for blk in self.blocks:
            x = blk(x)
        x = self.post(x)
        p = self.pool(self.probe.expand(x.shape[0], -1, -1), kv=x)
        p = p + self.pool_mlp(self.pool_ln(p))
        return x, p[:, 0]


class JinaText(nn.Module):
    def __init__(self, vocab, positions, proj):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, H), nn.Embedding(positions, H)
        self.emb_ln = nn.LayerNorm(H)
        self.blocks = nn.ModuleList([Block(post_ln=True)])
        self.proj = nn.Linear(H, proj, bias=False)

    def forward(self, input_ids, attention_mask):
        x = self.emb_ln(self.tok(input_ids) + self.pos(torch.arange(input_ids.shape[1])[None]))
        for blk in self.blocks:
            x = blk(x, pad_bias(attention_mask))
        m = attention_mask[:, :, None].float()
        return self.proj((x * m).sum(1) / m.sum(1).clamp(min=1e-9))


class JinaVision(nn.Module):
    def __init__(self, proj):
        super().__init__()
        self.patches = Patches(cls=True)
        self.blocks = nn.ModuleList([Block()])
        self.ln = nn.LayerNorm(H)
        self.proj = nn.Linear(H, proj, bias=False)

    def forward(self, pixel_values):
        x = self.patches(pixel_values)
        for blk in self.blocks:
            x = blk(x)
        return self.proj(self.ln(x)[:, 0])


# ---------------------------------------------------------------- tokenizers
def added(i, content):
    return {
        'id': i,
        'content': content,
        'single_word': False,
        'lstrip': False,
        'rstrip': False,
        'normalized': False,
        'special': True,
    }


def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


CLIP_WORDS = ['a', 'cat', 'dog', 'photo', 'of', 'the', 'girl', 'boy', 'rain', 'night']


def clip_tokenizer():
    """Byte-level BPE with `</w>` word ends, as openai/clip-vit-base-patch32's tokenizer.json."""
    alphabet = list(bytes_to_unicode().values())
    vocab = {}
    for c in alphabet:
        vocab[c] = len(vocab)
    for c in alphabet:
        vocab[c + '</w>'] = len(vocab)
    merges = []
    for w in CLIP_WORDS:  # left-to-right merges that build each whole word
        if len(w) == 1:
            continue
        cur = w[0]
        for i, ch in enumerate(w[1:], 1):
            right = ch + ('</w>' if i == len(w) - 1 else '')
            m = f'{cur} {right}'
            cur = cur + right
            if m not in merges:
                merges.append(m)
                vocab.setdefault(cur, len(vocab))
    sot, eot = len(vocab), len(vocab) + 1
    vocab['<|startoftext|>'], vocab['<|endoftext|>'] = sot, eot
    tok = {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [added(sot, '<|startoftext|>'), added(eot, '<|endoftext|>')],
        'normalizer': {
            'type': 'Sequence',
            'normalizers': [
                {'type': 'NFC'},
                {'type': 'Replace', 'pattern': {'Regex': '\\s+'}, 'content': ' '},
                {'type': 'Lowercase'},
            ],
        },
        'pre_tokenizer': {
            'type': 'Sequence',
            'pretokenizers': [
                {
                    'type': 'Split',
                    'pattern': {
                        'Regex': "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+"
                    },
                    'behavior': 'Removed',
                    'invert': True,
                },
                {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': False},
            ],
        },
        'post_processor': {
            'type': 'RobertaProcessing',
            'sep': ['<|endoftext|>', eot],
            'cls': ['<|startoftext|>', sot],
            'trim_offsets': False,
            'add_prefix_space': False,
        },
        'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
        'model': {
            'type': 'BPE',
            'dropout': None,
            'unk_token': '<|endoftext|>',
            'continuing_subword_prefix': '',
            'end_of_word_suffix': '</w>',
            'fuse_unk': False,
            'byte_fallback': False,
            'vocab': vocab,
            'merges': merges,
        },
    }
    cfg = {
        'add_prefix_space': False,
        'bos_token': '<|startoftext|>',
        'clean_up_tokenization_spaces': True,
        'do_lower_case': True,
        'eos_token': '<|endoftext|>',
        'errors': 'replace',
        'model_max_length': 77,
        'pad_token': '<|endoftext|>',
        'tokenizer_class': 'CLIPTokenizer',
        'unk_token': '<|endoftext|>',
    }
    ids = lambda text: [sot] + [vocab[w + '</w>'] for w in text.lower().split()] + [eot]  # noqa: E731
    return tok, cfg, ids, len(vocab)


UNIGRAM_WORDS = ['a', 'cat', 'dog', 'photo', 'of', 'the', 'girl', 'rain', 'night', '고양이', '개', '강아지', '사진', '비', '밤']


def unigram_tokenizer(specials, template, post='TemplateProcessing', normalizer=None):
    """A SentencePiece-style Unigram tokenizer.json: specials first, then ▁ + letters + whole words."""
    chars = sorted({c for w in UNIGRAM_WORDS for c in w} | set('abcdefghijklmnopqrstuvwxyz'))
    pieces = [[s, 0.0] for s in specials]
    pieces.append(['▁', -3.0])
    pieces += [[c, -8.0] for c in chars]
    pieces += [['▁' + c, -7.0] for c in chars]
    pieces += [['▁' + w, -2.0] for w in UNIGRAM_WORDS if len(w) > 1]
    index = {p: i for i, (p, _) in enumerate(pieces)}
    unk = index['<unk>']
    tpl = [{'Sequence': {'id': 'A', 'type_id': 0}}]
    special_tokens = {}
    for side, tok in template:
        entry = {'SpecialToken': {'id': tok, 'type_id': 0}}
        tpl.insert(0 if side == 'before' else len(tpl), entry)
        special_tokens[tok] = {'id': tok, 'ids': [index[tok]], 'tokens': [tok]}
    tok = {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [added(index[s], s) for s in specials],
        'normalizer': normalizer,
        'pre_tokenizer': {'type': 'Metaspace', 'replacement': '▁', 'prepend_scheme': 'always', 'split': True},
        'post_processor': {'type': post, 'single': tpl, 'pair': tpl + [{'Sequence': {'id': 'B', 'type_id': 1}}] + tpl[-1:], 'special_tokens': special_tokens},
        'decoder': {'type': 'Metaspace', 'replacement': '▁', 'prepend_scheme': 'always', 'split': True},
        'model': {'type': 'Unigram', 'unk_id': unk, 'vocab': pieces, 'byte_fallback': False},
    }

    def ids(text):
        body = [index['▁' + w] for w in text.lower().split()]
        before = [index[t] for s, t in template if s == 'before']
        after = [index[t] for s, t in template if s == 'after']
        return before + body + after

    return tok, index, ids, len(pieces)


def siglip_tokenizer():
    tok, index, ids, n = unigram_tokenizer(
        ['<pad>', '</s>', '<unk>'],
        [('after', '</s>')],
        normalizer={
            'type': 'Sequence',
            'normalizers': [
                {'type': 'Replace', 'pattern': {'Regex': '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]'}, 'content': ''},
                {'type': 'Replace', 'pattern': {'Regex': '\\s+'}, 'content': ' '},
                {'type': 'Strip', 'strip_left': True, 'strip_right': True},
                {'type': 'Lowercase'},
            ],
        },
    )
    cfg = {
        'additional_special_tokens': [],
        'clean_up_tokenization_spaces': True,
        'do_lower_case': True,
        'eos_token': '</s>',
        'model_max_length': 64,
        'pad_token': '</s>',
        'processor_class': 'SiglipProcessor',
        'sp_model_kwargs': {},
        'tokenizer_class': 'SiglipTokenizer',
        'unk_token': '<unk>',
    }
    return tok, cfg, ids, n, index


def xlmr_tokenizer():
    tok, index, ids, n = unigram_tokenizer(
        ['<s>', '<pad>', '</s>', '<unk>'],
        [('before', '<s>'), ('after', '</s>')],
        normalizer={'type': 'Sequence', 'normalizers': [{'type': 'NFKC'}, {'type': 'Replace', 'pattern': {'Regex': ' {2,}'}, 'content': ' '}]},
    )
    # XLM-R keeps <mask> as the last id.
    mask = n
    tok['model']['vocab'].append(['<mask>', 0.0])
    tok['added_tokens'].append(added(mask, '<mask>'))
    cfg = {
        'bos_token': '<s>',
        'clean_up_tokenization_spaces': True,
        'cls_token': '<s>',
        'eos_token': '</s>',
        'mask_token': '<mask>',
        'model_max_length': 64,
        'pad_token': '<pad>',
        'sep_token': '</s>',
        'tokenizer_class': 'XLMRobertaTokenizer',
        'unk_token': '<unk>',
    }
    return tok, cfg, ids, n + 1, index


# ---------------------------------------------------------------- fixed inputs
TEXT = 'a photo of the cat'


def fixed_image():
    """32x32 RGB u8, a deterministic pattern (row-major HWC)."""
    y, x = np.mgrid[0:IMG, 0:IMG]
    r = (x * 8) % 256
    g = (y * 8) % 256
    b = ((x + y) * 4 + 37) % 256
    return np.stack([r, g, b], -1).astype(np.uint8)


def pixels(rgb, mean, std):
    a = rgb.astype(np.float32) / 255.0
    a = (a - np.array(mean, np.float32)) / np.array(std, np.float32)
    return torch.from_numpy(a.transpose(2, 0, 1)[None].copy())


# ---------------------------------------------------------------- export
def export(model, args, path, inputs, outputs, dynamic):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.eval()
    torch.onnx.export(
        model,
        args,
        path,
        input_names=inputs,
        output_names=outputs,
        dynamic_axes=dynamic,
        opset_version=OPSET,
        do_constant_folding=True,
    )


def write_json(path, obj, indent=2):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=indent)
        f.write('\n')


def rows(t):
    return [[round(float(v), 7) for v in r] for r in t.detach().reshape(t.shape[0], -1)]


CLIP_MEAN, CLIP_STD = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]


def make_clip(d):
    tok, tcfg, ids, vocab = clip_tokenizer()
    proj = 24
    eot = tok['post_processor']['sep'][1]
    text, vision = ClipText(vocab, 77, proj, eot), ClipVision(proj)
    input_ids = torch.tensor([ids(TEXT)])
    mask = torch.ones_like(input_ids)
    export(text, (input_ids, mask), f'{d}/onnx/text_model.onnx', ['input_ids', 'attention_mask'], ['text_embeds', 'last_hidden_state'],
           {'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'attention_mask': {0: 'batch_size', 1: 'sequence_length'},
            'text_embeds': {0: 'batch_size'}, 'last_hidden_state': {0: 'batch_size', 1: 'sequence_length'}})
    pv = pixels(fixed_image(), CLIP_MEAN, CLIP_STD)
    export(vision, (pv,), f'{d}/onnx/vision_model.onnx', ['pixel_values'], ['image_embeds', 'last_hidden_state'],
           {'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'}, 'last_hidden_state': {0: 'batch_size'}})
    sub = dict(hidden_size=H, intermediate_size=MLP, num_attention_heads=HEADS, num_hidden_layers=1, projection_dim=proj, hidden_act='gelu')
    write_json(f'{d}/config.json', {
        '_name_or_path': 'tiny-random-clip',
        'architectures': ['CLIPModel'],
        'initializer_factor': 1.0,
        'logit_scale_init_value': 2.6592,
        'model_type': 'clip',
        'projection_dim': proj,
        'text_config': {**sub, 'model_type': 'clip_text_model', 'vocab_size': vocab, 'max_position_embeddings': 77,
                        'bos_token_id': vocab - 2, 'eos_token_id': vocab - 1, 'pad_token_id': 1},
        'vision_config': {**sub, 'model_type': 'clip_vision_model', 'image_size': IMG, 'patch_size': PATCH, 'num_channels': 3},
        'torch_dtype': 'float32',
        'transformers_version': '4.37.2',
    })
    write_json(f'{d}/preprocessor_config.json', {
        'crop_size': {'height': IMG, 'width': IMG},
        'do_center_crop': True,
        'do_convert_rgb': True,
        'do_normalize': True,
        'do_rescale': True,
        'do_resize': True,
        'feature_extractor_type': 'CLIPFeatureExtractor',
        'image_mean': CLIP_MEAN,
        'image_processor_type': 'CLIPImageProcessor',
        'image_std': CLIP_STD,
        'resample': 3,
        'rescale_factor': 0.00392156862745098,
        'size': {'shortest_edge': IMG},
    })
    with torch.no_grad():
        te, _ = text(input_ids, mask)
        ie, _ = vision(pv)
    return tok, tcfg, {'input_ids': ids(TEXT), 'padding': 'longest', 'text_vector': rows(te), 'image_vector': rows(ie), 'dim': proj,
                       'text_output': 'text_embeds', 'image_output': 'image_embeds'}


def make_siglip(d):
    tok, tcfg, ids, vocab, index = siglip_tokenizer()
    text, vision = SiglipText(vocab, 64), SiglipVision()
    body = ids(TEXT)
    padded = body + [index['</s>']] * (64 - len(body))  # SigLIP pads with </s> to max_length 64
    input_ids = torch.tensor([padded])
    export(text, (input_ids,), f'{d}/onnx/text_model.onnx', ['input_ids'], ['last_hidden_state', 'pooler_output'],
           {'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'last_hidden_state': {0: 'batch_size', 1: 'sequence_length'},
            'pooler_output': {0: 'batch_size'}})
    pv = pixels(fixed_image(), [0.5] * 3, [0.5] * 3)
    export(vision, (pv,), f'{d}/onnx/vision_model.onnx', ['pixel_values'], ['last_hidden_state', 'pooler_output'],
           {'pixel_values': {0: 'batch_size'}, 'last_hidden_state': {0: 'batch_size'}, 'pooler_output': {0: 'batch_size'}})
    sub = dict(hidden_size=H, intermediate_size=MLP, num_attention_heads=HEADS, num_hidden_layers=1, hidden_act='gelu_pytorch_tanh',
               layer_norm_eps=1e-6)
    write_json(f'{d}/config.json', {
        '_name_or_path': 'tiny-random-siglip',
        'architectures': ['SiglipModel'],
        'initializer_factor': 1.0,
        'model_type': 'siglip',
        'text_config': {**sub, 'model_type': 'siglip_text_model', 'vocab_size': vocab, 'max_position_embeddings': 64,
                        'pad_token_id': index['</s>'], 'eos_token_id': index['</s>'], 'bos_token_id': index['</s>']},
        'vision_config': {**sub, 'model_type': 'siglip_vision_model', 'image_size': IMG, 'patch_size': PATCH, 'num_channels': 3},
        'torch_dtype': 'float32',
        'transformers_version': '4.37.0.dev0',
    })
    write_json(f'{d}/preprocessor_config.json', {
        'do_normalize': True,
        'do_rescale': True,
        'do_resize': True,
        'image_mean': [0.5, 0.5, 0.5],
        'image_processor_type': 'SiglipImageProcessor',
        'image_std': [0.5, 0.5, 0.5],
        'processor_class': 'SiglipProcessor',
        'resample': 3,
        'rescale_factor': 0.00392156862745098,
        'size': {'height': IMG, 'width': IMG},
    })
    with torch.no_grad():
        _, te = text(input_ids)
        _, ie = vision(pv)
    return tok, tcfg, {'input_ids': padded, 'padding': 'max_length', 'text_vector': rows(te), 'image_vector': rows(ie), 'dim': H,
                       'text_output': 'pooler_output', 'image_output': 'pooler_output'}


def make_jina(d):
    tok, tcfg, ids, vocab, index = xlmr_tokenizer()
    proj = 16
    text, vision = JinaText(vocab, 64, proj), JinaVision(proj)
    input_ids = torch.tensor([ids(TEXT)])
    mask = torch.ones_like(input_ids)
    export(text, (input_ids, mask), f'{d}/onnx/text_model.onnx', ['input_ids', 'attention_mask'], ['text_embeds'],
           {'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'attention_mask': {0: 'batch_size', 1: 'sequence_length'},
            'text_embeds': {0: 'batch_size'}})
    pv = pixels(fixed_image(), CLIP_MEAN, CLIP_STD)
    export(vision, (pv,), f'{d}/onnx/vision_model.onnx', ['pixel_values'], ['image_embeds'],
           {'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'}})
    write_json(f'{d}/config.json', {
        '_name_or_path': 'tiny-random-jina-clip',
        'add_projections': False,
        'architectures': ['JinaCLIPModel'],
        'initializer_factor': 1.0,
        'logit_scale_init_value': 2.6592,
        'matryoshka_dimensions': [8, 16],
        'model_type': 'jina_clip',
        'projection_dim': proj,
        'text_config': {
            'default_instruction_task': None,
            'default_lora_task': 'retrieval.query',
            'embed_dim': proj,
            'hf_model_config_kwargs': {'load_trained_adapters': False, 'lora_adaptations': ['retrieval.query'],
                                       'lora_alpha': 4, 'lora_dropout_p': 0.0, 'lora_main_params_trainable': False,
                                       'lora_rank': 4, 'task_instructions': {'retrieval.query': 'Represent the query for retrieving evidence documents: '},
                                       'use_flash_attn': False},
            'hf_model_name_or_path': 'jinaai/jina-embeddings-v3',
            'model_type': 'jina_clip_text',
            'pooler_type': 'mean_pooler',
            'proj_bias': False,
            'proj_type': None,
        },
        'truncate_dim': None,
        'use_text_flash_attn': None,
        'use_vision_xformers': None,
        'vision_config': {
            'embed_dim': proj,
            'head_width': H // HEADS,
            'image_size': IMG,
            'intp_freq': True,
            'layers': 1,
            'ls_init_value': None,
            'mlp_ratio': MLP / H,
            'model_type': 'jina_clip_vision',
            'naive_swiglu': True,
            'patch_dropout': 0.0,
            'patch_size': PATCH,
            'post_norm': False,
            'proj_type': None,
            'pt_hw_seq_len': IMG // PATCH,
            'qkv_bias': True,
            'rope_embeddings': False,
            'subln': True,
            'width': H,
            'x_attention': False,
        },
        'torch_dtype': 'float32',
        'transformers_version': '4.46.2',
    })
    write_json(f'{d}/preprocessor_config.json', {
        'fill_color': 0,
        'image_mean': CLIP_MEAN,
        'image_processor_type': 'JinaCLIPImageProcessor',
        'image_std': CLIP_STD,
        'interpolation': 'bicubic',
        'processor_class': 'JinaCLIPProcessor',
        'resize_mode': 'shortest',
        'size': IMG,
    })
    with torch.no_grad():
        te = text(input_ids, mask)
        ie = vision(pv)
    return tok, tcfg, {'input_ids': ids(TEXT), 'padding': 'longest', 'text_vector': rows(te), 'image_vector': rows(ie), 'dim': proj,
                       'text_output': 'text_embeds', 'image_output': 'image_embeds'}


def main():
    torch.manual_seed(14)
    for kind in ('clip', 'siglip', 'jina_clip', 'refuse-blip'):  # README.md stays
        shutil.rmtree(os.path.join(OUT, kind), ignore_errors=True)
    img = fixed_image()
    for kind, make in (('clip', make_clip), ('siglip', make_siglip), ('jina_clip', make_jina)):
        d = os.path.join(OUT, kind)
        tok, tcfg, expected = make(d)
        write_json(f'{d}/tokenizer.json', tok, indent=None)
        write_json(f'{d}/tokenizer_config.json', tcfg)
        write_json(f'{d}/expected.json', {
            'kind': kind,
            'text': TEXT,
            **expected,
            'image_rgb_u8': img.reshape(-1).tolist(),
            'image_shape': [IMG, IMG, 3],
        }, indent=None)
    # A folder of another family with the same file names: refused by the import.
    src, d = os.path.join(OUT, 'clip'), os.path.join(OUT, 'refuse-blip')
    shutil.copytree(src, d)
    os.remove(f'{d}/expected.json')
    cfg = json.load(open(f'{d}/config.json'))
    cfg.update({'_name_or_path': 'tiny-random-blip', 'architectures': ['BlipForImageTextRetrieval'], 'model_type': 'blip',
                'image_text_hidden_size': cfg.pop('projection_dim')})
    cfg['text_config']['model_type'] = 'blip_text_model'
    cfg['vision_config']['model_type'] = 'blip_vision_model'
    write_json(f'{d}/config.json', cfg)
    total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(OUT) for f in fs if f != 'README.md')
    print(f'wrote {OUT}: {total / 1024:.0f} KiB')


if __name__ == '__main__':
    main()

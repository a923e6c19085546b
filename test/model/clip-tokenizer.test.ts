/**
 * Tokenizer parity: the shipped tokenizer.json loaded by transformers.js (AutoTokenizer, the
 * same code the worker runs) must give exactly the token ids of the Python training side
 * (models/clip/tokenizer.py) — Korean, English and Japanese strings, held-out labels with
 * unseen characters, edge cases, and a 10,000-character text with and without truncation.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';

const MODELS = path.resolve(__dirname, '../../models/clip');
const ref = JSON.parse(fs.readFileSync(path.join(MODELS, 'reference/embeddings.json'), 'utf8')) as {
  max_length: number;
  tokenizer_parity: { text: string; ids: number[]; ids_truncated: number[] }[];
};

const hangul = /[\uac00-\ud7a3]/;
const kana = /[\u3040-\u30ff]/;

describe('toon-clip tokenizer: transformers.js vs Python', () => {
  let tok: PreTrainedTokenizer;
  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = MODELS + '/';
    tok = await AutoTokenizer.from_pretrained('toon-clip');
  });

  it('covers Korean, English and Japanese strings', () => {
    const texts = ref.tokenizer_parity.map((c) => c.text);
    expect(texts.filter((t) => hangul.test(t)).length).toBeGreaterThanOrEqual(20);
    expect(texts.filter((t) => kana.test(t)).length).toBeGreaterThanOrEqual(10);
    expect(texts.filter((t) => /^[\x20-\x7e]+$/.test(t)).length).toBeGreaterThanOrEqual(20);
  });

  it('gives identical ids for every string (no truncation)', () => {
    const mismatches: string[] = [];
    for (const c of ref.tokenizer_parity) {
      const ids = tok.encode(c.text);
      if (JSON.stringify(ids) !== JSON.stringify(c.ids))
        mismatches.push(`${JSON.stringify(c.text.slice(0, 40))}: ${ids.slice(0, 12)} vs ${c.ids.slice(0, 12)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('truncates long input to the model max length exactly like Python', () => {
    const long = ref.tokenizer_parity.find((c) => c.text.length >= 10_000);
    expect(long).toBeDefined();
    const enc = tok(long!.text, { truncation: true, max_length: ref.max_length });
    const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
    expect(ids.length).toBe(ref.max_length);
    expect(ids).toEqual(long!.ids_truncated);
    expect(long!.ids.length).toBeGreaterThan(ref.max_length);
  });

  it('uses <s> … </s> with the ids from tokenizer_config / config', () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(MODELS, 'toon-clip/config.json'), 'utf8'));
    const ids = tok.encode('cat');
    expect(ids[0]).toBe(cfg.text_config.bos_token_id);
    expect(ids[ids.length - 1]).toBe(cfg.text_config.eos_token_id);
    expect(tok.pad_token_id).toBe(cfg.text_config.pad_token_id);
  });
});

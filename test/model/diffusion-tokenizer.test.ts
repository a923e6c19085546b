/**
 * The diffusion worker's tokenizer (workers/diffusion/text.ts: @huggingface/tokenizers used
 * directly, issue 15) gives exactly the token ids, padding and unknown share that transformers.js's
 * PreTrainedTokenizer gave before (it wraps the same package), for the shipped model's tokenizer
 * (Toon-CLIP's tokenizer.json + the diffusion folder's tokenizer_config.json) on Korean, English and
 * Japanese prompts: the story fixtures (whole and by sentence), the shipped e2e prompts, every
 * emoji label and tag emojibase has in ko/en/ja (the words the model was trained on), and edge
 * cases (over-long, whitespace, NFKC-folded, emoji, other scripts, special-token text).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import type * as Ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { createTextEncoder } from '../../workers/diffusion/text';
import { ort, ROOT } from './diffusion-helpers';

const DIR = join(ROOT, 'models/diffusion/toon-diffusion');
const index = JSON.parse(readFileSync(join(DIR, 'model_index.json'), 'utf8')) as {
  toonsmith: { text: { max_length: number; dim: number }; linked?: Record<string, { href: string }> };
};
const tokPath = (p: string) => {
  const link = index.toonsmith.linked?.[p];
  return link ? join(DIR, link.href) : join(DIR, p);
};
const tokenizerJson = JSON.parse(readFileSync(tokPath('tokenizer/tokenizer.json'), 'utf8')) as object;
const tokenizerConfig = JSON.parse(readFileSync(join(DIR, 'tokenizer/tokenizer_config.json'), 'utf8')) as Record<
  string,
  unknown
>;
const L = index.toonsmith.text.max_length;

/** Only what createTextEncoder reads of a session before encode(): input names and dtypes. */
const session = {
  inputNames: ['input_ids', 'attention_mask'],
  inputMetadata: [
    { name: 'input_ids', isTensor: true, type: 'int64', shape: [1, L] },
    { name: 'attention_mask', isTensor: true, type: 'int64', shape: [1, L] },
  ],
} as unknown as Ort.InferenceSession;

function corpus(): string[] {
  const out: string[] = [];
  for (const lang of ['en', 'ko']) {
    const f = JSON.parse(readFileSync(join(ROOT, `test/fixtures/stories/${lang}.json`), 'utf8')) as {
      stories: { story: string }[];
    };
    for (const s of f.stories) out.push(s.story, ...s.story.split(/(?<=[.!?])\s+/u));
  }
  out.push(
    'A cat and a dog on the beach at night',
    '밤에 바닷가에 있는 고양이와 개',
    'A cat and a dog under a tree at night',
    '밤에 나무 아래에 있는 고양이와 개',
    '공원에 있는 집',
    'Mina sits on the beach at night.',
    'Joon runs in the park.',
    'Mina looks at a tree under the sky.',
    'A house on the street at sunset.',
    '夜の浜辺にいる猫と犬',
    '公園の家',
    'ネコとイヌ',
    '',
    ' ',
    '   a   cat\t\n ',
    'ＡＢＣ　ｃａｔ',
    'ｶﾀｶﾅ',
    'Ⅻ ﬁsh',
    '😀 🐈 cat',
    'Привет мир',
    'مرحبا',
    'שלום',
    'hello <s> </s> <pad> <unk>',
    'MINA AND JOON',
    "Joon's face; tears run down.",
    '"Mina, over here!"',
    '미나야, 여기야!',
    '한글 English 日本語 mixed',
    'ㄱㄴㄷ ㅏㅑ',
    '가'.repeat(200),
    'a cat '.repeat(40),
  );
  const require = createRequire(import.meta.url);
  for (const lang of ['en', 'ko', 'ja']) {
    const data = require(`emojibase-data/${lang}/data.json`) as { label: string; tags?: string[] }[];
    for (const e of data) out.push(e.label, ...(e.tags ?? []));
  }
  return out;
}

describe('diffusion tokenizer: @huggingface/tokenizers directly = transformers.js PreTrainedTokenizer', () => {
  it('same padded ids, mask and unknown share for ko/en/ja prompts', async () => {
    const text = await createTextEncoder(
      ort,
      session,
      tokenizerJson,
      tokenizerConfig,
      L,
      index.toonsmith.text.dim,
      'last_hidden_state',
    );
    const before = new PreTrainedTokenizer(tokenizerJson, tokenizerConfig);
    const padId = before.pad_token_id ?? before.eos_token_id ?? 0;
    const prompts = corpus();
    let unknown = 0;
    let truncated = 0;
    for (const p of prompts) {
      const raw = before.encode(p).map(Number);
      const want = raw.slice(0, L);
      const ids = [...want, ...new Array<number>(L - want.length).fill(padId)];
      const mask = want.map(() => 1).concat(new Array<number>(L - want.length).fill(0));
      const got = text.tokenize(p);
      expect(got.ids, p).toEqual(ids);
      expect(got.mask, p).toEqual(mask);
      const share = raw.length === 0 ? 0 : raw.filter((x) => x === before.unk_token_id).length / raw.length;
      expect(text.unknownShare(p), p).toBe(share);
      if (share > 0) unknown++;
      if (raw.length > L) truncated++;
    }
    console.log(
      `[diffusion-tokenizer] ${prompts.length} prompts identical (${unknown} with unknown tokens, ${truncated} truncated to ${L})`,
    );
    expect(prompts.length).toBeGreaterThan(10000);
    expect(unknown).toBeGreaterThan(0);
    expect(truncated).toBeGreaterThan(0);
  });
});

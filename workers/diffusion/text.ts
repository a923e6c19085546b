/**
 * Prompt → encoder_hidden_states [1, L, D]: the folder's tokenizer (tokenizer/tokenizer.json, a
 * Hugging Face fast-tokenizer file, read by @huggingface/tokenizers — the package transformers.js's
 * PreTrainedTokenizer wraps, used directly so this worker does not bundle transformers.js; the ids
 * are the same: `Tokenizer.encode(prompt).ids`, special tokens from tokenizer_config.json looked up
 * as PreTrainedTokenizer does) padded/truncated to L tokens, then
 * the text encoder graph's `last_hidden_state`. L = toonsmith.text.max_length, else the
 * tokenizer's model_max_length (77 for Stable Diffusion's CLIP). Prompts are validated first.
 */
import type * as Ort from 'onnxruntime-web';
import { intTensor, readFloat, type OrtModule } from './tensors';
import { inputMeta, ModelFolderError } from './validate';

export const MAX_PROMPT_CHARS = 2000;

export class PromptError extends Error {
  constructor(
    readonly code: 'empty' | 'too-long' | 'unknown-script',
    message: string,
  ) {
    super(message);
    this.name = 'PromptError';
  }
}

export interface TextEncoder {
  readonly length: number;
  readonly dim: number;
  /** Token ids and mask, padded/truncated to `length` (what the text encoder graph gets). */
  tokenize(prompt: string): { ids: number[]; mask: number[] };
  encode(prompt: string): Promise<Float32Array>;
  /** Share of the prompt's tokens the tokenizer maps to its unknown token. */
  unknownShare(prompt: string): number;
}

export async function createTextEncoder(
  ort: OrtModule,
  session: Ort.InferenceSession,
  tokenizerJson: unknown,
  tokenizerConfig: unknown,
  length: number,
  dim: number,
  output: string,
): Promise<TextEncoder> {
  if (typeof tokenizerJson !== 'object' || tokenizerJson === null)
    throw new ModelFolderError('tokenizer/tokenizer.json is not an object');
  const cfg = (typeof tokenizerConfig === 'object' && tokenizerConfig !== null ? tokenizerConfig : {}) as Record<
    string,
    unknown
  >;
  // Loaded on demand: unconditional models never pay for the tokenizer code.
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const tok = new Tokenizer(tokenizerJson, cfg);
  const idsType = inputMeta(session, 'input_ids').type ?? 'int64';
  const hasMask = session.inputNames.includes('attention_mask');
  const maskType = hasMask ? (inputMeta(session, 'attention_mask').type ?? 'int64') : 'int64';
  const tokenId = (...keys: string[]): number | undefined => {
    const t = specialToken(cfg, keys);
    return t === null ? undefined : tok.token_to_id(t);
  };
  // As transformers.js: pad_token (else eos_token) from the config; then the eos id; then 0.
  const padId = tokenId('pad_token', 'eos_token') ?? tokenId('eos_token') ?? 0;
  const unkId = tokenId('unk_token');

  const ids = (prompt: string): number[] => tok.encode(prompt).ids.map(Number);
  const tokenize = (prompt: string): { ids: number[]; mask: number[] } => {
    // Truncation cuts the end, exactly as the training side (models/diffusion/text.py) does.
    const t = ids(prompt).slice(0, length);
    const inputIds = new Array<number>(length).fill(padId);
    const mask = new Array<number>(length).fill(0);
    t.forEach((v, i) => {
      inputIds[i] = v;
      mask[i] = 1;
    });
    return { ids: inputIds, mask };
  };

  return {
    length,
    dim,
    unknownShare(prompt: string): number {
      const t = ids(prompt);
      if (unkId === undefined || unkId === null || t.length === 0) return 0;
      return t.filter((x) => x === unkId).length / t.length;
    },
    tokenize,
    async encode(prompt: string): Promise<Float32Array> {
      const { ids: inputIds, mask } = tokenize(prompt);
      const feeds: Record<string, Ort.Tensor> = { input_ids: intTensor(ort, idsType, inputIds, [1, length]) };
      if (hasMask) feeds.attention_mask = intTensor(ort, maskType, mask, [1, length]);
      const out = await session.run(feeds);
      const hidden = await readFloat(out[output]);
      for (const v of Object.values(out)) v.dispose();
      if (hidden.length !== length * dim) {
        throw new ModelFolderError(`text_encoder: '${output}' has ${hidden.length} values, expected ${length}×${dim}`);
      }
      return hidden;
    },
  };
}

/**
 * A special token's text from tokenizer_config.json: the first of `keys` that is set, as a string
 * or an `{ __type: 'AddedToken', content }` object (transformers.js getTokenFromConfig).
 */
function specialToken(cfg: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) {
    if (!Object.hasOwn(cfg, key)) continue;
    const item = cfg[key];
    if (!item) continue;
    if (typeof item === 'string') return item;
    if (typeof item !== 'object') return null; // no token of that name: transformers.js finds no id either
    const content =
      (item as { __type?: unknown; content?: unknown }).__type === 'AddedToken'
        ? (item as { content?: unknown }).content
        : undefined;
    if (typeof content === 'string') return content;
    throw new ModelFolderError(`tokenizer/tokenizer_config.json: ${key} is not a token`);
  }
  return null;
}

/** Empty, over-long prompts, and prompts mostly outside the tokenizer's alphabet are refused. */
export function checkPrompt(prompt: string, text: TextEncoder | undefined): string {
  const p = prompt.trim();
  if (!p) throw new PromptError('empty', 'The treatment is empty.');
  if (p.length > MAX_PROMPT_CHARS)
    throw new PromptError('too-long', `The treatment is longer than ${MAX_PROMPT_CHARS} characters.`);
  if (text && text.unknownShare(p) > 0.5) {
    throw new PromptError(
      'unknown-script',
      'Most of the treatment is in a script this model cannot read (try Korean or English).',
    );
  }
  return p;
}

/**
 * Checks that a model folder's graphs have the Stable-Diffusion interfaces the pipeline needs,
 * with one clear message per problem (which file, which input/output, expected vs found).
 */
import type * as Ort from 'onnxruntime-web';

export class ModelFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFolderError';
  }
}

export interface IoSpec {
  name: string;
  /** Expected rank and fixed sizes (null = any); checked only where the graph states a number. */
  dims?: readonly (number | null)[];
}

export interface IoMeta {
  name: string;
  type?: string;
  shape?: readonly (number | string)[];
}

type Session = Pick<Ort.InferenceSession, 'inputNames' | 'outputNames'> & {
  inputMetadata?: readonly Ort.InferenceSession.ValueMetadata[];
  outputMetadata?: readonly Ort.InferenceSession.ValueMetadata[];
};

function metaOf(list: readonly Ort.InferenceSession.ValueMetadata[] | undefined, name: string): IoMeta {
  const m = list?.find((x) => x.name === name);
  if (m && m.isTensor) return { name, type: m.type, shape: m.shape };
  return { name };
}

export function inputMeta(s: Session, name: string): IoMeta {
  return metaOf(s.inputMetadata, name);
}

export function outputMeta(s: Session, name: string): IoMeta {
  return metaOf(s.outputMetadata, name);
}

function checkDims(file: string, kind: 'input' | 'output', meta: IoMeta, want: IoSpec): string[] {
  if (!want.dims || !meta.shape || meta.shape.length === 0) return [];
  if (meta.shape.length !== want.dims.length) {
    return [`${file}: ${kind} '${meta.name}' has rank ${meta.shape.length}, expected ${want.dims.length}`];
  }
  const errs: string[] = [];
  want.dims.forEach((d, i) => {
    const got = meta.shape![i];
    if (d !== null && typeof got === 'number' && got > 0 && got !== d) {
      errs.push(`${file}: ${kind} '${meta.name}' dimension ${i} is ${got}, expected ${d}`);
    }
  });
  return errs;
}

/**
 * Requires every `inputs` name among the graph's inputs and returns the first of `outputs`
 * candidates present (throws listing what the graph has otherwise).
 */
export function validateGraph(
  file: string,
  s: Session,
  inputs: readonly IoSpec[],
  outputs: readonly IoSpec[],
): { output: string } {
  const errs: string[] = [];
  for (const want of inputs) {
    if (!s.inputNames.includes(want.name)) {
      errs.push(`${file}: missing input '${want.name}' (graph inputs: ${s.inputNames.join(', ') || 'none'})`);
    } else errs.push(...checkDims(file, 'input', inputMeta(s, want.name), want));
  }
  const out = outputs.find((o) => s.outputNames.includes(o.name));
  if (!out) {
    errs.push(
      `${file}: no output named ${outputs.map((o) => `'${o.name}'`).join(' or ')} (graph outputs: ${s.outputNames.join(', ')})`,
    );
  } else errs.push(...checkDims(file, 'output', outputMeta(s, out.name), out));
  if (errs.length) throw new ModelFolderError(errs.join('\n'));
  return { output: out!.name };
}

/** The last dimension of an input/output when the graph states it as a number. */
export function lastDim(meta: IoMeta): number | undefined {
  const d = meta.shape?.[meta.shape.length - 1];
  return typeof d === 'number' && d > 0 ? d : undefined;
}

/**
 * Sane bounds for the numbers a folder's configs give (any real SD-style model fits: SD 1.5 has a
 * 64 latent, SDXL 128, 4 latent channels, 77 × 768/2048 context, 1000 train timesteps). A number
 * outside them is refused at import, with a code, before it can size a buffer.
 */
export const DIFFUSION_BOUNDS = {
  latent_size: { min: 1, max: 256, integer: true },
  latent_channels: { min: 1, max: 64, integer: true },
  image_size: { min: 8, max: 2048, integer: true },
  context_length: { min: 1, max: 1024, integer: true },
  context_dim: { min: 1, max: 8192, integer: true },
  image_prompt_tokens: { min: 1, max: 1024, integer: true },
  train_timesteps: { min: 2, max: 100_000, integer: true },
  vocab_size: { min: 1, max: 1_000_000, integer: true },
  scaling_factor: { min: 1e-4, max: 100, integer: false },
} as const;

export type BoundCode = keyof typeof DIFFUSION_BOUNDS;

export interface BoundsProblem {
  code: BoundCode;
  /** Where the number came from, e.g. "model_index.json toonsmith.latent_size". */
  source: string;
  value: string;
  min: number;
  max: number;
}

/**
 * Every number that is not finite (an integer where the code needs one) or not within its bounds.
 * Values that are not numbers are skipped: the loader ignores them (it falls back to the graph's
 * shapes or a default), so they cannot size anything.
 */
export function boundsProblems(
  values: readonly { code: BoundCode; source: string; value: unknown }[],
): BoundsProblem[] {
  const out: BoundsProblem[] = [];
  for (const { code, source, value } of values) {
    if (typeof value !== 'number') continue;
    const b = DIFFUSION_BOUNDS[code];
    const ok = Number.isFinite(value) && (!b.integer || Number.isInteger(value)) && value >= b.min && value <= b.max;
    if (!ok) out.push({ code, source, value: String(value).slice(0, 40), min: b.min, max: b.max });
  }
  return out;
}

/** The numbers of a folder's JSON configs (parsed objects by path) that the bounds apply to. */
export function configNumbers(
  json: Readonly<Record<string, unknown>>,
): { code: BoundCode; source: string; value: unknown }[] {
  const get = (file: string, path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined),
        json[file],
      );
  const rows: [BoundCode, string, string][] = [
    ['latent_size', 'model_index.json', 'toonsmith.latent_size'],
    ['latent_channels', 'model_index.json', 'toonsmith.latent_channels'],
    ['image_size', 'model_index.json', 'toonsmith.image_size'],
    ['scaling_factor', 'model_index.json', 'toonsmith.scaling_factor'],
    ['context_length', 'model_index.json', 'toonsmith.text.max_length'],
    ['context_dim', 'model_index.json', 'toonsmith.text.dim'],
    ['image_prompt_tokens', 'model_index.json', 'toonsmith.image_prompt.tokens'],
    ['latent_size', 'unet/config.json', 'sample_size'],
    ['latent_channels', 'unet/config.json', 'in_channels'],
    ['context_dim', 'unet/config.json', 'cross_attention_dim'],
    ['latent_channels', 'vae_decoder/config.json', 'latent_channels'],
    ['scaling_factor', 'vae_decoder/config.json', 'scaling_factor'],
    ['train_timesteps', 'scheduler/scheduler_config.json', 'num_train_timesteps'],
    ['vocab_size', 'text_encoder/config.json', 'vocab_size'],
    ['context_length', 'text_encoder/config.json', 'max_position_embeddings'],
    ['context_dim', 'text_encoder/config.json', 'hidden_size'],
  ];
  return rows.map(([code, file, path]) => ({ code, source: `${file} ${path}`, value: get(file, path) }));
}

/**
 * A folder whose numbers are out of bounds: code 'diffusion.config-bounds' with the problems as
 * `params.problems` (workers/runtime/errors.ts carries them to the page; no message is parsed).
 */
export class ModelConfigError extends Error {
  readonly code = 'diffusion.config-bounds';
  readonly params: { problems: BoundsProblem[] };
  constructor(readonly problems: BoundsProblem[]) {
    super(problems.map((p) => `${p.code} is ${p.value} (${p.source}), allowed ${p.min}–${p.max}`).join('; '));
    this.name = 'ModelConfigError';
    this.params = { problems };
  }
}

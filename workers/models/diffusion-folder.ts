/**
 * Pure first check of an imported Stable-Diffusion-style ONNX folder (paths → bytes), before the
 * worker opens its graphs (which then checks inputs/outputs and sizes, see
 * workers/diffusion/README.md). Strips a common top folder, keeps only the files the pipeline
 * reads (JSON configs, .onnx, .onnx_data, tokenizer text files) and lists what is missing, and
 * the config numbers outside sane bounds (`bounds`, workers/diffusion/validate.ts DIFFUSION_BOUNDS:
 * latent size, channels, image size, context, timesteps, vocabulary).
 */
import { boundsProblems, configNumbers, type BoundsProblem } from '../diffusion/validate';

export interface DiffusionFolderCheck {
  problems: string[];
  bounds: BoundsProblem[];
  files: Record<string, Uint8Array>;
}

const CONFIGS = [
  'model_index.json',
  'unet/config.json',
  'vae_decoder/config.json',
  'scheduler/scheduler_config.json',
  'text_encoder/config.json',
];

function parsed(files: Record<string, Uint8Array>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CONFIGS) {
    if (!files[f]) continue;
    try {
      out[f] = JSON.parse(new TextDecoder().decode(files[f]));
    } catch {
      /* the worker says which file is not JSON */
    }
  }
  return out;
}

const KEEP = /\.(json|onnx|onnx_data|txt|model)$/u;

function stripTop(paths: string[]): string {
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  if (tops.size !== 1) return '';
  const top = [...tops][0];
  return top && paths.every((p) => p.startsWith(top + '/')) && !paths.includes('model_index.json') ? top + '/' : '';
}

function unconditional(index: Uint8Array | undefined): boolean {
  if (!index) return false;
  try {
    const j = JSON.parse(new TextDecoder().decode(index)) as { toonsmith?: { text?: { unconditional?: unknown } } };
    return j.toonsmith?.text?.unconditional === true;
  } catch {
    return false;
  }
}

const has = (files: Record<string, Uint8Array>, part: string): boolean =>
  Object.keys(files).some((p) => p.startsWith(`${part}/`) && /^model(_\w+)?\.onnx$/u.test(p.slice(part.length + 1)));

export function checkDiffusionFolder(input: Record<string, Uint8Array>): DiffusionFolderCheck {
  const norm = Object.entries(input).map(([p, b]) => [p.replace(/\\/gu, '/').replace(/^\.?\//u, ''), b] as const);
  const prefix = stripTop(norm.map(([p]) => p));
  const files: Record<string, Uint8Array> = {};
  for (const [p, b] of norm) {
    const rel = p.slice(prefix.length);
    if (KEEP.test(rel)) files[rel] = b;
  }
  const problems: string[] = [];
  if (!files['scheduler/scheduler_config.json']) problems.push('scheduler/scheduler_config.json');
  if (!has(files, 'unet')) problems.push('unet/model.onnx');
  if (!has(files, 'vae_decoder')) problems.push('vae_decoder/model.onnx');
  if (!unconditional(files['model_index.json'])) {
    if (!has(files, 'text_encoder')) problems.push('text_encoder/model.onnx');
    if (!files['tokenizer/tokenizer.json']) problems.push('tokenizer/tokenizer.json');
  }
  return { problems, bounds: boundsProblems(configNumbers(parsed(files))), files };
}

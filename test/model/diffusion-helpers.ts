/** Shared helpers of the diffusion model tests: folder from disk, WASM sessions, references. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ort from 'onnxruntime-web';
import { bytesFolder, type ModelFolder } from '../../workers/diffusion/folder';
import type { MakeSession } from '../../workers/diffusion/load';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';
export { ort };

export const ROOT = new URL('../../', import.meta.url).pathname;

export function diskFolder(dir: string, drop: (p: string) => boolean = () => false): ModelFolder {
  const files = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const rel = relative(dir, p).split('\\').join('/');
        if (!drop(rel)) files.set(rel, new Uint8Array(readFileSync(p)));
      }
    }
  };
  walk(dir);
  return bytesFolder(dir.split('/').filter(Boolean).pop() ?? dir, files);
}

export const wasmSession: MakeSession = async (bytes) => ({
  session: await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }),
  backend: 'wasm',
});

export interface RefTensor {
  shape: number[];
  file: string;
}
export interface Reference {
  tensors: Record<string, RefTensor>;
  scaling_factor: number;
  context: { length: number; dim: number; zeros: boolean };
  cases: {
    name: string;
    prompt: string;
    scheduler: 'ddim' | 'euler';
    steps: number;
    guidance: number;
    seed: number;
    strength: number | null;
    init_image: string | null;
    /** Reference tensor of the image prompt's picture (models with image_proj). */
    image_prompt?: string;
  }[];
}

export function loadReference(dir: string): { ref: Reference; get: (name: string) => Float32Array } | undefined {
  if (!existsSync(join(dir, 'reference.json'))) return undefined;
  const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference;
  const get = (name: string) => {
    const b = readFileSync(join(dir, ref.tensors[name].file));
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  return { ref, get };
}

type Session = import('onnxruntime-web').InferenceSession;

/** One session call on float32 feeds ([data, dims] per input); returns output `out`. */
export async function run1(
  session: Session,
  feeds: Record<string, [Float32Array, number[]]>,
  out: string,
): Promise<Float32Array> {
  const t: Record<string, import('onnxruntime-web').Tensor> = {};
  for (const [k, [d, dims]] of Object.entries(feeds)) t[k] = new ort.Tensor('float32', d, dims);
  const r = await session.run(t);
  return r[out].data as Float32Array;
}

type Ref = NonNullable<ReturnType<typeof loadReference>>;

/** The UNet on the reference's recorded single-call inputs. */
export function runRefUnet(session: Session, { ref, get }: Ref): Promise<Float32Array> {
  const t = ref.tensors;
  return run1(
    session,
    {
      sample: [get('unet_in_sample'), t.unet_in_sample.shape],
      timestep: [get('unet_in_timestep'), t.unet_in_timestep.shape],
      encoder_hidden_states: [get('unet_in_ctx'), t.unet_in_ctx.shape],
    },
    'out_sample',
  );
}

/** The VAE decoder and encoder on the reference's recorded inputs. */
export async function runRefVae(
  dec: Session,
  enc: Session,
  { ref, get }: Ref,
): Promise<{ dec: Float32Array; enc: Float32Array }> {
  const t = ref.tensors;
  return {
    dec: await run1(dec, { latent_sample: [get('vae_decoder_in'), t.vae_decoder_in.shape] }, 'sample'),
    enc: await run1(enc, { sample: [get('vae_encoder_in'), t.vae_encoder_in.shape] }, 'latent_sample'),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** PSNR in dB for images in [-1, 1] (peak-to-peak 2). */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  const mse = s / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10(4 / mse);
}

/** CHW float [-1,1] → RGBA8 (the inverse of what the pipeline's rgbaToChw reads back exactly). */
export function chwToRgbaExact(chw: Float32Array, size: number): Uint8ClampedArray {
  const n = size * size;
  const out = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round((chw[c * n + i] + 1) * 127.5);
    out[i * 4 + 3] = 255;
  }
  return out;
}

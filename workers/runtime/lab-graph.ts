/**
 * The shipped colour graph (models/ops/srgb_to_lab.onnx): sessions per backend, RGBA → lightness
 * in row tiles, and the self-test against the numpy reference shipped beside it. The app's real
 * lightness work (Values) runs in TypeScript instead (lightness-cpu.ts); this path serves the
 * Status page's self-test, explicit ONNX runs and the benchmark that compares the two.
 */
import type * as OrtTypes from 'onnxruntime-web';
import { configureOrt } from './env';
import { createSession, type CreatedSession } from './session';
import { fetchModel } from './fetch-model';
import { checkImage, lightnessToSrgb8, valueStats } from './lightness-cpu';
import type { Backend, ImagePixels, LightnessResult, LoadProgress, SelfTestResult } from './types';

export { lightnessToSrgb8, valueStats };

const base = () => new URL(`${import.meta.env.BASE_URL}models/ops/`, globalThis.location.href);
export const LAB_MODEL_URL = () => new URL('srgb_to_lab.onnx', base());
export const LAB_REFERENCE_URL = () => new URL('srgb_to_lab.reference.json', base());

/** Pixels per run: bounds the float32 input to 3 × 4 MiB. */
export const TILE_PIXELS = 1 << 20;

const sessions = new Map<string, Promise<CreatedSession>>();

/**
 * The graph's session on `preferred` (cached per backend). `source` overrides where the model
 * comes from (tests in Node pass the file's bytes); the default is the shipped /models/ URL.
 */
export function labSession(
  preferred: Backend,
  onProgress?: (p: LoadProgress) => void,
  noFallback = false,
  source: URL | ArrayBuffer | Uint8Array = LAB_MODEL_URL(),
): Promise<CreatedSession> {
  const key = `${preferred}:${noFallback}`;
  let s = sessions.get(key);
  if (!s) {
    s = createSession(source, { preferred, onProgress, noFallback });
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  } else if (onProgress) {
    void s.then((c) => onProgress({ status: 'ready', backend: c.backend, ms: 0 }));
  }
  return s;
}

export async function lightness(
  image: ImagePixels,
  backend: Backend,
  onProgress?: (p: LoadProgress) => void,
  source?: URL | ArrayBuffer | Uint8Array,
): Promise<LightnessResult> {
  const ort = configureOrt();
  checkImage(image);
  const { width, height, data } = image;
  const created = await labSession(backend, onProgress, false, source);
  const t0 = performance.now();
  const out = new Float32Array(width * height);
  const rowsPerTile = Math.max(1, Math.floor(TILE_PIXELS / width));
  for (let y0 = 0; y0 < height; y0 += rowsPerTile) {
    const rows = Math.min(rowsPerTile, height - y0);
    const n = rows * width;
    const input = new Float32Array(3 * n);
    const src = y0 * width * 4;
    for (let i = 0; i < n; i++) {
      input[i] = data[src + i * 4] / 255;
      input[n + i] = data[src + i * 4 + 1] / 255;
      input[2 * n + i] = data[src + i * 4 + 2] / 255;
    }
    const tensor = new ort.Tensor('float32', input, [1, 3, rows, width]);
    const result = await created.session.run({ rgb: tensor }, ['gray']);
    out.set(result.gray.data as Float32Array, y0 * width);
    for (const t of Object.values(result)) t.dispose();
  }
  const preview = new Uint8ClampedArray(width * height * 4);
  const lut = new Uint8Array(1001);
  for (let i = 0; i <= 1000; i++) lut[i] = lightnessToSrgb8(i / 1000);
  for (let i = 0; i < out.length; i++) {
    const g = lut[Math.round(Math.min(1, Math.max(0, out[i])) * 1000)];
    preview[i * 4] = preview[i * 4 + 1] = preview[i * 4 + 2] = g;
    preview[i * 4 + 3] = data[i * 4 + 3];
  }
  return {
    width,
    height,
    lightness: out,
    preview,
    backend: created.backend,
    ms: performance.now() - t0,
    stats: valueStats(out),
  };
}

interface ReferenceJson {
  input: { dims: number[]; data: number[] };
  outputs: { lab: { data: number[] }; gray: { data: number[] } };
  tolerance: { lab: number; gray: number };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Fresh session on `requested` (no cache), one run on the reference input, max abs errors. */
export async function selfTest(requested: Backend, onProgress?: (p: LoadProgress) => void): Promise<SelfTestResult> {
  const ort = configureOrt();
  const ref = JSON.parse(new TextDecoder().decode(await fetchModel(LAB_REFERENCE_URL()))) as ReferenceJson;
  const created = await createSession(LAB_MODEL_URL(), { preferred: requested, onProgress });
  const t0 = performance.now();
  const out: Record<string, OrtTypes.Tensor> = await created.session.run({
    rgb: new ort.Tensor('float32', Float32Array.from(ref.input.data), ref.input.dims),
  });
  const lab = out.lab.location === 'gpu-buffer' ? await out.lab.getData() : out.lab.data;
  const gray = out.gray.location === 'gpu-buffer' ? await out.gray.getData() : out.gray.data;
  const runMs = performance.now() - t0;
  const maxAbsErrLab = maxAbsDiff(lab as Float32Array, ref.outputs.lab.data);
  const maxAbsErrGray = maxAbsDiff(gray as Float32Array, ref.outputs.gray.data);
  await created.session.release();
  return {
    backend: created.backend,
    requested,
    ...(created.fallbackReason ? { fallbackReason: created.fallbackReason } : {}),
    createMs: created.createMs,
    runMs,
    maxAbsErrLab,
    maxAbsErrGray,
    tolerance: ref.tolerance,
    pass: maxAbsErrLab < ref.tolerance.lab && maxAbsErrGray < ref.tolerance.gray,
  };
}

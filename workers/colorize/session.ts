/**
 * The colorizer ONNX session (through workers/runtime: WebGPU first, WASM fallback).
 * Validates the contract on load — inputs `gray` and `hints`, output `ab`, and a probe run on a
 * 16×16 input must return N×2×16×16 finite values — so a corrupt or mismatched model file gives a
 * typed failure instead of garbage.
 */
import type * as OrtTypes from 'onnxruntime-web';
import { configureOrt, createSession, type Backend, type CreatedSession, type LoadProgress } from '../runtime/index';
import { fail, type ColorizeFailure } from './limits';

export interface LoadedModel {
  backend: Backend;
  createMs: number;
  fallbackReason?: string;
  source: string;
}

interface Current {
  key: string;
  created: CreatedSession;
  info: LoadedModel;
}

let current: Current | undefined;

export const SHIPPED_MODEL = (): URL =>
  new URL(`${import.meta.env.BASE_URL}models/colorizer/colorizer.onnx`, globalThis.location.href);

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function loadModel(
  source: URL | ArrayBuffer,
  key: string,
  preferred: Backend | undefined,
  onProgress?: (p: LoadProgress) => void,
): Promise<LoadedModel | ColorizeFailure> {
  const wantKey = `${key}|${preferred ?? 'auto'}`;
  if (current?.key === wantKey) return current.info;
  await current?.created.session.release();
  current = undefined;
  let created: CreatedSession;
  try {
    created = await createSession(source, { preferred, onProgress });
  } catch (e) {
    const msg = errText(e);
    if (/HTTP 404/.test(msg)) return fail('model-missing', msg);
    return fail('model-corrupt', msg);
  }
  const { session } = created;
  if (
    !session.inputNames.includes('gray') ||
    !session.inputNames.includes('hints') ||
    !session.outputNames.includes('ab')
  ) {
    await session.release();
    return fail(
      'model-mismatch',
      `inputs [${session.inputNames.join(', ')}] outputs [${session.outputNames.join(', ')}]; expected gray, hints → ab`,
    );
  }
  try {
    const ab = await runOn(session, new Float32Array(256).fill(0.5), new Float32Array(768), 16, 16);
    if (ab.length !== 512 || !ab.every(Number.isFinite))
      throw new Error(`probe output has ${ab.length} values, expected 512 finite`);
  } catch (e) {
    await session.release();
    return fail('model-mismatch', errText(e));
  }
  const info: LoadedModel = {
    backend: created.backend,
    createMs: created.createMs,
    source: key,
    ...(created.fallbackReason ? { fallbackReason: created.fallbackReason } : {}),
  };
  current = { key: wantKey, created, info };
  return info;
}

async function runOn(
  session: OrtTypes.InferenceSession,
  gray: Float32Array,
  hints: Float32Array,
  width: number,
  height: number,
): Promise<Float32Array> {
  const ort = configureOrt();
  const feeds = {
    gray: new ort.Tensor('float32', gray, [1, 1, height, width]),
    hints: new ort.Tensor('float32', hints, [1, 3, height, width]),
  };
  const out = await session.run(feeds);
  const ab = out.ab;
  const data = (await ab.getData()) as Float32Array;
  const dims = ab.dims;
  for (const t of Object.values(out)) t.dispose();
  if (dims.length !== 4 || dims[1] !== 2 || dims[2] !== height || dims[3] !== width)
    throw new Error(`ab has shape [${dims.join(', ')}], expected [1, 2, ${height}, ${width}]`);
  return Float32Array.from(data);
}

/** Runs the loaded model (loadModel first). */
export function runModel(
  gray: Float32Array,
  hints: Float32Array,
  width: number,
  height: number,
): Promise<Float32Array> {
  if (!current) throw new Error('colorizer model not loaded');
  return runOn(current.created.session, gray, hints, width, height);
}

export function loadedInfo(): LoadedModel | undefined {
  return current?.info;
}

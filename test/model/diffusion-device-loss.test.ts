/**
 * WebGPU device loss in the diffusion pipeline (Node, onnxruntime-web WASM): the smoke model is
 * wrapped as if its sessions were on WebGPU and a "loss" is injected at a chosen call. The run must
 * stop there with GpuInterrupted (nothing more runs on the lost device) carrying the latents to go
 * on from; a run with `resume` on the WASM model (what the page does in a fresh worker, see
 * src/features/generate/gpu-loss.ts) must then give exactly the pixels of an uninterrupted run
 * (same WASM sessions here, so 0 difference; in the browser the steps before the loss ran on
 * WebGPU — test/e2e/generate-gpu-lost.e2e.mjs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type * as Ort from 'onnxruntime-web';
import { loadModel, type LoadedModel } from '../../workers/diffusion/load';
import { generate, GpuInterrupted, type DeviceGuard } from '../../workers/diffusion/pipeline';
import type { GenerateRequest, StepProgress } from '../../workers/diffusion/types';
import { diskFolder, maxAbsDiff, ort, ROOT, wasmSession } from './diffusion-helpers';

const MODEL = join(ROOT, 'test/fixtures/diffusion/smoke-model');
const REQ: GenerateRequest = { prompt: 'A cat and a dog under a tree at night', steps: 8, guidance: 3, seed: 77 };
const LOST = 'WebGPU device lost (destroyed: Device was destroyed.)';

let wasm: LoadedModel;
let plain: Float32Array;

beforeAll(async () => {
  wasm = await loadModel(ort, diskFolder(MODEL), wasmSession, 'fp32');
  plain = (await generate(ort, wasm, REQ)).pixels;
});
afterAll(async () => {
  await wasm?.release();
});

type Part = 'text' | 'unet' | 'decode';

/**
 * A "WebGPU" twin of the WASM model; at call `at` of `part` the device is lost (`mode` 'throw':
 * that call rejects; 'resolve': it still answers, the loss is seen after it; 'hang': it never
 * settles). `setLost` flags a loss between calls. `calls` counts the session calls made per part.
 */
function lossAt(part: Part, at: number, mode: 'throw' | 'resolve' | 'hang' = 'throw') {
  let lost: string | undefined;
  const calls: Record<Part, number> = { text: 0, unet: 0, decode: 0 };
  const hit = (name: Part) => {
    calls[name]++;
    if (name !== part || calls[name] !== at) return;
    lost = LOST;
    if (mode === 'throw') throw new Error("Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost");
  };
  const wrap = (s: Ort.InferenceSession, name: Part): Ort.InferenceSession =>
    new Proxy(s, {
      get(target, prop) {
        if (prop === 'run') {
          return async (feeds: Ort.InferenceSession.FeedsType) => {
            hit(name);
            if (lost && mode === 'hang' && name === part && calls[name] === at) return new Promise(() => undefined);
            return target.run(feeds);
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  // The text encoder closes over its session: count its calls through encode.
  const text = wasm.text && {
    ...wasm.text,
    encode: async (prompt: string) => (hit('text'), wasm.text!.encode(prompt)),
  };
  const gpu: LoadedModel = {
    ...wasm,
    info: { ...wasm.info, backend: 'webgpu' },
    unet: { ...wasm.unet, session: wrap(wasm.unet.session, 'unet') },
    vaeDecoder: { ...wasm.vaeDecoder, session: wrap(wasm.vaeDecoder.session, 'decode') },
    ...(text ? { text } : {}),
    usesWebGpu: true,
  };
  const guard: DeviceGuard = {
    lost: () => lost,
    explain: async () => lost,
    // the worker gives a pending call up a grace period after the loss; here at once
    watch: (run) =>
      mode === 'hang'
        ? Promise.race([
            run,
            new Promise<never>((_, rej) => setTimeout(() => lost && rej(new Error('did not settle')), 50)),
          ])
        : run,
  };
  return { gpu, guard, calls, setLost: (reason: string) => (lost = reason) };
}

async function interrupted(p: Promise<unknown>): Promise<GpuInterrupted> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GpuInterrupted);
  return e as GpuInterrupted;
}

describe('device loss mid-run → stop, then go on on WASM from the step that failed', () => {
  it('a UNet call that fails at step 2 of 8 (CFG): resumed run gives the uninterrupted pixels', async () => {
    const { gpu, guard, calls } = lossAt('unet', 2);
    const before: StepProgress[] = [];
    const x = await interrupted(generate(ort, gpu, REQ, { device: guard, onStep: (p) => before.push(p) }));
    expect(x).toMatchObject({ name: 'GpuInterrupted', stage: 'unet', step: 2, reason: LOST });
    expect(x.resume?.fromStep).toBe(2);
    expect(x.stepsMs).toHaveLength(1);
    expect(before.map((p) => [p.step, p.backend])).toEqual([[1, 'webgpu']]);
    expect(calls).toEqual({ text: 2, unet: 2, decode: 0 }); // nothing after the failing call
    const after: StepProgress[] = [];
    const r = await generate(ort, wasm, { ...REQ, resume: x.resume! }, { onStep: (p) => after.push(p) });
    expect(maxAbsDiff(r.pixels, plain)).toBe(0);
    expect(r.resumedFrom).toBe(2);
    expect(r.steps).toBe(8);
    expect(after.map((p) => p.step)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(after.every((p) => p.backend === 'wasm')).toBe(true);
  });

  it('a call that still answers after the loss is not trusted: resume from that step', async () => {
    const { gpu, guard } = lossAt('unet', 5, 'resolve');
    const x = await interrupted(generate(ort, gpu, REQ, { device: guard }));
    expect(x).toMatchObject({ stage: 'unet', step: 5 });
    const r = await generate(ort, wasm, { ...REQ, resume: x.resume! });
    expect(maxAbsDiff(r.pixels, plain)).toBe(0);
  });

  it('a call that never settles after the loss is given up (watch)', async () => {
    const { gpu, guard } = lossAt('unet', 3, 'hang');
    const x = await interrupted(generate(ort, gpu, REQ, { device: guard }));
    expect(x).toMatchObject({ stage: 'unet', step: 3 });
    const r = await generate(ort, wasm, { ...REQ, resume: x.resume! });
    expect(maxAbsDiff(r.pixels, plain)).toBe(0);
  });

  it('a loss seen between steps stops before the next call', async () => {
    const { gpu, guard, setLost, calls } = lossAt('unet', 99);
    const x = await interrupted(
      generate(ort, gpu, REQ, {
        device: guard,
        onStep: (p) => p.step === 3 && setLost('WebGPU device lost (unknown)'),
      }),
    );
    expect(x).toMatchObject({ stage: 'unet', step: 4, reason: 'WebGPU device lost (unknown)' });
    expect(calls.unet).toBe(3);
    const r = await generate(ort, wasm, { ...REQ, resume: x.resume! });
    expect(maxAbsDiff(r.pixels, plain)).toBe(0);
  });

  it('text encoding (no state: redo) and VAE decoding (resume at steps + 1: decode only)', async () => {
    const t = lossAt('text', 1);
    const xt = await interrupted(generate(ort, t.gpu, REQ, { device: t.guard }));
    expect(xt).toMatchObject({ stage: 'text', step: 0 });
    expect(xt.resume).toBeUndefined();
    const d = lossAt('decode', 1);
    const xd = await interrupted(generate(ort, d.gpu, REQ, { device: d.guard }));
    expect(xd).toMatchObject({ stage: 'decode', step: 9 });
    expect(xd.resume?.fromStep).toBe(9);
    const steps: number[] = [];
    const rd = await generate(ort, wasm, { ...REQ, resume: xd.resume! }, { onStep: (p) => steps.push(p.step) });
    expect(steps).toEqual([]);
    expect(maxAbsDiff(rd.pixels, plain)).toBe(0);
  });

  it('no loss: a normal result on "WebGPU"', async () => {
    const { gpu, guard } = lossAt('unet', 99);
    const r = await generate(ort, gpu, REQ, { device: guard });
    expect(r.backend).toBe('webgpu');
    expect(maxAbsDiff(r.pixels, plain)).toBe(0);
  });

  it('an error the loss does not explain is passed on as is', async () => {
    const { gpu } = lossAt('unet', 2);
    const guard: DeviceGuard = { lost: () => undefined, explain: async () => undefined, watch: (r) => r };
    await expect(generate(ort, gpu, REQ, { device: guard })).rejects.toThrow(/mapAsync/);
  });

  it('refuses resume state that does not fit the request', async () => {
    await expect(
      generate(ort, wasm, { ...REQ, resume: { fromStep: 2, latents: new Float32Array(3) } }),
    ).rejects.toThrow(/resume latents/);
    await expect(
      generate(ort, wasm, {
        ...REQ,
        resume: { fromStep: 10, latents: new Float32Array(wasm.info.latentChannels * wasm.info.latentSize ** 2) },
      }),
    ).rejects.toThrow(/past the 8-step run/);
  });
});

/**
 * Typed client of workers/diffusion.worker.ts. One model stays loaded in the worker between
 * calls (idle shutdown after 5 min). Cancelling a generation first tells the worker, through a
 * MessagePort of its own (not the bridge's serial queue), to stop before its next step (model
 * kept); if it has not stopped within `graceMs`, the bridge's abort terminates the worker.
 * `generatePanel` answers `{ interrupted }` instead of a result when the WebGPU device was lost
 * mid-run (the worker is spent then: src/features/generate/gpu-loss.ts restarts it on WASM and
 * resumes the run). A cancel the worker saw rejects with `RunCancelled` (an AbortError) saying how
 * many steps were finished when the worker saw it (`ack`) and when it stopped (`done`); every step
 * callback has run by then, so a progress counter fed by `onStep` is exact.
 */
import { proxy, transfer } from 'comlink';
import { createWorkerBridge } from './worker-bridge';
import type { DiffusionApi, ModelSource } from '../../workers/diffusion.worker';
import type {
  GenerateRequest,
  GenerateResult,
  GpuInterruption,
  LoadOptions,
  LoadProgress,
  ModelInfo,
  StepProgress,
} from '../../workers/diffusion/types';

export type { GenerateRequest, GenerateResult, GpuInterruption, LoadOptions, ModelInfo, ModelSource, StepProgress };

/** A generation stopped by its cancel (name 'AbortError', so every abort check treats it as one). */
export class RunCancelled extends Error {
  constructor(
    readonly done: number,
    readonly ack: number,
  ) {
    super('Cancelled');
    this.name = 'AbortError';
  }
}

const bridge = createWorkerBridge<DiffusionApi>(
  () => new Worker(new URL('../../workers/diffusion.worker.ts', import.meta.url), { type: 'module' }),
  { idleMs: 5 * 60_000 },
);

export function loadDiffusionModel(
  signal: AbortSignal | undefined,
  source: ModelSource,
  opts: LoadOptions = {},
  onProgress?: (p: LoadProgress) => void,
): Promise<ModelInfo> {
  return bridge.run(signal, (api) => api.load(source, opts, onProgress ? proxy(onProgress) : undefined));
}

export function generatePanel(
  signal: AbortSignal | undefined,
  req: GenerateRequest,
  onStep?: (p: StepProgress) => void,
  { graceMs = 10_000 }: { graceMs?: number } = {},
): Promise<GenerateResult | GpuInterruption> {
  const hard = new AbortController();
  const channel = new MessageChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    channel.port1.postMessage('cancel');
    timer = setTimeout(() => hard.abort(), graceMs);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return bridge
    .run<GenerateResult | GpuInterruption>(hard.signal, async (api) => {
      if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
      const r = await api.generate(req, onStep ? proxy(onStep) : undefined, transfer(channel.port2, [channel.port2]));
      if ('cancelled' in r) throw new RunCancelled(r.cancelled.done, r.cancelled.ack);
      return r as GenerateResult | GpuInterruption;
    })
    .finally(() => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      channel.port1.close();
    });
}

export function panelPng(signal: AbortSignal | undefined, image: GenerateResult['image']): Promise<ArrayBuffer> {
  return bridge.run(signal, (api) => api.toPng(image));
}

export function unloadDiffusionModel(): void {
  bridge.terminate();
}

/** Why the loaded model would refuse `prompt` ('empty' | 'too-long' | 'unknown-script'), or null. */
export function promptProblem(
  signal: AbortSignal | undefined,
  prompt: string,
): Promise<'empty' | 'too-long' | 'unknown-script' | null> {
  return bridge.run(signal, (api) => api.promptProblem(prompt));
}

/** Decodes an image (reference, character sheet, photo) in the worker for image-to-image. */
export async function decodeInitImage(signal: AbortSignal | undefined, blob: Blob): Promise<GenerateResult['image']> {
  const bytes = await blob.arrayBuffer();
  return bridge.run(signal, (api) => api.decode(transfer(bytes, [bytes]), blob.type));
}

/** The model loaded in the worker now (undefined after an idle shutdown or a hard cancel). */
export function loadedDiffusionModel(signal?: AbortSignal): Promise<ModelInfo | undefined> {
  return bridge.run(signal, (api) => api.info());
}

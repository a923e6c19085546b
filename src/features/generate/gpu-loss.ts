/**
 * One panel through the diffusion worker, going on across a lost WebGPU device (shared by the
 * single-panel view and story mode). When the worker answers `{ interrupted }` (the device was
 * lost mid-run; that worker is spent), the page-side fallback runs: the worker is terminated, the
 * model is loaded on WASM in a fresh one (model-state: every later load is WASM too) and the same
 * request goes on from the interrupted step (`resume`: the latents before it). The result then
 * carries `deviceLost` and a notice says that generation moved to the CPU. If the fallback
 * cannot load or run, the run fails with GpuLostError (code 'gpu-lost'; errorText shows
 * 'generate.error.gpuLost') and nothing is drawn; the next run starts clean on WASM.
 */
import { t } from '../../app/i18n';
import { notify } from '../../app/notifier';
import { isAbortError } from '../../app/progress';
import {
  generatePanel,
  unloadDiffusionModel,
  type GenerateRequest,
  type GenerateResult,
  type StepProgress,
} from '../../bridge/diffusion';
import type { DeviceLoss } from '../../../workers/diffusion/types';
import { ensureLoaded, noteGpuLoss } from './model-state';

/** The WebGPU device was lost and the run could not go on on WASM. */
export class GpuLostError extends Error {
  readonly code = 'gpu-lost';
  constructor(message: string) {
    super(message);
    this.name = 'GpuLostError';
  }
}

/** Where the loss hit, as a phrase ('at step 2 of 8', 'while decoding the image'). */
export function lossWhere(d: Pick<DeviceLoss, 'stage' | 'step'>, total: number): string {
  return t(`generate.gpuLost.where.${d.stage}`, { step: d.step, total });
}

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function generateOnDevice(
  signal: AbortSignal,
  req: GenerateRequest,
  onStep?: (p: StepProgress) => void,
): Promise<GenerateResult> {
  const t0 = performance.now();
  const first = await generatePanel(signal, req, onStep);
  if (!('interrupted' in first)) return first;
  const x = first.interrupted;
  noteGpuLoss(x.reason);
  const tr = performance.now();
  let r: GenerateResult;
  let info;
  let recoveryMs: number;
  try {
    info = await ensureLoaded(signal);
    recoveryMs = performance.now() - tr;
    const next = await generatePanel(signal, { ...req, ...(x.resume ? { resume: x.resume } : {}) }, onStep);
    if ('interrupted' in next) throw new Error(next.interrupted.reason);
    r = next;
  } catch (e) {
    if (isAbortError(e)) throw e;
    unloadDiffusionModel(); // whatever state the fallback worker is in, the next run starts afresh
    throw new GpuLostError(`${x.reason}; going on on WASM failed: ${text(e)}`);
  }
  const deviceLost: DeviceLoss = {
    stage: x.stage,
    step: x.step,
    reason: x.reason,
    stepsDone: x.stepsMs.length,
    detectMs: x.detectMs,
    recoveryMs,
    info,
  };
  notify({
    kind: 'info',
    message: t('generate.gpuLost.moved', { where: lossWhere(deviceLost, r.steps) }),
    timeoutMs: 20_000,
  });
  return {
    ...r,
    deviceLost,
    timings: {
      textMs: x.textMs,
      stepsMs: [...x.stepsMs, ...r.timings.stepsMs],
      decodeMs: r.timings.decodeMs,
      totalMs: performance.now() - t0,
    },
  };
}

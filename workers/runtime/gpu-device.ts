/**
 * The WebGPU device onnxruntime-web's sessions run on, watched for loss (driver reset, GPU
 * process crash, `destroy()`): `watchGpuDevice()` is called once a WebGPU session exists; it
 * subscribes to `device.lost` and answers `lost()` / `whenLost()` from then on. A lost device
 * never comes back within this ORT instance (ORT keeps one device per wasm module), so a worker
 * that saw a loss creates every later session on WASM (`gpuLostReason()`).
 *
 * `destroyGpuDeviceForTest()` calls `destroy()` on ORT's device: it fires `device.lost` exactly as
 * a real loss does (reason 'destroyed'); e2e tests use it through the workers' diagnostic hooks.
 */
import { configureOrt } from './env';

// Structural types: the main tsconfig reaches workers/ through `import type` and has no @webgpu/types.
interface LostInfoLike {
  reason?: string;
  message?: string;
}
interface DeviceLike {
  lost: Promise<LostInfoLike>;
  destroy(): void;
}

export interface GpuLoss {
  /** 'destroyed' (destroy() was called) or 'unknown' (anything else: driver, GPU process). */
  reason: string;
  message: string;
  at: number;
}

let device: DeviceLike | undefined;
let loss: GpuLoss | undefined;
let lostPromise: Promise<GpuLoss> | undefined;

/**
 * Subscribes to `device.lost` of ORT's WebGPU device. Call only after a WebGPU session was created
 * (before that, reading `ort.env.webgpu.device` would create a device). Idempotent.
 */
export async function watchGpuDevice(): Promise<void> {
  if (device || loss) return;
  const ort = configureOrt();
  const d = (await (ort.env.webgpu as unknown as { device: Promise<DeviceLike> | DeviceLike }).device) as
    | DeviceLike
    | undefined;
  if (!d || device) return;
  device = d;
  lostPromise = d.lost.then((info) => {
    loss = { reason: info?.reason ?? 'unknown', message: info?.message ?? '', at: performance.now() };
    return loss;
  });
}

/** The loss, once the watched device was lost (stays set for the worker's lifetime). */
export function gpuLoss(): GpuLoss | undefined {
  return loss;
}

/**
 * Resolves with the loss when the watched device is lost; undefined after `waitMs` without one
 * (omit `waitMs` to wait as long as it takes; undefined at once when no device is watched).
 */
export async function whenGpuLost(waitMs?: number): Promise<GpuLoss | undefined> {
  if (loss || !lostPromise) return loss;
  if (waitMs === undefined) return lostPromise;
  let stopTimer = () => {};
  const timeout = new Promise<undefined>((resolve) => {
    const id = setTimeout(resolve, waitMs);
    stopTimer = () => clearTimeout(id);
  });
  try {
    return await Promise.race([lostPromise, timeout]);
  } finally {
    stopTimer();
  }
}

/** Human-readable reason for sessions created on WASM because the device was lost earlier. */
export function gpuLostReason(): string | undefined {
  return loss ? `WebGPU device lost (${loss.reason}${loss.message ? `: ${loss.message}` : ''})` : undefined;
}

/** Test/diagnostic: destroys ORT's WebGPU device (fires `device.lost`). false when there is none. */
export function destroyGpuDeviceForTest(): boolean {
  if (!device) return false;
  device.destroy();
  return true;
}

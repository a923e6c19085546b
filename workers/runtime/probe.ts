/** WebGPU capability probe (worker or window). Never throws; the answer is cached. */
import type { WebGpuProbe } from './types';

let cached: Promise<WebGpuProbe> | undefined;

export function probeWebGPU(): Promise<WebGpuProbe> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<WebGpuProbe> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return { available: false, reason: 'navigator.gpu is not available (no WebGPU in this browser)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, reason: 'requestAdapter() returned no adapter' };
    const info = adapter.info as GPUAdapterInfo | undefined;
    // Older Chromium exposed isFallbackAdapter on the adapter instead of its info.
    const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const isFallbackAdapter =
      info?.isFallbackAdapter ?? legacyFallback ?? /swiftshader|llvmpipe|software/i.test(`${info?.architecture} ${info?.description}`);
    return {
      available: true,
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      device: info?.device ?? '',
      description: info?.description ?? '',
      isFallbackAdapter,
      features: [...adapter.features].map(String).sort(),
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  } catch (e) {
    return { available: false, reason: `requestAdapter() failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** WebGPU capability probe (worker or window). Never throws; the answer is cached. */
import type { WebGpuProbe } from './types';

// Minimal structural types, so this file also type-checks where @webgpu/types is not loaded
// (the main tsconfig reaches workers/ through bridges' `import type`).
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  features: Iterable<unknown>;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

let cached: Promise<WebGpuProbe> | undefined;

export function probeWebGPU(): Promise<WebGpuProbe> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<WebGpuProbe> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { available: false, reason: 'navigator.gpu is not available (no WebGPU in this browser)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, reason: 'requestAdapter() returned no adapter' };
    const info = adapter.info;
    // Older Chromium exposed isFallbackAdapter on the adapter instead of its info.
    const legacyFallback = adapter.isFallbackAdapter;
    const isFallbackAdapter =
      info?.isFallbackAdapter ??
      legacyFallback ??
      /swiftshader|llvmpipe|software/i.test(`${info?.architecture} ${info?.description}`);
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

/**
 * THE backend rule for models (pure: no ORT, no DOM, no I/O — unit-tested in
 * test/unit/runtime-choose-backend.test.ts). Every model worker (colorize, clip, diffusion, the
 * runtime worker's ONNX graph) asks `resolveBackend()` (policy.ts), which feeds this function the
 * WebGPU probe and the user's setting:
 *
 * - no WebGPU (no navigator.gpu / no adapter)           → WASM ('no-webgpu', or 'forced-no-webgpu')
 * - a software adapter (isFallbackAdapter, or a known
 *   software renderer: SwiftShader, llvmpipe, lavapipe,
 *   WARP) — measured slower than WASM for every model   → WASM ('software-adapter')
 *   … unless the user forces WebGPU (Status page)       → WebGPU ('forced-software')
 * - a hardware adapter                                   → WebGPU ('hardware-adapter')
 *
 * Pure colour math (the Values view's lightness) never gets here: it runs in TypeScript on the CPU
 * (workers/runtime/lightness-cpu.ts).
 */
import type { Backend, WebGpuProbe } from './types';

/** Settings-store key (IndexedDB `settings`) of "Use WebGPU even on a software adapter". */
export const FORCE_WEBGPU_SETTING = 'runtime.forceWebGPU';

export type BackendReason =
  | 'hardware-adapter'
  | 'software-adapter'
  | 'forced-software'
  | 'no-webgpu'
  | 'forced-no-webgpu'
  /** The caller asked for this backend explicitly (tests, the Generate view's backend select). */
  | 'requested';

export interface BackendChoice {
  backend: Backend;
  reason: BackendReason;
  /** Adapter name for the message (SwiftShader, "nvidia / ampere", …), or why WebGPU is missing. */
  detail: string;
  /** The adapter is a software renderer (runs at CPU speed). */
  software: boolean;
}

const SOFTWARE_RENDERERS: [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/microsoft basic render|\bwarp\b/i, 'Microsoft Basic Render Driver (WARP)'],
];

/** Name of the software renderer behind an adapter (undefined for a hardware adapter). */
export function softwareAdapterName(adapter: WebGpuProbe): string | undefined {
  const text = [adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter(Boolean).join(' ');
  for (const [re, name] of SOFTWARE_RENDERERS) if (re.test(text)) return name;
  if (adapter.isFallbackAdapter || /\bsoftware\b/i.test(text))
    return adapter.description || adapter.vendor || 'software adapter';
  return undefined;
}

function adapterLabel(adapter: WebGpuProbe): string {
  return [adapter.vendor, adapter.architecture].filter(Boolean).join(' / ') || adapter.description || 'WebGPU adapter';
}

export function chooseBackend({
  adapterInfo,
  userForce = false,
}: {
  adapterInfo: WebGpuProbe;
  userForce?: boolean;
}): BackendChoice {
  if (!adapterInfo.available) {
    const detail = adapterInfo.reason ?? 'no WebGPU adapter';
    return { backend: 'wasm', reason: userForce ? 'forced-no-webgpu' : 'no-webgpu', detail, software: false };
  }
  const soft = softwareAdapterName(adapterInfo);
  if (soft !== undefined) {
    return userForce
      ? { backend: 'webgpu', reason: 'forced-software', detail: soft, software: true }
      : { backend: 'wasm', reason: 'software-adapter', detail: soft, software: true };
  }
  return { backend: 'webgpu', reason: 'hardware-adapter', detail: adapterLabel(adapterInfo), software: false };
}

/** One line of plain English for logs and worker notes (the Status page renders its own, in ko/en). */
export function describeChoice(c: BackendChoice): string {
  switch (c.reason) {
    case 'hardware-adapter':
      return `WebGPU (hardware adapter: ${c.detail})`;
    case 'software-adapter':
      return `WASM (CPU) — the WebGPU adapter is a software fallback (${c.detail})`;
    case 'forced-software':
      return `WebGPU (forced by the user) on a software adapter (${c.detail})`;
    case 'no-webgpu':
      return `WASM (CPU) — no WebGPU (${c.detail})`;
    case 'forced-no-webgpu':
      return `WASM (CPU) — WebGPU is forced but not available (${c.detail})`;
    case 'requested':
      return c.backend === 'wasm'
        ? 'WASM (CPU, requested)'
        : `WebGPU (requested)${c.software ? ` on a software adapter (${c.detail})` : ''}`;
  }
}

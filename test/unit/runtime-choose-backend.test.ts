/**
 * The one backend rule for models (workers/runtime/choose-backend.ts) and how the user's force
 * setting reaches it from the settings store (workers/runtime/user-force.ts, fake IndexedDB).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chooseBackend,
  describeChoice,
  softwareAdapterName,
  FORCE_WEBGPU_SETTING,
} from '../../workers/runtime/choose-backend';
import { readUserForce } from '../../workers/runtime/user-force';
import { resolveBackend } from '../../workers/runtime/policy';
import type { WebGpuProbe } from '../../workers/runtime/types';
import { closeDB } from '../../src/store/db';
import { DB_NAME } from '../../src/store/schema';
import { getSetting, setSetting } from '../../src/store/settings';

const hardware: WebGpuProbe = {
  available: true,
  vendor: 'nvidia',
  architecture: 'ampere',
  device: '',
  description: 'NVIDIA GeForce RTX 3060',
  isFallbackAdapter: false,
};
// What Chromium reports for SwiftShader here (test/e2e/shell.e2e.mjs logs it).
const swiftshader: WebGpuProbe = {
  available: true,
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: 'SwiftShader Device (Subzero)',
  isFallbackAdapter: true,
};
const none: WebGpuProbe = { available: false, reason: 'navigator.gpu is not available (no WebGPU in this browser)' };

describe('chooseBackend', () => {
  it('hardware adapter → WebGPU', () => {
    const c = chooseBackend({ adapterInfo: hardware, userForce: false });
    expect(c).toMatchObject({ backend: 'webgpu', reason: 'hardware-adapter', software: false });
    expect(c.detail).toBe('nvidia / ampere');
    // Forcing changes nothing on hardware.
    expect(chooseBackend({ adapterInfo: hardware, userForce: true }).backend).toBe('webgpu');
  });

  it('fallback (software) adapter → WASM, naming the renderer', () => {
    const c = chooseBackend({ adapterInfo: swiftshader, userForce: false });
    expect(c).toEqual({ backend: 'wasm', reason: 'software-adapter', detail: 'SwiftShader', software: true });
    expect(describeChoice(c)).toBe('WASM (CPU) — the WebGPU adapter is a software fallback (SwiftShader)');
  });

  it('a known software renderer is caught even when isFallbackAdapter says false', () => {
    for (const [info, name] of [
      [{ architecture: 'swiftshader' }, 'SwiftShader'],
      [{ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, 'llvmpipe'],
      [{ description: 'Vulkan: lavapipe' }, 'lavapipe'],
      [{ description: 'Microsoft Basic Render Driver' }, 'Microsoft Basic Render Driver (WARP)'],
    ] as const) {
      const probe: WebGpuProbe = { available: true, vendor: '', isFallbackAdapter: false, ...info };
      expect(softwareAdapterName(probe)).toBe(name);
      expect(chooseBackend({ adapterInfo: probe }).backend).toBe('wasm');
    }
    // An unnamed fallback adapter is still software.
    expect(chooseBackend({ adapterInfo: { available: true, isFallbackAdapter: true } })).toMatchObject({
      backend: 'wasm',
      software: true,
    });
    expect(softwareAdapterName(hardware)).toBeUndefined();
  });

  it('forced → WebGPU on a software adapter', () => {
    const c = chooseBackend({ adapterInfo: swiftshader, userForce: true });
    expect(c).toEqual({ backend: 'webgpu', reason: 'forced-software', detail: 'SwiftShader', software: true });
    expect(describeChoice(c)).toBe('WebGPU (forced by the user) on a software adapter (SwiftShader)');
    // An explicit per-call request (tests, Generate's select) is described as such.
    expect(describeChoice({ backend: 'webgpu', reason: 'requested', detail: 'SwiftShader', software: true })).toBe(
      'WebGPU (requested) on a software adapter (SwiftShader)',
    );
    expect(describeChoice({ backend: 'wasm', reason: 'requested', detail: 'SwiftShader', software: true })).toBe(
      'WASM (CPU, requested)',
    );
  });

  it('no WebGPU → WASM, forced or not', () => {
    expect(chooseBackend({ adapterInfo: none, userForce: false })).toEqual({
      backend: 'wasm',
      reason: 'no-webgpu',
      detail: none.reason,
      software: false,
    });
    expect(chooseBackend({ adapterInfo: none, userForce: true })).toMatchObject({
      backend: 'wasm',
      reason: 'forced-no-webgpu',
    });
    expect(chooseBackend({ adapterInfo: { available: false } }).detail).toBe('no WebGPU adapter');
  });
});

describe('the force setting, read from a worker (readUserForce)', () => {
  beforeEach(async () => {
    await closeDB();
    globalThis.indexedDB = new IDBFactory();
  });

  it('follows what the settings store saved under FORCE_WEBGPU_SETTING', async () => {
    expect(await getSetting(FORCE_WEBGPU_SETTING, false)).toBe(false); // opens (creates) the app DB
    expect(await readUserForce()).toBe(false);
    await setSetting(FORCE_WEBGPU_SETTING, true);
    expect(await readUserForce()).toBe(true);
    await setSetting(FORCE_WEBGPU_SETTING, false);
    expect(await readUserForce()).toBe(false);
  });

  it('answers false and creates no database before the app has made one', async () => {
    expect(await readUserForce()).toBe(false);
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(DB_NAME);
    // The app can still create and upgrade its database afterwards.
    await setSetting(FORCE_WEBGPU_SETTING, true);
    expect(await readUserForce()).toBe(true);
  });

  it('resolveBackend: an explicit request wins; otherwise the rule with the stored setting (Node: no WebGPU)', async () => {
    await setSetting(FORCE_WEBGPU_SETTING, false);
    expect(await resolveBackend()).toMatchObject({ backend: 'wasm', reason: 'no-webgpu' });
    await setSetting(FORCE_WEBGPU_SETTING, true);
    expect(await resolveBackend()).toMatchObject({ backend: 'wasm', reason: 'forced-no-webgpu' });
    expect(await resolveBackend('webgpu')).toMatchObject({ backend: 'webgpu', reason: 'requested', software: false });
    expect(await resolveBackend('wasm')).toMatchObject({ backend: 'wasm', reason: 'requested' });
  });

  it('answers false where there is no IndexedDB at all', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error — simulate an environment without IndexedDB
    delete globalThis.indexedDB;
    try {
      expect(await readUserForce()).toBe(false);
    } finally {
      globalThis.indexedDB = saved;
    }
  });
});

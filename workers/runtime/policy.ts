/**
 * `resolveBackend(requested?)`: the backend a model runs on. An explicit request (tests, the
 * Generate view's backend select, benchmarks) wins; otherwise `chooseBackend()` decides from the
 * WebGPU probe and the user's force setting. ORT-free (the CLIP engine imports it to pick
 * transformers.js's device; ORT itself comes from env.ts).
 */
import { chooseBackend, softwareAdapterName, type BackendChoice } from './choose-backend';
import { probeWebGPU } from './probe';
import { readUserForce } from './user-force';
import type { Backend } from './types';

export async function resolveBackend(requested?: Backend): Promise<BackendChoice> {
  const adapterInfo = await probeWebGPU();
  if (requested) {
    const soft = adapterInfo.available ? softwareAdapterName(adapterInfo) : undefined;
    return {
      backend: requested,
      reason: 'requested',
      detail: soft ?? adapterInfo.reason ?? '',
      software: soft !== undefined,
    };
  }
  return chooseBackend({ adapterInfo, userForce: await readUserForce() });
}

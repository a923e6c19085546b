/** Model runtime: the only module that knows about onnxruntime-web execution providers. */
export { createSession, warmUp, defaultBackend, type CreateSessionOptions, type CreatedSession } from './session';
export { probeWebGPU } from './probe';
export { chooseBackend, describeChoice, softwareAdapterName, FORCE_WEBGPU_SETTING } from './choose-backend';
export { resolveBackend } from './policy';
export { readUserForce } from './user-force';
export { fetchModel, MODEL_CACHE } from './fetch-model';
export { configureOrt, wasmThreads, ortVersion } from './env';
export {
  watchGpuDevice,
  gpuLoss,
  whenGpuLost,
  gpuLostReason,
  destroyGpuDeviceForTest,
  type GpuLoss,
} from './gpu-device';
export type * from './types';

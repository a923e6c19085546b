/** The runtime worker's ORT-dependent half, loaded on demand (dynamic import). */
export { lightness, selfTest } from './lab-graph';
export { ortVersion, wasmThreads } from './env';

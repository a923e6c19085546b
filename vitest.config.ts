import { defineConfig } from 'vitest/config';

// Unit tests: pure logic in Node (src/core, store with fake-indexeddb, model tests on ONNX files).
// End-to-end tests run in real Chromium via test/e2e/run.mjs, not here.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/model/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Model tests create ONNX sessions (WASM compile) in beforeAll: seconds when the machine is busy.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

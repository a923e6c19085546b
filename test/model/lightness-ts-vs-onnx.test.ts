/**
 * The Values view's TypeScript lightness (workers/runtime/lightness-cpu.ts) against the shipped
 * ONNX graph it replaced (models/ops/srgb_to_lab.onnx through workers/runtime/lab-graph.ts, WASM in
 * Node), pixel by pixel, within the graph reference's gray tolerance.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { lightness } from '../../workers/runtime/lab-graph';
import { lightnessCpu } from '../../workers/runtime/lightness-cpu';

const dir = path.resolve(__dirname, '../../models/ops');
const model = fs.readFileSync(path.join(dir, 'srgb_to_lab.onnx'));
const tolerance = (
  JSON.parse(fs.readFileSync(path.join(dir, 'srgb_to_lab.reference.json'), 'utf8')) as { tolerance: { gray: number } }
).tolerance;

describe('TypeScript lightness = ONNX graph lightness (WASM, Node)', () => {
  beforeAll(() => {
    ort.env.wasm.numThreads = 1;
  });

  it('every pixel of a 512×512 image covering all 8-bit values per channel', async () => {
    const width = 512;
    const height = 512;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      data[i * 4] = i % 256;
      data[i * 4 + 1] = (i * 7 + (i >> 8)) % 256;
      data[i * 4 + 2] = (i * 31 + (i >> 10) * 3) % 256;
      data[i * 4 + 3] = 255;
    }
    const cpu = lightnessCpu({ width, height, data });
    const graph = await lightness({ width, height, data }, 'wasm', undefined, model);
    expect(graph.backend).toBe('wasm');
    expect(cpu.backend).toBe('cpu');
    let maxErr = 0;
    let maxPreview = 0;
    for (let i = 0; i < width * height; i++) {
      maxErr = Math.max(maxErr, Math.abs(cpu.lightness[i] - graph.lightness[i]));
      maxPreview = Math.max(maxPreview, Math.abs(cpu.preview[i * 4] - graph.preview[i * 4]));
    }
    expect(maxErr).toBeLessThan(tolerance.gray);
    // The graph path quantises L* to 1000 steps before its preview; the CPU path is exact.
    expect(maxPreview).toBeLessThanOrEqual(1);
    expect(cpu.stats.p5).toBeCloseTo(graph.stats.p5, 3);
    expect(cpu.stats.p95).toBeCloseTo(graph.stats.p95, 3);
    expect(cpu.stats.mean).toBeCloseTo(graph.stats.mean, 5);
  });
});

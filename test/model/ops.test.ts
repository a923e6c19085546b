/**
 * The shipped colour-conversion graph (models/ops/srgb_to_lab.onnx) run by onnxruntime-web (WASM)
 * in Node must reproduce the float64 numpy reference written by export_srgb_to_lab.py.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';

const dir = path.resolve(__dirname, '../../models/ops');

interface TensorJson {
  dims: number[];
  data: number[];
}
interface Reference {
  input: TensorJson & { name: string };
  outputs: Record<'lab' | 'gray', TensorJson>;
  tolerance: Record<'lab' | 'gray', number>;
}

const ref = JSON.parse(fs.readFileSync(path.join(dir, 'srgb_to_lab.reference.json'), 'utf8')) as Reference;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('models/ops/srgb_to_lab.onnx (onnxruntime-web, WASM, Node)', () => {
  let session: ort.InferenceSession;
  beforeAll(async () => {
    ort.env.wasm.numThreads = 1;
    session = await ort.InferenceSession.create(fs.readFileSync(path.join(dir, 'srgb_to_lab.onnx')), {
      executionProviders: ['wasm'],
    });
  });

  it('declares the documented inputs and outputs', () => {
    expect(session.inputNames).toEqual(['rgb']);
    expect(session.outputNames).toEqual(['lab', 'gray']);
  });

  it('matches the numpy reference on named colours, a gray ramp and clamped values', async () => {
    const x = new ort.Tensor('float32', Float32Array.from(ref.input.data), ref.input.dims);
    const out = await session.run({ rgb: x });
    expect(out.lab.dims).toEqual(ref.outputs.lab.dims);
    expect(out.gray.dims).toEqual(ref.outputs.gray.dims);
    const labErr = maxAbsDiff(out.lab.data as Float32Array, ref.outputs.lab.data);
    const grayErr = maxAbsDiff(out.gray.data as Float32Array, ref.outputs.gray.data);
    expect(labErr).toBeLessThan(ref.tolerance.lab);
    expect(grayErr).toBeLessThan(ref.tolerance.gray);
    // Anchors independent of the JSON: white → L*=100, black → 0, sRGB red → L*≈53.24, a*≈80.09.
    const lab = out.lab.data as Float32Array;
    const plane = 4 * 8;
    expect(lab[1]).toBeCloseTo(100, 2);
    expect(lab[0]).toBeCloseTo(0, 4);
    expect(lab[2]).toBeCloseTo(53.24, 1);
    expect(lab[plane + 2]).toBeCloseTo(80.09, 1);
  });

  it('accepts any N, H, W (dynamic axes) and is per-pixel', async () => {
    const h = 3,
      w = 5;
    const data = new Float32Array(2 * 3 * h * w);
    for (let i = 0; i < data.length; i++) data[i] = ((i * 37) % 101) / 100;
    const out = await session.run({ rgb: new ort.Tensor('float32', data, [2, 3, h, w]) });
    expect(out.gray.dims).toEqual([2, 1, h, w]);
    // Pixel (n=1, y=2, x=4) alone as a 1×1 image gives the same lightness.
    const px = (c: number) => data[1 * 3 * h * w + c * h * w + 2 * w + 4];
    const one = await session.run({
      rgb: new ort.Tensor('float32', Float32Array.from([px(0), px(1), px(2)]), [1, 3, 1, 1]),
    });
    expect((one.gray.data as Float32Array)[0]).toBeCloseTo((out.gray.data as Float32Array)[h * w + 2 * w + 4], 6);
  });
});

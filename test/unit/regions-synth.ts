/** Synthetic line art for the region tests: white paper, black 2-px outlines, known interiors. */
export interface Shape {
  /** outer box [x0, y0, x1, y1) of the outline */
  box: [number, number, number, number];
  /** break in the top edge: [x, width] */
  gap?: [number, number];
}

export interface Synth {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** per pixel: shape index + 1 for interior pixels, 0 outside every shape, −1 outline, −2 gap */
  truth: Int8Array;
}

export function drawBoxes(
  width: number,
  height: number,
  shapes: Shape[],
  opts: { aa?: boolean; thick?: number } = {},
): Synth {
  const t = opts.thick ?? 2;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  const truth = new Int8Array(width * height);
  const set = (x: number, y: number, v: number) => {
    const j = (y * width + x) * 4;
    rgba[j] = rgba[j + 1] = rgba[j + 2] = v;
  };
  shapes.forEach((s, k) => {
    const [x0, y0, x1, y1] = s.box;
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        const inner = x >= x0 + t && x < x1 - t && y >= y0 + t && y < y1 - t;
        const i = y * width + x;
        if (inner) truth[i] = k + 1;
        else if (s.gap && y < y0 + t && x >= s.gap[0] && x < s.gap[0] + s.gap[1]) truth[i] = -2;
        else {
          truth[i] = -1;
          set(x, y, 0);
        }
      }
    if (opts.aa) {
      // one ring of mid-gray anti-aliasing just inside the outline (L* ≈ 62)
      for (let y = y0 + t; y < y1 - t; y++)
        for (let x = x0 + t; x < x1 - t; x++)
          if (x === x0 + t || x === x1 - t - 1 || y === y0 + t || y === y1 - t - 1) set(x, y, 150);
    }
  });
  return { width, height, rgba, truth };
}

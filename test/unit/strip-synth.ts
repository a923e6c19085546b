// Synthetic webtoon strips with known panel rows, for the strip unit tests.
export interface SynthPanel {
  top: number;
  bottom: number;
  /** Draw a 3-px black frame (default true). */
  border?: boolean;
}

export interface SynthOptions {
  width: number;
  height: number;
  panels: SynthPanel[];
  background?: [number, number, number];
  /** Gaussian-ish noise amplitude added to every pixel. */
  noise?: number;
  /** Screen-tone background: dots of this colour every 4 px. */
  tone?: [number, number, number];
  seed?: number;
  /** Panel inset from the left/right edges. */
  inset?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function synthStrip(o: SynthOptions): Uint8ClampedArray {
  const { width, height } = o;
  const bg = o.background ?? [255, 255, 255];
  const rand = rng(o.seed ?? 7);
  const data = new Uint8ClampedArray(width * height * 4);
  const inset = o.inset ?? 20;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      let c = bg;
      if (o.tone && x % 4 < 2 && y % 4 < 2) c = o.tone;
      data[i] = c[0];
      data[i + 1] = c[1];
      data[i + 2] = c[2];
      data[i + 3] = 255;
    }
  }
  o.panels.forEach((p, n) => {
    for (let y = p.top; y < p.bottom; y++) {
      for (let x = inset; x < width - inset; x++) {
        const i = (y * width + x) * 4;
        const edge =
          p.border !== false && (y - p.top < 3 || p.bottom - 1 - y < 3 || x - inset < 3 || width - inset - 1 - x < 3);
        if (edge) {
          data[i] = data[i + 1] = data[i + 2] = 0;
          continue;
        }
        // Content: gradient + blobs; includes white areas inside the frame.
        const v = (x * 3 + y * (n + 1)) % 256;
        const blob = Math.hypot(x - width / 2, y - (p.top + p.bottom) / 2) < (p.bottom - p.top) / 4;
        data[i] = blob ? 200 : v;
        data[i + 1] = blob ? 60 : (v * 7) % 256;
        data[i + 2] = blob ? 90 : 255 - v;
      }
    }
  });
  if (o.noise) {
    for (let i = 0; i < data.length; i += 4) {
      for (let c = 0; c < 3; c++) {
        const n = (rand() + rand() + rand() - 1.5) * 2 * o.noise;
        data[i + c] = data[i + c] + n;
      }
    }
  }
  return data;
}

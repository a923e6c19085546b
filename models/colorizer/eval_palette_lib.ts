/** eval_palette.mjs's TypeScript side: region model + palette matcher on one drawing and a moved copy. */
import { rgbToLab } from '../../src/core/color/lab';
import { buildRegions, LINE } from '../../src/core/regions';
import { interiorPoints, matchPalette, samplesFromPanel } from '../../src/core/regions/palette-match';

const MIN_AREA = 16;

function rgbaOf(
  ink: Uint8Array,
  S: number,
  W: number,
  H: number,
  tf: { scale: number; dx: number; dy: number },
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(W * H * 4).fill(255);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const sx = Math.floor((x - tf.dx) / tf.scale);
      const sy = Math.floor((y - tf.dy) / tf.scale);
      const g = sx >= 0 && sy >= 0 && sx < S && sy < S ? 255 - ink[sy * S + sx] : 255;
      const j = (y * W + x) * 4;
      out[j] = out[j + 1] = out[j + 2] = g;
    }
  return out;
}

export function paletteCase(
  ink: Uint8Array,
  color: Uint8Array,
  S: number,
  tf: { scale: number; dx: number; dy: number },
  maxCost?: number,
) {
  const a = buildRegions(rgbaOf(ink, S, S, S, { scale: 1, dx: 0, dy: 0 }), S, S);
  // entry of each A region: its median GT colour, quantized to 32 levels per channel
  const labelOf = new Map<number, string>();
  const px: number[][] = a.regions.map(() => []);
  for (let i = 0; i < S * S; i++) if (a.labels[i] !== LINE) px[a.labels[i]].push(i);
  for (const g of a.regions) {
    if (g.bubble || g.area < MIN_AREA || (g.touchesBorder && g.area > 0.2 * S * S)) continue;
    const med = [0, 1, 2].map((c) => {
      const v = px[g.id].map((i) => color[i * 3 + c]).sort((p, q) => p - q);
      return v[v.length >> 1];
    });
    const lab = rgbToLab(med[0], med[1], med[2]);
    if (lab[0] > 97 && Math.hypot(lab[1], lab[2]) < 3) continue; // paper: not a palette colour
    labelOf.set(g.id, med.map((c) => (c >> 3).toString(16)).join('.'));
  }
  if (labelOf.size < 2) return null;
  const samples = samplesFromPanel(a, labelOf);
  const W = Math.ceil(S * tf.scale) + 2 * Math.max(tf.dx, tf.dy);
  const b = buildRegions(rgbaOf(ink, S, W, W, tf), W, W);
  const got = new Map(
    matchPalette(b, samples, maxCost === undefined ? {} : { maxCost }).map((m) => [m.regionId, m.label] as const),
  );
  // truth: the A region under each B region's interior point
  const pts = interiorPoints(
    b,
    b.regions.map((g) => g.id),
  );
  let regions = 0,
    correct = 0,
    wrong = 0,
    none = 0;
  for (const g of b.regions) {
    const p = pts.get(g.id);
    if (!p || g.area < MIN_AREA * tf.scale * tf.scale) continue;
    const ax = Math.floor((p[0] - tf.dx) / tf.scale);
    const ay = Math.floor((p[1] - tf.dy) / tf.scale);
    if (ax < 0 || ay < 0 || ax >= S || ay >= S) continue;
    const truth = labelOf.get(a.labels[ay * S + ax]);
    if (truth === undefined) continue;
    regions++;
    const l = got.get(g.id);
    if (l === undefined) none++;
    else if (l === truth) correct++;
    else wrong++;
  }
  return { regions, correct, wrong, none };
}

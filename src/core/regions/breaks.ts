/**
 * Where the flood cap's split-off pieces were open (pure): the pixels of a piece with a
 * 4-neighbour still in the flooding region `r`, or in another piece (an open shape inside an
 * open shape), are the cut across each break (lines separate them everywhere else), so each
 * 8-connected cluster of them (lines.ts `flood8`) is one break; its bounding box is returned.
 */
import { flood8 } from './lines';

/** A box [x0, y0, x1, y1) in panel px. */
export type Box = [number, number, number, number];
/** At most this many breaks are named per panel (a panel of broken lines gets the first ones). */
export const MAX_GAPS = 24;

export function breaksOf(labels: Int32Array, r: number, pieces: Set<number>, width: number, height: number): Box[] {
  const n = width * height;
  const edge = new Uint8Array(n);
  const open = (own: number, j: number) => labels[j] !== own && (labels[j] === r || pieces.has(labels[j]));
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (!pieces.has(own)) continue;
    const x = i % width;
    if (
      (x > 0 && open(own, i - 1)) ||
      (x < width - 1 && open(own, i + 1)) ||
      (i >= width && open(own, i - width)) ||
      (i < n - width && open(own, i + width))
    )
      edge[i] = 1;
  }
  const out: Box[] = [];
  const queue = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (edge[i] !== 1) continue;
    edge[i] = 2;
    queue[0] = i;
    const size = flood8(queue, 1, width, height, (j) => {
      if (edge[j] !== 1) return false;
      edge[j] = 2;
      return true;
    });
    const box: Box = [width, height, 0, 0];
    for (let k = 0; k < size; k++) {
      const x = queue[k] % width;
      const y = (queue[k] - x) / width;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x + 1);
      box[3] = Math.max(box[3], y + 1);
    }
    out.push(box);
  }
  return out;
}

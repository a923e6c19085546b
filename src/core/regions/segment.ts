/**
 * Gap-closing segmentation (pure, O(n)): a "trapped ball" done with a distance transform.
 *
 * A ball of radius r can sit on every non-line pixel whose distance to the nearest line pixel is
 * greater than r = (gap + 1) / 2; such pixels are ball centres. The middle pixel of a break of
 * `gap` px between two line ends is at most (gap + 1) / 2 from a line end, so a ball cannot pass
 * the break: the centres on either side fall in different 4-connected components. Each
 * component of centres seeds one region; the regions then grow (multi-source BFS, 4-connected,
 * never into line pixels) over the rest of the non-line pixels — corners, anti-aliased edges and
 * the gaps themselves, which end up split between their two sides. Non-line areas no ball
 * reaches and no region grows into (small closed shapes: eyes, lettering holes, thin strips)
 * become regions of their own. gap = 0 is plain 4-connected flood fill.
 */
import { LINE } from './types';

const UNSET = -2;

/** Squared distance a centre must exceed for a gap size (0: every non-line pixel is a centre). */
export function centreThreshold(gap: number): number {
  return gap > 0 ? ((gap + 1) / 2) ** 2 : 0;
}

/**
 * Labels every pixel: LINE for line pixels, else a region id 0..count-1. `queue` is scratch of
 * at least width × height. Returns the region count.
 */
export function segment(
  line: Uint8Array,
  d2: Float32Array,
  thr2: number,
  width: number,
  height: number,
  labels: Int32Array,
  queue: Int32Array,
): number {
  const n = width * height;
  for (let i = 0; i < n; i++) labels[i] = line[i] ? LINE : UNSET;
  let count = 0;
  // 1. components of ball centres
  for (let s = 0; s < n; s++) {
    if (labels[s] !== UNSET || d2[s] <= thr2) continue;
    const id = count++;
    let head = 0;
    let tail = 0;
    labels[s] = id;
    queue[tail++] = s;
    while (head < tail) {
      const p = queue[head++];
      const x = p % width;
      if (x > 0 && labels[p - 1] === UNSET && d2[p - 1] > thr2) { labels[p - 1] = id; queue[tail++] = p - 1; }
      if (x < width - 1 && labels[p + 1] === UNSET && d2[p + 1] > thr2) { labels[p + 1] = id; queue[tail++] = p + 1; }
      if (p >= width && labels[p - width] === UNSET && d2[p - width] > thr2) { labels[p - width] = id; queue[tail++] = p - width; }
      if (p + width < n && labels[p + width] === UNSET && d2[p + width] > thr2) { labels[p + width] = id; queue[tail++] = p + width; }
    }
  }
  // 2. grow all regions at once over the remaining non-line pixels
  growInto(labels, width, height, queue, UNSET);
  // 3. what no region reached: closed areas without centres
  for (let s = 0; s < n; s++) {
    if (labels[s] !== UNSET) continue;
    const id = count++;
    let head = 0;
    let tail = 0;
    labels[s] = id;
    queue[tail++] = s;
    while (head < tail) {
      const p = queue[head++];
      const x = p % width;
      if (x > 0 && labels[p - 1] === UNSET) { labels[p - 1] = id; queue[tail++] = p - 1; }
      if (x < width - 1 && labels[p + 1] === UNSET) { labels[p + 1] = id; queue[tail++] = p + 1; }
      if (p >= width && labels[p - width] === UNSET) { labels[p - width] = id; queue[tail++] = p - width; }
      if (p + width < n && labels[p + width] === UNSET) { labels[p + width] = id; queue[tail++] = p + width; }
    }
  }
  return count;
}

/**
 * Multi-source BFS (4-connected): every pixel whose label equals `free` takes the label of the
 * nearest (in BFS steps) labelled pixel (label ≥ 0). Pixels with other negative labels block.
 */
export function growInto(labels: Int32Array, width: number, height: number, queue: Int32Array, free: number): void {
  const n = width * height;
  let head = 0;
  let tail = 0;
  for (let p = 0; p < n; p++) {
    if (labels[p] < 0) continue;
    const x = p % width;
    if ((x > 0 && labels[p - 1] === free) || (x < width - 1 && labels[p + 1] === free) ||
      (p >= width && labels[p - width] === free) || (p + width < n && labels[p + width] === free)) queue[tail++] = p;
  }
  while (head < tail) {
    const p = queue[head++];
    const id = labels[p];
    const x = p % width;
    if (x > 0 && labels[p - 1] === free) { labels[p - 1] = id; queue[tail++] = p - 1; }
    if (x < width - 1 && labels[p + 1] === free) { labels[p + 1] = id; queue[tail++] = p + 1; }
    if (p >= width && labels[p - width] === free) { labels[p - width] = id; queue[tail++] = p - width; }
    if (p + width < n && labels[p + width] === free) { labels[p + width] = id; queue[tail++] = p + width; }
  }
}

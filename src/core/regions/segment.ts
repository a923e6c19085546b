/**
 * Gap-closing segmentation (pure, O(n)): a "trapped ball" done with a distance transform.
 *
 * A ball of radius r can sit on every non-line pixel whose distance to the nearest line pixel is
 * greater than r = (gap + 1) / 2; such pixels are ball centres. The middle pixel of a break of
 * `gap` px between two line ends is at most (gap + 1) / 2 from a line end, so a ball cannot pass
 * the break: the centres on either side fall in different 4-connected components. Each
 * component of centres seeds one region; the regions then grow (4-connected, never into line
 * pixels) over the rest of the non-line pixels — corners, anti-aliased edges and the gaps
 * themselves — widest first (`growByDistance`: a watershed on the distance to the lines), so two
 * regions meet where the passage between them is narrowest, at the break, and not where two
 * breadth-first fronts happen to collide (straight or staircase edges across a band). Non-line areas no ball
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
      if (x > 0 && labels[p - 1] === UNSET && d2[p - 1] > thr2) {
        labels[p - 1] = id;
        queue[tail++] = p - 1;
      }
      if (x < width - 1 && labels[p + 1] === UNSET && d2[p + 1] > thr2) {
        labels[p + 1] = id;
        queue[tail++] = p + 1;
      }
      if (p >= width && labels[p - width] === UNSET && d2[p - width] > thr2) {
        labels[p - width] = id;
        queue[tail++] = p - width;
      }
      if (p + width < n && labels[p + width] === UNSET && d2[p + width] > thr2) {
        labels[p + width] = id;
        queue[tail++] = p + width;
      }
    }
  }
  // 2. grow all regions at once over the remaining non-line pixels, widest first
  growByDistance(labels, d2, thr2, width, height, queue, UNSET);
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
      if (x > 0 && labels[p - 1] === UNSET) {
        labels[p - 1] = id;
        queue[tail++] = p - 1;
      }
      if (x < width - 1 && labels[p + 1] === UNSET) {
        labels[p + 1] = id;
        queue[tail++] = p + 1;
      }
      if (p >= width && labels[p - width] === UNSET) {
        labels[p - width] = id;
        queue[tail++] = p - width;
      }
      if (p + width < n && labels[p + width] === UNSET) {
        labels[p + width] = id;
        queue[tail++] = p + width;
      }
    }
  }
  return count;
}

/**
 * Priority growth (4-connected): every pixel whose label equals `free` takes a label from a
 * labelled neighbour, the pixels farther from any line first (bucket queue on ⌊d2⌋, capped at
 * `top`; first come first served within a bucket). A region therefore reaches everything it is
 * joined to by a passage wider than its rival's before the rival gets through a narrower one: the
 * border falls on the narrowest point (the break) instead of where breadth-first fronts collide.
 * `next` is scratch of at least width × height. Pixels with other negative labels block. Without
 * `d2` every pixel is in one bucket: plain breadth-first growth (`growInto`).
 */
export function growByDistance(
  labels: Int32Array,
  d2: Float32Array | undefined,
  top: number,
  width: number,
  height: number,
  next: Int32Array,
  free: number,
): void {
  const n = width * height;
  const L = Math.max(0, Math.ceil(top));
  const head = new Int32Array(L + 1).fill(-1);
  const tail = new Int32Array(L + 1).fill(-1);
  let cur = -1;
  const push = (p: number): void => {
    const l = d2 ? Math.min(L, Math.floor(d2[p])) : 0;
    next[p] = -1;
    if (tail[l] < 0) head[l] = p;
    else next[tail[l]] = p;
    tail[l] = p;
    if (l > cur) cur = l;
  };
  for (let p = 0; p < n; p++) {
    if (labels[p] < 0) continue;
    const x = p % width;
    if (
      (x > 0 && labels[p - 1] === free) ||
      (x < width - 1 && labels[p + 1] === free) ||
      (p >= width && labels[p - width] === free) ||
      (p + width < n && labels[p + width] === free)
    )
      push(p);
  }
  while (cur >= 0) {
    const p = head[cur];
    if (p < 0) {
      cur--;
      continue;
    }
    head[cur] = next[p];
    if (head[cur] < 0) tail[cur] = -1;
    const id = labels[p];
    const x = p % width;
    if (x > 0 && labels[p - 1] === free) {
      labels[p - 1] = id;
      push(p - 1);
    }
    if (x < width - 1 && labels[p + 1] === free) {
      labels[p + 1] = id;
      push(p + 1);
    }
    if (p >= width && labels[p - width] === free) {
      labels[p - width] = id;
      push(p - width);
    }
    if (p + width < n && labels[p + width] === free) {
      labels[p + width] = id;
      push(p + width);
    }
  }
}

/**
 * Multi-source BFS (4-connected): every pixel whose label equals `free` takes the label of the
 * nearest (in BFS steps) labelled pixel (label ≥ 0). Pixels with other negative labels block.
 */
export function growInto(labels: Int32Array, width: number, height: number, queue: Int32Array, free: number): void {
  growByDistance(labels, undefined, 0, width, height, queue, free);
}

/** Half-size of the window in which a line pixel is judged a stroke end (`isStrokeEnd`). */
export const END_RADIUS = 3;

/**
 * Is line pixel p near the end of a stroke? Within the (2R + 1)² window around p, take the line
 * pixels 8-connected to p inside the window (other strokes across a break are not connected) and
 * count the runs they form on the window's border ring: a stroke passing through crosses the ring
 * twice (2 runs), a junction 3+, an end once (1 run) and a dot not at all (0). Strokes wider than
 * about 2R px look like ends everywhere, which keeps every split (the conservative answer).
 */
export function isStrokeEnd(
  line: Uint8Array,
  width: number,
  height: number,
  p: number,
  R = END_RADIUS,
  scratch?: Uint8Array,
  stack?: Int32Array,
): boolean {
  const S = 2 * R + 1;
  const seen = scratch ?? new Uint8Array(S * S);
  seen.fill(0);
  const st = stack ?? new Int32Array(S * S);
  const px = p % width;
  const py = (p - px) / width;
  let top = 0;
  seen[R * S + R] = 1;
  st[top++] = R * S + R;
  while (top > 0) {
    const q = st[--top];
    const qx = q % S;
    const qy = (q - qx) / S;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const wx = qx + dx;
        const wy = qy + dy;
        if (wx < 0 || wy < 0 || wx >= S || wy >= S) continue;
        const k = wy * S + wx;
        if (seen[k]) continue;
        const x = px + wx - R;
        const y = py + wy - R;
        if (x < 0 || y < 0 || x >= width || y >= height || !line[y * width + x]) continue;
        seen[k] = 1;
        st[top++] = k;
      }
  }
  // the border ring in circular order
  let runs = 0;
  let first = -1;
  let prev = -1;
  const ringLen = 8 * R;
  for (let t = 0; t < ringLen; t++) {
    let wx: number;
    let wy: number;
    if (t < 2 * R) {
      wx = t;
      wy = 0;
    } else if (t < 4 * R) {
      wx = 2 * R;
      wy = t - 2 * R;
    } else if (t < 6 * R) {
      wx = 6 * R - t;
      wy = 2 * R;
    } else {
      wx = 0;
      wy = 8 * R - t;
    }
    const v = seen[wy * S + wx];
    if (t === 0) first = v;
    else if (v && !prev) runs++;
    prev = v;
  }
  if (first && !prev) runs++; // a run starting at t = 0 (not wrapping from the end)
  if (first && prev && runs === 0) runs = 1; // one run spanning the wrap, or the whole ring
  return runs <= 1;
}

/**
 * Undoes ball splits at necks: two regions that meet across non-line pixels (a cut the trapped
 * ball made) are merged unless a line pixel touching the cut is near a stroke end. A closed break
 * in a stroke has stroke ends on its cut; a neck — a narrow passage between strokes that go on —
 * has none, so a shape with a narrow waist stays one region. Ids are merged in place (the lowest
 * id of each merged set is kept; ids may then have gaps). Returns whether anything was merged.
 */
export function mergeNecks(
  labels: Int32Array,
  line: Uint8Array,
  width: number,
  height: number,
  count: number,
): boolean {
  const n = width * height;
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  const find = (r: number): number => {
    while (parent[r] !== r) r = parent[r] = parent[parent[r]];
    return r;
  };
  // pair (a, b), a < b → 1 when a stroke end touches their cut, 0 when not (yet)
  const pairs = new Map<number, number>();
  const endMemo = new Map<number, boolean>();
  const S = 2 * END_RADIUS + 1;
  const scratch = new Uint8Array(S * S);
  const stack = new Int32Array(S * S);
  const endAt = (q: number): boolean => {
    let e = endMemo.get(q);
    if (e === undefined) {
      e = isStrokeEnd(line, width, height, q, END_RADIUS, scratch, stack);
      endMemo.set(q, e);
    }
    return e;
  };
  const visitCut = (i: number, a: number, b: number) => {
    const key = a < b ? a * count + b : b * count + a;
    if (pairs.get(key) === 1) return;
    if (!pairs.has(key)) pairs.set(key, 0);
    // line pixels 8-adjacent to this cut pixel
    const x = i % width;
    const y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const q = yy * width + xx;
        if (line[q] && endAt(q)) {
          pairs.set(key, 1);
          return;
        }
      }
  };
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    if (a < 0) continue;
    const x = i % width;
    if (x < width - 1) {
      const b = labels[i + 1];
      if (b >= 0 && b !== a) {
        visitCut(i, a, b);
        visitCut(i + 1, a, b);
      }
    }
    if (i + width < n) {
      const b = labels[i + width];
      if (b >= 0 && b !== a) {
        visitCut(i, a, b);
        visitCut(i + width, a, b);
      }
    }
  }
  let merged = false;
  for (const [key, end] of pairs) {
    if (end) continue;
    const a = find(Math.floor(key / count));
    const b = find(key % count);
    if (a === b) continue;
    if (a < b) parent[b] = a;
    else parent[a] = b;
    merged = true;
  }
  if (merged) for (let i = 0; i < n; i++) if (labels[i] >= 0) labels[i] = find(labels[i]);
  return merged;
}

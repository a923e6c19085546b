/**
 * Speech-bubble interiors (kept white unless hinted). Rule, on the lightness image only:
 * a 4-connected component of near-white pixels (L* ≥ 92) that
 *   - does not touch the image border (it is enclosed by lines),
 *   - covers at least 0.4 % of the image, and
 *   - has holes (text glyphs or other marks inside) or covers at least 3 % of the image.
 * The mask covers the component and its holes (the text). Large white objects without marks
 * (a white shirt) can also match: they stay white, which is what they already are.
 */

export interface BubbleMask {
  mask: Uint8Array;
  count: number;
}

export function detectBubbles(gray: Float32Array, width: number, height: number, whiteL = 0.92): BubbleMask {
  const n = width * height;
  const label = new Int32Array(n).fill(-1);
  const mask = new Uint8Array(n);
  const minArea = Math.max(16, 0.004 * n);
  const stack: number[] = [];
  let count = 0;
  let next = 0;
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1 || gray[s] < whiteL) continue;
    const id = next++;
    const members: number[] = [];
    let touches = false;
    let x0 = width;
    let y0 = height;
    let x1 = 0;
    let y1 = 0;
    label[s] = id;
    stack.push(s);
    while (stack.length) {
      const p = stack.pop() as number;
      members.push(p);
      const x = p % width;
      const y = (p - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touches = true;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const nb = [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        y > 0 ? p - width : -1,
        y < height - 1 ? p + width : -1,
      ];
      for (const q of nb) {
        if (q >= 0 && label[q] === -1 && gray[q] >= whiteL) {
          label[q] = id;
          stack.push(q);
        }
      }
    }
    if (touches || members.length < minArea) continue;
    // holes: bbox pixels not in the component and not reachable from the bbox edge
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    const outside = new Uint8Array(bw * bh);
    const inComp = (bx: number, by: number) => label[(y0 + by) * width + x0 + bx] === id;
    const q: number[] = [];
    for (let bx = 0; bx < bw; bx++)
      for (const by of [0, bh - 1])
        if (!inComp(bx, by) && !outside[by * bw + bx]) {
          outside[by * bw + bx] = 1;
          q.push(by * bw + bx);
        }
    for (let by = 0; by < bh; by++)
      for (const bx of [0, bw - 1])
        if (!inComp(bx, by) && !outside[by * bw + bx]) {
          outside[by * bw + bx] = 1;
          q.push(by * bw + bx);
        }
    while (q.length) {
      const p = q.pop() as number;
      const bx = p % bw;
      const by = (p - bx) / bw;
      const nb = [bx > 0 ? p - 1 : -1, bx < bw - 1 ? p + 1 : -1, by > 0 ? p - bw : -1, by < bh - 1 ? p + bw : -1];
      for (const r of nb) {
        if (r < 0 || outside[r]) continue;
        const rx = r % bw;
        if (inComp(rx, (r - rx) / bw)) continue;
        outside[r] = 1;
        q.push(r);
      }
    }
    let holes = 0;
    for (let by = 0; by < bh; by++)
      for (let bx = 0; bx < bw; bx++) if (!outside[by * bw + bx] && !inComp(bx, by)) holes++;
    if (holes === 0 && members.length < 0.03 * n) continue;
    count++;
    for (let by = 0; by < bh; by++)
      for (let bx = 0; bx < bw; bx++) if (!outside[by * bw + bx]) mask[(y0 + by) * width + x0 + bx] = 1;
  }
  return { mask, count };
}

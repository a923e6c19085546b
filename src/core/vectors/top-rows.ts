/**
 * TopRows: the best `k` (score, chunk, row) triples by score, a fixed-size numeric min-heap with
 * no per-push allocation — the candidate list of the fast search (vector-index.ts).
 */
export class TopRows {
  private readonly score: Float64Array;
  private readonly chunk: Int32Array;
  private readonly row: Int32Array;
  private n = 0;

  constructor(readonly k: number) {
    const m = Math.max(1, k);
    this.score = new Float64Array(m);
    this.chunk = new Int32Array(m);
    this.row = new Int32Array(m);
  }

  get length(): number {
    return this.n;
  }

  /** Lowest score kept (-Infinity until full). */
  get threshold(): number {
    return this.n < this.k ? -Infinity : this.score[0];
  }

  push(score: number, chunk: number, row: number): void {
    const { score: s, chunk: c, row: w } = this;
    let i: number;
    if (this.n < this.k) {
      i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (s[p] <= score) break;
        s[i] = s[p];
        c[i] = c[p];
        w[i] = w[p];
        i = p;
      }
    } else {
      if (this.k <= 0 || score <= s[0]) return;
      i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.n) break;
        const m = l + 1 < this.n && s[l + 1] < s[l] ? l + 1 : l;
        if (s[m] >= score) break;
        s[i] = s[m];
        c[i] = c[m];
        w[i] = w[m];
        i = m;
      }
    }
    s[i] = score;
    c[i] = chunk;
    w[i] = row;
  }

  /** The kept (chunk, row) pairs in scan order (chunk, then row). */
  positions(): { chunk: number; row: number }[] {
    const out = Array.from({ length: this.n }, (_, i) => ({ chunk: this.chunk[i], row: this.row[i] }));
    return out.sort((a, b) => a.chunk - b.chunk || a.row - b.row);
  }
}

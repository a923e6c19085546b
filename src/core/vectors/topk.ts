/**
 * Exact top-K by score with a fixed-size min-heap (O(n log k)); ties keep the earlier row.
 */
export interface Hit {
  id: string;
  score: number;
}

export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: string[];
  private readonly order: Float64Array; // insertion order, for stable tie-breaking
  private n = 0;
  private seq = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(1, k));
    this.order = new Float64Array(Math.max(1, k));
    this.ids = new Array<string>(Math.max(1, k));
  }

  /** Lowest score kept so far (-Infinity until full): a cheap pre-check before push(). */
  get threshold(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }

  // "a is worse than b": lower score, or same score and later insertion.
  private worse(i: number, j: number): boolean {
    return this.scores[i] < this.scores[j] || (this.scores[i] === this.scores[j] && this.order[i] > this.order[j]);
  }

  private swap(i: number, j: number): void {
    const s = this.scores[i];
    this.scores[i] = this.scores[j];
    this.scores[j] = s;
    const o = this.order[i];
    this.order[i] = this.order[j];
    this.order[j] = o;
    const d = this.ids[i];
    this.ids[i] = this.ids[j];
    this.ids[j] = d;
  }

  push(id: string, score: number): void {
    const seq = this.seq++;
    if (this.k <= 0) return;
    if (this.n < this.k) {
      let i = this.n++;
      this.scores[i] = score;
      this.order[i] = seq;
      this.ids[i] = id;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (score <= this.scores[0]) return; // equal score: the earlier one stays
    this.scores[0] = score;
    this.order[0] = seq;
    this.ids[0] = id;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.n && this.worse(l, m)) m = l;
      if (r < this.n && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  /** Best first; equal scores in insertion order. */
  result(): Hit[] {
    const idx = Array.from({ length: this.n }, (_, i) => i);
    idx.sort((a, b) => this.scores[b] - this.scores[a] || this.order[a] - this.order[b]);
    return idx.map((i) => ({ id: this.ids[i], score: this.scores[i] }));
  }
}

/**
 * In-memory text index of the reference library (pure): BM25 over four fields — file name,
 * tags (the user's, accepted suggestions, and zero-shot tags above the calibrated threshold),
 * collections (folders) and notes — with Korean-aware terms (tokens.ts).
 *
 * Scoring: for each query word, the best of its variants (the word itself counts fully, a stem
 * 0.9, the head of a document's 사이시옷 compound 0.5: 바다 → 바닷가) and of its Korean ↔ English translations (lexicon.ts, TRANSLATION_WEIGHT) per field, BM25 (k1 1.2, b 0.75, idf over documents), weighted per field and summed. Then
 * Hangul syllable bigrams of the query with its spaces removed: a field that holds at least half
 * of them adds GRAM_WEIGHT × their mean BM25 — that is what finds partial words ("양이" →
 * "고양이") and other spacings ("비 오는 밤" ↔ "비오는밤"). Each hit says which fields matched.
 */
import { translations } from './lexicon';
import { compoundHeads, grams, nameWords, variants, words } from './tokens';

export type TextField = 'name' | 'tag' | 'collection' | 'note';
export const TEXT_FIELDS: readonly TextField[] = ['name', 'tag', 'collection', 'note'];
export const FIELD_WEIGHT: Record<TextField, number> = { name: 1, tag: 1, collection: 0.7, note: 0.5 };
const STEM_WEIGHT = 0.9;
/**
 * A query word found as the head of a document's 사이시옷 compound (바다 → 바닷가): half a match, so
 * it ranks below a document holding the word itself; heads are sometimes another word (시냇물 →
 * 시내 "downtown"). Not tuned on a validation set: the fusion set has no such compounds.
 */
const HEAD_WEIGHT = 0.5;
/** A word of the other language (lexicon.ts) counts this much: val ties at every weight tried from 0.1 to 1 (scripts/search/choose-fusion.mjs) and the lowest is kept: a translation counts a tenth of an own-language match, so it usually ranks below one (BM25's idf can still lift a rare translated word over a very common own-language one). */
export const TRANSLATION_WEIGHT = 0.1;
const GRAM_WEIGHT = 0.6;
/**
 * A Latin query word of ≥ 4 letters that no library word, stem or translation matches also matches
 * the library's words one edit away (`typoOf`: a letter missing, extra or swapped, changed only in
 * words of ≥ 5 letters; no library word under 4 letters; never a common English word) — "cofee" →
 * "coffee", a trial's typo that found nothing — at this weight, below an exact match. Not tuned on
 * a validation set (its queries have no typos); the fusion val numbers are unchanged with it.
 */
const TYPO_WEIGHT = 0.5;

/** Common English words: never read as a typo of a library word ("that" is not "hat"). */
const NOT_TYPOS = new Set(
  'that what this with from near have were they them then than there their when where which while your into over under some such very also just only more most much many make made will would could should about after before again other these those each here been being does done'.split(
    ' ',
  ),
);

/**
 * A library word `term` that query word `q` may be a typo of: one edit apart, both of ≥ 4 letters,
 * and a changed letter only in words of ≥ 5 ("bear" is not "beer"); never a common English word.
 */
export function typoOf(q: string, term: string): boolean {
  if (term.length < 4 || NOT_TYPOS.has(q) || !oneEdit(q, term)) return false;
  return q.length !== term.length || q.length >= 5 || [...q].sort().join('') === [...term].sort().join('');
}

/** True when `a` and `b` are one edit apart (Damerau: insert, delete, substitute, swap neighbours). */
export function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}
const K1 = 1.2;
const B = 0.75;
/** Longest query text matched (characters); longer queries are cut (the caller may say so). */
export const MAX_QUERY_CHARS = 256;

export interface TextDoc {
  id: string;
  name?: string;
  tags?: readonly string[];
  collections?: readonly string[];
  notes?: string;
}

export interface TextHit {
  id: string;
  score: number;
  /** Fields that matched, in TEXT_FIELDS order. */
  fields: TextField[];
}

interface Entry {
  /** Word count per field (BM25 length). */
  len: number[];
  terms: Map<string, number[]>;
}

function fieldValues(doc: TextDoc): [TextField, string[]][] {
  return [
    ['name', doc.name ? nameWords(doc.name) : []],
    ['tag', (doc.tags ?? []).flatMap((t) => words(t))],
    ['collection', (doc.collections ?? []).flatMap((c) => words(c))],
    ['note', doc.notes ? words(doc.notes) : []],
  ];
}

function fieldTexts(doc: TextDoc): string[][] {
  return [
    doc.name ? [doc.name.replace(/\.[a-z0-9]{1,5}$/i, '')] : [],
    [...(doc.tags ?? [])],
    [...(doc.collections ?? [])],
    doc.notes ? [doc.notes] : [],
  ];
}

export interface TextIndexOptions {
  /** Weight of Korean ↔ English translations of the query words; 0 turns them off. */
  translationWeight?: number;
  /** The translator (default lexicon.ts `translations`; the fusion script measures others). */
  translate?: (word: string) => string[];
}

export class TextIndex {
  private readonly translationWeight: number;
  private readonly translate: (word: string) => string[];

  constructor(opts: TextIndexOptions = {}) {
    this.translationWeight = opts.translationWeight ?? TRANSLATION_WEIGHT;
    this.translate = opts.translate ?? translations;
  }

  private readonly docs = new Map<string, Entry>();
  private readonly postings = new Map<string, Map<string, number[]>>();
  private readonly totalLen = [0, 0, 0, 0];

  get size(): number {
    return this.docs.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  upsert(doc: TextDoc): void {
    this.remove(doc.id);
    const terms = new Map<string, number[]>();
    const add = (term: string, f: number) => {
      let tf = terms.get(term);
      if (!tf) terms.set(term, (tf = [0, 0, 0, 0]));
      tf[f]++;
    };
    const len = [0, 0, 0, 0];
    fieldValues(doc).forEach(([, ws], f) => {
      len[f] = ws.length;
      for (const w of ws) {
        for (const v of variants(w)) add(`w:${v}`, f);
        for (const h of compoundHeads(w)) add(`h:${h}`, f);
      }
    });
    fieldTexts(doc).forEach((texts, f) => {
      for (const t of texts) for (const g of grams(t)) add(`g:${g}`, f);
    });
    this.docs.set(doc.id, { len, terms });
    for (let f = 0; f < 4; f++) this.totalLen[f] += len[f];
    for (const [term, tf] of terms) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Map()));
      p.set(doc.id, tf);
    }
  }

  remove(id: string): void {
    const e = this.docs.get(id);
    if (!e) return;
    this.docs.delete(id);
    for (let f = 0; f < 4; f++) this.totalLen[f] -= e.len[f];
    for (const term of e.terms.keys()) {
      const p = this.postings.get(term);
      p?.delete(id);
      if (p && p.size === 0) this.postings.delete(term);
    }
  }

  private idf(term: string): number {
    const n = this.postings.get(term)?.size ?? 0;
    const N = this.docs.size;
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /** BM25 of `term` in each field of each document holding it: id → per-field scores. */
  private bm25(term: string): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const p = this.postings.get(term);
    if (!p) return out;
    const idf = this.idf(term);
    const N = Math.max(1, this.docs.size);
    for (const [id, tf] of p) {
      const e = this.docs.get(id)!;
      const s = [0, 0, 0, 0];
      for (let f = 0; f < 4; f++) {
        if (!tf[f]) continue;
        const avg = Math.max(1, this.totalLen[f] / N);
        // Gram counts can exceed the word count; length normalisation stays word-based.
        s[f] = (idf * tf[f] * (K1 + 1)) / (tf[f] + K1 * (1 - B + (B * Math.max(1, e.len[f])) / avg));
      }
      out.set(id, s);
    }
    return out;
  }

  /** Documents matching `query`, best first; `accept` filters ids. Empty when the query has no words. */
  search(query: string, opts: { limit?: number; accept?: (id: string) => boolean } = {}): TextHit[] {
    const q = query.slice(0, MAX_QUERY_CHARS);
    const qwords = [...new Set(words(q))];
    const acc = new Map<string, number[]>();
    const bump = (id: string, f: number, v: number) => {
      if (opts.accept && !opts.accept(id)) return;
      let s = acc.get(id);
      if (!s) acc.set(id, (s = [0, 0, 0, 0]));
      s[f] += v;
    };
    for (const qw of qwords) {
      const best = new Map<string, number[]>();
      const alts = variants(qw).map((v): [string, number] => [v, v === qw ? 1 : STEM_WEIGHT]);
      if (this.translationWeight > 0) for (const t of this.translate(qw)) alts.push([t, this.translationWeight]);
      for (const v of variants(qw)) alts.push([`h:${v}`, HEAD_WEIGHT]);
      if (/^[a-z]{4,}$/u.test(qw) && !alts.some(([v]) => this.postings.has(v.startsWith('h:') ? v : `w:${v}`)))
        for (const term of this.postings.keys())
          if (term.startsWith('w:') && typoOf(qw, term.slice(2))) alts.push([term.slice(2), TYPO_WEIGHT]);
      for (const [v, weight] of alts) {
        for (const [id, s] of this.bm25(v.startsWith('h:') ? v : `w:${v}`)) {
          let b = best.get(id);
          if (!b) best.set(id, (b = [0, 0, 0, 0]));
          for (let f = 0; f < 4; f++) b[f] = Math.max(b[f], s[f] * weight);
        }
      }
      for (const [id, b] of best) for (let f = 0; f < 4; f++) if (b[f] > 0) bump(id, f, b[f]);
    }
    const qgrams = [...new Set(grams(q))];
    if (qgrams.length > 0) {
      const hits = new Map<string, { n: number[]; sum: number[] }>();
      for (const g of qgrams) {
        for (const [id, s] of this.bm25(`g:${g}`)) {
          let h = hits.get(id);
          if (!h) hits.set(id, (h = { n: [0, 0, 0, 0], sum: [0, 0, 0, 0] }));
          for (let f = 0; f < 4; f++) {
            if (s[f] > 0) {
              h.n[f]++;
              h.sum[f] += s[f];
            }
          }
        }
      }
      for (const [id, h] of hits)
        for (let f = 0; f < 4; f++)
          if (h.n[f] * 2 >= qgrams.length) bump(id, f, (GRAM_WEIGHT * h.sum[f]) / qgrams.length);
    }
    const out: TextHit[] = [];
    for (const [id, s] of acc) {
      let score = 0;
      const fields: TextField[] = [];
      TEXT_FIELDS.forEach((f, i) => {
        if (s[i] > 0) {
          score += s[i] * FIELD_WEIGHT[f];
          fields.push(f);
        }
      });
      if (score > 0) out.push({ id, score, fields });
    }
    out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return opts.limit ? out.slice(0, opts.limit) : out;
  }
}

/**
 * Seeded generator of webtoon-panel scene specs (small JSON) and their ko/en/ja captions.
 * The Python renderer (models/common/toonrender.py) draws a spec from the sprites; training
 * composes on the fly, the fixed eval sets are rendered once. Coordinates are fractions of the
 * (square) panel side. One spec = one panel; same (datasetSeed, split, index) → same spec.
 */
import {
  captions as makeCaptions, isMassLabel, isPluralLabel, STYLES,
  type Noun, type Place, type RelationType, type Time, type Treatment,
} from '../../src/core/captions';
import { hashString, r4, Rng, unitHashString } from './rng';

export interface SpriteMeta {
  id: number;
  hexcode: string;
  base: string;
  group: string;
  subgroup: string;
  kind: 'animal' | 'person' | 'thing';
  en: { label: string } | null;
  ko: { label: string } | null;
  ja: { label: string } | null;
  captionable: boolean;
  panel: boolean;
  heldout: boolean;
}

export type Split = 'train' | 'val' | 'test_comp' | 'test_emoji';
export const SPLITS: readonly Split[] = ['train', 'val', 'test_comp', 'test_emoji'];
export const SPEC_VERSION = 1;
/** Share of compositions (object set + place) reserved for test_comp, never generated in train/val. */
export const COMP_TEST_SHARE = 0.12;
const COMP_SALT = 'toonsmith-comp-v1';

export interface PanelObject {
  sprite: number;
  /** index into treatment.subjects, or -1 for the relation's anchor */
  subject: number;
  /** center x, center y, side of the sprite square, rotation (degrees), mirrored */
  x: number; y: number; s: number; rot: number; flip: boolean;
  /** speed lines behind the object: -1 left, 1 right, 0 none */
  motion: number;
}

export interface Bubble {
  box: [number, number, number, number];
  shape: 'ellipse' | 'round' | 'shout';
  tail: [number, number];
  lines: number;
}

export interface PanelSpec {
  v: number;
  id: string;
  split: Split;
  seed: number;
  comp: string;
  scene: { place: Place; time: Time };
  frame: { gutter: number; border: number };
  tone: { kind: 'none' | 'dots' | 'hatch'; area: 'background' | 'ground' | 'shadow'; period: number; density: number; angle: number };
  jitter: number;
  /** in drawing order (back to front) */
  objects: PanelObject[];
  bubbles: Bubble[];
  treatment: { subjects: { sprite: number; count: number }[]; relation: { type: RelationType; anchor: number } | null };
  /** [phrase, sentence, topic] per language; [0] is the treatment caption */
  captions: { en: string[]; ko: string[]; ja: string[] };
}

const STATIC: RelationType[] = ['under', 'above', 'next_to', 'in_front_of', 'behind'];
const GROUND: Record<Place, number> = { none: 0.86, room: 0.8, street: 0.84, park: 0.82, beach: 0.84, sky: 0.7 };
const ANCHOR_SUBGROUPS: Record<Place, string[]> = {
  none: ['plant-other', 'place-building', 'household', 'transport-ground', 'transport-water', 'transport-air', 'sky-weather', 'place-other'],
  room: ['household', 'plant-other', 'hotel', 'furniture'],
  street: ['place-building', 'transport-ground', 'plant-other'],
  park: ['plant-other', 'plant-flower', 'place-other', 'place-building'],
  beach: ['transport-water', 'plant-other', 'sky-weather'],
  sky: ['sky-weather', 'transport-air'],
};
const TOWARD_SUBGROUPS = ['place-building', 'transport-ground', 'transport-water', 'place-other', 'plant-other', 'household'];

export interface Pools {
  meta: SpriteMeta[];
  /** base hexcode → sprite ids (variants), for train-side and held-out sprites */
  trainBases: string[];
  heldBases: string[];
  variants: Map<string, number[]>;
  anchorsByPlace: Record<Place, string[]>;
  towardAnchors: string[];
}

export function noun(m: SpriteMeta): Noun {
  if (!m.en || !m.ko || !m.ja) throw new Error(`sprite ${m.hexcode} has no ko/en/ja label`);
  return { en: m.en.label, ko: m.ko.label, ja: m.ja.label, kind: m.kind };
}

export function countable(m: SpriteMeta): boolean {
  const en = m.en?.label ?? '';
  return !isPluralLabel(en) && !isMassLabel(en) && m.subgroup !== 'family' && m.subgroup !== 'time'
    && !/\b(and|kiss|couple)\b/.test(en);
}

/** Emoji that are whole scenes (a picture of a night sky, a city), not objects in one. */
const SCENE_LABEL = /\b(night with stars|cityscape|sunrise|sunset|foggy|milky way|bridge at night|hot springs|national park|desert island|desert|camping|beach with umbrella|stadium)\b/;

export function makePools(meta: SpriteMeta[]): Pools {
  const variants = new Map<string, number[]>();
  for (const m of meta) {
    if (!m.panel || SCENE_LABEL.test(m.en?.label ?? '')) continue;
    const list = variants.get(m.base) ?? [];
    list.push(m.id);
    variants.set(m.base, list);
  }
  const bases = [...variants.keys()];
  const baseMeta = (b: string): SpriteMeta => meta[variants.get(b)![0]!]!;
  const trainBases = bases.filter((b) => !baseMeta(b).heldout);
  const heldBases = bases.filter((b) => baseMeta(b).heldout);
  const anchorOk = (b: string): boolean => !isPluralLabel(baseMeta(b).en!.label) && !isMassLabel(baseMeta(b).en!.label);
  const anchorsByPlace = {} as Record<Place, string[]>;
  for (const place of Object.keys(ANCHOR_SUBGROUPS) as Place[]) {
    anchorsByPlace[place] = trainBases.filter((b) => ANCHOR_SUBGROUPS[place].includes(baseMeta(b).subgroup) && anchorOk(b));
  }
  const towardAnchors = trainBases.filter((b) => TOWARD_SUBGROUPS.includes(baseMeta(b).subgroup) && anchorOk(b));
  return { meta, trainBases, heldBases, variants, anchorsByPlace, towardAnchors };
}

/** Composition key: the set of objects (by base emoji) and the place. */
export function compKey(bases: string[], place: Place): string {
  return `${[...new Set(bases)].sort().join('+')}|${place}`;
}

export function isTestComposition(key: string): boolean {
  return unitHashString(`${COMP_SALT}:${key}`) < COMP_TEST_SHARE;
}

interface Instance { sprite: number; subject: number; s: number }

function layout(rng: Rng, place: Place, relation: RelationType | null, subj: Instance[], anchor: Instance | null,
  lo: number, hi: number): PanelObject[] {
  const ground = Math.min(GROUND[place], hi - 0.02);
  const W = hi - lo;
  const clampX = (x: number, s: number): number => Math.min(hi - s * 0.3, Math.max(lo + s * 0.3, x));
  const obj = (i: Instance, x: number, bottom: number): PanelObject => ({
    sprite: i.sprite, subject: i.subject, x: clampX(x, i.s), y: Math.min(hi - i.s * 0.3, bottom - i.s / 2),
    s: i.s, rot: rng.chance(0.5) ? 0 : rng.range(-7, 7), flip: rng.chance(0.25), motion: 0,
  });
  /** subjects in a row centered at cx, overlapping a little */
  const row = (cx: number, bottom: number): PanelObject[] => {
    const widths = subj.map((i) => i.s * rng.range(0.7, 0.95));
    const total = widths.reduce((a, b) => a + b, 0);
    let x = cx - total / 2;
    return subj.map((inst, k) => {
      const o = obj(inst, x + widths[k]! / 2, bottom + rng.range(-0.03, 0.03));
      x += widths[k]!;
      return o;
    });
  };
  const floating = place === 'sky';
  if (!anchor || !relation) {
    const cx = lo + W * rng.range(0.35, 0.65);
    return row(cx, floating ? rng.range(0.55, ground) : ground);
  }
  const side = rng.chance(0.5) ? -1 : 1;
  const ax = lo + W * (0.5 + side * rng.range(0.1, 0.22));
  const groupW = subj.reduce((a, i) => a + i.s * 0.85, 0);
  switch (relation) {
    case 'under': {
      const a = obj(anchor, ax, ground - subj[0]!.s * 0.75);
      return [a, ...row(ax, ground)];
    }
    case 'above': {
      const a = obj(anchor, ax, ground);
      return [a, ...row(ax, ground - anchor.s * 0.8)];
    }
    case 'next_to': {
      const a = obj(anchor, ax, ground);
      return [a, ...row(ax - side * (anchor.s / 2 + groupW / 2 + 0.02), ground)];
    }
    case 'in_front_of': {
      const a = obj(anchor, ax, ground - 0.04);
      return [a, ...row(ax + rng.range(-0.05, 0.05), ground + 0.03)];
    }
    case 'behind': {
      const a = obj(anchor, ax, ground);
      const back = row(ax + rng.range(-0.08, 0.08), ground - anchor.s * 0.3);
      return [...back, a];
    }
    default: {
      // looking_at / toward: subjects on the far side from the anchor
      const a = obj(anchor, lo + W * (0.5 + side * 0.3), ground);
      const objs = row(lo + W * (0.5 - side * 0.22), ground);
      if (relation === 'toward') for (const o of objs) o.motion = -side;
      for (const o of objs) o.flip = false;
      a.flip = false;
      return [a, ...objs];
    }
  }
}

function candidate(pools: Pools, split: Split, seed: number): PanelSpec & { bases: string[] } {
  const rng = new Rng(seed);
  const { meta, variants } = pools;
  const variantOf = (base: string): number => rng.pick(variants.get(base)!);
  const place = rng.weighted<Place>({ none: 0.2, room: 0.16, street: 0.16, park: 0.16, beach: 0.16, sky: 0.16 });
  const time = rng.weighted<Time>({ day: 0.6, evening: 0.15, night: 0.25 });
  const relKind = rng.weighted({ none: 0.3, static: 0.5, action: 0.2 });
  let relation: RelationType | null = null;
  let anchorBase: string | null = null;
  if (relKind === 'static' && pools.anchorsByPlace[place].length) {
    relation = rng.pick(place === 'sky' ? (['above', 'next_to', 'under', 'behind'] as RelationType[]) : STATIC);
    anchorBase = rng.pick(pools.anchorsByPlace[place]);
  } else if (relKind === 'action') {
    relation = rng.chance(0.5) ? 'looking_at' : 'toward';
    const here = pools.anchorsByPlace[place].filter((b) => pools.towardAnchors.includes(b));
    anchorBase = rng.pick(relation === 'toward' ? (here.length ? here : pools.towardAnchors) : pools.trainBases);
  }
  const budget = anchorBase ? 3 : 4;
  const want = Math.min(budget, Number(rng.weighted({ 1: 0.5, 2: 0.35, 3: 0.12, 4: 0.03 })));
  const chosen: string[] = [];
  while (chosen.length < want) {
    const pool = split === 'test_emoji' && chosen.length === 0 ? pools.heldBases : pools.trainBases;
    const b = rng.pick(pool);
    if (b !== anchorBase && !chosen.includes(b)) chosen.push(b);
  }
  const subjects = chosen.map((b) => ({ sprite: variantOf(b), count: 1 }));
  let used = subjects.length;
  for (const s of subjects) {
    if (used < budget && countable(meta[s.sprite]!) && rng.chance(0.3)) {
      s.count = rng.int(2, Math.min(4, budget - used + 1));
      used += s.count - 1;
    }
  }
  const anchor = anchorBase ? variantOf(anchorBase) : null;
  const frame = { gutter: r4(rng.range(0.02, 0.06)), border: r4(rng.range(0.006, 0.018)) };
  const lo = frame.gutter + frame.border + 0.01;
  const hi = 1 - lo;
  const perRow = subjects.reduce((a, s) => a + s.count, 0);
  const sSub = anchor ? rng.range(0.2, 0.3) * (perRow > 2 ? 0.8 : 1) : rng.range(0.28, 0.5) * (perRow > 1 ? 0.75 : 1) * (perRow > 2 ? 0.8 : 1);
  const insts: Instance[] = [];
  subjects.forEach((s, si) => {
    for (let c = 0; c < s.count; c++) insts.push({ sprite: s.sprite, subject: si, s: sSub * rng.range(0.85, 1.1) });
  });
  const anchorInst = anchor === null ? null : { sprite: anchor, subject: -1, s: rng.range(0.38, 0.56) };
  const objects = layout(rng, place, relation, insts, anchorInst, lo, hi).map((o) => ({
    ...o, x: r4(o.x), y: r4(o.y), s: r4(o.s), rot: r4(o.rot),
  }));
  const nb = Number(rng.weighted({ 0: 0.45, 1: 0.4, 2: 0.15 }));
  const bubbles: Bubble[] = [];
  for (let b = 0; b < nb; b++) {
    const w = rng.range(0.26, 0.44);
    const h = rng.range(0.13, 0.22);
    const x0 = b === 0 ? rng.range(lo, hi - w) : (bubbles[0]!.box[0] > 0.4 ? lo + rng.range(0, 0.05) : hi - w - rng.range(0, 0.05));
    const y0 = lo + rng.range(0, 0.12);
    const target = rng.pick(objects.filter((o) => o.subject >= 0));
    bubbles.push({
      box: [r4(x0), r4(y0), r4(x0 + w), r4(y0 + h)],
      shape: rng.weighted({ ellipse: 0.6, round: 0.3, shout: 0.1 }),
      tail: [r4(target.x), r4(Math.max(y0 + h + 0.04, target.y - target.s / 2))],
      lines: rng.int(1, 3),
    });
  }
  const toneKind = rng.weighted({ none: 0.4, dots: 0.35, hatch: 0.25 });
  const tone = {
    kind: toneKind,
    area: rng.weighted({ background: 0.5, ground: 0.25, shadow: 0.25 }),
    period: r4(rng.range(0.025, 0.05)),
    density: r4(rng.range(0.15, 0.45)),
    angle: rng.pick([45, 30, 60, 0, 90, 135]),
  };
  const t: Omit<Treatment, 'style'> = {
    subjects: subjects.map((s) => ({ noun: noun(meta[s.sprite]!), count: s.count })),
    relation: relation && anchor !== null ? { type: relation, anchor: noun(meta[anchor]!) } : undefined,
    place, time,
  };
  const caps = STYLES.map((style) => makeCaptions({ ...t, style }));
  const bases = [...chosen, ...(anchorBase ? [anchorBase] : [])];
  return {
    v: SPEC_VERSION, id: '', split, seed, comp: compKey(bases, place),
    scene: { place, time }, frame, tone, jitter: r4(rng.range(0, 0.006)), objects, bubbles,
    treatment: { subjects, relation: relation && anchor !== null ? { type: relation, anchor } : null },
    captions: { en: caps.map((c) => c.en), ko: caps.map((c) => c.ko), ja: caps.map((c) => c.ja) },
    bases,
  };
}

/** The spec for (datasetSeed, split, index): retries seeded candidates until the split's rule holds. */
export function generateSpec(pools: Pools, split: Split, index: number, datasetSeed = 1): PanelSpec {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const seed = hashString(`${datasetSeed}:${split}:${index}:${attempt}`);
    const c = candidate(pools, split, seed);
    const testComp = isTestComposition(c.comp);
    const ok = split === 'test_comp' ? testComp : split === 'test_emoji' ? true : !testComp;
    if (!ok) continue;
    const { bases: _bases, ...spec } = c;
    return { ...spec, id: `${split}-${String(index).padStart(6, '0')}` };
  }
  throw new Error(`specgen: no valid ${split} spec for index ${index}`);
}

export function generateSplit(pools: Pools, split: Split, count: number, datasetSeed = 1): PanelSpec[] {
  const out: PanelSpec[] = [];
  for (let i = 0; i < count; i++) out.push(generateSpec(pools, split, i, datasetSeed));
  return out;
}

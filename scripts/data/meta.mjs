// Sprite metadata: joins OpenMoji's list (what is drawn) with Emojibase labels and tags in
// en / ko / ja. Skin-tone variants take Emojibase's own per-language skin label (e.g.
// "흔드는 손: 하얀 피부") and inherit their base emoji's tags. OpenMoji extras with no
// Emojibase entry get OpenMoji's English annotation and ko/ja = null (not captionable).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const LANGS = ['en', 'ko', 'ja'];

/** Version tag of the held-out choice; changing it changes the test_emoji split. */
export const HELDOUT_SALT = 'toonsmith-heldout-v1';
/** Share of base emoji (with all their skin-tone variants) held out for test_emoji. */
export const HELDOUT_SHARE = 0.08;
/** Never held out: the emoji of the caption examples and of the app's demo / e2e fixtures
 * (cat, cat face, dog, dog face, deciduous tree, house), so models see them in training. */
export const ALWAYS_TRAIN = new Set(['1F408', '1F431', '1F415', '1F436', '1F333', '1F3E0']);

const norm = (h) => h.split('-').filter((x) => x !== 'FE0F').join('-');

const ANIMAL_SUBGROUPS = new Set([
  'animal-mammal', 'animal-bird', 'animal-amphibian', 'animal-reptile', 'animal-marine',
  'animal-bug', 'cat-face', 'monkey-face',
]);
const PERSON_SUBGROUPS = new Set([
  'person', 'person-gesture', 'person-role', 'person-fantasy', 'person-activity',
  'person-sport', 'person-resting', 'family',
]);
/** Groups whose emoji can stand in a scene as an object (flags, symbols, keycaps cannot). */
const PANEL_GROUPS = new Set([
  'smileys-emotion', 'people-body', 'animals-nature', 'food-drink', 'travel-places',
  'activities', 'objects',
]);

export function kindOf(subgroup) {
  if (ANIMAL_SUBGROUPS.has(subgroup)) return 'animal';
  if (PERSON_SUBGROUPS.has(subgroup)) return 'person';
  return 'thing';
}

/** Deterministic hash in [0,1) of a string (sha256, first 32 bits). */
export function unitHash(s) {
  return createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32;
}

function loadLang(lang) {
  const data = require(`emojibase-data/${lang}/data.json`);
  const map = new Map();
  for (const e of data) {
    map.set(norm(e.hexcode), { label: e.label, tags: e.tags ?? [] });
    for (const s of e.skins ?? []) map.set(norm(s.hexcode), { label: s.label, tags: e.tags ?? [] });
  }
  return map;
}

const splitTags = (s) => (s ? s.split(',').map((t) => t.trim()).filter(Boolean) : []);

/** Returns the sprite list in OpenMoji's order; index in this list = sprite id. */
export function buildSpriteMeta() {
  const openmoji = require('openmoji/data/openmoji.json');
  const langs = Object.fromEntries(LANGS.map((l) => [l, loadLang(l)]));
  return openmoji.map((e, id) => {
    const key = norm(e.hexcode);
    const names = {};
    for (const l of LANGS) {
      const hit = langs[l].get(key);
      names[l] = hit ? { label: hit.label, tags: hit.tags } : null;
    }
    let enSource = 'emojibase';
    if (!names.en) {
      enSource = 'openmoji';
      const tags = [...new Set([...splitTags(e.openmoji_tags), ...splitTags(e.tags)])];
      names.en = { label: e.annotation, tags };
    }
    const base = e.skintone_base_hexcode || e.hexcode;
    const captionable = Boolean(names.ko && names.en && enSource === 'emojibase');
    const group = e.group;
    return {
      id,
      hexcode: e.hexcode,
      emoji: e.emoji,
      group,
      subgroup: e.subgroups,
      base,
      skintone: e.skintone || '',
      kind: kindOf(e.subgroups),
      en: names.en,
      ko: names.ko,
      ja: names.ja,
      enSource,
      captionable,
      panel: captionable && PANEL_GROUPS.has(group),
      heldout: !ALWAYS_TRAIN.has(base) && unitHash(`${HELDOUT_SALT}:${base}`) < HELDOUT_SHARE,
    };
  });
}

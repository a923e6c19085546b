/** English noun forms for emoji labels: a/an, plurals of the head noun, number words. */

/** Labels that are already plural (no article, plural verb). */
const PLURAL_HEADS = new Set(['people', 'men', 'women', 'children', 'mice', 'feet', 'teeth', 'geese', 'clothes']);
/** Head words ending in -s that are singular. */
const SINGULAR_S = new Set([
  'rhinoceros',
  'kiss',
  'tennis',
  'dress',
  'compass',
  'princess',
  'glass',
  'bus',
  'minibus',
  'trolleybus',
  'octopus',
  'lotus',
  'hibiscus',
  'cactus',
  'abacus',
  'walrus',
  'platypus',
  'hippopotamus',
  'bonus',
  'lens',
  'gas',
  'mantis',
]);
/** Mass nouns: "some bread", never counted. */
export const MASS_NOUNS = new Set([
  'bread',
  'popcorn',
  'spaghetti',
  'butter',
  'salt',
  'bacon',
  'sushi',
  'oden',
  'cooked rice',
  'rice',
  'ice',
  'cheese',
  'honey',
  'tea',
  'fondue',
  'curry rice',
  'shaved ice',
  'soft ice cream',
  'ice cream',
  'green salad',
  'falafel',
  'milk',
  'coffee',
  'hot beverage',
  'water',
  'snow',
  'fog',
  'paella',
  'stew',
  'sake',
  'wine',
  'yarn',
  'thread',
  'money',
  'soap',
  'lipstick',
]);
/** Names that take no article ("Santa Claus under a tree"). */
const NO_ARTICLE = new Set([
  'santa claus',
  'mrs. claus',
  'mx claus',
  'mount fuji',
  'tokyo tower',
  'statue of liberty',
  'moai',
  'mother christmas',
]);

const IRREGULAR: Record<string, string> = {
  man: 'men',
  woman: 'women',
  person: 'people',
  child: 'children',
  mouse: 'mice',
  foot: 'feet',
  tooth: 'teeth',
  goose: 'geese',
  fish: 'fish',
  sheep: 'sheep',
  deer: 'deer',
  bison: 'bison',
  moose: 'moose',
  shrimp: 'shrimp',
  squid: 'squid',
  ox: 'oxen',
  louse: 'lice',
  leaf: 'leaves',
  knife: 'knives',
  wolf: 'wolves',
  elf: 'elves',
  shelf: 'shelves',
  loaf: 'loaves',
  cactus: 'cacti',
  tomato: 'tomatoes',
  potato: 'potatoes',
  volcano: 'volcanoes',
  hero: 'heroes',
  mango: 'mangoes',
  superhero: 'superheroes',
  sheaf: 'sheaves',
  supervillain: 'supervillains',
  octopus: 'octopuses',
  dice: 'dice',
  bus: 'buses',
  't-rex': 'T-Rexes',
  sauropod: 'sauropods',
  zombie: 'zombies',
  genie: 'genies',
};
const PREPOSITIONS = new Set([
  'with',
  'in',
  'on',
  'of',
  'over',
  'under',
  'and',
  'from',
  'at',
  'for',
  'without',
  'showing',
  'holding',
  'blowing',
  'wearing',
]);
/** Acronym letters read with a leading vowel sound (an ATM, an OK hand, an SOS button). */
const VOWEL_SOUND_LETTERS = new Set([...'AEFHILMNORSX']);
const AN_PREFIXES = ['hour', 'honest', 'honor', 'heir'];
const A_PREFIXES = ['uni', 'use', 'usu', 'one', 'once', 'ufo', 'ukul', 'ura', 'eu', 'ewe', 'uti'];

/** Splits "waving hand: light skin tone" into "waving hand" and " (light skin tone)". */
export function splitLabel(label: string): { core: string; tail: string } {
  const i = label.indexOf(':');
  if (i < 0) return { core: label.trim(), tail: '' };
  return { core: label.slice(0, i).trim(), tail: ` (${label.slice(i + 1).trim()})` };
}

/** -ing words that are nouns, not participles ("office building", "love letter"). */
const ING_NOUNS = new Set([
  'building',
  'clothing',
  'painting',
  'dumpling',
  'pudding',
  'wedding',
  'stocking',
  'evening',
  'string',
  'spring',
  'swing',
  'sling',
  'icing',
  'lightning',
  'ceiling',
  'ring',
  'wing',
  'king',
  'earring',
  'offering',
  'sapling',
  'seedling',
  'duckling',
  'herring',
  'dueling',
]);

function headIndex(words: string[]): number {
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (PREPOSITIONS.has(w) || (w.endsWith('ing') && w.length > 4 && !ING_NOUNS.has(w))) return i - 1;
  }
  return words.length - 1;
}

export function isPluralLabel(label: string): boolean {
  const { core } = splitLabel(label);
  const words = core.split(/\s+/);
  const head = words[headIndex(words)]!.toLowerCase().replace(/[’']s$/, '');
  if (PLURAL_HEADS.has(head) || words[0]!.toLowerCase() === 'two') return true;
  if (SINGULAR_S.has(head) || MASS_NOUNS.has(core.toLowerCase())) return false;
  return /[^su]s$/.test(head) || /ies$/.test(head);
}

export function isMassLabel(label: string): boolean {
  return MASS_NOUNS.has(splitLabel(label).core.toLowerCase());
}

export function pluralWord(word: string): string {
  const lower = word.toLowerCase();
  const irr = IRREGULAR[lower];
  if (irr) return irr;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${word}es`;
  if (/[^aeiou]y$/.test(lower)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** Plural of a whole label: the head noun (and a leading man/woman: "women singers"). */
export function pluralLabel(label: string): string {
  const { core, tail } = splitLabel(label);
  if (isPluralLabel(label) || isMassLabel(label)) return core + tail;
  const words = core.split(/\s+/);
  const h = headIndex(words);
  words[h] = pluralWord(words[h]!);
  if (h > 0 && (words[0] === 'man' || words[0] === 'woman')) words[0] = IRREGULAR[words[0]]!;
  return words.join(' ') + tail;
}

/** "a" or "an" for the phrase that follows. */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const first = phrase.trim().split(/[\s-]/)[0] ?? '';
  if (/^[A-Z]{2,}$/.test(first)) return VOWEL_SOUND_LETTERS.has(first[0]!) ? 'an' : 'a';
  const w = first.toLowerCase();
  if (AN_PREFIXES.some((p) => w.startsWith(p))) return 'an';
  if (A_PREFIXES.some((p) => w.startsWith(p))) return 'a';
  if (/^[8]/.test(w) || /^(11|18)(\D|$)/.test(w)) return 'an';
  return /^[aeiou]/.test(w) ? 'an' : 'a';
}

export const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five'];

/** Noun phrase with article or number: "a cat", "an owl", "two cats", "some bread",
 * "sparkles", "the cat" / "the two cats" when definite. */
export function englishNounPhrase(label: string, count: number, definite = false): string {
  const { core, tail } = splitLabel(label);
  const text = core + tail;
  const lower = core.toLowerCase();
  if (NO_ARTICLE.has(lower)) return count > 1 ? `${NUMBER_WORDS[count]} ${pluralLabel(label)}` : text;
  if (count > 1) return `${definite ? 'the ' : ''}${NUMBER_WORDS[count]} ${pluralLabel(label)}`;
  if (definite) return `the ${text}`;
  if (isMassLabel(label)) return `some ${text}`;
  if (isPluralLabel(label)) return text;
  return `${indefiniteArticle(text)} ${text}`;
}

/** True when the phrase takes a plural verb. */
export function englishIsPlural(label: string, count: number): boolean {
  return count > 1 || isPluralLabel(label);
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** "a, b, and c" (serial comma for three or more). */
export function englishList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

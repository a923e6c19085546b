import { describe, it, expect } from 'vitest';
import { oneEdit, TextIndex } from '../../src/core/search/text-index';
import { compoundHeads, enStem, koStems, nameWords, variants, words, grams } from '../../src/core/search/tokens';

function lib(): TextIndex {
  const ix = new TextIndex();
  ix.upsert({ id: 'cat', name: '고양이_낮잠01.png', tags: [] });
  ix.upsert({ id: 'woman', name: 'smilingWoman-03.jpg', tags: ['웃는 여자'] });
  ix.upsert({ id: 'night', name: 'IMG_2041.png', tags: [], collections: ['비오는밤'] });
  ix.upsert({ id: 'coffee', name: 'cup.png', tags: ['커피', 'coffee cups'], notes: '카페 장면 참고용' });
  ix.upsert({ id: 'dog', name: 'puppies_running.webp', collections: ['animals'] });
  ix.upsert({ id: 'house', name: 'house.png', tags: ['집'] });
  return ix;
}
const top = (ix: TextIndex, q: string) => ix.search(q).map((h) => h.id);

describe('tokens', () => {
  it('splits file names at camelCase, snake_case, digits, hyphens and script changes', () => {
    expect(nameWords('smilingWoman-03.jpg')).toEqual(['smiling', 'woman', '03']);
    expect(nameWords('고양이_낮잠01.png')).toEqual(['고양이', '낮잠', '01']);
    expect(nameWords('cat고양이HTTPServer2.png')).toEqual(['cat', '고양이', 'http', 'server', '2']);
    expect(words('cute-cat.v2')).toEqual(['cute', 'cat', 'v', '2']);
    expect(words('😀🐱')).toEqual([]);
  });
  it('strips josa and verb endings', () => {
    expect(koStems('고양이가')).toEqual(['고양이']);
    expect(koStems('고양이를')).toEqual(['고양이']);
    expect(koStems('고양이는')).toEqual(['고양이']);
    expect(koStems('밤에서')).toEqual(['밤']);
    expect(koStems('노래하는')).toEqual(['노래']);
    expect(koStems('웃는')).toEqual(['웃']);
    expect(koStems('큰')).toEqual(['크']);
    expect(koStems('예쁜')).toEqual(['예쁘']);
    expect(koStems('친구랑')).toEqual(['친구']);
  });
  it('stems English lightly', () => {
    expect(enStem('cats')).toBe('cat');
    expect(enStem('boxes')).toBe('box');
    expect(enStem('puppies')).toBe('puppy');
    expect(enStem('running')).toBe('run');
    expect(enStem('grass')).toBeNull();
    expect(variants('smiled')).toContain('smile');
    expect(variants('smiling')).toContain('smile');
  });
  it('makes Hangul bigrams over text without spaces', () => {
    expect(grams('비 오는 밤')).toEqual(['비오', '오는', '는밤']);
    expect(grams('비오는밤')).toEqual(['비오', '오는', '는밤']);
  });
});

describe('TextIndex', () => {
  it('finds a one-letter typo of an English word that matches nothing, below an exact match', () => {
    const ix = lib();
    ix.upsert({ id: 'coffee-cup', name: 'coffee-cup.png' });
    expect(top(ix, 'cofee').slice(0, 2).sort()).toEqual(['coffee', 'coffee-cup']);
    expect(top(ix, 'hosue')[0]).toBe('house'); // two letters swapped
    const typo = ix.search('cofee').find((h) => h.id === 'coffee-cup')!.score;
    expect(typo).toBeLessThan(ix.search('coffee').find((h) => h.id === 'coffee-cup')!.score);
    // not a typo: short or common words, a changed letter in a 4-letter word
    const near = new TextIndex();
    for (const id of ['hat', 'beer', 'cot', 'frog']) near.upsert({ id, name: `${id}.png` });
    for (const q of ['that', 'what', 'bear', 'cat', 'from']) expect(top(near, q), q).toEqual([]);
    expect([
      oneEdit('cofee', 'coffee'),
      oneEdit('hosue', 'house'),
      oneEdit('house', 'mouse'),
      oneEdit('cat', 'cat'),
    ]).toEqual([true, true, true, false]);
    expect(oneEdit('coffee', 'toffees')).toBe(false);
  });
  it('finds a Korean plural (들) and its English translation', () => {
    const ix = new TextIndex();
    ix.upsert({ id: 'zoo', name: 'a.png', collections: ['동물들'] });
    ix.upsert({ id: 'cup', name: 'coffee-cup.png' });
    expect(top(ix, '동물')[0]).toBe('zoo');
    expect(top(ix, 'animals')[0]).toBe('zoo');
    expect(top(ix, '동물들이')[0]).toBe('zoo');
    const kin = new TextIndex();
    kin.upsert({ id: 'child', name: 'a.png', tags: ['아이'] });
    expect(top(kin, '아들')).toEqual([]); // 아들 (son) is not 아 + 들
  });
  it('finds a word behind any particle', () => {
    const ix = lib();
    for (const q of ['고양이', '고양이가', '고양이를', '고양이는', '고양이의', '고양이처럼'])
      expect(top(ix, q)[0], q).toBe('cat');
  });
  it('finds verb forms: 웃는 여자 / 웃고 있는 여자를', () => {
    const ix = lib();
    expect(top(ix, '웃는 여자')[0]).toBe('woman');
    expect(top(ix, '여자를')[0]).toBe('woman');
    // the tag in Korean, and the English name smilingWoman through the lexicon (웃는 → smil, 여자 → woman)
    expect(ix.search('웃는 여자')[0].fields).toEqual(['name', 'tag']);
  });
  it('matches other spacings both ways', () => {
    const ix = lib();
    expect(top(ix, '비 오는 밤')[0]).toBe('night');
    expect(ix.search('비 오는 밤')[0].fields).toEqual(['collection']);
    const ix2 = new TextIndex();
    ix2.upsert({ id: 'a', name: 'a.png', tags: ['비 오는 밤'] });
    ix2.upsert({ id: 'b', name: 'b.png', tags: ['맑은 낮'] });
    expect(top(ix2, '비오는밤')).toEqual(['a']);
  });
  it('finds partial words by syllable bigrams', () => {
    const ix = lib();
    expect(top(ix, '양이')).toEqual(['cat']);
    expect(top(ix, '낮잠')).toEqual(['cat']);
    expect(top(ix, '카페')).toEqual(['coffee']);
    expect(ix.search('카페')[0].fields).toEqual(['note']);
  });
  it('finds the head of a 사이시옷 compound: 바다 finds 바닷가, 나무 finds 나뭇잎', () => {
    expect(compoundHeads('바닷가')).toEqual(['바다']);
    expect(compoundHeads('나뭇잎')).toEqual(['나무']);
    expect(compoundHeads('햇빛')).toEqual([]); // a one-syllable head (해) is not added
    expect(variants('바닷가')).not.toContain('바다'); // documents only: a query 바닷가 is not 바다
    const ix = new TextIndex();
    ix.upsert({ id: 'beach', name: '바닷가 beach.png', tags: [] });
    ix.upsert({ id: 'leaf', name: 'a.png', tags: ['나뭇잎'] });
    ix.upsert({ id: 'city', name: '도시 city.png', tags: [] });
    expect(top(ix, '바다')).toEqual(['beach']);
    expect(top(ix, '나무')).toEqual(['leaf']);
    // half a match: a picture named by the word itself ranks first
    ix.upsert({ id: 'sea', name: '바다 sea.png', tags: [] });
    expect(top(ix, '바다')).toEqual(['sea', 'beach']);
    expect(top(ix, '바닷가')).toEqual(['beach']);
  });
  it('matches English stems across forms', () => {
    const ix = lib();
    expect(top(ix, 'smiling women')[0]).toBe('woman');
    expect(top(ix, 'a smiled woman')[0]).toBe('woman');
    expect(top(ix, 'puppy run')[0]).toBe('dog');
    expect(top(ix, 'coffee cup')[0]).toBe('coffee');
    expect(ix.search('coffee cup')[0].fields).toEqual(['name', 'tag']);
    expect(top(ix, 'animal')).toEqual(['dog']);
  });
  it('searches both languages of a reference tagged in both', () => {
    const ix = lib();
    expect(top(ix, '커피')).toEqual(['coffee']);
    expect(top(ix, 'coffee')).toEqual(['coffee']);
  });
  it('mixed-script and right-to-left queries match word by word; emoji-only and empty match nothing', () => {
    const ix = lib();
    expect(top(ix, 'house 집')[0]).toBe('house');
    expect(top(ix, 'שלום עולם')).toEqual([]);
    expect(top(ix, 'مرحبا house')).toEqual(['house']);
    expect(top(ix, '🐱🐶')).toEqual([]);
    expect(top(ix, '   ')).toEqual([]);
  });
  it('reads only the first 256 characters of a 10,000-character query', () => {
    const ix = lib();
    const long = 'house '.repeat(2000);
    expect(long.length).toBe(12_000);
    expect(top(ix, long)).toEqual(['house']);
    expect(top(ix, 'x'.repeat(300) + ' house')).toEqual([]);
  });
  it('ranks a rarer, more specific match higher (BM25)', () => {
    const ix = new TextIndex();
    ix.upsert({ id: 'a', name: 'cat cat.png' });
    ix.upsert({ id: 'b', name: 'cat on a long sunny windowsill in the afternoon.png' });
    ix.upsert({ id: 'c', name: 'dog.png' });
    expect(top(ix, 'cat')).toEqual(['a', 'b']);
  });
  it('updates and removes documents', () => {
    const ix = lib();
    ix.upsert({ id: 'house', name: 'house.png', tags: ['고양이'] });
    expect(top(ix, '고양이').sort()).toEqual(['cat', 'house']);
    ix.remove('cat');
    expect(top(ix, '고양이')).toEqual(['house']);
    expect(ix.size).toBe(5);
    // the tag 집 is gone; the name house.png still answers 집 through the lexicon
    expect(ix.search('집').map((h) => [h.id, h.fields])).toEqual([['house', ['name']]]);
  });
  it('filters with accept', () => {
    const ix = lib();
    expect(ix.search('고양이', { accept: (id) => id !== 'cat' })).toEqual([]);
  });
});

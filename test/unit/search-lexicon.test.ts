import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import { lexiconSize, pairsOf, translations } from '../../src/core/search/lexicon';
import { LEXICON_PAIRS } from '../../src/core/search/lexicon-data';
import { TextIndex } from '../../src/core/search/text-index';

describe('Korean ↔ English lexicon', () => {
  it('translates both ways, through particles and English stems', () => {
    expect(translations('고양이')).toContain('cat');
    expect(translations('고양이가')).toContain('cat'); // the particle comes off first
    expect(translations('cats')).toContain('고양이');
    expect(translations('rain')).toContain('비');
    expect(translations('밤')).toContain('night');
    expect(translations('woman')).toContain('여자');
    expect(translations('커피')).toContain('coffee');
    // English results are stems; the index holds each word's stem too ("smile" also as "smil")
    expect(translations('웃는')).toContain('smil');
    // no made-up words: hat is not "hate", car is not "care"
    expect(translations('모자')).not.toContain('hate');
    expect(translations('자동차')).not.toContain('care');
    expect(translations('zzqx')).toEqual([]);
    expect(lexiconSize()).toBeGreaterThan(500);
  });
  it('holds no pair a reviewer rejected (scripts/search/lexicon-rejected.tsv)', () => {
    const rejected = fs
      .readFileSync(new URL('../../scripts/search/lexicon-rejected.tsv', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.includes('\t') && !l.startsWith('#'));
    expect(rejected.length).toBeGreaterThan(100);
    const shipped = new Set(pairsOf(LEXICON_PAIRS));
    expect(shipped.size).toBe(lexiconSize());
    expect(rejected.filter((l) => shipped.has(l))).toEqual([]);
    expect(translations('siren')).not.toContain('인어');
  });
});

describe('TextIndex across languages', () => {
  function lib(weight?: number): TextIndex {
    const ix = new TextIndex(weight === undefined ? {} : { translationWeight: weight });
    ix.upsert({ id: 'cat', name: 'smilingCat-2.png' });
    ix.upsert({ id: 'rain', name: '비_스케치41.png' });
    ix.upsert({ id: 'dog', name: 'IMG_1001.png', tags: ['강아지'] });
    ix.upsert({ id: 'house', name: 'house.png', tags: ['집'] });
    ix.upsert({ id: 'other', name: 'IMG_2000.png', tags: ['tree'] });
    return ix;
  }
  it('a Korean query finds an English name, an English query a Korean name and tag', () => {
    const ix = lib();
    expect(ix.search('고양이가')[0]?.id).toBe('cat');
    expect(ix.search('rain at night')[0]?.id).toBe('rain');
    expect(ix.search('dogs')[0]?.id).toBe('dog');
    expect(ix.search('cat')[0]?.fields).toEqual(['name']);
  });
  it('the word itself outranks its translation', () => {
    const ix = lib();
    ix.upsert({ id: 'cat-ko', name: '고양이.png' });
    expect(
      ix
        .search('고양이')
        .map((h) => h.id)
        .slice(0, 2),
    ).toEqual(['cat-ko', 'cat']);
  });
  it('weight 0 turns translations off', () => {
    const ix = lib(0);
    expect(ix.search('고양이가')).toEqual([]);
    expect(ix.search('cat')[0]?.id).toBe('cat');
  });
});

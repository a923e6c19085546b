import { describe, expect, it } from 'vitest';
import { queryTerms, sharedPlaceWords } from '../../src/core/search/place-words';

const shared = (query: string, name: string, tags: string[] = []) => sharedPlaceWords(queryTerms(query), name, tags);

describe('place words shared by a storyboard place and a reference', () => {
  it('one-syllable Korean places match with their particle (the old rule dropped them)', () => {
    expect(shared('집에서', '집 house.png')).toBe(1);
    expect(shared('산에서 얼굴에 눈물이 흐른다.', '산 mountain.png')).toBe(1);
    expect(shared('숲 앞에서', '숲 forest.png')).toBe(1);
    expect(shared('숲속에서 길을 잃었다', '숲 forest.png')).toBe(1);
    expect(shared('산속에', '산 mountain.png')).toBe(1);
    expect(shared('비가 온다', '비 rain.png')).toBe(1);
  });

  it('a one-syllable name does not match a longer word that merely starts with it', () => {
    expect(shared('산책하는 길', '산 mountain.png')).toBe(0);
    expect(shared('집중해서 본다', '집 house.png')).toBe(0);
    expect(shared('빗속에서', '비 rain.png')).toBe(0);
    // verb endings and one-character stems (review: 사는 → 사, 산다 → 산)
    expect(shared('시골에 사는 소년', '산 mountain.png')).toBe(0);
    expect(shared('여기서 산다', '산 mountain.png')).toBe(0);
    expect(shared('누가 왔다', '눈 snow.png')).toBe(0);
    expect(shared('친구와 노는 아이', '노을 sunset.png')).toBe(0);
  });

  it('longer Korean names match through particles, stacked ones too', () => {
    expect(shared('바닷가에서 멀리 하늘을 바라본다.', '바닷가 beach.png')).toBe(1);
    expect(shared('바닷가에서는', '바닷가 beach.png')).toBe(1);
    expect(shared('학교 앞에서', '학교 school.png')).toBe(1);
    expect(shared('밤거리에서', '카페 cafe.png')).toBe(0);
  });

  it('English words meet their stems; one-letter words and unrelated names do not count', () => {
    expect(shared('at the beaches', 'beach.png')).toBe(1);
    expect(shared('at the train station', '기차역 train_station.png')).toBe(2);
    expect(shared('a park', 'a.png')).toBe(0);
    expect(shared('at the park', 'house.png')).toBe(0);
  });

  it('an English-only name answers a Korean place and back, through the lexicon; a name in both languages counts once', () => {
    expect(shared('집에서', 'house.png')).toBe(1);
    expect(shared('바닷가 해변에서', 'beach_sketch.png')).toBe(1);
    expect(shared('in the forest', '숲.png')).toBe(1);
    expect(shared('at the school', '학교_배경.png')).toBe(1);
    expect(shared('바닷가에서', '바닷가 beach.png')).toBe(1);
    expect(shared('학교 앞에서', '학교 school.png')).toBe(1);
    expect(shared('산책하는 길', 'mountain.png')).toBe(0);
  });

  it('tags count like name words', () => {
    expect(shared('숲에서', 'IMG_0412.png', ['숲', 'tree'])).toBe(1);
    expect(shared('in the forest', 'IMG_0412.png', ['forest'])).toBe(1);
  });
});

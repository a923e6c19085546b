import { describe, expect, it } from 'vitest';
import {
  draftPanels,
  isOptionalLook,
  lookFor,
  lookUses,
  matchCharacters,
  panelSeed,
  planStory,
  splitSentences,
  splitStory,
  TAKE_STRIDE,
  treatmentProblem,
} from '../../src/core/story';

describe('splitStory', () => {
  it('splits English sentences', () => {
    expect(splitStory('Mina opens the door. A cat jumps in!  Is it raining?')).toEqual([
      'Mina opens the door.',
      'A cat jumps in!',
      'Is it raining?',
    ]);
  });
  it('splits Korean sentences, keeping closing quotes and ellipses', () => {
    expect(splitStory('민수가 공원에 간다. "고양이다!" 그는 웃었다… 밤이 된다')).toEqual([
      '민수가 공원에 간다.',
      '"고양이다!"',
      '그는 웃었다…',
      '밤이 된다',
    ]);
  });
  it('keeps decimals and full-width punctuation', () => {
    expect(splitSentences('It costs 3.5 won. 終わり。次！')).toEqual(['It costs 3.5 won.', '終わり。次！']);
  });
  it('uses paragraphs (blank lines) when there are several', () => {
    const story = 'Mina wakes up. She yawns.\n\n  \nThe cat is hungry.\r\n\r\nThey go out.\nIt is sunny.';
    expect(splitStory(story)).toEqual(['Mina wakes up. She yawns.', 'The cat is hungry.', 'They go out. It is sunny.']);
  });
  it('single newlines inside one paragraph fall back to sentences', () => {
    expect(splitStory('One.\nTwo.\nThree.')).toEqual(['One.', 'Two.', 'Three.']);
  });
  it('empty and whitespace-only stories give no panels', () => {
    expect(splitStory('')).toEqual([]);
    expect(splitStory(' \n\n \t ')).toEqual([]);
  });
});

describe('matchCharacters', () => {
  const mina = { name: 'Mina' };
  const min = { name: 'Min' };
  const minsu = { name: '민수' };
  const su = { name: '수' };
  it('matches Korean names with attached particles', () => {
    expect(matchCharacters('민수가 공원에 간다', [minsu])).toEqual([minsu]);
    expect(matchCharacters('공원에서 민수는 웃었다', [minsu])).toEqual([minsu]);
    expect(matchCharacters('김민수 씨', [minsu])).toEqual([]); // inside a longer word
  });
  it('matches Latin names on word boundaries, ignoring case', () => {
    expect(matchCharacters('MINA laughs.', [mina])).toEqual([mina]);
    expect(matchCharacters('Minas tirith', [mina])).toEqual([]);
    expect(matchCharacters("Mina's cat", [mina])).toEqual([mina]);
  });
  it('prefers the longer overlapping name and orders by first appearance', () => {
    expect(matchCharacters('Mina meets Min.', [min, mina])).toEqual([mina, min]);
    expect(matchCharacters('Mina alone.', [min, mina])).toEqual([mina]);
    expect(matchCharacters('수와 민수가 만났다', [su, minsu])).toEqual([su, minsu]);
    expect(matchCharacters('민수가 왔다', [su, minsu])).toEqual([minsu]);
  });
  it('ignores empty names and reports each character once', () => {
    expect(matchCharacters('Mina and Mina', [{ name: ' ' }, mina])).toEqual([mina]);
  });
});

describe('seeds', () => {
  it('panel i uses base + i; takes move by a fixed stride; wraps to uint32', () => {
    expect([0, 1, 2].map((i) => panelSeed(100, i))).toEqual([100, 101, 102]);
    expect(panelSeed(100, 1, 2)).toBe(101 + 2 * TAKE_STRIDE);
    expect(panelSeed(2 ** 32 - 1, 1)).toBe(0);
    expect(() => panelSeed(1, -1)).toThrow(RangeError);
    expect(() => panelSeed(1.5, 0)).toThrow(RangeError);
  });
  it('planStory assigns texts, seeds and characters', () => {
    const chars = [
      { name: 'Mina', id: 'a' },
      { name: '민수', id: 'b' },
    ];
    const plan = planStory('A quiet morning. Mina waves at 민수. 민수가 웃는다.', chars, 7);
    expect(plan.map((p) => [p.text, p.seed, p.characters.map((c) => c.id)])).toEqual([
      ['A quiet morning.', 7, []],
      ['Mina waves at 민수.', 8, ['a', 'b']],
      ['민수가 웃는다.', 9, ['b']],
    ]);
    // Reproducible: the same story and base give the same plan.
    expect(planStory('A quiet morning. Mina waves at 민수. 민수가 웃는다.', chars, 7)).toEqual(plan);
  });
});

describe('draftPanels', () => {
  it('records the lead character (init image) and carries its palette name', () => {
    const chars = [{ name: 'Mina', paletteName: 'Mina colors' }, { name: '민수' }];
    const d = draftPanels(planStory('민수 sees Mina.\n\nMina smiles.\n\nRain.', chars, 0));
    expect(d).toEqual([
      { text: '민수 sees Mina.', seed: 0, take: 0, characters: ['민수', 'Mina'], init: '민수' },
      { text: 'Mina smiles.', seed: 1, take: 0, characters: ['Mina'], init: 'Mina', palette: 'Mina colors' },
      { text: 'Rain.', seed: 2, take: 0, characters: [] },
    ]);
  });
});

describe('treatmentProblem', () => {
  it('flags empty and over-long treatments', () => {
    expect(treatmentProblem('  \n')).toBe('empty');
    expect(treatmentProblem('x'.repeat(10_000))).toBe('too-long');
    expect(treatmentProblem('고양이')).toBeNull();
  });
});

describe('character look (lookFor, lookUses)', () => {
  it('uses what was asked when the model has an image prompt, else only the start', () => {
    expect(lookFor('prompt', true)).toBe('prompt');
    expect(lookFor('both', true)).toBe('both');
    expect(lookFor(undefined, true)).toBe('start'); // drafts from before image prompts
    expect(lookFor('prompt', false)).toBe('start');
    expect(lookFor('both', false)).toBe('start');
  });
  it('accepts only the three looks (or none) as stored values', () => {
    for (const v of ['prompt', 'both', 'start', undefined]) expect(isOptionalLook(v)).toBe(true);
    for (const v of ['Prompt', '', null, 1]) expect(isOptionalLook(v)).toBe(false);
  });
  it('maps each look to the image uses', () => {
    expect(lookUses('prompt')).toEqual({ imagePrompt: true, start: false });
    expect(lookUses('both')).toEqual({ imagePrompt: true, start: true });
    expect(lookUses('start')).toEqual({ imagePrompt: false, start: true });
  });
});

// What stored vectors are filed under (workers/clip/vectors-id.ts): a shipped model's revision makes
// references embedded by an earlier shipped vision tower stale (re-embedded on open); imported
// models and a shipped config without a revision keep their plain id.
import { describe, expect, it } from 'vitest';
import { vectorsIdOf } from '../../workers/clip/vectors-id';

describe('vectorsIdOf', () => {
  it('adds the shipped revision', () => {
    expect(vectorsIdOf({ kind: 'shipped', id: 'clip/toon-clip' }, 'v6')).toBe('clip/toon-clip@v6');
  });
  it('keeps the plain id without a revision, or for an imported model', () => {
    expect(vectorsIdOf({ kind: 'shipped', id: 'clip/toon-clip' })).toBe('clip/toon-clip');
    expect(vectorsIdOf({ kind: 'shipped', id: 'clip/toon-clip' }, '')).toBe('clip/toon-clip');
    expect(vectorsIdOf({ kind: 'shipped', id: 'clip/toon-clip' }, 6)).toBe('clip/toon-clip');
    expect(vectorsIdOf({ kind: 'imported', id: 'm1' }, 'v6')).toBe('m1');
  });
});

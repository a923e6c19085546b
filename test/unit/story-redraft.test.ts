import { describe, expect, it } from 'vitest';
import { keptPanels } from '../../src/core/story';

const panel = (text: string, place: string, edited: boolean, panelId = `p-${text}`) => ({
  plan: { text, place },
  edited,
  panelId,
  layout: { note: `layout of ${panelId}` },
});

describe('storyboard re-draft: which panels keep their edits', () => {
  const previous = [
    panel('A', '카페', true),
    panel('B', '카페', false),
    panel('C', '밤거리', true),
    panel('C', '밤거리', true, 'p-C2'),
  ];

  it('keeps an edited panel whose text and place are unchanged, without its old strip id', () => {
    const kept = keptPanels(previous, [
      { text: 'A ', place: '카페' },
      { text: 'B', place: '카페' },
      { text: 'new', place: '' },
    ]);
    expect(kept[0]).toEqual({ plan: { text: 'A', place: '카페' }, edited: true, layout: { note: 'layout of p-A' } });
    expect(kept[1]).toBeUndefined(); // never edited: drafted afresh (a new library search)
    expect(kept[2]).toBeUndefined(); // a new panel
  });

  it('drafts afresh a panel whose place changed, and uses each previous panel once', () => {
    const kept = keptPanels(previous, [
      { text: 'A', place: '학교' },
      { text: 'C', place: '밤거리' },
      { text: 'C', place: '밤거리' },
      { text: 'C', place: '밤거리' },
    ]);
    expect(kept[0]).toBeUndefined();
    expect(kept.slice(1, 3).map((k) => k?.layout.note)).toEqual(['layout of p-C', 'layout of p-C2']); // in story order
    expect(kept[3]).toBeUndefined();
  });

  it('keeps nothing without a previous board', () => {
    expect(keptPanels([], [{ text: 'A', place: '' }])).toEqual([undefined]);
  });
});

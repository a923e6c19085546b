import { describe, expect, it } from 'vitest';
import { layerName, type BoardPsdNames } from '../../workers/storyboard/psd';
import type { Layer } from '../../workers/storyboard/compose';

const ko: BoardPsdNames = {
  panel: '{n}번 컷',
  background: '배경',
  generated: '배경 (생성한 임시 배경)',
  bubble: '말풍선 {n}',
  bubbleBy: '말풍선 {n} ({speaker})',
  caption: '내레이션 {n}',
  text: '{label} 글자',
};
const layer = (name: string, label?: Layer['label']): Layer =>
  ({ name, canvas: null as unknown as OffscreenCanvas, left: 0, top: 0, kind: 'bubble', label }) as Layer;

describe('storyboard PSD layer names', () => {
  it('names each layer by what it is, in the given language', () => {
    expect(layerName(layer('Background', { role: 'background', generated: false }), ko)).toBe('배경');
    expect(layerName(layer('Background (generated placeholder)', { role: 'background', generated: true }), ko)).toBe(
      '배경 (생성한 임시 배경)',
    );
    expect(layerName(layer('Bubble 2 (준)', { role: 'bubble', n: 2, speaker: '준', text: false }), ko)).toBe(
      '말풍선 2 (준)',
    );
    expect(layerName(layer('Bubble 2 (준) text', { role: 'bubble', n: 2, speaker: '준', text: true }), ko)).toBe(
      '말풍선 2 (준) 글자',
    );
    expect(layerName(layer('Caption 1', { role: 'caption', n: 1, text: false }), ko)).toBe('내레이션 1');
  });

  it('keeps character names and the English names without a table', () => {
    expect(layerName(layer('미나'), ko)).toBe('미나');
    expect(layerName(layer('Bubble 1', { role: 'bubble', n: 1, text: false }))).toBe('Bubble 1');
  });
});

/**
 * Storyboard worker: composes panels (OffscreenCanvas) from their layout records and writes the
 * layered PSD. Plain data in and out; PNG/PSD bytes are transferred.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { compose, loadFont, pngBytes, type ComposeInput } from './storyboard/compose';
import { buildBoardPsd, type BoardPsdNames } from './storyboard/psd';
import type { PanelLayout } from '../src/core/story/board-layout';

export interface ComposeResult {
  png: ArrayBuffer;
  layout: PanelLayout;
  cutouts: { name: string; method: 'alpha' | 'flood' | 'box' }[];
  /** Whether the shipped font was in use (false: fell back to the system sans-serif). */
  font: boolean;
}

async function font(url: string): Promise<boolean> {
  try {
    await loadFont(url);
    return true;
  } catch {
    return false;
  }
}

const api = {
  async compose(input: ComposeInput, fontUrl: string): Promise<ComposeResult> {
    const f = await font(fontUrl);
    const c = await compose(input);
    const png = await pngBytes(c.canvas);
    return transfer({ png, layout: c.layout, cutouts: c.cutouts, font: f }, [png]);
  },

  async psd(
    panels: (ComposeInput & { gapAfter: number })[],
    fontUrl: string,
    names?: BoardPsdNames,
  ): Promise<ArrayBuffer> {
    await font(fontUrl);
    const built = [];
    for (const p of panels) {
      const c = await compose(p);
      built.push({ layers: c.layers, width: c.layout.width, height: c.layout.height, gapAfter: p.gapAfter });
    }
    const bytes = buildBoardPsd(built, names);
    return transfer(bytes, [bytes]);
  },
};

export type StoryboardApi = typeof api;
expose(api);

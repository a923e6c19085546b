/**
 * Page-side driver for codec.e2e.mjs (bundled at test time): the decode entry of every model path
 * — the very functions the workers call — on the same bytes, so the test can compare their pixels.
 */
import { decodeToPixels as runtimeDecode } from '../../workers/runtime/decode';
import { decodeToPixels as colorizeDecode } from '../../workers/colorize/codec';
import { decodeImage as diffusionDecode } from '../../workers/diffusion/decode';
import { pixelsForVision } from '../../workers/clip/engine';
import { toPng } from '../../workers/image/pipeline';
import { decodePixels } from '../../workers/runtime/codec';

interface Px {
  width: number;
  height: number;
  data: number[];
}
const plain = (p: { width: number; height: number; data: ArrayLike<number> }): Px => ({
  width: p.width,
  height: p.height,
  data: Array.from(p.data),
});

/** `maxSide` bounds the paths that resize; colorize and the image worker decode at full size. */
export async function decodeEverywhere(bytes: number[], type: string, maxSide: number) {
  const buf = new Uint8Array(bytes).buffer;
  const blob = new Blob([buf], { type });
  const colorize = await colorizeDecode(blob);
  if ('ok' in colorize) throw new Error(`colorize: ${colorize.detail}`);
  const png = await toPng(blob);
  if ('ok' in png && png.ok === false) throw new Error(`image worker: ${png.detail}`);
  const imported = 'bytes' in png ? await decodePixels(new Blob([png.bytes], { type: 'image/png' })) : undefined;
  const clip = await pixelsForVision(blob, maxSide);
  return {
    runtime: plain(await runtimeDecode(buf, type, maxSide)),
    diffusion: plain(await diffusionDecode(buf, type, maxSide)),
    clip: { width: clip.width, height: clip.height, channels: clip.channels, data: Array.from(clip.data) },
    colorize: plain(colorize),
    imported: imported && plain(imported),
  };
}

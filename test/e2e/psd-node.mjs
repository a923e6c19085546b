// ag-psd in node for the e2e tests that read an exported PSD: node has no canvas, so layers are
// read as plain ImageData-like objects. Import readPsd from here, not from 'ag-psd'.
import { initializeCanvas, readPsd } from 'ag-psd';

initializeCanvas(
  () => {
    throw new Error('no canvas in node');
  },
  (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4), colorSpace: 'srgb' }),
);

export { readPsd };

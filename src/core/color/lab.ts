/**
 * sRGB (8-bit, D65) ↔ CIE L*a*b*. The same constants as models/colorizer/lab.py, so the
 * browser and the training side agree. L in [0, 100]; a, b unbounded (≈ −110..110 for sRGB).
 */
export type Lab = [number, number, number];
export type Rgb = [number, number, number];

const WX = 0.95047;
const WY = 1.0;
const WZ = 1.08883;
const EPS = (6 / 29) ** 3;
const KAPPA = 3 * (6 / 29) ** 2;

/** 256-entry table: 8-bit sRGB → linear. */
export const LINEAR_OF_8BIT = new Float64Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR_OF_8BIT[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
const LIN = LINEAR_OF_8BIT;

const f = (t: number): number => (t > EPS ? Math.cbrt(t) : t / KAPPA + 4 / 29);
const finv = (t: number): number => (t > 6 / 29 ? t * t * t : KAPPA * (t - 4 / 29));

function toSrgb(c: number): number {
  const v = c <= 0 ? 0 : c >= 1 ? 1 : c;
  return v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055;
}

export function rgbToLab(r: number, g: number, b: number): Lab {
  const lr = LIN[r & 255];
  const lg = LIN[g & 255];
  const lb = LIN[b & 255];
  const x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / WX;
  const y = (0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb) / WY;
  const z = (0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / WZ;
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** Lab → linear-light RGB (D65), unclipped: the shared step of conversion and gamut test. */
function labToLinear(L: number, a: number, b: number): Rgb {
  const fy = (L + 16) / 116;
  const x = finv(fy + a / 500) * WX;
  const y = finv(fy) * WY;
  const z = finv(fy - b / 200) * WZ;
  return [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
}

/** Lab → sRGB in [0, 1] (clipped, not rounded). */
export function labToRgbFloat(L: number, a: number, b: number): Rgb {
  const [lr, lg, lb] = labToLinear(L, a, b);
  return [toSrgb(lr), toSrgb(lg), toSrgb(lb)];
}

export function labToRgb(L: number, a: number, b: number): Rgb {
  const [r, g, bb] = labToRgbFloat(L, a, b);
  return [Math.round(r * 255), Math.round(g * 255), Math.round(bb * 255)];
}

/** Lightness L/100 in [0, 1] of every pixel of an RGBA buffer (the network's `gray`). */
export function rgbaToGray(data: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  const n = width * height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    const y = 0.2126729 * LIN[data[j]] + 0.7151522 * LIN[data[j + 1]] + 0.072175 * LIN[data[j + 2]];
    out[i] = (116 * f(y) - 16) / 100;
  }
  return out;
}

/** sRGB component in [0, 1] (clamped first) → linear light (IEC 61966-2-1, exact formula). */
export function srgbToLinear(c: number): number {
  const v = c <= 0 ? 0 : c >= 1 ? 1 : c;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/**
 * sRGB floats (0..1, clamped like models/ops/srgb_to_lab.onnx) → L*a*b*: the same conversion as
 * the shipped ONNX graph and its numpy reference (test/unit/color-lightness.test.ts).
 */
export function srgbFloatToLab(r: number, g: number, b: number): Lab {
  const lr = srgbToLinear(r);
  const lg = srgbToLinear(g);
  const lb = srgbToLinear(b);
  const fx = f((0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / WX);
  const fy = f((0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb) / WY);
  const fz = f((0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / WZ);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/**
 * Relative luminance thresholds between 8-bit sRGB grays: gray k (1..255) is the nearest 8-bit
 * encoding of every luminance in [GRAY_STEP[k - 1], GRAY_STEP[k]). Built from the exact decode of
 * the half steps, so `grayOfLuminance` equals round(255 · sRGB-encode(Y)) without a pow per pixel.
 */
const GRAY_STEP = new Float64Array(255);
for (let k = 0; k < 255; k++) GRAY_STEP[k] = srgbToLinear((k + 0.5) / 255);

/** 8-bit sRGB gray with the same CIE lightness as relative luminance `y` (0..1). */
export function grayOfLuminance(y: number): number {
  let lo = 0;
  let hi = 255;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (y < GRAY_STEP[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Lightness of an RGBA image in one pass on the CPU: `gray` = L* ÷ 100 per pixel (as rgbaToGray)
 * and `preview` = RGBA gray of equal lightness (alpha kept). Pure colour math, no model.
 */
export function rgbaLightness(
  data: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): { gray: Float32Array; preview: Uint8ClampedArray } {
  const n = width * height;
  const gray = new Float32Array(n);
  const preview = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    const y = 0.2126729 * LIN[data[j]] + 0.7151522 * LIN[data[j + 1]] + 0.072175 * LIN[data[j + 2]];
    gray[i] = (116 * f(y) - 16) / 100;
    const g = grayOfLuminance(y);
    preview[j] = preview[j + 1] = preview[j + 2] = g;
    preview[j + 3] = data[j + 3];
  }
  return { gray, preview };
}

/** Is Lab (L, a, b) inside the sRGB gamut (before 8-bit rounding)? */
function inGamut(L: number, a: number, b: number): boolean {
  const [lr, lg, lb] = labToLinear(L, a, b);
  const e = 1e-6;
  return lr >= -e && lr <= 1 + e && lg >= -e && lg <= 1 + e && lb >= -e && lb <= 1 + e;
}

/**
 * Largest t in [0, 1] such that (L, t·a, t·b) is in gamut: hue and lightness are kept, only
 * chroma is reduced, so the recombined pixel keeps the input's lightness (up to 8-bit rounding).
 */
export function gamutScale(L: number, a: number, b: number): number {
  if (inGamut(L, a, b)) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 10; i++) {
    const m = (lo + hi) / 2;
    if (inGamut(L, a * m, b * m)) lo = m;
    else hi = m;
  }
  return lo;
}

/**
 * Recombine: lightness from `gray` (L/100, full resolution, untouched) + ab → RGBA bytes.
 * `ab` is planar (a plane then b plane), same width × height as `gray`. Out-of-gamut colours lose
 * chroma (never lightness). `alpha` (optional, RGBA source) keeps the input's alpha channel.
 */
export function grayAbToRgba(
  gray: Float32Array,
  ab: Float32Array,
  width: number,
  height: number,
  alpha?: Uint8ClampedArray | Uint8Array,
): Uint8ClampedArray {
  const n = width * height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const L = gray[i] * 100;
    let a = ab[i];
    let b = ab[n + i];
    const t = gamutScale(L, a, b);
    a *= t;
    b *= t;
    const [r, g, bb] = labToRgb(L, a, b);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = bb;
    out[i * 4 + 3] = alpha ? alpha[i * 4 + 3] : 255;
  }
  return out;
}

/** Chroma √(a² + b²). */
export const chroma = (a: number, b: number): number => Math.hypot(a, b);

/** Hue angle in degrees [0, 360). */
export function hueDeg(a: number, b: number): number {
  const h = (Math.atan2(b, a) * 180) / Math.PI;
  return h < 0 ? h + 360 : h;
}

/** Smallest absolute difference between two hue angles in degrees. */
export function hueDistance(h1: number, h2: number): number {
  const d = Math.abs(h1 - h2) % 360;
  return d > 180 ? 360 - d : d;
}

/** Is this RGBA image gray (every pixel's chroma ≤ tol)? */
export function isGrayscale(data: Uint8ClampedArray | Uint8Array, tol = 2): boolean {
  for (let j = 0; j < data.length; j += 4) {
    const r = data[j];
    const g = data[j + 1];
    const b = data[j + 2];
    if (r === g && g === b) continue;
    const [, a, bb] = rgbToLab(r, g, b);
    if (Math.hypot(a, bb) > tol) return false;
  }
  return true;
}

/** Mean chroma of an RGBA image. */
export function meanChroma(data: Uint8ClampedArray | Uint8Array): number {
  let s = 0;
  const n = data.length / 4;
  for (let j = 0; j < data.length; j += 4) {
    const [, a, b] = rgbToLab(data[j], data[j + 1], data[j + 2]);
    s += Math.hypot(a, b);
  }
  return n ? s / n : 0;
}

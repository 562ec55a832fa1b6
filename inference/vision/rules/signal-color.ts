import type { SignalState } from '../../../electron/shared/domain/detection';

/**
 * Traffic-light state from the image region around the signal head. Works on relative
 * brightness (the lit lamp is the brightest part of the head whatever the exposure) and on hue
 * (unchanged by global gain), and falls back to the lit lamp's position in the head when colours
 * are washed out (night glare saturates lamps to white).
 */
export interface RgbImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** 3 for RGB, 4 for RGBA. */
  channels: 3 | 4;
}

export interface SignalRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SignalReading {
  state: SignalState;
  confidence: number;
  /** How the state was decided. */
  basis: 'hue' | 'position' | 'none';
}

function hueOf(r: number, g: number, b: number, max: number, min: number): number {
  const d = max - min;
  if (d === 0) return 0;
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  h *= 60;
  return h < 0 ? h + 360 : h;
}

function hueClass(h: number): SignalState {
  if (h < 22 || h >= 330) return 'red';
  if (h < 70) return 'amber';
  if (h >= 80 && h < 200) return 'green';
  return 'unknown';
}

export function classifySignal(
  img: RgbImage,
  region: SignalRegion,
  layout: 'vertical' | 'horizontal' = 'vertical',
): SignalReading {
  const x0 = Math.max(0, Math.floor(region.x));
  const y0 = Math.max(0, Math.floor(region.y));
  const x1 = Math.min(img.width, Math.ceil(region.x + region.width));
  const y1 = Math.min(img.height, Math.ceil(region.y + region.height));
  const none: SignalReading = { state: 'unknown', confidence: 0, basis: 'none' };
  if (x1 - x0 < 2 || y1 - y0 < 2) return none;
  const ch = img.channels;
  const values: number[] = [];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * ch;
      values.push(Math.max(img.data[i], img.data[i + 1], img.data[i + 2]));
    }
  const sorted = Float64Array.from(values).sort();
  const median = sorted[Math.floor(sorted.length / 2)];
  const p98 = sorted[Math.floor(sorted.length * 0.98)];
  // No lamp clearly brighter than the housing: dark signal or nothing to read.
  if (p98 < 40 || p98 < median * 1.4 + 12) return none;
  const litLevel = median + 0.6 * (p98 - median);

  const votes = { red: 0, amber: 0, green: 0, unknown: 0 };
  let lit = 0;
  let posSum = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * ch;
      const r = img.data[i];
      const g = img.data[i + 1];
      const b = img.data[i + 2];
      const max = Math.max(r, g, b);
      if (max < litLevel) continue;
      lit++;
      posSum += layout === 'vertical' ? (y - y0 + 0.5) / (y1 - y0) : (x - x0 + 0.5) / (x1 - x0);
      const min = Math.min(r, g, b);
      if ((max - min) / max < 0.25) continue;
      votes[hueClass(hueOf(r, g, b, max, min))]++;
    }
  if (lit === 0) return none;
  const coloured = votes.red + votes.amber + votes.green;
  if (coloured >= Math.max(3, lit * 0.2)) {
    const best = (['red', 'amber', 'green'] as const).reduce((a, b) =>
      votes[b] > votes[a] ? b : a,
    );
    const share = votes[best] / coloured;
    if (share >= 0.6)
      return { state: best, confidence: share * Math.min(1, coloured / lit + 0.5), basis: 'hue' };
  }
  const pos = posSum / lit;
  const state: SignalState = pos < 1 / 3 ? 'red' : pos < 2 / 3 ? 'amber' : 'green';
  return { state, confidence: 0.5, basis: 'position' };
}

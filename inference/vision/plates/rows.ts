import type { CtcDecoded } from './ctc';
import type { TextRegion } from './db-postprocess';
import { quadBounds, quadSize, type Quad } from './geometry';

/** A two-row plate (motorcycles, some Latin-American and EU plates): its rows, top first. */
export interface StackedRows {
  top: TextRegion;
  bottom: TextRegion;
  /** Both rows' outline: top row's upper corners, bottom row's lower ones. */
  quad: Quad;
  score: number;
}

/**
 * Pairs of text lines stacked one above the other like the two rows of one plate: overlapping
 * horizontally by at least half the narrower one, the lower starting below the upper's middle
 * and within one row height of it, heights within a factor of 2.
 */
export function stackedRowPairs(lines: readonly TextRegion[]): StackedRows[] {
  const out: StackedRows[] = [];
  for (const a of lines) {
    const ba = quadBounds(a.quad);
    const ha = quadSize(a.quad).height;
    for (const b of lines) {
      if (a === b) continue;
      const bb = quadBounds(b.quad);
      const hb = quadSize(b.quad).height;
      if (Math.max(ha, hb) > 2 * Math.min(ha, hb)) continue;
      const overlap = Math.min(ba.x2, bb.x2) - Math.max(ba.x1, bb.x1);
      const narrower = Math.min(ba.x2 - ba.x1, bb.x2 - bb.x1);
      if (overlap < 0.5 * narrower) continue;
      if (bb.y1 < (ba.y1 + ba.y2) / 2) continue;
      if (bb.y1 - ba.y2 > Math.max(ha, hb)) continue;
      out.push({
        top: a,
        bottom: b,
        quad: [a.quad[0], a.quad[1], b.quad[2], b.quad[3]],
        score: Math.min(a.score, b.score),
      });
    }
  }
  return out;
}

/** The reads of a plate's two rows as one plate read: top row first. */
export function joinRowReads(top: CtcDecoded, bottom: CtcDecoded): CtcDecoded {
  const chars = [...top.chars, ...bottom.chars];
  return {
    text: top.text + bottom.text,
    chars,
    confidence: chars.length ? chars.reduce((s, c) => s + c.prob, 0) / chars.length : 0,
    minProb: chars.length ? Math.min(...chars.map((c) => c.prob)) : 0,
    // One row's frames after the other's: a CTC path through both spells the plate top row first.
    ...(top.frames && bottom.frames
      ? {
          frames: {
            steps: top.frames.steps + bottom.frames.steps,
            probs: concatFloats(top.frames.probs, bottom.frames.probs),
          },
        }
      : {}),
  };
}

function concatFloats(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

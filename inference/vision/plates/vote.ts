import { compactPlate } from './formats';

export interface FrameRead {
  /** Plate text of one frame (separators are ignored). */
  text: string;
  /** Confidence of that read, 0..1. */
  confidence: number;
}

export interface VoteResult {
  /** Compact winning text (no separators). */
  text: string;
  /** Mean over positions of (winning weight / all weight at that position) × mean winner confidence. */
  confidence: number;
  /** How many frames had the winning length and so took part in the per-character vote. */
  support: number;
  frames: number;
}

/**
 * Best-of-N across frames of one track: reads vote for a length (weighted by confidence), then the
 * reads of that length vote character by character. One blurred frame cannot outvote three clear
 * ones, and a plate no single frame read fully can still be assembled.
 */
export function voteReads(reads: readonly FrameRead[]): VoteResult | undefined {
  const valid = reads
    .map((r) => ({
      text: compactPlate(r.text),
      confidence: Math.min(1, Math.max(0, r.confidence)),
    }))
    .filter((r) => r.text.length > 0 && r.confidence > 0);
  if (valid.length === 0) return undefined;
  const byLength = new Map<number, { weight: number; reads: typeof valid }>();
  for (const r of valid) {
    const g = byLength.get(r.text.length) ?? { weight: 0, reads: [] };
    g.weight += r.confidence;
    g.reads.push(r);
    byLength.set(r.text.length, g);
  }
  const [length, group] = [...byLength.entries()].sort(
    (a, b) => b[1].weight - a[1].weight || b[0] - a[0],
  )[0];
  let text = '';
  let confSum = 0;
  for (let i = 0; i < length; i++) {
    const tally = new Map<string, { weight: number; n: number }>();
    let total = 0;
    for (const r of group.reads) {
      const t = tally.get(r.text[i]) ?? { weight: 0, n: 0 };
      t.weight += r.confidence;
      t.n++;
      tally.set(r.text[i], t);
      total += r.confidence;
    }
    const [ch, win] = [...tally.entries()].sort((a, b) => b[1].weight - a[1].weight)[0];
    text += ch;
    confSum += (win.weight / total) * (win.weight / win.n);
  }
  return { text, confidence: confSum / length, support: group.reads.length, frames: valid.length };
}

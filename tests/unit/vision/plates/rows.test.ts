import { describe, expect, it } from 'vitest';
import { joinRowReads, stackedRowPairs } from '../../../../inference/vision/plates/rows';
import type { TextRegion } from '../../../../inference/vision/plates/db-postprocess';
import { normalizePlate } from '../../../../inference/vision/plates/formats';

const line = (x1: number, y1: number, x2: number, y2: number, score = 0.9): TextRegion => ({
  quad: [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
  ],
  score,
});

describe('two-row plates', () => {
  it('pairs two lines stacked like the rows of one plate, top first', () => {
    const top = line(100, 100, 160, 120);
    const bottom = line(95, 126, 165, 148, 0.8);
    const aside = line(300, 126, 360, 148);
    const pairs = stackedRowPairs([top, bottom, aside]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ top, bottom, score: 0.8 });
    expect(pairs[0].quad).toEqual([
      [100, 100],
      [160, 100],
      [165, 148],
      [95, 148],
    ]);
  });
  it('does not pair lines far apart or of very different heights', () => {
    expect(stackedRowPairs([line(0, 0, 60, 20), line(0, 80, 60, 100)])).toEqual([]);
    expect(stackedRowPairs([line(0, 0, 60, 10), line(0, 12, 60, 40)])).toEqual([]);
  });
  it('joins the rows into one read that fits the two-row format', () => {
    const read = (text: string, p: number) => ({
      text,
      chars: [...text].map((char) => ({ char, prob: p })),
      confidence: p,
      minProb: p,
    });
    const joined = joinRowReads(read('ABC', 0.9), read('12D', 0.7));
    expect(joined.text).toBe('ABC12D');
    expect(joined.minProb).toBe(0.7);
    expect(joined.confidence).toBeCloseTo(0.8, 5);
    // Colombian motorcycle plate: ABC on top, 12D below.
    expect(normalizePlate(joined.text, 'CO')).toMatchObject({
      text: 'ABC-12D',
      formatId: 'co-moto',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { combineTrackReads } from '../../../../inference/vision/plates/track-vote';

const read = (text: string, confidence: number, extra: string) => ({
  plate: { text, rawText: text.replace('-', ''), confidence, country: 'PE' },
  extra,
});

describe('combineTrackReads (best-of-N over a track)', () => {
  it('returns nothing for no reads and the read itself for one', () => {
    expect(combineTrackReads([])).toBeUndefined();
    const one = combineTrackReads([read('ABC-123', 0.8, 'f1')]);
    expect(one).toMatchObject({
      plate: { text: 'ABC-123', confidence: 0.8 },
      extra: 'f1',
      frames: 1,
    });
  });

  it('three clear frames outvote one confident misread; the crop comes from a frame that read the winner', () => {
    const r = combineTrackReads([
      read('A8C-123', 0.95, 'blurred'),
      read('ABC-123', 0.7, 'f2'),
      read('ABC-123', 0.8, 'f3'),
      read('ABC-123', 0.75, 'f4'),
    ])!;
    expect(r.plate.text).toBe('ABC-123');
    expect(r.extra).toBe('f3');
    expect(r.frames).toBe(4);
    expect(r.support).toBe(4);
    expect(r.plate.confidence).toBeGreaterThan(0.5);
    expect(r.plate.confidence).toBeLessThanOrEqual(1);
  });

  it('assembles a plate no single frame read fully and normalises it for the country', () => {
    const r = combineTrackReads([
      read('ABX-123', 0.8, 'f1'),
      read('ABC-173', 0.8, 'f2'),
      read('ABC-124', 0.1, 'f3'),
      read('QBC-123', 0.7, 'f4'),
    ])!;
    expect(r.plate.text).toBe('ABC-123');
    // The most confident frame of the winning length stands for it (no frame read it exactly).
    expect(['f1', 'f2']).toContain(r.extra);
  });

  it('a wrong length from one frame does not take part in the character vote', () => {
    const r = combineTrackReads([
      read('ABC-1234', 0.9, 'extra-char'),
      read('ABC-123', 0.6, 'f2'),
      read('ABC-123', 0.6, 'f3'),
    ])!;
    expect(r.plate.text).toBe('ABC-123');
    expect(r.support).toBe(2);
  });
});

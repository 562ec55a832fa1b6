import { describe, expect, it } from 'vitest';
import { trackPlateOutcome } from '../../../../inference/vision/plates/plate-state';

const read = (text: string, confidence: number, extra: string) => ({
  plate: { text, rawText: text.replace(/-/g, ''), confidence },
  extra,
});

describe('trackPlateOutcome (read, not readable, no plate)', () => {
  it('is "none" when no frame of the track found a plate', () => {
    expect(trackPlateOutcome([], [])).toEqual({ state: 'none' });
  });

  it('is "read" when a frame read the plate, even beside frames that could not', () => {
    const r = trackPlateOutcome(
      [read('ABC-123', 0.9, 'f1'), read('ABC-123', 0.8, 'f2')],
      [{ score: 0.3, extra: 'f3' }],
    );
    expect(r.state).toBe('read');
    if (r.state === 'read') {
      expect(r.combined.plate.text).toBe('ABC-123');
      expect(r.combined.extra).toBe('f1');
    }
  });

  it('is "unreadable" when plates were found but none read: the closest frame is the evidence', () => {
    const r = trackPlateOutcome(
      [],
      [
        { score: 0.2, extra: 'blurred' },
        { score: 0.41, extra: 'closest' },
        { score: 0.3, extra: 'glare' },
      ],
    );
    expect(r).toEqual({ state: 'unreadable', best: { score: 0.41, extra: 'closest' } });
  });

  it('a vote under the confidence threshold is "unreadable", not a read', () => {
    const reads = [read('ABC-123', 0.35, 'f1'), read('ABD-123', 0.3, 'f2')];
    expect(trackPlateOutcome(reads, [], { minConfidence: 0.5 }).state).toBe('unreadable');
    expect(trackPlateOutcome(reads, [], { minConfidence: 0.2 }).state).toBe('read');
    const low = trackPlateOutcome(reads, [{ score: 0.1, extra: 'f3' }], { minConfidence: 0.5 });
    // The low vote's frame came closer than the frame that read nothing.
    expect(low.state === 'unreadable' && low.best.extra).toBe('f1');
  });
});

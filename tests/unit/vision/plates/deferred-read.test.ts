import { describe, expect, it } from 'vitest';
import {
  settleTrackReads,
  thoroughReadTarget,
  type FrameRead,
} from '../../../../inference/vision/plates/deferred-read';
import { trackPlateOutcome } from '../../../../inference/vision/plates/plate-state';

const read = (
  text: string,
  confidence: number,
  extra: string,
  doubtful = false,
  score = confidence,
): FrameRead<string> => ({
  kind: 'read',
  plate: { text, rawText: text.replace(/-/g, ''), confidence },
  doubtful,
  score,
  extra,
});
const unreadable = (score: number, extra: string): FrameRead<string> => ({
  kind: 'unreadable',
  score,
  extra,
});
const none: FrameRead<string> = { kind: 'none' };

describe('thoroughReadTarget (which crop of a track gets the one thorough read)', () => {
  it('none when a frame read the plate surely, even beside doubtful ones', () => {
    expect(thoroughReadTarget([read('ABC-123', 0.6, 'f1', true), read('ABC-123', 0.9, 'f2')])).toBe(
      undefined,
    );
  });

  it('the frame that came closest when every read is doubtful or unreadable', () => {
    expect(
      thoroughReadTarget([
        unreadable(0.4, 'f1'),
        read('ABC123', 0.7, 'f2', true, 0.62),
        read('ABC12', 0.8, 'f3', true, 0.81),
        none,
      ]),
    ).toBe(2);
  });

  it('the infraction crop (first) when no frame found anything plate-like', () => {
    expect(thoroughReadTarget([none, none])).toBe(0);
  });

  it('none for a track without crops', () => {
    expect(thoroughReadTarget([])).toBe(undefined);
  });
});

describe('settleTrackReads (the track vote once the thorough read is in)', () => {
  it('without a thorough read: every read votes, unreadable frames stay candidates', () => {
    const s = settleTrackReads([read('ABC-123', 0.9, 'f1'), unreadable(0.3, 'f2'), none]);
    expect(s.reads.map((r) => r.extra)).toEqual(['f1']);
    expect(s.unreadable).toEqual([{ score: 0.3, extra: 'f2' }]);
  });

  it('doubtful reads do not outvote a sure one', () => {
    const s = settleTrackReads([
      read('XBC-128', 0.7, 'd1', true),
      read('XBC-128', 0.7, 'd2', true),
      read('ABC-123', 0.8, 'sure'),
    ]);
    expect(s.reads.map((r) => r.extra)).toEqual(['sure']);
    const outcome = trackPlateOutcome(s.reads, s.unreadable);
    expect(outcome.state === 'read' && outcome.combined.plate.text).toBe('ABC-123');
  });

  it('a thorough read of the doubtful track is what the vote seals', () => {
    const frames = [read('A8C-123', 0.6, 'f1', true), read('A8C-12', 0.5, 'f2', true)];
    const s = settleTrackReads(frames, { index: 0, read: read('ABC-123', 0.9, 'thorough') });
    expect(s.reads.map((r) => r.extra)).toEqual(['thorough']);
    const outcome = trackPlateOutcome(s.reads, s.unreadable);
    expect(outcome.state === 'read' && outcome.combined.plate.text).toBe('ABC-123');
  });

  it('a failed thorough read keeps the fast read of its frame', () => {
    const s = settleTrackReads([read('ABC-123', 0.6, 'fast', true)], {
      index: 0,
      read: unreadable(0.4, 'thorough'),
    });
    expect(s.reads.map((r) => r.extra)).toEqual(['fast']);
    expect(s.unreadable).toEqual([]);
  });

  it('a thorough read that only found a line keeps it as the unreadable evidence', () => {
    const s = settleTrackReads([none, unreadable(0.2, 'f2')], {
      index: 0,
      read: unreadable(0.4, 'thorough'),
    });
    expect(s.reads).toEqual([]);
    expect(s.unreadable).toEqual([
      { score: 0.4, extra: 'thorough' },
      { score: 0.2, extra: 'f2' },
    ]);
    // Nothing plate-like on the thorough look either: the fast read's line stays.
    const kept = settleTrackReads([unreadable(0.3, 'fast')], { index: 0, read: none });
    expect(kept.unreadable).toEqual([{ score: 0.3, extra: 'fast' }]);
  });
});

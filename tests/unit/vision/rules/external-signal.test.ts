import { describe, expect, it } from 'vitest';
import {
  ExternalSignalBook,
  ExternalSignalTimeline,
} from '../../../../inference/vision/rules/external-signal';
import { SceneAnalyzer } from '../../../../inference/vision/scene/scene-analyzer';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import type { Detection } from '../../../../electron/shared/domain/detection';

const T0 = 1_700_000_000_000;
const TTL = 10_000;
const heard = (state: 'red' | 'green' | 'amber' | 'unknown', atMs: number, heardAtMs = atMs) => ({
  state,
  atMs,
  heardAtMs,
  ttlMs: TTL,
});

describe('external signal timeline', () => {
  it('is unknown until the controller has spoken, then applies each state from its own time', () => {
    const t = new ExternalSignalTimeline();
    expect(t.phaseAt(T0).state).toBe('unknown');
    t.apply(heard('green', T0));
    t.apply(heard('red', T0 + 5000));
    expect(t.phaseAt(T0 + 1000)).toEqual({ state: 'green', sinceMs: T0 });
    expect(t.phaseAt(T0 + 5000)).toEqual({ state: 'red', sinceMs: T0 + 5000 });
    expect(t.phaseAt(T0 - 1).state).toBe('unknown');
  });

  it('a state that arrives late applies from its time: frames after `at` are judged against it', () => {
    const t = new ExternalSignalTimeline();
    t.apply(heard('green', T0));
    // Switched to red at T0+2 s, heard only at T0+3.5 s.
    t.apply(heard('red', T0 + 2000, T0 + 3500));
    expect(t.phaseAt(T0 + 1999).state).toBe('green');
    expect(t.phaseAt(T0 + 2500)).toEqual({ state: 'red', sinceMs: T0 + 2000 });
  });

  it('an out-of-order older state does not override a newer one', () => {
    const t = new ExternalSignalTimeline();
    t.apply(heard('red', T0 + 4000));
    t.apply(heard('green', T0 + 1000, T0 + 4100));
    expect(t.phaseAt(T0 + 4050)).toEqual({ state: 'red', sinceMs: T0 + 4000 });
    expect(t.phaseAt(T0 + 2000)).toEqual({ state: 'green', sinceMs: T0 + 1000 });
  });

  it('a repeated state (heartbeat) continues the phase and refreshes the TTL', () => {
    const t = new ExternalSignalTimeline();
    t.apply(heard('red', T0));
    t.apply(heard('red', T0 + 8000));
    t.apply(heard('red', T0 + 16_000));
    expect(t.phaseAt(T0 + 20_000)).toEqual({ state: 'red', sinceMs: T0 });
    // A copy of the same phase that says it began earlier moves the start back.
    t.apply(heard('red', T0 - 2000, T0 + 17_000));
    expect(t.phaseAt(T0 + 20_000)).toEqual({ state: 'red', sinceMs: T0 - 2000 });
  });

  it('turns unknown once the controller is silent for longer than the TTL', () => {
    const t = new ExternalSignalTimeline();
    t.apply(heard('red', T0));
    expect(t.phaseAt(T0 + TTL).state).toBe('red');
    expect(t.phaseAt(T0 + TTL + 1)).toEqual({ state: 'unknown', sinceMs: T0 + TTL });
    expect(t.expired(T0 + TTL + 1)).toBe(true);
    // Heard again: known again.
    t.apply(heard('green', T0 + 30_000));
    expect(t.phaseAt(T0 + 30_001).state).toBe('green');
  });

  it('silence counts from when the last message was heard, not from the phase start', () => {
    const t = new ExternalSignalTimeline();
    // Red since a minute ago, heard now.
    t.apply(heard('red', T0 - 60_000, T0));
    expect(t.phaseAt(T0 + 5000)).toEqual({ state: 'red', sinceMs: T0 - 60_000 });
  });

  it('ignores non-finite times and keeps its memory bounded', () => {
    const t = new ExternalSignalTimeline();
    t.apply(heard('red', Number.NaN));
    expect(t.phaseAt(T0).state).toBe('unknown');
    for (let i = 0; i < 200; i++) t.apply(heard(i % 2 ? 'red' : 'green', T0 + i * 100));
    expect(t.phaseAt(T0 + 199 * 100).state).toBe('red');
    expect((t as unknown as { entries: unknown[] }).entries.length).toBeLessThanOrEqual(32);
  });

  it('a book keeps one timeline per signal', () => {
    const b = new ExternalSignalBook();
    b.apply('a', heard('red', T0));
    b.apply('b', heard('green', T0));
    expect(Object.fromEntries(b.phasesAt(T0 + 1).map(([id, p]) => [id, p.state]))).toEqual({
      a: 'red',
      b: 'green',
    });
  });
});

describe('external signal → red-light rule', () => {
  const W = 1280;
  const H = 720;
  const rs = ruleSetSchema.parse({
    imageSize: { width: W, height: H },
    lines: [{ id: 'stop', a: [0, 400], b: [1280, 400] }],
    signals: [{ id: 'sig', source: 'external' }],
    rules: [
      {
        id: 'red',
        type: 'red-light',
        stopLineId: 'stop',
        signalId: 'sig',
        direction: 'right-to-left',
        graceSec: 0,
      },
    ],
  });
  const car: Detection[] = Array.from({ length: 30 }, (_, i) => ({
    x1: 280,
    y1: 520 - 10 * i - 40,
    x2: 320,
    y2: 520 - 10 * i,
    score: 0.9,
    classId: 2,
    label: 'car',
  }));
  /** Frames every 40 ms from T0; the car's bottom edge crosses y=400 around frame 12. */
  const drive = (book: ExternalSignalBook) => {
    const a = new SceneAnalyzer({ cameraId: 'c', rules: rs });
    const fired: number[] = [];
    car.forEach((d, i) => {
      const ts = T0 + i * 40;
      for (const [id, p] of book.phasesAt(ts)) a.setSignalPhase(id, p.state, p.sinceMs);
      for (const e of a.update({
        cameraId: 'c',
        frameId: i,
        ts,
        width: W,
        height: H,
        detections: [d],
      }).events)
        if (e.kind === 'infraction') fired.push(i);
    });
    return fired;
  };

  it('red: the crossing is an infraction; green: none', () => {
    const red = new ExternalSignalBook();
    red.apply('sig', heard('red', T0 - 1000));
    expect(drive(red)).toHaveLength(1);
    const green = new ExternalSignalBook();
    green.apply('sig', heard('green', T0 - 1000));
    expect(drive(green)).toHaveLength(0);
  });

  it('red whose TTL ran out before the crossing is unknown: no infraction', () => {
    const book = new ExternalSignalBook();
    book.apply('sig', { state: 'red', atMs: T0 - 5000, heardAtMs: T0 - 5000, ttlMs: 4000 });
    expect(drive(book)).toHaveLength(0);
  });

  it('an explicit unknown never fires', () => {
    const book = new ExternalSignalBook();
    book.apply('sig', heard('unknown', T0 - 1000));
    expect(drive(book)).toHaveLength(0);
  });

  it('a late red (heard after its `at`) governs a crossing that comes after `at`', () => {
    const book = new ExternalSignalBook();
    book.apply('sig', heard('green', T0 - 1000));
    // Frames 0..29 span T0..T0+1160; red from T0+200, i.e. before the crossing at ~T0+480.
    book.apply('sig', heard('red', T0 + 200, T0 + 300));
    expect(drive(book)).toHaveLength(1);
  });

  it('red only from after the crossing: no infraction', () => {
    const book = new ExternalSignalBook();
    book.apply('sig', heard('green', T0 - 1000));
    book.apply('sig', heard('red', T0 + 1000));
    expect(drive(book)).toHaveLength(0);
  });
});

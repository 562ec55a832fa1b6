import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_WEIGHTS,
  formatFactor,
  geometryFactors,
  hopefulScore,
  looksLikeDate,
  prominence,
  scoreCandidate,
  scoreOf,
  unclippedRead,
  type LineReadView,
} from '../../../../inference/vision/plates/candidates';
import { normalizePlate } from '../../../../inference/vision/plates/formats';
import type { Quad } from '../../../../inference/vision/plates/geometry';
import { voteReads } from '../../../../inference/vision/plates/vote';
import { repeatOffenderScore } from '../../../../inference/vision/plates/repeat-offender';

const rect = (x: number, y: number, w: number, h: number): Quad => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

describe('candidate scoring', () => {
  const frame = { width: 400, height: 300 };
  const vehicleBox = { x1: 0, y1: 0, x2: 400, y2: 300 };

  it('prefers a plate-shaped line low on the vehicle', () => {
    const low = geometryFactors({ quad: rect(150, 220, 100, 25), frame, vehicleBox });
    const high = geometryFactors({ quad: rect(150, 10, 100, 25), frame, vehicleBox });
    expect(low.position).toBe(1);
    expect(high.position).toBe(0);
  });

  it('gates out wrong shapes and unreadably small text', () => {
    expect(geometryFactors({ quad: rect(10, 10, 20, 40), frame }).aspect).toBe(0);
    expect(geometryFactors({ quad: rect(10, 10, 30, 5), frame }).size).toBe(0);
  });

  it('zeroes a line whose implied plate sticks out of the image (border overlays)', () => {
    const quad = rect(5, 2, 100, 14);
    const plateQuad = rect(0, -14, 110, 34);
    expect(geometryFactors({ quad, frame, plateQuad }).inside).toBe(0);
  });

  it('format factor: fixed template 1, free-form 0.7, letters-only, digits-only or short free-form less, fixes cost', () => {
    expect(formatFactor(normalizePlate('ABC123', 'PE'))).toBe(1);
    expect(formatFactor(normalizePlate('ABC12Z', 'PE'))).toBeCloseTo(0.9);
    // A common US serial layout counts as a template; anything else is free-form.
    expect(formatFactor(normalizePlate('7ABC123', 'US'))).toBe(1);
    expect(formatFactor(normalizePlate('7AB1C23', 'US'))).toBeCloseTo(0.7);
    expect(formatFactor(normalizePlate('CAMRY', 'US'))).toBeCloseTo(0.35);
    // Digits only: a phone, fleet or bus number or a timestamp as often as a plate.
    expect(formatFactor(normalizePlate('3768750', 'US'))).toBeCloseTo(0.7 * 0.85);
    // US O→0 applies to every read: not a doubt about this one.
    expect(formatFactor(normalizePlate('1O23AB', 'US'))).toBeCloseTo(0.7);
    expect(formatFactor(normalizePlate('ABC-12K', 'PE'))).toBe(0);
    // Shorter than a typical US plate (5–8): −20 % per missing character.
    expect(formatFactor(normalizePlate('2A', 'US'))).toBeCloseTo(0.7 * 0.4);
    expect(formatFactor(normalizePlate('K7551', 'US'))).toBeCloseTo(0.7);
  });

  it('format factor: a digits-only read that starts like a camera date is almost never a plate', () => {
    expect(looksLikeDate('20140513')).toBe(true);
    expect(looksLikeDate('199912')).toBe(true);
    expect(looksLikeDate('2014051')).toBe(true);
    expect(looksLikeDate('20141305')).toBe(false); // month 13
    expect(looksLikeDate('3768750')).toBe(false);
    expect(looksLikeDate('20145')).toBe(false); // too short to tell
    expect(formatFactor(normalizePlate('2014051', 'US'))).toBeCloseTo(0.7 * 0.2);
    expect(formatFactor(normalizePlate('8816841', 'US'))).toBeCloseTo(0.7 * 0.85);
  });

  it('hopefulScore: a poorly read plate-like line outranks a crisply read word', () => {
    const geometry = { aspect: 1, size: 1, inside: 1, polarity: 1, position: 1 };
    const word = { ...geometry, format: 0.35, ocr: 0.99 }; // "THISAREA"
    const plate = { ...geometry, format: 0.7, ocr: 0.57 }; // a plate read badly once
    const w = CANDIDATE_WEIGHTS;
    const score = (f: typeof word) => w.position + w.format * f.format + w.ocr * f.ocr;
    expect(score(word)).toBeGreaterThan(score(plate));
    expect(hopefulScore(plate)).toBeGreaterThan(hopefulScore(word));
    expect(hopefulScore(word, 0)).toBeCloseTo(score(word));
    expect(hopefulScore(plate, 1)).toBeCloseTo(w.position + w.format * 0.7 + w.ocr);
  });

  it('format factor: a fix costs what the recogniser doubted it', () => {
    const certain = (t: string) => [...t].map((c) => ({ [c]: 0.99 }));
    const ev = certain('ABC12Z');
    ev[5] = { Z: 0.5, '2': 0.4 };
    expect(formatFactor(normalizePlate('ABC12Z', 'PE', ev))).toBeCloseTo(
      1 - 0.1 * Math.log10(0.5 / 0.4),
    );
  });

  it('returns its factors and a score that follows the documented formula', () => {
    const s = scoreCandidate({
      quad: rect(150, 220, 100, 25),
      frame,
      vehicleBox,
      read: { text: 'ABC123', confidence: 0.9, minProb: 0.7 },
      normalized: normalizePlate('ABC123', 'PE'),
    });
    expect(s.factors).toMatchObject({
      aspect: 1,
      size: 1,
      inside: 1,
      polarity: 1,
      position: 1,
      format: 1,
    });
    expect(s.factors.ocr).toBeCloseTo(0.8);
    expect(s.score).toBeCloseTo(0.2 + 0.35 + 0.45 * 0.8);
  });
});

describe('prominence (whole images with several vehicles)', () => {
  it("a distant car's plate loses to the nearest one's, a plate nearly as tall does not", () => {
    expect(prominence(47, 47)).toBe(1);
    expect(prominence(36, 47)).toBe(1);
    expect(prominence(27, 47)).toBeCloseTo((27 / 47 - 0.25) / 0.5, 5);
    expect(prominence(10, 47)).toBe(0);
  });
  it('is neutral when no line reads as a fixed-layout plate', () => {
    expect(prominence(20, 0)).toBe(1);
  });
  it('scoreOf follows the documented formula', () => {
    const f = { aspect: 1, size: 1, inside: 1, polarity: 0.85, position: 0.5, format: 1, ocr: 0.8 };
    const w = CANDIDATE_WEIGHTS;
    expect(scoreOf(f)).toBeCloseTo(0.85 * (w.position * 0.5 + w.format + w.ocr * 0.8));
  });
});

describe('unclippedRead (a tight crop that clipped an end character)', () => {
  const read = (compact: string, score: number, first = 0.99, matched = true): LineReadView => ({
    compact,
    matched,
    probs: [...compact].map((_, i) => (i === 0 ? first : 0.99)),
    score,
  });
  const id = (r: LineReadView) => r;

  it('takes the read with one more sure end character, twice over', () => {
    const best = read('K7551', 0.9);
    const reads = [best, read('JK7551', 0.85), read('AJK7551', 0.84), read('AK7551', 0.7)];
    expect(unclippedRead(best, reads, id).compact).toBe('AJK7551');
    const nz = read('NZZ935', 0.998);
    expect(unclippedRead(nz, [nz, read('4NZZ935', 0.995)], id).compact).toBe('4NZZ935');
  });

  it('keeps the best read when the extra character is doubtful, far behind or fits no format', () => {
    const best = read('K7551', 0.9);
    expect(unclippedRead(best, [best, read('JK7551', 0.85, 0.6)], id)).toBe(best);
    expect(unclippedRead(best, [best, read('JK7551', 0.75)], id)).toBe(best);
    expect(unclippedRead(best, [best, read('JK7551', 0.88, 0.99, false)], id)).toBe(best);
    // Another text, not the best one plus an end character.
    expect(unclippedRead(best, [best, read('K75510', 0.88, 0.99)], id).compact).toBe('K75510');
    expect(unclippedRead(best, [best, read('K7S51X', 0.88)], id)).toBe(best);
  });
});

describe('voteReads (best of N frames)', () => {
  it('votes per character among reads of the winning length', () => {
    const v = voteReads([
      { text: 'ABC-123', confidence: 0.9 },
      { text: 'A8C-123', confidence: 0.6 },
      { text: 'ABC-128', confidence: 0.5 },
      { text: 'BC123', confidence: 0.95 },
    ])!;
    expect(v.text).toBe('ABC123');
    expect(v.support).toBe(3);
    expect(v.frames).toBe(4);
    expect(v.confidence).toBeGreaterThan(0);
    expect(v.confidence).toBeLessThanOrEqual(1);
  });

  it('assembles a plate no single frame read fully', () => {
    const v = voteReads([
      { text: 'XBC123', confidence: 0.5 },
      { text: 'AYC123', confidence: 0.5 },
      { text: 'ABZ123', confidence: 0.5 },
    ])!;
    expect(v.text).toBe('ABC123');
  });

  it('gives undefined for nothing usable', () => {
    expect(voteReads([])).toBeUndefined();
    expect(
      voteReads([
        { text: '--', confidence: 0.9 },
        { text: 'ABC', confidence: 0 },
      ]),
    ).toBeUndefined();
  });
});

describe('repeatOffenderScore', () => {
  const now = Date.UTC(2026, 5, 1);
  const day = 86_400_000;

  it('no history scores 0 with every factor visible', () => {
    const r = repeatOffenderScore([], now);
    expect(r).toMatchObject({ score: 0, level: 'none' });
    expect(r.factors).toMatchObject({ count30: 0, count90: 0, count365: 0, daysSinceLast: null });
  });

  it('one minor infraction today scores 15 (5 × 3 × 1 × 1)', () => {
    const r = repeatOffenderScore([{ occurredAt: now, severity: 1 }], now);
    expect(r.score).toBe(15);
    expect(r.level).toBe('low');
    expect(r.explanation).toContain('= 15');
  });

  it('counts windows, severity by type and recency', () => {
    const r = repeatOffenderScore(
      [
        { occurredAt: now - 10 * day, type: 'red-light' },
        { occurredAt: now - 60 * day, type: 'speed' },
        { occurredAt: now - 200 * day, severity: 1 },
        { occurredAt: now - 400 * day, severity: 3 },
      ],
      now,
    );
    expect(r.factors).toMatchObject({
      count30: 1,
      count90: 2,
      count365: 3,
      weightedCount: 6,
      daysSinceLast: 10,
    });
    expect(r.factors.meanSeverity).toBe(2);
    const recency = 0.5 + 0.5 * Math.exp(-10 / 30);
    expect(r.factors.recencyFactor).toBeCloseTo(recency, 2);
    expect(r.score).toBe(Math.round(5 * 6 * 2 * recency));
  });

  it('a weekly serious offender caps at 100; old history decays', () => {
    const weekly = Array.from({ length: 8 }, (_, i) => ({
      occurredAt: now - i * 7 * day,
      severity: 3 as const,
    }));
    expect(repeatOffenderScore(weekly, now)).toMatchObject({ score: 100, level: 'high' });
    const old = repeatOffenderScore([{ occurredAt: now - 300 * day, severity: 1 }], now);
    expect(old.score).toBe(3);
  });

  it('ignores invalid timestamps and treats future ones as today', () => {
    const r = repeatOffenderScore(
      [{ occurredAt: Number.NaN }, { occurredAt: now + 5 * day, severity: 1 }],
      now,
    );
    expect(r.factors.count30).toBe(1);
    expect(r.factors.daysSinceLast).toBe(0);
  });
});

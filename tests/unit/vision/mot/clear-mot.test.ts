import { describe, it, expect } from 'vitest';
import { evaluateMot } from '../../../../inference/vision/mot/clear-mot';
import {
  formatMot,
  parseMot,
  MotParseError,
  type MotRow,
} from '../../../../inference/vision/mot/mot-format';

const r = (frame: number, id: number, x: number, y = 0, w = 10, h = 10): MotRow => ({
  frame,
  id,
  x,
  y,
  w,
  h,
  conf: 1,
});

describe('CLEAR MOT and identity metrics, hand-computed', () => {
  it('one miss, one false positive, one switch, one fragmentation', () => {
    // GT: objects 1 (x=0) and 2 (x=100) on frames 1..4.
    const gt = [1, 2, 3, 4].flatMap((f) => [r(f, 1, 0), r(f, 2, 100)]);
    // Tracker: A(=10) on object 1 throughout; B(=20) on object 2 at frame 1, nothing at frame 2,
    // C(=30) on object 2 at frames 3..4; a false positive D(=40) at frame 3.
    const hyp = [
      r(1, 10, 0),
      r(1, 20, 100),
      r(2, 10, 0),
      r(3, 10, 0),
      r(3, 30, 100),
      r(3, 40, 500),
      r(4, 10, 0),
      r(4, 30, 100),
    ];
    const m = evaluateMot(gt, hyp);
    expect(m.gtObjects).toBe(8);
    expect(m.matches).toBe(7);
    expect(m.fn).toBe(1);
    expect(m.fp).toBe(1);
    expect(m.idSwitches).toBe(1);
    expect(m.fragmentations).toBe(1);
    expect(m.mota).toBeCloseTo(1 - 3 / 8);
    expect(m.motp).toBeCloseTo(1);
    // Best id mapping: 1↔A (4 frames), 2↔C (2 frames) → IDTP 6 of 8 gt and 8 hyp boxes.
    expect(m.idtp).toBe(6);
    expect(m.idfp).toBe(2);
    expect(m.idfn).toBe(2);
    expect(m.idf1).toBeCloseTo(0.75);
    expect(m.idp).toBeCloseTo(0.75);
    expect(m.idr).toBeCloseTo(0.75);
    expect(m.mostlyTracked).toBe(1); // object 1 at 100 %; object 2 at 75 %
  });

  it('keeps a still-valid correspondence instead of switching to a better-overlapping box', () => {
    const gt = [r(1, 1, 0), r(2, 1, 0)];
    // Frame 2: A drifted by 2 px (IoU 80/120), B sits exactly on the object.
    const hyp = [r(1, 10, 0), r(2, 10, 2), r(2, 11, 0)];
    const m = evaluateMot(gt, hyp);
    expect(m.idSwitches).toBe(0);
    expect(m.matches).toBe(2);
    expect(m.fp).toBe(1);
    expect(m.motp).toBeCloseTo((1 + 80 / 120) / 2);
  });

  it('IoU exactly at the threshold matches; below it does not', () => {
    expect(evaluateMot([r(1, 1, 0)], [{ ...r(1, 9, 0), h: 20 }]).matches).toBe(1); // IoU 0.5
    const m = evaluateMot([r(1, 1, 0)], [{ ...r(1, 9, 0), h: 21 }]);
    expect(m.matches).toBe(0);
    expect(m.fn).toBe(1);
    expect(m.fp).toBe(1);
    expect(m.mota).toBe(-1);
  });

  it('maximises the number of matches before overlap', () => {
    // gt1 at x=0, gt2 at x=6; hyp a at x=3 overlaps both (IoU 7/13 each), hyp b at x=8 overlaps
    // only gt2 (IoU 8/12). Best IoU alone would give a→? but the only way to match both is a→gt1, b→gt2.
    const gt = [r(1, 1, 0), r(1, 2, 6)];
    const hyp = [r(1, 10, 3, 0, 10, 10), r(1, 11, 8, 0, 10, 10)];
    const m = evaluateMot(gt, hyp, 0.5);
    expect(m.matches).toBe(2);
  });
});

describe('MOT files', () => {
  it('parses MOT15 and MOT16-style rows and round-trips the tracker layout', () => {
    const rows = parseMot('1,-1,10.5,20,30,40,0.9,-1,-1,-1\n\n2,3,1,2,3,4,1,1,0.75\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ frame: 1, id: -1, x: 10.5, conf: 0.9 });
    expect(rows[0].classId).toBeUndefined();
    expect(rows[1]).toMatchObject({ classId: 1, visibility: 0.75 });
    expect(parseMot(formatMot(rows))).toEqual(
      rows
        .map((x) => ({ ...x, classId: undefined, visibility: undefined }))
        .map(({ classId: _c, visibility: _v, ...rest }) => rest),
    );
  });
  it('names the bad line', () => {
    expect(() => parseMot('1,2,3,4,5,6\nnot,a,row')).toThrow(MotParseError);
    try {
      parseMot('1,2,3,4,5,6\nnot,a,row');
    } catch (e) {
      expect((e as MotParseError).line).toBe(2);
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  decideReattach,
  gateReattach,
  ReidReattacher,
  type LostTrack,
} from '../../../../inference/vision/reid/reattach';

const box = (cx: number, cy: number, h = 100) => ({
  x1: cx - h / 4,
  y1: cy - h / 2,
  x2: cx + h / 4,
  y2: cy + h / 2,
});
const A = [1, 0, 0, 0];
const A2 = [0.95, 0.2, 0.1, 0];
const B = [0, 1, 0, 0];

const lost = (over: Partial<LostTrack> = {}): LostTrack => ({
  id: 7,
  label: 'person',
  lastSeenMs: 1000,
  lastBox: box(200, 200),
  velocity: [0, 0],
  embedding: A,
  ...over,
});

describe('re-attachment gate', () => {
  it('passes a nearby reappearance soon after', () => {
    expect(
      gateReattach(lost(), { label: 'person', startMs: 2000, box: box(300, 200), embedding: A }),
    ).toEqual({ ok: true });
  });

  it('refuses outside the time window, or before it was lost', () => {
    const fresh = { label: 'person', startMs: 20_000, box: box(200, 200), embedding: A };
    expect(gateReattach(lost(), fresh)).toEqual({ ok: false, reason: 'window' });
    expect(gateReattach(lost({ lastSeenMs: 30_000 }), fresh)).toEqual({
      ok: false,
      reason: 'window',
    });
  });

  it('refuses another class and an implausible size change', () => {
    expect(
      gateReattach(lost(), { label: 'car', startMs: 1500, box: box(200, 200), embedding: A }).ok,
    ).toBe(false);
    expect(
      gateReattach(lost(), {
        label: 'person',
        startMs: 1500,
        box: box(200, 200, 300),
        embedding: A,
      }),
    ).toEqual({ ok: false, reason: 'scale' });
  });

  it('refuses a jump farther than it could have walked, allows it along its velocity', () => {
    // 0.5 s gap: reach = (3 × 0.5 + 1) × 100 px = 250 px.
    const far = { label: 'person', startMs: 1500, box: box(600, 200), embedding: A };
    expect(gateReattach(lost(), far)).toEqual({ ok: false, reason: 'distance' });
    // Moving right at 800 px/s, it would be at 600 after 0.5 s.
    expect(gateReattach(lost({ velocity: [800, 0] }), far)).toEqual({ ok: true });
  });
});

describe('re-attachment decision', () => {
  const fresh = { label: 'person', startMs: 2000, box: box(250, 200), embedding: A2 };

  it('re-attaches to the most similar plausible lost track above the threshold', () => {
    const d = decideReattach(fresh, [lost({ id: 3, embedding: B }), lost({ id: 7 })]);
    expect(d.id).toBe(7);
    expect(d.similarity).toBeGreaterThan(0.9);
  });

  it('keeps a new id below the threshold, with no candidate, or when ambiguous', () => {
    expect(decideReattach(fresh, [lost({ embedding: B })])).toMatchObject({
      reason: 'below-threshold',
    });
    expect(decideReattach(fresh, [])).toEqual({ reason: 'no-candidate' });
    expect(decideReattach(fresh, [lost({ id: 1 }), lost({ id: 2 })])).toMatchObject({
      reason: 'ambiguous',
    });
  });

  it('ignores a similar track that is gated out', () => {
    expect(decideReattach(fresh, [lost({ label: 'car' })])).toEqual({ reason: 'no-candidate' });
  });
});

describe('ReidReattacher', () => {
  it('gives a track lost behind an occlusion its old id back, and not a different person', () => {
    const r = new ReidReattacher();
    const emb = new Map<number, number[]>([
      [1, A],
      [2, A2],
      [3, B],
    ]);
    const f = (id: number) => emb.get(id);
    // Track 1 walks right for 1 s.
    for (let i = 0; i <= 10; i++)
      expect(
        r.update([{ trackId: 1, label: 'person', box: box(100 + i * 10, 200) }], i * 100, f),
      ).toEqual([1]);
    // Occluded 2 s, then the tracker starts track 2 a little further on: same person.
    expect(r.update([{ trackId: 2, label: 'person', box: box(240, 200) }], 3000, f)).toEqual([1]);
    expect(r.reattached).toBe(1);
    // Later another person (track 3) appears nearby while 2 is lost: different looks, own id.
    expect(r.update([{ trackId: 3, label: 'person', box: box(250, 200) }], 4000, f)).toEqual([3]);
    // And track 2 keeps reporting 1 while it is seen.
    expect(
      r.update(
        [
          { trackId: 2, label: 'person', box: box(260, 200) },
          { trackId: 3, label: 'person', box: box(400, 200) },
        ],
        4100,
        f,
      ),
    ).toEqual([1, 3]);
  });

  it('never gives one id to two live tracks', () => {
    const r = new ReidReattacher();
    const f = () => A;
    r.update([{ trackId: 1, label: 'person', box: box(100, 200) }], 0, f);
    r.update([{ trackId: 2, label: 'person', box: box(150, 200) }], 500, f);
    const ids = r.update(
      [
        { trackId: 2, label: 'person', box: box(150, 200) },
        { trackId: 3, label: 'person', box: box(160, 200) },
      ],
      600,
      f,
    );
    expect(new Set(ids).size).toBe(2);
  });

  it("waits for a new track's embedding, then keeps its own id past the deadline", () => {
    const r = new ReidReattacher({ decideWithinMs: 300 });
    r.update([{ trackId: 1, label: 'person', box: box(100, 200) }], 0, () => A);
    const none = () => undefined;
    expect(r.update([{ trackId: 2, label: 'person', box: box(110, 200) }], 1000, none)).toEqual([
      2,
    ]);
    expect(r.pending()).toEqual([2]);
    expect(r.update([{ trackId: 2, label: 'person', box: box(110, 200) }], 1400, none)).toEqual([
      2,
    ]);
    expect(r.pending()).toEqual([]);
    // Too late now: the decision is made.
    expect(r.update([{ trackId: 2, label: 'person', box: box(110, 200) }], 1500, () => A)).toEqual([
      2,
    ]);
  });

  it('tries each new embedding of a new track until its deadline (a first crop cut by the edge)', () => {
    const r = new ReidReattacher({ decideWithinMs: 1000 });
    r.update([{ trackId: 1, label: 'person', box: box(100, 200) }], 0, () => A);
    // Track 2 first looks like nobody (half out of the picture), then like person 1.
    expect(r.update([{ trackId: 2, label: 'person', box: box(120, 200) }], 2000, () => B)).toEqual([
      2,
    ]);
    expect(r.pending()).toEqual([2]);
    expect(r.update([{ trackId: 2, label: 'person', box: box(125, 200) }], 2300, () => A2)).toEqual(
      [1],
    );
    expect(r.pending()).toEqual([]);
  });
});

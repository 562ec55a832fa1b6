import { describe, expect, it } from 'vitest';
import { StillRing } from '../../../../inference/worker/camera/still-ring';
import type { JpegFrame } from '../../../../inference/worker/camera/camera-runner';

const still = (frameId: number): JpegFrame => ({
  frameId,
  width: 4,
  height: 2,
  jpeg: new Uint8Array([frameId]),
});

describe('StillRing: the still of exactly one frame, or none', () => {
  it('gives a held still at once and waits for one still to come', async () => {
    const ring = new StillRing(4);
    ring.push(still(1));
    expect((await ring.waitFor(1))?.frameId).toBe(1);
    const later = ring.waitFor(3);
    ring.push(still(2));
    ring.push(still(3));
    expect((await later)?.frameId).toBe(3);
  });

  it('never hands out another frame: a later still, eviction or close means none', async () => {
    const ring = new StillRing(2);
    const skipped = ring.waitFor(5);
    ring.push(still(6));
    expect(await skipped).toBeUndefined();
    // Asked after a later one came.
    expect(await ring.waitFor(5)).toBeUndefined();
    ring.push(still(7));
    ring.push(still(8));
    expect(ring.size).toBe(2);
    expect(ring.get(6)).toBeUndefined();
    expect(await ring.waitFor(6)).toBeUndefined();
    const pending = ring.waitFor(20);
    ring.close();
    expect(await pending).toBeUndefined();
    expect(await ring.waitFor(21)).toBeUndefined();
  });

  it('resolves waiters in frame order, the missing ones first', async () => {
    const ring = new StillRing(8);
    const order: string[] = [];
    const a = ring.waitFor(10).then((s) => order.push(`10:${s?.frameId ?? 'none'}`));
    const b = ring.waitFor(11).then((s) => order.push(`11:${s?.frameId ?? 'none'}`));
    const c = ring.waitFor(11).then((s) => order.push(`11b:${s?.frameId ?? 'none'}`));
    ring.push(still(11));
    await Promise.all([a, b, c]);
    expect(order).toEqual(['10:none', '11:11', '11b:11']);
  });

  it('gives up after its wait time when the stills stop', async () => {
    const ring = new StillRing(4, 20);
    expect(await ring.waitFor(1)).toBeUndefined();
  });
});

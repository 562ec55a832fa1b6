import { afterEach, describe, expect, it } from 'vitest';
import { ReviewService } from '../../../../electron/host/store/review';
import { createPlateStatsHandlers } from '../../../../electron/host/handlers/plate-stats-handlers';
import type { PlateState } from '../../../../electron/shared/domain/infraction';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore | undefined;
afterEach(() => t?.cleanup());

describe('plate state in the store, the review filter and the read rates', () => {
  it('stores read / unreadable / none apart, filters on them and counts the unreadable share', async () => {
    t = openTestStore();
    const rng = mulberry32(17);
    const now = t.clock.t;
    const make = (cameraId: string, i: number, state?: PlateState, confidence = 0.9) => {
      const { plate: _p, ...inf } = syntheticInfraction(rng, { occurredAt: now - 1000 - i });
      return {
        ...inf,
        cameraId,
        ...(state ? { plateState: state } : {}),
        ...(state === 'read'
          ? { plate: { text: `ABC-12${i}`, rawText: `ABC12${i}`, confidence } }
          : {}),
      };
    };
    const rows = [
      make('gate', 1, 'read', 0.95),
      make('gate', 2, 'read', 0.45),
      make('gate', 3, 'unreadable'),
      make('gate', 4, 'none'),
      make('pole', 5, 'unreadable'),
      make('pole', 6, 'unreadable'),
      make('pole', 7, 'read', 0.7),
      // An event from before plate states: no plate means no plate.
      make('pole', 8),
    ];
    t.store.infractions.insert(rows);
    const review = new ReviewService(t.store);
    const ids = (q: Parameters<ReviewService['list']>[0]) =>
      review
        .list(q)
        .items.map((i) => i.id)
        .sort();
    expect(ids({ plateState: 'unreadable' })).toEqual([rows[2].id, rows[4].id, rows[5].id].sort());
    expect(ids({ plateState: 'none' })).toEqual([rows[3].id, rows[7].id].sort());
    expect(ids({ plateState: 'read', maxPlateConfidence: 0.6 })).toEqual([rows[1].id]);
    // The record keeps exactly what was sealed: an event from before plate states gets none
    // added (its hash covers the event as written), one with a state keeps it.
    expect(t.store.infractions.get(rows[7].id)!.plateState).toBeUndefined();
    expect(t.store.infractions.get(rows[3].id)!.plateState).toBe('none');
    const got = review.list({ plateState: 'unreadable', cameraId: 'gate' }).items;
    expect(got.map((i) => [i.plateState, i.plate])).toEqual([['unreadable', undefined]]);

    const h = createPlateStatsHandlers({ store: t.store, now: () => now });
    const r = await h['plateStats.readRates']({ days: 7 }, {} as never);
    const byCamera = Object.fromEntries(r.cameras.map((c) => [c.cameraId, c]));
    expect(byCamera.pole).toMatchObject({ infractions: 4, read: 1, unreadable: 2 });
    expect(byCamera.pole.unreadableShare).toBe(0.5);
    expect(byCamera.gate).toMatchObject({ infractions: 4, read: 2, unreadable: 1 });
    expect(byCamera.gate.unreadableShare).toBe(0.25);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createPlateStatsHandlers } from '../../../../electron/host/handlers/plate-stats-handlers';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore | undefined;
afterEach(() => t?.cleanup());

describe('plateStats.readRates', () => {
  it('gives each camera its read rate, mean confidence and low-confidence reads, worst first', async () => {
    t = openTestStore();
    const rng = mulberry32(7);
    const now = t.clock.t;
    const make = (cameraId: string, i: number, plate?: { text: string; confidence: number }) => {
      const inf = syntheticInfraction(rng, { occurredAt: now - 1000 - i });
      const { plate: _p, ...rest } = inf;
      return {
        ...rest,
        cameraId,
        ...(plate ? { plate: { ...plate, rawText: plate.text, country: 'PE' } } : {}),
      };
    };
    t.store.infractions.insert([
      make('gate', 1, { text: 'ABC-123', confidence: 0.95 }),
      make('gate', 2, { text: 'ABC-124', confidence: 0.85 }),
      make('gate', 3, { text: 'ABC-125', confidence: 0.5 }),
      make('gate', 4),
      make('yard', 5, { text: 'XYZ-123', confidence: 0.9 }),
      make('yard', 6),
      make('yard', 7),
      make('yard', 8),
    ]);
    // Outside the window: not counted.
    const old = syntheticInfraction(rng, { occurredAt: now - 30 * 24 * 3600 * 1000 });
    t.store.infractions.insert([{ ...old, cameraId: 'yard' }]);
    const h = createPlateStatsHandlers({ store: t.store, now: () => now });
    const r = await h['plateStats.readRates']({ days: 7 }, {} as never);
    expect(r.cameras).toEqual([
      {
        cameraId: 'yard',
        infractions: 4,
        read: 1,
        readRate: 0.25,
        meanConfidence: 0.9,
        lowConfidence: 0,
        unreadable: 0,
        unreadableShare: 0,
      },
      {
        cameraId: 'gate',
        infractions: 4,
        read: 3,
        readRate: 0.75,
        meanConfidence: 0.767,
        lowConfidence: 1,
        unreadable: 0,
        unreadableShare: 0,
      },
    ]);
  });
});

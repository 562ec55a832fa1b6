import { afterEach, describe, expect, it } from 'vitest';
import { ReviewService } from '../../../../electron/host/store/review';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore | undefined;
afterEach(() => t?.cleanup());

describe('review filters on the plate reading confidence', () => {
  it('keeps the doubtful reads apart from the sure ones; infractions without a plate in neither', () => {
    t = openTestStore();
    const rng = mulberry32(11);
    const at = (i: number, confidence?: number) => {
      const { plate: _p, ...inf } = syntheticInfraction(rng, { occurredAt: t!.clock.t - i });
      return {
        ...inf,
        ...(confidence === undefined
          ? {}
          : { plate: { text: `ABC-12${i}`, rawText: `ABC12${i}`, confidence } }),
      };
    };
    const rows = [at(1, 0.95), at(2, 0.4), at(3, 0.59), at(4)];
    t.store.infractions.insert(rows);
    const review = new ReviewService(t.store);
    const ids = (q: Parameters<ReviewService['list']>[0]) =>
      review
        .list(q)
        .items.map((i) => i.id)
        .sort();
    expect(ids({ maxPlateConfidence: 0.6 })).toEqual([rows[1].id, rows[2].id].sort());
    expect(ids({ minPlateConfidence: 0.6 })).toEqual([rows[0].id]);
    expect(ids({})).toHaveLength(4);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ReviewService } from '../../../../electron/host/store/review';
import { infractionMethods } from '../../../../electron/shared/api/methods/infractions';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

describe('large inputs to the store', () => {
  it('the contract refuses a filter list longer than any real one', () => {
    const params = infractionMethods['infractions.list'].params;
    expect(params.safeParse({ status: Array(95_000).fill('pending') }).success).toBe(false);
    expect(params.safeParse({ type: Array(95_000).fill('speed') }).success).toBe(false);
    expect(params.safeParse({ status: ['pending', 'validated'] }).success).toBe(true);
  });

  it('the queue query answers a list of 95 000 values (past SQLite’s variable limit)', () => {
    t = openTestStore();
    const rng = mulberry32(3);
    t.store.infractions.insert(
      Array.from({ length: 5 }, (_, i) =>
        syntheticInfraction(rng, { occurredAt: Date.UTC(2026, 0, 15) + i }),
      ),
    );
    const review = new ReviewService(t.store);
    const page = review.list({
      status: Array(95_000).fill('pending'),
      type: Array(95_000).fill('speed'),
    });
    expect(page.items.length).toBe(
      review.list({ status: ['pending'], type: ['speed'] }).items.length,
    );
  });
});

describe('audit verification in slices', () => {
  function fill(n: number) {
    t.store.tx(() => {
      for (let i = 0; i < n; i++)
        t.store.audit.append('alice', 'infraction.validate', `infraction:${i}`, { i });
    });
  }

  it('gives the same answer as the one-pass verification, on a good and on a tampered log', async () => {
    t = openTestStore();
    fill(1234);
    expect(await t.store.audit.verifyAsync(100)).toEqual(t.store.audit.verify());
    t.store.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE origin_seq = 700").run();
    t.store.db.prepare('DELETE FROM audit_log WHERE origin_seq = 201').run();
    t.store.db.prepare('DELETE FROM audit_log WHERE origin_seq >= 1230').run();
    const sliced = await t.store.audit.verifyAsync(100);
    expect(sliced).toEqual(t.store.audit.verify());
    expect(sliced.ok).toBe(false);
    expect(sliced.problems.map((p) => [p.originSeq, p.kind])).toEqual(
      expect.arrayContaining([
        [201, 'missing'],
        [700, 'modified'],
        [1230, 'missing'],
      ]),
    );
  });

  it('lets other work run while it checks 32 000 lines', async () => {
    t = openTestStore();
    fill(32_000);
    let ticks = 0;
    let running = true;
    const tick = (): void => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await t.store.audit.verifyAsync();
    running = false;
    expect(result).toMatchObject({ ok: true, checked: 32_000 });
    // 32 000 lines in slices of 500: the loop turned between slices, other callbacks ran.
    expect(ticks).toBeGreaterThanOrEqual(32_000 / 500 - 1);
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../../../electron/host/store/batch-writer';
import { RetentionJob } from '../../../../electron/host/store/retention';
import { ReviewService } from '../../../../electron/host/store/review';
import {
  mulberry32,
  syntheticInfraction,
  writeSyntheticEvidence,
} from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());
const DAY = 86_400_000;

describe('BatchWriter', () => {
  it('queues without writing, then writes everything in one flush; bad infractions do not block others', () => {
    t = openTestStore();
    const errors: unknown[] = [];
    const w = new BatchWriter(t.store, { onError: (e) => errors.push(e) });
    for (let i = 0; i < 1000; i++)
      w.event({
        ts: t.clock.t,
        cameraId: 'c',
        kind: 'detection',
        trackId: i,
        box: { x1: 0, y1: 0, x2: 1, y2: 1 },
      });
    w.metric({ ts: t.clock.t, cameraId: 'c', fps: 9.5, inferenceMs: 21, provider: 'cpu' });
    const good = syntheticInfraction(mulberry32(1), { occurredAt: t.clock.t });
    w.infraction(good);
    w.infraction({ ...good, id: 'not-a-uuid' });
    expect((t.store.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(
      0,
    );
    expect(w.flush()).toBe(1002);
    expect((t.store.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(
      1000,
    );
    expect(t.store.infractions.get(good.id)).toBeDefined();
    expect(w.stats.rejected).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'store.error.invalidInfraction' });
  });

  it('bounds its queue by dropping the oldest raw events', () => {
    t = openTestStore();
    const w = new BatchWriter(t.store, { maxQueue: 100 });
    for (let i = 0; i < 150; i++) w.event({ ts: i, cameraId: 'c', kind: 'detection' });
    expect(w.queued).toBe(100);
    expect(w.stats.dropped).toBe(50);
  });
});

describe('RetentionJob', () => {
  it('prunes old events and metrics incrementally and only rejected evidence after its period', async () => {
    t = openTestStore();
    const now = t.clock.t;
    const w = new BatchWriter(t.store);
    for (let i = 0; i < 120; i++) {
      w.event({ ts: now - (i < 100 ? 100 : 10) * DAY, cameraId: 'c', kind: 'detection' });
      w.metric({ ts: now - (i < 50 ? 91 : 1) * DAY, cameraId: 'c', fps: 10 });
    }
    w.flush();
    const rng = mulberry32(3);
    const root = path.join(t.dir, 'evidence');
    const make = (name: string) => {
      const ev = writeSyntheticEvidence(root, `${name}/clip.mp4`, 4096, name.length);
      const inf = syntheticInfraction(rng, { occurredAt: now - 60 * DAY, evidence: [ev] });
      t.store.infractions.insert([inf]);
      return inf;
    };
    const review = new ReviewService(t.store);
    const rejectedOld = make('rejected-old');
    const rejectedNew = make('rejected-new');
    const validated = make('validated');
    const appealed = make('appealed-x');
    const pending = make('pending-xx');
    t.clock.t = now - 40 * DAY;
    review.decide(
      rejectedOld.id,
      { action: 'reject', reason: 'bad', expectedVersion: 1 },
      { name: 'op' },
    );
    review.decide(validated.id, { action: 'validate', expectedVersion: 1 }, { name: 'op' });
    review.decide(
      appealed.id,
      { action: 'reject', reason: 'bad', expectedVersion: 1 },
      { name: 'op' },
    );
    review.decide(appealed.id, { action: 'appeal', expectedVersion: 2 }, { name: 'op' });
    t.clock.t = now - 5 * DAY;
    review.decide(
      rejectedNew.id,
      { action: 'reject', reason: 'bad', expectedVersion: 1 },
      { name: 'op' },
    );
    t.clock.t = now;

    const job = new RetentionJob(t.store, { batchSize: 30, rejectedEvidenceDays: 30 });
    const first = await job.step();
    expect(first).toMatchObject({ events: 30, metrics: 30, more: true });
    const rest = await job.runToCompletion();
    expect(first.events + rest.events).toBe(100);
    expect(first.metrics + rest.metrics).toBe(50);
    expect(first.evidenceFiles + rest.evidenceFiles).toBe(1);
    expect(existsSync(path.join(root, 'rejected-old/clip.mp4'))).toBe(false);
    for (const kept of ['rejected-new', 'validated', 'appealed-x', 'pending-xx']) {
      expect(existsSync(path.join(root, `${kept}/clip.mp4`))).toBe(true);
    }
    expect(t.store.infractions.get(rejectedOld.id)!.evidence[0]).toMatchObject({
      present: false,
      prunedAt: now,
    });
    expect(t.store.audit.list({ action: 'retention.evidencePruned' })).toHaveLength(1);
    expect(t.store.infractions.get(pending.id)!.evidence[0].present).toBe(true);
  });

  it('age-based pruning skips locked cases and keeps a segment another case still uses', async () => {
    t = openTestStore();
    const now = t.clock.t;
    const rng = mulberry32(9);
    const root = path.join(t.dir, 'evidence');
    const shared = writeSyntheticEvidence(root, 'c/segments/shared.ts', 2048, 1, 'clip-segment');
    const make = (name: string) => {
      const own = writeSyntheticEvidence(root, `${name}/clip.json`, 256, name.length);
      const inf = syntheticInfraction(rng, { occurredAt: now - 60 * DAY, evidence: [own, shared] });
      t.store.infractions.insert([inf]);
      return inf;
    };
    const review = new ReviewService(t.store);
    const rejected = make('rejected');
    const locked = make('locked-rej');
    const pending = make('pending-x');
    t.clock.t = now - 40 * DAY;
    for (const e of [rejected, locked])
      review.decide(e.id, { action: 'reject', reason: 'bad', expectedVersion: 1 }, { name: 'op' });
    review.setLock(locked.id, true, 2, { name: 'sup' });
    t.clock.t = now;
    await new RetentionJob(t.store, { rejectedEvidenceDays: 30 }).runToCompletion();
    expect(existsSync(path.join(root, 'rejected/clip.json'))).toBe(false);
    expect(existsSync(path.join(root, 'locked-rej/clip.json'))).toBe(true);
    expect(existsSync(path.join(root, 'pending-x/clip.json'))).toBe(true);
    // The rejected case's reference to the shared segment is pruned; the file stays for the others.
    expect(existsSync(path.join(root, 'c/segments/shared.ts'))).toBe(true);
    expect(
      t.store.infractions.get(rejected.id)!.evidence.every((f) => f.prunedAt !== undefined),
    ).toBe(true);
    expect(t.store.infractions.get(locked.id)!.evidence.every((f) => f.present)).toBe(true);
    expect(t.store.infractions.get(pending.id)!.evidence.every((f) => f.present)).toBe(true);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ReviewService } from '../../../../electron/host/store/review';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import {
  INFRACTION_CODE_PATTERN,
  stationOf,
} from '../../../../electron/shared/domain/fine-lifecycle';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

const DAY0 = Date.UTC(2026, 11, 1, 10);

function speeding(n: number, excess = 35) {
  const rng = mulberry32(11);
  return Array.from({ length: n }, (_, i) => ({
    ...syntheticInfraction(rng, { occurredAt: DAY0 + i * 1000 }),
    type: 'speed' as const,
    category: 'traffic' as const,
    measured: { speedKmh: 50 + excess, limitKmh: 50 },
  }));
}

describe('fines in the store', () => {
  it('gives each infraction a code unique to the workstation and day, searchable', () => {
    t = openTestStore();
    const events = speeding(3);
    t.store.infractions.insert(events);
    const station = stationOf(t.store.hostId);
    const codes = events.map((e) => t.store.infractions.get(e.id)!.code);
    expect(codes).toEqual([1, 2, 3].map((n) => `INF-20261201-${station}-00000${n}`));
    for (const c of codes) expect(c).toMatch(INFRACTION_CODE_PATTERN);
    // Re-sending the same events hands out no new codes.
    t.store.infractions.insert(events);
    expect(t.store.infractions.get(events[0].id)!.code).toBe(codes[0]);
    const review = new ReviewService(t.store);
    expect(review.list({ code: codes[1] }).items.map((i) => i.id)).toEqual([events[1].id]);
    expect(review.list({ code: `INF-20261201-${station}-*` }).items).toHaveLength(3);
    expect(review.list({ code: codes[1]!.toLowerCase() }).items).toHaveLength(1);
  });

  it('fixes the legal code and amount on validation; later catalogue edits do not move it', () => {
    t = openTestStore();
    const [e, other] = speeding(2);
    t.store.infractions.insert([e, other]);
    t.store.legalCodes.applyPreset('ES', 'admin');
    const review = new ReviewService(t.store);
    const v = review.decide(e.id, { action: 'validate', expectedVersion: 1 }, { name: 'op1' });
    expect(v.fine).toMatchObject({
      code: 'RGC 48',
      amount: 400,
      currency: 'EUR',
      points: 4,
      fixedBy: 'op1',
    });
    const tier = t.store.legalCodes.list().find((c) => c.id === 'es-speed-31')!;
    t.store.legalCodes.save({ ...tier, amount: 999 }, 'admin');
    expect(t.store.infractions.get(e.id)!.fine!.amount).toBe(400);
    const v2 = review.decide(other.id, { action: 'validate', expectedVersion: 1 }, { name: 'op1' });
    expect(v2.fine!.amount).toBe(999);
    const audit = t.store.audit.list({ target: `infraction:${e.id}` });
    expect(audit[0].details).toMatchObject({ legalCode: 'RGC 48', amount: 400 });
  });

  it('walks validate → notify → appeal → dismissed → pay → close with who, when and why', () => {
    t = openTestStore();
    const [e] = speeding(1);
    t.store.infractions.insert([e]);
    const review = new ReviewService(t.store);
    let r = review.decide(e.id, { action: 'validate', expectedVersion: 1 }, { name: 'op1' });
    r = review.decide(
      e.id,
      { action: 'notify', reason: 'correo certificado', expectedVersion: r.version },
      { name: 'op2' },
    );
    expect(r.status).toBe('notified');
    expect(() =>
      review.decide(e.id, { action: 'notify', expectedVersion: r.version }, { name: 'op2' }),
    ).toThrow(expect.objectContaining({ code: 'store.error.invalidTransition' }));
    r = review.decide(
      e.id,
      { action: 'appeal', reason: 'otro conductor', expectedVersion: r.version },
      { name: 'sup' },
    );
    r = review.decide(e.id, { action: 'validate', expectedVersion: r.version }, { name: 'sup' });
    expect(r).toMatchObject({ status: 'validated', appealOutcome: 'dismissed' });
    r = review.decide(e.id, { action: 'pay', expectedVersion: r.version }, { name: 'op1' });
    r = review.decide(e.id, { action: 'close', expectedVersion: r.version }, { name: 'op1' });
    expect(r.status).toBe('closed');
    expect(r.lifecycle!.map((s) => [s.action, s.from, s.to, s.by])).toEqual([
      ['validate', 'pending', 'validated', 'op1'],
      ['notify', 'validated', 'notified', 'op2'],
      ['appeal', 'notified', 'appealed', 'sup'],
      ['validate', 'appealed', 'validated', 'sup'],
      ['pay', 'validated', 'paid', 'op1'],
      ['close', 'paid', 'closed', 'op1'],
    ]);
    expect(r.lifecycle![1].reason).toBe('correo certificado');
    expect(r.lifecycle![3].outcome).toBe('dismissed');
    expect(() =>
      review.decide(e.id, { action: 'appeal', expectedVersion: r.version }, { name: 'op1' }),
    ).toThrow(expect.objectContaining({ code: 'store.error.invalidTransition' }));
  });

  it('carries code, fine and lifecycle through the sync payload to another workstation', () => {
    t = openTestStore();
    const [e] = speeding(1);
    t.store.infractions.insert([e]);
    t.store.legalCodes.applyPreset('PE', 'admin');
    const review = new ReviewService(t.store);
    review.decide(e.id, { action: 'validate', expectedVersion: 1 }, { name: 'op1' });
    const payload = t.store.infractions.exportForSync(e.id)!;
    const other = openTestStore();
    try {
      other.store.infractions.applyRemote(payload.record, payload.changeId, () => true);
      const copy = other.store.infractions.get(e.id)!;
      expect(copy.code).toBe(payload.record.code);
      expect(copy.fine).toEqual(payload.record.fine);
      expect(copy.lifecycle).toEqual(payload.record.lifecycle);
      expect(copy.fine).toMatchObject({ country: 'PE', currency: 'PEN' });
    } finally {
      other.cleanup();
    }
  });
});

import { describe, it, expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  eventHash,
  GENESIS_HASH,
  sealEvent,
  sha256Hex,
  verifyChain,
} from '../../../../inference/worker/evidence/chain';
import { canonicalJson } from '../../../../inference/vision/scene/canonical-json';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';

function base(cameraId: string, n: number): Omit<InfractionEvent, 'prevHash' | 'hash'> {
  return {
    id: randomUUID(),
    type: 'speed',
    category: 'traffic',
    cameraId,
    ruleId: 'limit',
    ruleVersion: 1,
    occurredAt: 1_700_000_000_000 + n * 1000,
    trackId: n,
    classLabel: 'car',
    measured: { speedKmh: 80 + n, limitKmh: 60 },
    confidence: 0.9,
    box: { x1: 1, y1: 2, x2: 3, y2: 4 },
    evidence: [],
  };
}

function chain(cameraId: string, n: number, start = GENESIS_HASH): InfractionEvent[] {
  const out: InfractionEvent[] = [];
  let prev = start;
  for (let i = 0; i < n; i++) {
    const e = sealEvent(base(cameraId, i), prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe('hash chain', () => {
  it('hash = SHA-256 of the canonical JSON of the event without hash', () => {
    const e = sealEvent(base('a', 1), GENESIS_HASH);
    const { hash, ...rest } = e;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Key order does not matter.
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as InfractionEvent;
    expect(eventHash(reordered)).toBe(hash);
  });

  it('an intact chain per camera verifies, interleaved cameras included; "" is accepted as genesis', () => {
    const a = chain('a', 3);
    const b = chain('b', 2, '');
    expect(verifyChain([a[0], b[0], a[1], b[1], a[2]])).toEqual({ ok: true, problems: [] });
  });

  it('names an edited, removed or reordered event', () => {
    const a = chain('a', 4);
    const edited = [...a];
    edited[1] = { ...a[1], measured: { ...a[1].measured, speedKmh: 61 } };
    const r1 = verifyChain(edited);
    expect(r1.problems).toEqual([
      expect.objectContaining({ code: 'evidence.error.eventHash', eventId: a[1].id, index: 1 }),
    ]);

    const removed = verifyChain([a[0], a[2], a[3]]);
    expect(removed.problems).toEqual([
      expect.objectContaining({ code: 'evidence.error.chain', eventId: a[2].id }),
    ]);

    const swapped = verifyChain([a[0], a[2], a[1], a[3]]);
    expect(swapped.ok).toBe(false);
    expect(swapped.problems.map((p) => p.code)).toEqual([
      'evidence.error.chain',
      'evidence.error.chain',
      'evidence.error.chain',
    ]);

    const truncatedHead = verifyChain(a.slice(1));
    expect(truncatedHead.problems[0].message).toMatch(/events before it are missing/);
  });
});

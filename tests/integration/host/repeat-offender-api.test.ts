import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import { mulberry32, syntheticInfraction } from '../../../tools/synth/synthetic-infractions';
import { createNodeHost } from '../../helpers/node-host';

const DAY = 86_400_000;

describe('plates.repeatOffender through the host API (real SQLite store, roles enforced)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-repeat-'));
  const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
  // Not started: no worker is needed to answer API calls.
  const host = createNodeHost({
    dataDir,
    logger: new Logger({ console: false }),
    services,
  });
  const ctx = host.newConnection('ws');
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('scores a plate from its history with every factor shown, and refuses callers without a session', async () => {
    const rng = mulberry32(7);
    const now = Date.now();
    const at = (daysAgo: number) => ({
      ...syntheticInfraction(rng, { occurredAt: now - daysAgo * DAY }),
      type: 'speed' as const,
      plate: { text: 'ABC-123', rawText: 'ABC123', confidence: 0.9 },
    });
    services.store.infractions.insert([at(2), at(20), at(60), at(200), at(400)]);

    const anonymous = await host.handle(
      { kind: 'request', id: 1, method: 'plates.repeatOffender', params: { plate: 'ABC-123' } },
      ctx,
    );
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'store.error.unauthenticated' } });

    const admin = await host.handle(
      {
        kind: 'request',
        id: 2,
        method: 'auth.createFirstAdmin',
        params: { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
      },
      ctx,
    );
    const token = (admin as { result: { token: string } }).result.token;
    const res = await host.handle(
      {
        kind: 'request',
        id: 3,
        method: 'plates.repeatOffender',
        params: { plate: 'ABC-123' },
        session: token,
      },
      ctx,
    );
    expect(res?.ok).toBe(true);
    const r = (
      res as {
        result: {
          score: number;
          level: string;
          factors: Record<string, number | null>;
          explanation: string;
        };
      }
    ).result;
    // 400 days ago is outside the year: 2 within 30 days, 1 more within 90, 1 more within 365.
    expect(r.factors).toMatchObject({
      count30: 2,
      count90: 3,
      count365: 4,
      weightedCount: 3 * 2 + 2 * 1 + 1,
      daysSinceLast: 2,
    });
    expect(r.score).toBeGreaterThan(0);
    expect(r.explanation).toContain('= ' + r.score);
    const none = await host.handle(
      {
        kind: 'request',
        id: 4,
        method: 'plates.repeatOffender',
        params: { plate: 'ZZZ-999' },
        session: token,
      },
      ctx,
    );
    expect(none).toMatchObject({ ok: true, result: { score: 0, level: 'none' } });
  });
});

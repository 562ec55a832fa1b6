import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewService } from '../../../../electron/host/store/review';
import {
  mulberry32,
  syntheticInfraction,
  writeSyntheticEvidence,
} from '../../../../tools/synth/synthetic-infractions';
import { postgresSkipReason } from '../../../helpers/postgres';
import { until, useSyncCluster } from './hosts';
import { openSigningKey } from '../../../../electron/host/evidence/evidence-signer';
import { verifyCheckpoint, type Checkpoint } from '../../../../inference/worker/evidence/signing';

const { host, sql } = useSyncCluster();

describe.skipIf(!!postgresSkipReason)('sync through a shared PostgreSQL', () => {
  it('two workstations converge: infractions, evidence bytes, config, users and audit', async () => {
    const a = await host();
    const b = await host();
    const rng = mulberry32(11);
    const events = Array.from({ length: 40 }, (_, i) => {
      const ev = writeSyntheticEvidence(
        path.join(a.dir, 'evidence'),
        `a/${i}/clip.mp4`,
        300_000 + i,
        i,
      );
      return syntheticInfraction(rng, { occurredAt: Date.now() - i * 1000, evidence: [ev] });
    });
    a.store.infractions.insert(events);
    b.store.infractions.insert([syntheticInfraction(rng, { occurredAt: Date.now() })]);
    a.store.cameras.save(
      { id: 'gate', name: 'Gate', source: { kind: 'rtsp', url: 'rtsp://u:pw@10.0.0.9/s' } },
      'admin',
    );
    b.store.config.saveZone(
      { id: 'z1', cameraId: 'gate', name: 'Box', data: { p: [1, 2] } },
      'sup',
    );
    b.store.config.addRuleSet('gate', { speedLimit: 50 }, 'sup');
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    await a.sync.waitUntilSynced();

    for (const h of [a, b]) {
      expect(
        (h.store.db.prepare('SELECT COUNT(*) AS n FROM infractions').get() as { n: number }).n,
      ).toBe(41);
      expect(h.store.cameras.list().map((c) => c.id)).toEqual(['gate']);
      expect(h.store.config.zones().map((z) => z.name)).toEqual(['Box']);
      expect(h.store.config.ruleSet('gate')!.data).toEqual({ speedLimit: 50 });
      expect(h.store.audit.verify().ok).toBe(true);
    }
    // B got every evidence file, byte-identical, through PostgreSQL.
    const got = b.store.infractions.get(events[7].id)!;
    expect(got.evidence[0].present).toBe(true);
    expect(readFileSync(path.join(b.dir, 'evidence', got.evidence[0].path))).toEqual(
      readFileSync(path.join(a.dir, 'evidence', got.evidence[0].path)),
    );
    expect(b.sync.status()).toMatchObject({ state: 'connected', behind: 0, pendingDownloads: 0 });
    // The camera password never left A.
    expect(b.store.cameras.get('gate')!.source).toMatchObject({ url: 'rtsp://u@10.0.0.9/s' });
    // Idle, the loop only polls (pollMs 300 here); it must not spin on its own writes.
    const cycles = a.sync.counters.cycles;
    await new Promise((r) => setTimeout(r, 1500));
    expect(a.sync.counters.cycles - cycles).toBeLessThanOrEqual(8);
    const auditA = (
      a.store.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }
    ).n;
    const auditB = (
      b.store.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }
    ).n;
    expect(auditA).toBe(auditB);
  });

  it('signed evidence checkpoints and the public key are anchored on the shared server', async () => {
    const a = await host();
    const key = openSigningKey(a.store);
    for (let count = 1; count <= 3; count++)
      a.store.checkpoints.add(
        key.checkpoint({
          cameraId: 'gate',
          count,
          headHash: String(count).repeat(64),
          eventId: `ev-${count}`,
          signedAt: Date.now(),
        }),
      );
    await a.sync.waitUntilSynced();
    const keys = await sql<{ key_id: string; origin: string; public_key_pem: string }>(
      'SELECT key_id, origin, public_key_pem FROM watcher.evidence_signing_keys',
    );
    expect(keys).toEqual([
      { key_id: key.keyId, origin: a.store.hostId, public_key_pem: key.publicKeyPem },
    ]);
    const rows = await sql<{ origin: string; count: number; data: Checkpoint }>(
      'SELECT origin, count, data FROM watcher.evidence_checkpoints ORDER BY count',
    );
    expect(rows.map((r) => [r.origin, r.count])).toEqual([
      [a.store.hostId, 1],
      [a.store.hostId, 2],
      [a.store.hostId, 3],
    ]);
    // What the server holds still verifies with the installation's public key.
    const trusted = new Map([[key.keyId, key.publicKeyPem]]);
    for (const r of rows) expect(verifyCheckpoint(r.data, trusted)).toBe('ok');
  });

  it('the first committed decision wins; the second operator sees who decided and when', async () => {
    const a = await host();
    const b = await host();
    const inf = syntheticInfraction(mulberry32(5), { occurredAt: Date.now() });
    a.store.infractions.insert([inf]);
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    // Both look at version 1; B is offline when it decides.
    await b.sync.stop();
    new ReviewService(a.store).decide(
      inf.id,
      { action: 'validate', expectedVersion: 1 },
      { name: 'ana' },
    );
    await a.sync.waitUntilSynced();
    new ReviewService(b.store).decide(
      inf.id,
      { action: 'reject', reason: 'blurry', expectedVersion: 1 },
      { name: 'beto' },
    );
    b.sync.start();
    await b.sync.waitUntilSynced();
    await a.sync.waitUntilSynced();
    for (const h of [a, b])
      expect(h.store.infractions.get(inf.id)).toMatchObject({
        status: 'validated',
        decidedBy: 'ana',
      });
    expect(b.sync.status().conflicts).toBe(1);
    const note = b.store.audit.list({ action: 'sync.decisionConflict' })[0];
    expect(note.details).toMatchObject({
      kept: { by: 'ana', status: 'validated' },
      discarded: { by: 'beto', status: 'rejected' },
    });
    // B's own audit line of its (discarded) decision is kept, and A sees both after sync.
    await until(
      () => a.store.audit.list({ action: 'sync.decisionConflict' }).length === 1,
      10_000,
      'conflict note on A',
    );
    expect(a.store.audit.list({ target: `infraction:${inf.id}` }).map((e) => e.action)).toEqual(
      expect.arrayContaining(['infraction.validate', 'infraction.reject', 'sync.decisionConflict']),
    );

    // Online, the refresh before a decision makes the conflict immediate.
    const inf2 = syntheticInfraction(mulberry32(6), { occurredAt: Date.now() });
    a.store.infractions.insert([inf2]);
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    new ReviewService(a.store).decide(
      inf2.id,
      { action: 'validate', expectedVersion: 1 },
      { name: 'ana' },
    );
    await a.sync.waitUntilSynced();
    await b.sync.refreshInfraction(inf2.id);
    expect(() =>
      new ReviewService(b.store).decide(
        inf2.id,
        { action: 'reject', reason: 'x', expectedVersion: 1 },
        { name: 'beto' },
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'store.error.alreadyDecided',
        params: expect.objectContaining({ by: 'ana' }),
      }),
    );
  });

  it('an evidence lock and shared clip segments reach the other workstation', async () => {
    const a = await host();
    const b = await host();
    const rng = mulberry32(21);
    const root = path.join(a.dir, 'evidence');
    const seg = writeSyntheticEvidence(root, 'cam/segments/s1.ts', 50_000, 5, 'clip-segment');
    const [e1, e2] = [0, 1].map((i) =>
      syntheticInfraction(rng, {
        occurredAt: Date.now() - i * 1000,
        evidence: [writeSyntheticEvidence(root, `cam/${i}/clip.json`, 200, 30 + i), seg],
      }),
    );
    a.store.infractions.insert([e1, e2]);
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    new ReviewService(a.store).setLock(e1.id, true, 1, { name: 'sup' });
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    expect(b.store.infractions.get(e1.id)).toMatchObject({ lockedBy: 'sup', version: 2 });
    expect(b.store.infractions.get(e2.id)!.lockedBy).toBeUndefined();
    for (const id of [e1.id, e2.id])
      expect(b.store.infractions.get(id)!.evidence.every((f) => f.present)).toBe(true);
    expect(readFileSync(path.join(b.dir, 'evidence', 'cam/segments/s1.ts'))).toEqual(
      readFileSync(path.join(root, 'cam/segments/s1.ts')),
    );
    expect(b.store.audit.list({ action: 'infraction.lock' })).toHaveLength(1);
  });

  it('config edits are last-writer-wins and the audit trail shows both', async () => {
    const a = await host();
    const b = await host();
    await a.sync.stop();
    await b.sync.stop();
    a.store.config.saveZone({ id: 'z', cameraId: 'c', name: 'from A', data: {} }, 'ana');
    await new Promise((r) => setTimeout(r, 20));
    b.store.config.saveZone({ id: 'z', cameraId: 'c', name: 'from B', data: {} }, 'beto');
    b.sync.start();
    await b.sync.waitUntilSynced();
    a.sync.start();
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    for (const h of [a, b]) expect(h.store.config.zone('z')!.name).toBe('from B');
    const conflict = a.store.audit.list({ action: 'sync.configConflict' })[0];
    expect(conflict.details).toMatchObject({
      kept: { data: { name: 'from B' } },
      discarded: { data: { name: 'from A' } },
    });
    const edits = a.store.audit.list({ target: 'zone:z' }).map((e) => `${e.actor}:${e.action}`);
    expect(edits).toEqual(expect.arrayContaining(['ana:zone.create', 'beto:zone.create']));
  });

  it('users created on one workstation can log in on another', async () => {
    const { testAuth } = await import('../../../unit/host/store/helpers');
    const a = await host();
    const b = await host();
    await testAuth(a.store).createFirstAdmin({
      username: 'admin',
      password: 'admin-pass-1',
      displayName: 'Admin',
    });
    await a.sync.waitUntilSynced();
    await b.sync.waitUntilSynced();
    const authB = testAuth(b.store);
    expect(authB.needsFirstAdmin()).toBe(false);
    await expect(authB.login('admin', 'admin-pass-1')).resolves.toMatchObject({
      user: { role: 'admin' },
    });
  });
});

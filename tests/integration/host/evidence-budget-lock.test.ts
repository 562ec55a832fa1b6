import { exportInfractionPackage } from '../../../electron/host/evidence/export-package';
import { verifyEvidencePackage } from '../../../electron/host/evidence/evidence-package';
import { readZip } from '../../../electron/host/evidence/zip';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import type { ControlRoomHost } from '../../../electron/host/control-room-host';
import { openHostServices, type HostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import type { ConnectionContext } from '../../../electron/host/api-types';
import type { InfractionEvent } from '../../../electron/shared/domain/infraction';
import { EvidenceWriter } from '../../../inference/worker/evidence/evidence-writer';
import { verifyEvidenceStore } from '../../../inference/worker/evidence/verify';
import { materializeClip } from '../../../inference/worker/evidence/clip-store';
import type { SceneInfraction } from '../../../inference/vision/rules/rule-engine';
import { createNodeHost } from '../../helpers/node-host';
import { writeRingBuffer } from '../../helpers/ring-buffer-fixture';
import { speedInfraction } from '../../helpers/speed-infraction';

type Reply = {
  ok: boolean;
  // Replies are checked field by field by the assertions below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string };
};

const ffmpeg = ffmpegInstaller.path;
const T0 = 1_760_000_000;
const MB = 1024 * 1024;

function infraction(occurredAt: number, trackId: number): SceneInfraction {
  return speedInfraction({
    cameraId: 'cam-b',
    trackId,
    frameId: 0,
    box: { x1: 100, y1: 60, x2: 200, y2: 150 },
    occurredAt,
    tsMs: occurredAt,
  });
}

/** Bytes under a folder, every file once. */
function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

/**
 * Back-to-back live infractions on one camera: their clips share the ring-buffer segments they
 * overlap on, each still verifies, the budget deletes only rejected unlocked evidence, and the
 * evidence lock (supervisor, audited, through the API) keeps retention off a case.
 */
describe('shared clip segments, the evidence budget and the evidence lock', () => {
  let dataDir: string;
  let services: HostServices;
  let host: ControlRoomHost;
  let ctx: ConnectionContext;
  let supervisor: string;
  let operator: string;
  let events: InfractionEvent[];
  let id = 0;
  const call = async (method: string, params: unknown, session = supervisor): Promise<Reply> =>
    (await host.handle({ kind: 'request', id: ++id, method, params, session }, ctx)) as Reply;
  const root = () => services.evidenceRoot;
  const present = (rel: string) => existsSync(path.join(root(), rel));

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-ev-budget-'));
    const logger = new Logger({ console: false });
    services = openHostServices({ dataDir, logger });
    host = createNodeHost({ dataDir, logger, services });
    host.cameras.upsert({ id: 'cam-b', name: 'Cam B', enabled: false, source: { kind: 'demo' } });
    ctx = host.newConnection('ws');
    await services.auth.createFirstAdmin({
      username: 'admin',
      password: 'clave-segura-123',
      displayName: 'Admin',
    });
    await services.auth.createUser(
      { username: 'sup', password: 'clave-segura-456', displayName: 'Sup', role: 'supervisor' },
      'admin',
    );
    await services.auth.createUser(
      { username: 'op', password: 'clave-segura-789', displayName: 'Op', role: 'operator' },
      'admin',
    );
    supervisor = (await services.auth.login('sup', 'clave-segura-456')).token;
    operator = (await services.auth.login('op', 'clave-segura-789')).token;

    // A 20 s H.264 ring buffer in 1 s MPEG-TS segments named seg-<unixSeconds>.ts.
    const ring = writeRingBuffer(path.join(dataDir, 'ring'), {
      ffmpeg,
      seconds: 20,
      t0: T0,
      viaFile: path.join(dataDir, 'src.mp4'),
    });

    const writer = new EvidenceWriter({
      root: root(),
      cameraId: 'cam-b',
      ffmpegPath: ffmpeg,
      clipBeforeSec: 6,
      clipAfterSec: 3,
      ringWaitTimeoutMs: 500,
    });
    // Three infractions 1.5 s apart: their 9 s clips overlap almost entirely.
    events = [];
    for (const [i, t] of [8.2, 9.7, 11.2].entries())
      events.push(await writer.write(infraction((T0 + t) * 1000, i + 1), { ringBufferDir: ring }));
    services.store.infractions.insert(events);
    // Signed as the host signs every sealed event it ingests.
    for (const e of events) await services.signer.sealed(e);
  }, 120_000);

  afterAll(async () => {
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores overlapping clips once: fewer bytes than separate clips, and each verifies', async () => {
    const separate: number[] = [];
    for (const e of events) {
      const manifest = e.evidence.find((f) => f.kind === 'clip')!;
      const out = path.join(dataDir, 'separate', `${e.id}.mp4`);
      const made = await materializeClip(root(), manifest, ffmpeg, out);
      expect(made.integrity).toBe('ok');
      const dur = Number(
        execFileSync(
          ffprobeInstaller.path,
          ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out],
          { encoding: 'utf8' },
        ),
      );
      expect(dur).toBeGreaterThanOrEqual(8);
      separate.push(made.bytes);
    }
    const segmentsDir = path.join(root(), 'cam-b', 'segments');
    const shared = du(segmentsDir);
    const manifests = events
      .map((e) => e.evidence.find((f) => f.kind === 'clip')!.bytes)
      .reduce((a, b) => a + b, 0);
    const sumSeparate = separate.reduce((a, b) => a + b, 0);
    // Measured figures for the record (bytes).
    console.log(
      JSON.stringify({ separateClips: separate, sumSeparate, sharedSegments: shared, manifests }),
    );
    expect(shared + manifests).toBeLessThan(sumSeparate * 0.6);
    // Each event lists its manifest and every segment, each with its SHA-256.
    for (const e of events) {
      expect(e.evidence.filter((f) => f.kind === 'clip')).toHaveLength(1);
      expect(e.evidence.filter((f) => f.kind === 'clip-segment').length).toBeGreaterThanOrEqual(9);
    }
    const report = await verifyEvidenceStore(root());
    expect(report).toMatchObject({ ok: true, cameras: 1, events: 3 });
  });

  it('exports a segmented clip in the court package as a playable MP4 beside its sealed segments', async () => {
    const pkg = await exportInfractionPackage({
      store: services.store,
      key: services.signer.key,
      evidenceRoot: root(),
      infractionId: events[1].id,
      actor: 'sup',
      ffmpegPath: ffmpeg,
    });
    const report = verifyEvidencePackage(pkg.zip);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const { entries } = readZip(pkg.zip);
    const mp4 = entries.find((e) => e.name === 'derived/clip.mp4');
    expect(mp4, entries.map((e) => e.name).join(' ')).toBeDefined();
    // An MP4 (ftyp box) that ffprobe reads as H.264 video.
    expect(mp4!.data.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(entries.some((e) => e.name === 'evidence/clip.json')).toBe(true);
  });

  it('serves a live clip through the API as one MP4 with its integrity checked', async () => {
    const r = await call('evidence.get', { infractionId: events[1].id, kind: 'clip' });
    expect(r).toMatchObject({ ok: true, result: { mime: 'video/mp4', integrity: 'ok' } });
    const mp4 = Buffer.from(r.result.base64, 'base64');
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
  });

  it('locks through the API (supervisor only), audited; retention over budget keeps locked and pending evidence', async () => {
    const [oldest, pending, locked] = events;
    for (const e of [oldest, locked])
      expect(
        await call('infractions.decide', {
          id: e.id,
          action: 'reject',
          reason: 'test',
          expectedVersion: 1,
        }),
      ).toMatchObject({ ok: true });
    // An operator may not lock; a supervisor may, once.
    expect(
      await call('infractions.lock', { id: locked.id, expectedVersion: 2 }, operator),
    ).toMatchObject({ ok: false, error: { code: 'store.error.forbidden' } });
    const lockReply = await call('infractions.lock', { id: locked.id, expectedVersion: 2 });
    expect(lockReply).toMatchObject({ ok: true, result: { infraction: { lockedBy: 'sup' } } });
    expect(await call('infractions.lock', { id: locked.id, expectedVersion: 3 })).toMatchObject({
      ok: false,
      error: { code: 'store.error.alreadyLocked' },
    });
    const history = (await call('infractions.get', { id: locked.id })).result.history as Array<{
      action: string;
      actor: string;
    }>;
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'infraction.lock', actor: 'sup' }),
    );
    // Queued for the shared server like a decision.
    expect(
      services.store.db
        .prepare("SELECT 1 FROM sync_outbox WHERE entity = 'infraction' AND key = ?")
        .get(locked.id),
    ).toBeTruthy();

    // A budget far below what is on disk: only the oldest rejected, unlocked case goes.
    const [r] = await services.retention.budgetStep([
      { cameraId: 'cam-b', diskBudgetMB: 1 / MB, warnAtPercent: 80 },
    ]);
    expect(r.prunedInfractions).toEqual([oldest.id]);
    expect(r).toMatchObject({ level: 'full', clipsAllowed: false });
    const pendingFiles = pending.evidence.map((f) => f.path);
    const lockedFiles = locked.evidence.map((f) => f.path);
    for (const p of [...pendingFiles, ...lockedFiles]) expect(present(p), p).toBe(true);
    for (const f of oldest.evidence)
      expect(present(f.path), f.path).toBe(pendingFiles.includes(f.path));
    const rec = services.store.infractions.get(oldest.id)!;
    expect(rec.evidence.every((f) => f.prunedAt !== undefined)).toBe(true);
    // The remaining cases still verify from their own files.
    expect(
      (await call('evidence.get', { infractionId: pending.id, kind: 'clip' })).result.integrity,
    ).toBe('ok');

    // The host's monitor reports the usage (System view) and stops clips while full.
    await host.evidenceBudget!.check();
    const info = (await call('system.info', {})).result;
    expect(info.evidence).toContainEqual(
      expect.objectContaining({ cameraId: 'cam-b', level: 'ok', clipsAllowed: true }),
    );

    // Unlocked (audited): retention applies again by status.
    expect(await call('infractions.unlock', { id: locked.id, expectedVersion: 3 })).toMatchObject({
      ok: true,
    });
    const after = (await call('infractions.get', { id: locked.id })).result;
    expect(after.infraction.lockedAt).toBeUndefined();
    expect(after.history).toContainEqual(
      expect.objectContaining({ action: 'infraction.unlock', actor: 'sup' }),
    );
    const [r2] = await services.retention.budgetStep([
      { cameraId: 'cam-b', diskBudgetMB: 1 / MB, warnAtPercent: 80 },
    ]);
    expect(r2.prunedInfractions).toEqual([locked.id]);
    for (const p of pendingFiles) expect(present(p), p).toBe(true);
    // Only the pending case is left, over budget: full, clips stopped, nothing protected deleted.
    expect(r2).toMatchObject({ level: 'full', clipsAllowed: false });
    expect(r2.usedBytes).toBe(r2.protectedBytes);
  });

  it('with clips stopped (budget full of protected evidence) an infraction is sealed with stills only', async () => {
    const writer = new EvidenceWriter({
      root: path.join(dataDir, 'stills-only'),
      cameraId: 'cam-b',
      ffmpegPath: ffmpeg,
      ringWaitTimeoutMs: 500,
      clipsEnabled: () => false,
    });
    const e = await writer.write(infraction((T0 + 10) * 1000, 9), {
      ringBufferDir: path.join(dataDir, 'ring'),
    });
    expect(e.evidence.map((f) => f.kind)).toEqual(['snapshot', 'crop']);
    expect(existsSync(path.join(dataDir, 'stills-only', 'cam-b', 'segments'))).toBe(false);
  });

  it('a changed byte in a shared segment is caught for every event that uses it', async () => {
    const pending = events[1];
    const seg = pending.evidence.find((f) => f.kind === 'clip-segment')!;
    const full = path.join(root(), seg.path);
    const bytes = Buffer.from(execFileSync('cat', [full]));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(full, bytes);
    const report = await verifyEvidenceStore(root());
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ code: 'evidence.error.hash', eventId: pending.id, path: seg.path }),
    );
    expect(
      (await call('evidence.get', { infractionId: pending.id, kind: 'clip' })).result.integrity,
    ).toBe('modified');
  });
});

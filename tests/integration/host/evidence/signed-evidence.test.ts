import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SceneInfraction } from '../../../../inference/vision/rules/rule-engine';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { eventHash, sha256Hex } from '../../../../inference/worker/evidence/chain';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import {
  EvidenceSigningKey,
  generateSigningKey,
  type Checkpoint,
} from '../../../../inference/worker/evidence/signing';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';
import { openHostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import { repoRoot } from '../../../helpers/fixtures';
import { createNodeHost } from '../../../helpers/node-host';
import { writeTestH264 } from '../../../helpers/ring-buffer-fixture';
import { verifyEvidencePackage } from '../../../../electron/host/evidence/evidence-package';

const run = promisify(execFile);
/** The real `watcher` CLI from source; resolves with the exit code instead of throwing. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'tools/cli.ts'), ...args],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

interface Report {
  ok: boolean;
  signed: boolean;
  checkpoints: number;
  chains: Array<{
    cameraId: string;
    events: number;
    signedEvents: number;
    signedCount: number;
    firstBad?: { eventId: string; position: number; code: string };
  }>;
  problems: Array<{ code: string; eventId?: string; position?: number; message: string }>;
}

async function verify(dataDir: string, ...extra: string[]) {
  const r = await cli(['verify-evidence', path.join(dataDir, 'evidence'), '--json', ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const CAM = 'cam-sign';
const work = mkdtempSync(path.join(os.tmpdir(), 'watcher-signed-evidence-'));
const dataDir = path.join(work, 'data');
const events: InfractionEvent[] = [];
afterAll(() => rmSync(work, { recursive: true, force: true }));

function infraction(i: number, occurredAt: number): SceneInfraction {
  return {
    type: 'speed',
    category: 'traffic',
    cameraId: CAM,
    ruleId: 'speed-limit',
    ruleVersion: 1,
    occurredAt,
    trackId: i,
    classLabel: 'car',
    measured: { speedKmh: 90 + i, limitKmh: 60 },
    confidence: 0.9,
    box: { x1: 40, y1: 40, x2: 200, y2: 140 },
    frameId: i,
    tsMs: 0,
    annotation: { label: `#${i} ${90 + i} km/h` },
  } as unknown as SceneInfraction;
}

/** A copy of the installation (database, key file, evidence) to tamper with. */
function copyInstallation(name: string): string {
  const dir = path.join(work, name);
  cpSync(dataDir, dir, { recursive: true });
  return dir;
}

const logOf = (dir: string) => path.join(dir, 'evidence', CAM, 'events.jsonl');
const readLog = (dir: string): InfractionEvent[] =>
  readFileSync(logOf(dir), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as InfractionEvent);

/**
 * What an insider without the key can do: rewrite the log after editing it, recomputing every
 * file hash and the whole hash chain so the hashes alone are consistent again.
 */
function reseal(dir: string, list: InfractionEvent[]): void {
  let prev = '0'.repeat(64);
  const out = list.map((e) => {
    const evidence = e.evidence.map((f) => {
      const bytes = readFileSync(path.join(dir, 'evidence', f.path));
      return { ...f, sha256: sha256Hex(bytes), bytes: bytes.length };
    });
    const linked = { ...e, evidence, prevHash: prev };
    const sealed = { ...linked, hash: eventHash(linked) };
    prev = sealed.hash;
    return sealed;
  });
  writeFileSync(logOf(dir), out.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

beforeAll(async () => {
  const ffmpeg = ffmpegBinary().path;
  const video = path.join(work, 'src.mp4');
  writeTestH264({ ffmpeg, seconds: 3 }, video);
  const frame = await sharp({
    create: { width: 320, height: 180, channels: 3, background: { r: 90, g: 120, b: 160 } },
  })
    .jpeg()
    .toBuffer();
  const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
  const writer = new EvidenceWriter({
    root: services.evidenceRoot,
    cameraId: CAM,
    ffmpegPath: ffmpeg,
    clipBeforeSec: 1,
    clipAfterSec: 0.5,
  });
  for (let i = 1; i <= 5; i++) {
    const ev = await writer.write(infraction(i, Date.UTC(2026, 0, 5, 10, 0, i)), {
      frameJpeg: frame,
      sourceFile: video,
      tsSec: 1.5,
    });
    // What the host does with every sealed event from a worker.
    services.writer.infraction(ev);
    await services.signer.sealed(ev);
    events.push(ev);
  }
  await services.close();
}, 120_000);

describe('signed evidence chain (real EvidenceWriter, real CLI)', () => {
  it('signs a checkpoint per event, anchored in the database; the intact store verifies as signed', async () => {
    const { code, report } = await verify(dataDir);
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, signed: true, checkpoints: 5 });
    expect(report.chains).toEqual([{ cameraId: CAM, events: 5, signedEvents: 5, signedCount: 5 }]);
    // The private key is only ever stored sealed.
    const pem = readFileSync(path.join(dataDir, 'evidence', 'signing-key.pub'), 'utf8');
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const grep = spawnSync('grep', ['-rl', 'PRIVATE KEY', dataDir], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });

  it('an event edited with its hash and the chain recomputed: re-sealed, first bad event named', async () => {
    const dir = copyInstallation('edited');
    const list = readLog(dir);
    list[2] = { ...list[2], measured: { ...list[2].measured, speedKmh: 61 } };
    reseal(dir, list);
    // Without the signatures the forgery passes: the hashes are consistent again.
    const unsigned = await verify(dir, '--no-db');
    rmSync(path.join(dir, 'evidence', CAM, 'checkpoints.jsonl'));
    rmSync(path.join(dir, 'evidence', 'signing-key.pub'));
    const noSignatures = await verify(dir, '--no-db');
    expect(noSignatures.report.ok).toBe(true);
    expect(unsigned.report.ok).toBe(false);
    expect(unsigned.report.chains[0].firstBad).toEqual({
      eventId: events[2].id,
      position: 3,
      code: 'evidence.error.resealed',
    });
    // With the database anchor (the default next to the evidence), deleting the folder's
    // checkpoints and key does not help.
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expect(report.chains[0].firstBad).toEqual({
      eventId: events[2].id,
      position: 3,
      code: 'evidence.error.resealed',
    });
  });

  it('a file changed, its hash and the chain recomputed: re-sealed at that event', async () => {
    const dir = copyInstallation('file-resealed');
    const crop = path.join(
      dir,
      'evidence',
      events[1].evidence.find((f) => f.kind === 'crop')!.path,
    );
    const bytes = readFileSync(crop);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(crop, bytes);
    reseal(dir, readLog(dir));
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expect(report.chains[0].firstBad).toMatchObject({
      eventId: events[1].id,
      position: 2,
      code: 'evidence.error.resealed',
    });
  });

  it('re-sealed and re-signed with another key: the key and the checkpoints are not trusted', async () => {
    const dir = copyInstallation('forged-key');
    const list = readLog(dir);
    list[3] = { ...list[3], classLabel: 'bus' };
    reseal(dir, list);
    const mine = new EvidenceSigningKey(generateSigningKey().privateKeyPem);
    writeFileSync(path.join(dir, 'evidence', 'signing-key.pub'), mine.publicKeyPem);
    const forged: Checkpoint[] = readLog(dir).map((e, i) =>
      mine.checkpoint({
        cameraId: CAM,
        count: i + 1,
        headHash: e.hash,
        eventId: e.id,
        signedAt: Date.now(),
      }),
    );
    writeFileSync(
      path.join(dir, 'evidence', CAM, 'checkpoints.jsonl'),
      forged.map((c) => JSON.stringify(c)).join('\n') + '\n',
    );
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    const codes = report.problems.map((p) => p.code);
    expect(codes).toContain('evidence.error.key');
    expect(codes).toContain('evidence.error.signature');
    expect(report.chains[0].firstBad).toMatchObject({
      eventId: events[3].id,
      position: 4,
      code: 'evidence.error.resealed',
    });
    // An auditor's pinned copy of the real key rejects it even without the database.
    const realPub = readFileSync(path.join(dataDir, 'evidence', 'signing-key.pub'));
    writeFileSync(path.join(work, 'real.pub'), realPub);
    const pinned = await verify(dir, '--no-db', '--public-key', path.join(work, 'real.pub'));
    expect(pinned.code).toBe(1);
    // Folder only: none of its checkpoints is by the real key, so nothing counts as signed.
    expect(pinned.report.problems.map((p) => p.code)).toContain('evidence.error.signature');
    expect(pinned.report.chains[0]).toMatchObject({ signedEvents: 0, signedCount: 0 });
    expect(pinned.report.chains[0].firstBad).toMatchObject({
      position: 1,
      code: 'evidence.error.unsigned',
    });
  });

  it('the last events deleted (with their checkpoints): truncated, first missing event named', async () => {
    const dir = copyInstallation('truncated');
    const lines = readFileSync(logOf(dir), 'utf8').trim().split('\n');
    writeFileSync(logOf(dir), lines.slice(0, 3).join('\n') + '\n');
    const cps = path.join(dir, 'evidence', CAM, 'checkpoints.jsonl');
    writeFileSync(cps, readFileSync(cps, 'utf8').trim().split('\n').slice(0, 3).join('\n') + '\n');
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expect(report.chains[0]).toMatchObject({ events: 3, signedEvents: 3, signedCount: 5 });
    expect(report.chains[0].firstBad).toEqual({
      eventId: events[3].id,
      position: 4,
      code: 'evidence.error.truncated',
    });
  });

  it('an event appended without the key: unsigned', async () => {
    const dir = copyInstallation('appended');
    const list = readLog(dir);
    const extra = { ...list[4], id: '00000000-0000-4000-8000-000000000006', trackId: 99 };
    reseal(dir, [...list, extra]);
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expect(report.chains[0].firstBad).toEqual({
      eventId: extra.id,
      position: 6,
      code: 'evidence.error.unsigned',
    });
  });

  it('one byte of a file changed, or an event edited without recomputing: named as before', async () => {
    const dir = copyInstallation('byte');
    const snap = path.join(
      dir,
      'evidence',
      events[1].evidence.find((f) => f.kind === 'snapshot')!.path,
    );
    const bytes = readFileSync(snap);
    bytes[200] ^= 0x01;
    writeFileSync(snap, bytes);
    const r1 = await verify(dir);
    expect(r1.code).toBe(1);
    expect(r1.report.chains[0].firstBad).toMatchObject({
      eventId: events[1].id,
      position: 2,
      code: 'evidence.error.hash',
    });

    const dir2 = copyInstallation('edited-plain');
    const lines = readFileSync(logOf(dir2), 'utf8').trim().split('\n');
    lines[0] = lines[0].replace('"speedKmh":91', '"speedKmh":59');
    writeFileSync(logOf(dir2), lines.join('\n') + '\n');
    const r2 = await verify(dir2);
    expect(r2.report.chains[0].firstBad).toEqual({
      eventId: events[0].id,
      position: 1,
      code: 'evidence.error.eventHash',
    });
  });
});

describe('signing on start (evidence sealed while the host was down)', () => {
  it('signs an intact unsigned chain once, and refuses to sign one re-sealed while it was down', async () => {
    // An installation from before signing: the log and files, no key, no checkpoints.
    const dir = copyInstallation('upgrade');
    rmSync(path.join(dir, 'evidence', CAM, 'checkpoints.jsonl'));
    rmSync(path.join(dir, 'evidence', 'signing-key.pub'));
    rmSync(path.join(dir, 'watcher.db'));
    const before = await verify(dir);
    expect(before.report).toMatchObject({ ok: true, signed: false, checkpoints: 0 });
    const services = openHostServices({ dataDir: dir, logger: new Logger({ console: false }) });
    await services.signer.catchUpAll();
    await services.signer.idle();
    await services.close();
    const after = await verify(dir);
    expect(after.report.problems).toEqual([]);
    expect(after.report).toMatchObject({ ok: true, signed: true, checkpoints: 5 });

    // Edited and re-sealed while the host was stopped: on restart it is not signed over.
    const list = readLog(dir);
    list[1] = { ...list[1], trackId: 77 };
    reseal(dir, list);
    const again = openHostServices({ dataDir: dir, logger: new Logger({ console: false }) });
    await again.signer.catchUpAll();
    await again.signer.idle();
    await again.close();
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.report.checkpoints).toBe(5);
    expect(r.report.chains[0].firstBad).toMatchObject({
      eventId: events[1].id,
      position: 2,
      code: 'evidence.error.resealed',
    });
  });
});

describe('evidence package (watcher evidence export / verify-package)', () => {
  const pkg = path.join(work, 'case.zip');

  it('exports a package that verifies offline, with the chain checkpoint of its event', async () => {
    const id = events[2].id;
    const out = await cli(['evidence', 'export', id, '--out', pkg, '--data-dir', dataDir]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const names = execFileSync('unzip', ['-Z1', pkg], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'manifest.sig',
        'signing-key.pub',
        'event.json',
        'checkpoint.json',
        'metadata.json',
        'evidence/clip.mp4',
        'evidence/snapshot.jpg',
        'evidence/crop.jpg',
      ]),
    );
    const ok = await cli(['verify-package', pkg, '--json']);
    const report = JSON.parse(ok.stdout) as { ok: boolean; checkpoint: boolean; problems: [] };
    expect(report.problems).toEqual([]);
    expect(ok.code).toBe(0);
    expect(report).toMatchObject({ ok: true, checkpoint: true, infractionId: id });
    const pinned = await cli([
      'verify-package',
      pkg,
      '--public-key',
      path.join(dataDir, 'evidence', 'signing-key.pub'),
    ]);
    expect(pinned.code).toBe(0);
  });

  it('fails on a flipped byte anywhere: in the clip, the manifest, a header', async () => {
    const zip = readFileSync(pkg);
    const clipAt = zip.indexOf(Buffer.from('ftyp'));
    const manifestAt = zip.indexOf(Buffer.from('"infractionId"'));
    for (const [what, at] of [
      ['clip data', clipAt + 200],
      ['manifest', manifestAt + 20],
      ['local header time', 10],
      ['last byte', zip.length - 1],
    ] as const) {
      const bad = Buffer.from(zip);
      bad[at] ^= 0x01;
      const file = path.join(work, `bad-${at}.zip`);
      writeFileSync(file, bad);
      const r = await cli(['verify-package', file, '--json']);
      expect(r.code, what).toBe(1);
      expect((JSON.parse(r.stdout) as { ok: boolean }).ok, what).toBe(false);
    }
    const other = new EvidenceSigningKey(generateSigningKey().privateKeyPem);
    writeFileSync(path.join(work, 'other.pub'), other.publicKeyPem);
    const wrongKey = await cli([
      'verify-package',
      pkg,
      '--public-key',
      path.join(work, 'other.pub'),
    ]);
    expect(wrongKey.code).toBe(1);
  });

  it('evidence.exportPackage through the host API: refused without a session, audited, verifiable', async () => {
    const dir = copyInstallation('api');
    const services = openHostServices({ dataDir: dir, logger: new Logger({ console: false }) });
    const host = createNodeHost({ dataDir: dir, logger: new Logger({ console: false }), services });
    try {
      const ctx = host.newConnection('ws');
      const params = { infractionId: events[4].id };
      const anonymous = await host.handle(
        { kind: 'request', id: 1, method: 'evidence.exportPackage', params },
        ctx,
      );
      expect(anonymous).toMatchObject({
        ok: false,
        error: { code: 'store.error.unauthenticated' },
      });
      const admin = (await host.handle(
        {
          kind: 'request',
          id: 2,
          method: 'auth.createFirstAdmin',
          params: { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
        },
        ctx,
      )) as { result: { token: string } };
      const res = (await host.handle(
        {
          kind: 'request',
          id: 3,
          method: 'evidence.exportPackage',
          params,
          session: admin.result.token,
        },
        ctx,
      )) as { ok: boolean; result: { base64: string; sha256: string; publicKeyId: string } };
      expect(res.ok).toBe(true);
      const zip = Buffer.from(res.result.base64, 'base64');
      expect(sha256Hex(zip)).toBe(res.result.sha256);
      expect(verifyEvidencePackage(zip)).toMatchObject({
        ok: true,
        checkpoint: true,
        publicKeyId: res.result.publicKeyId,
      });
      const audit = services.store.audit.list({ target: `infraction:${events[4].id}`, limit: 10 });
      expect(audit.map((a) => [a.actor, a.action])).toContainEqual(['admin', 'evidence.export']);
    } finally {
      await host.stop();
    }
  });
});

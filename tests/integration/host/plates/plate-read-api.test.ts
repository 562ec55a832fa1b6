import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ControlRoomHost } from '../../../../electron/host/control-room-host';
import { openHostServices, type HostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { parseTruthLine } from '../../../../tools/commands/eval-plates';
import type { EvidenceFile, InfractionEvent } from '../../../../electron/shared/domain/infraction';
import { fixtures } from '../../../helpers/fixtures';
import { createNodeHost } from '../../../helpers/node-host';

const platesDir = fixtures.platesUs();

/**
 * `plates.read` through the real host API, a real inference worker process (the plate reader's
 * ONNX models) and real stored evidence. Without running cameras the host forks a short-lived
 * worker; with one running, the camera's worker answers.
 */
describe('plates.read: read the plate again from review', () => {
  let dataDir: string;
  let services: HostServices;
  let host: ControlRoomHost;
  let token: string;
  let id = 0;
  const rng = mulberry32(21);
  const ctx = () => host.newConnection('ws');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Reply = { ok: boolean; result?: any; error?: { code: string; message: string } };
  const call = async (method: string, params: unknown, session = token): Promise<Reply> =>
    (await host.handle(
      { kind: 'request', id: ++id, method, params, ...(session ? { session } : {}) },
      ctx(),
    )) as Reply;

  function store(rel: string, bytes: Buffer, kind: EvidenceFile['kind']): EvidenceFile {
    const full = path.join(services.evidenceRoot, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    return {
      kind,
      path: rel,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      mime: 'image/jpeg',
    };
  }
  function infraction(evidence: EvidenceFile[], extra: Partial<InfractionEvent> = {}) {
    const e: InfractionEvent = {
      ...syntheticInfraction(rng, { occurredAt: Date.now() - 60_000, evidence }),
      type: 'speed',
      category: 'traffic',
      cameraId: 'cam-x',
      plate: { text: 'XXX-000', rawText: 'XXX000', confidence: 0.41, country: 'US' },
      ...extra,
    };
    services.store.infractions.insert([e]);
    return e;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-plate-read-'));
    const logger = new Logger({ console: false });
    services = openHostServices({ dataDir, logger });
    host = createNodeHost({
      dataDir,
      logger,
      services,
    });
    const admin = await call(
      'auth.createFirstAdmin',
      { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
      '',
    );
    token = admin.result.token;
  });
  afterAll(async () => {
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!platesDir)(
    'reads a real vehicle photo in a short-lived worker; accepting it corrects the plate, audited',
    async () => {
      const truth = parseTruthLine(readFileSync(path.join(platesDir!, 'car13.txt'), 'utf8'))!;
      const photo = readFileSync(path.join(platesDir!, 'car13.jpg'));
      const crop = store('cam-x/2026-01-15/a/crop.jpg', photo, 'crop');
      const e = infraction([crop]);
      const spy = vi.spyOn(host.supervisor, 'sendToRunning');

      const r = await call('plates.read', { infractionId: e.id });
      expect(r.error).toBeUndefined();
      expect(spy).toHaveBeenCalled(); // asked the supervisor first: no worker runs, so one was forked
      expect(r.result).toMatchObject({ ok: true, source: 'crop' });
      expect(r.result.plate.text.replace(/[^A-Z0-9]/g, '')).toBe(truth.plate);
      expect(r.result.plate.country).toBe('US');
      expect(r.result.candidates[0].text).toBe(r.result.plate.text);
      const cropJpeg = Buffer.from(r.result.plateCropJpegBase64, 'base64');
      expect(cropJpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

      // Nothing stored changed: same evidence bytes, same plate, no new evidence file.
      const after = services.store.infractions.get(e.id)!;
      expect(after.plate?.text).toBe('XXX-000');
      expect(after.evidence.map((f) => f.kind)).toEqual(['crop']);
      expect(
        createHash('sha256')
          .update(readFileSync(path.join(services.evidenceRoot, crop.path)))
          .digest('hex'),
      ).toBe(crop.sha256);

      // The operator accepts it: the existing, audited correction.
      const edited = await call('infractions.editPlate', {
        id: e.id,
        text: r.result.plate.text,
        expectedVersion: after.version,
      });
      expect(edited.result.infraction).toMatchObject({
        plate: { text: r.result.plate.text },
        plateOriginalText: 'XXX-000',
        plateEditedBy: 'admin',
      });
      const history = (await call('infractions.get', { id: e.id })).result.history as Array<{
        action: string;
        details: Record<string, unknown>;
      }>;
      expect(history.map((h) => h.action)).toEqual(
        expect.arrayContaining(['infraction.plateRead', 'infraction.editPlate']),
      );
      expect(history.find((h) => h.action === 'infraction.plateRead')?.details).toMatchObject({
        source: 'crop',
        text: r.result.plate.text,
        current: 'XXX-000',
      });

      // The snapshot with the vehicle's box (no crop stored) reads the same plate.
      const meta = await sharp(photo).metadata();
      const pw = truth.box.x2 - truth.box.x1;
      const box = {
        x1: Math.max(0, truth.box.x1 - 2 * pw),
        y1: Math.max(0, truth.box.y1 - 3 * pw),
        x2: Math.min(meta.width!, truth.box.x2 + 2 * pw),
        y2: Math.min(meta.height!, truth.box.y2 + pw / 2),
      };
      const snap = store('cam-x/2026-01-15/b/snapshot.jpg', photo, 'snapshot');
      const s = await call('plates.read', { infractionId: infraction([snap], { box }).id });
      expect(s.result).toMatchObject({ ok: true, source: 'snapshot' });
      expect(s.result.plate.text.replace(/[^A-Z0-9]/g, '')).toBe(truth.plate);
    },
  );

  it('says "no plate" with the reason on a synthetic frame, refuses tampered evidence and auditors', async () => {
    // A road-grey frame with a plain dark "vehicle" and no text anywhere.
    const frame = await sharp({
      create: { width: 640, height: 360, channels: 3, background: { r: 96, g: 100, b: 104 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">' +
              '<rect x="200" y="140" width="220" height="130" rx="18" fill="#1d2a3a"/>' +
              '<rect x="230" y="160" width="160" height="40" fill="#6d8aa8"/></svg>',
          ),
        },
      ])
      .jpeg({ quality: 90 })
      .toBuffer();
    const snap = store('cam-x/2026-01-15/c/snapshot.jpg', frame, 'snapshot');
    const e = infraction([snap], { box: { x1: 190, y1: 130, x2: 430, y2: 280 } });
    const r = await call('plates.read', { infractionId: e.id });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ ok: false, source: 'snapshot' });
    expect(r.result.code).toMatch(/^plates\.reason\./);
    expect(r.result.message.length).toBeGreaterThan(0);
    expect(services.store.infractions.get(e.id)!.plate?.text).toBe('XXX-000');

    // Evidence whose bytes no longer match their sealed hash is not read.
    const bad = store('cam-x/2026-01-15/d/crop.jpg', frame, 'crop');
    const tampered = infraction([bad]);
    writeFileSync(path.join(services.evidenceRoot, bad.path), Buffer.concat([frame, frame]));
    expect((await call('plates.read', { infractionId: tampered.id })).error?.code).toBe(
      'plates.read.evidenceModified',
    );
    expect((await call('plates.read', { infractionId: 'nope' })).error?.code).toBe(
      'plates.read.notFound',
    );
    expect((await call('plates.read', { infractionId: e.id }, '')).error?.code).toBe(
      'store.error.unauthenticated',
    );

    // An auditor may look (review.read) but not have the plate read again (review.decide).
    await call('users.create', {
      username: 'auditor1',
      password: 'clave-segura-456',
      displayName: 'Auditor',
      role: 'auditor',
    });
    const login = await call(
      'auth.login',
      { username: 'auditor1', password: 'clave-segura-456' },
      '',
    );
    const denied = await call('plates.read', { infractionId: e.id }, login.result.token);
    expect(denied.ok).toBe(false);
    expect(denied.error?.code).toMatch(/forbidden/);
  });

  it('a running inference worker answers: the camera’s own', async () => {
    host.cameras.upsert({ id: 'cam-x', name: 'Cam X', source: { kind: 'demo' } });
    host.start();
    await vi.waitFor(
      () => expect(host.workerStates().find((w) => w.state === 'running')).toBeDefined(),
      { timeout: 60_000, interval: 200 },
    );
    vi.restoreAllMocks();
    const sent: Array<string | undefined> = [];
    const orig = host.supervisor.sendToRunning.bind(host.supervisor);
    vi.spyOn(host.supervisor, 'sendToRunning').mockImplementation((m, cam) => {
      const worker = orig(m, cam);
      sent.push(worker);
      return worker;
    });
    const snap = store(
      'cam-x/2026-01-15/e/snapshot.jpg',
      await sharp({
        create: { width: 320, height: 180, channels: 3, background: { r: 40, g: 40, b: 40 } },
      })
        .jpeg()
        .toBuffer(),
      'snapshot',
    );
    const r = await call('plates.read', { infractionId: infraction([snap]).id });
    expect(r.error).toBeUndefined();
    expect(r.result.ok).toBe(false);
    expect(sent).toEqual(['worker-1']);
  });
});

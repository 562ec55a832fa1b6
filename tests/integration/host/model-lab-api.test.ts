import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRoomHost } from '../../../electron/host/control-room-host';
import { openHostServices, type HostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import type { Connection } from '../../../electron/host/connections/connection';
import type { ServerMessage } from '../../../electron/shared/api/envelope';
import { messages as catalogs } from '../../../electron/shared/i18n';
import { adminAndUser } from '../../helpers/host-accounts';
import { createNodeHost } from '../../helpers/node-host';
import { sharedFixture } from '../../helpers/fixtures';

type Reply = {
  ok: boolean;
  // Replies are checked field by field by the assertions below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string };
};

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const yolox = sharedFixture('models/yolox_nano_416.onnx');
const light = sharedFixture('models/light_person_detector_192.onnx');
const video = sharedFixture('fixtures/video/car-detection.mp4');

/**
 * `modelCompare.*` and `modelCatalog.*` through real connections of a real host: frames sampled
 * by ffmpeg from a whitelisted fixture video, the models run by a probe process with ONNX
 * Runtime, progress pushed only to the caller; and the catalog download against a loopback HTTP
 * server (nothing else is reachable here) that can cut a transfer, so resuming is exercised.
 */
describe.skipIf(!(yolo && yolox && light && video))(
  'models compare on sources and catalog download',
  () => {
    let dataDir: string;
    let services: HostServices;
    let host: ControlRoomHost;
    let admin: string;
    let operator: string;
    let server: Server;
    let base: string;
    const cut = { after: 0 };
    const served: Record<string, Buffer> = {};
    const savedEnv = { ...process.env };
    let id = 0;

    const client = (token: string) => {
      const inbox: ServerMessage[] = [];
      const conn: Connection = host.connect('ws', {
        send: (m) => inbox.push(m),
        bufferedBytes: () => 0,
        close: () => {},
      });
      return {
        inbox,
        events: (topic: string) =>
          inbox
            .filter((m) => m.kind === 'event' && m.topic === topic)
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            .map((m) => (m as { payload: any }).payload),
        async call(method: string, params: unknown): Promise<Reply> {
          const rid = ++id;
          await conn.receive(
            JSON.stringify({ kind: 'request', id: rid, method, params, session: token }),
          );
          return inbox.find((m) => m.kind === 'response' && m.id === rid) as Reply;
        },
      };
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-model-lab-'));
      const modelsDir = path.join(dataDir, 'models');
      mkdirSync(modelsDir, { recursive: true });
      copyFileSync(yolo!, path.join(modelsDir, 'yolo.onnx'));
      copyFileSync(yolox!, path.join(modelsDir, 'yolox.onnx'));
      // The fixture folder is a video folder, as an installer would name one.
      process.env.WATCHER_VIDEO_DIRS = path.dirname(video!);

      served['/light.onnx'] = readFileSync(light!);
      served['/corrupt.onnx'] = Buffer.from(readFileSync(light!)).fill(9, 5000, 5100);
      server = createServer((req, res) => {
        const body = served[req.url ?? ''];
        if (!body) {
          res.writeHead(404);
          res.end();
          return;
        }
        const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
        const start = range ? Number(range[1]) : 0;
        if (range)
          res.writeHead(206, {
            'content-length': String(body.length - start),
            'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
          });
        else res.writeHead(200, { 'content-length': String(body.length) });
        const rest = body.subarray(start);
        if (cut.after > 0) {
          // Part of the body, then the connection dropped: what a flaky link does.
          res.write(rest.subarray(0, cut.after), () => res.destroy());
          return;
        }
        res.end(rest);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const lightBytes = served['/light.onnx'];
      const catalogFile = path.join(dataDir, 'catalog.json');
      const entry = {
        file: 'light_person_detector_192.onnx',
        sizeBytes: lightBytes.length,
        layout: 'yolox',
        labels: ['person'],
        licence: 'Apache-2.0',
        source: 'loopback test server',
      };
      writeFileSync(
        catalogFile,
        JSON.stringify({
          version: 1,
          models: [
            { ...entry, id: 'light-person', sha256: sha(lightBytes), url: `${base}/light.onnx` },
            // The catalog's checksum is of the good file; the server sends altered bytes.
            { ...entry, id: 'light-bad', sha256: sha(lightBytes), url: `${base}/corrupt.onnx` },
            { ...entry, id: 'offline-only', sha256: sha(lightBytes), url: null },
          ],
        }),
      );
      process.env.WATCHER_MODELS_CATALOG = catalogFile;

      const logger = new Logger({ console: false });
      services = openHostServices({ dataDir, logger });
      host = createNodeHost({ dataDir, logger, services });
      ({ admin, user: operator } = await adminAndUser(services.auth, {
        username: 'op',
        displayName: 'Op',
        role: 'operator',
      }));
    });
    afterAll(async () => {
      process.env = savedEnv;
      await host?.stop();
      await new Promise((r) => server?.close(r));
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('lists the whitelisted videos; an operator may not list or compare', async () => {
      const a = client(admin);
      const r = await a.call('modelCompare.sources', {});
      expect(r.ok).toBe(true);
      expect(r.result.videos.map((v: { path: string }) => v.path)).toContain(video);
      const op = client(operator);
      for (const [method, params] of [
        ['modelCompare.sources', {}],
        [
          'modelCompare.run',
          { runId: 'op-run-1', models: ['yolo', 'yolox'], source: { kind: 'video', path: video } },
        ],
        ['modelCatalog.list', {}],
        ['modelCatalog.download', { id: 'light-person', runId: 'op-dl-1' }],
      ] as const) {
        const refused = await op.call(method, params);
        expect(refused.ok, method).toBe(false);
        expect(refused.error?.code, method).toBe('store.error.forbidden');
      }
    });

    it('refuses a path off the whitelist, an unknown camera and a lone model, with coded errors', async () => {
      const a = client(admin);
      const codes: Array<[unknown, string]> = [
        [{ kind: 'video', path: '/etc/passwd' }, 'modelCompare.video_not_allowed'],
        [{ kind: 'video', path: 'concat:/a|/b' }, 'api.invalid_params'],
        [{ kind: 'camera', cameraId: 'nope' }, 'camera.not_found'],
      ];
      for (const [source, code] of codes) {
        const r = await a.call('modelCompare.run', {
          runId: 'bad-run-1',
          models: ['yolo', 'yolox'],
          source,
        });
        expect(r.error?.code, JSON.stringify(source)).toBe(code);
      }
      const lone = await a.call('modelCompare.run', {
        runId: 'bad-run-2',
        models: ['yolo'],
        source: { kind: 'video', path: video },
      });
      expect(lone.error?.code).toBe('models.compare.model_count');
      for (const code of [
        'modelCompare.video_not_allowed',
        'modelCompare.camera_no_frames',
        'modelCompare.no_frames',
        'modelCatalog.installed',
      ])
        expect(Object.hasOwn(catalogs, code), code).toBe(true);
    });

    it('compares two detectors on frames sampled from the video, progress only to the caller', async () => {
      const a = client(admin);
      const other = client(admin);
      const r = await a.call('modelCompare.run', {
        runId: 'video-run-1',
        models: ['yolo', 'yolox'],
        source: { kind: 'video', path: video, everySeconds: 5 },
        frames: 3,
      });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.result.images).toBe(3);
      expect(r.result.frames).toHaveLength(3);
      expect(r.result.frames[1].name).toBe('car-detection.mp4@5.0s');
      expect(Buffer.from(r.result.frames[0].jpegBase64, 'base64').subarray(0, 2)).toEqual(
        Buffer.from([0xff, 0xd8]),
      );
      expect(r.result.models.map((m: { id: string }) => m.id)).toEqual(['yolo', 'yolox']);
      expect(r.result.agreementMatrix[0][0]).toBe(1);
      // Frames are scaled down to at most 640 px wide before they travel (768×432 source).
      expect(r.result.perImage[0]).toMatchObject({ width: 640, height: 360 });
      expect(r.result.perImage[0].results).toHaveLength(2);
      const progress = a.events('modelCompare.progress');
      expect(progress[0]).toMatchObject({ runId: 'video-run-1', phase: 'sampling' });
      expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 3, total: 3 });
      const running = progress.filter((p) => p.phase === 'running');
      expect(new Set(running.map((p) => p.model))).toEqual(new Set(['yolo', 'yolox']));
      expect(running.at(-1)).toMatchObject({ modelIndex: 1, done: 3, total: 3 });
      // Another session of the same user sees nothing of this run.
      expect(other.events('modelCompare.progress')).toHaveLength(0);
    });

    it('downloads a catalog model with progress, resumes a cut download, refuses a corrupt one', async () => {
      const a = client(admin);
      const list = await a.call('modelCatalog.list', {});
      expect(list.result.models.map((m: { id: string }) => m.id)).toEqual([
        'light-person',
        'light-bad',
        'offline-only',
      ]);
      expect(list.result.models[0]).toMatchObject({ installed: false, partialBytes: 0 });

      cut.after = 1_000_000;
      const first = await a.call('modelCatalog.download', {
        id: 'light-person',
        runId: 'download-1',
      });
      expect(first.error?.code).toBe('models.fetch.interrupted');
      cut.after = 0;
      const partial = (await a.call('modelCatalog.list', {})).result.models[0];
      expect(partial.partialBytes).toBeGreaterThan(0);

      const second = await a.call('modelCatalog.download', {
        id: 'light-person',
        runId: 'download-2',
      });
      expect(second.ok, JSON.stringify(second.error)).toBe(true);
      expect(second.result).toMatchObject({
        id: 'light-person',
        bytes: served['/light.onnx'].length,
      });
      expect(second.result.resumedFrom).toBe(partial.partialBytes);
      const progress = a.events('modelCatalog.progress').filter((p) => p.runId === 'download-2');
      expect(progress.at(-1)).toMatchObject({
        received: served['/light.onnx'].length,
        total: served['/light.onnx'].length,
        resumedFrom: partial.partialBytes,
      });
      const after = (await a.call('modelCatalog.list', {})).result.models[0];
      expect(after).toMatchObject({ installed: true, partialBytes: 0 });
      const installed = await a.call('models.list', {});
      expect(installed.result.models.map((m: { id: string }) => m.id)).toContain('light-person');
      const audited = services.store.db
        .prepare("SELECT actor, target FROM audit_log WHERE action = 'models.download'")
        .all();
      expect(audited).toEqual([{ actor: 'admin', target: 'light-person' }]);
      const again = await a.call('modelCatalog.download', {
        id: 'light-person',
        runId: 'download-3',
      });
      expect(again.error?.code).toBe('modelCatalog.installed');

      const bad = await a.call('modelCatalog.download', { id: 'light-bad', runId: 'download-4' });
      expect(bad.error?.code).toBe('models.fetch.checksum');
      expect((await a.call('modelCatalog.list', {})).result.models[1]).toMatchObject({
        installed: false,
        partialBytes: 0,
      });
      const noUrl = await a.call('modelCatalog.download', {
        id: 'offline-only',
        runId: 'download-5',
      });
      expect(noUrl.error?.code).toBe('models.fetch.no_url');
      const unknown = await a.call('modelCatalog.download', { id: 'ghost', runId: 'download-6' });
      expect(unknown.error?.code).toBe('models.unknown');
    });
  },
);

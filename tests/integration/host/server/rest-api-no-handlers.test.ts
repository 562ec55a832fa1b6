import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../../electron/host/api/dispatcher';
import { Logger } from '../../../../electron/host/logging/logger';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { createRestApi } from '../../../../electron/host/server/rest/rest-api';
import { ControlRoomStore } from '../../../../electron/host/store/store';

/**
 * A host that lacks the handlers of some routes (an older host, a feature not installed): the REST
 * layer, the dispatcher and a real store with real keys, with only `cameras.list` handled. The
 * other routes answer 501 `api.not_available`, never 500, and the host keeps answering.
 */
describe('REST API on a host without the alarm, signal and frame handlers', () => {
  let dir: string;
  let store: ControlRoomStore;
  let server: Server;
  let rest: ReturnType<typeof createRestApi>;
  let base: string;
  let key: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-rest-501-'));
    store = ControlRoomStore.open({
      file: path.join(dir, 'watcher.db'),
      secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
    });
    key = store.apiKeys.create(
      {
        name: 'older host',
        scopes: ['alarms:read', 'signals:write', 'frames:write', 'cameras:read'],
        ratePerMinute: 100_000,
      },
      'test',
    ).key;
    const logger = new Logger({ console: false });
    const handle = createDispatcher({
      handlers: { 'cameras.list': () => [], 'cameras.statuses': () => [] },
      authorize: async () => {},
      resolveSession: () => undefined,
      logger,
    });
    rest = createRestApi({
      controlRoom: { handle, services: { store, evidenceRoot: path.join(dir, 'evidence') } },
      logger,
    });
    server = createServer((req, res) => void rest.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    rest?.close();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (p: string, init: RequestInit = {}) =>
    fetch(base + p, {
      ...init,
      headers: { Authorization: `Bearer ${key}`, ...(init.headers as object) },
    });

  it('answers 501 api.not_available for each missing handler', async () => {
    const answers = [
      await call('/alarms?limit=5'),
      await call('/signals', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ cameraId: 'cam-1', signalId: 'main', state: 'red' }),
      }),
      await call('/ingest/frame?modelId=any', {
        method: 'POST',
        headers: { 'Content-Type': 'image/jpeg' },
        body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]),
      }),
    ];
    for (const r of answers) {
      expect(r.status).toBe(501);
      expect(await r.json()).toEqual({
        error: { code: 'api.not_available', message: 'this route is not available on this host' },
      });
    }
    expect((await call('/cameras')).status).toBe(200);
  });
});

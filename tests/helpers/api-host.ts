import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ControlRoomHost } from '../../electron/host/control-room-host';
import type { ConnectionContext } from '../../electron/host/api-types';
import { openHostServices, type HostServices } from '../../electron/host/host-services';
import { Logger } from '../../electron/host/logging/logger';
import type { Role } from '../../electron/shared/api/methods/auth';
import { MODEL_UPLOAD_CHUNK_BYTES } from '../../electron/shared/api/methods/models';
import { adminAndUser } from './host-accounts';
import { createNodeHost } from './node-host';

/** A response as the tests read it (checked field by field by their assertions). */
export type ApiReply = {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string; params?: Record<string, unknown> };
};

export interface ApiHost {
  readonly dataDir: string;
  readonly services: HostServices;
  readonly host: ControlRoomHost;
  readonly ctx: ConnectionContext;
  /** The first administrator's session token. */
  readonly admin: string;
  /** The second account's session token (its role as asked). */
  readonly user: string;
  /** One request through `host.handle` (what both transports call); no session: anonymous. */
  call(method: string, params?: unknown, session?: string | null): Promise<ApiReply>;
  /** A model file imported as the UI does it: begin → chunks → commit (with `commit`'s fields). */
  uploadModel(file: string, commit: Record<string, unknown>, session?: string): Promise<ApiReply>;
}

/**
 * A real host for API suites: a fresh data dir, the host's services on its SQLite store, a host
 * (not started: tests that want workers call `start()`), one WebSocket-kind connection, the
 * first administrator and one more account of `user.role`. `models` are copied into the data
 * dir's models folder first (installed name → file). Removed after the suite.
 */
export function useApiHost(o: {
  prefix: string;
  user: { username: string; displayName: string; role: Role };
  models?: Record<string, string>;
}): ApiHost {
  let dataDir: string | undefined;
  let services: HostServices | undefined;
  let host: ControlRoomHost | undefined;
  let ctx: ConnectionContext | undefined;
  let admin: string | undefined;
  let user: string | undefined;
  let id = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), `watcher-${o.prefix}-`));
    const modelsDir = path.join(dataDir, 'models');
    mkdirSync(modelsDir, { recursive: true });
    for (const [name, file] of Object.entries(o.models ?? {}))
      copyFileSync(file, path.join(modelsDir, name));
    const logger = new Logger({ console: false });
    services = openHostServices({ dataDir, logger });
    host = createNodeHost({ dataDir, logger, services });
    ctx = host.newConnection('ws');
    ({ admin, user } = await adminAndUser(services.auth, o.user));
  });
  afterAll(async () => {
    await host?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the API host is set up in beforeAll');
    return v;
  };
  const call: ApiHost['call'] = async (method, params, session) => {
    const s = session === undefined ? ready(admin) : session;
    return (await ready(host).handle(
      { kind: 'request', id: ++id, method, params, ...(s ? { session: s } : {}) },
      ready(ctx),
    )) as ApiReply;
  };
  return {
    get dataDir() {
      return ready(dataDir);
    },
    get services() {
      return ready(services);
    },
    get host() {
      return ready(host);
    },
    get ctx() {
      return ready(ctx);
    },
    get admin() {
      return ready(admin);
    },
    get user() {
      return ready(user);
    },
    call,
    async uploadModel(file, commit, session) {
      const bytes = readFileSync(file);
      const begin = await call(
        'models.import.begin',
        { fileName: path.basename(file), size: bytes.length },
        session,
      );
      if (!begin.ok) return begin;
      for (let i = 0, off = 0; off < bytes.length; i++, off += MODEL_UPLOAD_CHUNK_BYTES) {
        const r = await call('models.import.chunk', {
          uploadId: begin.result.uploadId,
          index: i,
          base64: bytes.subarray(off, off + MODEL_UPLOAD_CHUNK_BYTES).toString('base64'),
        });
        expect(r.ok, JSON.stringify(r.error)).toBe(true);
      }
      return call('models.import.commit', { uploadId: begin.result.uploadId, ...commit });
    },
  };
}

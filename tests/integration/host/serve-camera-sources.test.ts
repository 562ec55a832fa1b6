import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSocket } from '../../helpers/api-socket';
import { startServe, type ServeHandle } from '../../helpers/watcher-serve';

/**
 * The probe of a supervisor turning "test connection" against the host's own files, on the real
 * `watcher serve`: ffmpeg protocol "paths" are refused by the schema, and files that try to make
 * ffmpeg read the installation's secret key (an ffconcat list, an HLS playlist) are refused by the
 * per-kind whitelists; no frame comes back and nothing of the key leaks into the answer.
 */
describe('camera sources through test connection on watcher serve', () => {
  let serve: ServeHandle;
  let api: ApiSocket;
  let session: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-src-probe-'));

  beforeAll(async () => {
    serve = await startServe();
    api = await ApiSocket.open(serve);
    const r = await api.call('auth.createFirstAdmin', {
      username: 'admin',
      password: 'clave-segura-123',
      displayName: 'Admin',
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    session = r.result.token as string;
  }, 120_000);

  afterAll(async () => {
    api?.close();
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses protocol "paths" and relative paths before ffmpeg sees them', async () => {
    for (const p of [
      'concat:/etc/passwd',
      `subfile:,,start,0,end,0,,:${path.join(serve.dataDir, 'secret.key')}`,
      'tcp://127.0.0.1:9/',
      'secret.key',
    ]) {
      const r = await api.call('cameras.test', { source: { kind: 'file', path: p } }, session);
      expect(r.ok, p).toBe(false);
      expect(r.error!.code, p).toBe('api.invalid_params');
      const saved = await api.call(
        'cameras.upsert',
        { camera: { id: 'probe', name: 'probe', source: { kind: 'file', path: p } } },
        session,
      );
      expect(saved.error?.code, p).toBe('api.invalid_params');
    }
  });

  it('a playlist or ffconcat file posing as a video cannot pull in the secret key', async () => {
    const key = path.join(serve.dataDir, 'secret.key');
    const keyText = readFileSync(key).toString('latin1');
    const traps = {
      'trap-concat.mp4': `ffconcat version 1.0\nfile '${key}'\n`,
      'trap-hls.mp4': `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://${key}\n#EXT-X-ENDLIST\n`,
    };
    for (const [name, body] of Object.entries(traps)) {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      const r = await api.call('cameras.test', { source: { kind: 'file', path: file } }, session);
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.result.ok, name).toBe(false);
      expect(r.result.jpegBase64, name).toBeUndefined();
      expect(['camera.error.not_allowed', 'camera.error.not_video']).toContain(r.result.errorCode);
      expect(JSON.stringify(r)).not.toContain(keyText.slice(0, 16));
    }
  });
});

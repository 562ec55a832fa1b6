import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { hiddenInputCaps } from '../../../inference/worker/ffmpeg/ffmpeg-caps';
import { ensureBuilt, startServe, type ServeHandle } from '../../helpers/watcher-serve';
import { commandLine, descendants } from '../../helpers/process-tree';
import { startRtspTestServer, type RtspTestServer } from '../../helpers/rtsp-server';
import { until } from '../../helpers/until';

/**
 * Camera credentials against the real `watcher serve`: URLs with an empty user, a raw `@` and `:`
 * inside the password, and credentials in the query string are saved through the API and streamed
 * from servers that check them. The passwords must appear in none of: the SQLite files (database
 * and WAL), the logs, `cameras.list`, `camera.status` events, `audit.list`, "test connection"
 * answers, and the command line of the ffmpeg processes (readable by every local user in `ps`).
 */

// An ffmpeg that reads the credentials from stdin for every kind (5.0+); the bundled 4.1 cannot for RTSP.
const FFMPEG5 = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find(
  (p) => existsSync(p) && hiddenInputCaps(p).concatOptions,
);

const RTSP_EMPTY_USER_PW = 'EmptyUserPw7q';
const RTSP_AT_PW = 'p@ss:W0rd-rtsp9';
const HTTP_QUERY_PW = 'QueryPw3x';
const HTTP_QUERY_TOKEN = 'QueryTok5z';
const HTTP_AT_PW = 'h@ttp:Pw4k';
const WRONG_PW = 'Wr0ngTestPw8';
const SECRETS = [
  RTSP_EMPTY_USER_PW,
  RTSP_AT_PW,
  HTTP_QUERY_PW,
  HTTP_QUERY_TOKEN,
  HTTP_AT_PW,
  WRONG_PW,
];
/** Each secret as written raw and percent-encoded (as a URL carries it). */
const FORMS = SECRETS.flatMap((s) => [s, encodeURIComponent(s)]);

function leaks(text: string): string[] {
  return FORMS.filter((f) => text.includes(f));
}

/** An MJPEG camera stand-in: Basic auth, or `?user=&pwd=&token=` in the query. */
function mjpegServer(): Promise<{ server: Server; port: number; seen: string[] }> {
  const jpeg = spawnSync(
    ffmpegInstaller.path,
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240',
      '-frames:v',
      '1',
      '-f',
      'mjpeg',
      '-',
    ],
    { encoding: 'buffer' },
  ).stdout;
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const creds = basic ? Buffer.from(basic, 'base64').toString() : undefined;
    seen.push(`${url.pathname}${url.search} ${creds ?? '-'}`);
    const ok =
      url.pathname === '/basic'
        ? creds === `cam:${HTTP_AT_PW}`
        : url.searchParams.get('user') === 'admin' &&
          url.searchParams.get('pwd') === HTTP_QUERY_PW &&
          url.searchParams.get('token') === HTTP_QUERY_TOKEN;
    if (!ok) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="cam"' });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    const timer = setInterval(() => {
      res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      res.write(jpeg);
      res.write('\r\n');
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port, seen }),
    ),
  );
}

interface Reply {
  kind: string;
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: { code: string; message: string };
  topic?: string;
  payload?: unknown;
}

/** Every file under `dir` except the key, with its bytes as latin1 text (the WAL, the logs…). */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (name !== 'secret.key') out.push({ file: full, text: readFileSync(full, 'latin1') });
  }
  return out;
}

describe('watcher serve keeps camera credentials secret', () => {
  let serve: ServeHandle;
  let rtsp: RtspTestServer & { attempts: Array<{ user: string; password: string }> };
  let rtspAt: RtspTestServer & { attempts: Array<{ user: string; password: string }> };
  let http: Awaited<ReturnType<typeof mjpegServer>>;
  let ws: WebSocket;
  const messages: string[] = [];
  const replies: Reply[] = [];
  let nextId = 1;
  let session = '';
  let dataDir = '';

  async function call<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = nextId++;
    ws.send(
      JSON.stringify({ kind: 'request', id, method, params, ...(session ? { session } : {}) }),
    );
    let reply: Reply | undefined;
    await until(
      () => (reply = replies.find((r) => r.kind === 'response' && r.id === id)) !== undefined,
      60_000,
      `${method} to answer`,
    );
    if (!reply!.ok) throw new Error(`${method}: ${JSON.stringify(reply!.error)}`);
    return reply!.result as T;
  }

  const statusOf = (cameraId: string) =>
    replies
      .filter((r) => r.kind === 'event' && r.topic === 'camera.status')
      .map((r) => r.payload as { cameraId: string; state: string })
      .filter((p) => p.cameraId === cameraId)
      .at(-1)?.state;

  beforeAll(async () => {
    ensureBuilt();
    rtsp = await startRtspTestServer(undefined, 'cam', {
      auth: { user: '', password: RTSP_EMPTY_USER_PW },
    });
    rtspAt = await startRtspTestServer(undefined, 'cam', {
      auth: { user: 'admin', password: RTSP_AT_PW },
    });
    await Promise.all([rtsp.start(), rtspAt.start()]);
    http = await mjpegServer();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-secrets-'));
    serve = await startServe({
      dataDir,
      args: ['--log-level', 'debug'],
      env: FFMPEG5 ? { WATCHER_FFMPEG: FFMPEG5 } : {},
    });
    ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api?token=${serve.token}`);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      messages.push(text);
      replies.push(JSON.parse(text) as Reply);
    });
    await new Promise((r) => ws.once('open', r));
    const admin = await call<{ token: string }>('auth.createFirstAdmin', {
      username: 'admin',
      password: 'admin-password-1',
      displayName: 'Admin',
    });
    session = admin.token;
  }, 120_000);

  afterAll(async () => {
    ws?.close();
    if (serve?.proc.exitCode === null) await serve.stop();
    await Promise.all([rtsp?.stop(), rtspAt?.stop()]);
    http?.server.closeAllConnections();
    http?.server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams every URL form while no password reaches the API, events, audit, logs, database or ps', async () => {
    const rtspPort = new URL(rtsp.url).port;
    const rtspAtPort = new URL(rtspAt.url).port;
    const cameras = [
      {
        id: 'rtsp-empty-user',
        url: `rtsp://:${RTSP_EMPTY_USER_PW}@127.0.0.1:${rtspPort}/cam`,
        kind: 'rtsp',
      },
      // A raw `@` and `:` inside the password: the last `@` separates.
      {
        id: 'rtsp-at',
        url: `rtsp://admin:${RTSP_AT_PW}@127.0.0.1:${rtspAtPort}/cam`,
        kind: 'rtsp',
      },
      {
        id: 'http-query',
        url: `http://127.0.0.1:${http.port}/video.cgi?user=admin&pwd=${HTTP_QUERY_PW}&token=${HTTP_QUERY_TOKEN}`,
        kind: 'http',
      },
      { id: 'http-at', url: `http://cam:${HTTP_AT_PW}@127.0.0.1:${http.port}/basic`, kind: 'http' },
    ];
    await call('cameras.remove', { id: 'demo' });
    for (const c of cameras) {
      const saved = await call<{ source: { url: string } }>('cameras.upsert', {
        camera: {
          id: c.id,
          name: c.id,
          source:
            c.kind === 'rtsp'
              ? { kind: 'rtsp', url: c.url, transport: 'udp' }
              : { kind: 'http', url: c.url },
          analysis: { fps: 2 },
          preview: { fps: 2 },
        },
      });
      expect(leaks(JSON.stringify(saved)), c.id).toEqual([]);
    }

    // Each camera streams: the credentials reached its server another way than the command line.
    await until(
      () => cameras.every((c) => statusOf(c.id) === 'streaming'),
      90_000,
      'every camera to stream',
    );
    expect(rtsp.attempts).toContainEqual({ user: '', password: RTSP_EMPTY_USER_PW });
    expect(rtspAt.attempts).toContainEqual({ user: 'admin', password: RTSP_AT_PW });
    expect(http.seen).toContain(`/basic cam:${HTTP_AT_PW}`);

    // ps: the ffmpeg processes streaming the cameras.
    const ffmpegs = descendants(serve.proc.pid!)
      .map((pid) => ({ pid, cmd: commandLine(pid) }))
      .filter((p) => /ffmpeg/.test(p.cmd) && p.cmd.includes('pipe:0'));
    const expected = FFMPEG5 ? cameras.length : cameras.filter((c) => c.kind === 'http').length;
    expect(ffmpegs.length).toBeGreaterThanOrEqual(expected);
    for (const p of descendants(serve.proc.pid!)) {
      const cmd = commandLine(p);
      if (!/ffmpeg/.test(cmd)) continue;
      // RTSP on an ffmpeg older than 5.0 is the one documented exception.
      if (!FFMPEG5 && cmd.includes('rtsp://')) continue;
      expect(leaks(cmd), cmd).toEqual([]);
    }

    // "Test connection" with a wrong password: refused, and the answer does not echo it.
    const test = await call<{ ok: boolean; error?: string; errorCode?: string }>('cameras.test', {
      source: {
        kind: 'rtsp',
        url: `rtsp://admin:${WRONG_PW}@127.0.0.1:${rtspAtPort}/cam`,
        transport: 'udp',
      },
    });
    expect(test.ok).toBe(false);
    expect(rtspAt.attempts).toContainEqual({ user: 'admin', password: WRONG_PW });

    // Saving the listed (credential-free) form back keeps the stored credentials.
    const listed = await call<Array<{ id: string; source: { url: string } }>>('cameras.list', {});
    const query = listed.find((c) => c.id === 'http-query')!;
    expect(query.source.url).toBe(
      `http://127.0.0.1:${http.port}/video.cgi?user=admin&pwd=***&token=***`,
    );
    expect(listed.find((c) => c.id === 'rtsp-empty-user')!.source.url).toBe(
      `rtsp://127.0.0.1:${rtspPort}/cam`,
    );
    expect(listed.find((c) => c.id === 'rtsp-at')!.source.url).toBe(
      `rtsp://admin@127.0.0.1:${rtspAtPort}/cam`,
    );
    const requestsBefore = http.seen.length;
    await call('cameras.upsert', {
      camera: { ...query, name: 'http-query (renamed)' },
    });
    await until(
      () =>
        http.seen
          .slice(requestsBefore)
          .some((s) => s.includes(`pwd=${HTTP_QUERY_PW}&token=${HTTP_QUERY_TOKEN}`)),
      60_000,
      'the re-saved camera to reconnect with its stored credentials',
    );

    const audit = await call('audit.list', {});
    expect(leaks(JSON.stringify(audit))).toEqual([]);
    expect(leaks(JSON.stringify(await call('cameras.list', {})))).toEqual([]);

    // Every answer and event the socket received (statuses, lists, the audit log, the test).
    expect(messages.some((m) => m.includes('"topic":"camera.status"'))).toBe(true);
    for (const m of messages) expect(leaks(m), m.slice(0, 300)).toEqual([]);

    // The database, its WAL and the logs while running, then after shutdown.
    const running = filesUnder(serve.dataDir);
    expect(running.some((f) => f.file.endsWith('watcher.db'))).toBe(true);
    expect(running.some((f) => f.file.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    for (const f of running) expect(leaks(f.text), f.file).toEqual([]);
    const log = filesUnder(path.join(dataDir, 'logs'))
      .map((f) => f.text)
      .join('\n');
    expect(log).toContain('camera connecting');
    ws.close();
    await serve.stop();
    for (const f of filesUnder(dataDir)) expect(leaks(f.text), f.file).toEqual([]);
  }, 240_000);
});

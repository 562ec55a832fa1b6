import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import type { CameraSource } from '../../../../electron/shared/config/camera';
import { sourceInput } from '../../../../inference/worker/camera/source-input';
import { hiddenInputCaps } from '../../../../inference/worker/ffmpeg/ffmpeg-caps';
import { startRtspTestServer, type RtspTestServer } from '../../../helpers/rtsp-server';
import { until } from '../../../helpers/until';

/**
 * Credentials in a camera URL reach the camera, but not ffmpeg's command line (/proc/<pid>/cmdline,
 * readable by every local user): sourceInput hands ffmpeg an ffconcat script on stdin. Checked with
 * every ffmpeg on this machine (the bundled 4.1 and a system 5.x when present).
 */
const PW = 'h@ttp:Secr3t';
const QPW = 'QuerySecr3t';
const RTSP_PW = 'rt@sp:Secr3t';
const binaries = [
  ffmpegInstaller.path,
  ...['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].filter(existsSync),
];

let server: Server;
let port = 0;
const seen: string[] = [];
let rtsp: RtspTestServer & { attempts: Array<{ user: string; password: string }> };
const procs: ChildProcess[] = [];

beforeAll(async () => {
  const jpeg = spawnSync(
    ffmpegInstaller.path,
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120',
      '-frames:v',
      '1',
      '-f',
      'mjpeg',
      '-',
    ],
    { encoding: 'buffer' },
  ).stdout;
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const creds = basic ? Buffer.from(basic, 'base64').toString() : '-';
    seen.push(`${url.pathname}${url.search} ${creds}`);
    const ok =
      url.pathname === '/basic' ? creds === `cam:${PW}` : url.searchParams.get('pwd') === QPW;
    if (!ok) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="cam"' });
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    const timer = setInterval(() => {
      res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      res.write(jpeg);
      res.write('\r\n');
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  rtsp = await startRtspTestServer(undefined, 'cam', {
    auth: { user: 'admin', password: RTSP_PW },
  });
  await rtsp.start();
}, 60_000);

afterAll(async () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  server?.closeAllConnections();
  server?.close();
  await rtsp?.stop();
});

/** Runs ffmpeg on the source until it decoded `frames` frames; returns its command line meanwhile. */
async function open(ffmpeg: string, source: CameraSource) {
  const input = sourceInput(source, hiddenInputCaps(ffmpeg));
  const proc = spawn(
    ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'info',
      ...input.args,
      '-frames:v',
      '5',
      '-f',
      'null',
      '-',
    ],
    { stdio: [input.stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] },
  );
  procs.push(proc);
  if (input.stdin !== undefined) proc.stdin!.end(input.stdin);
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // What `ps` shows once the child has exec'd ffmpeg (before that /proc shows the forked parent).
  let cmdline = '';
  const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  await until(
    () => {
      try {
        cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return true;
      }
      return cmdline.includes('-frames:v');
    },
    10_000,
    'ffmpeg to start',
  );
  expect(cmdline).toContain('-frames:v');
  const code = await exited;
  return { code, cmdline, hidden: input.hidden, args: input.args.join(' '), err };
}

describe.each(binaries)('credentials off the command line with %s', (ffmpeg) => {
  it('HTTP Basic credentials with @ and : in the password', async () => {
    const r = await open(ffmpeg, { kind: 'http', url: `http://cam:${PW}@127.0.0.1:${port}/basic` });
    expect(r.err).toContain('Input #0, concat');
    expect(r.code, r.err).toBe(0);
    expect(r.hidden).toBe(true);
    for (const form of [PW, encodeURIComponent(PW)]) {
      expect(r.args).not.toContain(form);
      expect(r.cmdline).not.toContain(form);
    }
    expect(seen).toContain(`/basic cam:${PW}`);
  });

  it('a password in the query string', async () => {
    const r = await open(ffmpeg, {
      kind: 'http',
      url: `http://127.0.0.1:${port}/video.cgi?user=admin&pwd=${QPW}`,
    });
    expect(r.code, r.err).toBe(0);
    expect(r.args).not.toContain(QPW);
    expect(r.cmdline).not.toContain(QPW);
    await until(() => seen.some((s) => s.includes(`pwd=${QPW}`)), 5000, 'the camera to see it');
  });

  it('RTSP: hidden where the ffmpeg has ffconcat options (5.0+), else on the command line and said so', async () => {
    const url = rtsp.url.replace('rtsp://', `rtsp://admin:${encodeURIComponent(RTSP_PW)}@`);
    const r = await open(ffmpeg, { kind: 'rtsp', url, transport: 'udp' });
    expect(r.code, r.err).toBe(0);
    expect(rtsp.attempts).toContainEqual({ user: 'admin', password: RTSP_PW });
    expect(r.hidden).toBe(hiddenInputCaps(ffmpeg).concatOptions);
    if (r.hidden) {
      expect(r.args).not.toContain(encodeURIComponent(RTSP_PW));
      expect(r.cmdline).not.toContain(encodeURIComponent(RTSP_PW));
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { repoRoot } from './fixtures';

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface RtspTestServer {
  /** Where clients (the camera under test) read: rtsp://127.0.0.1:<clientPort>/<path>. */
  url: string;
  /** Starts (again) the server and the publisher; resolves once the stream is being published. */
  start(): Promise<void>;
  /** Kills the server and the publisher, as a crashed or rebooted camera would vanish. */
  stop(): Promise<void>;
}

/**
 * A real RTSP server on loopback (rtsp-streaming-server, in its own Node process so stopping it
 * drops every connection) fed by ffmpeg publishing `video` in a loop, or a generated test pattern
 * when `video` is undefined (fixtures absent). The server only speaks RTP over UDP, so clients must
 * use `transport: 'udp'`. The publisher re-encodes with a 1 s GOP so a reconnecting client gets a
 * keyframe quickly. With `auth`, clients must send those credentials (RTSP Basic), and `attempts`
 * records what each client sent.
 */
export async function startRtspTestServer(
  video: string | undefined,
  path = 'cam',
  opts: { auth?: { user: string; password: string } } = {},
): Promise<RtspTestServer & { attempts: Array<{ user: string; password: string }> }> {
  const attempts: Array<{ user: string; password: string }> = [];
  const serverPort = await freePort();
  const clientPort = await freePort();
  const rtpPortStart = 20000 + 2 * Math.floor(Math.random() * 10000);
  let server: ChildProcess | undefined;
  let publisher: ChildProcess | undefined;
  const script = `
    const RtspServer = require('rtsp-streaming-server').default;
    const auth = ${JSON.stringify(opts.auth ?? null)};
    const clientServerHooks = auth ? { authentication: async (user, password) => {
      console.log('auth ' + JSON.stringify({ user, password }));
      return user === auth.user && password === auth.password;
    } } : undefined;
    new RtspServer({ serverPort: ${serverPort}, clientPort: ${clientPort}, rtpPortStart: ${rtpPortStart}, rtpPortCount: 40, clientServerHooks })
      .start().then(() => console.log('listening'), (e) => { console.error(e); process.exit(1); });
  `;
  const input = video
    ? ['-re', '-stream_loop', '-1', '-i', video]
    : ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=384x216:rate=12.5'];

  const killed = (p: ChildProcess | undefined): Promise<void> =>
    new Promise((resolve) => {
      if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });

  const api: RtspTestServer & { attempts: typeof attempts } = {
    attempts,
    url: `rtsp://127.0.0.1:${clientPort}/${path}`,
    async start() {
      server = spawn(process.execPath, ['-e', script], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('RTSP server did not start')), 10_000);
        server!.stdout!.on('data', (d: Buffer) => {
          for (const m of d.toString().matchAll(/^auth (.*)$/gm))
            attempts.push(JSON.parse(m[1]) as { user: string; password: string });
          if (d.toString().includes('listening')) {
            clearTimeout(timer);
            resolve();
          }
        });
        server!.once('exit', (code) => reject(new Error(`RTSP server exited with ${code}`)));
      });
      publisher = spawn(
        ffmpegInstaller.path,
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-nostdin',
          ...input,
          '-an',
          '-vf',
          'scale=384:-2',
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-tune',
          'zerolatency',
          '-g',
          '12',
          '-pix_fmt',
          'yuv420p',
          '-f',
          'rtsp',
          '-rtsp_transport',
          'udp',
          `rtsp://127.0.0.1:${serverPort}/${path}`,
        ],
        { stdio: ['ignore', 'ignore', 'ignore'] },
      );
      // ANNOUNCE + RECORD take a moment; the stream is there once the publisher is sending.
      await new Promise((r) => setTimeout(r, 1500));
      if (publisher.exitCode !== null)
        throw new Error(`RTSP publisher exited with ${publisher.exitCode}`);
    },
    async stop() {
      await Promise.all([killed(publisher), killed(server)]);
      publisher = undefined;
      server = undefined;
    },
  };
  return api;
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CameraConfigInput, CameraStatus } from '../../electron/shared/config/camera';
import type { FrameDetections } from '../../electron/shared/domain/detection';
import { inferenceSettingsSchema } from '../../electron/shared/protocol/worker-protocol';
import { ControlRoomHost } from '../../electron/host/control-room-host';
import { Logger } from '../../electron/host/logging/logger';
import { forkWithChildProcess } from '../../electron/host/workers/node-forker';
import { resolveWorkerEntry } from '../../electron/host/workers/worker-entry';
import { ffmpegBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { openHostServices } from '../../electron/host/host-services';
import { decodeSegmentStill, parseSegmentList } from '../../inference/worker/camera/segment-stills';
import { SEGMENT_LIST } from '../../inference/worker/camera/ring-buffer';

const usage = `watcher bench cameras --cameras <n> [options]

Runs n live cameras through the real host and worker processes (ControlRoomHost in this process,
workers forked as \`watcher serve\` forks them), fed by the source served at its own pace from a
loopback RTSP server (one ffmpeg publisher, -re -stream_loop -1 -c copy; every camera reads the
same path). Measures over a window after every camera streams: CPU cores per camera (utime+stime of
this process, the workers and every ffmpeg child, from /proc), delivered fps, frames skipped on
purpose vs lost, latency from frame arrival in the worker to detections on the host's event bus,
total RSS, the provider in use and the load average.

Options:
  --source <video>       H.264 video (default: a 1920x1080 25 fps copy of the shared
                         fixtures/video/car-detection.mp4, made in a temp dir)
  --cameras <n>          cameras (default 1)
  --detect-size <WxH>    scale the main stream to this size for analysis (streams.detectSize)
  --detect-fps <fps>     analysis rate (streams.detectFps)
  --detect-input         with --detect-size: serve a WxH variant of the source as the camera's
                         sub-stream (path /sub) and give it the detect role; the main stream is
                         then only copied into the ring buffer (the NVR way)
  --model <file.onnx>    run this detector (default: motion only)
  --provider <p>         auto | cuda | tensorrt | webgpu | cpu (with --model; default cpu)
  --seconds <s>          measuring window (default 30)
  --rules                give every camera a rule set (a camera with rules keeps evidence
                         stills of the frames its rules fire on)
  --stills <mode>        with --rules: on-demand (default: a role-split camera decodes a still from
                         the recording only when an infraction needs one), continuous (the main
                         stream decoded at the detect rate for stills), or both: the two measured
                         one after the other in this run, printed side by side
  --json                 one JSON object (with --stills both: { phases: [...] })
`;

const r1 = (n: number): number => Math.round(n * 10) / 10;
const r3 = (n: number): number => Math.round(n * 1000) / 1000;
function pct(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const median = (v: number[]): number => pct(v, 50);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

// ---- /proc: the process tree's CPU time and memory ------------------------------------------
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  cpuSec: number;
  rssMB: number;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    // Fields after the name: state(3) ppid(4) … utime(14) stime(15) … rss(24), 1-based in proc(5).
    const ppid = Number(f[1]);
    const cpuSec = (Number(f[11]) + Number(f[12])) / CLK_TCK;
    const rssMB = (Number(f[21]) * 4096) / 1e6;
    return { pid, ppid, comm, cpuSec, rssMB };
  } catch {
    return undefined;
  }
}

/** Every live descendant of `root` (and root itself), leaving out the subtrees in `exclude`. */
function processTree(root: number, exclude: Set<number>): ProcInfo[] {
  const all: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) all.push(p);
  }
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const self = all.find((p) => p.pid === root);
  const stack = self ? [self] : [];
  while (stack.length) {
    const p = stack.pop()!;
    if (exclude.has(p.pid)) continue;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

// ---- The source and the loopback RTSP camera -------------------------------------------------
/** WATCHER_SHARED_DIR, else ../shared beside the checkout, else its own shared/ folder. */
function sharedDir(): string {
  if (process.env.WATCHER_SHARED_DIR) return process.env.WATCHER_SHARED_DIR;
  const beside = path.resolve(process.cwd(), '..', 'shared');
  const inside = path.resolve(process.cwd(), 'shared');
  return existsSync(beside) || !existsSync(inside) ? beside : inside;
}

function make1080p(ffmpeg: string, dir: string): string | undefined {
  const fixture = path.join(sharedDir(), 'fixtures', 'video', 'car-detection.mp4');
  if (!existsSync(fixture)) return undefined;
  const out = path.join(dir, 'car-detection-1080p25.mp4');
  const r = spawnSync(
    ffmpeg,
    [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-i', fixture, '-an'],
      ...['-vf', 'scale=1920:1080,fps=25', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50'],
      ...['-pix_fmt', 'yuv420p', out],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return r.status === 0 ? out : undefined;
}

interface LoopbackCamera {
  url: string;
  /** The sub-stream, when one was published. */
  subUrl?: string;
  pids: number[];
  stop(): Promise<void>;
}

/**
 * rtsp-streaming-server in its own Node process (it only speaks RTP over UDP) and one ffmpeg
 * publishing the video as it is (`-c copy`) at its own pace, looping.
 */
async function startLoopbackCamera(
  ffmpeg: string,
  video: string,
  subVideo?: string,
): Promise<LoopbackCamera> {
  const serverPort = await freePort();
  const clientPort = await freePort();
  const rtpPortStart = 20000 + 2 * Math.floor(Math.random() * 10000);
  const script = `
    const RtspServer = require('rtsp-streaming-server').default;
    new RtspServer({ serverPort: ${serverPort}, clientPort: ${clientPort}, rtpPortStart: ${rtpPortStart}, rtpPortCount: 400 })
      .start().then(() => console.log('listening'), (e) => { console.error(e); process.exit(1); });
  `;
  const server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('RTSP server did not start')), 20_000);
    server.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`RTSP server exited with ${code}`)));
  });
  const publish = (file: string, name: string): ChildProcess =>
    spawn(
      ffmpeg,
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
        ...['-re', '-stream_loop', '-1', '-i', file, '-an', '-c', 'copy'],
        ...['-f', 'rtsp', '-rtsp_transport', 'udp', `rtsp://127.0.0.1:${serverPort}/${name}`],
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  const publisher = publish(video, 'cam');
  const subPublisher = subVideo ? publish(subVideo, 'sub') : undefined;
  await new Promise((r) => setTimeout(r, 1500));
  for (const p of [publisher, subPublisher])
    if (p && p.exitCode !== null) throw new Error(`RTSP publisher exited with ${p.exitCode}`);
  const killed = (p: ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  return {
    url: `rtsp://127.0.0.1:${clientPort}/cam`,
    ...(subPublisher ? { subUrl: `rtsp://127.0.0.1:${clientPort}/sub` } : {}),
    pids: [server.pid!, publisher.pid!, ...(subPublisher ? [subPublisher.pid!] : [])],
    stop: async () => {
      await Promise.all([publisher, subPublisher, server].map((p) => p && killed(p)));
    },
  };
}

/**
 * What one on-demand still costs: the newest closed segment's last frame decoded (the most work:
 * every frame from its keyframe), CPU from the ffmpeg's own accounting (`-benchmark`).
 */
async function onDemandStillCost(
  ffmpeg: string,
  bufferDir: string,
): Promise<
  | {
      width: number;
      height: number;
      cpuMs: number;
      wallMs: number;
      segments: number;
      newestEndAgoSec: number;
    }
  | undefined
> {
  let entries;
  try {
    entries = parseSegmentList(readFileSync(path.join(bufferDir, SEGMENT_LIST), 'utf8'));
  } catch {
    return undefined;
  }
  const e = entries.at(-1);
  if (!e) return undefined;
  const offset = Math.max(0, e.end - e.start - 0.1);
  const t0 = performance.now();
  const still = await decodeSegmentStill(path.join(bufferDir, e.file), offset, {
    ffmpegPath: ffmpeg,
    maxWidth: 1920,
    quality: 3,
  });
  const wallMs = performance.now() - t0;
  if (!still) return undefined;
  const bench = spawnSync(ffmpeg, [
    ...['-hide_banner', '-nostdin', '-benchmark', '-i', path.join(bufferDir, e.file)],
    ...[
      '-ss',
      offset.toFixed(6),
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      '-',
    ],
  ]);
  const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(bench.stderr?.toString() ?? '');
  return {
    width: still.width,
    height: still.height,
    cpuMs: m ? Math.round((Number(m[1]) + Number(m[2])) * 1000) : NaN,
    wallMs: Math.round(wallMs),
    segments: entries.length,
    // On a live camera's wall-clock timeline the index is in epoch seconds: a few seconds old.
    newestEndAgoSec: r1(Date.now() / 1000 - e.end),
  };
}

// ---- The benchmark ---------------------------------------------------------------------------
export async function run(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        source: { type: 'string' },
        cameras: { type: 'string', default: '1' },
        'detect-size': { type: 'string' },
        'detect-fps': { type: 'string' },
        'detect-input': { type: 'boolean', default: false },
        model: { type: 'string' },
        provider: { type: 'string', default: 'cpu' },
        seconds: { type: 'string', default: '30' },
        rules: { type: 'boolean', default: false },
        stills: { type: 'string', default: 'on-demand' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`watcher bench cameras: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const n = Number(v.cameras);
  const seconds = Number(v.seconds);
  const size = v['detect-size']?.match(/^(\d+)x(\d+)$/);
  const detectFps = v['detect-fps'] === undefined ? undefined : Number(v['detect-fps']);
  const settings = inferenceSettingsSchema.safeParse({ provider: v.provider });
  if (
    !(Number.isInteger(n) && n >= 1 && n <= 256) ||
    !(seconds > 0) ||
    (v['detect-size'] && !size) ||
    (detectFps !== undefined && !(detectFps > 0 && detectFps <= 60)) ||
    (v['detect-input'] && !size) ||
    !['on-demand', 'continuous', 'both'].includes(v.stills) ||
    !settings.success
  ) {
    process.stderr.write(
      `watcher bench cameras: --cameras 1..256, --seconds > 0, --detect-size WxH, --detect-fps 0..60, ` +
        `--provider auto|cuda|tensorrt|webgpu|cpu, --detect-input needs --detect-size, ` +
        `--stills on-demand|continuous|both\n\n${usage}`,
    );
    return 2;
  }
  const log = (msg: string) => !v.json && process.stdout.write(`${msg}\n`);
  if (process.platform !== 'linux') {
    process.stderr.write('watcher bench cameras: reads /proc; Linux only\n');
    return 2;
  }

  const ffmpeg = ffmpegBinary().path;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'watcher-bench-cameras-'));
  const cleanups: Array<() => Promise<void> | void> = [
    () => rmSync(tmp, { recursive: true, force: true }),
  ];
  try {
    let source = v.source ? path.resolve(v.source) : undefined;
    if (!source) {
      log('making a 1920x1080 25 fps H.264 source from the shared car-detection fixture…');
      source = make1080p(ffmpeg, tmp);
      if (!source) {
        process.stdout.write(
          `watcher bench cameras: skipped: no --source and ${path.join(sharedDir(), 'fixtures/video/car-detection.mp4')} ` +
            `is absent (set WATCHER_SHARED_DIR)\n`,
        );
        return 0;
      }
    }
    let subVideo: string | undefined;
    if (v['detect-input'] && size) {
      log(`making the ${size[1]}x${size[2]} sub-stream variant…`);
      subVideo = path.join(tmp, 'sub.mp4');
      const r = spawnSync(
        ffmpeg,
        [
          ...['-hide_banner', '-loglevel', 'error', '-y', '-i', source, '-an'],
          ...['-vf', `scale=${size[1]}:${size[2]}`, '-c:v', 'libx264', '-preset', 'veryfast'],
          ...['-g', '50', '-pix_fmt', 'yuv420p', subVideo],
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      if (r.status !== 0) throw new Error('could not make the sub-stream variant');
    }
    const camera = await startLoopbackCamera(ffmpeg, source, subVideo);
    cleanups.push(() => camera.stop());

    const dataDir = path.join(tmp, 'data');
    const logger = new Logger({ dir: path.join(dataDir, 'logs'), level: 'error' });
    // Rule sets live in the store: a host with one, only when asked for.
    const services = v.rules ? openHostServices({ dataDir, logger }) : undefined;
    if (services) cleanups.unshift(() => services.close());
    const host = new ControlRoomHost({
      ...(services ? { services } : {}),
      dataDir,
      runtime: 'node',
      forker: forkWithChildProcess,
      workerEntry: resolveWorkerEntry(),
      logger,
      modelsDir: v.model ? path.dirname(path.resolve(v.model)) : undefined,
      inference: v.model ? settings.data : undefined,
    });
    const statuses = new Map<string, CameraStatus>();
    const latencies: number[] = [];
    let measuring = false;
    host.onEvent((e) => {
      if (e.topic === 'camera.status') {
        const s = e.payload as CameraStatus;
        statuses.set(s.cameraId, s);
      } else if (e.topic === 'camera.detections' && measuring) {
        latencies.push(Date.now() - (e.payload as FrameDetections).ts);
      }
    });
    const modes: Array<'on-demand' | 'continuous' | undefined> = !v.rules
      ? [undefined]
      : v.stills === 'both'
        ? ['continuous', 'on-demand']
        : [v.stills as 'on-demand' | 'continuous'];
    host.start();
    cleanups.unshift(() => host.stop());
    const phases: Array<Record<string, unknown>> = [];
    let previous: string[] = [];
    for (const mode of modes) {
      for (const id of previous) host.cameras.remove(id);
      const ids = Array.from(
        { length: n },
        (_, i) => `bench-${mode ? `${mode}-` : ''}${String(i + 1).padStart(3, '0')}`,
      );
      previous = ids;
      for (const id of ids) {
        services?.store.config.addRuleSet(
          id,
          { imageSize: { width: 1920, height: 1080 } },
          'bench',
        );
        const cam: CameraConfigInput = {
          id,
          name: id,
          source: { kind: 'rtsp', url: camera.url, transport: 'udp' },
          streams: {
            ...(camera.subUrl
              ? {
                  inputs: [
                    {
                      source: { kind: 'rtsp', url: camera.subUrl, transport: 'udp' },
                      roles: ['detect'],
                    },
                  ],
                }
              : size
                ? { detectSize: { width: Number(size[1]), height: Number(size[2]) } }
                : {}),
            ...(detectFps !== undefined ? { detectFps } : {}),
          },
          ...(detectFps !== undefined ? { analysis: { fps: detectFps } } : {}),
          detector: v.model ? { kind: 'onnx', modelId: path.resolve(v.model) } : { kind: 'motion' },
          ...(mode ? { stills: { decode: mode } } : {}),
        };
        host.cameras.upsert(cam);
      }

      log(`waiting for ${n} camera(s) to stream from ${camera.url}…`);
      const streaming = () => ids.every((id) => statuses.get(id)?.state === 'streaming');
      if (!(await until(streaming, 60_000 + n * 5_000))) {
        const bad = ids.filter((id) => statuses.get(id)?.state !== 'streaming');
        process.stderr.write(
          `watcher bench cameras: ${bad.length} camera(s) never streamed: ` +
            `${bad
              .slice(0, 3)
              .map(
                (id) =>
                  `${id} ${statuses.get(id)?.state ?? 'no status'} ${statuses.get(id)?.reason ?? ''}`,
              )
              .join('; ')}\n`,
        );
        return 1;
      }
      // Settle: first keyframes, model warm-up, worker start-up CPU out of the window.
      await new Promise((r) => setTimeout(r, 3000));

      const exclude = new Set(camera.pids);
      const cpuOf = (tree: ProcInfo[]) => new Map(tree.map((p) => [p.pid, p.cpuSec]));
      const treeStart = processTree(process.pid, exclude);
      const cpuStart = cpuOf(treeStart);
      const camStart = camera.pids.flatMap((pid) => processTree(pid, new Set()));
      const framesStart = new Map(ids.map((id) => [id, { ...statuses.get(id)! }]));
      const loadStart = os.loadavg();
      const t0 = performance.now();
      latencies.length = 0;
      measuring = true;
      await new Promise((r) => setTimeout(r, seconds * 1000));
      measuring = false;
      const windowSec = (performance.now() - t0) / 1000;
      const treeEnd = processTree(process.pid, exclude);
      const camEnd = camera.pids.flatMap((pid) => processTree(pid, new Set()));
      const loadEnd = os.loadavg();

      // CPU over the window: processes alive at the end (those born inside it count from zero).
      let cpu = 0;
      const byKind = { host: 0, workers: 0, ffmpeg: 0 };
      for (const p of treeEnd) {
        const d = p.cpuSec - (cpuStart.get(p.pid) ?? 0);
        cpu += d;
        if (p.pid === process.pid) byKind.host += d;
        else if (p.comm.startsWith('ffmpeg')) byKind.ffmpeg += d;
        else byKind.workers += d;
      }
      const camCpu =
        camEnd.reduce((a, p) => a + p.cpuSec, 0) - camStart.reduce((a, p) => a + p.cpuSec, 0);
      const rssMB = treeEnd.reduce((a, p) => a + p.rssMB, 0);
      const per = ids.map((id) => {
        const a = framesStart.get(id)!;
        const b = statuses.get(id)!;
        return {
          id,
          fps: (b.frames - a.frames) / windowSec,
          skipped: b.droppedByRate - a.droppedByRate,
          lost: b.lost - a.lost,
          reconnects: b.reconnects - a.reconnects,
          state: b.state,
          provider: b.provider,
          decoder: b.decoder,
        };
      });
      const fpsList = per.map((p) => p.fps);
      const target = detectFps ?? 10;
      const result = {
        cameras: n,
        rules: v.rules,
        stills: mode ?? null,
        source: path.basename(source),
        detectSize: size ? `${size[1]}x${size[2]}` : null,
        detectStream: camera.subUrl
          ? 'sub-stream input'
          : size
            ? 'main stream scaled'
            : 'main stream',
        detectFps: detectFps ?? null,
        detector: v.model ? path.basename(v.model) : 'motion',
        providerRequested: v.model ? v.provider : null,
        providers: [...new Set(per.map((p) => p.provider ?? 'unknown'))],
        decoders: [...new Set(per.map((p) => p.decoder ?? 'unknown'))],
        windowSec: r1(windowSec),
        coresTotal: r3(cpu / windowSec),
        coresPerCamera: r3(cpu / windowSec / n),
        coresByKind: {
          host: r3(byKind.host / windowSec),
          workers: r3(byKind.workers / windowSec),
          ffmpeg: r3(byKind.ffmpeg / windowSec),
        },
        loopbackCameraCores: r3(camCpu / windowSec),
        processes: treeEnd.length,
        /** CPU per delivered analysis frame: comparable when a loaded machine starves the cameras. */
        cpuMsPerFrame: r1(
          (cpu * 1000) /
            Math.max(
              1,
              per.reduce((a, p) => a + p.fps * windowSec, 0),
            ),
        ),
        fpsMin: r1(Math.min(...fpsList)),
        fpsMedian: r1(median(fpsList)),
        starving: per.filter((p) => p.fps < 0.8 * target).map((p) => p.id),
        skippedOnPurpose: per.reduce((a, p) => a + p.skipped, 0),
        lost: per.reduce((a, p) => a + p.lost, 0),
        reconnects: per.reduce((a, p) => a + p.reconnects, 0),
        latencyMeasured:
          'frame arrival in the worker (Date.now() when its raw frame is read) to camera.detections on the host event bus',
        latencyMsP50: r1(pct(latencies, 50)),
        latencyMsP95: r1(pct(latencies, 95)),
        latencySamples: latencies.length,
        rssMB: Math.round(rssMB),
        loadAverage: { start: loadStart.map(r1), end: loadEnd.map(r1) },
        cpuCores: os.cpus().length,
      };
      phases.push(result);
      if (!v.json) {
        log(
          `${mode ? `[stills ${mode}] ` : ''}${n} camera(s), ${result.detector}${v.rules ? ', with rules' : ''}, detect ${result.detectSize ?? 'full size'} (${result.detectStream}) @ ${result.detectFps ?? 'analysis.fps'} fps, window ${result.windowSec} s`,
        );
        log(
          `CPU: ${result.coresPerCamera} core/camera, ${result.coresTotal} cores total ` +
            `(host ${result.coresByKind.host}, workers ${result.coresByKind.workers}, ffmpeg ${result.coresByKind.ffmpeg}; ` +
            `${result.processes} processes); ${result.cpuMsPerFrame} CPU ms per delivered frame; ` +
            `loopback camera (not counted) ${result.loopbackCameraCores}`,
        );
        log(
          `delivered fps per camera: min ${result.fpsMin}, median ${result.fpsMedian}; ` +
            `starving (<80% of ${target}): ${result.starving.length}`,
        );
        log(
          `frames skipped on purpose ${result.skippedOnPurpose}, lost ${result.lost}, reconnects ${result.reconnects}`,
        );
        log(
          `latency (${result.latencyMeasured}): p50 ${result.latencyMsP50} ms, p95 ${result.latencyMsP95} ms (${result.latencySamples} samples)`,
        );
        log(
          `RSS ${result.rssMB} MB; provider ${result.providers.join(', ')}; decoder ${result.decoders.join(', ')}`,
        );
        log(
          `load average ${result.loadAverage.start.join(' ')} → ${result.loadAverage.end.join(' ')} (${result.cpuCores} cores)`,
        );
      }
      if (mode === 'on-demand') {
        const d = await onDemandStillCost(ffmpeg, path.join(dataDir, 'buffer', ids[0]));
        (result as Record<string, unknown>).onDemandStill = d ?? null;
        if (d)
          log(
            `one on-demand still (decoded from the ring buffer): ${d.width}x${d.height}, ${d.cpuMs} CPU ms, ${d.wallMs} ms; ` +
              `${d.segments} segments indexed, the newest ended ${d.newestEndAgoSec} s ago`,
          );
      }
    }
    if (v.json)
      process.stdout.write(`${JSON.stringify(phases.length === 1 ? phases[0] : { phases })}\n`);
    else if (phases.length > 1) {
      log('side by side (same run, same source):');
      for (const p of phases)
        log(
          `  stills ${String(p.stills).padEnd(10)} ${p.coresPerCamera} core/camera ` +
            `(ffmpeg ${(p.coresByKind as { ffmpeg: number }).ffmpeg}, workers ${(p.coresByKind as { workers: number }).workers}), ` +
            `${p.cpuMsPerFrame} CPU ms/frame, fps median ${p.fpsMedian}, load ${(p.loadAverage as { end: number[] }).end.join(' ')}`,
        );
      const [a, b] = phases.map((p) => p.coresPerCamera as number);
      log(`  on-demand / continuous CPU per camera: ${r3(b / a)}`);
    }
    return 0;
  } finally {
    for (const c of cleanups) await c();
  }
}

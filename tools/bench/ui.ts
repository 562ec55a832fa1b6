import { launchChromium } from '../browser/chromium';
import { mkdtempSync, rmSync } from 'node:fs';
import type { CameraConfigInput } from '../../electron/shared/config/camera';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { JpegSplitter } from '../../inference/worker/camera/jpeg-splitter';
import { demoTrafficGraph } from '../../inference/worker/camera/source-input';
import { ControlRoomHost } from '../../electron/host/control-room-host';
import { Logger } from '../../electron/host/logging/logger';
import { startHttpServer } from '../../electron/host/server/http-server';
import { forkWithChildProcess } from '../../electron/host/workers/node-forker';
import { resolveRendererDir, resolveWorkerEntry } from '../../electron/host/workers/worker-entry';
import { DEMO_LANE_RULES } from '../../electron/shared/config/demo-scene';

const usage = `watcher bench ui [--minutes 10] [--cameras 16] [--feed live|replay] [--source demo|<video file>] [--chromium /usr/bin/chromium] [--json]

A 4×4 wall of live tiles with overlays in headless Chromium against an in-process host:
delivered tile fps, frame-to-screen latency, long tasks and JS heap growth (from minute 2, or
from 20 % of a shorter run, to the end).

--feed live    (default) real cameras: one worker pipeline (ffmpeg + motion detector) per camera.
--feed replay  the host publishes pre-recorded frames of the demo scene with moving boxes at the
               preview rate, without ffmpeg: measures the UI alone when the machine cannot run
               16 live pipelines at full rate.`;

interface TileFigures {
  painted: number;
  latencySumMs: number;
  latencyMaxMs: number;
  overlaysDrawn: number;
  recentLatencyMs: number[];
}

interface Result {
  minutes: number;
  cameras: number;
  source: string;
  feed: string;
  tileFps: { min: number; median: number; mean: number; max: number };
  previewFpsConfigured: number;
  latencyMs: { mean: number; p95: number; max: number };
  overlayShare: number;
  longTasks: { count: number; over50ms: number; maxMs: number; totalMs: number };
  heapMB: { atWarmup: number; atEnd: number; growthPct: number };
  /** Live: the cameras' measured source fps; replay: frames the host actually published per camera per second. */
  hostFps: { min: number; mean: number };
}

const percentile = (xs: number[], p: number): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        minutes: { type: 'string', default: '10' },
        cameras: { type: 'string', default: '16' },
        source: { type: 'string', default: 'demo' },
        feed: { type: 'string', default: 'live' },
        chromium: { type: 'string', default: process.env.WATCHER_CHROMIUM ?? '/usr/bin/chromium' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`watcher bench ui: ${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const minutes = Number(values.minutes);
  const count = Number(values.cameras);
  if (
    !(minutes > 0) ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > 64 ||
    !['live', 'replay'].includes(values.feed)
  ) {
    process.stderr.write(
      `watcher bench ui: --minutes must be > 0, --cameras 1..64, --feed live|replay\n${usage}\n`,
    );
    return 2;
  }
  const rendererDir = resolveRendererDir();
  if (!rendererDir) {
    process.stderr.write('watcher bench ui: the UI is not built; run `npm run build` first\n');
    return 2;
  }
  const log = (msg: string) => !values.json && process.stdout.write(`${msg}\n`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-bench-ui-'));
  const source =
    values.source === 'demo'
      ? { kind: 'demo' }
      : { kind: 'file', path: path.resolve(values.source), loop: true };
  const previewFps = 10;
  const cameras = Array.from({ length: count }, (_, i) => ({
    id: `cam-${String(i + 1).padStart(2, '0')}`,
    name: `Cámara ${i + 1}`,
    source,
    preview: { fps: previewFps, width: 480 },
    // Replay: the host publishes the frames itself, so no worker pipeline runs.
    enabled: values.feed === 'live',
  }));
  const logger = new Logger({ dir: path.join(dataDir, 'logs'), level: 'error' });
  const host = new ControlRoomHost({
    dataDir,
    runtime: 'node',
    forker: forkWithChildProcess,
    workerEntry: resolveWorkerEntry(),
    logger,
  });
  // No store: the cameras live in the host's memory for the run.
  for (const c of cameras) host.cameras.upsert(c as CameraConfigInput);
  host.start();
  const token = randomBytes(16).toString('hex');
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    token,
    staticDir: rendererDir,
    controlRoom: host,
    logger,
  });
  // A zone and a counting line per camera, so every tile draws zone overlays besides the boxes.
  const ctx = host.newConnection('ws');
  for (const c of cameras) {
    await host.handle(
      {
        kind: 'request',
        id: 1,
        method: 'rules.save',
        params: {
          cameraId: c.id,
          data: DEMO_LANE_RULES,
        },
      },
      ctx,
    );
  }

  let stopReplay = () => {};
  const published = { n: 0 };
  if (values.feed === 'replay') {
    const frames = await recordDemoFrames(host.ffmpeg.path, 50);
    stopReplay = startReplay(
      host,
      cameras.map((c) => c.id),
      frames,
      previewFps,
      published,
    );
  }

  const browser = await launchChromium({
    executablePath: values.chromium,
    extraArgs: ['--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'es' });
    await page.addInitScript(() => {
      localStorage.setItem('watcher.wall.local', JSON.stringify({ layout: '4x4', order: [] }));
      const w = window as unknown as { benchLongTasks: number[] };
      w.benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.benchLongTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: Array<{ name: string; value: number }>;
      };
      return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
    };
    const snapshot = () =>
      page.evaluate(() => {
        const w = window as unknown as {
          watcherMetrics?: Record<string, TileFigures>;
          benchLongTasks: number[];
        };
        return {
          tiles: JSON.parse(JSON.stringify(w.watcherMetrics ?? {})) as Record<string, TileFigures>,
          longTasks: [...w.benchLongTasks],
        };
      });

    await page.goto(http.url);
    log(
      `bench ui: ${count} ${values.feed === 'replay' ? 'replayed demo' : values.source} cameras, 4×4 wall at 1920×1080, ${minutes} min`,
    );
    await page.waitForFunction(
      (n) =>
        Object.keys((window as unknown as { watcherMetrics?: object }).watcherMetrics ?? {})
          .length >= n,
      Math.min(count, 16),
      { timeout: 120_000 },
    );

    const totalMs = minutes * 60_000;
    const warmupMs = Math.min(120_000, totalMs * 0.2);
    const started = Date.now();
    await page.waitForTimeout(warmupMs);
    const heapWarm = await heapMB();
    const first = await snapshot();
    const publishedAtStart = published.n;
    const t0 = Date.now();
    const hostFps: number[] = [];
    while (Date.now() - started < totalMs) {
      await page.waitForTimeout(Math.min(30_000, totalMs - (Date.now() - started)));
      if (values.feed === 'live') for (const s of host.cameraStatuses()) hostFps.push(s.fps);

      log(
        `  ${round((Date.now() - started) / 60_000, 1)} min: heap ${round((await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) / 1e6)} MB`,
      );
    }
    const last = await snapshot();
    const heapEnd = await heapMB();
    const elapsedSec = (Date.now() - t0) / 1000;
    const publishedFps = (published.n - publishedAtStart) / elapsedSec / count;

    const fps = Object.keys(last.tiles).map(
      (id) => (last.tiles[id].painted - (first.tiles[id]?.painted ?? 0)) / elapsedSec,
    );
    const latencies = Object.values(last.tiles).flatMap((t) =>
      t.recentLatencyMs.filter((x) => typeof x === 'number'),
    );
    const sumLat = Object.keys(last.tiles).reduce(
      (s, id) => s + last.tiles[id].latencySumMs - (first.tiles[id]?.latencySumMs ?? 0),
      0,
    );
    const nPaint = Object.keys(last.tiles).reduce(
      (s, id) => s + last.tiles[id].painted - (first.tiles[id]?.painted ?? 0),
      0,
    );
    const nOverlay = Object.keys(last.tiles).reduce(
      (s, id) => s + last.tiles[id].overlaysDrawn - (first.tiles[id]?.overlaysDrawn ?? 0),
      0,
    );
    const longTasks = last.longTasks.slice(first.longTasks.length);
    const result: Result = {
      minutes,
      cameras: count,
      source: values.source,
      feed: values.feed,
      tileFps: {
        min: round(Math.min(...fps)),
        median: round(percentile(fps, 0.5)),
        mean: round(fps.reduce((a, b) => a + b, 0) / fps.length),
        max: round(Math.max(...fps)),
      },
      previewFpsConfigured: previewFps,
      latencyMs: {
        mean: round(nPaint ? sumLat / nPaint : 0, 0),
        p95: round(percentile(latencies, 0.95), 0),
        max: round(Math.max(0, ...Object.values(last.tiles).map((t) => t.latencyMaxMs)), 0),
      },
      overlayShare: round(nPaint ? nOverlay / nPaint : 0, 2),
      longTasks: {
        count: longTasks.length,
        over50ms: longTasks.filter((d) => d > 50).length,
        maxMs: round(Math.max(0, ...longTasks), 0),
        totalMs: round(
          longTasks.reduce((a, b) => a + b, 0),
          0,
        ),
      },
      heapMB: {
        atWarmup: round(heapWarm),
        atEnd: round(heapEnd),
        growthPct: round(heapWarm ? ((heapEnd - heapWarm) / heapWarm) * 100 : 0),
      },
      hostFps:
        values.feed === 'live'
          ? {
              min: round(hostFps.length ? Math.min(...hostFps) : 0),
              mean: round(hostFps.reduce((a, b) => a + b, 0) / Math.max(1, hostFps.length)),
            }
          : { min: round(publishedFps), mean: round(publishedFps) },
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      log(
        `delivered tile fps     min ${result.tileFps.min} · median ${result.tileFps.median} · mean ${result.tileFps.mean} · max ${result.tileFps.max} (preview configured ${previewFps} fps; ${values.feed === 'live' ? `host measured source fps min ${result.hostFps.min}, mean ${result.hostFps.mean}` : `host published ${result.hostFps.mean} fps per camera`})`,
      );
      log(
        `frame-to-screen        mean ${result.latencyMs.mean} ms · p95 ${result.latencyMs.p95} ms · max ${result.latencyMs.max} ms`,
      );
      log(`frames with overlay    ${Math.round(result.overlayShare * 100)} %`);
      log(
        `long tasks             ${result.longTasks.count} (over 50 ms: ${result.longTasks.over50ms}, longest ${result.longTasks.maxMs} ms, total ${result.longTasks.totalMs} ms)`,
      );
      log(
        `JS heap                ${result.heapMB.atWarmup} MB after warm-up → ${result.heapMB.atEnd} MB at end (${result.heapMB.growthPct >= 0 ? '+' : ''}${result.heapMB.growthPct} %)`,
      );
    }
    return 0;
  } finally {
    stopReplay();
    await browser.close();
    await http.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The first `n` frames of the demo scene at 480 px wide, as JPEGs (one ffmpeg run). */
function recordDemoFrames(ffmpegPath: string, n: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const frames: Buffer[] = [];
    const splitter = new JpegSplitter((jpeg) => frames.push(Buffer.from(jpeg)));
    const child = spawn(
      ffmpegPath,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        demoTrafficGraph(480, 270, 10),
        '-frames:v',
        String(n),
        '-f',
        'image2pipe',
        '-c:v',
        'mjpeg',
        '-q:v',
        '5',
        'pipe:1',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (c: Buffer) => splitter.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 && frames.length
        ? resolve(frames)
        : reject(new Error(`ffmpeg exited with ${code} after ${frames.length} frames`)),
    );
  });
}

/**
 * Publishes preview frames, detections (three boxes moving across) and a status per camera at
 * `fps`, as a worker would, with each camera's clock offset so tiles do not update in lockstep.
 */
function startReplay(
  host: ControlRoomHost,
  ids: string[],
  frames: Buffer[],
  fps: number,
  published: { n: number },
): () => void {
  const timers = ids.map((cameraId, ci) => {
    let frameId = 0;
    return setTimeout(
      () => {
        const interval = setInterval(() => {
          frameId++;
          const ts = Date.now();
          const jpeg = new Uint8Array(frames[frameId % frames.length]);
          host.publish('camera.preview', { cameraId, frameId, ts, width: 480, height: 270, jpeg });
          published.n++;
          const detections = [0, 1, 2].map((k) => {
            const x = ((frameId * (6 + k * 3) + k * 150) % 540) - 60;
            const y = 100 + k * 40;
            return {
              x1: x,
              y1: y,
              x2: x + 60,
              y2: y + 28,
              score: 0.9,
              classId: 2,
              label: 'car',
              trackId: k + 1,
              speedKmh: 40 + k * 15,
            };
          });
          host.publish('camera.detections', {
            cameraId,
            frameId,
            ts,
            width: 480,
            height: 270,
            detections,
          });
          if (frameId % fps === 0) {
            host.publish('camera.status', {
              cameraId,
              state: 'streaming',
              frames: frameId,
              fps,
              droppedByRate: 0,
              lost: 0,
              reconnects: 0,
              inferenceMs: 12,
              provider: 'replay',
            });
          }
        }, 1000 / fps);
        timers[ci] = interval;
      },
      (ci * 1000) / fps / ids.length,
    );
  });
  return () => timers.forEach((t) => clearInterval(t as ReturnType<typeof setInterval>));
}

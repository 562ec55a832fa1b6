import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { BURST_SECONDS } from '../../electron/host/server/rest/rate-limiter';
import { ControlRoomStore } from '../../electron/host/store/store';
import { generateInfractions, percentile } from '../synth/load-generator';

const DAY = 86_400_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const usage = `watcher bench api [--infractions 1000000] [--cameras 4] [--concurrency 16] [--seconds 20]
  [--rate 600] [--window 30] [--baseline-seconds 10] [--json]

Runs the real \`watcher serve\` (built bundle: run \`npx electron-vite build\` first) on a store of
--infractions synthetic infractions with --cameras demo cameras streaming, then measures:
  1. sustained GET /api/v1/infractions (status filter, paging by cursor) with --concurrency
     clients for --seconds, through a key with a very high rate: requests/s, latency, errors;
  2. the rate limiter: a key of --rate requests/min hammered with --concurrency clients for
     --window seconds: accepted vs allowed (rate x window / 60 + the bucket), 429s, Retry-After;
  3. the cameras' analysis fps (as their workers report it) before and during the load.`;

interface Sample {
  status: number;
  ms: number;
  retryAfter?: string;
  body?: string;
}

/** One HTTP GET on a keep-alive agent, its status, latency and (if asked) body. */
function get(
  agent: Agent,
  origin: URL,
  p: string,
  key: string,
  keepBody: boolean,
): Promise<Sample> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: origin.hostname,
        port: origin.port,
        path: p,
        agent,
        headers: { Authorization: `Bearer ${key}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (keepBody) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - t0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            body: keepBody ? Buffer.concat(chunks).toString('utf8') : undefined,
          }),
        );
        res.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end();
  });
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const load = () => os.loadavg().map(r2) as [number, number, number];

export async function run(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        infractions: { type: 'string', default: '1000000' },
        cameras: { type: 'string', default: '4' },
        concurrency: { type: 'string', default: '16' },
        seconds: { type: 'string', default: '20' },
        rate: { type: 'string', default: '600' },
        window: { type: 'string', default: '30' },
        'baseline-seconds': { type: 'string', default: '10' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const n = {
    infractions: Number(v.infractions),
    cameras: Number(v.cameras),
    concurrency: Number(v.concurrency),
    seconds: Number(v.seconds),
    rate: Number(v.rate),
    window: Number(v.window),
    baseline: Number(v['baseline-seconds']),
  };
  if (Object.values(n).some((x) => !(x > 0)) || n.cameras > 32 || n.concurrency > 512) {
    process.stderr.write(`all options must be positive (--cameras <= 32)\n${usage}\n`);
    return 2;
  }
  const cli = path.join(root, 'out', 'main', 'cli.js');
  if (!existsSync(cli)) {
    process.stderr.write('watcher bench api: build first (npx electron-vite build)\n');
    return 2;
  }
  const say = (line: string) => {
    if (!v.json) process.stdout.write(line + '\n');
  };

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-bench-api-'));
  let proc: ChildProcess | undefined;
  try {
    // 1. The store: N infractions over 60 days, the cameras, two keys, all through product code.
    say(`== store: ${n.infractions} infractions, ${n.cameras} demo cameras`);
    const t0 = performance.now();
    const store = ControlRoomStore.open({
      file: path.join(dataDir, 'watcher.db'),
      secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
      evidenceRoot: path.join(dataDir, 'evidence'),
    });
    const to = Date.now();
    let fastKey: string;
    let limitedKey: string;
    const cameraIds = Array.from({ length: n.cameras }, (_, i) => `cam-${i}`);
    try {
      generateInfractions(store.db, n.infractions, to - 60 * DAY, to);
      store.db.exec('ANALYZE');
      for (const id of cameraIds)
        store.cameras.save({ id, name: `Demo ${id}`, source: { kind: 'demo' } }, 'bench');
      fastKey = store.apiKeys.create(
        {
          name: 'bench: sustained',
          scopes: ['infractions:read', 'cameras:read'],
          ratePerMinute: 10_000_000,
        },
        'bench',
      ).key;
      limitedKey = store.apiKeys.create(
        { name: 'bench: limited', scopes: ['infractions:read'], ratePerMinute: n.rate },
        'bench',
      ).key;
    } finally {
      store.close();
    }
    const storeSeconds = (performance.now() - t0) / 1000;
    say(`   written in ${storeSeconds.toFixed(1)} s`);

    // 2. The real server from the built bundle, in its own process group.
    const token = randomBytes(16).toString('hex');
    proc = spawn(
      process.execPath,
      [
        path.join(root, 'bin', 'watcher.mjs'),
        'serve',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--log-level',
        'warn',
      ],
      {
        cwd: root,
        env: { ...process.env, WATCHER_TOKEN: token },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 120_000);
      proc!.stdout!.on('data', () => {
        const m = /(http:\/\/\S+)\?token=/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code}:\n${out}`));
      });
    });
    const origin = new URL(url);
    const agent = new Agent({ keepAlive: true, maxSockets: n.concurrency + 4 });
    const side = new Agent({ keepAlive: true, maxSockets: 2 });

    const cameraFps = async (): Promise<Record<string, number>> => {
      const r = await get(side, origin, '/api/v1/cameras', fastKey, true);
      const cams = JSON.parse(r.body ?? '[]') as Array<{
        id: string;
        status?: { state: string; fps: number };
      }>;
      return Object.fromEntries(
        cams.map((c) => [c.id, c.status?.state === 'streaming' ? c.status.fps : 0]),
      );
    };
    say('== waiting for the cameras to stream');
    const startWait = performance.now();
    for (;;) {
      const fps = await cameraFps();
      if (cameraIds.every((id) => (fps[id] ?? 0) > 0)) break;
      if (performance.now() - startWait > 180_000)
        throw new Error(`cameras did not start: ${JSON.stringify(fps)}\n${out}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    /** Samples the cameras' fps every second while `during` runs. */
    const sampleFps = async <T>(during: Promise<T>): Promise<{ result: T; fps: number[] }> => {
      const fps: number[] = [];
      let done = false;
      const sampler = (async () => {
        while (!done) {
          await new Promise((r) => setTimeout(r, 1000));
          if (done) break;
          const f = await cameraFps();
          fps.push(cameraIds.reduce((a, id) => a + (f[id] ?? 0), 0) / cameraIds.length);
        }
      })();
      const result = await during;
      done = true;
      await sampler;
      return { result, fps };
    };
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

    say(`== camera fps without REST load (${n.baseline} s)`);
    const idleLoad = load();
    const idle = await sampleFps(new Promise((r) => setTimeout(r, n.baseline * 1000)));

    // 3. Sustained GET /infractions: each client pages a filtered list by cursor, 5 pages deep.
    say(`== GET /api/v1/infractions: ${n.concurrency} clients for ${n.seconds} s`);
    const filters = [
      'status=pending',
      'status=pending&cameraId=cam-3',
      'type=speed,red-light',
      'status=validated&type=wrong-way',
    ];
    const sustained = async () => {
      const lat: number[] = [];
      const statuses: Record<string, number> = {};
      let items = 0;
      const end = performance.now() + n.seconds * 1000;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: n.concurrency }, async (_, c) => {
          let i = c;
          while (performance.now() < end) {
            const base = `/api/v1/infractions?${filters[i++ % filters.length]}&limit=50`;
            let cursor: string | undefined;
            for (let page = 0; page < 5 && performance.now() < end; page++) {
              const s = await get(
                agent,
                origin,
                base + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
                fastKey,
                true,
              );
              lat.push(s.ms);
              statuses[s.status] = (statuses[s.status] ?? 0) + 1;
              if (s.status !== 200) break;
              const body = JSON.parse(s.body!) as { items: unknown[]; nextCursor?: string };
              items += body.items.length;
              cursor = body.nextCursor;
              if (!cursor) break;
            }
          }
        }),
      );
      const elapsed = (performance.now() - t) / 1000;
      lat.sort((a, b) => a - b);
      const ok = statuses['200'] ?? 0;
      return {
        requests: lat.length,
        requestsPerSec: r2(lat.length / elapsed),
        itemsPerSec: Math.round(items / elapsed),
        latencyMs: {
          p50: r2(percentile(lat, 50)),
          p95: r2(percentile(lat, 95)),
          p99: r2(percentile(lat, 99)),
          max: r2(lat[lat.length - 1] ?? NaN),
        },
        errors: lat.length - ok,
        statuses,
      };
    };
    const loaded = await sampleFps(sustained());
    const loadedLoad = load();

    // 4. The rate limiter: one key of R/min hammered by C clients over W seconds.
    say(`== rate limiter: ${n.rate}/min key, ${n.concurrency} clients for ${n.window} s`);
    const limiter = async () => {
      let accepted = 0;
      let limited = 0;
      let other = 0;
      let withRetryAfter = 0;
      const retryAfter = new Set<string>();
      const t = performance.now();
      const end = t + n.window * 1000;
      let last = t;
      await Promise.all(
        Array.from({ length: n.concurrency }, async () => {
          while (performance.now() < end) {
            const s = await get(
              agent,
              origin,
              '/api/v1/infractions?status=pending&limit=1',
              limitedKey,
              false,
            );
            last = Math.max(last, performance.now());
            if (s.status === 200) accepted++;
            else if (s.status === 429) {
              limited++;
              if (s.retryAfter !== undefined && Number(s.retryAfter) >= 1) {
                withRetryAfter++;
                retryAfter.add(s.retryAfter);
              }
            } else other++;
          }
        }),
      );
      const windowSec = (last - t) / 1000;
      const bucket = Math.max(1, (n.rate * BURST_SECONDS) / 60);
      const allowed = (n.rate * windowSec) / 60 + bucket;
      const deviationPct = ((accepted - allowed) / allowed) * 100;
      return {
        ratePerMinute: n.rate,
        windowSec: r2(windowSec),
        bucket: r2(bucket),
        allowed: r2(allowed),
        accepted,
        deviationPct: r2(deviationPct),
        withinFivePct: Math.abs(deviationPct) <= 5,
        rejected429: limited,
        retryAfterPresent: withRetryAfter === limited,
        retryAfterValues: [...retryAfter].sort(),
        otherStatuses: other,
        attemptsPerSec: r2((accepted + limited + other) / windowSec),
      };
    };
    const limited = await sampleFps(limiter());
    const limitedLoad = load();

    const result = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?' },
      infractions: n.infractions,
      storeSeconds: r2(storeSeconds),
      cameras: n.cameras,
      concurrency: n.concurrency,
      sustained: { seconds: n.seconds, ...loaded.result },
      rateLimit: limited.result,
      cameraFps: {
        idle: r2(mean(idle.fps)),
        duringSustained: r2(mean(loaded.fps)),
        duringRateLimit: r2(mean(limited.fps)),
        sustainedVsIdlePct: r2((mean(loaded.fps) / mean(idle.fps)) * 100),
      },
      loadAverage: { idle: idleLoad, afterSustained: loadedLoad, afterRateLimit: limitedLoad },
    };
    agent.destroy();
    side.destroy();
    if (v.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      const s = result.sustained;
      const rl = result.rateLimit;
      say('');
      say(
        `api bench: ${result.infractions} infractions, ${result.cameras} demo cameras, ${result.machine.cpus} CPUs (${result.machine.model})`,
      );
      say(
        `  GET /infractions        ${s.requestsPerSec} req/s (${s.itemsPerSec} items/s), p50 ${s.latencyMs.p50} ms, p95 ${s.latencyMs.p95} ms, p99 ${s.latencyMs.p99} ms, max ${s.latencyMs.max} ms; ${s.requests} requests, ${s.errors} errors ${JSON.stringify(s.statuses)}`,
      );
      say(
        `  rate limiter            ${rl.accepted} accepted of ${rl.allowed} allowed (${rl.ratePerMinute}/min × ${rl.windowSec} s / 60 + bucket ${rl.bucket}): ${rl.deviationPct >= 0 ? '+' : ''}${rl.deviationPct}% (${rl.withinFivePct ? 'within' : 'OUTSIDE'} 5%); ${rl.rejected429} × 429, Retry-After ${rl.retryAfterPresent ? 'on every one' : 'MISSING on some'} (${rl.retryAfterValues.join(', ')} s); ${rl.otherStatuses} other; ${rl.attemptsPerSec} attempts/s`,
      );
      say(
        `  camera fps (mean/cam)   idle ${result.cameraFps.idle}, during GET load ${result.cameraFps.duringSustained} (${result.cameraFps.sustainedVsIdlePct}%), during rate-limit load ${result.cameraFps.duringRateLimit}`,
      );
      say(
        `  load average (1/5/15)   idle ${idleLoad.join(' ')}, after GET load ${loadedLoad.join(' ')}, after rate-limit load ${limitedLoad.join(' ')}`,
      );
    }
    return result.rateLimit.withinFivePct && result.rateLimit.retryAfterPresent ? 0 : 1;
  } finally {
    if (proc?.pid && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc!.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

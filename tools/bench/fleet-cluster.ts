import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import type { CameraConfigInput, CameraStatus } from '../../electron/shared/config/camera';
import type { RuleSetConfigInput } from '../../electron/shared/config/rules';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../electron/host/store/store';
import { STATE_CONFIG, toStoredConfig } from '../../electron/host/sync/sync-config';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Light synthetic cameras: the built-in demo scene, analysed and previewed at a low rate. */
export function fleetDemoCameras(n: number): CameraConfigInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `fleet-${String(i + 1).padStart(2, '0')}`,
    name: `Fleet ${i + 1}`,
    source: { kind: 'demo', pattern: 'traffic' },
    analysis: { fps: 3, width: 320, height: 320 },
    preview: { width: 160, fps: 1, quality: 20 },
    stills: { maxWidth: 320, quality: 20 },
    buffer: { seconds: 4 },
  }));
}

/** Wrong way across a vertical line in the demo scene: the blue car yields one infraction a loop. */
export const WRONG_WAY_RULES: RuleSetConfigInput = {
  version: 1,
  imageSize: { width: 640, height: 360 },
  lines: [{ id: 'mid', name: 'Middle', a: [320, 0], b: [320, 360] }],
  rules: [
    {
      id: 'wrong-way',
      type: 'line-crossing',
      lineId: 'mid',
      allowedDirection: 'left-to-right',
      cooldownSec: 0,
    },
  ],
};

interface Reply {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
  error?: { code: string; message: string };
}

/** One API WebSocket of a node: calls by id, and every event it may receive. */
export class NodeApi {
  private nextId = 0;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  session: string | undefined;
  private constructor(
    private readonly ws: WebSocket,
    onEvent: (topic: string, payload: unknown) => void,
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(data.toString()) as {
        kind: string;
        id: number;
        topic: string;
        payload: unknown;
      } & Reply;
      if (m.kind === 'event') onEvent(m.topic, m.payload);
      if (m.kind !== 'response') return;
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
    ws.on('close', () => {
      for (const w of this.waiting.values())
        w({ ok: false, error: { code: 'closed', message: '' } });
      this.waiting.clear();
    });
  }

  static async open(
    origin: string,
    token: string,
    onEvent: (topic: string, payload: unknown) => void = () => {},
  ): Promise<NodeApi> {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new NodeApi(ws, onEvent);
  }

  call(method: string, params: unknown = {}, timeoutMs = 10_000): Promise<Reply> {
    if (this.ws.readyState !== WebSocket.OPEN)
      return Promise.resolve({ ok: false, error: { code: 'closed', message: '' } });
    const id = ++this.nextId;
    return new Promise<Reply>((resolve) => {
      const t = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ ok: false, error: { code: 'timeout', message: '' } });
      }, timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(t);
        resolve(r);
      });
      this.ws.send(
        JSON.stringify({
          kind: 'request',
          id,
          method,
          params,
          ...(this.session ? { session: this.session } : {}),
        }),
      );
    });
  }

  close(): void {
    this.ws.close();
  }
}

export interface FleetNodeProcess {
  index: number;
  dataDir: string;
  hostId: string;
  token: string;
  origin: string;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export interface FleetClusterOptions {
  pgUrl: string;
  nodes: number;
  cameras: CameraConfigInput[];
  leaseSeconds: number;
  /** Cameras (by id) given the wrong-way rule set, so they raise infractions. */
  rulesOn?: string[];
  maxCameras?: number;
}

/**
 * Real `watcher serve --role node` processes (built bundle) on loopback, each with its own data
 * dir seeded with the same cameras and the same shared PostgreSQL, each in its own process group
 * so a SIGKILL takes its workers and ffmpeg children with it, as a machine loss would.
 */
export class FleetCluster {
  readonly nodes: (FleetNodeProcess | undefined)[] = [];
  readonly dataDirs: string[] = [];
  readonly hostIds: string[] = [];
  private readonly root = mkdtempSync(path.join(tmpdir(), 'watcher-fleet-'));

  constructor(readonly opts: FleetClusterOptions) {
    for (let i = 0; i < opts.nodes; i++) {
      const dir = path.join(this.root, `node-${i + 1}`);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.dataDirs.push(dir);
      this.hostIds.push(this.seed(dir));
    }
  }

  private seed(dataDir: string): string {
    const secretBox = KeyFileSecretBox.open(path.join(dataDir, 'secret.key'));
    const store = ControlRoomStore.open({
      file: path.join(dataDir, 'watcher.db'),
      secretBox,
      evidenceRoot: path.join(dataDir, 'evidence'),
    });
    try {
      for (const c of this.opts.cameras) store.cameras.save(c, 'setup');
      for (const id of this.opts.rulesOn ?? [])
        store.config.addRuleSet(id, WRONG_WAY_RULES, 'setup');
      const stored = toStoredConfig(
        { connectionString: this.opts.pgUrl, tls: false, enabled: true },
        (s) => secretBox.encrypt(s),
      );
      store.setState(STATE_CONFIG, JSON.stringify(stored));
      return store.hostId;
    } finally {
      store.close();
    }
  }

  async start(index: number, timeoutMs = 60_000): Promise<FleetNodeProcess> {
    const token = randomBytes(16).toString('hex');
    const proc = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin', 'watcher.mjs'),
        'serve',
        '--port',
        '0',
        '--data-dir',
        this.dataDirs[index]!,
        '--token',
        token,
        '--role',
        'node',
        '--lease-seconds',
        String(this.opts.leaseSeconds),
        ...(this.opts.maxCameras ? ['--max-cameras', String(this.opts.maxCameras)] : []),
        '--log-level',
        'warn',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
    const deadline = Date.now() + timeoutMs;
    let origin: string | undefined;
    while (!origin) {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=/.exec(out);
      if (m) origin = m[1];
      else if (proc.exitCode !== null || Date.now() > deadline) {
        this.signal(proc, 'SIGKILL');
        throw new Error(`node ${index + 1} did not start:\n${out}`);
      } else await new Promise((r) => setTimeout(r, 50));
    }
    const node: FleetNodeProcess = {
      index,
      dataDir: this.dataDirs[index]!,
      hostId: this.hostIds[index]!,
      token,
      origin,
      proc,
      output: () => out,
      exited,
    };
    this.nodes[index] = node;
    return node;
  }

  private signal(proc: ChildProcess, sig: NodeJS.Signals): void {
    try {
      if (proc.pid) process.kill(-proc.pid, sig);
    } catch {
      // Already gone.
    }
  }

  /** A machine loss: the node, its workers and their ffmpeg children die at once. */
  async kill(index: number): Promise<void> {
    const n = this.nodes[index];
    if (!n) return;
    this.signal(n.proc, 'SIGKILL');
    await n.exited;
    this.nodes[index] = undefined;
  }

  /**
   * A stalled host (SIGSTOP, a long GC pause, a frozen VM): the host process alone stops, its
   * workers keep analysing and queue what they raise until it resumes.
   */
  pause(index: number): void {
    const pid = this.nodes[index]?.proc.pid;
    if (pid) process.kill(pid, 'SIGSTOP');
  }

  resume(index: number): void {
    const pid = this.nodes[index]?.proc.pid;
    if (pid) process.kill(pid, 'SIGCONT');
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (n, i) => {
        if (!n) return;
        this.signal(n.proc, 'SIGCONT');
        this.signal(n.proc, 'SIGTERM');
        const t = setTimeout(() => this.signal(n.proc, 'SIGKILL'), 10_000);
        await n.exited;
        clearTimeout(t);
        this.nodes[i] = undefined;
      }),
    );
  }

  dispose(): void {
    for (const n of this.nodes) if (n) this.signal(n.proc, 'SIGKILL');
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Cameras each node reports as streaming, by node index (absent when it did not answer). */
export async function streamingByNode(apis: (NodeApi | undefined)[]): Promise<Set<string>[]> {
  return Promise.all(
    apis.map(async (api) => {
      if (!api) return new Set<string>();
      const r = await api.call('cameras.statuses', {}, 5000);
      if (!r.ok) return new Set<string>();
      return new Set(
        (r.result as CameraStatus[]).filter((s) => s.state === 'streaming').map((s) => s.cameraId),
      );
    }),
  );
}

export async function leaseRows(
  url: string,
): Promise<Array<{ camera_id: string; node_id: string | null; valid: boolean; epoch: string }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (
      await c.query(
        `SELECT camera_id, node_id, (expires_at > now()) AS valid, epoch::text
         FROM watcher.camera_leases ORDER BY camera_id`,
      )
    ).rows;
  } catch {
    return [];
  } finally {
    await c.end();
  }
}

/** Cameras streaming on more than one node in one sample. */
export function doubles(sample: Set<string>[]): string[] {
  const seen = new Map<string, number>();
  for (const s of sample) for (const id of s) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

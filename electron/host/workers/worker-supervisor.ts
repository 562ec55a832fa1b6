import { CodedError } from '../../shared/coded-error';
import type { WorkerStateInfo } from '../../shared/api/methods/system';
import { describeZodError } from '../../shared/api/envelope';
import { randomUUID } from 'node:crypto';
import {
  workerToHostSchema,
  type ExternalSignalState,
  type HostToWorker,
  type InferenceSettings,
  type SceneTestRequest,
  type SceneTestResult,
  type WorkerCamera,
  type WorkerToHost,
} from '../../shared/protocol/worker-protocol';
import type { Logger } from '../logging/logger';
import { ManagedChild } from './managed-child';
import { PendingReplies } from './pending-replies';
import type { WorkerForker } from './worker-process';

export interface SupervisorOptions {
  forker: WorkerForker;
  /** Path of the worker entry (built `worker.js`, or the `.ts` source under tsx). */
  entry: string;
  logger: Logger;
  init: {
    dataDir: string;
    ffmpegPath: string;
    ffprobePath?: string;
    modelsDir: string;
    inference: InferenceSettings;
  };
  onMessage: (workerId: string, message: WorkerToHost) => void;
  onState: (state: WorkerStateInfo) => void;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  /** Silent this long (no pong), a worker is reported `unresponsive`; default two intervals. */
  unresponsiveAfterMs?: number;
  /**
   * Reconfigurations closer together than this are coalesced: the latest assignment is applied
   * once at the end of the window, so rapid saves restart a camera at most once per window.
   */
  reassignWindowMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** A worker alive this long is healthy again: its backoff resets. */
  healthyAfterMs?: number;
}

/**
 * The one state per signal kept for a restarted worker: the same phase heard again goes on from
 * its start; a different phase replaces it unless it is older (out of order), which only
 * refreshes when the controller was last heard.
 */
export function latestSignalState(
  cur: ExternalSignalState | undefined,
  s: ExternalSignalState,
): ExternalSignalState {
  if (!cur) return s;
  if (cur.state === s.state) return { ...s, atMs: Math.min(cur.atMs, s.atMs) };
  if (s.atMs >= cur.atMs) return s;
  return { ...cur, heardAtMs: Math.max(cur.heardAtMs, s.heardAtMs), ttlMs: s.ttlMs };
}

interface Slot {
  id: string;
  cameras: WorkerCamera[];
  proc?: ManagedChild;
  state: WorkerStateInfo['state'];
  restarts: number;
  consecutiveFailures: number;
  startedAt: number;
  lastHeartbeatAt?: number;
  rssBytes?: number;
  childPids: number[];
  heartbeat?: ReturnType<typeof setInterval>;
  restartTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Starts inference workers, restarts them with exponential backoff and jitter when they die or
 * stop answering heartbeats, and shuts them down leaving no worker or ffmpeg process behind.
 */
export class WorkerSupervisor {
  private readonly slots = new Map<string, Slot>();
  private readonly pendingTests = new PendingReplies<SceneTestResult>();
  private closed = false;
  private lastAppliedAt = -Infinity;
  private pendingAssignment?: Map<string, WorkerCamera[]>;
  private assignTimer?: ReturnType<typeof setTimeout>;
  /** Cameras whose clips are stopped (evidence budget full of protected evidence). */
  private readonly clipsStopped = new Set<string>();

  /** The latest controller state of each external signal, by camera then signal id. */
  private readonly signalStates = new Map<string, Map<string, ExternalSignalState>>();

  constructor(private readonly opts: SupervisorOptions) {}

  /**
   * A controller's phase for a camera's external signal: kept (the latest per signal, so a
   * restarted or reassigned worker gets it again) and sent to the running worker that owns the
   * camera. False when no running worker has the camera: the state is then not kept.
   */
  setExternalSignal(s: ExternalSignalState): boolean {
    const slot = [...this.slots.values()].find(
      (x) => x.proc && x.state === 'running' && x.cameras.some((c) => c.id === s.cameraId),
    );
    if (!slot) return false;
    let byId = this.signalStates.get(s.cameraId);
    if (!byId) this.signalStates.set(s.cameraId, (byId = new Map()));
    byId.set(s.signalId, latestSignalState(byId.get(s.signalId), s));
    this.send(slot, { type: 'signal-state', ...s });
    return true;
  }

  private sendSignalStates(slot: Slot): void {
    const now = Date.now();
    for (const c of slot.cameras) {
      const byId = this.signalStates.get(c.id);
      if (!byId) continue;
      for (const [id, s] of byId) {
        if (now > s.heardAtMs + s.ttlMs) byId.delete(id);
        else this.send(slot, { type: 'signal-state', ...s });
      }
      if (byId.size === 0) this.signalStates.delete(c.id);
    }
  }

  /**
   * Turns a camera's clips on or off in whichever worker runs it, now and after any restart or
   * reassignment (stills and sealing go on either way).
   */
  setClipsEnabled(cameraId: string, enabled: boolean): void {
    if (enabled === !this.clipsStopped.has(cameraId)) return;
    if (enabled) this.clipsStopped.delete(cameraId);
    else this.clipsStopped.add(cameraId);
    for (const slot of this.slots.values())
      if (slot.cameras.some((c) => c.id === cameraId))
        this.send(slot, { type: 'evidence-clips', cameraId, enabled });
  }

  private sendClipPolicy(slot: Slot): void {
    for (const c of slot.cameras)
      if (this.clipsStopped.has(c.id))
        this.send(slot, { type: 'evidence-clips', cameraId: c.id, enabled: false });
  }

  /**
   * Desired state: which worker owns which cameras. Starts, updates and stops workers to match;
   * a change right after another waits for the end of the reassign window, and only the latest
   * of the changes made meanwhile is applied.
   */
  assign(assignment: Map<string, WorkerCamera[]>): void {
    if (this.closed) return;
    const window = this.opts.reassignWindowMs ?? 1000;
    const wait = this.lastAppliedAt + window - Date.now();
    if (wait <= 0 && !this.assignTimer) {
      this.apply(assignment);
      return;
    }
    this.pendingAssignment = assignment;
    this.assignTimer ??= setTimeout(
      () => {
        this.assignTimer = undefined;
        const next = this.pendingAssignment;
        this.pendingAssignment = undefined;
        if (next && !this.closed) this.apply(next);
      },
      Math.max(0, wait),
    );
  }

  private apply(assignment: Map<string, WorkerCamera[]>): void {
    this.lastAppliedAt = Date.now();
    const assigned = new Set([...assignment.values()].flat().map((c) => c.id));
    for (const id of this.signalStates.keys()) if (!assigned.has(id)) this.signalStates.delete(id);
    for (const [id, slot] of this.slots) {
      if (assignment.has(id)) continue;
      // Forget it at once, so a worker of the same id assigned right after starts fresh
      // instead of being handed to the one that is shutting down.
      this.slots.delete(id);
      void this.stopSlot(slot);
    }
    for (const [id, cameras] of assignment) {
      const slot = this.slots.get(id);
      if (slot) {
        slot.cameras = cameras;
        this.send(slot, { type: 'set-cameras', cameras });
        this.sendClipPolicy(slot);
        this.sendSignalStates(slot);
      } else {
        const fresh: Slot = {
          id,
          cameras,
          state: 'starting',
          restarts: 0,
          consecutiveFailures: 0,
          startedAt: 0,
          childPids: [],
        };
        this.slots.set(id, fresh);
        this.spawn(fresh);
      }
    }
  }

  /**
   * Test mode: asks the worker that owns the camera to replay its recent detections with draft
   * settings. Rejects with a CodedError when no running worker has the camera, when the
   * worker does not answer in time, or when it dies first.
   */
  testScene(
    req: Omit<SceneTestRequest, 'requestId'>,
    timeoutMs = 15_000,
  ): Promise<SceneTestResult> {
    const slot = [...this.slots.values()].find((s) =>
      s.cameras.some((c) => c.id === req.cameraId && c.enabled),
    );
    if (!slot?.proc || slot.state !== 'running')
      return Promise.reject(
        new CodedError('ui.rules.test.notRunning', `no running worker has camera ${req.cameraId}`),
      );
    const requestId = randomUUID();
    const reply = this.pendingTests.expect(
      requestId,
      slot.id,
      timeoutMs,
      () =>
        new CodedError(
          'ui.rules.test.timeout',
          `worker ${slot.id} did not answer within ${timeoutMs} ms`,
        ),
    );
    this.send(slot, { type: 'test-scene', requestId, ...req });
    return reply;
  }

  /**
   * Sends a request about a camera to the running worker that has it (only that one can answer);
   * returns that worker's id, or undefined when no running worker has the camera.
   */
  sendToCameraWorker(message: HostToWorker, cameraId: string): string | undefined {
    const slot = [...this.slots.values()].find(
      (s) => s.proc && s.state === 'running' && s.cameras.some((c) => c.id === cameraId),
    );
    if (!slot) return undefined;
    this.send(slot, message);
    return slot.id;
  }

  /**
   * Sends a request to a running worker: the one that has `cameraId` when it runs, else any
   * running one. Returns that worker's id (its reply comes through `onMessage`), or undefined when
   * no worker is running.
   */
  sendToRunning(message: HostToWorker, cameraId?: string): string | undefined {
    const running = [...this.slots.values()].filter((s) => s.proc && s.state === 'running');
    const slot =
      running.find((s) => cameraId !== undefined && s.cameras.some((c) => c.id === cameraId)) ??
      running[0];
    if (!slot) return undefined;
    this.send(slot, message);
    return slot.id;
  }

  /**
   * New inference settings (Settings → System): every worker is stopped cleanly (evidence in
   * progress finishes) and started again with them; this is not a crash, so no backoff or
   * restart count.
   */
  async restartAll(inference: InferenceSettings): Promise<void> {
    this.opts.init.inference = inference;
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        clearTimeout(slot.restartTimer);
        await this.stopSlot(slot);
        if (this.closed || this.slots.get(slot.id) !== slot) return;
        if (slot.proc) {
          // Killed but its exit not reported yet: forget it (its late exit is ignored).
          this.reapChildren(slot);
          slot.proc = undefined;
        }
        this.spawn(slot);
      }),
    );
  }

  states(): WorkerStateInfo[] {
    return [...this.slots.values()].map((s) => this.info(s));
  }

  /** Kills a worker as a crash would (used by tests and by the heartbeat watchdog). */
  killWorker(id: string, signal: NodeJS.Signals = 'SIGKILL'): boolean {
    const slot = this.slots.get(id);
    if (!slot?.proc) return false;
    slot.proc.kill(signal);
    return true;
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.assignTimer);
    this.assignTimer = undefined;
    this.pendingAssignment = undefined;
    await Promise.all([...this.slots.values()].map((s) => this.stopSlot(s)));
    this.slots.clear();
  }

  private info(s: Slot): WorkerStateInfo {
    return {
      workerId: s.id,
      state: s.state,
      pid: s.proc?.pid,
      restarts: s.restarts,
      cameras: s.cameras.map((c) => c.id),
      lastHeartbeatAt: s.lastHeartbeatAt,
      rssBytes: s.rssBytes,
    };
  }

  private setState(s: Slot, state: WorkerStateInfo['state']): void {
    s.state = state;
    this.opts.onState(this.info(s));
  }

  private spawn(slot: Slot): void {
    const { logger } = this.opts;
    slot.startedAt = Date.now();
    slot.lastHeartbeatAt = Date.now();
    let proc: ManagedChild;
    try {
      proc = ManagedChild.fork({
        forker: this.opts.forker,
        entry: this.opts.entry,
        name: slot.id,
        shutdownMessage: { type: 'shutdown' } satisfies HostToWorker,
        // Longer than the worker's own wait for evidence in progress (8 s), so it is not cut off.
        killAfterMs: 12_000,
        onMessage: (raw) => this.receive(slot, proc, raw),
        onExit: (code, signal, requested) => {
          if (slot.proc !== proc) return;
          clearInterval(slot.heartbeat);
          this.reapChildren(slot);
          slot.proc = undefined;
          this.failPendingTests(slot.id);
          if (requested || this.closed) {
            this.setState(slot, 'stopped');
            return;
          }
          logger.warn('worker exited unexpectedly', { workerId: slot.id, code, signal });
          this.scheduleRestart(slot);
        },
      });
    } catch (err) {
      logger.error('worker failed to start', { workerId: slot.id, error: String(err) });
      this.scheduleRestart(slot);
      return;
    }
    slot.proc = proc;
    this.setState(slot, 'starting');
    this.send(slot, { type: 'init', workerId: slot.id, ...this.opts.init });
    this.send(slot, { type: 'set-cameras', cameras: slot.cameras });
    this.sendClipPolicy(slot);
    this.sendSignalStates(slot);
    const interval = this.opts.heartbeatIntervalMs ?? 2000;
    const timeout = this.opts.heartbeatTimeoutMs ?? 10_000;
    const unresponsiveAfter = Math.min(timeout, this.opts.unresponsiveAfterMs ?? 2 * interval);
    slot.heartbeat = setInterval(() => {
      const silentMs = Date.now() - (slot.lastHeartbeatAt ?? 0);
      if (silentMs > timeout) {
        logger.warn('worker missed heartbeats, killing it', { workerId: slot.id });
        proc.kill('SIGKILL');
        return;
      }
      if (silentMs > unresponsiveAfter && slot.state === 'running') {
        logger.warn('worker is not answering heartbeats', { workerId: slot.id, silentMs });
        this.setState(slot, 'unresponsive');
      }
      this.send(slot, { type: 'ping', t: Date.now() });
    }, interval);
  }

  private receive(slot: Slot, proc: ManagedChild, raw: unknown): void {
    if (slot.proc !== proc) return;
    const parsed = workerToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.opts.logger.warn('invalid message from worker dropped', {
        workerId: slot.id,
        error: describeZodError(parsed.error),
      });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'scene-test-result') {
      this.pendingTests.settle(slot.id, msg.result.requestId, msg.result);
      return;
    }
    if (msg.type === 'ready') {
      this.setState(slot, 'running');
    } else if (msg.type === 'pong') {
      slot.lastHeartbeatAt = Date.now();
      if (slot.state === 'unresponsive') this.setState(slot, 'running');
      slot.rssBytes = msg.rssBytes;
      slot.childPids = msg.childPids;
      if (
        slot.consecutiveFailures &&
        Date.now() - slot.startedAt > (this.opts.healthyAfterMs ?? 30_000)
      ) {
        slot.consecutiveFailures = 0;
      }
    }
    this.opts.onMessage(slot.id, msg);
  }

  private scheduleRestart(slot: Slot): void {
    if (this.closed) return;
    slot.restarts++;
    const initial = this.opts.backoffInitialMs ?? 500;
    const max = this.opts.backoffMaxMs ?? 30_000;
    const base = Math.min(max, initial * 2 ** slot.consecutiveFailures);
    slot.consecutiveFailures++;
    // Jitter spreads restarts so many crashed workers do not all hammer cameras at once.
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.setState(slot, 'restarting');
    this.opts.logger.info('restarting worker', {
      workerId: slot.id,
      inMs: delay,
      restarts: slot.restarts,
    });
    slot.restartTimer = setTimeout(() => this.spawn(slot), delay);
  }

  private failPendingTests(slotId: string): void {
    this.pendingTests.failPeer(
      slotId,
      () => new CodedError('ui.rules.test.workerGone', `worker ${slotId} exited`),
    );
  }

  private send(slot: Slot, message: HostToWorker): void {
    slot.proc?.send(message);
  }

  /** A worker killed with SIGKILL cannot stop its ffmpeg children: the host does. */
  private reapChildren(slot: Slot): void {
    for (const pid of slot.childPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: the usual case, since ffmpeg exits when its pipe closes.
      }
    }
    slot.childPids = [];
  }

  private async stopSlot(slot: Slot): Promise<void> {
    clearTimeout(slot.restartTimer);
    clearInterval(slot.heartbeat);
    const proc = slot.proc;
    if (!proc) {
      this.setState(slot, 'stopped');
      return;
    }
    await proc.stop();
  }
}
